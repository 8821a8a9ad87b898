// Closing the server must not wait on a connection that will never finish. Node counts a connection
// that has sent nothing yet as busy (so that its header timeout guards against a client that connects
// and stays silent), and server.close() stops that timeout: a browser's speculative preconnect held
// `app.close()` open forever (a CI run on 2026-12-02 hung on one in a browser test; in production it
// would be a SIGTERM that never finishes). So, when the app closes: connections that never carried a
// request are dropped at once, as are any that open during the close; the rest finish the request they
// are serving and are ended, or are cut after `graceMs`.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How long requests in progress may take to finish once the app closes. */
export const SHUTDOWN_GRACE_MS = 10_000;

export function closeStalledConnections(app: FastifyInstance, graceMs = SHUTDOWN_GRACE_MS): void {
  // Connections that have not carried a request yet.
  const silent = new Set<Socket>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    silent.add(socket);
    socket.once('close', () => silent.delete(socket));
  });
  app.server.on('request', (req, res) => {
    silent.delete(req.socket);
    // A keep-alive connection whose request ends during the close is ended after the answer is out,
    // not left open until the grace period cuts it.
    res.once('finish', () => closing && req.socket.end());
  });
  app.addHook('preClose', (done) => {
    closing = true;
    for (const socket of silent) socket.destroy();
    // Idle keep-alive connections are Node's to close (server.close does); a request still in progress
    // gets the grace period.
    const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
    cut.unref();
    app.server.once('close', () => clearTimeout(cut));
    done();
  });
}
