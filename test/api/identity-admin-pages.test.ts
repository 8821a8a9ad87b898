// Role administration pages (issue 15, ADR 0509): an administrator grants and revokes roles at
// /admin/roles with plain forms, by account id or IIN, an agency officer for one agency; every change
// is on the ledger with the administrator named; others get 403; bad input comes back by its field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeIin } from '../../src/core/iin.ts';
import { pseudonymize } from '../../src/core/pseudonym.ts';
import { sealNow } from '../../src/modules/ledger/api.ts';
import { identityService } from '../../src/modules/identity/api.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';

let t: TestApp;
let admin: SignedIn;
let citizen: SignedIn;
before(async () => {
  t = await testApp();
  admin = await signInAs(t, { roles: ['admin'], name: 'Admin Adminova' });
  citizen = await signInAs(t, { name: 'Dana Serikova' });
  const secretariat = await signInAs(t, { roles: ['secretariat'] });
  const a = await t.app.inject({ method: 'POST', url: '/api/v1/responses/agencies', headers: secretariat.headers, payload: { id: 'min-health', name: { kk: 'Денсаулық сақтау министрлігі', ru: 'Министерство здравоохранения', en: 'Ministry of Health' }, level: 'central' } });
  assert.equal(a.statusCode, 201, a.body);
});
after(async () => t?.close());

const post = (who: SignedIn, url: string, fields: Record<string, string>, lang = 'en') =>
  t.app.inject({ method: 'POST', url, headers: { cookie: `${who.cookie}; lang=${lang}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });

async function ledgerEvents(kind: string, userId: string) {
  await sealNow(t.ctx);
  const rows = await t.ctx.db.db.selectFrom('ledger_entry').select(['entry']).where('kind', '=', kind).where('subject', '=', `user/${userId}`).execute();
  return rows.map((r) => JSON.parse(r.entry) as { payload: Record<string, unknown> });
}

test('only administrators see the page; it lists staff with their roles in words', async () => {
  assert.equal((await t.app.inject({ url: '/admin/roles', headers: { accept: 'text/html' } })).statusCode, 401);
  assert.equal((await t.app.inject({ url: '/admin/roles', headers: { accept: 'text/html', cookie: citizen.cookie } })).statusCode, 403);
  const r = await t.app.inject({ url: '/admin/roles?lang=ru', headers: { accept: 'text/html', cookie: admin.cookie } });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /<h1[^>]*>Роли и доступ<\/h1>/);
  assert.match(r.body, /Admin Adminova/);
  assert.match(r.body, /Администратор/);
  assert.match(r.body, /<option value="min-health"[^>]*>Министерство здравоохранения<\/option>/);
  const forged = await t.app.inject({ method: 'POST', url: '/admin/roles/grant', headers: { cookie: admin.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: `who=${citizen.user.id}&role=moderator` });
  assert.equal(forged.statusCode, 403, 'a form without the CSRF token is refused');
  const notAdmin = await post(citizen, '/admin/roles/grant', { who: citizen.user.id, role: 'admin', agencyId: '' });
  assert.equal(notAdmin.statusCode, 403);
  assert.deepEqual((await identityService(t.ctx).findById(citizen.user.id))!.roles, ['citizen']);
});

test('grant by account id, an agency officer scoped to an agency, revoke: each on the ledger naming the administrator', async () => {
  const g = await post(admin, '/admin/roles/grant', { who: citizen.user.id, role: 'agency_officer', agencyId: 'min-health' });
  assert.equal(g.statusCode, 303);
  assert.equal(g.headers.location, '/admin/roles?done=granted');
  const u = (await identityService(t.ctx).findById(citizen.user.id))!;
  assert.ok(u.roles.includes('agency_officer'));
  assert.equal(u.agencyId, 'min-health');
  const granted = await ledgerEvents('identity.role_granted', citizen.user.id);
  assert.ok(granted.some((e) => e.payload.role === 'agency_officer' && e.payload.agencyId === 'min-health' && e.payload.by === `user/${admin.user.id}`), JSON.stringify(granted));
  const page = await t.app.inject({ url: '/admin/roles?done=granted&lang=en', headers: { accept: 'text/html', cookie: admin.cookie } });
  assert.match(page.body, /The role was granted and recorded on the ledger/);
  assert.match(page.body, /Agency officer \(Ministry of Health\)/);

  const r = await post(admin, '/admin/roles/revoke', { userId: citizen.user.id, role: 'agency_officer' });
  assert.equal(r.statusCode, 303);
  assert.ok(!(await identityService(t.ctx).findById(citizen.user.id))!.roles.includes('agency_officer'));
  const revoked = await ledgerEvents('identity.role_revoked', citizen.user.id);
  assert.ok(revoked.some((e) => e.payload.role === 'agency_officer' && e.payload.by === `user/${admin.user.id}`));
});

test('grant by IIN makes the account before the first sign-in, and never keeps the IIN', async () => {
  const iin = makeIin('1990-05-17', 'female', 4242);
  const r = await post(admin, '/admin/roles/grant', { who: iin, role: 'moderator', agencyId: '' });
  assert.equal(r.statusCode, 303, r.body);
  const u = await identityService(t.ctx).findByPseudonym(pseudonymize(t.ctx.config.pepper, iin));
  assert.ok(u?.roles.includes('moderator'));
  const dump = JSON.stringify(await t.ctx.db.db.selectFrom('identity_users').selectAll().execute()) + JSON.stringify(await t.ctx.db.db.selectFrom('outbox').selectAll().execute());
  assert.ok(!dump.includes(iin), 'the IIN is stored nowhere');
});

test('bad input comes back with the message by its field, in the reader’s language, and changes nothing', async () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ who: '', role: 'moderator', agencyId: '' }, 'who', /Укажите идентификатор/],
    [{ who: 'no-such-user', role: 'moderator', agencyId: '' }, 'who', /Учётной записи с таким идентификатором нет/],
    [{ who: '123456789012', role: 'moderator', agencyId: '' }, 'who', /неверный ИИН/],
    [{ who: citizen.user.id, role: 'emperor', agencyId: '' }, 'role', /Выберите одну из служебных ролей/],
    [{ who: citizen.user.id, role: 'citizen', agencyId: '' }, 'role', /Выберите одну из служебных ролей/],
    [{ who: citizen.user.id, role: 'agency_officer', agencyId: 'nowhere' }, 'agencyId', /выберите госорган/],
    [{ who: citizen.user.id, role: 'moderator', agencyId: 'min-health' }, 'agencyId', /только для сотрудника госоргана/i],
  ];
  for (const [fields, field, message] of cases) {
    const r = await post(admin, '/admin/roles/grant', fields, 'ru');
    assert.equal(r.statusCode, 400, JSON.stringify(fields));
    assert.match(r.body, new RegExp(`id="field-${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-${field}"`), JSON.stringify(fields));
    assert.match(r.body, message, JSON.stringify(fields));
  }
  assert.deepEqual((await identityService(t.ctx).findById(citizen.user.id))!.roles, ['citizen']);
  const self = await post(admin, '/admin/roles/revoke', { userId: admin.user.id, role: 'admin' }, 'en');
  assert.equal(self.statusCode, 400);
  assert.match(self.body, /cannot take the administrator role from yourself/);
  assert.ok((await identityService(t.ctx).findById(admin.user.id))!.roles.includes('admin'));
});
