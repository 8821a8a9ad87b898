// The secretariat's console and the candidates' page in the browser's terms (form posts, HTML back),
// without a browser: every console route refuses other roles (403) and anonymous visitors; a refused
// form comes back with its inline errors in the reader's language and the database unchanged; a good
// one redirects (303). A representative nominates, the candidate consents on their page, the
// secretariat runs the cycle to the draw and records answers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeIin } from '../../src/core/iin.ts';
import { makeBin } from '../../src/core/membership/index.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { councilTestApp, nominee, snapshot } from './membership.fixtures.ts';

let t: Awaited<ReturnType<typeof councilTestApp>>;
let secretariat: SignedIn;
let citizen: SignedIn;

before(async () => {
  t = await councilTestApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  citizen = await signInAs(t, {});
});
after(async () => t?.close());

function post(url: string, who: SignedIn | null, fields: Record<string, string | string[]>, lang = 'en') {
  const body = new URLSearchParams();
  if (who) body.append('_csrf', who.csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return t.app.inject({ method: 'POST', url, headers: { ...(who ? { cookie: who.cookie } : {}), accept: 'text/html', 'accept-language': lang, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}
const get = (url: string, who: SignedIn | null, lang = 'en') => t.app.inject({ url, headers: { ...(who ? { cookie: who.cookie } : {}), accept: 'text/html', 'accept-language': lang } });
async function refusedForm(url: string, who: SignedIn, fields: Record<string, string | string[]>, status: number, lang = 'en') {
  const before = await snapshot(t);
  const r = await post(url, who, fields, lang);
  assert.equal(r.statusCode, status, r.body.slice(0, 2000));
  assert.equal(await snapshot(t), before, `${url} changed the database`);
  return r.body;
}
async function okForm(url: string, who: SignedIn, fields: Record<string, string | string[]>) {
  const r = await post(url, who, fields);
  assert.equal(r.statusCode, 303, r.body.slice(0, 3000));
  return r;
}

const CONSOLE_POSTS = ['/council/console/organisations', '/council/console/representatives', '/council/console/cycles', '/council/console/cycles/0/transition', '/council/console/cycles/0/commit', '/council/console/cycles/0/reveal', '/council/console/members/x/answer', '/council/console/departures', '/council/console/vacancies/x/commit', '/council/console/vacancies/x/reveal'];

test('every console route: 403 for another role, refused for an anonymous visitor, and nothing written', async () => {
  const page = await get('/council/console', citizen);
  assert.equal(page.statusCode, 403);
  assert.notEqual((await get('/council/console', null)).statusCode, 200);
  for (const url of CONSOLE_POSTS) {
    const before = await snapshot(t);
    assert.equal((await post(url, citizen, { bin: '1' })).statusCode, 403, url);
    assert.notEqual((await post(url, null, { bin: '1' })).statusCode, 303, url);
    assert.equal(await snapshot(t), before, url);
  }
  assert.equal((await get('/council/console', secretariat)).statusCode, 200);
});

test('the secretariat registers an organisation; a bad BIN comes back inline, in the reader’s language, with nothing written', async () => {
  const good = { bin: makeBin('1905', 10), 'name.kk': 'Қазақ тілі қоғамы', 'name.ru': 'Общество казахского языка', 'name.en': 'Kazakh Language Society', region: 'KZ-75', block: 'ethnoCultural' };
  const en = await refusedForm('/council/console/organisations', secretariat, { ...good, bin: '123456789012', 'name.en': '' }, 400);
  assert.match(en, /not a valid BIN/);
  assert.match(en, /id="org-bin-error"/);
  assert.match(en, /id="org-name-en-error"/);
  assert.match(en, /value="Kazakh Language Society"|value="Общество казахского языка"/);
  const ru = await refusedForm('/council/console/organisations', secretariat, { ...good, bin: '123456789012' }, 400, 'ru');
  assert.match(ru, /неверный БИН/);
  const kk = await refusedForm('/council/console/organisations', secretariat, { ...good, bin: '123456789012' }, 400, 'kk');
  assert.match(kk, /БСН дұрыс емес/);
  const r = await okForm('/council/console/organisations', secretariat, good);
  assert.equal(r.headers.location, '/council/console#organisations');
  assert.match((await get('/council/console', secretariat)).body, /Kazakh Language Society/);
  await refusedForm('/council/console/organisations', secretariat, good, 409);
});

test('through the pages: a representative nominates, the candidate consents, the secretariat runs the cycle and records an answer', async () => {
  const [org] = (await t.app.inject({ url: '/api/v1/council/organisations' })).json().organisations;
  const rep = await signInAs(t, {});
  await refusedForm('/council/console/representatives', secretariat, { organisationId: org.id, userId: 'nobody' }, 400);
  await okForm('/council/console/representatives', secretariat, { organisationId: org.id, userId: rep.user.id });

  t.setDay('2026-08-01');
  await okForm('/council/console/cycles', secretariat, {});
  const { schedule } = (await t.app.inject({ url: '/api/v1/council/cycles/0' })).json();
  // Too early: the stage's date is not reached; the console says so and nothing changes.
  const early = await refusedForm('/council/console/cycles/0/transition', secretariat, { event: 'council.nominationsOpened' }, 409);
  assert.match(early, /not reached/);
  t.setDay(schedule.nominationsOpen);
  await okForm('/council/console/cycles/0/transition', secretariat, { event: 'council.nominationsOpened' });

  const iin = makeIin('1979-04-04', 'female', 321);
  const me = await get('/council/me', rep);
  assert.match(me.body, /action="\/council\/me\/cycles\/0\/nominations"/);
  const bad = await refusedForm('/council/me/cycles/0/nominations', rep, { organisationId: org.id, iin: '1', firstName: 'Aigul', lastName: 'Bekova' }, 400);
  assert.match(bad, /id="nom-iin-error"/);
  await okForm('/council/me/cycles/0/nominations', rep, { organisationId: org.id, iin, firstName: 'Aigul', lastName: 'Bekova' });

  const candidate = await signInAs(t, { iin });
  const page = (await get('/council/me', candidate)).body;
  const id = /action="\/council\/me\/nominations\/([^/]+)\/consent"/.exec(page)![1]!;
  const refused = await refusedForm(`/council/me/nominations/${id}/consent`, candidate, { region: '', 'declared.settlement': '' }, 400);
  assert.match(refused, /id="c-[^"]*-region-error"/);
  assert.match(refused, /c-[^"]*-confirm-error/);
  await okForm(`/council/me/nominations/${id}/consent`, candidate, { region: 'KZ-75', 'declared.settlement': 'urban', confirm: 'yes' });
  assert.match((await get('/council/me', candidate)).body, /You are eligible for the draw/);

  // The rest of the pool by the API list, then close, publish, draw through the console.
  const blocks = t.ctx.charter.bodies.council.blocks.map((b) => b.id);
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/council/cycles/0/candidates', headers: secretariat.headers, payload: { candidates: blocks.flatMap((block, b) => Array.from({ length: 7 }, (_, i) => nominee(block, 300 + b * 7 + i))) } });
  assert.equal(r.statusCode, 201, r.body);
  t.setDay(schedule.nominationsClosed);
  await okForm('/council/console/cycles/0/transition', secretariat, { event: 'council.nominationsClosed' });
  assert.match((await get('/council/console', secretariat)).body, /Aigul B\./);
  t.setDay(schedule.committed);
  await refusedForm('/council/console/cycles/0/commit', secretariat, { entropySources: '  ' }, 400);
  await okForm('/council/console/cycles/0/commit', secretariat, { entropySources: 'Kazakhstan lottery draw of 2026-10-16' });
  const tooEarly = await refusedForm('/council/console/cycles/0/reveal', secretariat, { entropy: '01 02 03' }, 409);
  assert.match(tooEarly, /has not come yet/);
  t.setDay(schedule.drawn);
  await okForm('/council/console/cycles/0/reveal', secretariat, { entropy: 'Kazakhstan lottery draw 2026-10-16: 01 02 03 04 05 06' });
  const consolePage = (await get('/council/console', secretariat)).body;
  const memberId = /action="\/council\/console\/members\/([^/]+)\/answer"/.exec(consolePage)![1]!;
  await okForm(`/council/console/members/${memberId}/answer`, secretariat, { answer: 'accepted' });
  await refusedForm(`/council/console/members/${memberId}/answer`, secretariat, { answer: 'accepted' }, 409);
  const row = await t.ctx.db.db.selectFrom('council_members').select('answer').where('id', '=', memberId).executeTakeFirstOrThrow();
  assert.equal(row.answer, 'accepted');
});
