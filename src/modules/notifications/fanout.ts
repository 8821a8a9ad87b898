// The fan-out (docs/adr/1601): one outbox subscriber turns each event into delivery rows, in the
// transaction that moves its cursor, so each event is fanned out exactly once. E-mail recipients are
// found by one INSERT … SELECT per event: followers of the subject and of what it concerns, the
// proposal's signers and author (default subscriptions) minus opt-outs, joined to verified, not
// stopped addresses. Webhooks get one row each when they asked for the kind.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../web/context.ts';
import { drain, type OutboxEvent, sqliteImmediate, type Subscription } from '../outbox/api.ts';
import { settingsOf } from './settings.ts';

export const FANOUT = 'notifications.fanout';

/** Events that are mailed to people. */
export const MAIL_KINDS = [
  'proposal.published',
  'proposal.threshold_reached',
  'proposal.succeeded',
  'proposal.expired',
  'proposal.rejected',
  'response.assigned',
  'response.extended',
  'response.answered',
  'response.deadline_missed',
  'response.measure_updated',
  'response.closed',
  'notifications.due_soon',
  // The Council at work (docs/adr/1602): followers of the Council, of the session or item, and the
  // sitting members; a proposal's signers when the Council queues or decides it; a member's followers
  // when the member votes.
  'council-session.convened',
  'council-session.rescheduled',
  'council-session.cancelled',
  'council-agenda.published',
  'council-decision.adopted',
  'council-item.rejected',
  'council-agenda.petition-queued',
  'proposal.council-decided',
  'council-vote.ballot-cast',
  // Candidates, each told personally: drawn (with the confirmation deadline), called as an alternate,
  // the deadline near.
  'council.drawn',
  'council.alternateCalled',
  'notifications.confirm_due_soon',
] as const;

/** Event kinds a webhook may ask for ('*' is every kind). */
export const WEBHOOK_KINDS = [...MAIL_KINDS, 'council-minutes.approved', 'council-vote.closed', 'proposal.submitted', 'proposal.returned', 'council.cycleAnnounced', 'council.candidatesAdded', 'council.memberReplaced', 'sortition.committed'] as const;

/**
 * Who hears of each kind (docs/adr/1601): `proposal` = followers of the proposal, its signers and its
 * author; `listing` = followers of its topic and region (listed proposals only); `agency` = followers
 * of the agency; `officers` = the agency's officers; `author` = the author alone.
 */
type Audience = 'proposal' | 'listing' | 'agency' | 'officers' | 'author';
const AUDIENCE: Record<string, readonly Audience[]> = {
  'proposal.published': ['listing', 'author'],
  'proposal.threshold_reached': ['proposal'],
  'proposal.succeeded': ['proposal', 'listing'],
  'proposal.expired': ['proposal'],
  'proposal.rejected': ['author'],
  'response.assigned': ['agency', 'officers', 'author'],
  'response.extended': ['proposal', 'agency'],
  'response.answered': ['proposal', 'agency', 'listing'],
  'response.deadline_missed': ['proposal', 'agency', 'officers'],
  'response.measure_updated': ['proposal', 'agency'],
  'response.closed': ['proposal', 'agency'],
  'notifications.due_soon': ['officers'],
  'proposal.council-decided': ['proposal'],
};

/** The opt-out that every recipient of a Council mail leaves by its unsubscribe link (docs/adr/1602). */
export const COUNCIL_OPTOUT: [string, string] = ['council', 'all'];
/** The opt-out of the mails about one's own candidacy and seat. */
export const PERSONAL_OPTOUT: [string, string] = ['council-personal', 'all'];
const SESSION_KINDS = new Set(['council-session.convened', 'council-session.rescheduled', 'council-session.cancelled', 'council-agenda.published']);
/** Council events (and anything else about a followed subject) reach the subject's followers. */
const SUBJECT_ONLY: readonly Audience[] = [];

type Trx = Parameters<Subscription['handle']>[0];

interface Concern {
  /** (kind, id) pairs whose followers hear of the event. */
  targets: [string, string][];
  proposalId?: number;
  authorId?: string;
  signers: boolean;
  /** The opt-out key of the proposal (signers and the author leave through it). */
  optoutKey?: [string, string];
  officersOf?: string;
  /** Sitting Council members (a default subscription to convocations and agendas). */
  members?: boolean;
  /** Council members (by membership id) told personally: candidates drawn or called. */
  persons?: { cycle?: number; memberId?: string };
  /** An opt-out every recipient of this event is checked against (Council mail). */
  everyoneOptout?: [string, string];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Council events (docs/adr/1602): who hears of them, by kind. */
async function councilConcern(trx: Trx, ev: OutboxEvent, head: string, id: string, p: Record<string, unknown>): Promise<Concern | null> {
  const c: Concern = { targets: [], signers: false, everyoneOptout: COUNCIL_OPTOUT };
  if (SESSION_KINDS.has(ev.kind)) {
    const sessionId = str(p.sessionId);
    if (sessionId) c.targets.push(['council-session', sessionId]);
    c.targets.push(['council', 'all']);
    c.members = true;
    return c;
  }
  if (ev.kind === 'council-decision.adopted' || ev.kind === 'council-item.rejected') {
    const itemId = str(p.itemId);
    const item = itemId ? await trx.selectFrom('council_agenda_items').select(['id', 'session_id']).where('id', '=', itemId).executeTakeFirst() : undefined;
    if (item) c.targets.push(['council-item', item.id]);
    if (item?.session_id) c.targets.push(['council-session', item.session_id]);
    c.targets.push(['council', 'all']);
    return c;
  }
  if (ev.kind === 'council-vote.ballot-cast') {
    const memberId = str(p.memberId);
    if (!memberId) return null;
    c.targets.push(['council-member', memberId]);
    return c;
  }
  if (ev.kind === 'council.drawn' && head === 'council-cycle') {
    c.persons = { cycle: Number(id) };
    c.everyoneOptout = PERSONAL_OPTOUT;
    return c;
  }
  if ((ev.kind === 'council.alternateCalled' || ev.kind === 'notifications.confirm_due_soon') && head === 'council-member') {
    c.persons = { memberId: id };
    c.everyoneOptout = PERSONAL_OPTOUT;
    return c;
  }
  return null;
}

async function concernOf(trx: Trx, ev: OutboxEvent): Promise<Concern | null> {
  const [head, ...rest] = ev.subject.split('/');
  const id = rest.join('/');
  const payload = JSON.parse(ev.payload) as Record<string, unknown>;
  const audience = new Set(AUDIENCE[ev.kind] ?? SUBJECT_ONLY);
  if (ev.kind === 'council-agenda.petition-queued') {
    // The Council put a proposal on its agenda: its signers, author and followers hear of it.
    audience.add('proposal');
  } else if (head !== 'proposal' && (MAIL_KINDS as readonly string[]).includes(ev.kind) && !AUDIENCE[ev.kind]) return councilConcern(trx, ev, head, id, payload);
  const c: Concern = { targets: [], signers: false };
  let proposalRef: string | undefined;
  if (head === 'proposal') proposalRef = id;
  else if (ev.kind === 'council-agenda.petition-queued') proposalRef = str(payload.proposal);
  else if (head === 'response') {
    const item = await trx.selectFrom('response_items').select(['source_ref', 'lead_agency_id']).where('id', '=', Number(id)).executeTakeFirst();
    if (!item) return null;
    if (item.source_ref.startsWith('proposal/')) proposalRef = item.source_ref.slice('proposal/'.length);
    const agency = typeof payload.agencyId === 'string' ? payload.agencyId : typeof payload.leadAgencyId === 'string' ? payload.leadAgencyId : item.lead_agency_id;
    if (agency) {
      if (audience.has('agency')) c.targets.push(['agency', agency]);
      if (audience.has('officers')) c.officersOf = agency;
    }
  } else if (head) c.targets.push([head, id]);
  if (proposalRef) {
    const p = await trx.selectFrom('proposals').select(['id', 'ref', 'author_user_id', 'topic', 'scope', 'listed_at']).where('ref', '=', proposalRef).executeTakeFirst();
    if (p) {
      c.proposalId = p.id;
      c.optoutKey = ['proposal', p.ref];
      if (audience.has('author') || audience.has('proposal')) c.authorId = p.author_user_id;
      if (audience.has('proposal')) {
        c.targets.push(['proposal', p.ref]);
        c.signers = true;
      }
      // Topic and region followers hear only of listed proposals (a link-only one is not public).
      if (audience.has('listing') && p.listed_at) {
        c.targets.push(['topic', p.topic]);
        if (p.scope !== 'national') c.targets.push(['region', p.scope]);
      }
    }
  }
  return c;
}

/** The signers of one proposal, after `cursor` in key order, joined to their accounts, minus opt-outs. */
const signerPart = (proposalId: number, optout: [string, string] | undefined, cursor?: string, limit?: number) => {
  const out = optout ? sql`and not exists (select 1 from notify_optouts o where o.user_id = u.id and o.target_kind = ${optout[0]} and o.target_id = ${optout[1]})` : sql``;
  if (cursor === undefined) return sql`select u.id as uid from proposal_signatures s join identity_users u on u.pseudonym = s.signer where s.proposal_id = ${proposalId} ${out}`;
  return sql`select u.id as uid from (select signer from proposal_signatures where proposal_id = ${proposalId} and signer > ${cursor} order by signer limit ${limit}) s join identity_users u on u.pseudonym = s.signer where true ${out}`;
};

/** Delivery rows for the recipients `union` finds: verified, not stopped, not opted out of everything. */
async function insertMail(trx: Trx, ev: { id: number; position: number; kind: string; subject: string }, union: ReturnType<typeof sql>, everyone: ReturnType<typeof sql>, now: string) {
  return sql`
    insert into notify_deliveries (event_id, event_position, kind, subject, channel, recipient, status, attempts, next_attempt_at, created_at)
    select ${ev.id}, ${ev.position}, ${ev.kind}, ${ev.subject}, 'email', a.user_id, case when a.digest = 1 then 'digest' else 'pending' end, 0, ${now}, ${now}
    from (${union}) r
    join notify_addresses a on a.user_id = r.uid
    where a.verified_at is not null and a.stopped_at is null
      and not exists (select 1 from notify_optouts o where o.user_id = a.user_id and o.target_kind = 'all' and o.target_id = '*')
      ${everyone}
    on conflict (event_id, channel, recipient) do nothing`.execute(trx);
}

async function mailRows(trx: Trx, ev: OutboxEvent, c: Concern, now: string, chunk: number): Promise<void> {
  const parts = [];
  for (const [k, i] of c.targets) parts.push(sql`select user_id as uid from notify_follows where target_kind = ${k} and target_id = ${i}`);
  const notOptedOut = (col: string) =>
    c.optoutKey ? sql`not exists (select 1 from notify_optouts o where o.user_id = ${sql.ref(col)} and o.target_kind = ${c.optoutKey[0]} and o.target_id = ${c.optoutKey[1]})` : sql`true`;
  if (c.signers && c.proposalId !== undefined) {
    // A large audience is expanded by a job in chunks, each its own short transaction (docs/adr/1603),
    // so the subscription's transaction (and SQLite's one write lock) stays short.
    const many = await trx.selectFrom('proposal_signatures').select('signer').where('proposal_id', '=', c.proposalId).offset(chunk).limit(1).executeTakeFirst();
    if (many) {
      await trx
        .insertInto('notify_fanout_jobs')
        .values({ event_id: ev.id, event_position: ev.position, kind: ev.kind, subject: ev.subject, proposal_id: c.proposalId, optout_kind: c.optoutKey?.[0] ?? '', optout_id: c.optoutKey?.[1] ?? '', cursor: '', rows: 0, created_at: now, done_at: null })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else parts.push(signerPart(c.proposalId, c.optoutKey));
  }
  if (c.authorId) parts.push(sql`select u.id as uid from identity_users u where u.id = ${c.authorId} and ${notOptedOut('u.id')}`);
  if (c.officersOf) parts.push(sql`select r.user_id as uid from identity_roles r where r.role = 'agency_officer' and r.agency_id = ${c.officersOf}`);
  // Council members are registry people: their person id is the pseudonym of their account.
  if (c.members) parts.push(sql`select u.id as uid from council_members m join identity_users u on u.pseudonym = m.person_id where m.status = 'sitting'`);
  if (c.persons?.cycle !== undefined)
    parts.push(sql`select u.id as uid from council_members m join council_cycles y on y.id = m.cycle_id join identity_users u on u.pseudonym = m.person_id where y.number = ${c.persons.cycle} and m.status = 'selected'`);
  if (c.persons?.memberId) parts.push(sql`select u.id as uid from council_members m join identity_users u on u.pseudonym = m.person_id where m.id = ${c.persons.memberId}`);
  if (!parts.length) return;
  const everyone = c.everyoneOptout
    ? sql`and not exists (select 1 from notify_optouts o where o.user_id = a.user_id and o.target_kind = ${c.everyoneOptout[0]} and o.target_id = ${c.everyoneOptout[1]})`
    : sql``;
  await insertMail(trx, ev, sql.join(parts, sql` union `), everyone, now);
}

/**
 * Expands one chunk of the oldest open fan-out job: the next `chunk` signers in key order, their
 * delivery rows and the job's cursor in one short transaction (BEGIN IMMEDIATE on SQLite; on
 * PostgreSQL the job row is locked with SKIP LOCKED, so two processes never take the same chunk).
 * The unique key (event, channel, recipient) keeps it exactly once even if a chunk were repeated.
 * Returns the rows written, or -1 when no job is open.
 */
export async function expandChunk(ctx: AppContext): Promise<number> {
  const chunk = settingsOf(ctx).fanoutChunk;
  const now = (ctx.now?.() ?? new Date()).toISOString();
  const work = async (trx: Trx): Promise<number> => {
    let q = trx.selectFrom('notify_fanout_jobs').selectAll().where('done_at', 'is', null).orderBy('event_id').limit(1);
    if (ctx.db.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const job = await q.executeTakeFirst();
    if (!job) return -1;
    const proposalId = Number(job.proposal_id);
    const last = await trx
      .selectFrom('proposal_signatures')
      .select('signer')
      .where('proposal_id', '=', proposalId)
      .where('signer', '>', job.cursor)
      .orderBy('signer')
      .offset(chunk - 1)
      .limit(1)
      .executeTakeFirst();
    const optout: [string, string] | undefined = job.optout_kind ? [job.optout_kind, job.optout_id] : undefined;
    const r = await insertMail(trx, { id: Number(job.event_id), position: Number(job.event_position), kind: job.kind, subject: job.subject }, signerPart(proposalId, optout, job.cursor, chunk), sql``, now);
    const n = Number(r.numAffectedRows ?? 0);
    await trx
      .updateTable('notify_fanout_jobs')
      .set({ cursor: last ? last.signer : job.cursor, rows: sql`rows + ${n}`, done_at: last ? null : now })
      .where('event_id', '=', job.event_id)
      .execute();
    return n;
  };
  if (ctx.db.dialect === 'postgres') return ctx.db.db.transaction().execute(work);
  // A plain read first: an idle installation does not take SQLite's write lock every few hundred ms.
  if (!(await ctx.db.db.selectFrom('notify_fanout_jobs').select('event_id').where('done_at', 'is', null).limit(1).executeTakeFirst())) return -1;
  return sqliteImmediate(ctx.db, (conn) => work(conn as unknown as Trx));
}

/** Expands every open fan-out job to its end; returns the rows written. */
export async function expandAll(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await expandChunk(ctx);
    if (n < 0) return total;
    total += n;
  }
}

export function fanoutSubscription(ctx: AppContext): Subscription {
  return {
    name: FANOUT,
    // A new installation does not mail the past.
    from: 'now',
    batch: 100,
    handle: async (trx, events) => {
      const now = (ctx.now?.() ?? new Date()).toISOString();
      const chunk = settingsOf(ctx).fanoutChunk;
      const hooks = (await trx.selectFrom('notify_webhooks').select(['id', 'kinds']).where('disabled_at', 'is', null).execute()).map((h) => ({
        id: String(h.id),
        kinds: new Set(JSON.parse(h.kinds) as string[]),
      }));
      for (const ev of events) {
        if ((MAIL_KINDS as readonly string[]).includes(ev.kind) || ev.kind.startsWith('council.')) {
          const c = await concernOf(trx, ev);
          if (c) await mailRows(trx, ev, c, now, chunk);
        }
        const to = hooks.filter((h) => h.kinds.has('*') || h.kinds.has(ev.kind));
        if (to.length) {
          await trx
            .insertInto('notify_deliveries')
            .values(to.map((h) => ({ event_id: ev.id, event_position: ev.position, kind: ev.kind, subject: ev.subject, channel: 'webhook', recipient: h.id, status: 'pending', attempts: 0, next_attempt_at: now, created_at: now })))
            .onConflict((oc) => oc.columns(['event_id', 'channel', 'recipient']).doNothing())
            .execute();
        }
      }
    },
  };
}

/** Fans out everything committed so far, large audiences to their end (tests, the demo seeder, the CLI). */
export async function drainFanout(ctx: AppContext): Promise<number> {
  const n = await drain(ctx.db, fanoutSubscription(ctx));
  await expandAll(ctx);
  return n;
}

/**
 * Expands large audiences in the background, one chunk per short transaction, with a pause between
 * chunks so other writers (signing, the delivery marks) take the write lock in between.
 */
export async function fanoutJobService(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const log = app.log.child({ worker: 'notifications.fanout-jobs' });
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      let n = -1;
      try {
        n = await expandChunk(ctx);
      } catch (err) {
        log.error({ err }, 'fan-out chunk failed; retrying');
      }
      await new Promise((r) => setTimeout(r, n < 0 ? 300 : 2).unref());
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
