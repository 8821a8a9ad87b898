// Signing in inside API tests: creates a user through the identity service and a real server-side
// session, and returns the headers that `app.inject` needs (session cookie + CSRF header).
//
//   const mod = await signInAs(t, { roles: ['moderator'] });
//   await t.app.inject({ method: 'POST', url: '/api/v1/…', headers: mod.headers, payload: {…} });
import { makeIin } from '../../src/core/iin.ts';
import { pseudonymize } from '../../src/core/pseudonym.ts';
import { csrfTokenFor, sessionBinding } from '../../src/modules/identity/csrf.ts';
import { identityService, sessionUserOf } from '../../src/modules/identity/service.ts';
import { SESSION_COOKIE } from '../../src/modules/identity/session.ts';
import type { Role, SessionUser } from '../../src/web/context.ts';
import type { TestApp } from './app.ts';

export interface SignInOptions {
  /** Exactly these roles (default: citizen only). */
  roles?: Role[];
  /** For agency_officer; default `test-agency`. */
  agencyId?: string;
  /** ISO region code; default KZ-75 (Almaty city). */
  region?: string | null;
  /** Full display name; default a numbered test name. */
  name?: string;
  /** A specific IIN (e.g. to sign in twice as the same person); default a fresh valid one. */
  iin?: string;
  /** A known pseudonym instead of one from an IIN (e.g. a Council member's registry person id). */
  pseudonym?: string;
}

export interface SignedIn {
  user: SessionUser;
  /** `kenes_session=…`, for the cookie header. */
  cookie: string;
  /** The CSRF token bound to this session. */
  csrf: string;
  /** Spread into `app.inject({ headers })`: cookie and x-csrf-token. */
  headers: { cookie: string; 'x-csrf-token': string };
  /** The raw session token, for tests of the session itself. */
  token: string;
}

let counter = 0;

/** A fresh valid synthetic IIN, unique within this test process. */
export function testIin(): string {
  counter++;
  const year = 1960 + (counter % 40);
  const month = String(1 + (counter % 12)).padStart(2, '0');
  const day = String(1 + (counter % 28)).padStart(2, '0');
  return makeIin(`${year}-${month}-${day}`, counter % 2 ? 'male' : 'female', (process.pid * 7 + counter * 13) % 10000);
}

export async function signInAs(t: TestApp, opts: SignInOptions = {}): Promise<SignedIn> {
  const svc = identityService(t.ctx);
  const roles = opts.roles ?? ['citizen'];
  const iin = opts.iin ?? testIin();
  const n = ++counter;
  let user = await svc.ensureUser({
    pseudonym: opts.pseudonym ?? pseudonymize(t.ctx.config.pepper, iin),
    displayName: opts.name ?? `Test${n} User${n}`,
    region: opts.region === undefined ? 'KZ-75' : opts.region,
    origin: 'test',
  });
  for (const role of roles) {
    await svc.grantRole(user.id, role, { agencyId: role === 'agency_officer' ? (opts.agencyId ?? 'test-agency') : null, by: 'test' });
  }
  if (!roles.includes('citizen')) await svc.revokeRole(user.id, 'citizen', { by: 'test' });
  user = (await svc.findById(user.id))!;
  const token = await svc.createSession(user.id);
  const cookie = `${SESSION_COOKIE}=${encodeURIComponent(t.app.signCookie(token))}`;
  const csrf = csrfTokenFor(t.ctx.config.sessionSecret, sessionBinding(token));
  return { user: sessionUserOf(user), cookie, csrf, headers: { cookie, 'x-csrf-token': csrf }, token };
}
