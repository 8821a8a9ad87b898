// The stand-alone verifier every instance serves at /kenes-verify.mjs (docs/adr/0304): the committed
// build in dist/, read once. Its SHA-256 is shown on the verify page and listed in docs/releases.md,
// so a reader can compare the file they got from this server with the one the repository publishes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const VERIFIER_PATH = '/kenes-verify.mjs';

let cached: { bytes: Buffer; sha256: string } | null | undefined;

export function verifierFile(): { bytes: Buffer; sha256: string } | null {
  if (cached === undefined) {
    try {
      const bytes = readFileSync(new URL('../../../dist/kenes-verify.mjs', import.meta.url));
      cached = { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    } catch {
      cached = null;
    }
  }
  return cached;
}
