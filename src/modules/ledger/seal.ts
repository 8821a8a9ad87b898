// Sealing at once: append what the outbox holds and sign a tree head now, for acts whose proof needs
// a head at a known time (a draw's commitment must be under a signed head before its entropy exists).
import { hashLeaf } from '../../core/merkle/index.ts';
import type { AppContext } from '../../web/context.ts';
import { appendPending } from './appender.ts';
import { issueHead } from './heads.ts';
import type { SignedHead } from '../../core/ledger/signing.ts';
import { loadSigningKey } from '../../core/ledger/signing.ts';

export interface SealedEntry {
  index: number;
  /** Canonical JSON of the entry, exactly as hashed into the tree. */
  entry: string;
  /** Hex RFC 9162 leaf hash of `entry`. */
  leafHash: string;
}

/** Appends every pending outbox event and issues a signed head covering them; null without a key. */
export async function sealNow(ctx: AppContext): Promise<SignedHead | null> {
  await appendPending(ctx.db);
  if (!ctx.config.ledgerKey) return null;
  return issueHead(ctx.db, loadSigningKey(ctx.config.ledgerKey));
}

/** The first ledger entry of `kind` about `subject` (after sealing, the event's place in the log). */
export async function ledgerEntryOf(ctx: AppContext, kind: string, subject: string): Promise<SealedEntry | null> {
  const r = await ctx.db.db.selectFrom('ledger_entry').select(['idx', 'entry']).where('kind', '=', kind).where('subject', '=', subject).orderBy('idx').limit(1).executeTakeFirst();
  return r ? { index: Number(r.idx), entry: r.entry, leafHash: hashLeaf(r.entry).toString('hex') } : null;
}

/** Every ledger entry about `subject`, in log order: what a verifier of that subject needs. */
export async function ledgerEntriesAbout(ctx: AppContext, subject: string): Promise<{ index: number; kind: string; entry: string }[]> {
  const rows = await ctx.db.db.selectFrom('ledger_entry').select(['idx', 'kind', 'entry']).where('subject', '=', subject).orderBy('idx').execute();
  return rows.map((r) => ({ index: Number(r.idx), kind: r.kind, entry: r.entry }));
}

/** The first signed head whose tree contains entry `index`: the earliest proof the entry existed. */
export async function firstHeadCovering(ctx: AppContext, index: number): Promise<SignedHead | null> {
  const r = await ctx.db.db.selectFrom('ledger_head').selectAll().where('size', '>', index).orderBy('size').limit(1).executeTakeFirst();
  return r ? { size: Number(r.size), root_hash: r.root_hash, timestamp: r.timestamp, signature: r.signature, public_key: r.public_key } : null;
}
