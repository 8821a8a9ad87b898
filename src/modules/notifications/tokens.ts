// Signed links: the unsubscribe token (RFC 8058 one-click needs no session: the HMAC is the proof)
// and webhook signatures. Compared in constant time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function unsubscribeToken(secret: string, userId: string, kind: string, id: string): string {
  return createHmac('sha256', secret).update(`kenes-unsub\0${userId}\0${kind}\0${id}`).digest('base64url');
}

export function unsubscribeTokenOk(secret: string, userId: string, kind: string, id: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length > 100) return false;
  const a = Buffer.from(unsubscribeToken(secret, userId, kind, id));
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `Kenes-Signature: v1=<hex>` over `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
