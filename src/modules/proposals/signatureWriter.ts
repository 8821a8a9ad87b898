// Group commit for signatures and withdrawals. Requests queue here; one transaction per batch
// inserts the signatures (the primary key on proposal and signer refuses a second one), deletes
// withdrawn ones, and adds the batch's net change to counter rows split by region, hour and
// writer lane. So no row is written once per signature, SQLite pays one commit per batch, and
// PostgreSQL lanes never touch the same counter rows (docs/adr/0701).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type SignOutcome = 'signed' | 'duplicate' | 'closed' | 'withdrawn' | 'notSigned';

interface BaseOp {
  proposalId: number;
  signer: string;
  resolve: (r: SignOutcome) => void;
  reject: (e: unknown) => void;
}
interface SignOp extends BaseOp {
  type: 'sign';
  region: string;
  publicName: string | null;
}
interface WithdrawOp extends BaseOp {
  type: 'withdraw';
}
type Op = SignOp | WithdrawOp;

export interface BatchContext {
  trx: Transaction<Database>;
  now: Date;
  /** Proposals whose counts changed upwards in this batch (for threshold checks). */
  grown: Set<number>;
}

/** Writes one batch synchronously on its own SQLite connection; returns null when the database is busy. */
export interface DirectStore {
  write(batch: readonly { type: 'sign' | 'withdraw'; proposalId: number; signer: string; region?: string; publicName?: string | null }[], now: Date): SignOutcome[] | null;
  /** What the threshold check needs of these proposals, read on the store's connection (committed data). */
  thresholdState(ids: readonly number[]): ThresholdState[];
  /** The connection's PRAGMA synchronous (2 = FULL: an acknowledged batch survives power loss, ADR 0705). */
  synchronous(): number;
  close(): void;
}

/** A proposal's state and counts as the threshold check sees them. */
export interface ThresholdState {
  id: number;
  kind: string;
  status: string;
  listed_at: string | null;
  reached_at: string | null;
  total: number;
  byRegion: Record<string, number>;
}

export interface WriterOptions {
  /** SQLite fast path: batches bypass the shared async connection (docs/adr/0701). */
  direct?: DirectStore;
  /** Closes what the writer owns (its own connection pool), after the last batch. */
  release?: () => Promise<void>;
  /** With a direct store, runs after the batch commits, in its own transaction. */
  afterDirectBatch?: (grown: number[], now: Date) => Promise<unknown>;
  /** Concurrent batches (1 on SQLite, which has one writer anyway). Each lane owns its counter shard. */
  lanes: number;
  maxBatch: number;
  /** Decides, inside the batch transaction, which proposals accept signatures now. */
  signable: (trx: Transaction<Database>, ids: number[], now: Date) => Promise<Set<number>>;
  /** Runs inside the batch transaction after the counters moved: thresholds, visibility, events. */
  afterBatch: (ctx: BatchContext) => Promise<unknown>;
}

export class SignatureWriter {
  private queue: Op[] = [];
  private freeLanes: number[];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Batches written again after a PostgreSQL deadlock or serialization failure (none expected: rows are locked in order). */
  retries = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: WriterOptions,
  ) {
    this.freeLanes = Array.from({ length: opts.lanes }, (_, i) => i);
  }

  sign(proposalId: number, signer: string, region: string, publicName: string | null): Promise<SignOutcome> {
    return this.enqueue({ type: 'sign', proposalId, signer, region, publicName });
  }

  withdraw(proposalId: number, signer: string): Promise<SignOutcome> {
    return this.enqueue({ type: 'withdraw', proposalId, signer });
  }

  /** Resolves when every queued request has been written (used on shutdown and in tests). */
  async drain(): Promise<void> {
    if (this.queue.length === 0 && this.freeLanes.length === this.opts.lanes) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    this.opts.direct?.close();
    await this.opts.release?.();
  }

  private enqueue(op: Omit<SignOp, 'resolve' | 'reject'> | Omit<WithdrawOp, 'resolve' | 'reject'>): Promise<SignOutcome> {
    if (this.closed) return Promise.reject(new Error('signature writer is closed'));
    return new Promise<SignOutcome>((resolve, reject) => {
      this.queue.push({ ...op, resolve, reject } as Op);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Let the requests that arrive in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.freeLanes.length > 0) {
      const lane = this.freeLanes.pop()!;
      const batch = this.takeBatch();
      void this.run(batch, lane).finally(() => {
        this.freeLanes.push(lane);
        if (this.queue.length > 0) this.pump();
        else if (this.freeLanes.length === this.opts.lanes) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  /** Takes up to maxBatch requests, leaving a second request for the same signature to a later batch. */
  private takeBatch(): Op[] {
    const batch: Op[] = [];
    const seen = new Set<string>();
    const rest: Op[] = [];
    for (const op of this.queue) {
      const key = `${op.proposalId}\u0000${op.signer}`;
      if (batch.length >= this.opts.maxBatch || seen.has(key)) rest.push(op);
      else {
        seen.add(key);
        batch.push(op);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Op[], lane: number): Promise<void> {
    if (this.opts.direct) return this.runDirect(batch, this.opts.direct);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.db.transaction().execute((trx) => this.write(trx, batch, lane));
        for (const [i, op] of batch.entries()) op.resolve(outcomes[i]!);
        return;
      } catch (err) {
        // A PostgreSQL serialization failure or deadlock is worth one more try; then give up.
        if (attempt >= 2) {
          for (const op of batch) op.reject(err);
          return;
        }
        this.retries++;
      }
    }
  }

  private async runDirect(batch: Op[], direct: DirectStore): Promise<void> {
    try {
      let outcomes: SignOutcome[] | null = null;
      const now = new Date();
      // Another connection holds the write lock (a transaction spanning awaits): wait a little, never block the loop.
      for (let wait = 1; outcomes === null; wait = Math.min(wait * 2, 50)) {
        outcomes = direct.write(batch, now);
        if (outcomes === null) await new Promise((r) => setTimeout(r, wait));
      }
      for (const [i, op] of batch.entries()) op.resolve(outcomes[i]!);
      const grown = [...new Set(batch.filter((op, i) => op.type === 'sign' && outcomes![i] === 'signed').map((op) => op.proposalId))];
      if (grown.length > 0 && this.opts.afterDirectBatch) await this.opts.afterDirectBatch(grown, now);
    } catch (err) {
      for (const op of batch) op.reject(err);
    }
  }

  private async write(trx: Transaction<Database>, batch: Op[], lane: number): Promise<SignOutcome[]> {
    const now = new Date();
    const nowIso = now.toISOString();
    const hour = nowIso.slice(0, 13);
    const ids = [...new Set(batch.map((op) => op.proposalId))];
    const open = await this.opts.signable(trx, ids, now);
    const outcomes: SignOutcome[] = batch.map(() => 'closed');

    // Rows are locked in one order, by proposal and signer, in every batch: concurrent lanes then
    // wait for each other but never deadlock (an insert waits on another batch's insert of the same
    // signature, a delete on another batch's delete, and both phases take their keys in this order).
    const signs = batch
      .map((op, i) => ({ op, i }))
      .filter((x): x is { op: SignOp; i: number } => x.op.type === 'sign' && open.has(x.op.proposalId))
      .sort(bySignature);
    const withdraws = batch
      .map((op, i) => ({ op, i }))
      .filter((x) => x.op.type === 'withdraw' && open.has(x.op.proposalId))
      .sort(bySignature);

    const delta = new Map<string, { proposalId: number; region: string; n: number }>();
    const hourDelta = new Map<number, number>();
    const bump = (proposalId: number, region: string, n: number) => {
      const key = `${proposalId}\u0000${region}`;
      const d = delta.get(key) ?? { proposalId, region, n: 0 };
      d.n += n;
      delta.set(key, d);
      hourDelta.set(proposalId, (hourDelta.get(proposalId) ?? 0) + n);
    };

    if (signs.length > 0) {
      const inserted = new Set<string>();
      for (const chunk of chunks(signs, 1000)) {
        const rows = await trx
          .insertInto('proposal_signatures')
          .values(chunk.map(({ op }) => ({ proposal_id: op.proposalId, signer: op.signer, region: op.region, public_name: op.publicName, signed_at: nowIso })))
          .onConflict((oc) => oc.columns(['proposal_id', 'signer']).doNothing())
          .returning(['proposal_id', 'signer'])
          .execute();
        for (const r of rows) inserted.add(`${Number(r.proposal_id)}\u0000${r.signer}`);
      }
      for (const { op, i } of signs) {
        if (inserted.has(`${op.proposalId}\u0000${op.signer}`)) {
          outcomes[i] = 'signed';
          bump(op.proposalId, op.region, 1);
        } else outcomes[i] = 'duplicate';
      }
    }

    for (const { op, i } of withdraws) {
      const gone = await trx
        .deleteFrom('proposal_signatures')
        .where('proposal_id', '=', op.proposalId)
        .where('signer', '=', op.signer)
        .returning(['region'])
        .executeTakeFirst();
      if (gone) {
        outcomes[i] = 'withdrawn';
        bump(op.proposalId, gone.region, -1);
      } else outcomes[i] = 'notSigned';
    }

    const counts = [...delta.values()].filter((d) => d.n !== 0);
    if (counts.length > 0) {
      await trx
        .insertInto('proposal_signature_counts')
        .values(counts.map((d) => ({ proposal_id: d.proposalId, region: d.region, shard: lane, n: d.n })))
        .onConflict((oc) => oc.columns(['proposal_id', 'region', 'shard']).doUpdateSet({ n: sql`proposal_signature_counts.n + excluded.n` }))
        .execute();
    }
    const hours = [...hourDelta].filter(([, n]) => n !== 0);
    if (hours.length > 0) {
      await trx
        .insertInto('proposal_signature_hours')
        .values(hours.map(([proposalId, n]) => ({ proposal_id: proposalId, hour, shard: lane, n })))
        .onConflict((oc) => oc.columns(['proposal_id', 'hour', 'shard']).doUpdateSet({ n: sql`proposal_signature_hours.n + excluded.n` }))
        .execute();
    }
    const grown = new Set(hours.filter(([, n]) => n > 0).map(([id]) => id));
    if (grown.size > 0) await this.opts.afterBatch({ trx, now, grown });
    return outcomes;
  }
}

function bySignature(a: { op: BaseOp }, b: { op: BaseOp }): number {
  if (a.op.proposalId !== b.op.proposalId) return a.op.proposalId - b.op.proposalId;
  return a.op.signer < b.op.signer ? -1 : a.op.signer > b.op.signer ? 1 : 0;
}

function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
