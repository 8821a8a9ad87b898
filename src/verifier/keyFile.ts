// A public key named on the command line: base64 SPKI DER, PEM text, or a file holding either.
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parsePublicKey } from '../core/ledger/signing.ts';

export function readPublicKey(spec: string): KeyObject {
  let text = spec.trim();
  if (!/^[A-Za-z0-9+/=]+$/.test(text) && !text.startsWith('-----')) {
    try {
      text = readFileSync(text, 'utf8').trim();
    } catch {
      throw new Error(`--key: "${spec}" is neither a base64 public key nor a readable file`);
    }
  }
  return parsePublicKey(text);
}
