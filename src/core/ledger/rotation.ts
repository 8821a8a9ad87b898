// Key rotation (docs/adr/0303): the old platform key hands over to a new one in a ledger entry of
// kind `ledger.key_rotated`. Its payload is a statement signed by BOTH keys — the old one says "this
// is my successor", the new one says "I accept" — so a verifier that pinned the old key can follow
// the chain to heads signed by the new key, and nobody can name a successor without the old key.
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../merkle/index.ts';
import { LOG_ID } from './signing.ts';

export const ROTATION_KIND = 'ledger.key_rotated';
export const ROTATION_TYPE = 'kenes-key-rotation-v1';

export interface RotationStatement {
  type: typeof ROTATION_TYPE;
  log: string;
  old_public_key: string;
  new_public_key: string;
  rotated_at: string;
}

export interface RotationPayload extends RotationStatement {
  old_signature: string;
  new_signature: string;
}

export function rotationMessage(s: RotationStatement): Buffer {
  return Buffer.from(canonicalJson({ log: s.log, new_public_key: s.new_public_key, old_public_key: s.old_public_key, rotated_at: s.rotated_at, type: s.type }));
}

export function signRotation(oldKey: { privateKey: KeyObject; publicKeyBase64: string }, newKey: { privateKey: KeyObject; publicKeyBase64: string }, rotatedAt = new Date().toISOString()): RotationPayload {
  const s: RotationStatement = { type: ROTATION_TYPE, log: LOG_ID, old_public_key: oldKey.publicKeyBase64, new_public_key: newKey.publicKeyBase64, rotated_at: rotatedAt };
  const m = rotationMessage(s);
  return { ...s, old_signature: sign(null, m, oldKey.privateKey).toString('base64'), new_signature: sign(null, m, newKey.privateKey).toString('base64') };
}

function keyOf(b64: string): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export function rotationValid(p: RotationPayload): boolean {
  if (p?.type !== ROTATION_TYPE || p.log !== LOG_ID || typeof p.old_public_key !== 'string' || typeof p.new_public_key !== 'string' || typeof p.rotated_at !== 'string') return false;
  const oldKey = keyOf(p.old_public_key);
  const newKey = keyOf(p.new_public_key);
  if (!oldKey || !newKey) return false;
  const m = rotationMessage(p);
  try {
    return verify(null, m, oldKey, Buffer.from(p.old_signature, 'base64')) && verify(null, m, newKey, Buffer.from(p.new_signature, 'base64'));
  } catch {
    return false;
  }
}

/** The keys reachable from `trusted` through valid rotations, in log order (starting with `trusted`). */
export function rotationChain(trusted: string, rotations: readonly RotationPayload[]): string[] {
  const chain = [trusted];
  for (const r of rotations) if (chain.includes(r.old_public_key) && !chain.includes(r.new_public_key) && rotationValid(r)) chain.push(r.new_public_key);
  return chain;
}
