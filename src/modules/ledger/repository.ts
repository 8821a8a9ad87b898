// Kysely queries of the ledger tables. Proof computations first learn which stored subtrees they need
// (core/merkle `nodesRead`), then fetch them in one round trip, so a proof costs O(log n) row reads.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Hash, mapReader, type NodeReader, type NodeRef, nodeKey, nodesRead } from '../../core/merkle/index.ts';
import type { SignedHead } from '../../core/ledger/signing.ts';

export type LedgerDb = Kysely<Database> | Transaction<Database>;

export interface LedgerEntryRow {
  index: number;
  kind: string;
  subject: string;
  /** Log-assigned time (monotone along the index). */
  time: string;
  /** The event's own time. */
  event_time: string;
  /** Canonical JSON: exactly the bytes whose leaf hash is in the tree. */
  entry: string;
}

/** Number of entries appended so far (the size of the current tree). */
export async function treeSize(db: LedgerDb): Promise<number> {
  const r = await db.selectFrom('ledger_entry').select((eb) => eb.fn.max('idx').as('last')).executeTakeFirst();
  return r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1;
}

/** Fetches the named subtree hashes, grouped per level into IN lists (both dialects plan these as index seeks). */
export async function readNodes(db: LedgerDb, refs: NodeRef[]): Promise<Map<string, Hash>> {
  const out = new Map<string, Hash>();
  if (!refs.length) return out;
  const byLevel = new Map<number, number[]>();
  for (const r of refs) byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r.index]);
  const rows = await db
    .selectFrom('ledger_node')
    .select(['level', 'idx', 'hash'])
    .where((eb) => eb.or([...byLevel].map(([level, idxs]) => eb.and([eb('level', '=', level), eb('idx', 'in', idxs)]))))
    .execute();
  for (const r of rows) out.set(nodeKey(Number(r.level), Number(r.idx)), Buffer.from(r.hash));
  return out;
}

/** Runs a pure tree computation (root, proof) against the stored subtrees. */
export async function withNodes<T>(db: LedgerDb, compute: (read: NodeReader) => T): Promise<T> {
  const nodes = await readNodes(db, nodesRead(compute));
  return compute(mapReader(nodes));
}

/** Hashes of the complete subtrees at one level for blocks [0, count): one range scan. */
export async function levelHashes(db: LedgerDb, level: number, count: number): Promise<Hash[]> {
  if (count <= 0) return [];
  const rows = await db.selectFrom('ledger_node').select(['idx', 'hash']).where('level', '=', level).where('idx', '<', count).orderBy('idx').execute();
  if (rows.length !== count) throw new Error(`ledger level ${level} has ${rows.length} of ${count} subtrees`);
  return rows.map((r) => Buffer.from(r.hash));
}

function toEntry(r: { idx: number; kind: string; subject: string; occurred_at: string; logged_at: string | null; entry: string }): LedgerEntryRow {
  return { index: Number(r.idx), kind: r.kind, subject: r.subject, time: r.logged_at ?? r.occurred_at, event_time: r.occurred_at, entry: r.entry };
}

/** Newest first, optionally of one kind, before an index (keyset pagination). */
export async function listEntries(db: LedgerDb, opts: { kind?: string; before?: number; limit: number }): Promise<LedgerEntryRow[]> {
  let q = db.selectFrom('ledger_entry').select(['idx', 'kind', 'subject', 'occurred_at', 'logged_at', 'entry']);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.before !== undefined) q = q.where('idx', '<', opts.before);
  const rows = await q.orderBy('idx', 'desc').limit(opts.limit).execute();
  return rows.map(toEntry);
}

export async function entryAt(db: LedgerDb, index: number): Promise<LedgerEntryRow | undefined> {
  const r = await db.selectFrom('ledger_entry').select(['idx', 'kind', 'subject', 'occurred_at', 'logged_at', 'entry']).where('idx', '=', index).executeTakeFirst();
  return r ? toEntry(r) : undefined;
}

/** Entries [from, to) in order, for export. */
export async function entryRange(db: LedgerDb, from: number, to: number): Promise<{ index: number; entry: string }[]> {
  const rows = await db.selectFrom('ledger_entry').select(['idx', 'entry']).where('idx', '>=', from).where('idx', '<', to).orderBy('idx').execute();
  return rows.map((r) => ({ index: Number(r.idx), entry: r.entry }));
}

export async function kindCounts(db: LedgerDb): Promise<{ kind: string; entries: number }[]> {
  const rows = await db.selectFrom('ledger_kind').select(['kind', 'entries']).orderBy('kind').execute();
  return rows.map((r) => ({ kind: r.kind, entries: Number(r.entries) }));
}

function toHead(r: { size: number; root_hash: string; timestamp: string; signature: string; public_key: string }): SignedHead {
  return { size: Number(r.size), root_hash: r.root_hash, timestamp: r.timestamp, signature: r.signature, public_key: r.public_key };
}

export async function latestHead(db: LedgerDb): Promise<SignedHead | undefined> {
  const r = await db.selectFrom('ledger_head').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
  return r ? toHead(r) : undefined;
}

export async function headAt(db: LedgerDb, size: number): Promise<SignedHead | undefined> {
  const r = await db.selectFrom('ledger_head').selectAll().where('size', '=', size).executeTakeFirst();
  return r ? toHead(r) : undefined;
}

/** Keeps the first head signed for a size; a later request for the same size returns that one. */
export async function saveHead(db: LedgerDb, head: SignedHead): Promise<SignedHead> {
  await db.insertInto('ledger_head').values(head).onConflict((oc) => oc.column('size').doNothing()).execute();
  return (await headAt(db, head.size))!;
}
