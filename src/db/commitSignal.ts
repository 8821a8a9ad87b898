// A local wake-up for outbox subscribers: the database driver is wrapped so that, right after a
// transaction that inserted into `outbox` commits (or an insert outside a transaction), this
// process's subscribers are told at once instead of waiting for their next poll. Other processes
// still find the events by polling. Only a hint: delivery never depends on it.
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';

export class CommitSignal {
  private readonly listeners = new Set<() => void>();
  /** Calls `listener` after each commit that wrote outbox events; returns the unsubscribe. */
  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  fire(): void {
    for (const l of this.listeners) l();
  }
}

const INSERT_OUTBOX = /^\s*insert\s+into\s+"?outbox"?[\s(]/i;
const BEGIN = /^\s*begin\b/i;
const COMMIT = /^\s*(commit|end)\b/i;
const ROLLBACK = /^\s*rollback\s*;?\s*$/i;

class SignalingConnection implements DatabaseConnection {
  inTransaction = false;
  emitted = false;
  constructor(
    readonly inner: DatabaseConnection,
    private readonly signal: CommitSignal,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(query);
    // Raw `begin immediate` / `commit` (the SQLite claim path) count like the driver's own.
    const text = query.sql;
    if (INSERT_OUTBOX.test(text)) {
      if (this.inTransaction) this.emitted = true;
      else this.signal.fire();
    } else if (BEGIN.test(text)) this.began();
    else if (COMMIT.test(text)) this.committed();
    else if (ROLLBACK.test(text)) this.ended();
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  began(): void {
    this.inTransaction = true;
    this.emitted = false;
  }
  committed(): void {
    const fire = this.emitted;
    this.ended();
    if (fire) this.signal.fire();
  }
  ended(): void {
    this.inTransaction = false;
    this.emitted = false;
  }
}

class SignalingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly signal: CommitSignal,
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new SignalingConnection(await this.inner.acquireConnection(), this.signal);
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.inner.beginTransaction(unwrap(c), settings);
    (c as SignalingConnection).began();
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await this.inner.commitTransaction(unwrap(c));
    (c as SignalingConnection).committed();
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(unwrap(c));
    } finally {
      (c as SignalingConnection).ended();
    }
  }
  savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint!(unwrap(c), name, compile);
  }
  rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!(unwrap(c), name, compile);
  }
  releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!(unwrap(c), name, compile);
  }
  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(c));
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function unwrap(c: DatabaseConnection): DatabaseConnection {
  return (c as SignalingConnection).inner;
}

/** The same dialect, with a driver that fires `signal` after commits that wrote outbox events. */
export function signalingDialect(dialect: Dialect, signal: CommitSignal): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new SignalingDriver(dialect.createDriver(), signal),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
