// The witness's own HTTP face: GET /cosignature (the latest head it cosigned, with the cosignature)
// and GET /status (its key, fingerprint, the log key it trusts, and why it refused what it refused).
import { createServer, type Server } from 'node:http';
import { keyFingerprint } from '../core/ledger/signing.ts';
import type { Witness } from './witness.ts';

export function witnessServer(w: Witness): Server {
  return createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(`${JSON.stringify(body, null, 2)}\n`);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, { error: 'only GET' });
    if (path === '/cosignature') {
      const last = w.state.last;
      if (!last) return send(404, { error: 'nothing cosigned yet' });
      return send(200, { head: last.head, cosignature: last.cosignature });
    }
    if (path === '/' || path === '/status') {
      return send(200, {
        witness_key: w.opts.publicKeyBase64,
        fingerprint: keyFingerprint(w.opts.publicKeyBase64),
        log: w.opts.url,
        log_key: w.opts.logKey ?? w.state.log_key ?? null,
        last_cosigned: w.state.last ? { size: w.state.last.head.size, root_hash: w.state.last.head.root_hash, cosigned_at: w.state.last.cosignature.cosigned_at } : null,
        refusals: w.state.refusals,
      });
    }
    send(404, { error: 'GET /cosignature or /status' });
  });
}
