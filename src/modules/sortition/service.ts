// Sortition runs: validate the inputs, commit to them in the outbox, draw in a worker, store the report.
import { randomUUID } from 'node:crypto';
import {
  commitment,
  parsePanelot,
  parseSortitionFoundation,
  type SelectionInput,
  type SelectionReport,
  SortitionInputError,
} from '../../core/sortition/index.ts';
import type { AppContext } from '../../web/context.ts';
import { DomainError } from '../../core/errors.ts';
import { runLifecycle } from '../../core/sortition/lifecycle.ts';
import { runTransition } from '../../db/transition.ts';
import { emit } from '../outbox/api.ts';
import type { RunOptions, WorkerMessage } from './protocol.ts';
import type { SortitionRunner } from './runner.ts';

export interface RunRequest {
  format: 'panelot' | 'sortition-foundation';
  categoriesCsv?: string;
  respondentsCsv?: string;
  featuresCsv?: string;
  peopleCsv?: string;
  k: number;
  idColumn?: string;
  households?: string[];
  algorithm?: 'leximin' | 'maximin' | 'nash';
  seed?: string;
  entropy?: string;
  lotterySize?: number;
  timeLimitSeconds?: number;
  legacyComparisonRuns?: number;
}

const FILE_FIELDS = {
  panelot: { categories: 'categoriesCsv', respondents: 'respondentsCsv' },
  'sortition-foundation': { features: 'featuresCsv', people: 'peopleCsv' },
} as const;

/** Parses the CSV texts; every problem becomes a 400 naming the body field, row and column. */
export function parseRunInput(body: RunRequest): SelectionInput {
  const pool = { k: body.k, idColumn: body.idColumn, householdColumns: body.households };
  const need = (field: keyof RunRequest): string => {
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
    if (err instanceof SortitionInputError) {
      const file = err.location.file ?? '';
      const field = Object.values(FILE_FIELDS[body.format]).find((f) => f === file) ?? (/k\b|panel size/i.test(err.reason) ? 'k' : 'body');
      const fieldPath = field === 'body' ? 'body' : `body.${field}`;
      throw new DomainError('sortition-input', fieldPath, { message: err.message, location: { ...err.location } });
    }
    throw err;
  }
}

export interface RunRow {
  id: string;
  status: 'running' | 'done' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  format: 'panelot' | 'sortition-foundation';
  algorithm: string;
  k: number;
  poolSize: number;
  inputHash: string;
  progress: unknown;
  error: unknown;
  report: SelectionReport | null;
}

export function sortitionService(ctx: AppContext, runner: SortitionRunner) {
  const db = ctx.db.db;

  async function finish(runId: string, m: WorkerMessage): Promise<void> {
    if (m.type === 'progress') {
      await db.updateTable('sortition_runs').set({ progress: JSON.stringify(m.event) }).where('id', '=', runId).execute();
      return;
    }
    const finishedAt = new Date().toISOString();
    const ends = {
      lifecycle: runLifecycle,
      rows: 'sortition_runs',
      id: runId,
      actor: ['worker'],
    } as const;
    await db.transaction().execute(async (trx) => {
      if (m.type === 'done') {
        const r = m.report;
        await runTransition(trx, {
          ...ends,
          event: 'sortition.drawn',
          set: () => ({ finished_at: finishedAt, report: JSON.stringify(r) }),
          emit: () => ({
            subject: `sortition/${runId}`,
            payload: { run: runId, inputHash: r.inputHash, algorithm: r.algorithm, seed: r.seed, entropy: r.entropy, ticket: r.draw.ticket, panel: r.draw.members, minimum: r.summary.min, optimal: r.optimal, engine: r.engine.version },
          }),
        });
      } else {
        const error = { message: m.message, ...(m.diagnosis ? { diagnosis: m.diagnosis } : {}) };
        await runTransition(trx, {
          ...ends,
          event: 'sortition.failed',
          set: () => ({ finished_at: finishedAt, error: JSON.stringify(error) }),
          emit: () => ({ subject: `sortition/${runId}`, payload: { run: runId, reason: m.message } }),
        });
      }
    });
  }

  return {
    /** Validates, records the commitment, and queues the draw. Returns before the draw ends. */
    async create(userId: string, body: RunRequest): Promise<{ id: string; inputHash: string; done: Promise<void> }> {
      if (!body.seed && !body.entropy) {
        throw new DomainError('entropy-required', 'body.entropy');
      }
      const input = parseRunInput(body);
      const options: RunOptions = {
        algorithm: body.algorithm ?? 'leximin',
        seed: body.seed,
        entropy: body.entropy,
        lotterySize: body.lotterySize,
        timeLimitSeconds: body.timeLimitSeconds,
        legacyComparisonRuns: body.legacyComparisonRuns,
      };
      const c = commitment(input, options);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sortition_runs')
          .values({ id, status: 'running', created_by: userId, created_at: new Date().toISOString(), finished_at: null, format: body.format, algorithm: c.algorithm, k: c.k, pool_size: c.poolSize, input_hash: c.inputHash, inputs: JSON.stringify(body), progress: null, report: null, error: null })
          .execute();
        await emit(trx, { kind: 'sortition.committed', subject: `sortition/${id}`, payload: { run: id, inputHash: c.inputHash, algorithm: c.algorithm, k: c.k, poolSize: c.poolSize, lotterySize: c.lotterySize, entropy: body.entropy ?? null, engine: c.engine } });
      });
      const done = runner.start(id, input, options, (m) => finish(id, m));
      return { id, inputHash: c.inputHash, done };
    },

    async get(id: string): Promise<RunRow | null> {
      const row = await db.selectFrom('sortition_runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        status: row.status,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        format: row.format,
        algorithm: row.algorithm,
        k: row.k,
        poolSize: row.pool_size,
        inputHash: row.input_hash,
        progress: row.progress ? JSON.parse(row.progress) : null,
        error: row.error ? JSON.parse(row.error) : null,
        report: row.report ? (JSON.parse(row.report) as SelectionReport) : null,
      };
    },

    async inputs(id: string): Promise<RunRequest | null> {
      const row = await db.selectFrom('sortition_runs').select('inputs').where('id', '=', id).executeTakeFirst();
      return row ? (JSON.parse(row.inputs) as RunRequest) : null;
    },

    async list(limit = 50) {
      return db
        .selectFrom('sortition_runs')
        .select(['id', 'status', 'created_at', 'finished_at', 'algorithm', 'k', 'pool_size', 'input_hash'])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
