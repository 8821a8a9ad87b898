// Power loss (ADR 0705): the connections that acknowledge writes commit with PRAGMA synchronous = FULL
// on SQLite, so an acknowledged signature survives an OS crash; on PostgreSQL the server's own
// settings give the same (a commit returns after its WAL is flushed), and Kenes never weakens them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { SYNCHRONOUS_FULL } from '../../src/modules/proposals/sqliteDirect.ts';
import type { TestApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { draft, proposalsTestApp } from './proposals.fixtures.ts';

let t: TestApp;
before(async () => {
  t = await proposalsTestApp();
});
after(async () => t?.close());

test('the connection that acknowledges signatures commits durably', async () => {
  // A signature through the app's own service, so the setting is read on the connection that wrote it.
  const author = await signInAs(t);
  const moderator = await signInAs(t, { roles: ['moderator'] });
  const citizen = await signInAs(t);
  const svc = proposalsService(t.ctx);
  const row = await svc.createDraft(author.user, draft());
  await svc.submit(author.user, row.ref);
  await svc.moderate(moderator.user, row.ref, 'publish', undefined, undefined);
  assert.equal(await svc.sign(citizen.user, row.ref, {}), 'signed');

  if (t.ctx.db.dialect === 'sqlite') {
    assert.ok(svc.direct, 'a SQLite file database signs through the writer’s own connection');
    assert.equal(svc.direct.synchronous(), SYNCHRONOUS_FULL);
    const main = await sql<{ synchronous: number }>`pragma synchronous`.execute(t.ctx.db.db);
    assert.equal(main.rows[0]!.synchronous, SYNCHRONOUS_FULL, 'the main connection acknowledges proposals and moderation');
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(t.ctx.db.db);
    assert.equal(mode.rows[0]!.journal_mode, 'wal');
  } else {
    assert.equal(svc.direct, null);
    const setting = async (name: string) => (await sql<Record<string, string>>`select current_setting(${name}) as v`.execute(t.ctx.db.db)).rows[0]!.v;
    assert.equal(await setting('fsync'), 'on');
    assert.notEqual(await setting('synchronous_commit'), 'off');
  }
});
