// Shared test helpers: fixture paths relative to the repository (CI clones with shared/ beside it).
import { readFileSync } from 'node:fs';
import { parsePanelot, parseSortitionFoundation } from '../../../src/core/sortition/index.ts';
import type { SelectionInput } from '../../../src/core/sortition/model.ts';

export const FIXTURES = new URL('../../fixtures/sortition/', import.meta.url);

export const fixtureText = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

export function panelotFixture(name: string, k: number): SelectionInput {
  return parsePanelot(
    {
      categoriesCsv: fixtureText(`${name}/categories.csv`),
      respondentsCsv: fixtureText(`${name}/respondents.csv`),
    },
    { k },
  );
}

export function scotland(householdColumns?: string[]): SelectionInput {
  return parseSortitionFoundation(
    { featuresCsv: fixtureText('scotland_150_k22/features.csv'), peopleCsv: fixtureText('scotland_150_k22/candidates.csv') },
    { k: 22, householdColumns },
  );
}

export const SEED = 'c0ffee'.padEnd(64, '0');
