// Shared set-up of the proposals API tests: a charter copy with small thresholds, valid texts,
// and a snapshot of every table the module writes (to prove a refused request changed nothing).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Charter } from '../../src/core/charter/types.ts';
import { defaultCharterPath } from '../../src/config.ts';
import { proposalsService } from '../../src/modules/proposals/service.ts';
import { type TestApp, testApp } from '../helpers/app.ts';

/** The default charter with thresholds small enough to reach in a test. */
export function smallCharter(): Charter {
  const c = JSON.parse(readFileSync(defaultCharterPath(), 'utf8')) as Charter;
  const petition = c.proposalKinds.find((k) => k.id === 'petition')!;
  petition.signatureThreshold = 3;
  petition.linkOnlyUntilSignatures = 2;
  const ref = c.proposalKinds.find((k) => k.id === 'referendumInitiative')!;
  ref.signatureThreshold = 4;
  ref.regionalSpread = { regions: 'all', minRegions: 2, minSignaturesPerRegion: 2 };
  ref.actionGroup = { regions: 'all', minMembersPerRegion: 1 };
  ref.linkOnlyUntilSignatures = 1;
  return c;
}

/** Writes the small-threshold charter to a temporary file and returns its path. */
export function smallCharterPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-charter-'));
  const path = join(dir, 'charter.json');
  writeFileSync(path, JSON.stringify(smallCharter(), null, 2));
  return path;
}

export async function proposalsTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  return testApp({ charterPath: smallCharterPath() }, { KENES_RATE_CREATE_PER_HOUR: '100', ...env });
}

export function draft(over: Record<string, unknown> = {}) {
  return {
    kind: 'petition',
    title: 'Open data on school meals in every district',
    summary: 'Publish the menus, suppliers and prices of school meals for every school, every month, as open data.',
    body: 'Parents cannot see what their children eat at school or what it costs. '.repeat(5),
    topic: 'education',
    scope: 'national',
    language: 'en',
    ...over,
  };
}

const TABLES = ['proposals', 'proposal_events', 'proposal_group_members', 'proposal_signatures', 'proposal_signature_counts', 'proposal_signature_hours', 'proposal_signer_regions', 'outbox'] as const;

/** Every row of every table the module writes, in a stable order. */
export async function snapshot(t: TestApp): Promise<string> {
  await proposalsService(t.ctx).writer.drain();
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await t.ctx.db.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}
