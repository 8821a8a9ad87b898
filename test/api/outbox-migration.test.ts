// The upgrade to outbox subscriptions on stored rows: a database at the schema before it, with a
// ledger that has appended some events (marking them with `ledger_index`) but not one that committed
// late with a lower id, is migrated; the ledger's marks become positions, its cursor starts after
// the last entry, and appending carries on with the unmarked row, exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { hashLeaf, rootOfHashes, treeRoot } from '../../src/core/merkle/index.ts';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { allMigrations } from '../../src/db/migrate.ts';

const migrations = allMigrations();
import { appendEvents, appendPending } from '../../src/modules/ledger/appender.ts';
import { withNodes } from '../../src/modules/ledger/repository.ts';
import { cursorOf } from '../../src/modules/outbox/subscription.ts';
import { freshDbUrl } from '../helpers/db.ts';

// With the later (kind, position) index of the wake-up check, which needs the position column.
const NEW = ['0002_outbox_subscriptions', '0003_outbox_kind_position', '0302_ledger_subscription'];
let db: Db;
let drop: () => Promise<void>;

before(async () => {
  const fresh = await freshDbUrl();
  drop = fresh.drop;
  db = openDb(fresh.url);
});
after(async () => {
  await db.close();
  await drop();
});

test('ledger marks become positions; the ledger resumes after its last entry and appends the late row once', async () => {
  // The schema as it was: every migration but the two of this change.
  const old = Object.fromEntries(Object.entries(migrations).filter(([name]) => !NEW.includes(name)));
  const r = await new Migrator({ db: db.db, provider: { getMigrations: async () => old } }).migrateToLatest();
  assert.equal(r.error, undefined);
  const at = new Date('2026-11-30T10:00:00Z').toISOString();
  const rows = [1, 2, 3, 4, 5, 6, 7, 9, 10, 8].map((id) => ({ id, kind: 'test.old', subject: `old/${id}`, occurred_at: at, payload: JSON.stringify({ id }) }));
  await sql`insert into outbox (id, kind, subject, occurred_at, payload) values ${sql.join(rows.map((x) => sql`(${x.id}, ${x.kind}, ${x.subject}, ${x.occurred_at}, ${x.payload})`))}`.execute(db.db);
  // The old appender had appended 1–7, 9 and 10; 8 (a lower id committed late) was still pending.
  const appended = rows.filter((x) => x.id !== 8);
  await db.db.transaction().execute(async (trx) => {
    await appendEvents(
      trx,
      appended.map((x) => ({ id: x.id, kind: x.kind, subject: x.subject, occurredAt: x.occurred_at, payload: x.payload })),
    );
    await sql`update outbox set ledger_index = ledger_entry.idx from ledger_entry where ledger_entry.outbox_id = outbox.id`.execute(trx);
  });

  const ran = await migrateToLatest(db);
  assert.deepEqual(ran, NEW, 'exactly the new migrations run, in name order, after the later ones');
  const stored = await db.db.selectFrom('outbox').select(['id', 'position']).orderBy('id').execute();
  assert.deepEqual(
    stored.map((x) => [Number(x.id), x.position === null ? null : Number(x.position)]),
    [
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
      [7, 6],
      [8, null],
      [9, 7],
      [10, 8],
    ],
    'each ledgered row keeps its ledger index as its position; the pending one has none yet',
  );
  assert.equal(await cursorOf(db, 'ledger'), 8, 'the ledger cursor is after its last entry');
  const columns = await sql<{ name: string }>`select ${sql.raw(db.dialect === 'postgres' ? "column_name as name from information_schema.columns where table_name = 'outbox'" : "name from pragma_table_info('outbox')")}`.execute(db.db);
  assert.ok(!columns.rows.some((c) => c.name === 'ledger_index'), 'the ledger column is gone from the outbox');

  assert.equal(await appendPending(db), 1, 'only the pending row');
  assert.equal(await appendPending(db), 0);
  const entries = await db.db.selectFrom('ledger_entry').innerJoin('outbox', 'outbox.id', 'ledger_entry.outbox_id').select(['idx', 'outbox_id', 'position', 'entry']).orderBy('idx').execute();
  assert.deepEqual(
    entries.map((e) => [Number(e.idx), Number(e.outbox_id), Number(e.position)]),
    [1, 2, 3, 4, 5, 6, 7, 9, 10, 8].map((id, i) => [i, id, i]),
    'dense, each event once, the late one last, position = ledger index',
  );
  const root = await withNodes(db.db, (read) => treeRoot(read, entries.length));
  assert.deepEqual(root, rootOfHashes(entries.map((e) => hashLeaf(e.entry))), 'the stored subtrees give the root of all ten entries');
});
