// Proposals: drafting, the action group, moderation, signing and closing. Rules come from the
// charter (src/core/proposals); every state change writes its timeline entry and outbox event in
// the same transaction.
import { randomBytes } from 'node:crypto';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { foldText, fullTextQuery, queryStems } from '../../core/search/fold.ts';
import type { Charter, ProposalKind } from '../../core/charter/types.ts';
import { createCalendar, type WorkingDayCalendar } from '../../core/calendar.ts';
import {
  checkTexts,
  closingTime,
  EDITABLE_STATUSES,
  type FieldError,
  findKind,
  isLinkOnly,
  missingActionGroupRegions,
  outcomeAtClose,
  type ProposalStatus,
  PUBLISHED_STATUSES,
  publicSignerName,
  SIGNABLE_STATUSES,
  significantWords,
  thresholdMet,
} from '../../core/proposals/rules.ts';
import { isTopic, TOPICS } from '../../core/proposals/topics.ts';
import type { Database } from '../../db/schema.ts';
import { isPostgres } from '../../db/dialect.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import { isLang } from '../../web/i18n.ts';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import { MODERATION_EVENTS, type ProposalActor, type ProposalGuardContext, proposalLifecycle } from '../../core/proposals/lifecycle.ts';
import { check } from '../../core/lifecycle/table.ts';
import { runTransition } from '../../db/transition.ts';
import { fieldCode } from './problems.ts';
import { emit } from '../outbox/api.ts';
import { openDb, sqlitePath } from '../../db/connection.ts';
import { openDirectStore } from './sqliteDirect.ts';
import { type DirectStore, type SignOutcome, SignatureWriter } from './signatureWriter.ts';
import { dropTranslations, searchColumns } from './translations.ts';

export type ProposalRow = Selectable<Database['proposals']>;

export interface DraftInput {
  kind: string;
  title: string;
  summary: string;
  body: string;
  topic: string;
  scope: string;
  language: string;
}

export interface SignatureStats {
  total: number;
  byRegion: Record<string, number>;
  /** Net change per hour (`YYYY-MM-DDTHH`, UTC), in time order. */
  hours: { hour: string; n: number }[];
}

export type ModerationDecision = 'publish' | 'reject' | 'return';

/** Rejection codes whose text must not be shown publicly (only the code and the decision are). */
const WITHHELD_CODES = new Set(['unlawfulOrOffensive', 'personalData']);

/** One error naming every invalid field of a draft (pages render their own messages from the same keys). */
export function fieldProblem(errors: FieldError[]): DomainErrors {
  return new DomainErrors('invalid-proposal', errors.map((e) => new DomainError(fieldCode(e.key), e.field, e.params)));
}

function noProposal(ref: string): DomainError {
  return new DomainError('not-found', undefined, { what: 'proposal', id: ref });
}

export class ProposalsService {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  readonly charter: Charter;
  readonly calendar: WorkingDayCalendar;
  readonly writer: SignatureWriter;
  /** The SQLite writer's own connection (null on PostgreSQL and in-memory SQLite). */
  readonly direct: DirectStore | null;
  private statsCache = new Map<number, { at: number; stats: SignatureStats }>();
  private idByRef = new Map<string, { id: number; kind: string }>();

  constructor(ctx: AppContext) {
    this.db = ctx.db.db;
    this.dialect = ctx.db.dialect;
    this.charter = ctx.charter;
    this.calendar = createCalendar(this.charter.calendar, this.charter.timeZone);
    const file = ctx.db.dialect === 'sqlite' ? sqlitePath(ctx.db.url) : null;
    // On PostgreSQL the writer's lanes get their own connections, so signing batches never wait for
    // (or starve) the shared pool that serves page reads and session look-ups.
    const lanes = ctx.db.dialect === 'postgres' ? 4 : 1;
    const own = ctx.db.dialect === 'postgres' ? openDb(ctx.db.url, { poolSize: lanes }) : null;
    this.direct = file && file !== ':memory:' ? openDirectStore(file, SIGNABLE_STATUSES) : null;
    this.writer = new SignatureWriter(own?.db ?? this.db, {
      lanes,
      release: own ? () => own.close() : undefined,
      maxBatch: 1000,
      direct: this.direct ?? undefined,
      afterDirectBatch: (grown, now) => this.checkAfterDirectBatch(grown, now),
      signable: (trx, ids, now) => this.signableIds(trx, ids, now),
      afterBatch: ({ trx, now, grown }) => this.checkThresholds(trx, [...grown], now),
    });
  }

  // ---- reading ----

  kind(id: string): ProposalKind | undefined {
    return findKind(this.charter, id);
  }

  async byRef(ref: string): Promise<ProposalRow | undefined> {
    return (await this.db.selectFrom('proposals').selectAll().where('ref', '=', ref).executeTakeFirst()) as ProposalRow | undefined;
  }

  /** The proposal as `viewer` may see it, or 404: unpublished ones only for author, group and moderators. */
  async visible(ref: string, viewer: SessionUser | null): Promise<ProposalRow> {
    const row = await this.byRef(ref);
    if (!row) throw noProposal(ref);
    if (isPublic(row.status)) return row;
    // Drafts are the author's and the action group's; moderators see a proposal from its submission on.
    const moderatorMaySee = row.status !== 'draft' && !!viewer?.roles.includes('moderator');
    if (viewer && (row.author_pseudonym === viewer.pseudonym || moderatorMaySee || (await this.isGroupMember(row.id, viewer.pseudonym)))) return row;
    throw noProposal(ref);
  }

  /** Whether the public may read the texts (withheld after a rejection for unlawful content or personal data). */
  textsWithheld(row: ProposalRow): boolean {
    return row.status === 'rejected' && WITHHELD_CODES.has(row.decision_code ?? '');
  }

  async isGroupMember(proposalId: number, pseudonym: string): Promise<boolean> {
    const r = await this.db.selectFrom('proposal_group_members').select('pseudonym').where('proposal_id', '=', proposalId).where('pseudonym', '=', pseudonym).executeTakeFirst();
    return !!r;
  }

  /** Exact totals from the counter rows; cached for one second so a busy page reads them rarely. */
  async stats(proposalId: number, maxAgeMs = 1000): Promise<SignatureStats> {
    const hit = this.statsCache.get(proposalId);
    if (hit && Date.now() - hit.at < maxAgeMs) return hit.stats;
    const regions = await this.db
      .selectFrom('proposal_signature_counts')
      .select(['region', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('proposal_id', '=', proposalId)
      .groupBy('region')
      .execute();
    const hours = await this.db
      .selectFrom('proposal_signature_hours')
      .select(['hour', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('proposal_id', '=', proposalId)
      .groupBy('hour')
      .orderBy('hour')
      .execute();
    const byRegion: Record<string, number> = {};
    let total = 0;
    for (const r of regions) {
      const n = Number(r.n);
      if (n !== 0) byRegion[r.region] = n;
      total += n;
    }
    const stats = { total, byRegion, hours: hours.map((h) => ({ hour: h.hour, n: Number(h.n) })) };
    this.statsCache.set(proposalId, { at: Date.now(), stats });
    if (this.statsCache.size > 5000) this.statsCache.delete(this.statsCache.keys().next().value!);
    return stats;
  }

  async totals(ids: number[]): Promise<Map<number, { total: number; byRegion: Record<string, number> }>> {
    const out = new Map<number, { total: number; byRegion: Record<string, number> }>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('proposal_signature_counts')
      .select(['proposal_id', 'region', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('proposal_id', 'in', ids)
      .groupBy(['proposal_id', 'region'])
      .execute();
    for (const id of ids) out.set(id, { total: 0, byRegion: {} });
    for (const r of rows) {
      const e = out.get(Number(r.proposal_id))!;
      const n = Number(r.n);
      if (n !== 0) e.byRegion[r.region] = n;
      e.total += n;
    }
    return out;
  }

  async timeline(proposalId: number) {
    return this.db.selectFrom('proposal_events').select(['kind', 'at', 'code', 'note']).where('proposal_id', '=', proposalId).orderBy('id').execute();
  }

  async groupMembers(proposalId: number) {
    return this.db.selectFrom('proposal_group_members').select(['public_name', 'region', 'joined_at']).where('proposal_id', '=', proposalId).orderBy('joined_at').execute();
  }

  async groupStatus(row: ProposalRow) {
    const kind = this.kind(row.kind)!;
    const members = await this.groupMembers(row.id);
    const missing = missingActionGroupRegions(this.charter, kind, members.map((m) => m.region));
    return { rule: kind.actionGroup, members, missing };
  }

  /** Signers who chose to be shown, newest first: first name and surname initial only. */
  async publicSigners(proposalId: number, limit = 50) {
    return this.db
      .selectFrom('proposal_signatures')
      .select(['public_name', 'region', 'signed_at'])
      .where('proposal_id', '=', proposalId)
      .where('public_name', 'is not', null)
      .orderBy('signed_at', 'desc')
      .limit(limit)
      .execute();
  }

  async mySignature(proposalId: number, pseudonym: string) {
    return this.db.selectFrom('proposal_signatures').select(['signed_at', 'region', 'public_name']).where('proposal_id', '=', proposalId).where('signer', '=', pseudonym).executeTakeFirst();
  }

  /** Public list: listed proposals (past the link-only threshold), and rejections when asked for. */
  async list(f: ListFilter): Promise<{ rows: ProposalRow[]; totals: Map<number, { total: number; byRegion: Record<string, number> }> }> {
    let q = this.db.selectFrom('proposals').selectAll('proposals');
    if (f.status === 'rejected') q = q.where('status', '=', 'rejected');
    else {
      q = q.where('listed_at', 'is not', null);
      q = f.status ? q.where('status', '=', f.status) : q.where('status', 'in', [...PUBLISHED_STATUSES]);
    }
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.topic) q = q.where('topic', '=', f.topic);
    if (f.region) q = q.where('scope', '=', f.region);
    if (f.q?.trim()) {
      // Withheld text takes no part in a search: a match on it would tell what it says (its folded
      // column is empty too).
      q = q.where((eb) => eb.not(eb.and([eb('status', '=', 'rejected'), eb('decision_code', 'in', [...WITHHELD_CODES])])));
      // Every word by its folded stem (any alphabet, any ending: ADR 0506), through each database's
      // full-text index of the folded words (ADR 0507).
      const match = fullTextQuery(queryStems(f.q), this.dialect);
      if (!match) q = q.where(sql<boolean>`1 = 0`);
      else if (this.dialect === 'postgres') q = q.where('proposals.id', 'in', sql<number>`(select id from proposals where search_vector @@ to_tsquery('simple', ${match}) offset 0)`);
      else q = q.where('proposals.id', 'in', sql<number>`(select rowid from proposal_search where proposal_search match ${match})`);
    }
    if (f.sort === 'mostSigned') {
      q = q
        .leftJoin(
          (eb) => eb.selectFrom('proposal_signature_counts').select(['proposal_id', (e) => e.fn.sum<number>('n').as('total')]).groupBy('proposal_id').as('c'),
          (j) => j.onRef('c.proposal_id', '=', 'proposals.id'),
        )
        .orderBy((eb) => eb.fn.coalesce('c.total', eb.lit(0)), 'desc');
    } else if (f.sort === 'closingSoon') q = q.orderBy('closes_at', 'asc');
    q = q.orderBy('proposals.id', 'desc');
    const rows = (await q.limit(Math.min(f.limit ?? 50, 500)).offset(f.offset ?? 0).execute()) as ProposalRow[];
    return { rows, totals: await this.totals(rows.map((r) => r.id)) };
  }

  /** Up to five public proposals sharing significant words with the text: shown before creating a duplicate. */
  async similar(text: string, excludeRef?: string) {
    const words = significantWords(text, 6);
    if (words.length === 0) return [];
    const rows = await this.db
      .selectFrom('proposals')
      .select(['ref', 'title', 'status', 'search_text'])
      .where('listed_at', 'is not', null)
      .where('status', 'in', [...PUBLISHED_STATUSES])
      .where((eb) => eb.or(words.map((w) => eb('search_text', 'like', `%${escapeLike(w)}%`))))
      .limit(200)
      .execute();
    return rows
      .filter((r) => r.ref !== excludeRef)
      .map((r) => ({ ref: r.ref, title: r.title, status: r.status, score: words.filter((w) => r.search_text.includes(w)).length }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map(({ ref, title, status }) => ({ ref, title, status }));
  }

  async mine(user: SessionUser) {
    const authored = (await this.db.selectFrom('proposals').selectAll().where('author_pseudonym', '=', user.pseudonym).orderBy('id', 'desc').execute()) as ProposalRow[];
    const groups = (await this.db
      .selectFrom('proposal_group_members as m')
      .innerJoin('proposals as p', 'p.id', 'm.proposal_id')
      .selectAll('p')
      .where('m.pseudonym', '=', user.pseudonym)
      .where('p.author_pseudonym', '!=', user.pseudonym)
      .orderBy('p.id', 'desc')
      .execute()) as ProposalRow[];
    const signed = await this.db
      .selectFrom('proposal_signatures as s')
      .innerJoin('proposals as p', 'p.id', 's.proposal_id')
      .select(['p.ref', 'p.title', 'p.status', 'p.closes_at', 's.signed_at', 's.public_name'])
      .where('s.signer', '=', user.pseudonym)
      .orderBy('s.signed_at', 'desc')
      .execute();
    return { authored, groups, signed };
  }

  // ---- drafting ----

  /** Validates a draft; every problem at once, by field. */
  checkDraft(input: DraftInput): { kind: ProposalKind; errors: FieldError[] } | { kind: undefined; errors: FieldError[] } {
    const errors: FieldError[] = [];
    const kind = this.kind(input.kind);
    if (!kind) errors.push({ field: 'kind', key: 'err.unknownKind', params: { kind: input.kind, known: this.charter.proposalKinds.map((k) => k.id).join(', ') } });
    else errors.push(...checkTexts(kind, input));
    if (!isTopic(input.topic)) errors.push({ field: 'topic', key: 'err.unknownTopic', params: { known: TOPICS.join(', ') } });
    if (input.scope !== 'national' && !this.charter.regions.some((r) => r.code === input.scope)) errors.push({ field: 'scope', key: 'err.unknownScope', params: {} });
    if (!isLang(input.language)) errors.push({ field: 'language', key: 'err.unknownLanguage', params: {} });
    return { kind, errors } as { kind: ProposalKind; errors: FieldError[] };
  }

  async createDraft(user: SessionUser, input: DraftInput): Promise<ProposalRow> {
    const { kind, errors } = this.checkDraft(input);
    if (errors.length > 0 || !kind) throw fieldProblem(errors);
    const now = new Date().toISOString();
    const region = await this.regionOf(user);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('proposals')
        .values({
          ref: newRef(),
          kind: kind.id,
          status: 'draft',
          author_user_id: user.id,
          author_pseudonym: user.pseudonym,
          author_public_name: publicSignerName(user.displayName),
          ...texts(input),
          invite_token: kind.actionGroup ? randomBytes(16).toString('base64url') : null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The author is the first member of an action group, when their region is known.
      if (kind.actionGroup && region) {
        await trx.insertInto('proposal_group_members').values({ proposal_id: row.id, pseudonym: user.pseudonym, public_name: publicSignerName(user.displayName), region, joined_at: now }).execute();
      }
      await trx.insertInto('proposal_events').values({ proposal_id: row.id, kind: 'drafted', at: now, code: null, note: null }).execute();
      return row as ProposalRow;
    });
  }

  async updateDraft(user: SessionUser, ref: string, input: Omit<DraftInput, 'kind'>): Promise<ProposalRow> {
    const row = await this.ownEditable(user, ref);
    const { errors } = this.checkDraft({ ...input, kind: row.kind });
    if (errors.length > 0) throw fieldProblem(errors);
    const now = new Date().toISOString();
    const translated = await this.db.selectFrom('proposal_translations').select(['title', 'summary']).where('proposal_id', '=', row.id).orderBy('lang').execute();
    const t = texts(input);
    const updated = await this.db
      .updateTable('proposals')
      .set({ ...t, ...searchColumns(t.title, t.summary, translated), updated_at: now })
      .where('id', '=', row.id)
      .where('status', 'in', [...EDITABLE_STATUSES])
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new DomainError('not-editable', undefined, { state: 'no longer a draft' });
    return updated as ProposalRow;
  }

  async submit(user: SessionUser, ref: string): Promise<ProposalRow> {
    const row = await this.ownEditable(user, ref);
    const kind = this.kind(row.kind);
    if (!kind) throw new DomainError('kind-withdrawn', undefined, { kind: row.kind });
    const errors = checkTexts(kind, row);
    if (errors.length > 0) throw fieldProblem(errors);
    const guard: ProposalGuardContext = { missingRegions: kind.actionGroup ? (await this.groupStatus(row)).missing : [], minMembersPerRegion: kind.actionGroup?.minMembersPerRegion };
    this.mayDo(row, 'proposal.submitted', ['author'], guard);
    const now = new Date();
    const today = this.calendar.todayInAlmaty(now);
    const due = this.calendar.addWorkingDays(today, kind.moderationWorkingDays);
    return this.transition(row, 'proposal.submitted', ['author'], now, { guard, set: { submitted_at: now.toISOString(), moderation_due: due }, payload: { kind: row.kind, moderationDue: due } });
  }

  // ---- action group ----

  async joinGroup(user: SessionUser, ref: string, token: string, declaredRegion?: string): Promise<void> {
    const row = await this.byRef(ref);
    if (!row?.invite_token || row.invite_token !== token) throw new DomainError('no-invitation');
    if (!EDITABLE_STATUSES.includes(row.status as ProposalStatus)) throw new DomainError('group-closed');
    const region = await this.resolveRegion(user, declaredRegion);
    await this.db
      .insertInto('proposal_group_members')
      .values({ proposal_id: row.id, pseudonym: user.pseudonym, public_name: publicSignerName(user.displayName), region, joined_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['proposal_id', 'pseudonym']).doNothing())
      .execute();
  }

  // ---- moderation ----

  async queue() {
    const rows = (await this.db.selectFrom('proposals').selectAll().where('status', '=', 'submitted').orderBy('submitted_at').orderBy('id').execute()) as ProposalRow[];
    const today = this.calendar.todayInAlmaty();
    return rows.map((row) => {
      const due = row.moderation_due!;
      const left = this.calendar.countWorkingDays(today, due);
      return { row, due, workingDaysLeft: left, overdue: due < today };
    });
  }

  async moderate(moderator: SessionUser, ref: string, decision: ModerationDecision, code: string | undefined, note: string | undefined): Promise<ProposalRow> {
    const row = await this.byRef(ref);
    if (!row) throw noProposal(ref);
    const event = MODERATION_EVENTS[decision];
    const guard: ProposalGuardContext = { moderatorIsAuthor: row.author_pseudonym === moderator.pseudonym };
    // The table decides first (state, then own proposal); the decision's own inputs are checked after.
    this.mayDo(row, event, ['moderator'], guard);
    const kind = this.kind(row.kind)!;
    const now = new Date();
    const explanation = note?.trim() ?? '';
    if (decision === 'publish') {
      const closes = closingTime(now, kind.signingWindow).toISOString();
      return this.transition(row, event, ['moderator'], now, {
        guard,
        set: { published_at: now.toISOString(), closes_at: closes, decision_code: null, decision_note: explanation || null },
        payload: { kind: row.kind, closesAt: closes },
      });
    }
    if (!explanation) throw new DomainError('explanation-required', 'explanation');
    if (decision === 'reject') {
      const reasons = this.charter.rejectionReasons.map((r) => r.code);
      if (!code || !reasons.includes(code)) throw new DomainError('unknown-reason', 'reasonCode', { known: reasons.join(', ') });
      if (code === 'excludedSubject' && kind.excludedSubjects.length === 0) throw new DomainError('unknown-reason', 'reasonCode', { kind: row.kind });
      return this.transition(row, event, ['moderator'], now, {
        guard,
        // Withheld text is also dropped from the search column, so no later query can match it.
        set: { decision_code: code, decision_note: explanation, closed_at: now.toISOString(), ...(WITHHELD_CODES.has(code) ? { search_text: '', search_folded: '' } : {}) },
        payload: { kind: row.kind, reasonCode: code },
        code,
        note: explanation,
        // Translations of withheld text go with it (ADR 0511).
        ...(WITHHELD_CODES.has(code) ? { after: (trx: Kysely<Database> | Transaction<Database>) => dropTranslations(trx, row.id) } : {}),
      });
    }
    return this.transition(row, event, ['moderator'], now, { guard, set: { decision_code: null, decision_note: explanation }, payload: { kind: row.kind }, note: explanation });
  }

  // ---- signing ----

  async sign(user: SessionUser, ref: string, opts: { region?: string; showName?: boolean }): Promise<SignOutcome> {
    const p = await this.idOf(ref);
    const region = await this.resolveRegion(user, opts.region);
    const outcome = await this.writer.sign(p.id, user.pseudonym, region, opts.showName ? publicSignerName(user.displayName) : null);
    this.statsCache.delete(p.id);
    // A ref the caller may not read answers 404 here too, not "not open" (no existence oracle).
    if (outcome === 'closed') await this.visible(ref, user);
    return outcome;
  }

  async withdraw(user: SessionUser, ref: string): Promise<SignOutcome> {
    const p = await this.idOf(ref);
    const outcome = await this.writer.withdraw(p.id, user.pseudonym);
    this.statsCache.delete(p.id);
    if (outcome === 'closed' || outcome === 'notSigned') await this.visible(ref, user);
    return outcome;
  }

  /** Closes windows that have ended and re-checks thresholds; the closer service runs this every second. */
  async sweep(now = new Date()): Promise<{ closed: number; reached: number }> {
    const nowIso = now.toISOString();
    const due = (await this.db.selectFrom('proposals').selectAll().where('status', 'in', [...SIGNABLE_STATUSES]).where('closes_at', '<=', nowIso).execute()) as ProposalRow[];
    let closed = 0;
    for (const row of due) {
      // Signatures that arrived before the close can still reach the threshold in the same breath.
      await this.db.transaction().execute((trx) => this.checkThresholds(trx, [row.id], new Date(row.closes_at!)));
      const fresh = (await this.byRef(row.ref))!;
      const outcome = outcomeAtClose(fresh.reached_at);
      const totals = (await this.totals([row.id])).get(row.id)!;
      // A succeeded proposal of a kind the charter sends to the government starts its response
      // clock: the responses module subscribes to this event (docs/adr/0004), which carries the
      // public title and language the item needs.
      const succeeded = outcome === 'succeeded';
      await this.transition(fresh, succeeded ? 'proposal.succeeded' : 'proposal.expired', ['system'], now, {
        set: { closed_at: nowIso },
        payload: { kind: row.kind, signatures: totals.total, ...(succeeded ? { title: fresh.title, language: fresh.language } : {}) },
      });
      closed++;
    }
    const open = await this.db.selectFrom('proposals').select('id').where('status', '=', 'open').where('closes_at', '>', nowIso).execute();
    const reached = open.length ? await this.db.transaction().execute((trx) => this.checkThresholds(trx, open.map((o) => o.id), now)) : 0;
    return { closed, reached };
  }

  // ---- internals ----

  /** Region for a signature or group membership: the identity claim, else the one declared once. */
  async resolveRegion(user: SessionUser, declared?: string): Promise<string> {
    const valid = (r: string | null | undefined) => !!r && this.charter.regions.some((x) => x.code === r);
    if (valid(user.region)) return user.region!;
    const stored = await this.db.selectFrom('proposal_signer_regions').select('region').where('pseudonym', '=', user.pseudonym).executeTakeFirst();
    if (stored) {
      if (declared && declared !== stored.region) {
        throw new DomainError('region-already-declared', 'region', { region: stored.region });
      }
      return stored.region;
    }
    if (!declared) throw new DomainError('region-required', 'region');
    if (!valid(declared)) throw new DomainError('unknown-region', 'region', { region: declared });
    await this.db.insertInto('proposal_signer_regions').values({ pseudonym: user.pseudonym, region: declared, declared_at: new Date().toISOString() }).onConflict((oc) => oc.column('pseudonym').doNothing()).execute();
    return (await this.db.selectFrom('proposal_signer_regions').select('region').where('pseudonym', '=', user.pseudonym).executeTakeFirstOrThrow()).region;
  }

  /** The region signatures of `user` count for, when known (claim or earlier declaration). */
  async regionOf(user: SessionUser): Promise<string | null> {
    if (user.region && this.charter.regions.some((x) => x.code === user.region)) return user.region;
    const stored = await this.db.selectFrom('proposal_signer_regions').select('region').where('pseudonym', '=', user.pseudonym).executeTakeFirst();
    return stored?.region ?? null;
  }

  /** Id and kind by public ref; these never change, so they are cached. */
  private async idOf(ref: string): Promise<{ id: number; kind: string }> {
    const hit = this.idByRef.get(ref);
    if (hit) return hit;
    const row = await this.db.selectFrom('proposals').select(['id', 'kind']).where('ref', '=', ref).executeTakeFirst();
    if (!row) throw noProposal(ref);
    const v = { id: Number(row.id), kind: row.kind };
    if (this.idByRef.size > 10_000) this.idByRef.clear();
    this.idByRef.set(ref, v);
    return v;
  }

  private async ownEditable(user: SessionUser, ref: string): Promise<ProposalRow> {
    const row = await this.byRef(ref);
    if (!row || (row.author_pseudonym !== user.pseudonym && !isPublic(row.status))) throw noProposal(ref);
    if (row.author_pseudonym !== user.pseudonym) throw new DomainError('not-author');
    if (!EDITABLE_STATUSES.includes(row.status as ProposalStatus)) throw new DomainError('not-editable', undefined, { state: row.status });
    return row;
  }

  private async signableIds(trx: Transaction<Database>, ids: number[], now: Date): Promise<Set<number>> {
    const rows = await trx.selectFrom('proposals').select(['id', 'status', 'closes_at']).where('id', 'in', ids).execute();
    const nowIso = now.toISOString();
    return new Set(rows.filter((r) => SIGNABLE_STATUSES.includes(r.status as ProposalStatus) && r.closes_at !== null && r.closes_at > nowIso).map((r) => Number(r.id)));
  }

  /** Proposals already listed and reached need no more checks after a batch. */
  private settled = new Set<number>();

  private async checkAfterDirectBatch(grown: number[], now: Date): Promise<void> {
    let pending = grown.filter((id) => !this.settled.has(id));
    if (pending.length === 0) return;
    if (this.direct) {
      // Most batches change nothing: ask the writer's connection with prepared statements whether
      // any proposal is due to be listed or to reach its threshold, and only then run the check
      // (which reads and decides again, in its own transaction) (docs/adr/0704).
      const due: number[] = [];
      for (const st of this.direct.thresholdState(pending)) {
        if (st.listed_at && st.reached_at) this.settled.add(st.id);
        else if ((SIGNABLE_STATUSES as readonly string[]).includes(st.status) && this.thresholdDue(st, st.total, st.byRegion)) due.push(st.id);
      }
      pending = due;
      if (pending.length === 0) return;
    }
    await this.db.transaction().execute((trx) => this.checkThresholds(trx, pending, now));
    const rows = await this.db.selectFrom('proposals').select(['id']).where('id', 'in', pending).where('listed_at', 'is not', null).where('reached_at', 'is not', null).execute();
    for (const r of rows) this.settled.add(Number(r.id));
  }

  /** Whether a proposal in a signable status is due to be listed (past link-only) or to reach its threshold. */
  private thresholdDue(r: { kind: string; status: string; listed_at: string | null; reached_at: string | null }, total: number, byRegion: Record<string, number>): boolean {
    const kind = this.kind(r.kind);
    if (!kind) return false;
    return (!r.listed_at && !isLinkOnly(kind, total)) || (!r.reached_at && r.status === 'open' && thresholdMet(this.charter, kind, total, byRegion));
  }

  /** Inside a transaction: marks proposals listed past the link-only threshold and reached past the signature threshold. */
  private async checkThresholds(trx: Transaction<Database>, ids: number[], now: Date): Promise<number> {
    const state = () => trx.selectFrom('proposals').select(['id', 'kind', 'status', 'listed_at', 'reached_at']).where('id', 'in', ids).where('status', 'in', [...SIGNABLE_STATUSES]);
    let pending = (await state().execute()).filter((r) => !r.listed_at || !r.reached_at);
    if (pending.length === 0) return 0;
    // PostgreSQL's signing lanes check in parallel: lock the rows (in id order, so lanes never wait
    // on each other in a cycle) and read them again, so that one lane lists or reaches a proposal
    // and the others see that it did. A no-key-update lock leaves other lanes' signature inserts
    // (which take key-share locks on the proposal) free to go on.
    if (isPostgres(trx)) {
      pending = (await state().orderBy('id').forNoKeyUpdate().execute()).filter((r) => !r.listed_at || !r.reached_at);
      if (pending.length === 0) return 0;
    }
    const counts = await trx
      .selectFrom('proposal_signature_counts')
      .select(['proposal_id', 'region', (eb) => eb.fn.sum<number>('n').as('n')])
      .where('proposal_id', 'in', pending.map((r) => r.id))
      .groupBy(['proposal_id', 'region'])
      .execute();
    const at = now.toISOString();
    let reached = 0;
    for (const r of pending) {
      const kind = this.kind(r.kind);
      if (!kind) continue;
      const byRegion: Record<string, number> = {};
      let total = 0;
      for (const c of counts) {
        if (Number(c.proposal_id) !== Number(r.id)) continue;
        byRegion[c.region] = Number(c.n);
        total += Number(c.n);
      }
      if (!r.listed_at && !isLinkOnly(kind, total)) {
        await trx.updateTable('proposals').set({ listed_at: at }).where('id', '=', r.id).where('listed_at', 'is', null).execute();
      }
      if (!r.reached_at && r.status === 'open' && thresholdMet(this.charter, kind, total, byRegion)) {
        await runTransition<ProposalStatus, ProposalActor, ProposalGuardContext, ProposalRow, undefined>(trx, {
          lifecycle: proposalLifecycle,
          rows: 'proposals',
          id: r.id,
          event: 'proposal.threshold_reached',
          lock: 'noKeyUpdate',
          actor: ['system'],
          set: () => ({ reached_at: at, updated_at: at }),
          timeline: (q, row, to) => q.insertInto('proposal_events').values({ proposal_id: row.id, kind: to, at, code: null, note: null }).execute().then(() => undefined),
          emit: (row) => ({ subject: `proposal/${row.ref}`, occurredAt: at, payload: { kind: r.kind, signatures: total, threshold: kind.signatureThreshold } }),
        });
        reached++;
      }
    }
    return reached;
  }

  /** Refuses, before any work, what the life-cycle table does not allow this actor now. */
  private mayDo(row: ProposalRow, event: string, actor: ProposalActor[], guard: ProposalGuardContext): void {
    const d = check(proposalLifecycle, row.status, event, actor, guard);
    if (!d.ok) throw new DomainError(d.code, d.field, { state: row.status, ...d.params });
  }

  /** Applies one transition of the proposal's life-cycle through the shared runner (src/db/transition.ts). */
  private async transition(
    row: ProposalRow,
    event: string,
    actor: ProposalActor[],
    now: Date,
    o: {
      guard?: ProposalGuardContext;
      set: Partial<Omit<ProposalRow, 'id'>>;
      payload: Record<string, unknown>;
      /** The timeline entry's code and note. */
      code?: string | null;
      note?: string | null;
      /** More writes in the same transaction, after the row's. */
      after?: (trx: Kysely<Database> | Transaction<Database>) => Promise<void>;
    },
  ): Promise<ProposalRow> {
    const at = now.toISOString();
    return this.db.transaction().execute((trx) =>
      runTransition<ProposalStatus, ProposalActor, ProposalGuardContext, ProposalRow, undefined>(trx, {
        lifecycle: proposalLifecycle,
        rows: 'proposals',
        id: row.id,
        event,
        actor,
        guard: o.guard ? () => o.guard! : undefined,
        missing: noProposal(row.ref),
        set: () => ({ ...o.set, updated_at: at }),
        timeline: (q, updated, to) => q.insertInto('proposal_events').values({ proposal_id: updated.id, kind: to, at, code: o.code ?? null, note: o.note ?? null }).execute().then(() => undefined),
        emit: () => ({ subject: `proposal/${row.ref}`, occurredAt: at, payload: { ref: row.ref, ...o.payload } }),
        ...(o.after ? { after: (trx: Kysely<Database> | Transaction<Database>) => o.after!(trx) } : {}),
      }),
    );
  }
}

export interface ListFilter {
  q?: string;
  kind?: string;
  status?: string;
  region?: string;
  topic?: string;
  sort?: 'newest' | 'mostSigned' | 'closingSoon';
  limit?: number;
  offset?: number;
}

export function isPublic(status: string): boolean {
  return (PUBLISHED_STATUSES as readonly string[]).includes(status) || status === 'rejected';
}

/** The search column: the texts in lower case, then their words folded to one Latin form (ADR 0506). */
export function searchText(title: string, summary: string): string {
  return searchColumns(title, summary).search_text;
}

function texts(input: Omit<DraftInput, 'kind'>) {
  const title = input.title.trim();
  const summary = input.summary.trim();
  return {
    title,
    summary,
    body: input.body.trim(),
    topic: input.topic,
    scope: input.scope,
    language: input.language,
    ...searchColumns(title, summary),
  };
}

function newRef(): string {
  return randomBytes(9).toString('base64url');
}

function escapeLike(s: string): string {
  return s.replace(/[%_\\]/g, '');
}

const services = new WeakMap<AppContext, ProposalsService>();
/** One service (and one signature writer) per app context. */
export function proposalsService(ctx: AppContext): ProposalsService {
  let s = services.get(ctx);
  if (!s) {
    s = new ProposalsService(ctx);
    services.set(ctx, s);
  }
  return s;
}
