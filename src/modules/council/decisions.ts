// What a closed vote starts, and the public tracks that follow (ADR 0902): an adopted decision is
// recorded; a legislative initiative goes to the Kurultai and a referendum proposal to the President,
// each as an initiative whose stages the secretariat records as dated steps; a recommendation becomes
// a response item through the outbox (the responses module subscribes to its event), so the response
// clock starts by itself. The Kurultai's own initiatives are recorded on the same tracks.
import { randomUUID } from 'node:crypto';
import {
  followUps,
  initialKurultaiStage,
  type KurultaiStage,
  kurultaiTrack,
  type ReferendumStage,
  type ReferendumStepContext,
  referendumTrack,
  stageTimes,
  type TrackActor,
} from '../../core/council/index.ts';
import { DomainError } from '../../core/errors.ts';
import { isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import type { LifecycleTable } from '../../core/lifecycle/table.ts';
import { runTransition } from '../../db/transition.ts';
import type { SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { type ItemBySource, itemsBySource } from '../responses/api.ts';
import { type CouncilBase, parseJson, type Trx } from './base.ts';
import { coreItem } from './agenda.ts';
import type { FollowUpHook } from './votes.ts';
import type { CouncilTables } from './tables.ts';

type InitiativeRow = CouncilTables['council_initiatives'];
type StepRow = CouncilTables['council_track_steps'];
type DecisionRow = CouncilTables['council_decisions'];

export const INITIATIVE_KINDS = ['legislativeInitiative', 'referendumProposal'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

export interface StepView {
  seq: number;
  stage: string;
  event: string;
  on: IsoDate;
  documentUrl: string | null;
  note: string | null;
}

export interface InitiativeView {
  id: string;
  body: 'council' | 'kurultai';
  kind: InitiativeKind;
  /** kurultai (a bill's stages) or referendum (the President's decision). */
  track: 'kurultai' | 'referendum';
  title: string;
  stage: string;
  final: boolean;
  decisionId: string | null;
  reference: string | null;
  addressees: string[] | null;
  referendumDate: IsoDate | null;
  startedOn: IsoDate;
  steps: StepView[];
  /** Time in each stage, in calendar and working days (the open stage runs to today). */
  stageTimes: ReturnType<typeof stageTimes>;
  /** The steps the secretariat may record next. */
  nextSteps: string[];
}

export interface DecisionView {
  id: string;
  kind: string;
  title: string;
  adoptedOn: IsoDate;
  sessionId: string;
  voteId: string;
  itemId: string;
  /** Where it went: the Kurultai (a legislative initiative), the President (a referendum proposal) or the government's response clock. */
  track: InitiativeView | { kind: 'response'; sourceRef: string; item: ItemBySource | null } | null;
}

const trackOf = (kind: string) => (kind === 'referendumProposal' ? 'referendum' : 'kurultai') as 'kurultai' | 'referendum';
// biome-ignore lint/suspicious/noExplicitAny: the two track tables have their own stage types
const tableOf = (kind: string): LifecycleTable<string, TrackActor, any> => (kind === 'referendumProposal' ? referendumTrack : kurultaiTrack);

export function decisionSteps(b: CouncilBase, minutes: { approveMinutesInVote(trx: Trx, sessionId: string, voteId: string, on: IsoDate): Promise<void> }) {
  const { db } = b;

  async function insertInitiative(trx: Trx, i: Omit<InitiativeRow, 'created_at' | 'updated_at'>, event: string, at: string, by: string | null, extra: Record<string, unknown> = {}) {
    await trx.insertInto('council_initiatives').values({ ...i, created_at: at, updated_at: at }).execute();
    await trx.insertInto('council_track_steps').values({ initiative_id: i.id, seq: 1, stage: i.status, event, on_date: i.started_on, document_url: null, note: null, recorded_at: at }).execute();
    await emit(trx, { kind: event, subject: `council-initiative/${i.id}`, occurredAt: at, payload: { initiativeId: i.id, body: i.body, kind: i.kind, title: i.title, stage: i.status, on: i.started_on, decisionId: i.decision_id, reference: i.reference, addressees: parseJson(i.addressees), by, ...extra } });
  }

  /** The close's follow-ups, in its transaction (see votes.ts). */
  const followUp: FollowUpHook = async (trx, { vote, row, item, amendment, by, at }) => {
    const result = vote.result!;
    if (amendment) {
      if (result.outcome === 'void') return;
      const adopted = result.outcome === 'adopted';
      await trx.updateTable('council_amendments').set({ status: adopted ? 'adopted' : 'rejected' }).where('id', '=', amendment.id).execute();
      let version: number | null = null;
      if (adopted) {
        const last = await trx.selectFrom('council_item_versions').select((eb) => eb.fn.max<number>('version').as('v')).where('item_id', '=', item.id).executeTakeFirst();
        version = Number(last?.v ?? 0) + 1;
        await trx.insertInto('council_item_versions').values({ item_id: item.id, version, text: amendment.text, origin: 'amendment', amendment_id: amendment.id, created_at: at }).execute();
      }
      await emit(trx, { kind: adopted ? 'council-amendment.adopted' : 'council-amendment.rejected', subject: `council-item/${item.id}`, occurredAt: at, payload: { itemId: item.id, amendmentId: amendment.id, number: Number(amendment.number), voteId: row.id, code: result.code, version } });
      return;
    }
    const decisionId = randomUUID();
    for (const f of followUps(b.charter, vote, coreItem(item), decisionId)) {
      switch (f.event) {
        case 'council-decision.adopted': {
          const d: DecisionRow = { id: decisionId, vote_id: row.id, item_id: item.id, session_id: row.session_id, kind: f.payload.kind, title: item.title, adopted_on: f.payload.adoptedOn, initiative_id: null, response_ref: null, created_at: at };
          await trx.insertInto('council_decisions').values(d).execute();
          await trx.updateTable('council_agenda_items').set({ status: 'adopted' }).where('id', '=', item.id).execute();
          await emit(trx, { kind: f.event, subject: `council-decision/${decisionId}`, occurredAt: at, payload: { ...f.payload, title: item.title, by } });
          break;
        }
        case 'council-item.rejected':
          await trx.updateTable('council_agenda_items').set({ status: 'rejected' }).where('id', '=', item.id).execute();
          await emit(trx, { kind: f.event, subject: `council-item/${item.id}`, occurredAt: at, payload: { ...f.payload, title: item.title } });
          break;
        case 'initiative.sent-to-kurultai': {
          const id = randomUUID();
          await insertInitiative(trx, { id, body: 'council', kind: 'legislativeInitiative', title: item.title, status: kurultaiTrack.initial, decision_id: decisionId, reference: null, addressees: null, referendum_date: null, started_on: f.payload.sentOn }, f.event, at, by);
          await trx.updateTable('council_decisions').set({ initiative_id: id }).where('id', '=', decisionId).execute();
          break;
        }
        case 'referendum-proposal.sent': {
          const id = randomUUID();
          await insertInitiative(trx, { id, body: 'council', kind: 'referendumProposal', title: item.title, status: referendumTrack.initial, decision_id: decisionId, reference: null, addressees: JSON.stringify(f.payload.addressees), referendum_date: null, started_on: f.payload.sentOn }, f.event, at, by);
          await trx.updateTable('council_decisions').set({ initiative_id: id }).where('id', '=', decisionId).execute();
          break;
        }
        case 'recommendation.sent-to-government': {
          const sourceRef = `decision/${decisionId}`;
          await trx.updateTable('council_decisions').set({ response_ref: sourceRef }).where('id', '=', decisionId).execute();
          // The responses module subscribes to this event and opens the item (its clock) from it.
          await emit(trx, { kind: f.event, subject: `council-decision/${decisionId}`, occurredAt: at, payload: { ...f.payload, sourceRef, title: item.title, language: item.lang } });
          break;
        }
        case 'council-minutes.approved':
          await minutes.approveMinutesInVote(trx, f.payload.sessionId, row.id, f.payload.approvedOn);
          break;
        case 'proposal.council-decided':
          await emit(trx, { kind: f.event, subject: `proposal/${f.payload.proposalId}`, occurredAt: at, payload: { ...f.payload, itemId: item.id } });
          break;
      }
    }
  };

  async function steps(ids: readonly string[]): Promise<Map<string, StepRow[]>> {
    const out = new Map<string, StepRow[]>();
    if (ids.length === 0) return out;
    const rows = await db.selectFrom('council_track_steps').selectAll().where('initiative_id', 'in', [...ids]).orderBy('initiative_id').orderBy('seq').execute();
    for (const r of rows) out.set(r.initiative_id, [...(out.get(r.initiative_id) ?? []), r]);
    return out;
  }

  function initiativeView(r: InitiativeRow, s: readonly StepRow[]): InitiativeView {
    const table = tableOf(r.kind);
    const entries = s.map((x) => ({ stage: x.stage, on: x.on_date }));
    return {
      id: r.id,
      body: r.body as 'council' | 'kurultai',
      kind: r.kind as InitiativeKind,
      track: trackOf(r.kind),
      title: r.title,
      stage: r.status,
      final: table.final.includes(r.status),
      decisionId: r.decision_id,
      reference: r.reference,
      addressees: parseJson<string[]>(r.addressees),
      referendumDate: r.referendum_date,
      startedOn: r.started_on,
      steps: s.map((x) => ({ seq: Number(x.seq), stage: x.stage, event: x.event, on: x.on_date, documentUrl: x.document_url, note: x.note })),
      stageTimes: stageTimes(b.calendar, entries, b.today(), table.final),
      nextSteps: [...new Set(table.transitions.filter((t) => t.from === r.status).map((t) => t.event))],
    };
  }

  async function initiativeViews(rows: readonly InitiativeRow[]): Promise<InitiativeView[]> {
    const s = await steps(rows.map((r) => r.id));
    return rows.map((r) => initiativeView(r, s.get(r.id) ?? []));
  }

  function text(v: unknown, field: string, max: number): string {
    const s = typeof v === 'string' ? v.trim() : '';
    if (!s) throw new DomainError('required', field);
    if (s.length > max) throw new DomainError('too-long', field, { max });
    return s;
  }
  function url(v: unknown, field: string): string | null {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' || v.length > 1000 || !/^https?:\/\/[^\s]+$/.test(v)) throw new DomainError('invalid-url', field, { value: String(v).slice(0, 100) });
    return v;
  }
  function pastDate(v: unknown, field: string): IsoDate {
    if (!isIsoDate(v)) throw new DomainError('invalid-date', field, { value: String(v) });
    const today = b.today();
    if (v > today) throw new DomainError('date-in-future', field, { value: v, today });
    return v;
  }

  return {
    followUp,

    async decisions(filter: { kind?: string } = {}): Promise<DecisionView[]> {
      let q = db.selectFrom('council_decisions').selectAll().where('kind', '!=', 'procedural');
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      const rows = await q.orderBy('adopted_on', 'desc').orderBy('created_at', 'desc').execute();
      const inits = await db.selectFrom('council_initiatives').selectAll().where('decision_id', 'in', rows.length ? rows.map((r) => r.id) : ['']).execute();
      const views = new Map((await initiativeViews(inits)).map((v) => [v.decisionId, v]));
      const items = await itemsBySource(db, rows.flatMap((r) => (r.response_ref ? [r.response_ref] : [])));
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        adoptedOn: r.adopted_on,
        sessionId: r.session_id,
        voteId: r.vote_id,
        itemId: r.item_id,
        track: r.response_ref ? { kind: 'response' as const, sourceRef: r.response_ref, item: items.get(r.response_ref) ?? null } : (views.get(r.id) ?? null),
      }));
    },

    /** Both bodies' initiatives with their stages (filters: body, kind, stage). */
    async initiatives(filter: { body?: string; kind?: string; stage?: string } = {}): Promise<InitiativeView[]> {
      let q = db.selectFrom('council_initiatives').selectAll();
      if (filter.body) q = q.where('body', '=', filter.body);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.stage) q = q.where('status', '=', filter.stage);
      return initiativeViews(await q.orderBy('started_on', 'desc').orderBy('created_at', 'desc').execute());
    },

    async initiative(id: string): Promise<InitiativeView | null> {
      const r = await db.selectFrom('council_initiatives').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? (await initiativeViews([r]))[0]! : null;
    },

    /** The Kurultai's own initiative, recorded by the secretariat: a bill registered there, or its referendum proposal. */
    async recordKurultaiInitiative(user: SessionUser | null, input: { kind: string; title: string; on: string; reference?: string; documentUrl?: string }): Promise<InitiativeView> {
      if (!user?.roles.includes('secretariat')) throw new DomainError('secretariat-only');
      if (!(INITIATIVE_KINDS as readonly string[]).includes(input.kind)) throw new DomainError('invalid-initiative-kind', 'kind', { kind: String(input.kind), allowed: INITIATIVE_KINDS });
      const title = text(input.title, 'title', 300);
      const on = pastDate(input.on, 'on');
      const reference = input.reference === undefined ? null : text(input.reference, 'reference', 100);
      const documentUrl = url(input.documentUrl, 'documentUrl');
      const at = b.now().toISOString();
      const id = randomUUID();
      const legislative = input.kind === 'legislativeInitiative';
      const stage = legislative ? initialKurultaiStage('kurultai') : referendumTrack.initial;
      await db.transaction().execute(async (trx) => {
        await insertInitiative(trx, { id, body: 'kurultai', kind: input.kind, title, status: stage, decision_id: null, reference, addressees: legislative ? null : JSON.stringify(['president']), referendum_date: null, started_on: on }, 'kurultai-initiative.recorded', at, user.id, { documentUrl });
        if (documentUrl) await trx.updateTable('council_track_steps').set({ document_url: documentUrl }).where('initiative_id', '=', id).execute();
      });
      return (await this.initiative(id))!;
    },

    /** One dated step of a track (secretariat), in the track's order, with a document link. */
    async trackStep(id: string, input: { event: string; on: string; documentUrl?: string; note?: string; referendumDate?: string }, user: SessionUser | null): Promise<InitiativeView> {
      const actor: TrackActor[] = user?.roles.includes('secretariat') ? ['secretariat'] : [];
      const pre = await db.selectFrom('council_initiatives').selectAll().where('id', '=', id).executeTakeFirst();
      if (!pre) throw new DomainError('not-found', 'initiativeId', { what: 'initiative', id });
      const table = tableOf(pre.kind);
      if (!table.transitions.some((t) => t.event === input.event)) throw new DomainError('unknown-step', 'event', { event: String(input.event), allowed: [...new Set(table.transitions.map((t) => t.event))] });
      const documentUrl = url(input.documentUrl, 'documentUrl');
      const note = input.note === undefined ? null : text(input.note, 'note', 2000);
      const at = b.now().toISOString();
      await db.transaction().execute(async (trx) => {
        let seq = 0;
        let on = '';
        await runTransition<string, TrackActor, ReferendumStepContext, InitiativeRow>(trx, {
          lifecycle: table,
          rows: 'council_initiatives',
          id,
          event: input.event,
          actor,
          // The date is checked after the state: a step out of order says so first.
          prepare: async () => {
            on = pastDate(input.on, 'on');
            if (input.referendumDate !== undefined && !isIsoDate(input.referendumDate)) throw new DomainError('invalid-date', 'referendumDate', { value: String(input.referendumDate) });
          },
          guard: async () => {
            const last = await trx.selectFrom('council_track_steps').select(['seq', 'on_date']).where('initiative_id', '=', id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
            seq = Number(last.seq) + 1;
            return { on, previousOn: last.on_date, ...(documentUrl ? { documentUrl } : {}), ...(input.referendumDate ? { referendumDate: input.referendumDate } : {}) };
          },
          set: () => ({ updated_at: at, ...(input.event === 'referendum-proposal.called' ? { referendum_date: input.referendumDate ?? null } : {}) }),
          timeline: async (t, _row, to) => {
            await t.insertInto('council_track_steps').values({ initiative_id: id, seq, stage: to, event: input.event, on_date: on, document_url: documentUrl, note, recorded_at: at }).execute();
          },
          emit: (row, to) => ({ subject: `council-initiative/${row.id}`, occurredAt: at, payload: { initiativeId: row.id, body: row.body, kind: row.kind, stage: to, on, documentUrl, note, ...(input.referendumDate ? { referendumDate: input.referendumDate } : {}), by: user?.id ?? null } }),
          refusalParams: (row) => ({ stage: row.status }),
        });
      });
      return (await this.initiative(id))!;
    },
  };
}

export type { KurultaiStage, ReferendumStage };
