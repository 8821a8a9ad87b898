// Migration 0402 rebuilds proposal_signatures as a clustered (WITHOUT ROWID) table on SQLite: the
// signatures already stored must survive it unchanged, and the one-signature-per-citizen key must
// still hold afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { openDb } from '../../../src/db/connection.ts';
import { allMigrations, migrateToLatest } from '../../../src/db/migrate.ts';

const migrations = allMigrations();

test('0402 keeps every stored signature and the unique (proposal, signer) key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-0402-'));
  const handle = openDb(`sqlite:${join(dir, 'k.db')}`);
  try {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('0400_proposals');
    assert.equal(before.error, undefined);
    const rows = [
      { proposal_id: 1, signer: 'b7', region: 'almaty', public_name: 'Aigerim S.', signed_at: '2026-11-01T10:00:00Z' },
      { proposal_id: 1, signer: '03', region: 'abai', public_name: null, signed_at: '2026-11-01T10:00:01Z' },
      { proposal_id: 2, signer: 'b7', region: 'almaty', public_name: null, signed_at: '2026-11-02T09:00:00Z' },
    ];
    await handle.db.insertInto('proposal_signatures').values(rows).execute();

    assert.ok((await migrateToLatest(handle)).includes('0402_signatures_clustered'));
    const after = await handle.db.selectFrom('proposal_signatures').selectAll().orderBy('proposal_id').orderBy('signer').execute();
    assert.deepEqual(
      after,
      [...rows].sort((a, b) => a.proposal_id - b.proposal_id || a.signer.localeCompare(b.signer)),
    );
    const ddl = await sql<{ sql: string }>`select sql from sqlite_master where name = 'proposal_signatures'`.execute(handle.db);
    assert.match(ddl.rows[0].sql, /without rowid/i);
    await assert.rejects(handle.db.insertInto('proposal_signatures').values(rows[0]).execute(), /UNIQUE|PRIMARY/i);
    const index = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'proposal_signatures_signer'`.execute(handle.db);
    assert.equal(index.rows.length, 1);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
