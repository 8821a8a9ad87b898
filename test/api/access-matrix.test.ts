// The authorisation matrix, from the real route table (app.kenes.routes, built by onRoute) × every
// role of src/core/roles.ts, anonymous, and an agency officer of another agency; scoped routes also
// on real objects (the owner of a draft and another citizen; the lead agency's officer and another
// agency's). Fails on a route that declares no access rule (docs/adr/0406), an unexpected allow or
// an unexpected deny.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type AccessRule, describeAccess, guardAllows } from '../../src/core/access.ts';
import { ROLES, type Role } from '../../src/core/roles.ts';
import { csrfTokenFor, PRESESSION_COOKIE, presessionBinding } from '../../src/modules/identity/csrf.ts';
import type { RouteEntry } from '../../src/web/context.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

interface Identity {
  name: string;
  roles: readonly Role[] | null;
  headers: Record<string, string>;
}

let t: TestApp;
let ids: Identity[];
let owner: SignedIn;
let otherCitizen: SignedIn;
let officerA: SignedIn;
let officerB: SignedIn;
let secretariat: SignedIn;
let draftRef: string;
let itemId: number;
const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);

async function post(url: string, who: SignedIn, payload: unknown) {
  const r = await t.app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object });
  assert.ok(r.statusCode < 300, `${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

before(async () => {
  t = await proposalsTestApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  for (const id of ['agency-a', 'agency-b']) await post('/api/v1/responses/agencies', secretariat, { id, name: { kk: id, ru: id, en: id }, level: 'central' });
  officerA = await signInAs(t, { roles: ['agency_officer'], agencyId: 'agency-a' });
  officerB = await signInAs(t, { roles: ['agency_officer'], agencyId: 'agency-b' });
  owner = await signInAs(t);
  otherCitizen = await signInAs(t);
  draftRef = (await post('/api/v1/proposals', owner, draft())).ref;
  itemId = (await post('/api/v1/responses/items', secretariat, { title: 'Matrix item', lang: 'en', sourceRef: 'kurultai/1', receivedOn: today })).id;
  await post(`/api/v1/responses/items/${itemId}/assign`, secretariat, { leadAgencyId: 'agency-a' });

  const binding = 'matrix-anonymous-binding-0001';
  ids = [{ name: 'anonymous', roles: null, headers: { cookie: `${PRESESSION_COOKIE}=${binding}`, 'x-csrf-token': csrfTokenFor(t.ctx.config.sessionSecret, presessionBinding(binding)) } }];
  for (const role of ROLES) {
    const s = role === 'agency_officer' ? officerA : role === 'secretariat' ? secretariat : await signInAs(t, { roles: [role] });
    ids.push({ name: role, roles: [role], headers: s.headers });
  }
  ids.push({ name: 'agency_officer of another agency', roles: ['agency_officer'], headers: officerB.headers });
});
after(async () => t?.close());

/** Calls that route table entries may not make on their own (ends the caller's session): last. */
const LAST = new Set(['/auth/logout']);

function routes(): RouteEntry[] {
  return t.app.kenes.routes.filter((r) => r.method !== 'HEAD').sort((a, b) => Number(LAST.has(a.url)) - Number(LAST.has(b.url)));
}

/** A URL for the pattern with values that pass no object check (the guard alone decides). */
function bogusUrl(pattern: string): string {
  return pattern
    .replace(/:id(?=\/|$)/g, pattern.includes('sortition') ? randomUUID() : '999999')
    .replace(':ref', 'P-99999')
    .replace(':code', 'en')
    .replace(':file', 'pool.csv')
    .replace(/:(\w+)/g, '1')
    .replace('*', 'x');
}

type Outcome = 'allow' | 'deny';

async function outcome(method: string, url: string, headers: Record<string, string>, payload?: object): Promise<{ o: Outcome; status: number; body: string }> {
  const r = await t.app.inject({ method: method as 'GET', url, headers: { accept: 'application/json', ...headers }, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: payload ?? {} }) });
  let code: unknown;
  try {
    code = r.json().code;
  } catch {}
  const denied = r.statusCode === 401 || (r.statusCode === 403 && code === 'forbidden-role');
  return { o: denied ? 'deny' : 'allow', status: r.statusCode, body: r.body.slice(0, 160) };
}

test('every route declares who may call it', () => {
  const undeclared = t.app.kenes.routes.filter((r) => r.access === null).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(
    undeclared,
    [],
    `routes without an access rule (add requireUser/requireRole, or config: { access: 'public' } — docs/adr/0406):\n  ${undeclared.join('\n  ')}`,
  );
});

const TRANSLATION = { title: 'Әр ауданда мектеп тамағы туралы ашық деректер', summary: 'Әр мектептің мәзірін, жеткізушілерін және бағаларын ай сайын ашық деректер ретінде жариялау қажет.' };

/** Scoped routes on real objects: who is refused first (nothing changes), then who may. */
test('scoped routes: only the owner, and only the lead agency, act on their objects', async () => {
  const today10 = new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
  const item = `/responses/items/${itemId}`;
  // In an order in which each call by the allowed party leaves the object usable for the next one.
  const calls: { method: string; url: string; payload?: object; denied: SignedIn; allowed: SignedIn }[] = [
    { method: 'GET', url: `/proposals/${draftRef}/edit`, denied: otherCitizen, allowed: owner },
    { method: 'POST', url: `/proposals/${draftRef}/edit`, payload: draft(), denied: otherCitizen, allowed: owner },
    { method: 'PATCH', url: `/api/v1/proposals/${draftRef}`, payload: (({ kind: _k, ...texts }) => texts)(draft()), denied: otherCitizen, allowed: owner },
    { method: 'POST', url: `/api/v1${item}/extend`, payload: { newDueDate: today10, reason: 'More time to consult the regions.' }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `${item}/extend`, payload: { newDueDate: today10, reason: 'More time to consult the regions.' }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `/api/v1${item}/answer`, payload: { outcome: 'accepted', reasons: 'We agree.', measures: [{ description: 'Publish the data.', responsibleAgencyId: 'agency-a', dueDate: today10 }] }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `${item}/answer`, payload: { outcome: 'accepted', reasons: 'We agree.', m1_description: 'Publish it.', m1_agency: 'agency-a', m1_due: today10 }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `/api/v1${item}/measures/MEASURE`, payload: { status: 'in_progress', progress: 10 }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `${item}/measures/MEASURE`, payload: { status: 'in_progress', progress: '20' }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `/api/v1${item}/close`, denied: officerB, allowed: officerA },
    { method: 'POST', url: `${item}/close`, denied: officerB, allowed: officerA },
    { method: 'POST', url: `/api/v1${item}/forward`, payload: { toAgencyId: 'agency-b', reason: 'Misrouted.' }, denied: officerB, allowed: officerA },
    { method: 'POST', url: `${item}/forward`, payload: { toAgencyId: 'agency-b', reason: 'Misrouted.' }, denied: officerB, allowed: officerA },
    { method: 'PUT', url: `/api/v1/proposals/${draftRef}/translations/kk`, payload: TRANSLATION, denied: otherCitizen, allowed: owner },
    { method: 'POST', url: `/proposals/${draftRef}/translations/kk/delete`, denied: otherCitizen, allowed: owner },
    { method: 'POST', url: `/proposals/${draftRef}/translations`, payload: { lang: 'kk', ...TRANSLATION }, denied: otherCitizen, allowed: owner },
    { method: 'DELETE', url: `/api/v1/proposals/${draftRef}/translations/kk`, denied: otherCitizen, allowed: owner },
    { method: 'POST', url: `/api/v1/proposals/${draftRef}/submit`, denied: otherCitizen, allowed: owner },
    { method: 'POST', url: `/proposals/${draftRef}/submit`, denied: otherCitizen, allowed: owner },
  ];
  const scoped = routes().filter((r) => r.access && typeof r.access === 'object' && r.access.scope);
  const covered = new Set<string>();
  const failures: string[] = [];
  for (const c of calls) {
    if (c.url.includes('MEASURE')) {
      const measure = (await t.app.inject(`/api/v1/responses/items/${itemId}`)).json().measures[0]?.id;
      c.url = c.url.replace('MEASURE', String(measure ?? 1));
    }
    const route = scoped.find((r) => r.method === c.method && new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+')}$`).test(c.url));
    assert.ok(route, `${c.method} ${c.url} is not a scoped route`);
    covered.add(`${route.method} ${route.url}`);
    const refused = await t.app.inject({ method: c.method as 'GET', url: c.url, headers: { accept: 'application/json', ...c.denied.headers }, ...(c.method === 'GET' ? {} : { payload: c.payload ?? {} }) });
    if (![403, 404].includes(refused.statusCode)) failures.push(`${c.method} ${c.url} by the wrong party: ${refused.statusCode} ${refused.body.slice(0, 200)}`);
    const ok = await t.app.inject({ method: c.method as 'GET', url: c.url, headers: { accept: 'application/json', ...c.allowed.headers }, ...(c.method === 'GET' ? {} : { payload: c.payload ?? {} }) });
    if ([401, 403, 404].includes(ok.statusCode) || ok.statusCode >= 500) failures.push(`${c.method} ${c.url} by the right party: ${ok.statusCode} ${ok.body.slice(0, 200)}`);
  }
  const missing = scoped.map((r) => `${r.method} ${r.url}`).filter((k) => !covered.has(k));
  console.log(`# scoped routes: ${covered.size} of ${scoped.length} called on real objects by the right and the wrong party`);
  assert.deepEqual(missing, [], 'scoped routes the test does not call on a real object');
  assert.deepEqual(failures, []);
});

test('route table × identities: the guard allows exactly what the rule says', async () => {
  const failures: string[] = [];
  let requests = 0;
  const list = routes().filter((r) => r.access !== null);
  for (const r of list) {
    const rule = r.access as AccessRule;
    for (const id of ids) {
      const expected: Outcome = guardAllows(rule, id.roles ? { roles: id.roles } : null) ? 'allow' : 'deny';
      const got = await outcome(r.method, bogusUrl(r.url), id.headers);
      requests++;
      if (got.o !== expected) failures.push(`${r.method} ${r.url} as ${id.name}: expected ${expected} (${describeAccess(rule)}), got ${got.status} ${got.body}`);
      if (got.status >= 500) failures.push(`${r.method} ${r.url} as ${id.name}: ${got.status} ${got.body}`);
    }
  }
  console.log(`# access matrix: ${list.length} routes × ${ids.length} identities = ${requests} requests, ${failures.length} unexpected`);
  assert.deepEqual(failures, []);
});

test('OpenAPI: every operation behind a guard declares the session security scheme', async () => {
  const doc = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const missing: string[] = [];
  for (const r of t.app.kenes.routes) {
    if (r.hidden || r.access === 'public' || r.access === null || r.method === 'HEAD') continue;
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    if (!op?.security?.length) missing.push(`${r.method} ${r.url}`);
  }
  assert.deepEqual(missing, []);
});
