// Shared set-up of the Council-at-work API tests: the small two-block charter of the membership
// tests (eight seats), its first cycle run through the API and seated, a sign-in for every member
// (their registry person id is their pseudonym), staff sign-ins, request helpers, and a snapshot of
// every table a Council step writes (to prove a refused step changed nothing).
import assert from 'node:assert/strict';
import { emit } from '../../src/modules/outbox/api.ts';
import { councilService } from '../../src/modules/council/service.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import type { CycleSchedule } from '../../src/core/membership/index.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { councilTestApp, runFirstCycle } from './membership.fixtures.ts';

export type CouncilTestApp = Awaited<ReturnType<typeof councilTestApp>>;

export interface Member {
  id: string;
  name: string;
  block: string;
  who: SignedIn;
}

const TABLES = [
  'council_sessions',
  'council_agenda_items',
  'council_sponsors',
  'council_item_versions',
  'council_amendments',
  'council_attendance',
  'council_votes',
  'council_ballots',
  'council_decisions',
  'council_initiatives',
  'council_track_steps',
  'council_minutes',
  'council_co_sponsor_confirmations',
  'council_members',
  'response_items',
  'outbox',
] as const;

export async function snapshot(t: CouncilTestApp): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = (await t.ctx.db.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(out);
}

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by the assertions
type Json = any;

export interface CouncilWorld {
  t: CouncilTestApp;
  schedule: CycleSchedule;
  secretariat: SignedIn;
  chair: SignedIn;
  citizen: SignedIn;
  /** A user with the council_member role who holds no seat. */
  outsider: SignedIn;
  members: Member[];
  call(method: string, url: string, who: SignedIn | null, payload?: unknown): Promise<{ statusCode: number; body: string; json(): Json }>;
  ok(method: string, url: string, who: SignedIn | null, payload?: unknown): Promise<Json>;
  /** A refused request: its status and code, and every table exactly as before. */
  refused(method: string, url: string, who: SignedIn | null, payload: unknown, status: number, code?: string): Promise<Json>;
  /** A member's sign-in by membership id (e.g. an alternate who joined later). */
  signInMember(memberId: string): Promise<SignedIn>;
}

export async function councilWorld(): Promise<CouncilWorld> {
  const t = await councilTestApp();
  const secretariat = await signInAs(t, { roles: ['secretariat'] });
  const chair = await signInAs(t, { roles: ['council_chair'] });
  const citizen = await signInAs(t, {});
  const outsider = await signInAs(t, { roles: ['council_member'] });
  const schedule = await runFirstCycle(t, secretariat.headers, () => membershipService(t.ctx).sweep());
  const call = (method: string, url: string, who: SignedIn | null, payload?: unknown) =>
    t.app.inject({ method: method as 'POST', url, headers: who ? who.headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const ok = async (method: string, url: string, who: SignedIn | null, payload?: unknown) => {
    const r = await call(method, url, who, payload);
    assert.ok(r.statusCode < 300, `${method} ${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const refused = async (method: string, url: string, who: SignedIn | null, payload: unknown, status: number, code?: string) => {
    const before = await snapshot(t);
    const r = await call(method, url, who, payload);
    assert.equal(r.statusCode, status, r.body);
    if (code) assert.equal(r.json().code, code, r.body);
    assert.equal(await snapshot(t), before, `${method} ${url} changed the database`);
    return r.json();
  };
  const signInMember = async (memberId: string) => {
    const row = await t.ctx.db.db.selectFrom('council_members').select('person_id').where('id', '=', memberId).executeTakeFirstOrThrow();
    return signInAs(t, { roles: ['council_member'], pseudonym: row.person_id });
  };
  const registry = (await ok('GET', `/api/v1/council/members?date=${schedule.termStart}`, null)).members as { id: string; name: string; block: string }[];
  const members: Member[] = [];
  for (const m of registry) members.push({ id: m.id, name: m.name, block: m.block, who: await signInMember(m.id) });
  return { t, schedule, secretariat, chair, citizen, outsider, members, call, ok, refused, signInMember };
}

/** A `proposal.succeeded` event as the proposals module emits it (docs/adr/0006), committed now. */
/**
 * An open roll-call vote on a member's recommendation in an opened regular session that every member
 * attends: what the tests of ballots under faults and across processes start from. Returns its id.
 */
export async function openVoteWithEveryoneIn(w: CouncilWorld): Promise<string> {
  const { ok, secretariat, chair, members: m } = w;
  const D0 = w.schedule.termStart;
  const S = councilService(w.t.ctx).calendar.addWorkingDays(D0, w.t.ctx.charter.councilWork.notice.regular);
  w.t.setDay(D0);
  const s = (await ok('POST', '/api/v1/council/sessions', secretariat, { kind: 'regular', date: S, place: 'Astana' })).id;
  const co = m.slice(1, 1 + w.t.ctx.charter.councilWork.motions.coSponsors.recommendation).map((x) => x.id);
  const item = (await ok('POST', `/api/v1/council/sessions/${s}/motions`, m[0]!.who, { motionKind: 'recommendation', title: 'Publish the budgets', text: 'The Council recommends it.', coSponsorIds: co })).id;
  for (const x of m.slice(1, 1 + co.length)) await ok('POST', `/api/v1/council/items/${item}/co-sponsorship`, x.who, {});
  await ok('POST', `/api/v1/council/sessions/${s}/convene`, chair, {});
  w.t.setDay(S);
  await ok('POST', `/api/v1/council/sessions/${s}/open`, chair, {});
  for (const x of m) await ok('POST', `/api/v1/council/sessions/${s}/attendance`, x.who, {});
  return (await ok('POST', `/api/v1/council/sessions/${s}/votes`, chair, { itemId: item })).id as string;
}

export async function proposalSucceeded(t: CouncilTestApp, ref: string, kind: string, title: string, at: string): Promise<void> {
  await t.ctx.db.db.transaction().execute((trx) => emit(trx, { kind: 'proposal.succeeded', subject: `proposal/${ref}`, occurredAt: at, payload: { kind, signatures: 50_000, title, language: 'kk' } }));
}
