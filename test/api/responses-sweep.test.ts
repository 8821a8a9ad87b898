// The deadline sweep: an item turns overdue on the right day, the event is written exactly once, and
// several sweeper processes on one database never fire twice.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { openDb } from '../../src/db/connection.ts';
import { ResponsesService } from '../../src/modules/responses/service.ts';
import { almaty, charter, type SettledDb, settledDb } from './responses.fixtures.ts';
import { thisFileArgs } from '../helpers/thisFile.ts';

// Child mode: this file, started as its own process, runs one sweep and prints the ids it marked.
const child = process.env.KENES_SWEEP_CHILD;
if (child) {
  const handle = openDb(child);
  const r = await new ResponsesService(handle.db, charter).sweep(new Date(process.env.KENES_SWEEP_NOW!), 7);
  await handle.close();
  process.stdout.write(JSON.stringify(r.markedOverdue));
  process.exit(0);
}

function sweepInChildProcess(url: string, now: Date): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, thisFileArgs(import.meta.url), {
      env: { ...process.env, KENES_SWEEP_CHILD: url, KENES_SWEEP_NOW: now.toISOString(), NODE_TEST_CONTEXT: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`sweeper exited with ${code}`))));
  });
}
const SECRETARIAT = { secretariat: true, agencyId: null };
let db: SettledDb;

let svc: ResponsesService;

before(async () => {
  db = await settledDb();
  svc = new ResponsesService(db.db, charter, () => almaty('2026-03-20'));
  await svc.createAgency({ id: 'min-labour', name: { kk: 'Еңбек министрлігі', ru: 'Министерство труда', en: 'Ministry of Labour' }, level: 'central' });
  await svc.createAgency({ id: 'akimat-almaty', name: { kk: 'Алматы қаласының әкімдігі', ru: 'Акимат города Алматы', en: 'Akimat of Almaty' }, level: 'local', region: 'KZ-75' });
});
after(async () => db.drop());

async function missedEvents(): Promise<{ subject: string }[]> {
  return db.db.selectFrom('outbox').select(['subject', 'payload']).where('kind', '=', 'response.deadline_missed').orderBy('id').execute();
}

test('an item received on Fri 20 March 2026 (Nauryz) by a ministry turns overdue on Tue 26 May, not before', async () => {
  svc.clock = () => almaty('2026-03-20');
  const item = await svc.createItem({ title: 'Тест: мерзім', lang: 'kk', sourceRef: 'proposal/sweep-1', receivedOn: '2026-03-20' });
  const assigned = await svc.assign(item.id, { leadAgencyId: 'min-labour' }, SECRETARIAT);
  assert.equal(assigned.dueDate, '2026-05-25');
  assert.equal(assigned.clock, 'on_time');

  // Last minute of the deadline day, Almaty time: still running.
  assert.deepEqual((await svc.sweep(almaty('2026-05-25', '23:59:59'))).markedOverdue, []);
  svc.clock = () => almaty('2026-05-25', '23:59:59');
  assert.equal((await svc.getItem(item.id))!.clock, 'due_soon');

  // First second of the next day in Almaty (still 25 May in UTC): overdue.
  assert.deepEqual((await svc.sweep(almaty('2026-05-26', '00:00:01'))).markedOverdue, [item.id]);
  svc.clock = () => almaty('2026-05-26', '00:00:01');
  const overdue = (await svc.getItem(item.id))!;
  assert.equal(overdue.clock, 'overdue');
  assert.equal(overdue.workingDaysLeft, -1);
  assert.equal(overdue.timeline.at(-1)!.kind, 'deadline_missed');

  // Later sweeps do not fire again.
  assert.deepEqual((await svc.sweep(almaty('2026-05-27'))).markedOverdue, []);
  const events = await missedEvents();
  assert.equal(events.length, 1);
  assert.equal(events[0].subject, `response/${item.id}`);
  assert.doesNotMatch(JSON.stringify(events), /Тест/, 'the event carries no free text from the item');
});

test('answered items and items with a later deadline are left alone', async () => {
  svc.clock = () => almaty('2026-04-01');
  const a = await svc.createItem({ title: 'Answered in time', lang: 'en', sourceRef: 'proposal/sweep-2', receivedOn: '2026-04-01' });
  await svc.assign(a.id, { leadAgencyId: 'akimat-almaty' }, SECRETARIAT);
  await svc.answer(a.id, { outcome: 'rejected', reasons: 'Outside the akimat’s powers', measures: [] }, { secretariat: false, agencyId: 'akimat-almaty' });
  const b = await svc.createItem({ title: 'Still running', lang: 'en', sourceRef: 'proposal/sweep-3', receivedOn: '2026-04-01' });
  await svc.assign(b.id, { leadAgencyId: 'min-labour' }, SECRETARIAT);
  const before = (await missedEvents()).length;
  assert.deepEqual((await svc.sweep(almaty('2026-05-15'))).markedOverdue, []);
  assert.equal((await missedEvents()).length, before);
});

test('four sweeper processes mark 120 overdue items with exactly one event each', async () => {
  svc.clock = () => almaty('2026-06-01');
  const ids: number[] = [];
  for (let i = 0; i < 120; i++) {
    const it = await svc.createItem({ title: `Bulk ${i}`, lang: 'ru', sourceRef: `decision/bulk-${i}`, receivedOn: '2026-06-01' });
    await svc.assign(it.id, { leadAgencyId: i % 2 ? 'min-labour' : 'akimat-almaty' }, SECRETARIAT);
    ids.push(it.id);
  }
  const running = await db.db.selectFrom('response_items').select('id').where('source_ref', '=', 'proposal/sweep-3').execute();
  const expected = [...ids, ...running.map((r) => Number(r.id))].sort((x, y) => x - y);
  const before = (await missedEvents()).length;
  // Real processes, as in production: each has its own connection (pool) and small batches, so they interleave.
  const results = await Promise.all([0, 1, 2, 3].map(() => sweepInChildProcess(db.url, almaty('2026-12-31'))));
  const all = results.flat().sort((x, y) => x - y);
  assert.deepEqual(all, expected, 'every overdue item is marked by exactly one sweeper');
  const events = await missedEvents();
  assert.equal(events.length - before, expected.length);
  assert.equal(new Set(events.map((e) => e.subject)).size, events.length, 'no item has two deadline_missed events');
});
