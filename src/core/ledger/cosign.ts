// Witness cosignatures (docs/adr/0303). A witness that has checked a signed head is consistent with
// every head it cosigned before signs the canonical JSON
//   {"cosigned_at":…,"log":"kenes-ledger-v1","root_hash":…,"size":…,"timestamp":…,"type":"kenes-cosignature-v1"}
// with its own Ed25519 key. Pure: used by the instance, the witness and the verifier.
import { type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../merkle/index.ts';
import { LOG_ID, type TreeHead } from './signing.ts';

export const COSIGNATURE_TYPE = 'kenes-cosignature-v1';

export interface Cosignature {
  /** Base64 SPKI DER of the witness key. */
  witness_key: string;
  /** The witness's name in the charter (informative; the key is what counts). */
  witness_name?: string;
  /** ISO-8601 UTC time the witness signed. */
  cosigned_at: string;
  /** Base64 Ed25519 signature over `cosignatureMessage`. */
  signature: string;
}

export function cosignatureMessage(h: TreeHead, cosignedAt: string): Buffer {
  return Buffer.from(canonicalJson({ cosigned_at: cosignedAt, log: LOG_ID, root_hash: h.root_hash, size: h.size, timestamp: h.timestamp, type: COSIGNATURE_TYPE }));
}

export function cosign(privateKey: KeyObject, witnessKey: string, h: TreeHead, cosignedAt = new Date().toISOString()): Cosignature {
  return { witness_key: witnessKey, cosigned_at: cosignedAt, signature: sign(null, cosignatureMessage(h, cosignedAt), privateKey).toString('base64') };
}

export function cosignatureValid(h: TreeHead, c: Cosignature, key: KeyObject): boolean {
  try {
    return typeof c.cosigned_at === 'string' && typeof c.signature === 'string' && verify(null, cosignatureMessage(h, c.cosigned_at), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * How many of the pinned witness keys validly cosigned the head (each key counts once, whatever
 * the cosignature claims its key is: the pinned key is what must verify).
 */
export function quorumCount(h: TreeHead, cosignatures: readonly Cosignature[] | undefined, witnessKeys: readonly KeyObject[]): number {
  if (!cosignatures?.length) return 0;
  let n = 0;
  for (const key of witnessKeys) if (cosignatures.some((c) => cosignatureValid(h, c, key))) n++;
  return n;
}
