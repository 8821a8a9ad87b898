// Sortition draws as a two-step public ceremony (ADR 0111): commit (anonymised pool, quotas, named
// entropy sources and their date, hashed, put on the ledger under a signed head at once), then reveal
// (the entropy, only after that date) and draw in a worker; the drawn entry cites the commitment.
import { randomInt, randomUUID } from 'node:crypto';
import {
  ENGINE_VERSION,
  parsePanelot,
  parseSortitionFoundation,
  type Algorithm,
  type SelectionInput,
  type SelectionReport,
  SortitionInputError,
  canonicalEntropy,
  inputHash,
  seedFromEntropy,
} from '../../core/sortition/index.ts';
import { anonymisePool, IIN_ID_REASON, looksLikeIinOrBin, validatePoolData } from '../../core/sortition/anonymise.ts';
import { DRAW_STAGE, type DrawStatus } from '../../core/sortition/drawStages.ts';
import type { PoolPreview } from '../../core/sortition/preview.ts';
import {
  CANDIDATE_COLUMN,
  commitmentOf,
  type EntropyPlan,
  HOUSEHOLD_COLUMN,
  PUBLIC_DRAW_FORMAT,
  type PublicInputs,
  publicFiles,
  reportHashOf,
  selectionInputOf,
} from '../../core/sortition/publicDraw.ts';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import { check } from '../../core/lifecycle/table.ts';
import { runLifecycle } from '../../core/sortition/lifecycle.ts';
import { runTransition } from '../../db/transition.ts';
import type { AppContext } from '../../web/context.ts';
import { firstHeadCovering, ledgerEntriesAbout, ledgerEntryOf, type SignedHead, sealNow } from '../ledger/api.ts';
import { emit } from '../outbox/api.ts';
import type { RunOptions, WorkerMessage } from './protocol.ts';
import type { SortitionRunner } from './runner.ts';

/** The commit step's request when the pool arrives as CSV (API and console). */
export interface CommitCsvRequest {
  format: 'panelot' | 'sortition-foundation';
  categoriesCsv?: string;
  respondentsCsv?: string;
  featuresCsv?: string;
  peopleCsv?: string;
  k: number;
  idColumn?: string;
  households?: string[];
  algorithm?: 'leximin' | 'maximin' | 'nash';
  lotterySize?: number;
  entropySources: string[];
  /** ISO-8601 time after which every source's value exists; must be in the future. */
  entropyAfter: string;
  /** Refused: present only so the refusal can say why. */
  seed?: string;
  /** Refused at commit: the entropy does not exist yet; it is given at reveal. */
  entropy?: string;
}
/** The old name of the CSV request, kept for callers that only read inputs. */
export type RunRequest = CommitCsvRequest;

/** The commit step from another module: the pool as data (e.g. Council nominees kept in the database). */
export interface CommitPoolRequest {
  input: SelectionInput;
  algorithm?: 'leximin' | 'maximin' | 'nash';
  lotterySize?: number;
  entropySources: string[];
  entropyAfter: string;
  /** What to keep as the staff-only record of where the pool came from. */
  source?: Record<string, unknown>;
}

export interface Committed {
  id: string;
  commitment: string;
  ledgerIndex: number;
  entryHash: string;
  head: SignedHead | null;
}

const FILE_FIELDS = {
  panelot: { categories: 'categoriesCsv', respondents: 'respondentsCsv' },
  'sortition-foundation': { features: 'featuresCsv', people: 'peopleCsv' },
} as const;

const refuseIinIds = (id: string) => (looksLikeIinOrBin(id) ? IIN_ID_REASON : null);

/** Parses the CSV texts; every problem becomes a 400 naming the body field, row and column. */
export function parseRunInput(body: CommitCsvRequest): SelectionInput {
  const pool = { k: body.k, idColumn: body.idColumn, householdColumns: body.households, refuseId: refuseIinIds };
  const need = (field: keyof CommitCsvRequest): string => {
    const v = body[field];
    if (typeof v !== 'string' || v.trim() === '') throw new DomainError('required-for-format', `body.${field}`, { format: body.format });
    return v;
  };
  try {
    if (body.format === 'panelot') {
      return parsePanelot({ categoriesCsv: need('categoriesCsv'), respondentsCsv: need('respondentsCsv'), categoriesFile: 'categoriesCsv', respondentsFile: 'respondentsCsv' }, pool);
    }
    return parseSortitionFoundation({ featuresCsv: need('featuresCsv'), peopleCsv: need('peopleCsv'), featuresFile: 'featuresCsv', peopleFile: 'peopleCsv' }, pool);
  } catch (err) {
    if (err instanceof SortitionInputError) throw inputProblem(err, Object.values(FILE_FIELDS[body.format]));
    throw err;
  }
}

/** A parser's problem as a domain error naming the request field (a CSV body field, `input.pool`, `k`); every row problem it carries is listed. */
function inputProblem(err: SortitionInputError, fileFields: readonly string[]): DomainError {
  const one = (e: SortitionInputError) => {
    const file = e.location.file ?? '';
    const field = fileFields.find((f) => f === file) ?? (file === 'pool' || file === 'quotas' ? `input.${file}` : /\bk\b|panel size/i.test(e.reason) ? 'k' : 'body');
    const fieldPath = field === 'body' ? 'body' : field.startsWith('input.') ? field : `body.${field}`;
    return new DomainError('sortition-input', fieldPath, { message: e.message, location: { ...e.location } });
  };
  return err.others.length ? new DomainErrors('sortition-input', [err, ...err.others].map(one)) : one(err);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The entropy plan, checked: named sources, and a date in the future (times without a zone are UTC). */
export function entropyPlan(sources: unknown, after: unknown, now: Date): EntropyPlan {
  const list = Array.isArray(sources) ? sources.map((s) => String(s).trim()).filter(Boolean) : [];
  if (list.length === 0) throw new DomainError('entropy-sources-missing', 'body.entropySources');
  if (list.length > 10 || list.some((s) => s.length > 300)) throw new DomainError('entropy-sources-too-many', 'body.entropySources', { max: 10, maxLength: 300 });
  const text = String(after ?? '').trim();
  if (!ISO.test(text)) throw new DomainError('entropy-after-invalid', 'body.entropyAfter', { value: text });
  const at = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(at.getTime())) throw new DomainError('entropy-after-unreal', 'body.entropyAfter', { value: text });
  if (at.getTime() <= now.getTime()) throw new DomainError('entropy-after-past', 'body.entropyAfter', { after: at.toISOString(), now: now.toISOString() });
  return { sources: list, after: at.toISOString() };
}

export interface RunRow {
  id: string;
  status: DrawStatus;
  stage: (typeof DRAW_STAGE)[DrawStatus];
  createdAt: string;
  finishedAt: string | null;
  format: string;
  algorithm: string;
  k: number;
  poolSize: number;
  inputHash: string;
  commitment: string | null;
  entropyPlan: EntropyPlan | null;
  ledger: { committed: number | null; committedEntryHash: string | null };
  entropy: string | null;
  revealedAt: string | null;
  reportHash: string | null;
  progress: unknown;
  error: unknown;
  report: SelectionReport | null;
}

/**
 * How long a process holds a running draw without renewing it (ADR 0807), in wall-clock ms:
 * KENES_SORTITION_LEASE_MS, default a minute. The holder renews it every third of that.
 */
export function sortitionLeaseMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.KENES_SORTITION_LEASE_MS);
  return Number.isFinite(v) && v >= 200 ? v : 60_000;
}

export function sortitionService(ctx: AppContext, runner: SortitionRunner) {
  const db = ctx.db.db;
  const now = () => ctx.now?.() ?? new Date();
  const leaseMs = sortitionLeaseMs();
  // Leases are wall-clock time (Date.now), not the domain clock (ctx.now), which tests move by days.
  const leaseEnd = () => new Date(Date.now() + leaseMs).toISOString();
  /** The draws this process is running, by id: what `settled` awaits. */
  const active = new Map<string, Promise<void>>();

  /** Runs a revealed draw in the worker queue, renewing its lease until its final message is stored. */
  function drawIn(id: string, publicInputs: PublicInputs, entropy: string, commitment: string): Promise<void> {
    const options: RunOptions = { algorithm: publicInputs.algorithm, entropy, lotterySize: publicInputs.lotterySize, commitment };
    const renew = setInterval(() => {
      void db.updateTable('sortition_runs').set({ lease_until: leaseEnd() }).where('id', '=', id).where('status', '=', 'running').execute().catch(() => undefined);
    }, Math.max(100, Math.floor(leaseMs / 3)));
    renew.unref();
    const done = runner.start(id, selectionInputOf(publicInputs), options, (m) => finish(id, m)).finally(() => {
      clearInterval(renew);
      active.delete(id);
    });
    active.set(id, done);
    return done;
  }

  /**
   * Takes over a run left `running` whose lease has run out (its process was killed): the lease is
   * claimed by compare-and-set, so of two processes only one resumes it; null when it is not
   * claimable (not running, or another process holds it).
   */
  async function resume(id: string): Promise<{ id: string; done: Promise<void> } | null> {
    const mine = active.get(id);
    if (mine) return { id, done: mine };
    const row = await db.selectFrom('sortition_runs').select(['status', 'public_inputs', 'entropy', 'commitment', 'lease_until']).where('id', '=', id).executeTakeFirst();
    if (row?.status !== 'running' || !row.public_inputs || !row.entropy || !row.commitment) return null;
    const stamp = new Date().toISOString();
    const claimed = await db
      .updateTable('sortition_runs')
      .set({ lease_until: leaseEnd() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where((eb) => (row.lease_until === null ? eb('lease_until', 'is', null) : eb('lease_until', '=', row.lease_until)))
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', stamp)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    return { id, done: drawIn(id, JSON.parse(row.public_inputs) as PublicInputs, row.entropy, row.commitment) };
  }

  async function finish(runId: string, m: WorkerMessage): Promise<void> {
    if (m.type === 'progress') {
      await db.updateTable('sortition_runs').set({ progress: JSON.stringify(m.event) }).where('id', '=', runId).execute();
      return;
    }
    // A run another process finished meanwhile (its lease was taken over while it still lived) is
    // not finished twice: the ledger has one result per draw.
    const current = await db.selectFrom('sortition_runs').select('status').where('id', '=', runId).executeTakeFirst();
    if (current?.status !== 'running') return;
    const finishedAt = now().toISOString();
    type Row = { commitment: string | null; committed_index: number | null; committed_entry_hash: string | null };
    // The drawn and failed entries cite the commitment they follow from.
    const cites = (row: Row) => ({ commitment: row.commitment, commitmentIndex: row.committed_index === null ? null : Number(row.committed_index), commitmentEntryHash: row.committed_entry_hash });
    const ends = { lifecycle: runLifecycle, rows: 'sortition_runs', id: runId, actor: ['worker'] } as const;
    await db.transaction().execute(async (trx) => {
      if (m.type === 'done') {
        const r = m.report;
        const reportHash = reportHashOf(r);
        await runTransition<DrawStatus, 'worker' | 'secretariat', unknown, Row>(trx, {
          ...ends,
          event: 'sortition.drawn',
          set: () => ({ finished_at: finishedAt, report: JSON.stringify(r), report_hash: reportHash }),
          emit: (row) => ({
            subject: `sortition/${runId}`,
            occurredAt: finishedAt,
            payload: { run: runId, ...cites(row), reportHash, inputHash: r.inputHash, algorithm: r.algorithm, seed: r.seed, entropy: r.entropy, ticket: r.draw.ticket, panel: r.draw.members, minimum: r.summary.min, optimal: r.optimal, engine: r.engine.version },
          }),
        });
      } else {
        const error = { message: m.message, ...(m.diagnosis ? { diagnosis: m.diagnosis } : {}) };
        await runTransition<DrawStatus, 'worker' | 'secretariat', unknown, Row>(trx, {
          ...ends,
          event: 'sortition.failed',
          set: () => ({ finished_at: finishedAt, error: JSON.stringify(error) }),
          emit: (row) => ({ subject: `sortition/${runId}`, occurredAt: finishedAt, payload: { run: runId, ...cites(row), reason: m.message } }),
        });
      }
    });
    await sealSoon();
  }

  /** Puts the reveal and the result on the ledger now; if that fails the background appender will. */
  async function sealSoon(): Promise<void> {
    try {
      await sealNow(ctx);
    } catch {
      // Nothing half-written: the outbox rows stay pending and are appended on the next tick.
    }
  }

  /** Step 1 with the pool as data. Validates everything before writing anything. */
  async function commitPool(userId: string, req: CommitPoolRequest, format = 'data', sourceRecord?: unknown): Promise<Committed> {
    if (!ctx.config.ledgerKey) {
      throw new DomainError('ledger-unsigned');
    }
    const clock = now();
    const plan = entropyPlan(req.entropySources, req.entropyAfter, clock);
    try {
      validatePoolData(req.input);
    } catch (err) {
      if (err instanceof SortitionInputError) throw inputProblem(err, []);
      throw err;
    }
    for (const c of req.input.categories) {
      if (c === CANDIDATE_COLUMN || c === HOUSEHOLD_COLUMN) throw new DomainError('reserved-category', 'body', { category: c });
    }
    const algorithm: Algorithm = req.algorithm ?? 'leximin';
    const lotterySize = req.lotterySize ?? 1000;
    const { pool, sourceIds } = anonymisePool(req.input, (n) => randomInt(n));
    const publicInputs: PublicInputs = { format: PUBLIC_DRAW_FORMAT, engine: `kenes-sortition ${ENGINE_VERSION}`, algorithm, lotterySize, k: req.input.k, pool, quotas: req.input.quotas, entropy: plan };
    const commitment = commitmentOf(publicInputs);
    const input = selectionInputOf(publicInputs);
    const id = randomUUID();
    const subject = `sortition/${id}`;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sortition_runs')
        .values({
          id,
          status: 'committed',
          created_by: userId,
          created_at: clock.toISOString(),
          finished_at: null,
          format,
          algorithm,
          k: input.k,
          pool_size: input.people.length,
          input_hash: inputHash(input, algorithm, lotterySize),
          inputs: JSON.stringify(sourceRecord ?? req.source ?? { format }),
          progress: null,
          report: null,
          error: null,
          commitment,
          public_inputs: JSON.stringify(publicInputs),
          source_ids: JSON.stringify(sourceIds),
          entropy_after: plan.after,
          committed_index: null,
          committed_entry_hash: null,
          entropy: null,
          revealed_at: null,
          report_hash: null,
          lease_until: null,
        })
        .execute();
      await emit(trx, {
        kind: 'sortition.committed',
        subject,
        occurredAt: clock.toISOString(),
        payload: { run: id, commitment, algorithm, k: input.k, poolSize: input.people.length, lotterySize, entropySources: plan.sources, entropyAfter: plan.after, engine: publicInputs.engine, format: PUBLIC_DRAW_FORMAT },
      });
    });
    // The head is issued now, not at the next interval: it is what dates the commitment.
    const head = await sealNow(ctx);
    const entry = await ledgerEntryOf(ctx, 'sortition.committed', subject);
    if (!entry) throw new Error(`the commitment of ${id} is not in the ledger after sealing`);
    await db.updateTable('sortition_runs').set({ committed_index: entry.index, committed_entry_hash: entry.leafHash }).where('id', '=', id).execute();
    return { id, commitment, ledgerIndex: entry.index, entryHash: entry.leafHash, head };
  }

  return {
    commitPool: (userId: string, req: CommitPoolRequest) => commitPool(userId, req),

    /** Step 1 from CSV texts (API, console). */
    async commitCsv(userId: string, body: CommitCsvRequest): Promise<Committed> {
      if (body.seed !== undefined) throw new DomainError('operator-seed', 'body.seed', { step: 'commit' });
      if (body.entropy !== undefined) throw new DomainError('entropy-at-commit', 'body.entropy');
      entropyPlan(body.entropySources, body.entropyAfter, now());
      const input = parseRunInput(body);
      const { seed: _s, entropy: _e, ...record } = body;
      return commitPool(userId, { input, algorithm: body.algorithm, lotterySize: body.lotterySize, entropySources: body.entropySources, entropyAfter: body.entropyAfter }, body.format, record);
    },

    /**
     * The console's check before step 1: the CSV texts parsed (every row problem named) and the pool
     * set against its quotas, with feasibility and, when no panel meets them, the conflict and the
     * smallest relaxation. Nothing is written.
     */
    async previewCsv(body: Pick<CommitCsvRequest, 'format' | 'categoriesCsv' | 'respondentsCsv' | 'featuresCsv' | 'peopleCsv' | 'k' | 'idColumn' | 'households'>): Promise<{ input: SelectionInput; preview: PoolPreview }> {
      const input = parseRunInput(body as CommitCsvRequest);
      for (const c of input.categories) {
        if (c === CANDIDATE_COLUMN || c === HOUSEHOLD_COLUMN) throw new DomainError('reserved-category', 'body', { category: c });
      }
      return { input, preview: await runner.preview(input) };
    },

    /**
     * Step 2: the entropy, only after the sources' date, once; then the draw runs in a worker. The
     * caller has checked that the person may act for the secretariat (the route's role guard).
     */
    async reveal(id: string, body: { entropy?: unknown; seed?: unknown }): Promise<{ id: string; seed: string; done: Promise<void> }> {
      if (body.seed !== undefined) throw new DomainError('operator-seed', 'body.seed', { step: 'reveal' });
      const row = await db.selectFrom('sortition_runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new DomainError('not-found', undefined, { what: 'sortition draw', id });
      // The table refuses a second reveal (and anything but the secretariat) before any other check.
      const allowed = check(runLifecycle, row.status, 'sortition.revealed', ['secretariat']);
      if (!allowed.ok) throw new DomainError(allowed.code, allowed.field, { id, state: row.status, revealedAt: row.revealed_at ?? 'earlier' });
      const { commitment, public_inputs: stored, entropy_after: entropyAfter } = row;
      if (!commitment || !stored || !entropyAfter) throw new DomainError('no-commitment');
      const clock = now();
      if (clock.getTime() < Date.parse(entropyAfter)) throw new DomainError('entropy-not-yet', undefined, { entropyAfter, now: clock.toISOString() });
      const text = typeof body.entropy === 'string' ? body.entropy : '';
      if (canonicalEntropy(text) === '') throw new DomainError('entropy-missing', 'body.entropy');
      if (text.length > 4000) throw new DomainError('too-long', 'body.entropy', { max: 4000 });
      const publicInputs = JSON.parse(stored) as PublicInputs;
      const recomputed = commitmentOf(publicInputs);
      // Read before the transaction: SQLite has one connection, which the transaction holds.
      const entry = await ledgerEntryOf(ctx, 'sortition.committed', `sortition/${id}`);
      if (!entry) throw new DomainError('commitment-not-on-ledger');
      const onLedger = (JSON.parse(entry.entry) as { payload?: { commitment?: string } }).payload?.commitment;
      if (recomputed !== commitment || onLedger !== commitment || (row.committed_entry_hash !== null && entry.leafHash !== row.committed_entry_hash)) {
        throw new DomainError('commitment-mismatch', undefined, { recomputed, stored: commitment, index: entry.index, onLedger: onLedger ?? 'nothing' });
      }
      const seed = seedFromEntropy(text);
      const canonical = canonicalEntropy(text);
      const revealedAt = clock.toISOString();
      type Row = { commitment: string | null; public_inputs: string | null };
      await db.transaction().execute(async (trx) => {
        // The runner locks the row, checks the table again and compares-and-sets the state.
        await runTransition<DrawStatus, 'worker' | 'secretariat', unknown, Row>(trx, {
          lifecycle: runLifecycle,
          rows: 'sortition_runs',
          id,
          event: 'sortition.revealed',
          actor: ['secretariat'],
          // What was checked above must still be what the locked row holds.
          prepare: (locked) => {
            if (locked.commitment !== commitment || locked.public_inputs !== stored) throw new DomainError('state-changed', undefined, { id, state: 'committed' });
            return undefined;
          },
          set: () => ({ entropy: canonical, revealed_at: revealedAt, committed_index: entry.index, committed_entry_hash: entry.leafHash, lease_until: leaseEnd() }),
          emit: () => ({
            subject: `sortition/${id}`,
            occurredAt: revealedAt,
            payload: { run: id, commitment, commitmentIndex: entry.index, commitmentEntryHash: entry.leafHash, entropy: canonical, seed, revealedAt },
          }),
        });
      });
      await sealSoon();
      const done = drawIn(id, publicInputs, canonical, commitment);
      return { id, seed, done };
    },

    resume,

    /** Resumes every run left `running` whose lease has run out; returns their ids. */
    async resumeExpired(): Promise<string[]> {
      const stamp = new Date().toISOString();
      const rows = await db
        .selectFrom('sortition_runs')
        .select('id')
        .where('status', '=', 'running')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', stamp)]))
        .orderBy('created_at')
        .execute();
      const out: string[] = [];
      for (const r of rows) if (await resume(r.id)) out.push(r.id);
      return out;
    },

    /**
     * Resolves once the run is `done` or `failed`: at once for a finished run, with this process's
     * worker for a run it draws, else by resuming a run whose holder died, or waiting for the holder.
     */
    async settled(id: string): Promise<void> {
      for (;;) {
        const mine = active.get(id);
        if (mine) {
          await mine;
          continue;
        }
        const row = await db.selectFrom('sortition_runs').select('status').where('id', '=', id).executeTakeFirst();
        if (row?.status !== 'running') return;
        const resumed = await resume(id);
        if (resumed) await resumed.done;
        else await new Promise((r) => setTimeout(r, Math.min(2000, Math.max(100, Math.floor(leaseMs / 4)))));
      }
    },

    async get(id: string): Promise<RunRow | null> {
      const row = await db.selectFrom('sortition_runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const plan = row.public_inputs ? (JSON.parse(row.public_inputs) as PublicInputs).entropy : null;
      return {
        id: row.id,
        status: row.status,
        stage: DRAW_STAGE[row.status],
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        format: row.format,
        algorithm: row.algorithm,
        k: row.k,
        poolSize: row.pool_size,
        inputHash: row.input_hash,
        commitment: row.commitment,
        entropyPlan: plan,
        ledger: { committed: row.committed_index === null ? null : Number(row.committed_index), committedEntryHash: row.committed_entry_hash },
        entropy: row.entropy,
        revealedAt: row.revealed_at,
        reportHash: row.report_hash,
        progress: row.progress ? JSON.parse(row.progress) : null,
        error: row.error ? JSON.parse(row.error) : null,
        report: row.report ? (JSON.parse(row.report) as SelectionReport) : null,
      };
    },

    /** The public files of a committed draw (pool with public numbers, quotas, commitment.json). */
    async publicFiles(id: string) {
      const row = await db.selectFrom('sortition_runs').select(['public_inputs', 'commitment']).where('id', '=', id).executeTakeFirst();
      if (!row?.public_inputs || !row.commitment) return null;
      const files = publicFiles(JSON.parse(row.public_inputs) as PublicInputs);
      // The commitment as recorded at commit time, not recomputed: a stored pool changed later shows.
      return { ...files, commitmentFile: { ...files.commitmentFile, commitment: row.commitment } };
    },

    /** The draw's ledger entries (committed, revealed, drawn), as hashed into the tree. */
    ledgerEntries: (id: string) => ledgerEntriesAbout(ctx, `sortition/${id}`),

    /** The first signed head that contains the commitment entry (it dates the commitment). */
    commitHead: (index: number) => firstHeadCovering(ctx, index),

    async inputs(id: string): Promise<Record<string, unknown> | null> {
      const row = await db.selectFrom('sortition_runs').select(['inputs', 'source_ids']).where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return { ...(JSON.parse(row.inputs) as Record<string, unknown>), ...(row.source_ids ? { sourceIds: JSON.parse(row.source_ids) } : {}) };
    },

    async list(limit = 50) {
      return db
        .selectFrom('sortition_runs')
        .select(['id', 'status', 'created_at', 'finished_at', 'algorithm', 'k', 'pool_size', 'input_hash', 'commitment', 'entropy_after'])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type SortitionService = ReturnType<typeof sortitionService>;
