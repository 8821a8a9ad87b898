// Nominating organisations and their representatives (ADR 0803): the secretariat registers an
// organisation of a block's kind with its BIN and names, and links signed-in users as its
// representatives; a representative nominates up to the charter's limit per organisation and cycle;
// a citizen nominates themselves where the block takes self-nominations; the candidate consents by
// signing in and declaring what the draw needs. One nomination per person and cycle, by pseudonym;
// the raw IIN is read for the birth date and sex and then dropped.
import { randomUUID } from 'node:crypto';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import { checkConsent, checkNomination, checkOrganisation, type ConsentInput, type FieldProblem, findBlock, type OrganisationInput } from '../../core/membership/index.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import type { SessionUser } from '../../web/context.ts';
import { identityService } from '../identity/api.ts';
import { emit } from '../outbox/api.ts';
import type { CandidateRow, MembershipBase } from './shared.ts';

export interface Organisation {
  id: string;
  bin: string;
  name: { kk: string; ru: string; en: string };
  region: string;
  block: string;
  representatives: string[];
}

/** What a nominator gives of the person: the IIN (read, then dropped) and the name (only first name and initial are kept). */
export interface PersonInput {
  iin: string;
  firstName: string;
  lastName: string;
}

const invalid = (code: string, problems: FieldProblem[], prefix = 'body.') =>
  new DomainErrors(
    code,
    problems.map((p) => new DomainError(`candidate-${p.code}`, `${prefix}${p.field}`, { value: p.value ?? '' })),
  );

export function organisationsService(b: MembershipBase) {
  const { ctx, db, charter, now, today, cycleRow, recomputeEligibility } = b;

  const orgOf = (r: { id: string; bin: string; name_kk: string; name_ru: string; name_en: string; region: string; block_id: string }, reps: string[]): Organisation => ({
    id: r.id,
    bin: r.bin,
    name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
    region: r.region,
    block: r.block_id,
    representatives: reps,
  });

  async function organisation(id: string): Promise<Organisation> {
    const row = await db.selectFrom('council_organisations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('not-found', undefined, { what: 'organisation', id });
    const reps = await db.selectFrom('council_representatives').select('user_id').where('organisation_id', '=', id).execute();
    return orgOf(
      row,
      reps.map((r) => r.user_id),
    );
  }

  /** The person checked as the charter says; the problems named under `prefix`. */
  function person(input: PersonInput, block: string, region: string) {
    const r = checkNomination(charter, { iin: input.iin, firstName: input.firstName, lastName: input.lastName, block, region: region || charter.regions[0]!.code }, today());
    if (!r.ok) throw invalid('candidates-invalid', r.problems);
    return r.value;
  }

  /** Refuses a second nomination of the same person in the cycle (by pseudonym) before anything is written. */
  async function notYetNominated(cycleId: string, personId: string) {
    const first = await db.selectFrom('council_candidates').select('id').where('cycle_id', '=', cycleId).where('person_id', '=', personId).executeTakeFirst();
    if (first) throw new DomainError('candidate-already-nominated', 'body.iin', { candidate: first.id });
  }

  async function openCycle(n: number) {
    const cycle = await cycleRow(n);
    if (cycle.status !== 'nominationsOpen') throw new DomainError('nominations-not-open', undefined, { cycle: n, state: cycle.status });
    return cycle;
  }

  async function insertCandidate(
    cycle: { id: string; number: number },
    row: Omit<CandidateRow, 'id' | 'cycle_id' | 'position' | 'eligible' | 'reasons' | 'features' | 'created_at'>,
    event: { kind: string; payload: Record<string, unknown> },
  ) {
    const id = randomUUID();
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      const count = await trx.selectFrom('council_candidates').select((e) => e.fn.countAll<number>().as('n')).where('cycle_id', '=', cycle.id).executeTakeFirstOrThrow();
      await trx
        .insertInto('council_candidates')
        .values({ ...row, id, cycle_id: cycle.id, position: Number(count.n), eligible: 0, reasons: '[]', features: '{}', created_at: at })
        .execute();
      await recomputeEligibility(trx as unknown as typeof db, cycle as never);
      await emit(trx, { kind: event.kind, subject: `council-cycle/${cycle.number}`, occurredAt: at, payload: { cycle: Number(cycle.number), candidate: id, ...event.payload } });
    });
    return id;
  }

  /** The nominations of the signed-in person (matched by pseudonym), newest cycle first. */
async function nominationsOf(user: SessionUser) {
    const rows = await db
      .selectFrom('council_candidates')
      .innerJoin('council_cycles', 'council_cycles.id', 'council_candidates.cycle_id')
      .select(['council_candidates.id', 'council_cycles.number', 'council_cycles.status', 'block_id', 'organisation', 'region', 'declared', 'offices', 'consented_at', 'eligible', 'reasons'])
      .where('person_id', '=', user.pseudonym)
      .orderBy('council_cycles.number', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      cycle: Number(r.number),
      cycleStatus: r.status,
      block: r.block_id,
      organisation: r.organisation,
      region: r.region,
      declared: JSON.parse(r.declared) as Record<string, string>,
      offices: JSON.parse(r.offices) as string[],
      consented: r.consented_at !== null,
      eligible: Number(r.eligible) === 1,
      reasons: JSON.parse(r.reasons) as { code: string }[],
    }));
  }

  return {
    organisation,

    async organisations(): Promise<Organisation[]> {
      const rows = await db.selectFrom('council_organisations').selectAll().orderBy('block_id').orderBy('name_en').execute();
      const reps = await db.selectFrom('council_representatives').selectAll().execute();
      return rows.map((r) =>
        orgOf(
          r,
          reps.filter((x) => x.organisation_id === r.id).map((x) => x.user_id),
        ),
      );
    },

    /** The organisations a user represents. */
    async representedBy(userId: string): Promise<Organisation[]> {
      const ids = (await db.selectFrom('council_representatives').select('organisation_id').where('user_id', '=', userId).execute()).map((r) => r.organisation_id);
      return Promise.all(ids.map(organisation));
    },

    /** The secretariat registers an organisation of a block's kind; a BIN registers once. */
    async registerOrganisation(input: OrganisationInput): Promise<Organisation> {
      const r = checkOrganisation(charter, input);
      if (!r.ok) throw invalid('organisation-invalid', r.problems);
      const taken = await db.selectFrom('council_organisations').select('id').where('bin', '=', r.value.bin).executeTakeFirst();
      if (taken) throw new DomainError('organisation-bin-taken', 'body.bin', { bin: r.value.bin, id: taken.id });
      const id = randomUUID();
      const at = now().toISOString();
      const v = r.value;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('council_organisations').values({ id, bin: v.bin, name_kk: v.name.kk, name_ru: v.name.ru, name_en: v.name.en, region: v.region, block_id: v.block, created_at: at }).execute();
        await emit(trx, { kind: 'council.organisationRegistered', subject: `council-organisation/${id}`, occurredAt: at, payload: { organisation: id, bin: v.bin, block: v.block, region: v.region, name: v.name } });
      });
      return organisation(id);
    },

    /** The secretariat links a signed-in user as a representative of an organisation. */
    async linkRepresentative(organisationId: string, userId: string): Promise<Organisation> {
      await organisation(organisationId);
      const user = await identityService(ctx).findById(String(userId ?? ''));
      if (!user) throw new DomainError('representative-unknown-user', 'body.userId', { value: String(userId ?? '') });
      const linked = await db.selectFrom('council_representatives').select('user_id').where('organisation_id', '=', organisationId).where('user_id', '=', user.id).executeTakeFirst();
      if (linked) throw new DomainError('representative-already-linked', 'body.userId', { value: user.id });
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('council_representatives').values({ organisation_id: organisationId, user_id: user.id, created_at: at }).execute();
        await emit(trx, { kind: 'council.representativeLinked', subject: `council-organisation/${organisationId}`, occurredAt: at, payload: { organisation: organisationId, user: user.id } });
      });
      return organisation(organisationId);
    },

    /** A representative nominates a person for the organisation's block; the candidate consents later, by signing in. */
    async nominate(n: number, user: SessionUser, body: PersonInput & { organisationId: string }): Promise<string> {
      const org = await organisation(String(body.organisationId ?? ''));
      if (!org.representatives.includes(user.id)) throw new DomainError('not-representative', 'body.organisationId', { organisation: org.id });
      const cycle = await openCycle(n);
      const p = person(body, org.block, '');
      const already = await db.selectFrom('council_candidates').select('id').where('cycle_id', '=', cycle.id).where('organisation_id', '=', org.id).execute();
      const limit = charter.bodies.council.nominations.maxPerOrganisation;
      if (already.length >= limit) throw new DomainError('candidate-organisation-limit', 'body.organisationId', { organisation: org.name.en, limit });
      const personId = pseudonymize(ctx.config.pepper, p.iin);
      await notYetNominated(cycle.id, personId);
      return insertCandidate(
        cycle,
        {
          block_id: org.block,
          person_id: personId,
          display_name: p.displayName,
          organisation_id: org.id,
          organisation: org.name.en,
          birth_date: p.birthDate,
          sex: p.sex,
          region: '',
          declared: '{}',
          offices: '[]',
          nominated_by: user.id,
          consented_at: null,
        },
        { kind: 'council.candidateNominated', payload: { block: org.block, organisation: org.id, by: user.id } },
      );
    },

    /** A citizen nominates themselves in a block that takes self-nominations, consenting and declaring at once. */
    async selfNominate(n: number, user: SessionUser, body: PersonInput & ConsentInput & { block: string }): Promise<string> {
      const block = String(body.block ?? '');
      const problems = checkConsent(charter, body);
      if (!charter.bodies.council.blocks.some((x) => x.id === block)) problems.unshift({ field: 'block', code: 'unknown-block', value: block });
      else if (!findBlock(charter, block).selfNomination) throw new DomainError('self-nomination-not-allowed', 'body.block', { block });
      if (problems.length) throw invalid('candidates-invalid', problems);
      const cycle = await openCycle(n);
      const p = person(body, block, body.region);
      const personId = pseudonymize(ctx.config.pepper, p.iin);
      if (personId !== user.pseudonym) throw new DomainError('candidate-iin-not-yours', 'body.iin');
      await notYetNominated(cycle.id, personId);
      const at = now().toISOString();
      return insertCandidate(
        cycle,
        {
          block_id: block,
          person_id: personId,
          display_name: p.displayName,
          organisation_id: null,
          organisation: null,
          birth_date: p.birthDate,
          sex: p.sex,
          region: body.region,
          declared: JSON.stringify(body.declared),
          offices: JSON.stringify(body.offices ?? []),
          nominated_by: user.id,
          consented_at: at,
        },
        { kind: 'council.candidateSelfNominated', payload: { block } },
      );
    },

    nominationsOf,

    /** The candidate consents while nominations are open, declaring region, the other dimensions and any incompatible office. */
    async consent(candidateId: string, user: SessionUser, body: ConsentInput) {
      const c = await db.selectFrom('council_candidates').selectAll().where('id', '=', candidateId).executeTakeFirst();
      if (!c || c.person_id !== user.pseudonym) throw new DomainError('not-found', undefined, { what: 'nomination', id: candidateId });
      const cycle = await db.selectFrom('council_cycles').selectAll().where('id', '=', c.cycle_id).executeTakeFirstOrThrow();
      if (cycle.status !== 'nominationsOpen') throw new DomainError('nominations-not-open', undefined, { cycle: Number(cycle.number), state: cycle.status });
      if (c.consented_at !== null) throw new DomainError('candidate-already-consented', undefined, { candidate: c.id });
      const problems = checkConsent(charter, body);
      if (problems.length) throw invalid('consent-invalid', problems);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('council_candidates')
          .set({ region: body.region.trim(), declared: JSON.stringify(Object.fromEntries(Object.entries(body.declared).map(([k, v]) => [k, String(v).trim()]))), offices: JSON.stringify(body.offices ?? []), consented_at: at })
          .where('id', '=', c.id)
          .where('consented_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('candidate-already-consented', undefined, { candidate: c.id });
        await recomputeEligibility(trx as unknown as typeof db, cycle);
        await emit(trx, { kind: 'council.candidateConsented', subject: `council-cycle/${cycle.number}`, occurredAt: at, payload: { cycle: Number(cycle.number), candidate: c.id } });
      });
      return (await nominationsOf(user)).find((x) => x.id === c.id)!;
    },
  };
}
