// A nomination as it arrives (JSON or one CSV row), checked against the charter before anything is
// written (ADR 0802). The IIN gives the birth date and sex and is then dropped: the caller keeps only
// its pseudonym. Every problem names its field, so a CSV import can name the row and column.
import type { Charter } from '../charter/types.ts';
import { parseIin } from '../iin.ts';
import type { IsoDate } from '../isoDate.ts';

export interface NominationInput {
  iin: string;
  firstName: string;
  lastName: string;
  block: string;
  region: string;
  organisationId?: string | null;
  organisation?: string | null;
  /** Values of the dimensions the IIN does not give (e.g. settlement), by dimension id. */
  declared?: Record<string, string>;
  offices?: string[];
  consented?: boolean;
}

export interface CheckedNomination {
  iin: string;
  birthDate: IsoDate;
  sex: 'male' | 'female';
  displayName: string;
  blockId: string;
  region: string;
  organisationId: string | null;
  organisation: string | null;
  declared: Record<string, string>;
  offices: string[];
  consented: boolean;
}

export type NominationProblem = { field: string; code: 'invalid-iin' | 'required' | 'unknown-block' | 'unknown-region' | 'too-long'; value?: string };

/** The public name: the first name and the initial of the family name, never more. */
export function publicName(firstName: string, lastName: string): string {
  const initial = [...lastName.trim()][0];
  return initial ? `${firstName.trim()} ${initial.toUpperCase()}.` : firstName.trim();
}

/** The dimensions a candidate declares: neither derived from the IIN nor the region. */
export function declaredDimensions(charter: Charter): string[] {
  return charter.bodies.council.selectionDimensions.filter((d) => !d.derivedFrom && d.categoriesFrom !== 'regions').map((d) => d.id);
}

export function checkNomination(charter: Charter, input: NominationInput, today: IsoDate): { ok: true; value: CheckedNomination } | { ok: false; problems: NominationProblem[] } {
  const problems: NominationProblem[] = [];
  const text = (field: string, v: unknown, max = 200): string => {
    const s = typeof v === 'string' ? v.trim() : '';
    if (s === '') problems.push({ field, code: 'required' });
    else if (s.length > max) problems.push({ field, code: 'too-long', value: String(max) });
    return s;
  };
  const iin = parseIin(String(input.iin ?? ''), { today });
  if (!iin.valid) problems.push({ field: 'iin', code: 'invalid-iin' });
  const firstName = text('firstName', input.firstName, 100);
  const lastName = text('lastName', input.lastName, 100);
  const block = text('block', input.block);
  if (block && !charter.bodies.council.blocks.some((b) => b.id === block)) problems.push({ field: 'block', code: 'unknown-block', value: block });
  const region = text('region', input.region);
  if (region && !charter.regions.some((r) => r.code === region)) problems.push({ field: 'region', code: 'unknown-region', value: region });
  const organisationId = typeof input.organisationId === 'string' && input.organisationId.trim() !== '' ? input.organisationId.trim() : null;
  const organisation = typeof input.organisation === 'string' && input.organisation.trim() !== '' ? input.organisation.trim() : null;
  if (organisation && organisation.length > 300) problems.push({ field: 'organisation', code: 'too-long', value: '300' });
  if (problems.length > 0 || !iin.valid) return { ok: false, problems };
  return {
    ok: true,
    value: {
      iin: iin.iin,
      birthDate: iin.birthDate,
      sex: iin.sex === 'female' ? 'female' : 'male',
      displayName: publicName(firstName, lastName),
      blockId: block,
      region,
      organisationId,
      organisation: organisation ?? organisationId,
      declared: { ...(input.declared ?? {}) },
      offices: [...(input.offices ?? [])],
      consented: input.consented !== false,
    },
  };
}

/** CSV columns of the import, in this order; the declared dimensions follow. */
export const CSV_COLUMNS = ['iin', 'first_name', 'last_name', 'block', 'region', 'organisation_id', 'organisation', 'offices'] as const;
const FIELD_OF_COLUMN: Record<string, string> = { iin: 'iin', first_name: 'firstName', last_name: 'lastName', block: 'block', region: 'region', organisation_id: 'organisationId', organisation: 'organisation', offices: 'offices' };
export const columnOfField = (field: string): string => Object.entries(FIELD_OF_COLUMN).find(([, f]) => f === field)?.[0] ?? field.replace(/^declared\./, '');

/** One CSV row (cells by column) as a nomination input. */
export function nominationFromCells(charter: Charter, cells: Record<string, string>): NominationInput {
  return {
    iin: cells.iin ?? '',
    firstName: cells.first_name ?? '',
    lastName: cells.last_name ?? '',
    block: cells.block ?? '',
    region: cells.region ?? '',
    organisationId: cells.organisation_id || null,
    organisation: cells.organisation || null,
    declared: Object.fromEntries(declaredDimensions(charter).flatMap((d) => (cells[d] ? [[d, cells[d]!]] : []))),
    offices: (cells.offices ?? '').split(';').map((s) => s.trim()).filter(Boolean),
  };
}
