// The Council's membership through the API (ADR 0802), on a charter with two blocks of four seats:
// open a cycle → nominations (JSON, and a CSV refused naming row and column) → close → commit each
// block's pool through the draw ceremony → the clock passes the entropy date → reveal → drawn →
// confirmations closed → seated at the term start; the members API; a departure replaced from the
// alternates; and refused steps out of order, each with nothing changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays } from '../../src/core/isoDate.ts';
import { type CycleSchedule, renewalQuotas } from '../../src/core/membership/index.ts';
import { parseQuotasCsv } from '../../src/core/sortition/publicDraw.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import { councilMembers } from '../../src/modules/membership/api.ts';
import { sortitionDraws } from '../../src/modules/sortition/api.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { ALTERNATES, acceptAll, councilTestApp, nominee, SEATS_PER_BLOCK, snapshot } from './membership.fixtures.ts';

let t: Awaited<ReturnType<typeof councilTestApp>>;
let secretariat: SignedIn;
let citizen: SignedIn;
let schedule: CycleSchedule;
const BLOCKS = ['ethnoCultural', 'civicNgo'];
const ENTROPY = 'Kazakhstan lottery draw 2026-10-16: 04 12 18 23 31 40';

before(async () => {
  t = await councilTestApp();
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  citizen = await signInAs(t, {});
});
after(async () => t?.close());

function call(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  return t.app.inject({ method: method as 'POST', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}
async function ok(method: string, url: string, who: SignedIn | null, payload?: unknown) {
  const r = await call(method, url, who, payload);
  assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
  return r.json();
}
/** A refused request: its status and code, and every table exactly as before. */
async function refused(method: string, url: string, who: SignedIn | null, payload: unknown, status: number, code?: string) {
  const before = await snapshot(t);
  const r = await call(method, url, who, payload);
  assert.equal(r.statusCode, status, r.body);
  if (code) assert.equal(r.json().code, code, r.body);
  assert.equal(await snapshot(t), before, `${method} ${url} changed the database`);
  return r.json();
}

test('a whole first cycle: opened, nominated, committed, revealed, drawn, seated; the members API', async () => {
  t.setDay('2026-08-01');
  await refused('POST', '/api/v1/council/cycles', citizen, undefined, 403);
  const opened = await ok('POST', '/api/v1/council/cycles', secretariat);
  assert.equal(opened.number, 0);
  assert.equal(opened.status, 'announced');
  schedule = opened.schedule;
  // The dates come from the charter: the draw on the first selection date, the stages in order.
  assert.equal(schedule.drawn, t.ctx.charter.bodies.council.firstSelection);
  assert.ok(schedule.announced < schedule.nominationsOpen && schedule.nominationsOpen < schedule.nominationsClosed && schedule.nominationsClosed < schedule.committed && schedule.committed < schedule.drawn && schedule.drawn < schedule.termStart);
  await refused('POST', '/api/v1/council/cycles', secretariat, undefined, 409, 'cycle-still-open');

  // Out of order: no nominations before they open, no opening before its date, no commit yet.
  t.setDay(schedule.announced);
  await refused('POST', '/api/v1/council/cycles/0/candidates', secretariat, { candidates: [nominee(BLOCKS[0]!, 0)] }, 409, 'nominations-not-open');
  const early = await refused('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsOpened' }, 409, 'nominations-not-due');
  assert.match(early.detail, /nominationsOpen/);
  await refused('POST', '/api/v1/council/cycles/0/commit', secretariat, { entropySources: ['Lotto'] }, 409, 'cycle-wrong-stage');
  await refused('POST', '/api/v1/council/cycles/0/transitions', citizen, { event: 'council.nominationsOpened' }, 403);

  t.setDay(schedule.nominationsOpen);
  assert.equal((await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsOpened' })).status, 'nominationsOpen');

  // Eight nominations per block, one of them under age and one the same person twice.
  const pool = BLOCKS.flatMap((block, b) => Array.from({ length: 8 }, (_, i) => nominee(block, b * 8 + i)));
  const minor = nominee(BLOCKS[0]!, 20, { iin: (await import('../../src/core/iin.ts')).makeIin('2012-05-05', 'female', 901), organisationId: 'youth-club' });
  const added = await ok('POST', '/api/v1/council/cycles/0/candidates', secretariat, { candidates: [...pool, minor, { ...pool[0]!, block: BLOCKS[0], organisationId: 'other-org' }] });
  assert.equal(added.added, 18);

  // A CSV with a bad IIN on line 3 and an unknown region on line 4: both named, nothing added.
  const header = 'iin,first_name,last_name,block,region,organisation_id,organisation,offices,settlement';
  const good = nominee(BLOCKS[1]!, 40);
  const row = (n: ReturnType<typeof nominee>, over: Partial<Record<'iin' | 'region', string>> = {}) => [over.iin ?? n.iin, n.firstName, n.lastName, n.block, over.region ?? n.region, n.organisationId, n.organisation, '', n.declared.settlement].join(',');
  const csv = [header, row(good), row(nominee(BLOCKS[1]!, 41), { iin: '123456789012' }), row(nominee(BLOCKS[1]!, 42), { region: 'KZ-99' })].join('\n');
  const bad = await refused('POST', '/api/v1/council/cycles/0/candidates', secretariat, { csv }, 400, 'candidates-invalid');
  assert.deepEqual(bad.errors.map((e: { field: string }) => e.field), ['csv row 3 column iin', 'csv row 4 column region']);
  const missing = await refused('POST', '/api/v1/council/cycles/0/candidates', secretariat, { csv: 'iin,first_name\n1,2' }, 400, 'candidate-csv');
  assert.match(missing.detail, /missing column "last_name"/);
  // The same CSV without its bad rows is imported.
  assert.equal((await ok('POST', '/api/v1/council/cycles/0/candidates', secretariat, { csv: [header, row(good)].join('\n') })).added, 1);

  const { candidates } = await ok('GET', '/api/v1/council/cycles/0/candidates', secretariat);
  assert.equal(candidates.length, 19);
  const minorRow = candidates.find((c: { reasons: { code: string }[] }) => c.reasons.some((r) => r.code === 'underage'));
  assert.equal(minorRow.eligible, false);
  assert.equal(minorRow.reasons.length, 1);
  assert.equal(candidates.filter((c: { eligible: boolean }) => !c.eligible).length, 2);
  const dup = candidates.filter((c: { reasons: { code: string }[] }) => c.reasons.some((r) => r.code === 'duplicateNomination'));
  assert.equal(dup.length, 1);
  // Names are first name and initial; the raw IIN is nowhere.
  assert.equal(candidates[0].name, `${pool[0]!.firstName} ${pool[0]!.lastName[0]}.`);
  const stored = JSON.stringify(await t.ctx.db.db.selectFrom('council_candidates').selectAll().execute());
  for (const p of pool) assert.ok(!stored.includes(p.iin), 'an IIN was stored');
  await refused('GET', '/api/v1/council/cycles/0/candidates', citizen, undefined, 403);

  t.setDay(schedule.nominationsClosed);
  await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsClosed' });
  await refused('POST', '/api/v1/council/cycles/0/candidates', secretariat, { candidates: [nominee(BLOCKS[0]!, 50)] }, 409, 'nominations-not-open');

  t.setDay(schedule.committed);
  const committed = await ok('POST', '/api/v1/council/cycles/0/commit', secretariat, { entropySources: ['Kazakhstan lottery draw of 2026-10-16'] });
  assert.equal(committed.draws.length, BLOCKS.length);
  for (const d of committed.draws) {
    assert.equal(d.k, SEATS_PER_BLOCK);
    // The ceremony's public pool has the block's eligible candidates only, under random numbers.
    const run = await ok('GET', `/api/v1/sortition/draws/${d.runId}`, null);
    assert.equal(run.stage, 'committed');
    assert.equal(run.poolSize, d.poolSize);
  }
  assert.deepEqual(committed.draws.map((d: { poolSize: number }) => d.poolSize), [8, 9]);
  await refused('POST', '/api/v1/council/cycles/0/commit', secretariat, { entropySources: ['again'] }, 409, 'cycle-wrong-stage');

  // Before the sources' date the ceremony refuses the reveal, and nothing changes.
  await refused('POST', '/api/v1/council/cycles/0/reveal', secretariat, { entropy: ENTROPY }, 409, 'entropy-not-yet');

  t.setDay(schedule.drawn);
  const drawn = await ok('POST', '/api/v1/council/cycles/0/reveal', secretariat, { entropy: ENTROPY });
  assert.equal(drawn.selected, SEATS_PER_BLOCK * BLOCKS.length);
  assert.equal(drawn.alternates, ALTERNATES * BLOCKS.length);
  await refused('POST', '/api/v1/council/cycles/0/reveal', secretariat, { entropy: ENTROPY }, 409, 'cycle-wrong-stage');
  // Drawn is not sitting: the term has not started.
  assert.equal((await ok('GET', '/api/v1/council/members', null)).count, 0);

  // Confirmations are pending: the cycle cannot close them before the deadline.
  await refused('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.confirmationsClosed' }, 409, 'confirmations-pending');
  await acceptAll(t, secretariat.headers, 0);
  await ok('POST', '/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.confirmationsClosed' });
  // Seating is the clock's step, on the term start.
  assert.equal(await membershipService(t.ctx).sweep(), 0);
  t.setDay(schedule.termStart);
  assert.equal(await membershipService(t.ctx).sweep(), 1);
  assert.equal((await ok('GET', '/api/v1/council/cycles/0', null)).status, 'seated');

  const members = await ok('GET', '/api/v1/council/members', null);
  assert.equal(members.count, SEATS_PER_BLOCK * BLOCKS.length);
  const cycle = await ok('GET', '/api/v1/council/cycles/0', null);
  for (const b of BLOCKS) {
    const ofBlock = members.members.filter((m: { block: string }) => m.block === b);
    assert.equal(ofBlock.length, SEATS_PER_BLOCK);
    const run = cycle.blocks.find((x: { id: string }) => x.id === b).draw.runId;
    // Each member links to the draw of their block, and that draw's report selected exactly as many.
    for (const m of ofBlock) assert.equal(m.links.draw, `/sortition/runs/${run}`);
    const report = (await ok('GET', `/api/v1/sortition/draws/${run}`, null)).report;
    assert.equal(report.draw.members.length, ofBlock.length);
    // Half the seats get the short first term (class 0), half the full term.
    const ends = [...new Set(ofBlock.map((m: { termEnd: string }) => m.termEnd))].sort();
    assert.equal(ends.length, 2);
    assert.equal(ofBlock.filter((m: { termEnd: string }) => m.termEnd === ends[0]).length, SEATS_PER_BLOCK / 2);
  }
  for (const m of members.members) {
    assert.match(m.name, /^\S+ \S\.$/);
    assert.ok(t.ctx.charter.regions.some((r) => r.code === m.region));
    assert.equal(m.termStart, schedule.termStart);
  }
  // The typed API for other modules says the same.
  assert.deepEqual((await councilMembers(t.ctx).sittingMembers()).map((m) => m.id), members.members.map((m: { id: string }) => m.id));
  assert.equal((await ok('GET', `/api/v1/council/members?date=${schedule.drawn}`, null)).count, 0);
  await refused('GET', '/api/v1/council/members?date=2027-13-40', null, undefined, 400, 'invalid-date');
});

test('a member who leaves is replaced by the highest-ranked alternate that keeps the quotas, from the next day', async () => {
  const { members } = await ok('GET', '/api/v1/council/members', null);
  const leaver = members[0];
  const day = schedule.termStart;
  await refused('POST', `/api/v1/council/members/${leaver.id}/departure`, citizen, { on: day, reason: 'resigned' }, 403);
  await refused('POST', `/api/v1/council/members/${leaver.id}/departure`, secretariat, { on: '2020-01-01', reason: 'resigned' }, 400, 'leave-outside-term');
  const r = await ok('POST', `/api/v1/council/members/${leaver.id}/departure`, secretariat, { on: day, reason: 'resigned' });
  assert.equal(r.replacement.kind, 'alternate');
  assert.ok(r.replacement.rank >= 1);
  await refused('POST', `/api/v1/council/members/${leaver.id}/departure`, secretariat, { on: day, reason: 'resigned' }, 409, 'member-not-sitting');
  // The alternate is called and sits once they accept.
  assert.equal((await ok('GET', `/api/v1/council/members?date=${r.replacement.joinedOn}`, null)).members.length, members.length - 1);
  await ok('POST', `/api/v1/council/members/${r.replacement.member}/confirmation`, secretariat, { answer: 'accepted' });

  // On the day they leave, the leaver still sits; the next day the alternate holds the same seat.
  const today = (await ok('GET', `/api/v1/council/members?date=${day}`, null)).members;
  assert.ok(today.some((m: { id: string }) => m.id === leaver.id));
  const next = (await ok('GET', `/api/v1/council/members?date=${r.replacement.joinedOn}`, null)).members;
  assert.equal(next.length, members.length);
  assert.ok(!next.some((m: { id: string }) => m.id === leaver.id));
  const incoming = next.find((m: { id: string }) => m.id === r.replacement.member);
  assert.equal(incoming.seat, leaver.seat);
  assert.equal(incoming.block, leaver.block);
  assert.equal(incoming.replaces, leaver.id);
  assert.equal(incoming.alternateRank, r.replacement.rank);
  assert.equal(incoming.termEnd, leaver.termEnd);
  assert.equal(incoming.draw, leaver.draw);
  for (const kind of ['council.memberLeft', 'council.alternateCalled', 'council.selectionAccepted']) assert.ok((await t.ctx.db.db.selectFrom('outbox').select(['kind']).where('kind', '=', kind).execute()).length >= 1, kind);
});

test('the second cycle renews only the seats whose terms end, under the block target minus the continuing members', async () => {
  const before = (await ok('GET', '/api/v1/council/members', null)).members;
  t.setDay(addDays(schedule.termStart, 30));
  const opened = await ok('POST', '/api/v1/council/cycles', secretariat);
  assert.equal(opened.number, 1);
  const s1: CycleSchedule = opened.schedule;
  // Half of each block is renewed; the other half sits on.
  for (const b of opened.blocks) assert.equal(b.k, SEATS_PER_BLOCK / 2);
  t.setDay(s1.nominationsOpen);
  await ok('POST', '/api/v1/council/cycles/1/transitions', secretariat, { event: 'council.nominationsOpened' });
  const pool = BLOCKS.flatMap((block, b) => Array.from({ length: 5 }, (_, i) => nominee(block, 60 + b * 5 + i)));
  await ok('POST', '/api/v1/council/cycles/1/candidates', secretariat, { candidates: pool });
  t.setDay(s1.nominationsClosed);
  await ok('POST', '/api/v1/council/cycles/1/transitions', secretariat, { event: 'council.nominationsClosed' });
  t.setDay(s1.committed);
  const committed = await ok('POST', '/api/v1/council/cycles/1/commit', secretariat, { entropySources: ['Kazakhstan lottery draw of 2028-10-16'] });
  // The renewal draw's quotas are the block's target minus the members who continue (core renewalQuotas).
  const sitting = await t.ctx.db.db.selectFrom('council_members').selectAll().where('status', '=', 'sitting').execute();
  for (const d of committed.draws) {
    const run = await ok('GET', `/api/v1/sortition/draws/${d.runId}`, null);
    assert.equal(run.k, SEATS_PER_BLOCK / 2);
    const continuing = sitting.filter((m) => m.block_id === d.blockId && Number(m.end_cycle) > 1).map((m) => JSON.parse(m.features));
    assert.equal(continuing.length, SEATS_PER_BLOCK / 2);
    const published = parseQuotasCsv((await t.app.inject(`/sortition/runs/${d.runId}/quotas.csv`)).body);
    assert.deepEqual(published, renewalQuotas(t.ctx.charter, d.blockId, continuing, SEATS_PER_BLOCK / 2).quotas);
  }
  t.setDay(s1.drawn);
  // As if a process was killed after revealing the first block's draw and before recording the cycle:
  // the secretariat's reveal then reveals only the other block, and records both.
  const entropy = 'Kazakhstan lottery draw 2028-10-16: 02 09 17 26 38 44';
  await (await sortitionDraws(t.ctx).reveal(committed.draws[0].runId, { entropy })).done;
  assert.equal((await ok('POST', '/api/v1/council/cycles/1/reveal', secretariat, { entropy })).selected, (SEATS_PER_BLOCK / 2) * BLOCKS.length);
  for (const d of committed.draws) assert.equal((await ok('GET', `/api/v1/sortition/draws/${d.runId}`, null)).entropy, entropy);
  await acceptAll(t, secretariat.headers, 1);
  await ok('POST', '/api/v1/council/cycles/1/transitions', secretariat, { event: 'council.confirmationsClosed' });
  t.setDay(s1.termStart);
  await membershipService(t.ctx).sweep();
  const after = (await ok('GET', '/api/v1/council/members', null)).members;
  assert.equal(after.length, SEATS_PER_BLOCK * BLOCKS.length);
  // Those whose first term was the long one are still there, on the same seats; the rest are new.
  const stayed = before.filter((m: { termEnd: string }) => m.termEnd >= s1.termStart);
  assert.equal(stayed.length, (SEATS_PER_BLOCK / 2) * BLOCKS.length);
  for (const m of stayed) assert.ok(after.some((x: { id: string; seat: string }) => x.id === m.id && x.seat === m.seat));
  const fresh = after.filter((m: { cycle: number }) => m.cycle === 1);
  assert.equal(fresh.length, (SEATS_PER_BLOCK / 2) * BLOCKS.length);
  assert.deepEqual(new Set(fresh.map((m: { seat: string }) => m.seat)), new Set(before.filter((m: { termEnd: string }) => m.termEnd < s1.termStart).map((m: { seat: string }) => m.seat)));
});

test('every step of the cycle went on the outbox (and so the ledger)', async () => {
  const kinds = (await t.ctx.db.db.selectFrom('outbox').select('kind').where('kind', 'like', 'council.%').execute()).map((r) => r.kind);
  for (const k of ['council.cycleAnnounced', 'council.nominationsOpened', 'council.candidatesAdded', 'council.nominationsClosed', 'council.poolCommitted', 'council.drawn', 'council.confirmationsClosed', 'council.seated']) assert.ok(kinds.includes(k), k);
});
