// The input hash: SHA-256 of one canonical JSON text of everything a draw depends on besides the seed
// (pool, quotas, k, household rule, algorithm, lottery size). Published before the entropy is known,
// it commits the organisers to the inputs (ADR 0103).
import type { Algorithm, DistributionRule, SelectionInput } from './model.ts';
import { sha256Hex } from './random.ts';

export const INPUT_FORMAT = 'kenes-sortition-input/1';

export function canonicalInputs(
  input: SelectionInput,
  algorithm: Algorithm,
  lotterySize: number,
  distribution: DistributionRule = 'leximin',
): string {
  return JSON.stringify({
    format: INPUT_FORMAT,
    algorithm,
    lotterySize,
    k: input.k,
    categories: input.categories,
    quotas: input.quotas.map((q) => [q.category, q.value, q.min, q.max, q.minFlex ?? null, q.maxFlex ?? null]),
    householdColumns: input.householdColumns ?? [],
    people: input.people.map((p) => [p.id, input.categories.map((c) => p.features[c]), p.household ?? null]),
    // Only when not the default, so the hashes of existing draws stay the same (ADR 0116).
    ...(distribution === 'leximin' ? {} : { distribution }),
  });
}

export function inputHash(
  input: SelectionInput,
  algorithm: Algorithm,
  lotterySize: number,
  distribution: DistributionRule = 'leximin',
): string {
  return sha256Hex(canonicalInputs(input, algorithm, lotterySize, distribution));
}
