// The agenda: succeeded citizens' proposals queued by their outbox event (with the Council's own
// clock), members' motions with their co-sponsors, referrals from the President or the Kurultai,
// government reports from the response clock, and amendments to a motion's text with its version
// history. Every rule is the core's (src/core/council/agenda.ts); every act is an outbox event.
import { randomUUID } from 'node:crypto';
import {
  type AgendaItem,
  type AgendaSource,
  checkAddItem,
  checkAmendment,
  checkMotion,
  checkReferendumSubjects,
  firstOpenAgenda,
  queueSucceededProposal,
  REFERRING_BODIES,
  refusalError,
  type SessionState,
  sourceKey,
} from '../../core/council/index.ts';
import { MOTION_KINDS } from '../../core/charter/definition.ts';
import { DomainError } from '../../core/errors.ts';
import { isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import { isLang } from '../../core/lang.ts';
import type { MotionKind } from '../../core/charter/types.ts';
import type { SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { itemSummary } from '../responses/api.ts';
import { type CouncilBase, staffKinds, type Trx } from './base.ts';
import type { CouncilTables } from './tables.ts';

type ItemRow = CouncilTables['council_agenda_items'];
type SessionRow = CouncilTables['council_sessions'];

const MAX_TITLE = 300;
const MAX_TEXT = 50_000;

export const coreItem = (r: ItemRow): AgendaItem => ({ id: r.id, source: JSON.parse(r.source) as AgendaSource, addedOn: r.added_on ?? r.queued_on });

/** Co-sponsors who confirmed a motion (target: the item's id) or an amendment (its id) themselves. */
export async function confirmedCount(trx: Trx, targetId: string): Promise<number> {
  const r = await trx.selectFrom('council_co_sponsor_confirmations').select((eb) => eb.fn.countAll<number>().as('n')).where('target_id', '=', targetId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** What a vote on a motion or an amendment waits for: the charter's co-sponsors, confirmed (docs/adr/0905). */
export async function checkCoSponsorsConfirmed(trx: Trx, rules: CouncilBase['rules'], item: ItemRow, amendmentId: string | null): Promise<void> {
  const need = amendmentId ? rules.amendments.coSponsors : item.kind === 'motion' && item.decision_kind ? rules.motions.coSponsors[item.decision_kind as MotionKind] : 0;
  if (!need) return;
  const confirmed = await confirmedCount(trx, amendmentId ?? item.id);
  if (confirmed < need) throw new DomainError('co-sponsors-unconfirmed', amendmentId ? 'amendmentId' : 'itemId', { confirmed, need });
}

export function agendaSteps(b: CouncilBase) {
  const { db } = b;

  function text(v: unknown, field: string, max: number): string {
    const s = typeof v === 'string' ? v.trim() : '';
    if (!s) throw new DomainError('required', field);
    if (s.length > max) throw new DomainError('too-long', field, { max });
    return s;
  }
  function requireStaff(user: SessionUser | null): void {
    if (staffKinds(user).length === 0) throw new DomainError('secretariat-or-chair-only');
  }

  async function sessionRow(trx: Trx, id: string, field = 'sessionId'): Promise<SessionRow> {
    const row = await trx.selectFrom('council_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not-found', field, { what: 'council session', id });
    return row;
  }

  async function targetOf(trx: Trx, s: SessionRow) {
    const items = (await trx.selectFrom('council_agenda_items').selectAll().where('session_id', '=', s.id).execute()).map(coreItem);
    return { id: s.id, state: s.status as SessionState, date: s.date, items };
  }

  /** May `source` go on session `s` today? Raises the core's refusal. */
  async function checkTarget(trx: Trx, s: SessionRow, source: AgendaSource, today: IsoDate): Promise<void> {
    const target = await targetOf(trx, s);
    // One source on one agenda only once, whichever session holds it.
    const clash = await trx.selectFrom('council_agenda_items').select('id').where('source_key', '=', sourceKey(source)).executeTakeFirst();
    if (clash) throw new DomainError('already-on-agenda', 'source', { source: sourceKey(source) });
    const c = checkAddItem(b.calendar, b.rules, target, source, today);
    if (!c.ok) throw refusalError(c.refusal);
  }

  async function insertItem(trx: Trx, row: Omit<ItemRow, 'created_at' | 'source_key'> & { source_key?: string }, at: string): Promise<ItemRow> {
    const source = JSON.parse(row.source) as AgendaSource;
    const full: ItemRow = { ...row, source_key: sourceKey(source), created_at: at };
    await trx.insertInto('council_agenda_items').values(full).execute();
    return full;
  }

  async function emitAdded(trx: Trx, item: ItemRow, session: Pick<SessionRow, 'id' | 'number'> | null, at: string, by: string | null) {
    await emit(trx, {
      kind: 'council-agenda.item-added',
      subject: `council-item/${item.id}`,
      occurredAt: at,
      payload: { itemId: item.id, sessionId: session?.id ?? null, session: session ? Number(session.number) : null, kind: item.kind, decisionKind: item.decision_kind, title: item.title, source: JSON.parse(item.source), addedOn: item.added_on, by },
    });
  }

  const steps = {
    /**
     * Puts every queued citizens' proposal that this session's agenda takes today on it (oldest
     * first); called when a session is planned, and by the secretariat's "place" step.
     */
    async placeQueued(trx: Trx, sessionId: string, today: IsoDate): Promise<number> {
      const s = await sessionRow(trx, sessionId);
      const queued = await trx.selectFrom('council_agenda_items').selectAll().where('status', '=', 'queued').orderBy('queued_on').orderBy('id').execute();
      const at = b.now().toISOString();
      let placed = 0;
      for (const q of queued) {
        const target = await targetOf(trx, s);
        if (!checkAddItem(b.calendar, b.rules, target, coreItem(q).source, today).ok) continue;
        await trx.updateTable('council_agenda_items').set({ session_id: s.id, added_on: today, status: 'pending' }).where('id', '=', q.id).execute();
        await emitAdded(trx, { ...q, session_id: s.id, added_on: today, status: 'pending' }, s, at, null);
        placed++;
      }
      return placed;
    },

    /**
     * A succeeded proposal (its `proposal.succeeded` event): queued with its clock and, when a
     * planned or convened session's agenda takes it on that day, placed on the earliest such one.
     * Returns null for a kind the charter does not send to the Council, or one queued already.
     */
    async queueProposal(trx: Trx, p: { ref: string; kind: string; title: string; lang: string; succeededOn: IsoDate }, at: string): Promise<ItemRow | null> {
      const queued = queueSucceededProposal(b.calendar, b.rules, { proposalId: p.ref, proposalKind: p.kind, succeededOn: p.succeededOn });
      if (!queued) return null;
      if (await trx.selectFrom('council_agenda_items').select('id').where('source_key', '=', sourceKey(queued.source)).executeTakeFirst()) return null;
      const sessions = await trx.selectFrom('council_sessions').selectAll().where('status', 'in', ['planned', 'convened']).execute();
      const targets = await Promise.all(sessions.map((s) => targetOf(trx, s)));
      const to = firstOpenAgenda(b.calendar, b.rules, targets, queued.source, p.succeededOn);
      const session = to ? sessions.find((s) => s.id === to.id)! : null;
      const rule = b.rules.agendaFromProposals.find((e) => e.proposalKind === p.kind)!;
      const item = await insertItem(
        trx,
        {
          id: randomUUID(),
          session_id: session?.id ?? null,
          kind: 'petition',
          decision_kind: rule.decisionKind,
          title: p.title.slice(0, MAX_TITLE),
          lang: isLang(p.lang) ? p.lang : 'kk',
          source: JSON.stringify(queued.source),
          subjects: '[]',
          queued_on: p.succeededOn,
          added_on: session ? p.succeededOn : null,
          due_date: queued.dueDate,
          status: session ? 'pending' : 'queued',
        },
        at,
      );
      await emit(trx, { kind: 'council-agenda.petition-queued', subject: `council-item/${item.id}`, occurredAt: at, payload: { itemId: item.id, proposal: p.ref, proposalKind: p.kind, succeededOn: p.succeededOn, dueDate: queued.dueDate } });
      if (session) await emitAdded(trx, item, session, at, null);
      return item;
    },

    /** The secretariat places a queued proposal on a session whose agenda takes it today. */
    async placeItem(itemId: string, sessionId: string, user: SessionUser | null): Promise<ItemRow> {
      requireStaff(user);
      const today = b.today();
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const item = await trx.selectFrom('council_agenda_items').selectAll().where('id', '=', itemId).executeTakeFirst();
        if (!item) throw new DomainError('not-found', 'itemId', { what: 'agenda item', id: itemId });
        if (item.status !== 'queued') throw new DomainError('item-not-queued', 'itemId', { status: item.status });
        const s = await sessionRow(trx, sessionId);
        const c = checkAddItem(b.calendar, b.rules, await targetOf(trx, s), coreItem(item).source, today);
        if (!c.ok) throw refusalError(c.refusal);
        const r = await trx.updateTable('council_agenda_items').set({ session_id: s.id, added_on: today, status: 'pending' }).where('id', '=', item.id).where('status', '=', 'queued').executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('state-changed', 'itemId', { state: 'queued' });
        const placed = { ...item, session_id: s.id, added_on: today, status: 'pending' };
        await emitAdded(trx, placed, s, at, user?.id ?? null);
        return placed;
      });
    },

    /** A member's motion, filed by the mover as themselves with the charter's number of co-sponsors. */
    async fileMotion(user: SessionUser, input: { sessionId: string; motionKind: string; title: string; text: string; lang?: string; coSponsorIds: string[]; subjects?: string[] }): Promise<ItemRow> {
      const today = b.today();
      if (!(MOTION_KINDS as readonly string[]).includes(input.motionKind)) throw new DomainError('invalid-motion-kind', 'motionKind', { motionKind: String(input.motionKind), allowed: MOTION_KINDS });
      const motionKind = input.motionKind as MotionKind;
      const title = text(input.title, 'title', MAX_TITLE);
      const body = text(input.text, 'text', MAX_TEXT);
      const lang = input.lang ?? 'kk';
      if (!isLang(lang)) throw new DomainError('invalid-lang', 'lang', { known: 'kk, ru, en' });
      const mover = await b.sittingMember(user, today, 'moverId');
      const members = await b.membersOn(today);
      const coSponsorIds = input.coSponsorIds ?? [];
      const sponsors = checkMotion(b.rules, members, motionKind, { moverId: mover.id, coSponsorIds, filedOn: today });
      if (!sponsors.ok) throw refusalError(sponsors.refusal);
      const subjects = input.subjects ?? [];
      if (motionKind === 'referendumProposal') {
        const s = checkReferendumSubjects(b.charter, subjects);
        if (!s.ok) throw refusalError(s.refusal);
      }
      const id = randomUUID();
      const source: AgendaSource = { kind: 'motion', motionId: id, motionKind, moverId: mover.id, coSponsorIds, filedOn: today };
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const s = await sessionRow(trx, input.sessionId);
        await checkTarget(trx, s, source, today);
        const item = await insertItem(trx, { id, session_id: s.id, kind: 'motion', decision_kind: motionKind, title, lang, source: JSON.stringify(source), subjects: JSON.stringify(subjects), queued_on: today, added_on: today, due_date: null, status: 'pending' }, at);
        await trx.insertInto('council_sponsors').values([{ item_id: id, member_id: mover.id, role: 'mover' }, ...coSponsorIds.map((m) => ({ item_id: id, member_id: m, role: 'coSponsor' }))]).execute();
        await trx.insertInto('council_item_versions').values({ item_id: id, version: 1, text: body, origin: 'filed', amendment_id: null, created_at: at }).execute();
        await emit(trx, { kind: 'council-motion.filed', subject: `council-item/${id}`, occurredAt: at, payload: { itemId: id, motionKind, title, moverId: mover.id, coSponsorIds, subjects, filedOn: today, text: body } });
        await emitAdded(trx, item, s, at, user.id);
        return item;
      });
    },

    /** An amendment to a motion's text (the whole new text), by a member with the charter's co-sponsors. */
    async fileAmendment(user: SessionUser, itemId: string, input: { text: string; coSponsorIds: string[] }) {
      const today = b.today();
      const body = text(input.text, 'text', MAX_TEXT);
      const mover = await b.sittingMember(user, today, 'moverId');
      const members = await b.membersOn(today);
      const coSponsorIds = input.coSponsorIds ?? [];
      const sponsors = checkAmendment(b.rules, members, { moverId: mover.id, coSponsorIds, filedOn: today });
      if (!sponsors.ok) throw refusalError(sponsors.refusal);
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const item = await trx.selectFrom('council_agenda_items').selectAll().where('id', '=', itemId).executeTakeFirst();
        if (!item) throw new DomainError('not-found', 'itemId', { what: 'agenda item', id: itemId });
        if (item.kind !== 'motion' && item.kind !== 'referral') throw new DomainError('not-amendable', 'itemId', { kind: item.kind });
        if (item.status !== 'pending') throw new DomainError('item-decided', 'itemId', { status: item.status });
        const latest = await trx.selectFrom('council_item_versions').select(['version', 'text']).where('item_id', '=', itemId).orderBy('version', 'desc').executeTakeFirst();
        if (latest && latest.text === body) throw new DomainError('amendment-unchanged', 'text');
        const last = await trx.selectFrom('council_amendments').select((eb) => eb.fn.max<number>('number').as('n')).where('item_id', '=', itemId).executeTakeFirst();
        const row: CouncilTables['council_amendments'] = { id: randomUUID(), item_id: itemId, number: Number(last?.n ?? 0) + 1, mover_id: mover.id, co_sponsors: JSON.stringify(coSponsorIds), text: body, base_version: Number(latest?.version ?? 0), status: 'filed', filed_on: today, created_at: at };
        await trx.insertInto('council_amendments').values(row).execute();
        await emit(trx, { kind: 'council-amendment.filed', subject: `council-item/${itemId}`, occurredAt: at, payload: { itemId, amendmentId: row.id, number: row.number, moverId: mover.id, coSponsorIds, baseVersion: row.base_version, text: body } });
        return row;
      });
    },

    /**
     * A named co-sponsor confirms a motion (`itemId`) or an amendment (`amendmentId`) as themselves
     * (docs/adr/0905). Naming someone is the mover's claim; only confirmed co-sponsors count toward the
     * charter's number, and a vote on the motion or amendment opens only once that many have confirmed.
     */
    async confirmCoSponsorship(user: SessionUser, target: { itemId: string } | { amendmentId: string }) {
      const today = b.today();
      const member = await b.sittingMember(user, today, 'memberId');
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        let named: string[];
        let itemId: string;
        let amendmentId: string | null = null;
        let need: number;
        if ('amendmentId' in target) {
          const a = await trx.selectFrom('council_amendments').selectAll().where('id', '=', target.amendmentId).executeTakeFirst();
          if (!a) throw new DomainError('not-found', 'amendmentId', { what: 'amendment', id: target.amendmentId });
          if (a.status !== 'filed') throw new DomainError('amendment-decided', 'amendmentId', { status: a.status });
          named = JSON.parse(a.co_sponsors) as string[];
          itemId = a.item_id;
          amendmentId = a.id;
          need = b.rules.amendments.coSponsors;
        } else {
          const item = await trx.selectFrom('council_agenda_items').selectAll().where('id', '=', target.itemId).executeTakeFirst();
          if (!item) throw new DomainError('not-found', 'itemId', { what: 'agenda item', id: target.itemId });
          if (item.kind !== 'motion') throw new DomainError('no-co-sponsors', 'itemId', { kind: item.kind });
          if (item.status !== 'pending') throw new DomainError('item-decided', 'itemId', { status: item.status });
          named = (await trx.selectFrom('council_sponsors').select('member_id').where('item_id', '=', item.id).where('role', '=', 'coSponsor').execute()).map((r) => r.member_id);
          itemId = item.id;
          need = b.rules.motions.coSponsors[item.decision_kind as MotionKind];
        }
        const targetId = amendmentId ?? itemId;
        if (!named.includes(member.id)) throw new DomainError('not-named-co-sponsor', 'memberId', { memberId: member.id });
        const had = await trx.selectFrom('council_co_sponsor_confirmations').select('member_id').where('target_id', '=', targetId).where('member_id', '=', member.id).executeTakeFirst();
        if (had) throw new DomainError('co-sponsorship-confirmed', 'memberId', { memberId: member.id });
        await trx.insertInto('council_co_sponsor_confirmations').values({ target_id: targetId, target_kind: amendmentId ? 'amendment' : 'motion', member_id: member.id, confirmed_at: at }).execute();
        const confirmed = await confirmedCount(trx, targetId);
        await emit(trx, { kind: 'council-co-sponsorship.confirmed', subject: `council-item/${itemId}`, occurredAt: at, payload: { itemId, amendmentId, memberId: member.id, confirmed, need, by: user.id } });
        return { itemId, amendmentId, memberId: member.id, confirmed, need };
      });
    },

    /** An item referred by the President or the Kurultai, naming the decision it asks for (secretariat or chair). */
    async addReferral(user: SessionUser | null, sessionId: string, input: { body: string; reference: string; decisionKind: string; title: string; text: string; lang?: string; receivedOn: string; subjects?: string[] }): Promise<ItemRow> {
      requireStaff(user);
      if (!(REFERRING_BODIES as readonly string[]).includes(input.body)) throw new DomainError('invalid-referring-body', 'body', { body: String(input.body), allowed: REFERRING_BODIES });
      if (!(MOTION_KINDS as readonly string[]).includes(input.decisionKind)) throw new DomainError('invalid-motion-kind', 'decisionKind', { motionKind: String(input.decisionKind), allowed: MOTION_KINDS });
      const reference = text(input.reference, 'reference', 100);
      const title = text(input.title, 'title', MAX_TITLE);
      const body = text(input.text, 'text', MAX_TEXT);
      const lang = input.lang ?? 'kk';
      if (!isLang(lang)) throw new DomainError('invalid-lang', 'lang', { known: 'kk, ru, en' });
      const today = b.today();
      if (!isIsoDate(input.receivedOn) || input.receivedOn > today) throw new DomainError('invalid-date', 'receivedOn', { value: String(input.receivedOn) });
      const subjects = input.subjects ?? [];
      if (input.decisionKind === 'referendumProposal') {
        const s = checkReferendumSubjects(b.charter, subjects);
        if (!s.ok) throw refusalError(s.refusal);
      }
      const source: AgendaSource = { kind: 'referral', body: input.body as 'president' | 'kurultai', reference, decisionKind: input.decisionKind as MotionKind, receivedOn: input.receivedOn };
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const s = await sessionRow(trx, sessionId);
        await checkTarget(trx, s, source, today);
        const id = randomUUID();
        const item = await insertItem(trx, { id, session_id: s.id, kind: 'referral', decision_kind: input.decisionKind, title, lang, source: JSON.stringify(source), subjects: JSON.stringify(subjects), queued_on: input.receivedOn, added_on: today, due_date: null, status: 'pending' }, at);
        await trx.insertInto('council_item_versions').values({ item_id: id, version: 1, text: body, origin: 'filed', amendment_id: null, created_at: at }).execute();
        await emitAdded(trx, item, s, at, user?.id ?? null);
        return item;
      });
    },

    /** A government report: an agency's overdue or answered item the Council hears (no vote). */
    async addGovernmentReport(user: SessionUser | null, sessionId: string, input: { responseItemId: number }): Promise<ItemRow> {
      requireStaff(user);
      const today = b.today();
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const r = await itemSummary(trx, Number(input.responseItemId));
        if (!r) throw new DomainError('not-found', 'responseItemId', { what: 'response item', id: String(input.responseItemId) });
        const answered = r.answeredOn !== null;
        const overdue = !answered && r.dueDate !== null && r.dueDate < today;
        if (!answered && !overdue) throw new DomainError('report-not-due', 'responseItemId', { status: r.status, dueDate: r.dueDate ?? '' });
        const source: AgendaSource = { kind: 'governmentReport', responseItemId: String(r.id), reason: answered ? 'answered' : 'overdue', requestedOn: today };
        const s = await sessionRow(trx, sessionId);
        await checkTarget(trx, s, source, today);
        const item = await insertItem(trx, { id: randomUUID(), session_id: s.id, kind: 'governmentReport', decision_kind: null, title: r.title.slice(0, MAX_TITLE), lang: 'kk', source: JSON.stringify(source), subjects: '[]', queued_on: today, added_on: today, due_date: null, status: 'pending' }, at);
        await emitAdded(trx, item, s, at, user?.id ?? null);
        return item;
      });
    },

    /** The approval of an earlier session's draft minutes, put on this session's agenda (a procedural vote). */
    async addMinutesApproval(user: SessionUser | null, sessionId: string, input: { minutesOf: string }): Promise<ItemRow> {
      requireStaff(user);
      const today = b.today();
      const at = b.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const m = await trx.selectFrom('council_minutes').select(['id', 'status']).where('id', '=', input.minutesOf).executeTakeFirst();
        if (!m) throw new DomainError('not-found', 'minutesOf', { what: 'minutes', id: input.minutesOf });
        if (m.status !== 'draft') throw new DomainError('minutes-frozen', 'minutesOf', { state: m.status });
        const of = await sessionRow(trx, input.minutesOf, 'minutesOf');
        const s = await sessionRow(trx, sessionId);
        if (s.id === of.id) throw new DomainError('minutes-of-same-session', 'minutesOf');
        const source: AgendaSource = { kind: 'minutesApproval', sessionId: of.id, requestedOn: today };
        await checkTarget(trx, s, source, today);
        const item = await insertItem(trx, { id: randomUUID(), session_id: s.id, kind: 'minutesApproval', decision_kind: 'procedural', title: `Minutes of session ${of.number} (${of.sitting_day ?? of.date})`, lang: 'en', source: JSON.stringify(source), subjects: '[]', queued_on: today, added_on: today, due_date: null, status: 'pending' }, at);
        await emitAdded(trx, item, s, at, user?.id ?? null);
        return item;
      });
    },

    /** The secretariat records that a government report was heard. */
    async markHeard(user: SessionUser | null, itemId: string): Promise<void> {
      requireStaff(user);
      const at = b.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const item = await trx.selectFrom('council_agenda_items').selectAll().where('id', '=', itemId).executeTakeFirst();
        if (!item) throw new DomainError('not-found', 'itemId', { what: 'agenda item', id: itemId });
        if (item.kind !== 'governmentReport') throw new DomainError('item-not-a-hearing', 'itemId', { kind: item.kind });
        const s = await sessionRow(trx, item.session_id ?? '');
        if (s.status !== 'in_progress') throw new DomainError('session-not-sitting', 'sessionId', { state: s.status });
        const r = await trx.updateTable('council_agenda_items').set({ status: 'heard' }).where('id', '=', itemId).where('status', '=', 'pending').executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('item-decided', 'itemId', { status: item.status });
        await emit(trx, { kind: 'council-item.heard', subject: `council-item/${itemId}`, occurredAt: at, payload: { itemId, sessionId: s.id, heardOn: s.sitting_day ?? b.today() } });
      });
    },
  };
  return steps;
}
