// Fault test: two real servers (child processes) deliver one event's mail to 400 followers through a
// real SMTP server on loopback, while one server is SIGKILLed mid-batch and restarted, and the SMTP
// server goes down for a while. Afterwards every delivery row is sent exactly once, every recipient
// got the mail, and a repeat at the SMTP boundary is possible only for a message in flight at the
// kill (accepted by the server, not yet marked): it carries the same Message-ID (docs/adr/1601).
import assert from 'node:assert/strict';
import { type ChildProcess, } from 'node:child_process';
import { after, before, test } from 'node:test';
import { freePort, killHard, startServe } from '../helpers/serveProcess.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Db, openDb } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { freshDbUrl } from '../helpers/db.ts';
import { type SmtpPeer, smtpPeer } from '../helpers/smtp.ts';

const keys = generateSigningKey();
const N = 400;
const CONCURRENCY = 4;
// Accepted mails are marked sent in groups of at most 50 (src/modules/notifications/worker.ts).
const MARK_GROUP = 50;
let url: string;
let drop: () => Promise<void>;
let db: Db;
let smtp: SmtpPeer;
const children = new Set<ChildProcess>();

async function startServer(): Promise<ChildProcess> {
  const port = await freePort();
  const child = await startServe({
    db: url,
    port,
    env: {
      KENES_LEDGER_KEY: keys.privateKeyBase64,
      KENES_SMTP_URL: smtp.url,
      KENES_NOTIFY_BATCH: '40',
      KENES_NOTIFY_CONCURRENCY: String(CONCURRENCY),
      KENES_NOTIFY_RETRY_BASE_MS: '300',
      KENES_NOTIFY_LEASE_MS: '3000',
    },
  });
  children.add(child);
  return child;
}

function kill(child: ChildProcess) {
  children.delete(child);
  return killHard(child);
}

const t0 = Date.now();
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  if (process.env.KENES_TEST_TRACE) console.log(`${Date.now() - t0} ms: waiting for ${what}`);
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

before(async () => {
  ({ url, drop } = await freshDbUrl());
  db = openDb(url);
  await migrateToLatest(db);
  smtp = await smtpPeer();
  smtp.delayMs = 4;
  const at = new Date().toISOString();
  for (let i = 0; i < N; i += 100) {
    const ids = Array.from({ length: Math.min(100, N - i) }, (_, k) => `fault-user-${i + k}`);
    await db.db.insertInto('notify_addresses').values(ids.map((id, k) => ({ user_id: id, email: `${id}@example.kz`, lang: ['kk', 'ru', 'en'][(i + k) % 3], digest: 0, token_hash: null, consented_at: at, verified_at: at, stopped_at: null, stopped_reason: null, last_digest_at: null, created_at: at }))).execute();
    await db.db.insertInto('notify_follows').values(ids.map((id) => ({ user_id: id, target_kind: 'council-session', target_id: '7', created_at: at }))).execute();
  }
});

after(async () => {
  for (const c of [...children]) await kill(c);
  await smtp?.stop();
  await db?.close();
  await drop?.();
});

test('SIGKILL mid-batch and an SMTP server down for a while: every delivery sent once, every recipient reached', async () => {
  const a = await startServer();
  const b = await startServer();
  // The fan-out starts at "now": once both run, the event is after their cursor.
  await sleep(500);
  await db.db.transaction().execute((trx) => emit(trx, { kind: 'council.sessionConvened', subject: 'council-session/7', payload: { session: 7 } }));
  await until('the first 100 mails', () => smtp.received.length >= 100);
  await kill(a);
  const killedAt = smtp.received.length;
  await until('200 mails', () => smtp.received.length >= 200);
  await smtp.stop();
  await sleep(1500);
  await smtp.start();
  const a2 = await startServer();
  const distinct = () => new Set(smtp.received.map((m) => m.to[0])).size;
  await until('every recipient', () => distinct() >= N);
  await until('every row marked', async () => Number((await db.db.selectFrom('notify_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow()).n) === N);
  // Leases of the killed process run out (3 s); nothing more may arrive after that.
  await sleep(4000);
  const rows = await db.db.selectFrom('notify_deliveries').select(['recipient', 'status', 'attempts']).execute();
  assert.equal(rows.length, N, 'one row per (event, recipient, channel)');
  assert.ok(rows.every((r) => r.status === 'sent'));
  assert.equal(new Set(rows.map((r) => r.recipient)).size, N);
  assert.equal(distinct(), N, 'every recipient got the mail');
  const ids = smtp.received.map((m) => m.parsed.messageId);
  const repeats = ids.length - new Set(ids).size;
  // A repeat is the same Message-ID as its first copy, and only a message in flight when the process
  // died (its unmarked group, at most 50, and its concurrency) or when the SMTP server dropped the connection
  // after accepting it can be one.
  assert.ok(repeats <= MARK_GROUP + 2 * CONCURRENCY, `${repeats} repeats (killed after ${killedAt} mails)`);
  const perRecipient = new Map<string, Set<string | undefined>>();
  for (const m of smtp.received) perRecipient.set(m.to[0], (perRecipient.get(m.to[0]) ?? new Set()).add(m.parsed.messageId));
  assert.ok([...perRecipient.values()].every((s) => s.size === 1), 'a repeat always carries the same Message-ID');
  console.log(`fault: ${N} recipients, ${smtp.received.length} messages received, ${repeats} repeats at the SMTP boundary; retried rows: ${rows.filter((r) => r.attempts > 1).length}`);
  await kill(b);
  await kill(a2);
});
