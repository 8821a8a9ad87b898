// CSRF tokens: a synchronizer token derived from the session (or, before sign-in, from a signed
// pre-session cookie), so nothing extra is stored and a token is useless with any other session.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Form field and header that carry the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Cookie holding the random binding for visitors who are not signed in (login forms). */
export const PRESESSION_COOKIE = 'kenes_csrf';

export function csrfTokenFor(secret: string, binding: string): string {
  return createHmac('sha256', secret).update(`kenes-csrf\0${binding}`).digest('base64url');
}

/** Bindings: `s:` + session token when signed in, `a:` + pre-session cookie value otherwise. */
export function sessionBinding(sessionToken: string): string {
  return `s:${sessionToken}`;
}

export function presessionBinding(cookieValue: string): string {
  return `a:${cookieValue}`;
}

export function newBinding(): string {
  return randomBytes(24).toString('base64url');
}

export function csrfTokenMatches(secret: string, binding: string, presented: unknown): boolean {
  return csrfTokenEquals(csrfTokenFor(secret, binding), presented);
}

/** Whether `presented` is the expected token (already computed for this request), compared in constant time. */
export function csrfTokenEquals(expectedToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 128) return false;
  const expected = Buffer.from(expectedToken);
  const got = Buffer.from(presented);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
