// Signed tree heads with an Ed25519 key (node:crypto). Pure: used by the server and by the offline
// verifier. The signed message is the canonical JSON of {log, root_hash, size, timestamp}.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../merkle/index.ts';

export const LOG_ID = 'kenes-ledger-v1';

export interface TreeHead {
  size: number;
  /** Hex SHA-256 root of the first `size` entries. */
  root_hash: string;
  /** ISO-8601 UTC time of signing. */
  timestamp: string;
}

export interface SignedHead extends TreeHead {
  /** Base64 Ed25519 signature over `headMessage`. */
  signature: string;
  /** Base64 SPKI DER of the signing key (informative: verifiers should pin the key they trust). */
  public_key: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyBase64: string;
}

export function headMessage(h: TreeHead): Buffer {
  return Buffer.from(canonicalJson({ log: LOG_ID, root_hash: h.root_hash, size: h.size, timestamp: h.timestamp }));
}

/** From KENES_LEDGER_KEY: base64 PKCS8 DER of an Ed25519 private key. */
export function loadSigningKey(base64Pkcs8: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(base64Pkcs8, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('KENES_LEDGER_KEY: not a base64 PKCS8 DER private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`KENES_LEDGER_KEY: an Ed25519 key is needed, got ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

export function generateSigningKey(): { privateKeyBase64: string; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** A public key given as base64 SPKI DER or PEM text (a file holding either: src/verifier/keyFile.ts). */
export function parsePublicKey(text: string): KeyObject {
  const t = text.trim();
  try {
    const key = t.startsWith('-----') ? createPublicKey(t) : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
    return key;
  } catch {
    throw new Error('--key: not an Ed25519 public key (base64 SPKI DER or PEM)');
  }
}

export function signHead(key: SigningKey, h: TreeHead): SignedHead {
  return { ...h, signature: sign(null, headMessage(h), key.privateKey).toString('base64'), public_key: key.publicKeyBase64 };
}

export function headSignatureValid(h: SignedHead, key: KeyObject): boolean {
  try {
    return verify(null, headMessage(h), key, Buffer.from(h.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The key's published fingerprint: SHA-256 of its SPKI DER, hex (what people compare by eye). */
export function keyFingerprint(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** Base64 SPKI DER of a public key object. */
export function publicKeyBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}
