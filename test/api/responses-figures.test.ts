// The dashboard's aggregation (counts in SQL, medians from the answered items, on SQLite and
// PostgreSQL) gives exactly the figures of the pure definitions in core/responses/stats.ts, on random data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clockState } from '../../src/core/responses/clock.ts';
import { computeStats, type ItemFacts } from '../../src/core/responses/stats.ts';
import { DemoRng } from '../../src/demo/rng.ts';
import { DEMO_AGENCIES } from '../../src/modules/responses/agencies.ts';
import { ResponsesService } from '../../src/modules/responses/service.ts';
import { almaty, charter, type SettledDb, settledDb } from './responses.fixtures.ts';

let db: SettledDb;
let svc: ResponsesService;
const TODAY = '2026-06-15';

before(async () => {
  db = await settledDb();
  svc = new ResponsesService(db.db, charter, () => almaty(TODAY));
  for (const a of DEMO_AGENCIES.slice(0, 8)) await svc.createAgency(a);
});
after(async () => db.drop());

test('figures from SQL equal computeStats and clockState over the same rows', async () => {
  const rng = new DemoRng('figures');
  const agencies = DEMO_AGENCIES.slice(1, 8).map((a) => a.id);
  const date = (from: number, to: number) => new Date(Date.UTC(2026, 0, 1 + rng.int(from, to))).toISOString().slice(0, 10);
  const rows = Array.from({ length: 400 }, (_, i) => {
    const assigned = rng.chance(0.9);
    const due = date(30, 250);
    const answered = assigned && rng.chance(0.6) ? date(10, 200) : null;
    return {
      title: `Item ${i}`,
      lang: 'en',
      source_ref: `proposal/f-${i}`,
      received_on: '2026-01-05',
      status: !assigned ? 'received' : answered ? 'answered' : 'assigned',
      lead_agency_id: assigned ? rng.pick(agencies) : null,
      agency_received_on: assigned ? '2026-01-05' : null,
      due_date: assigned ? due : null,
      original_due_date: assigned ? due : null,
      clock: null,
      extension_count: assigned && rng.chance(0.2) ? 1 : 0,
      forward_count: 0,
      answered_on: answered,
      outcome: answered ? 'accepted' : null,
      answer_reasons: answered ? 'x' : null,
      working_days_to_answer: answered ? rng.int(1, 60) : null,
      closed_on: null,
      created_at: '2026-01-05T00:00:00Z',
      updated_at: '2026-01-05T00:00:00Z',
    };
  });
  await db.db.insertInto('response_items').values(rows).execute();
  const dash = await svc.dashboard();
  const facts = (list: typeof rows): ItemFacts[] =>
    list.filter((r) => r.lead_agency_id).map((r) => ({ dueDate: r.due_date!, answeredOn: r.answered_on, workingDaysToAnswer: r.working_days_to_answer, extended: r.extension_count > 0 }));
  assert.deepEqual(dash.national, computeStats(facts(rows), TODAY));
  for (const a of dash.agencies) {
    const { agencyId, ...figures } = a;
    assert.deepEqual(figures, computeStats(facts(rows.filter((r) => r.lead_agency_id === agencyId)), TODAY), agencyId);
  }
  const running = { on_time: 0, due_soon: 0, overdue: 0 };
  for (const r of rows) {
    if (!r.lead_agency_id || r.answered_on) continue;
    running[clockState(svc.calendar, charter.responses, { dueDate: r.due_date, answeredOn: null }, TODAY) as keyof typeof running]++;
  }
  assert.deepEqual(dash.running, running);
});
