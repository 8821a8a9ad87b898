// The listening state's rules and transactions: agencies, items, assignment, forwarding, extension,
// answers, measures, closing and the deadline sweep. Every change and its domain event are written
// in one transaction; every check runs before the first write, so a refused request changes nothing.
import type { Kysely, Transaction } from 'kysely';
import { createCalendar, todayIn, type WorkingDayCalendar } from '../../core/calendar.ts';
import type { Charter } from '../../core/charter/types.ts';
import { isIsoDate } from '../../core/isoDate.ts';
import { isLang, type Lang, LANGS } from '../../core/lang.ts';
import { clockStateBefore, dueSoonBefore, isMeasureOverdue, workingDaysLeft } from '../../core/responses/clock.ts';
import { answerDueDate, checkExtension, checkForwarding, checkFutureDate, forwardingLastDay, notifyAuthorBy } from '../../core/responses/deadlines.ts';
import { computeStats, type ResponseStats } from '../../core/responses/stats.ts';
import {
  AGENCY_LEVELS,
  type AgencyLevel,
  type ClockState,
  type IsoDate,
  isMeasureFinished,
  type ItemStatus,
  MEASURE_STATUSES,
  type MeasureStatus,
  OUTCOMES,
  type Outcome,
} from '../../core/responses/types.ts';
import { isPostgres } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import type { AppContext } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { DomainError } from '../../core/errors.ts';
import { type ItemActor, type ItemGuardContext, itemActorKinds, itemLifecycle } from '../../core/responses/lifecycle.ts';
import { check, mayEver } from '../../core/lifecycle/table.ts';
import { recordApplied, runTransition } from '../../db/transition.ts';
import * as repo from './repository.ts';

/** Who acts: the secretariat, or an officer for one agency. Built from the session by the routes. */
export interface Actor {
  secretariat: boolean;
  agencyId: string | null;
}

export interface NewAgency {
  id: string;
  name: Record<Lang, string>;
  parentId?: string | null;
  region?: string | null;
  level: AgencyLevel;
}

export interface NewItem {
  title: string;
  lang: string;
  sourceRef: string;
  receivedOn: string;
}

export interface MeasureInput {
  description: string;
  responsibleAgencyId: string;
  dueDate: string;
}

export interface AnswerInput {
  outcome: string;
  reasons: string;
  measures: MeasureInput[];
}

export interface MeasureUpdateInput {
  status: string;
  progress: number;
  note?: string;
  dropReason?: string;
}

export interface AgencyView {
  id: string;
  name: Record<Lang, string>;
  parentId: string | null;
  region: string | null;
  level: AgencyLevel;
}

export interface MeasureView {
  id: number;
  description: string;
  responsibleAgencyId: string;
  dueDate: IsoDate;
  status: MeasureStatus;
  progress: number;
  dropReason: string | null;
  updatedOn: IsoDate;
  overdue: boolean;
  updates: { onDate: IsoDate; status: MeasureStatus; progress: number; note: string }[];
}

export interface TimelineEntry {
  at: string;
  onDate: IsoDate;
  kind: string;
  agencyId: string | null;
  detail: Record<string, unknown>;
}

export interface ItemSummary {
  id: number;
  title: string;
  lang: string;
  sourceRef: string;
  receivedOn: IsoDate;
  status: ItemStatus;
  clock: ClockState | null;
  leadAgencyId: string | null;
  agencyReceivedOn: IsoDate | null;
  dueDate: IsoDate | null;
  originalDueDate: IsoDate | null;
  extended: boolean;
  answeredOn: IsoDate | null;
  outcome: Outcome | null;
}

export interface ItemView extends ItemSummary {
  coExecutorIds: string[];
  /** Positive: working days left; negative: working days overdue; null when not running. */
  workingDaysLeft: number | null;
  forwardingUntil: IsoDate | null;
  forwardCount: number;
  extension: { extendedOn: IsoDate; previousDue: IsoDate; newDue: IsoDate; reason: string; notifyAuthorBy: IsoDate } | null;
  answer: { answeredOn: IsoDate; outcome: Outcome; reasons: string; workingDaysToAnswer: number | null } | null;
  closedOn: IsoDate | null;
  measures: MeasureView[];
  timeline: TimelineEntry[];
}

export interface Dashboard {
  today: IsoDate;
  national: ResponseStats;
  agencies: (ResponseStats & { agencyId: string })[];
  /** Unanswered items by their clock today. */
  running: { on_time: number; due_soon: number; overdue: number };
  /** Measures past their due date and neither done nor dropped, by responsible agency and in total. */
  overdueMeasures: { total: number; byAgency: Record<string, number> };
}

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const SOURCE_REF = /^(proposal|decision|kurultai)\/[A-Za-z0-9._-]{1,64}$/;
const MAX_TEXT = 4000;
const MAX_MEASURES = 20;
/** How long public figures may be reused before they are computed again. */
const STATS_TTL_MS = 5000;

type Trx = Transaction<Database>;

export class ResponsesService {
  readonly calendar: WorkingDayCalendar;
  private readonly pg: boolean;
  private statsCache: { key: string; at: number; value: Dashboard } | null = null;
  private statsRefresh: Promise<Dashboard> | null = null;
  private statsRefreshVersion = -1;

  constructor(
    readonly db: Kysely<Database>,
    readonly charter: Charter,
    /** The instant "now"; tests pass a fixed clock to move through deadlines. */
    public clock: () => Date = () => new Date(),
  ) {
    this.calendar = createCalendar(charter.calendar, charter.timeZone);
    this.pg = isPostgres(db);
  }

  get rules() {
    return this.charter.responses;
  }

  /** Today's date on the charter's clock (Asia/Almaty). */
  today(now: Date = this.clock()): IsoDate {
    return todayIn(this.charter.timeZone, now);
  }

  // ---- agencies ----

  async listAgencies(): Promise<AgencyView[]> {
    return (await repo.listAgencies(this.db)).map(agencyView);
  }

  async getAgency(id: string): Promise<AgencyView | null> {
    const row = await repo.findAgency(this.db, id);
    return row ? agencyView(row) : null;
  }

  async createAgency(input: NewAgency): Promise<AgencyView> {
    if (!AGENCY_ID.test(input.id)) throw new DomainError('invalid-agency-id', 'id');
    for (const lang of LANGS) {
      if (!input.name[lang]?.trim()) throw new DomainError('name-required', `name.${lang}`, { lang });
    }
    if (!(AGENCY_LEVELS as readonly string[]).includes(input.level)) throw new DomainError('invalid-level', 'level', { known: AGENCY_LEVELS.join(', ') });
    const region = input.region ?? null;
    if (region !== null && !this.charter.regions.some((r) => r.code === region)) throw new DomainError('unknown-region', 'region', { region });
    return this.db.transaction().execute(async (trx) => {
      if (await repo.findAgency(trx, input.id)) throw new DomainError('agency-exists', 'id', { agencyId: input.id });
      const parentId = input.parentId ?? null;
      if (parentId !== null && !(await repo.findAgency(trx, parentId))) throw new DomainError('unknown-agency', 'parentId', { agencyId: parentId });
      const row = {
        id: input.id,
        name_kk: input.name.kk.trim(),
        name_ru: input.name.ru.trim(),
        name_en: input.name.en.trim(),
        parent_id: parentId,
        region,
        level: input.level,
        created_at: this.clock().toISOString(),
      };
      await trx.insertInto('response_agencies').values(row).execute();
      return agencyView(row);
    }).finally(() => this.invalidate());
  }

  // ---- items ----

  /** Records an item sent to the government (by the secretariat now; by proposals and council later). */
  async createItem(input: NewItem): Promise<ItemView> {
    const id = await this.db.transaction().execute((trx) => createItem(trx, input, this.clock()));
    this.invalidate();
    return (await this.getItem(id))!;
  }

  async assign(itemId: number, input: { leadAgencyId: string; coExecutorIds?: string[]; receivedOn?: string }, actor: Actor): Promise<ItemView> {
    if (!mayEver(itemLifecycle, 'response.assigned', itemActorKinds(actor, { lead_agency_id: null }))) throw new DomainError('secretariat-only');
    const now = this.clock();
    const today = this.today(now);
    const receivedOn = input.receivedOn ?? today;
    if (!isIsoDate(receivedOn)) throw new DomainError('invalid-date', 'receivedOn', { value: receivedOn });
    if (receivedOn > today) throw new DomainError('date-in-future', 'receivedOn', { value: receivedOn, today });
    const co = [...new Set(input.coExecutorIds ?? [])];
    if (co.includes(input.leadAgencyId)) throw new DomainError('lead-is-co-executor', 'coExecutorIds');
    await this.db.transaction().execute((trx) =>
      this.transition(trx, now, itemId, 'response.assigned', actor, {
        prepare: async (item) => {
          if (receivedOn < item.received_on) throw new DomainError('before-item-received', 'receivedOn', { receivedOn: item.received_on });
          const lead = await repo.findAgency(trx, input.leadAgencyId);
          if (!lead) throw new DomainError('unknown-agency', 'leadAgencyId', { agencyId: input.leadAgencyId });
          for (const [i, id] of co.entries()) if (!(await repo.findAgency(trx, id))) throw new DomainError('unknown-agency', `coExecutorIds.${i}`, { agencyId: id });
          const dueDate = answerDueDate(this.calendar, this.rules, receivedOn, lead.level as AgencyLevel);
          if (dueDate < today) throw new DomainError('deadline-in-past', 'receivedOn', { receivedOn, dueDate });
          return { leadAgencyId: lead.id, coExecutorIds: co, receivedOn, dueDate };
        },
        set: (_item, d) => ({ lead_agency_id: d.leadAgencyId, agency_received_on: receivedOn, due_date: d.dueDate, original_due_date: d.dueDate, clock: 'on_time' }),
        timelineKind: 'assigned',
        timelineAgency: (_item, d) => d.leadAgencyId,
        payload: (item) => ({ sourceRef: item.source_ref }),
        after: async (d) => {
          await trx.insertInto('response_item_agencies').values([{ item_id: itemId, agency_id: d.leadAgencyId, role: 'lead' }, ...co.map((a) => ({ item_id: itemId, agency_id: a, role: 'co' }))]).execute();
        },
      }),
    );
    this.invalidate();
    return (await this.getItem(itemId))!;
  }

  /** The lead agency hands a misrouted item to the competent agency; the new agency's clock starts from today. */
  async forward(itemId: number, input: { toAgencyId: string; reason: string }, actor: Actor): Promise<ItemView> {
    const now = this.clock();
    const today = this.today(now);
    if (!input.reason?.trim()) throw new DomainError('reason-required', 'reason');
    await this.db.transaction().execute((trx) =>
      this.transition(trx, now, itemId, 'response.forwarded', actor, {
        prepare: async (item) => {
          const v = checkForwarding(this.calendar, this.rules, item.agency_received_on!, today);
          if (v) throw v;
          if (input.toAgencyId === item.lead_agency_id) throw new DomainError('same-agency', 'toAgencyId');
          const to = await repo.findAgency(trx, input.toAgencyId);
          if (!to) throw new DomainError('unknown-agency', 'toAgencyId', { agencyId: input.toAgencyId });
          // The competent agency gets its full period, counted from the working day after it receives the item.
          const dueDate = answerDueDate(this.calendar, this.rules, today, to.level as AgencyLevel);
          return { fromAgencyId: item.lead_agency_id!, toAgencyId: to.id, reason: input.reason.trim(), receivedOn: today, dueDate };
        },
        set: (item, d) => ({ lead_agency_id: d.toAgencyId, agency_received_on: today, due_date: d.dueDate, original_due_date: d.dueDate, clock: 'on_time', forward_count: item.forward_count + 1 }),
        timelineKind: 'forwarded',
        timelineAgency: (_item, d) => d.fromAgencyId,
        after: async (d) => {
          await trx.deleteFrom('response_item_agencies').where('item_id', '=', itemId).where('agency_id', 'in', [d.fromAgencyId, d.toAgencyId]).execute();
          await trx.insertInto('response_item_agencies').values({ item_id: itemId, agency_id: d.toAgencyId, role: 'lead' }).execute();
        },
      }),
    );
    this.invalidate();
    return (await this.getItem(itemId))!;
  }

  /** The one extension the charter allows, with a public reason and a duty to tell the author. */
  async extend(itemId: number, input: { newDueDate: string; reason: string }, actor: Actor): Promise<ItemView> {
    const now = this.clock();
    const today = this.today(now);
    await this.db.transaction().execute((trx) =>
      this.transition(trx, now, itemId, 'response.extended', actor, {
        prepare: (item) => {
          const reason = (input.reason ?? '').trim();
          const v = checkExtension(this.calendar, this.rules, { today, currentDue: item.due_date!, extensionsSoFar: item.extension_count, newDueDate: input.newDueDate, reason });
          if (v) throw v;
          if (reason.length > MAX_TEXT) throw new DomainError('too-long', 'reason', { max: MAX_TEXT });
          const notifyBy = notifyAuthorBy(this.calendar, this.rules, today);
          return { agencyId: item.lead_agency_id, previousDue: item.due_date, newDue: input.newDueDate, reason, notifyAuthorBy: notifyBy };
        },
        set: (item) => ({ due_date: input.newDueDate, extension_count: item.extension_count + 1, clock: 'on_time' }),
        timelineKind: 'extended',
        timelineAgency: (item) => item.lead_agency_id,
        after: async (d, item) => {
          await trx
            .insertInto('response_extensions')
            .values({ item_id: itemId, agency_id: item.lead_agency_id!, extended_on: today, previous_due: d.previousDue!, new_due: input.newDueDate, reason: d.reason })
            .execute();
          await trx
            .insertInto('response_notifications')
            .values({ item_id: itemId, kind: 'extension', recipient_ref: item.source_ref, notify_by: d.notifyAuthorBy, created_at: now.toISOString(), sent_at: null })
            .execute();
        },
      }),
    );
    this.invalidate();
    return (await this.getItem(itemId))!;
  }

  /** The agency's published answer: outcome, reasons and planned measures. Late answers are accepted and marked late. */
  async answer(itemId: number, input: AnswerInput, actor: Actor): Promise<ItemView> {
    const now = this.clock();
    const today = this.today(now);
    if (!(OUTCOMES as readonly string[]).includes(input.outcome)) throw new DomainError('invalid-outcome', 'outcome', { known: OUTCOMES.join(', ') });
    const reasons = (input.reasons ?? '').trim();
    if (!reasons) throw new DomainError('reasons-required', 'reasons');
    if (reasons.length > MAX_TEXT) throw new DomainError('too-long', 'reasons', { max: MAX_TEXT });
    const measures = input.measures ?? [];
    if (input.outcome !== 'rejected' && measures.length === 0) throw new DomainError('measures-required', 'measures');
    if (measures.length > MAX_MEASURES) throw new DomainError('too-many', 'measures', { max: MAX_MEASURES });
    measures.forEach((m, i) => {
      if (!m.description?.trim()) throw new DomainError('description-required', `measures.${i}.description`);
      if (m.description.length > MAX_TEXT) throw new DomainError('too-long', `measures.${i}.description`, { max: MAX_TEXT });
      const v = checkFutureDate(m.dueDate, today, `measures.${i}.dueDate`);
      if (v) throw v;
    });
    await this.db.transaction().execute((trx) =>
      this.transition(trx, now, itemId, 'response.answered', actor, {
        prepare: async (item) => {
          for (const [i, m] of measures.entries()) {
            if (!(await repo.findAgency(trx, m.responsibleAgencyId))) throw new DomainError('unknown-agency', `measures.${i}.responsibleAgencyId`, { agencyId: m.responsibleAgencyId });
          }
          const onTime = today <= item.due_date!;
          const days = this.calendar.countWorkingDays(item.agency_received_on!, today);
          return { agencyId: item.lead_agency_id, outcome: input.outcome, onTime, dueDate: item.due_date, workingDaysToAnswer: days, measures: measures.length };
        },
        set: (_item, d) => ({
          answered_on: today,
          outcome: input.outcome,
          answer_reasons: reasons,
          working_days_to_answer: d.workingDaysToAnswer,
          clock: d.onTime ? 'answered_on_time' : 'answered_late',
        }),
        timelineKind: 'answered',
        timelineAgency: (item) => item.lead_agency_id,
        payload: () => ({ answeredOn: today }),
        after: async () => {
          if (!measures.length) return;
          await trx
            .insertInto('response_measures')
            .values(
              measures.map((m, i) => ({
                item_id: itemId,
                position: i + 1,
                description: m.description.trim(),
                responsible_agency_id: m.responsibleAgencyId,
                due_date: m.dueDate,
                status: 'planned',
                progress: 0,
                drop_reason: null,
                updated_on: today,
              })),
            )
            .execute();
        },
      }),
    );
    this.invalidate();
    return (await this.getItem(itemId))!;
  }

  /** Progress on one measure, by its responsible agency or the item's lead agency. */
  async updateMeasure(itemId: number, measureId: number, input: MeasureUpdateInput, actor: Actor): Promise<ItemView> {
    const now = this.clock();
    const today = this.today(now);
    if (!(MEASURE_STATUSES as readonly string[]).includes(input.status)) throw new DomainError('invalid-status', 'status', { known: MEASURE_STATUSES.join(', ') });
    const status = input.status as MeasureStatus;
    if (!Number.isSafeInteger(input.progress) || input.progress < 0 || input.progress > 100) throw new DomainError('invalid-progress', 'progress');
    const dropReason = (input.dropReason ?? '').trim();
    if (status === 'dropped' && !dropReason) throw new DomainError('drop-reason-required', 'dropReason');
    const note = (input.note ?? '').trim();
    if (note.length > MAX_TEXT || dropReason.length > MAX_TEXT) throw new DomainError('too-long', note.length > MAX_TEXT ? 'note' : 'dropReason', { max: MAX_TEXT });
    // "done" means finished: the progress follows.
    const progress = status === 'done' ? 100 : input.progress;
    await this.db.transaction().execute(async (trx) => {
      // The measure is found before the item is checked, so an unknown measure is a 404 whoever asks.
      const measure = (await repo.itemMeasures(trx, itemId)).find((m) => m.id === measureId);
      if (!measure) {
        if (!(await repo.findItem(trx, itemId, false))) throw new DomainError('not-found', undefined, { what: 'item', id: itemId });
        throw new DomainError('not-found', undefined, { what: `measure ${measureId} of item`, id: itemId });
      }
      await this.transition(trx, now, itemId, 'response.measure_updated', actor, {
        measureAgencyId: measure.responsible_agency_id,
        guard: () => ({ measureFinished: isMeasureFinished(measure.status as MeasureStatus), measureId, measureStatus: measure.status }),
        prepare: () => ({ measureId, position: measure.position, status, progress, agencyId: actor.agencyId, ...(status === 'dropped' ? { dropReason } : {}) }),
        timelineKind: 'measure_updated',
        timelineAgency: () => actor.agencyId,
        after: async () => {
          await trx
            .updateTable('response_measures')
            .set({ status, progress, drop_reason: status === 'dropped' ? dropReason : null, updated_on: today })
            .where('id', '=', measureId)
            .execute();
          await trx.insertInto('response_measure_updates').values({ measure_id: measureId, on_date: today, status, progress, note: status === 'dropped' && !note ? dropReason : note, created_at: now.toISOString() }).execute();
        },
      });
    });
    this.invalidate();
    return (await this.getItem(itemId))!;
  }

  /** Closing: only when every measure is done or dropped with a reason. */
  async close(itemId: number, actor: Actor): Promise<ItemView> {
    const now = this.clock();
    const today = this.today(now);
    await this.db.transaction().execute((trx) =>
      this.transition(trx, now, itemId, 'response.closed', actor, {
        guard: async () => ({ openMeasures: (await repo.itemMeasures(trx, itemId)).filter((m) => !isMeasureFinished(m.status as MeasureStatus)).map((m) => m.position) }),
        prepare: (item) => ({ agencyId: item.lead_agency_id, outcome: item.outcome }),
        set: () => ({ closed_on: today }),
        timelineKind: 'closed',
        timelineAgency: () => (actor.secretariat ? null : actor.agencyId),
        payload: () => ({ closedOn: today }),
      }),
    );
    this.invalidate();
    return (await this.getItem(itemId))!;
  }

  // ---- the sweep ----

  /**
   * Marks every unanswered item whose deadline has passed as overdue and writes `response.deadline_missed`
   * once per transition. Safe to run in several processes at once: on PostgreSQL the candidate rows are
   * locked with SKIP LOCKED, and on both dialects the update only touches rows not yet overdue, so an
   * event is written only by the transaction whose update changed the row.
   */
  async sweep(now: Date = this.clock(), batchSize = 500): Promise<{ markedOverdue: number[] }> {
    // One bulk update for many items: the table is asked once, and each marked item is recorded as applied.
    const allowed = check(itemLifecycle, 'assigned', 'response.deadline_missed', ['system']);
    if (!allowed.ok) throw new DomainError(allowed.code);
    const today = this.today(now);
    const marked: number[] = [];
    for (;;) {
      const batch = await this.db.transaction().execute(async (trx) => {
        const candidates = trx
          .selectFrom('response_items')
          .select('id')
          .where('status', '=', 'assigned')
          .where('due_date', '<', today)
          .where((eb) => eb.or([eb('clock', 'is', null), eb('clock', '<>', 'overdue')]))
          .orderBy('id')
          .limit(batchSize);
        let ids: number[];
        if (this.pg) {
          ids = (await candidates.forUpdate().skipLocked().execute()).map((r) => Number(r.id));
          if (!ids.length) return [];
        }
        // On SQLite the UPDATE is the transaction's first statement, so it takes the write lock at once.
        const rows = await trx
          .updateTable('response_items')
          .set({ clock: 'overdue', updated_at: now.toISOString() })
          .where('status', '=', 'assigned')
          .where('due_date', '<', today)
          .where((eb) => eb.or([eb('clock', 'is', null), eb('clock', '<>', 'overdue')]))
          .$call((b) => (this.pg ? b.where('id', 'in', ids) : b.where('id', 'in', candidates)))
          .returning(['id', 'due_date', 'lead_agency_id', 'source_ref'])
          .execute();
        for (const r of rows) {
          const itemId = Number(r.id);
          const detail = { agencyId: r.lead_agency_id, dueDate: r.due_date, overdueFrom: today };
          await repo.addTimeline(trx, { itemId, at: now.toISOString(), onDate: today, kind: 'deadline_missed', agencyId: r.lead_agency_id, detail });
          await emit(trx, { kind: 'response.deadline_missed', subject: subject(itemId), occurredAt: now.toISOString(), payload: { itemId, sourceRef: r.source_ref, ...detail } });
          recordApplied(itemLifecycle.aggregate, 'assigned', 'response.deadline_missed');
        }
        return rows.map((r) => Number(r.id));
      });
      marked.push(...batch);
      if (batch.length < batchSize) break;
    }
    if (marked.length) this.invalidate();
    return { markedOverdue: marked.sort((a, b) => a - b) };
  }

  // ---- reading ----

  /** The item registered for a source (`proposal/ab12`), if any: how a proposal page finds its answer. */
  async itemIdForSource(sourceRef: string): Promise<number | null> {
    const row = await this.db.selectFrom('response_items').select('id').where('source_ref', '=', sourceRef).executeTakeFirst();
    return row ? Number(row.id) : null;
  }

  async getItem(id: number): Promise<ItemView | null> {
    const row = await repo.findItem(this.db, id, false);
    if (!row) return null;
    const today = this.today();
    const [agencies, measures, ext, timeline] = await Promise.all([
      repo.itemAgencies(this.db, id),
      repo.itemMeasures(this.db, id),
      this.db.selectFrom('response_extensions').selectAll().where('item_id', '=', id).orderBy('id').executeTakeFirst(),
      this.db.selectFrom('response_timeline').selectAll().where('item_id', '=', id).orderBy('id').execute(),
    ]);
    const updates = measures.length
      ? await this.db
          .selectFrom('response_measure_updates')
          .selectAll()
          .where(
            'measure_id',
            'in',
            measures.map((m) => m.id),
          )
          .orderBy('id')
          .execute()
      : [];
    const summary = this.summary(row, today, dueSoonBefore(this.calendar, this.rules, today));
    return {
      ...summary,
      coExecutorIds: agencies.filter((a) => a.role === 'co').map((a) => a.agency_id),
      workingDaysLeft: row.status === 'assigned' && row.due_date ? workingDaysLeft(this.calendar, row.due_date, today) : null,
      forwardingUntil: row.status === 'assigned' && row.agency_received_on ? forwardingLastDay(this.calendar, this.rules, row.agency_received_on) : null,
      forwardCount: row.forward_count,
      extension: ext
        ? { extendedOn: ext.extended_on, previousDue: ext.previous_due, newDue: ext.new_due, reason: ext.reason, notifyAuthorBy: notifyAuthorBy(this.calendar, this.rules, ext.extended_on) }
        : null,
      answer: row.answered_on
        ? { answeredOn: row.answered_on, outcome: row.outcome as Outcome, reasons: row.answer_reasons ?? '', workingDaysToAnswer: row.working_days_to_answer }
        : null,
      closedOn: row.closed_on,
      measures: measures.map((m) => ({
        id: m.id,
        description: m.description,
        responsibleAgencyId: m.responsible_agency_id,
        dueDate: m.due_date,
        status: m.status as MeasureStatus,
        progress: m.progress,
        dropReason: m.drop_reason,
        updatedOn: m.updated_on,
        overdue: row.status !== 'closed' && isMeasureOverdue({ dueDate: m.due_date, status: m.status }, today),
        updates: updates
          .filter((u) => Number(u.measure_id) === m.id)
          .map((u) => ({ onDate: u.on_date, status: u.status as MeasureStatus, progress: u.progress, note: u.note })),
      })),
      timeline: timeline.map((t) => ({ at: t.at, onDate: t.on_date, kind: t.kind, agencyId: t.agency_id, detail: JSON.parse(t.detail) })),
    };
  }

  /** Items for public lists and the console, soonest deadline first (unassigned last, newest first). */
  async listItems(filter: { agencyId?: string; status?: ItemStatus[]; limit?: number; offset?: number } = {}): Promise<ItemSummary[]> {
    const today = this.today();
    const rows = await this.db
      .selectFrom('response_items')
      .selectAll()
      // An agency's items: those it leads or co-executes (both in response_item_agencies, indexed by
      // agency) and those where it is responsible for a measure.
      .$if(!!filter.agencyId, (b) =>
        b.where('id', 'in', (eb) =>
          eb
            .selectFrom('response_item_agencies')
            .select('item_id')
            .where('agency_id', '=', filter.agencyId!)
            .union(eb.selectFrom('response_measures').select('item_id').where('responsible_agency_id', '=', filter.agencyId!)),
        ),
      )
      .$if(!!filter.status?.length, (b) => b.where('status', 'in', filter.status!))
      .orderBy((eb) => eb.case().when('due_date', 'is', null).then(1).else(0).end())
      .orderBy('due_date')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 200)
      .offset(filter.offset ?? 0)
      .execute();
    const soon = dueSoonBefore(this.calendar, this.rules, today);
    return rows.map((r) => this.summary(r as repo.ItemRow, today, soon));
  }

  /** Every item for open data, in id order. */
  async allItems(): Promise<ItemSummary[]> {
    const today = this.today();
    const rows = await this.db.selectFrom('response_items').selectAll().orderBy('id').execute();
    const soon = dueSoonBefore(this.calendar, this.rules, today);
    return rows.map((r) => this.summary(r as repo.ItemRow, today, soon));
  }

  /**
   * National and per-agency figures (definitions: core/responses/stats.ts, which the tests hold this
   * SQL to). Cached per process for five seconds and dropped on any change made here, so a busy public
   * dashboard costs one aggregate query every five seconds.
   */
  async dashboard(): Promise<Dashboard> {
    const today = this.today();
    const cached = this.statsCache;
    const sameDay = cached !== null && cached.key === today;
    if (sameDay && Date.now() - cached.at < STATS_TTL_MS) return cached.value;
    // One computation at a time; while it runs, callers get the figures of a moment ago (same day,
    // no change made here since), so a busy dashboard never queues behind the aggregate.
    if (!this.statsRefresh || this.statsRefreshVersion !== this.version) {
      const version = this.version;
      this.statsRefreshVersion = version;
      this.statsRefresh = this.computeDashboard(today)
        .then((value) => {
          if (this.version === version) this.statsCache = { key: today, at: Date.now(), value };
          return value;
        })
        .finally(() => {
          if (this.statsRefreshVersion === version) this.statsRefresh = null;
        });
    }
    return sameDay ? cached.value : this.statsRefresh;
  }

  private async computeDashboard(today: IsoDate): Promise<Dashboard> {
    const soon = dueSoonBefore(this.calendar, this.rules, today);
    const [counts, medians, agencyRows, lateMeasures] = await Promise.all([
      repo.agencyCounts(this.db, today, soon),
      repo.answerMedians(this.db),
      repo.listAgencies(this.db),
      repo.overdueMeasures(this.db, today),
    ]);
    const byAgency = new Map(counts.map((c) => [c.agency, c]));
    const zero: repo.AgencyCounts = { agency: '', assigned: 0, answered: 0, on_time: 0, overdue: 0, due_soon: 0, extended: 0 };
    const total = { ...zero };
    for (const c of counts) for (const k of ['assigned', 'answered', 'on_time', 'overdue', 'due_soon', 'extended'] as const) total[k] += c[k];
    const figures = (c: repo.AgencyCounts, median: number | undefined): ResponseStats => ({
      assigned: c.assigned,
      answered: c.answered,
      answeredOnTime: c.on_time,
      shareOnTime: c.answered ? c.on_time / c.answered : null,
      medianWorkingDaysToAnswer: median ?? null,
      overdueNow: c.overdue,
      extended: c.extended,
      extensionRate: c.assigned ? c.extended / c.assigned : null,
    });
    const agencies = agencyRows.map((a) => ({ agencyId: a.id, ...figures(byAgency.get(a.id) ?? zero, medians.get(a.id)) }));
    const running = { on_time: total.assigned - total.answered - total.overdue - total.due_soon, due_soon: total.due_soon, overdue: total.overdue };
    const overdueMeasures = { total: [...lateMeasures.values()].reduce((a, b) => a + b, 0), byAgency: Object.fromEntries(lateMeasures) };
    return { today, national: figures(total, medians.get('')), agencies, running, overdueMeasures };
  }

  /** One agency's figures; zeros for an agency added in another process since the figures were cached. */
  async agencyStats(agencyId: string): Promise<ResponseStats> {
    const dash = await this.dashboard();
    const found = dash.agencies.find((a) => a.agencyId === agencyId);
    if (found) {
      const { agencyId: _id, ...stats } = found;
      return stats;
    }
    return computeStats([], dash.today);
  }

  /** Pending duties to tell authors (delivery channels come later). */
  async pendingNotifications(): Promise<{ itemId: number; kind: string; recipientRef: string; notifyBy: IsoDate }[]> {
    const rows = await this.db.selectFrom('response_notifications').selectAll().where('sent_at', 'is', null).orderBy('notify_by').execute();
    return rows.map((r) => ({ itemId: Number(r.item_id), kind: r.kind, recipientRef: r.recipient_ref, notifyBy: r.notify_by }));
  }

  // ---- helpers ----

  private summary(row: repo.ItemRow, today: IsoDate, soonBefore: IsoDate): ItemSummary {
    return {
      id: Number(row.id),
      title: row.title,
      lang: row.lang,
      sourceRef: row.source_ref,
      receivedOn: row.received_on,
      status: row.status as ItemStatus,
      clock: clockStateBefore({ dueDate: row.due_date, answeredOn: row.answered_on }, today, soonBefore),
      leadAgencyId: row.lead_agency_id,
      agencyReceivedOn: row.agency_received_on,
      dueDate: row.due_date,
      originalDueDate: row.original_due_date,
      extended: row.extension_count > 0,
      answeredOn: row.answered_on,
      outcome: row.outcome as Outcome | null,
    };
  }

  /** Applies one transition of the item's life-cycle through the shared runner (src/db/transition.ts). */
  private async transition<D extends Record<string, unknown>>(
    trx: Trx,
    now: Date,
    itemId: number,
    event: string,
    actor: Actor,
    o: {
      measureAgencyId?: string;
      guard?: (item: repo.ItemRow) => ItemGuardContext | Promise<ItemGuardContext>;
      /** Checks that need the locked item; returns the timeline detail (also the event payload). */
      prepare: (item: repo.ItemRow) => D | Promise<D>;
      set?: (item: repo.ItemRow, detail: D) => Record<string, unknown>;
      timelineKind: string;
      timelineAgency: (item: repo.ItemRow, detail: D) => string | null;
      /** Payload members before the detail. */
      payload?: (item: repo.ItemRow) => Record<string, unknown>;
      after?: (detail: D, item: repo.ItemRow) => Promise<void>;
    },
  ): Promise<void> {
    const at = now.toISOString();
    const today = this.today(now);
    await runTransition<ItemStatus, ItemActor, ItemGuardContext, repo.ItemRow, D>(trx, {
      lifecycle: itemLifecycle,
      rows: 'response_items',
      id: itemId,
      event,
      actor: (item) => itemActorKinds(actor, item, o.measureAgencyId),
      refusalParams: (item) => ({ leadAgencyId: item.lead_agency_id }),
      missing: new DomainError('not-found', undefined, { what: 'item', id: itemId }),
      guard: o.guard,
      prepare: o.prepare,
      set: (item, d) => ({ ...o.set?.(item, d), updated_at: at }),
      timeline: (q, item, _to, d) => repo.addTimeline(q, { itemId, at, onDate: today, kind: o.timelineKind, agencyId: o.timelineAgency(item, d), detail: d }),
      emit: (item, _to, d) => ({ subject: subject(itemId), occurredAt: at, payload: { itemId, ...o.payload?.(item), ...d } }),
      after: o.after ? (_q, item, d) => o.after!(d, item) : undefined,
    });
  }

  private invalidate(): void {
    this.statsCache = null;
    this.version++;
  }

  /** Goes up on every change made through this service; pages key their short-lived caches on it. */
  version = 0;
}

function subject(itemId: number): string {
  return `response/${itemId}`;
}

function agencyView(r: repo.AgencyRow): AgencyView {
  return { id: r.id, name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en }, parentId: r.parent_id, region: r.region, level: r.level as AgencyLevel };
}

/**
 * Records an item sent to the government, in the caller's transaction: the proposals and council
 * modules call this when a petition succeeds or a decision is taken. Returns the new item's id.
 */
export async function createItem(trx: Kysely<Database> | Transaction<Database>, input: NewItem, now: Date = new Date()): Promise<number> {
  const title = (input.title ?? '').trim();
  if (!title) throw new DomainError('title-required', 'title');
  if (title.length > 500) throw new DomainError('too-long', 'title', { max: 500 });
  if (!isLang(input.lang)) throw new DomainError('invalid-lang', 'lang', { known: LANGS.join(', ') });
  if (!SOURCE_REF.test(input.sourceRef ?? '')) throw new DomainError('invalid-source-ref', 'sourceRef');
  if (!isIsoDate(input.receivedOn)) throw new DomainError('invalid-date', 'receivedOn', { value: input.receivedOn });
  const existing = await trx.selectFrom('response_items').select('id').where('source_ref', '=', input.sourceRef).executeTakeFirst();
  if (existing) throw new DomainError('item-exists', 'sourceRef', { sourceRef: input.sourceRef, itemId: Number(existing.id) });
  const at = now.toISOString();
  const row = await trx
    .insertInto('response_items')
    .values({
      title,
      lang: input.lang,
      source_ref: input.sourceRef,
      received_on: input.receivedOn,
      status: 'received',
      lead_agency_id: null,
      agency_received_on: null,
      due_date: null,
      original_due_date: null,
      clock: null,
      extension_count: 0,
      forward_count: 0,
      answered_on: null,
      outcome: null,
      answer_reasons: null,
      working_days_to_answer: null,
      closed_on: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await repo.addTimeline(trx, { itemId: id, at, onDate: input.receivedOn, kind: 'received', agencyId: null, detail: { sourceRef: input.sourceRef } });
  return id;
}

const services = new WeakMap<AppContext, ResponsesService>();

/** The one service of an app context, shared by routes, pages, the sweep and the demo seeder. */
export function responsesService(ctx: AppContext): ResponsesService {
  let s = services.get(ctx);
  if (!s) {
    s = new ResponsesService(ctx.db.db, ctx.charter);
    services.set(ctx, s);
  }
  return s;
}
