// Fault test of the chunked fan-out (docs/adr/1603): a petition's 600 signers are expanded in chunks
// of 25 by two real servers (child processes) at once, and one of them is SIGKILLed while the job
// is half done; the SMTP server on loopback stays up. Afterwards the job is done, every signer has
// exactly one delivery row, every row is sent, and every signer got the mail (a repeat only with
// the same Message-ID, for a message in flight at the kill).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { freshDbUrl } from '../helpers/db.ts';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import { type SmtpPeer, smtpPeer } from '../helpers/smtp.ts';

const keys = generateSigningKey();
const N = 600;
const CHUNK = 25;
const CONCURRENCY = 4;
const MARK_GROUP = 50;
let url: string;
let drop: () => Promise<void>;
let db: Db;
let smtp: SmtpPeer;
const children = new Set<ChildProcess>();

async function startServer(): Promise<ChildProcess> {
  const child = await startServe({
    db: url,
    port: await freePort(),
    env: {
      KENES_LEDGER_KEY: keys.privateKeyBase64,
      KENES_SMTP_URL: smtp.url,
      KENES_NOTIFY_BATCH: '40',
      KENES_NOTIFY_CONCURRENCY: String(CONCURRENCY),
      KENES_NOTIFY_RETRY_BASE_MS: '300',
      KENES_NOTIFY_LEASE_MS: '3000',
      KENES_NOTIFY_FANOUT_CHUNK: String(CHUNK),
    },
    // A loaded machine can take more than the default 30 s to start a server.
    readyTries: 1200,
  });
  children.add(child);
  return child;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

let proposalId = 0;
before(async () => {
  ({ url, drop } = await freshDbUrl());
  db = openDb(url);
  await migrateToLatest(db);
  smtp = await smtpPeer();
  smtp.delayMs = 4;
  const at = new Date().toISOString();
  const p = await db.db
    .insertInto('proposals')
    .values({
      ref: 'chunk-fault',
      kind: 'petition',
      status: 'succeeded',
      author_user_id: 'chunk-author',
      author_pseudonym: 'chunk-author',
      author_public_name: 'A.',
      title: 'Lit paths in every park',
      summary: 's',
      body: 'b',
      topic: 'health',
      scope: 'national',
      language: 'ru',
      search_text: 'lit paths',
      invite_token: null,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      moderation_due: null,
      published_at: at,
      closes_at: at,
      listed_at: at,
      reached_at: at,
      closed_at: at,
      decision_code: null,
      decision_note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  proposalId = Number(p.id);
  for (let i = 0; i < N; i += 100) {
    const ids = Array.from({ length: Math.min(100, N - i) }, (_, k) => i + k);
    await db.db.insertInto('identity_users').values(ids.map((n) => ({ id: `cf-u${n}`, pseudonym: `cf-p${String(n).padStart(4, '0')}`, display_name: `S ${n}`, region: 'KZ-75', origin: 'test' as const, created_at: at, last_sign_in_at: null }))).execute();
    await db.db.insertInto('proposal_signatures').values(ids.map((n) => ({ proposal_id: proposalId, signer: `cf-p${String(n).padStart(4, '0')}`, region: 'KZ-75', public_name: null, signed_at: at }))).execute();
    await db.db.insertInto('notify_addresses').values(ids.map((n) => ({ user_id: `cf-u${n}`, email: `cf${n}@example.kz`, lang: ['kk', 'ru', 'en'][n % 3], digest: 0, token_hash: null, consented_at: at, verified_at: at, stopped_at: null, stopped_reason: null, last_digest_at: null, created_at: at }))).execute();
  }
});

after(async () => {
  for (const c of [...children]) {
    children.delete(c);
    await killHard(c);
  }
  await smtp?.stop();
  await db?.close();
  await drop?.();
});

test('two servers expand a large audience in chunks, one SIGKILLed halfway: every signer has one row and one mail', async () => {
  const a = await startServer();
  const b = await startServer();
  await sleep(500);
  await db.db.transaction().execute((trx) => emit(trx, { kind: 'proposal.succeeded', subject: 'proposal/chunk-fault', payload: { signatures: N } }));
  const rowsNow = async () => Number((await db.db.selectFrom('notify_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  // Kill one server while the job is still open (some chunks written, not all).
  await until('a third of the rows', async () => (await rowsNow()) >= N / 3);
  const job = await db.db.selectFrom('notify_fanout_jobs').selectAll().executeTakeFirstOrThrow();
  children.delete(a);
  await killHard(a);
  const killedAt = { rows: await rowsNow(), open: job.done_at === null };
  const a2 = await startServer();
  await until('the job done', async () => !!(await db.db.selectFrom('notify_fanout_jobs').select('done_at').executeTakeFirstOrThrow()).done_at);
  const distinct = () => new Set(smtp.received.map((m) => m.to[0])).size;
  await until('every signer mailed', () => distinct() >= N);
  await until('every row marked', async () => Number((await db.db.selectFrom('notify_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow()).n) === N);
  await sleep(4000);
  const rows = await db.db.selectFrom('notify_deliveries').select(['recipient', 'status']).execute();
  assert.equal(rows.length, N, 'one row per signer');
  assert.equal(new Set(rows.map((r) => r.recipient)).size, N);
  assert.ok(rows.every((r) => r.status === 'sent'));
  const done = await db.db.selectFrom('notify_fanout_jobs').selectAll().executeTakeFirstOrThrow();
  assert.equal(Number(done.rows), N, 'the job wrote every row, each once');
  assert.equal(distinct(), N);
  const ids = smtp.received.map((m) => m.parsed.messageId);
  const repeats = ids.length - new Set(ids).size;
  assert.ok(repeats <= MARK_GROUP + 2 * CONCURRENCY, `${repeats} repeats`);
  const perRecipient = new Map<string, Set<string | undefined>>();
  for (const m of smtp.received) perRecipient.set(m.to[0], (perRecipient.get(m.to[0]) ?? new Set()).add(m.parsed.messageId));
  assert.ok([...perRecipient.values()].every((s) => s.size === 1), 'a repeat carries the same Message-ID');
  console.log(`chunk fault: killed with ${killedAt.rows} of ${N} rows written (job open: ${killedAt.open}); ${smtp.received.length} messages, ${repeats} repeats`);
  for (const c of [b, a2]) {
    children.delete(c);
    await killHard(c);
  }
});
