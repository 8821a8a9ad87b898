// Nominations (ADR 0802): added by the secretariat as JSON or a CSV (all or nothing), each checked by
// the core, kept by pseudonym only, with the eligibility of the whole cycle recomputed on every change.
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import {
  checkNomination,
  columnOfField,
  CSV_COLUMNS,
  declaredDimensions,
  type NominationInput,
  nominationFromCells,
} from '../../core/membership/index.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import { readCsv } from '../../core/sortition/csv.ts';
import { SortitionInputError } from '../../core/sortition/errors.ts';
import { emit } from '../outbox/api.ts';
import type { MembershipBase } from './shared.ts';

export function nominationsService(b: MembershipBase) {
  const { ctx, db, charter, now, today, cycleRow, recomputeEligibility } = b;

  async function addCandidates(n: number, inputs: NominationInput[], fieldOf: (i: number, field: string) => string = (i, f) => `body.candidates.${i}.${f}`) {
    const cycle = await cycleRow(n);
    if (cycle.status !== 'nominationsOpen') throw new DomainError('nominations-not-open', undefined, { cycle: n, state: cycle.status });
    if (inputs.length === 0) throw new DomainError('no-candidates', 'body.candidates');
    const day = today();
    const problems: DomainError[] = [];
    const checked = inputs.flatMap((input, i) => {
      const r = checkNomination(charter, input, day);
      if (r.ok) return [r.value];
      for (const p of r.problems) problems.push(new DomainError(`candidate-${p.code}`, fieldOf(i, p.field), { value: p.value ?? '' }));
      return [];
    });
    // The organisation's nomination limit, counting the cycle's nominations already made.
    const existing = await db.selectFrom('council_candidates').select(['block_id', 'organisation_id']).where('cycle_id', '=', cycle.id).execute();
    const perOrg = new Map<string, number>();
    for (const e of existing) if (e.organisation_id) perOrg.set(e.organisation_id, (perOrg.get(e.organisation_id) ?? 0) + 1);
    const limit = charter.bodies.council.nominations.maxPerOrganisation;
    checked.forEach((c, i) => {
      if (c.organisationId === null) return;
      const count = perOrg.get(c.organisationId) ?? 0;
      if (count >= limit) problems.push(new DomainError('candidate-organisation-limit', fieldOf(i, 'organisationId'), { organisation: c.organisationId, limit }));
      perOrg.set(c.organisationId, count + 1);
    });
    if (problems.length > 0) throw new DomainErrors('candidates-invalid', problems);
    const at = now().toISOString();
    const start = existing.length;
    const ids = checked.map(() => randomUUID());
    await db.transaction().execute(async (trx) => {
      for (const [i, c] of checked.entries()) {
        await trx
          .insertInto('council_candidates')
          .values({
            id: ids[i]!,
            cycle_id: cycle.id,
            position: start + i,
            block_id: c.blockId,
            // The raw IIN stops here: only its keyed pseudonym is kept.
            person_id: pseudonymize(ctx.config.pepper, c.iin),
            display_name: c.displayName,
            organisation_id: c.organisationId,
            organisation: c.organisation,
            birth_date: c.birthDate,
            sex: c.sex,
            region: c.region,
            declared: JSON.stringify(c.declared),
            offices: JSON.stringify(c.offices),
            eligible: 0,
            reasons: '[]',
            features: '{}',
            created_at: at,
            nominated_by: null,
            consented_at: c.consented ? at : null,
          })
          .execute();
      }
      await recomputeEligibility(trx as unknown as typeof db, cycle);
      await emit(trx, { kind: 'council.candidatesAdded', subject: `council-cycle/${n}`, occurredAt: at, payload: { cycle: n, count: checked.length, blocks: [...new Set(checked.map((c) => c.blockId))] } });
    });
    return ids;
  }
  return {
    async candidates(n: number) {
      const cycle = await cycleRow(n);
      const rows = await db.selectFrom('council_candidates').selectAll().where('cycle_id', '=', cycle.id).orderBy('position').execute();
      return rows.map((r) => ({ id: r.id, name: r.display_name, block: r.block_id, region: r.region, organisation: r.organisation, eligible: Number(r.eligible) === 1, reasons: JSON.parse(r.reasons), features: JSON.parse(r.features) }));
    },

    addCandidates: (n: number, inputs: NominationInput[]) => addCandidates(n, inputs),

    /** A CSV of nominations: every bad cell is named by row and column; nothing is written unless all are good. */
    async importCandidatesCsv(n: number, csv: string) {
      let table: ReturnType<typeof readCsv>;
      try {
        table = readCsv(csv, 'csv');
      } catch (err) {
        if (err instanceof SortitionInputError) throw new DomainError('candidate-csv', 'body.csv', { message: err.message, row: err.location.row ?? null, column: err.location.column ?? null });
        throw err;
      }
      const wanted = [...CSV_COLUMNS.filter((c) => c !== 'organisation_id' && c !== 'organisation' && c !== 'offices'), ...declaredDimensions(charter)];
      const missing = wanted.find((c) => !table.header.includes(c));
      if (missing) throw new DomainError('candidate-csv', 'body.csv', { message: `missing column "${missing}"`, row: 1, column: missing });
      const inputs = table.rows.map((r) => nominationFromCells(charter, r.cells));
      return addCandidates(n, inputs, (i, field) => `csv row ${table.rows[i]!.line} column ${columnOfField(field)}`);
    },

  };
}
