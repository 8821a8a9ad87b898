// The instance's side of witnessing (docs/adr/0303): the charter names the witnesses; their
// cosignatures arrive by POST or are fetched from each witness's URL, are checked against the head
// the instance signed at that size, and are stored and served with the heads.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Charter, LedgerWitness } from '../../core/charter/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../../web/context.ts';
import { type Cosignature, cosignatureValid } from '../../core/ledger/cosign.ts';
import { headAt, type LedgerDb } from './repository.ts';
import type { SignedHead } from '../../core/ledger/signing.ts';

export function charterWitnesses(ctx: AppContext): LedgerWitness[] {
  return (ctx.charter as Charter | undefined)?.ledger?.witnesses ?? [];
}

function keyOf(base64: string): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export interface CosignatureSubmission extends Cosignature {
  size: number;
  root_hash: string;
}

/** Checks and stores one cosignature; returns the stored one. Refuses with a DomainError naming the field (codes: problems.ts). */
export async function acceptCosignature(ctx: AppContext, body: CosignatureSubmission): Promise<Cosignature> {
  const db = ctx.db.db;
  const witness = charterWitnesses(ctx).find((w) => w.publicKey === body.witness_key);
  if (!witness) throw new DomainError('unknown-witness', 'body.witness_key');
  const head = await headAt(db, body.size);
  if (!head) throw new DomainError('no-head', 'body.size', { size: body.size });
  if (head.root_hash !== body.root_hash) throw new DomainError('other-root', 'body.root_hash', { size: body.size });
  const key = keyOf(witness.publicKey);
  if (!key || !cosignatureValid(head, body, key)) throw new DomainError('bad-cosignature', 'body.signature');
  const row = { size: head.size, witness_key: witness.publicKey, witness_name: witness.name, cosigned_at: body.cosigned_at, signature: body.signature };
  await db.insertInto('ledger_cosignature').values(row).onConflict((oc) => oc.columns(['size', 'witness_key']).doNothing()).execute();
  return { witness_key: row.witness_key, witness_name: row.witness_name, cosigned_at: row.cosigned_at, signature: row.signature };
}

/** Cosignatures of the given head sizes, by size. */
export async function cosignaturesOf(db: LedgerDb, sizes: number[]): Promise<Map<number, Cosignature[]>> {
  const out = new Map<number, Cosignature[]>();
  if (!sizes.length) return out;
  const rows = await db.selectFrom('ledger_cosignature').selectAll().where('size', 'in', sizes).orderBy('size').orderBy('witness_name').execute();
  for (const r of rows) {
    const list = out.get(Number(r.size)) ?? [];
    list.push({ witness_key: r.witness_key, witness_name: r.witness_name, cosigned_at: r.cosigned_at, signature: r.signature });
    out.set(Number(r.size), list);
  }
  return out;
}

/**
 * The best-witnessed head below `size`: the most cosignatures, then the largest. A verifier whose
 * quorum the latest head does not reach yet checks the export against this one instead.
 */
export async function latestWitnessedHead(db: LedgerDb, size: number): Promise<(SignedHead & { cosignatures: Cosignature[] }) | undefined> {
  const r = await db
    .selectFrom('ledger_cosignature')
    .select((eb) => ['size', eb.fn.countAll().as('n')])
    .where('size', '<', size)
    .groupBy('size')
    .orderBy('n', 'desc')
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return undefined;
  const head = await headAt(db, Number(r.size));
  if (!head) return undefined;
  return { ...head, cosignatures: (await cosignaturesOf(db, [head.size])).get(head.size) ?? [] };
}

/** Fetches each charter witness's latest cosignature (GET url/cosignature) and keeps the valid ones. */
export async function collectCosignatures(ctx: AppContext, log: { warn: (o: object, m: string) => void }): Promise<number> {
  let stored = 0;
  for (const w of charterWitnesses(ctx)) {
    if (!w.url) continue;
    try {
      const res = await fetch(new URL('cosignature', w.url.endsWith('/') ? w.url : `${w.url}/`), { signal: AbortSignal.timeout(5000) });
      if (res.status === 404) continue;
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { head: SignedHead; cosignature: Cosignature };
      await acceptCosignature(ctx, { ...body.cosignature, size: body.head.size, root_hash: body.head.root_hash });
      stored++;
    } catch (err) {
      log.warn({ witness: w.name, err: (err as Error).message }, 'witness cosignature not collected');
    }
  }
  return stored;
}
