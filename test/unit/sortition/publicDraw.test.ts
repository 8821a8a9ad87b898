// The public draw's pure parts (ADR 0111, 0112): anonymisation, the commitment, the public files, and
// the outsider's check against ledger entries — including a report regenerated with other entropy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeIin } from '../../../src/core/iin.ts';
import { canonicalJson, hashLeaf } from '../../../src/core/merkle/index.ts';
import { anonymisePool, looksLikeIinOrBin, validatePoolData } from '../../../src/core/sortition/anonymise.ts';
import { runSelection, seedFromEntropy } from '../../../src/core/sortition/index.ts';
import { readCsvRows, writeCsv } from '../../../src/core/sortition/publicCsv.ts';
import {
  commitmentOf,
  type LedgerEntryText,
  PUBLIC_DRAW_FORMAT,
  type PublicInputs,
  parsePoolCsv,
  parseQuotasCsv,
  publicFiles,
  reportHashOf,
  selectionInputOf,
  verifyPublicDraw,
} from '../../../src/core/sortition/publicDraw.ts';
import type { SelectionReport } from '../../../src/core/sortition/report.ts';
import { panelotFixture } from './helpers.ts';

const ENTROPY = 'Lotto 6/49 of 2026-10-15: 4 17 23 31 40 42';
const AFTER = '2026-10-15T18:00:00.000Z';
let n = 0;
const seq = (k: number) => (n++ * 7919) % k;

function inputsOf(): PublicInputs {
  const input = panelotFixture('example_small_20', 20);
  input.people.forEach((p, i) => {
    p.id = `src-${i}`;
  });
  const { pool } = anonymisePool(input, seq);
  return { format: PUBLIC_DRAW_FORMAT, engine: 'kenes-sortition 1.0.0', algorithm: 'leximin', lotterySize: 1000, k: 20, pool, quotas: input.quotas, entropy: { sources: ['Lotto 6/49 draw of 2026-10-15'], after: AFTER } };
}

function entry(index: number, kind: string, time: string, payload: Record<string, unknown>): LedgerEntryText {
  return { index, entry: canonicalJson({ kind, subject: 'sortition/x', time, payload }) };
}

/** The ledger a genuine ceremony writes: committed, then revealed after the date, then drawn. */
function ledgerFor(p: PublicInputs, report: SelectionReport, revealedAt = '2026-10-16T09:00:00.000Z') {
  const commitment = commitmentOf(p);
  const committed = entry(3, 'sortition.committed', '2026-10-01T09:00:00.000Z', { commitment });
  const cite = { commitment, commitmentIndex: 3, commitmentEntryHash: hashLeaf(committed.entry).toString('hex') };
  return [
    committed,
    entry(9, 'sortition.revealed', revealedAt, { ...cite, entropy: ENTROPY, seed: seedFromEntropy(ENTROPY), revealedAt }),
    entry(10, 'sortition.drawn', '2026-10-16T09:00:05.000Z', { ...cite, reportHash: reportHashOf(report) }),
  ];
}

test('anonymisation: a random permutation of public numbers, no source ids, households as opaque groups', () => {
  const input = panelotFixture('example_small_20', 20);
  input.people.forEach((p, i) => {
    p.id = `crm-${i}`;
    if (i < 4) p.household = '["main street 1"]';
  });
  input.householdColumns = ['address'];
  const { pool, sourceIds } = anonymisePool(input, seq);
  const numbers = pool.candidates.map((c) => c.number);
  assert.deepEqual(numbers, [...numbers].sort());
  assert.deepEqual(new Set(numbers), new Set(Array.from({ length: 200 }, (_, i) => String(i + 1).padStart(3, '0'))));
  assert.equal(Object.keys(sourceIds).length, 200);
  assert.doesNotMatch(JSON.stringify(pool), /crm-|main street/);
  assert.deepEqual([...new Set(pool.candidates.map((c) => c.household))].sort(), ['H1', null].sort());
  assert.equal(pool.candidates.filter((c) => c.household === 'H1').length, 4);
  // Each public number keeps its person's category values.
  for (const c of pool.candidates) {
    const person = input.people.find((p) => p.id === sourceIds[c.number])!;
    assert.deepEqual(c.values, input.categories.map((cat) => person.features[cat]));
  }
});

test('IIN and BIN values are recognised by their check digit and refused as pool ids', () => {
  const iin = makeIin('1990-05-17', 'female', 42);
  assert.equal(looksLikeIinOrBin(iin), true);
  assert.equal(looksLikeIinOrBin(`${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`), false);
  assert.equal(looksLikeIinOrBin('12345'), false);
  const input = panelotFixture('example_small_20', 20);
  input.people[11].id = iin;
  assert.throws(() => validatePoolData(input), /pool, row 12, column "id": this id passes the IIN\/BIN check/);
});

test('the commitment changes with any public input; the files read back to the same commitment', () => {
  const p = inputsOf();
  const c = commitmentOf(p);
  const files = publicFiles(p);
  assert.equal(files.commitmentFile.commitment, c);
  const back: PublicInputs = { ...p, pool: parsePoolCsv(files.poolCsv, p.pool.categories, p.pool.householdRule), quotas: parseQuotasCsv(files.quotasCsv) };
  assert.equal(commitmentOf(back), c);
  const variants: ((x: PublicInputs) => void)[] = [
    (x) => {
      x.pool.candidates[0].values[0] = x.pool.candidates[0].values[0] === 'male' ? 'female' : 'male';
    },
    (x) => {
      x.quotas[0].min += 1;
    },
    (x) => {
      x.entropy.after = '2026-10-15T18:00:01.000Z';
    },
    (x) => {
      x.entropy.sources.push('KASE close');
    },
    (x) => {
      x.k = 19;
    },
    (x) => {
      x.lotterySize = 999;
    },
  ];
  for (const change of variants) {
    const x = structuredClone(p);
    change(x);
    assert.notEqual(commitmentOf(x), c);
  }
});

test('public CSV: quotes, commas and newlines survive a round trip', () => {
  const rows = [['a', 'b,c', 'say "hi"'], ['multi\nline', ' padded ', '']];
  assert.deepEqual(readCsvRows(writeCsv(rows)), rows);
  assert.throws(() => readCsvRows('a,"b\n'), /unterminated/);
});

test('verifyPublicDraw passes a genuine draw and fails one regenerated with other entropy', async () => {
  const p = inputsOf();
  const commitment = commitmentOf(p);
  const files = publicFiles(p);
  const input = selectionInputOf(p);
  const report = await runSelection(input, { entropy: ENTROPY, lotterySize: p.lotterySize, commitment });
  const ledger = ledgerFor(p, report);
  const args = { commitment: files.commitmentFile, publicPool: files.poolCsv, quotas: files.quotasCsv, ledgerEntries: ledger };
  const good = verifyPublicDraw({ ...args, report: JSON.stringify(report), heads: [{ size: 4, timestamp: '2026-10-01T09:00:01.000Z' }] });
  assert.deepEqual(good.checks.filter((c) => !c.ok), []);
  assert.equal(good.ok, true);
  assert.deepEqual(good.checks.map((c) => c.name), ['commitment', 'committed-entry', 'commitment-before-entropy', 'reveal-after-commitment', 'seed', 'report-inputs', 'distribution', 'lottery', 'panel', 'drawn-entry']);
  assert.match(good.notes[0], /not rerun here/);

  // Same inputs and commitment, another entropy: a consistent report, but not the one on the ledger.
  const forged = await runSelection(input, { entropy: 'Another lottery: 1 2 3 4 5 6', lotterySize: p.lotterySize, commitment });
  assert.notDeepEqual(forged.draw.members, report.draw.members);
  const bad = verifyPublicDraw({ ...args, report: forged });
  assert.equal(bad.ok, false);
  const failed = bad.checks.filter((c) => !c.ok).map((c) => c.name);
  assert.deepEqual(failed, ['seed', 'panel', 'drawn-entry']);

  // Given the forger's entropy text as well, the ledger's reveal and drawn entries still disagree.
  const withEntropy = verifyPublicDraw({ ...args, report: forged, entropy: 'Another lottery: 1 2 3 4 5 6' });
  assert.equal(withEntropy.ok, false);
  assert.ok(withEntropy.checks.some((c) => c.name === 'seed' && !c.ok));
  assert.ok(withEntropy.checks.some((c) => c.name === 'drawn-entry' && !c.ok));

  // A changed pool row no longer hashes to the commitment.
  const rows = files.poolCsv.split('\n');
  rows[1] = rows[1].replace(/,(female|male),/, (_m, g) => `,${g === 'male' ? 'female' : 'male'},`);
  const pool = verifyPublicDraw({ ...args, report, publicPool: rows.join('\n') });
  assert.equal(pool.checks[0].name, 'commitment');
  assert.equal(pool.checks[0].ok, false);

  // A reveal before the entropy date, or a head issued only after it, fails.
  const early = verifyPublicDraw({ ...args, report, ledgerEntries: ledgerFor(p, report, '2026-10-15T17:00:00.000Z') });
  assert.ok(early.checks.some((c) => c.name === 'reveal-after-commitment' && !c.ok));
  const lateHead = verifyPublicDraw({ ...args, report, heads: [{ size: 4, timestamp: '2026-10-15T19:00:00.000Z' }] });
  assert.ok(lateHead.checks.some((c) => c.name === 'commitment-before-entropy' && !c.ok));

  // An edited panel fails the pick; an edited lottery fails the rounding.
  const panel = structuredClone(report);
  panel.draw.members[0] = panel.draw.members[0] === '001' ? '002' : '001';
  assert.ok(verifyPublicDraw({ ...args, report: panel }).checks.some((c) => c.name === 'panel' && !c.ok));
  const lottery = structuredClone(report);
  if (lottery.lottery.panels.length > 1) {
    lottery.lottery.panels[0].tickets += 1;
    lottery.lottery.panels[1].tickets -= 1;
    assert.ok(verifyPublicDraw({ ...args, report: lottery }).checks.some((c) => c.name === 'lottery' && !c.ok));
  }
  // No ledger entries at all.
  assert.equal(verifyPublicDraw({ ...args, report, ledgerEntries: [] }).ok, false);
});
