// A real SMTP server on loopback (the `smtp-server` package) as the test peer of the e-mail channel:
// every message that arrives is parsed with `mailparser`. It can be stopped and started again on the
// same port (an SMTP server that is down for a while), and can refuse messages.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  parsed: ParsedMail;
  raw: string;
  to: string[];
}

/** A header as it arrived (unfolded), not mailparser's reading of it. */
export function header(m: Received, name: string): string {
  const h = m.parsed.headerLines.find((l) => l.key === name.toLowerCase());
  return h ? h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

export interface SmtpPeer {
  url: string;
  port: number;
  received: Received[];
  /** Resolves once `n` messages have arrived (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>;
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
  /** While true, every message is refused with 451. */
  refuse: boolean;
  /** Milliseconds before answering each message (a slow server). */
  delayMs: number;
}

export async function smtpPeer(port = 0): Promise<SmtpPeer> {
  const received: Received[] = [];
  let server: SMTPServer | null = null;
  let actualPort = port;
  const waiters: { n: number; resolve: () => void }[] = [];
  const peer: SmtpPeer = {
    url: '',
    port: 0,
    received,
    refuse: false,
    delayMs: 0,
    waitFor(n, ms = 20_000) {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} messages arrived in ${ms} ms`)), ms);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        // Stopping drops idle pooled connections at once (an SMTP server that goes down).
        closeTimeout: 50,
        size: 10 * 1024 * 1024,
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', async () => {
            if (peer.delayMs) await new Promise((r) => setTimeout(r, peer.delayMs));
            if (peer.refuse) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = await simpleParser(raw);
            received.push({ parsed, raw, to: session.envelope.rcptTo.map((r) => r.address) });
            for (const w of [...waiters]) {
              if (received.length < w.n) continue;
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
            cb();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(actualPort, '127.0.0.1', () => resolve());
      });
      // A client that dies (a SIGKILLed sender) resets its connection: that is the test, not an error.
      server!.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
      });
      actualPort = (server!.server.address() as AddressInfo).port;
      peer.port = actualPort;
      peer.url = `smtp://127.0.0.1:${actualPort}`;
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await peer.start();
  return peer;
}

export interface HookHit {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP receiver for webhooks on loopback; `status` is what it answers. */
export async function hookReceiver(): Promise<{ url: string; hits: HookHit[]; status: number; close(): Promise<void> }> {
  const hits: HookHit[] = [];
  const r = {
    url: '',
    hits,
    status: 200,
    close: async () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = r.status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}
