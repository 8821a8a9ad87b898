// `kenes backup` and `kenes restore` as an operator runs them: demo data, a signed head saved before
// the backup, a restore into a new database, and the ledger of the restored database verifies against
// that head with every table's rows, every signature and every counter equal. A restore into a
// database that holds anything is refused in one line and changes nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openDb } from '../../src/db/connection.ts';
import { MODULES } from '../../src/modules/index.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { freshDbUrl } from '../helpers/db.ts';

const bin = new URL('../../bin/kenes.mjs', import.meta.url).pathname;
const keys = generateSigningKey();
const dir = mkdtempSync(join(tmpdir(), 'kenes-backup-'));
const dbs: { url: string; drop: () => Promise<void> }[] = [];
let source: string;
let target: string;
const backupFile = join(dir, 'kenes.backup');
const headFile = join(dir, 'head.json');

function kenes(args: string[], url: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH, KENES_BUNDLE_DIR: process.env.KENES_BUNDLE_DIR ?? '', DATABASE_URL: url, LOG_LEVEL: 'silent', KENES_LEDGER_KEY: keys.privateKeyBase64 }, timeout: 120_000 },
      (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

/** Rows of every declared table, and signatures and counter sums per proposal. */
async function census(url: string) {
  const db = openDb(url);
  try {
    const rows: Record<string, number> = {};
    for (const table of MODULES.flatMap((m) => m.tables)) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.db);
      rows[table] = Number(r.rows[0]!.n);
    }
    const signatures = await db.db.selectFrom('proposal_signatures').select(['proposal_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('proposal_id').orderBy('proposal_id').execute();
    const counters = await db.db.selectFrom('proposal_signature_counts').select(['proposal_id', (eb) => eb.fn.sum<number>('n').as('n')]).groupBy('proposal_id').orderBy('proposal_id').execute();
    const norm = (l: { proposal_id: number; n: number }[]) => l.map((x) => [Number(x.proposal_id), Number(x.n)]);
    return { rows, signatures: norm(signatures), counters: norm(counters) };
  } finally {
    await db.close();
  }
}

before(async () => {
  for (let i = 0; i < 3; i++) dbs.push(await freshDbUrl());
  source = dbs[0]!.url;
  target = dbs[1]!.url;
  const seeded = await kenes(['demo', 'seed'], source);
  assert.equal(seeded.code, 0, seeded.err);
  const head = await kenes(['ledger', 'head'], source);
  assert.equal(head.code, 0, head.err);
  writeFileSync(headFile, head.out);
});

after(async () => {
  for (const d of dbs) await d.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('backup, restore into a new database: the ledger verifies against the head saved before, every count equal', async () => {
  const saved = JSON.parse(readFileSync(headFile, 'utf8')) as { size: number };
  assert.ok(saved.size > 0, 'the demo data put entries in the ledger');
  const before = await census(source);
  assert.ok(before.signatures.length > 0 && before.rows.proposal_signatures! > 0, 'the demo data holds signatures');

  const b = await kenes(['backup', backupFile], source);
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /backed up to/);

  const r = await kenes(['restore', backupFile], target);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /restored/);

  const restored = await census(target);
  assert.deepEqual(restored, before);

  const exportFile = join(dir, 'restored.jsonl');
  const ex = await kenes(['ledger', 'export', '--out', exportFile], target);
  assert.equal(ex.code, 0, ex.err);
  const v = await kenes(['ledger', 'verify', exportFile, '--key', keys.publicKeyBase64, '--head', headFile], target);
  assert.equal(v.code, 0, v.err);
  assert.match(v.out, new RegExp(`^ok: ${saved.size} entries, .*consistent with the saved head of ${saved.size} entries`));
});

test('restore refuses a database that is not empty, in one line, and changes nothing', async () => {
  assert.ok(existsSync(backupFile));
  const beforeRows = await census(source);
  const r = await kenes(['restore', backupFile], source);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /^kenes: the target database is not empty \(\d+ tables\): restore only into a new, empty database\n$/);
  assert.deepEqual(await census(source), beforeRows);
});

test('backup never overwrites a file; restore refuses a file that is not a backup', async () => {
  const again = await kenes(['backup', backupFile], source);
  assert.notEqual(again.code, 0);
  assert.match(again.err, /^kenes: .* already exists/);
  const junk = join(dir, 'junk.bin');
  writeFileSync(junk, 'not a backup at all\n');
  const r = await kenes(['restore', junk], dbs[2]!.url);
  assert.equal(r.code, 1);
  assert.match(r.err, /^kenes: .*junk\.bin is not a Kenes backup/);
  const missing = await kenes(['restore', join(dir, 'nothing-here')], dbs[2]!.url);
  assert.match(missing.err, /^kenes: no backup file at /);
});
