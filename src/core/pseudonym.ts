// The keyed pseudonym that stands in for a citizen's IIN everywhere: HMAC-SHA-256(pepper, IIN), hex.
// Without the pepper the pseudonym cannot be reversed by hashing all ~10^11 plausible IINs.
// Nothing here logs or keeps the IIN.
import { createHmac } from 'node:crypto';

export function pseudonymize(pepper: string, iin: string): string {
  if (pepper.length === 0) throw new RangeError('pseudonymize: the pepper must not be empty');
  return createHmac('sha256', pepper).update(iin.trim(), 'utf8').digest('hex');
}
