// Read replicas (KENES_READ_DATABASE_URL, docs/adr/1801): a public read — a GET or HEAD without a
// session cookie — runs its plain SELECTs on a streaming replica; everything else stays on the
// primary: writes, transactions (with their reads), background work, and every request of a signed-in
// caller (who must see their own writes). The decision is made per request in an `onRequest` hook
// (an AsyncLocalStorage scope) and applied per statement by the driver below, so no module has to
// choose a handle. A replica that cannot answer (down, or a query cancelled by recovery) is not an
// error: the statement is run again on the primary and the fall-back is logged once a minute.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';

interface ReadScope {
  replica: boolean;
}

const scope = new AsyncLocalStorage<ReadScope>();

/** Runs `fn` (and every async continuation it starts) as a public read that may use the replica. */
export function runAsPublicRead<T>(fn: () => T): T {
  return scope.run({ replica: true }, fn);
}

/** Whether the statement about to run belongs to a public read. */
export function inPublicRead(): boolean {
  return scope.getStore()?.replica === true;
}

/**
 * Leaves the public-read scope for the rest of this request (e.g. a handler that writes and reads back
 * outside a transaction). Later statements of the request go to the primary.
 */
export function needPrimary(): void {
  const s = scope.getStore();
  if (s) s.replica = false;
}

// Session cookies: their holder may have just written something (docs/adr/1801).
const SESSION_COOKIES = /(?:^|;\s*)kenes_session=/;
// Health checks describe the primary; the rest of these are personal or carry a form.
const PRIMARY_PATHS = /^\/(readyz|healthz|livez|auth|account|notifications|api\/v1\/(auth|me|notifications))(\/|\?|$)/;

/** Whether a request may read from the replica: GET/HEAD, no session, not a health check. */
export function isPublicRead(method: string, url: string, cookie: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (cookie && SESSION_COOKIES.test(cookie)) return false;
  return !PRIMARY_PATHS.test(url);
}

const SELECT = /^\s*(select|with)\b/i;
const LOCKING = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i;
const WRITING_CTE = /\b(insert|update|delete)\b\s/i;

/** A statement the replica can answer: a SELECT (or read-only WITH) that takes no row locks. */
export function replicaSafe(text: string): boolean {
  if (!SELECT.test(text) || LOCKING.test(text)) return false;
  return !/^\s*with\b/i.test(text) || !WRITING_CTE.test(text);
}

/** Errors that mean "the replica cannot answer now", not "the statement is wrong". */
function replicaUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return true; // connection refused/reset, timeouts: no SQLSTATE
  return code.startsWith('08') || code.startsWith('57P') || code === '40001' || code === '53300' || /^E[A-Z]+$/.test(code);
}

export interface RoutingStats {
  replica: number;
  primary: number;
  fallbacks: number;
}

class RoutingConnection implements DatabaseConnection {
  private primary: DatabaseConnection | null = null;
  inTransaction = false;
  constructor(private readonly driver: RoutingDriver) {}

  async primaryConnection(): Promise<DatabaseConnection> {
    if (!this.primary) this.primary = await this.driver.primaryDriver.acquireConnection();
    return this.primary;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.inTransaction && inPublicRead() && replicaSafe(query.sql)) {
      const r = await this.driver.onReplica<R>(query);
      if (r) return r;
    }
    this.driver.stats.primary++;
    return (await this.primaryConnection()).executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.primaryConnection()).streamQuery<R>(query, chunkSize);
  }

  async release(): Promise<void> {
    const p = this.primary;
    this.primary = null;
    this.inTransaction = false;
    if (p) await this.driver.primaryDriver.releaseConnection(p);
  }
}

class RoutingDriver implements Driver {
  readonly stats: RoutingStats = { replica: 0, primary: 0, fallbacks: 0 };
  private lastWarning = 0;
  constructor(
    readonly primaryDriver: Driver,
    private readonly replicaDriver: Driver,
    private readonly warn: (msg: string) => void,
  ) {}
  async init(): Promise<void> {
    await this.primaryDriver.init();
    await this.replicaDriver.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this);
  }
  /** Runs a statement on the replica; null when the replica cannot answer (the caller uses the primary). */
  async onReplica<R>(query: CompiledQuery): Promise<QueryResult<R> | null> {
    let c: DatabaseConnection | null = null;
    try {
      c = await this.replicaDriver.acquireConnection();
      const r = await c.executeQuery<R>(query);
      this.stats.replica++;
      return r;
    } catch (err) {
      if (!replicaUnavailable(err)) throw err;
      this.stats.fallbacks++;
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.warn(`read replica unavailable, reading from the primary: ${(err as Error).message}`);
      }
      return null;
    } finally {
      if (c) await this.replicaDriver.releaseConnection(c).catch(() => undefined);
    }
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const rc = c as RoutingConnection;
    await this.primaryDriver.beginTransaction(await rc.primaryConnection(), settings);
    rc.inTransaction = true;
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    const rc = c as RoutingConnection;
    await this.primaryDriver.commitTransaction(await rc.primaryConnection());
    rc.inTransaction = false;
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    const rc = c as RoutingConnection;
    try {
      await this.primaryDriver.rollbackTransaction(await rc.primaryConnection());
    } finally {
      rc.inTransaction = false;
    }
  }
  async savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.primaryDriver.savepoint!(await (c as RoutingConnection).primaryConnection(), name, compile);
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.primaryDriver.rollbackToSavepoint!(await (c as RoutingConnection).primaryConnection(), name, compile);
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.primaryDriver.releaseSavepoint!(await (c as RoutingConnection).primaryConnection(), name, compile);
  }
  releaseConnection(c: DatabaseConnection): Promise<void> {
    return (c as RoutingConnection).release();
  }
  async destroy(): Promise<void> {
    await this.replicaDriver.destroy();
    await this.primaryDriver.destroy();
  }
}

/**
 * The primary's dialect with a driver that sends public reads to the replica's. `stats` counts the
 * statements each side ran (a test and the benchmark read it).
 */
export function routingDialect(primary: Dialect, replica: Dialect, warn: (msg: string) => void = (m) => console.warn(m)): { dialect: Dialect; stats: RoutingStats } {
  const primaryDriver = primary.createDriver();
  const replicaDriver = replica.createDriver();
  const driver = new RoutingDriver(primaryDriver, replicaDriver, warn);
  return {
    stats: driver.stats,
    dialect: {
      createAdapter: () => primary.createAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => primary.createQueryCompiler(),
      createIntrospector: (db) => primary.createIntrospector(db),
    },
  };
}
