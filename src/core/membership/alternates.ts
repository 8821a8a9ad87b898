// Alternates and replacements (ADR 0801). After a block's draw, the candidates of the committed pool
// who were not drawn are ranked by SHA-256(seed | "alternates" | block | id): a second ordering from
// the draw's own seed, so the ranking is as public and reproducible as the draw and does not change
// who is drawn. The first alternatesPerBlock are the block's alternates; with keepReserve the rest
// follow them as the reserve, in the same order. A leaving member is replaced by the highest-ranked
// available one whose entry keeps every quota of the block at least as close to its range as it was
// with the leaver (inside the quotas when it was inside); if none does, a replacement draw of one seat
// among the block's whole remaining eligible pool (ADR 0808).
import type { Charter } from '../charter/types.ts';
import { sha256Hex } from '../sortition/random.ts';
import type { SelectionInput } from '../sortition/model.ts';
import type { Quota } from '../sortition/model.ts';
import { blockDrawInput, blockTargetQuotas, type PoolEntry, quotaCounts, renewalQuotas } from './quotas.ts';

export interface RankedAlternates {
  /** The named alternates, best first. */
  alternates: string[];
  /** The rest of the willing pool in rank order (empty when the charter keeps no reserve). */
  reserve: string[];
}

export function alternateKey(seed: string, blockId: string, id: string): string {
  return sha256Hex(`${seed}|alternates|${blockId}|${id}`);
}

/** Ranks the pool's candidates who were not drawn; the ranking depends only on the seed, block and ids. */
export function rankAlternates(charter: Charter, blockId: string, poolIds: readonly string[], drawn: readonly string[], seed: string): RankedAlternates {
  const taken = new Set(drawn);
  const ranked = poolIds
    .filter((id) => !taken.has(id))
    .map((id) => ({ id, key: alternateKey(seed, blockId, id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((x) => x.id);
  const n = charter.bodies.council.alternatesPerBlock;
  return { alternates: ranked.slice(0, n), reserve: charter.bodies.council.nominations.keepReserve ? ranked.slice(n) : [] };
}

export type SkipReason = 'unavailable' | 'organisationTaken' | 'breaksQuota';

export type Replacement =
  | { kind: 'alternate'; id: string; rank: number; fromReserve: boolean; skipped: { id: string; reason: SkipReason }[] }
  | { kind: 'replacementDraw'; reason: 'noRankedCandidateKeepsQuotas'; input: SelectionInput; skipped: { id: string; reason: SkipReason }[] }
  | { kind: 'none'; reason: 'noCandidateLeft'; skipped: { id: string; reason: SkipReason }[] };

export interface ReplacementRequest {
  blockId: string;
  /** The members who stay, without the leaver. */
  remaining: readonly PoolEntry[];
  leaver: PoolEntry;
  /** Alternates then reserve, in rank order (rankAlternates). */
  ranked: RankedAlternates;
  /**
   * The block's remaining eligible pool, by id: every candidate of the committed pool who was not
   * drawn (the ranked ones and, when the charter keeps no reserve, the unranked rest). The alternates
   * are called from its ranked part; a replacement draw is among all of it.
   */
  pool: ReadonlyMap<string, PoolEntry>;
  /** Candidates who cannot be called: declined, already seated, no longer eligible. */
  unavailable: ReadonlySet<string>;
}

/** Seats short of or above each range, per quota (0 where the quota holds). */
export function shortfalls(quotas: readonly Quota[], people: readonly Record<string, string>[]): number[] {
  const counts = quotaCounts(quotas, people);
  return quotas.map((q, i) => Math.max(0, q.min - counts[i]!) + Math.max(0, counts[i]! - q.max));
}

/**
 * Chooses who replaces a leaving member of a block (ADR 0808), or says why a replacement draw is
 * needed. An alternate keeps the quotas when, with them instead of the leaver, **no quota** is further
 * from its range than it was with the leaver (inside where it was inside; under an accepted
 * relaxation, no shortfall moved to another category). If no ranked candidate does, the one-seat
 * draw is among the whole remaining eligible pool (ranked or not), not only among those skipped.
 */
export function chooseReplacement(charter: Charter, req: ReplacementRequest): Replacement {
  const target = blockTargetQuotas(charter, req.blockId);
  const remaining = req.remaining.map((m) => m.features);
  const before = shortfalls(target, [...remaining, req.leaver.features]);
  const keeps = (f: Record<string, string>) => shortfalls(target, [...remaining, f]).every((v, i) => v <= before[i]!);
  const oneOrg = charter.bodies.council.nominations.membersPerOrganisation === 1;
  const orgs = new Set(req.remaining.map((m) => m.organisationId).filter((o) => o !== null));
  const seated = new Set(req.remaining.map((m) => m.id));
  const callable = (id: string, entry: PoolEntry | undefined): entry is PoolEntry => !!entry && !req.unavailable.has(id) && !seated.has(id) && id !== req.leaver.id;
  const orgTaken = (entry: PoolEntry) => oneOrg && entry.organisationId !== null && orgs.has(entry.organisationId);
  const skipped: { id: string; reason: SkipReason }[] = [];
  const order = [...req.ranked.alternates, ...req.ranked.reserve];
  for (let rank = 0; rank < order.length; rank++) {
    const id = order[rank]!;
    const entry = req.pool.get(id);
    if (!callable(id, entry)) {
      skipped.push({ id, reason: 'unavailable' });
      continue;
    }
    if (orgTaken(entry)) {
      skipped.push({ id, reason: 'organisationTaken' });
      continue;
    }
    if (!keeps(entry.features)) {
      skipped.push({ id, reason: 'breaksQuota' });
      continue;
    }
    return { kind: 'alternate', id, rank: rank + 1, fromReserve: rank >= req.ranked.alternates.length, skipped };
  }
  // A draw of one seat among everyone of the remaining eligible pool who can be called, in a stable
  // order (the pool's ids sorted), under the block's target minus the members who stay.
  const left = [...req.pool.entries()]
    .filter(([id, e]) => callable(id, e) && !orgTaken(e))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
  if (left.length === 0) return { kind: 'none', reason: 'noCandidateLeft', skipped };
  const input = blockDrawInput(charter, left, renewalQuotas(charter, req.blockId, remaining, 1));
  return { kind: 'replacementDraw', reason: 'noRankedCandidateKeepsQuotas', input, skipped };
}
