// Nominating organisations and a candidate's consent (ADR 0803), checked against the charter before
// anything is written. Every problem names its field.
import type { Charter } from '../charter/types.ts';
import { iinCheckDigit } from '../iin.ts';

/** A BIN: 12 digits whose last is the check digit of the first 11, computed as for the IIN. */
export function isValidBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  return iinCheckDigit(value.slice(0, 11)) === Number(value[11]);
}

/** A valid BIN for synthetic organisations (demo, tests): registration year-month, a legal-entity type digit, a serial. */
export function makeBin(yearMonth: string, serial: number): string {
  for (let i = 0; i < 1000; i++) {
    const first11 = `${yearMonth}4${String((serial + i) % 1000000).padStart(6, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== null) return first11 + check;
  }
  throw new RangeError('makeBin: no serial found');
}

export interface OrganisationInput {
  bin: string;
  name: { kk: string; ru: string; en: string };
  region: string;
  block: string;
}

export type FieldProblem = { field: string; code: string; value?: string };

export function checkOrganisation(charter: Charter, input: OrganisationInput): { ok: true; value: OrganisationInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bin = String(input.bin ?? '').trim();
  if (bin === '') problems.push({ field: 'bin', code: 'required' });
  else if (!isValidBin(bin)) problems.push({ field: 'bin', code: 'invalid-bin', value: bin });
  const name = { kk: '', ru: '', en: '' };
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const v = String(input.name?.[lang] ?? '').trim();
    if (v === '') problems.push({ field: `name.${lang}`, code: 'required' });
    else if (v.length > 300) problems.push({ field: `name.${lang}`, code: 'too-long', value: '300' });
    name[lang] = v;
  }
  const region = String(input.region ?? '').trim();
  if (region === '') problems.push({ field: 'region', code: 'required' });
  else if (!charter.regions.some((r) => r.code === region)) problems.push({ field: 'region', code: 'unknown-region', value: region });
  const block = String(input.block ?? '').trim();
  if (block === '') problems.push({ field: 'block', code: 'required' });
  else if (!charter.bodies.council.blocks.some((b) => b.id === block)) problems.push({ field: 'block', code: 'unknown-block', value: block });
  return problems.length ? { ok: false, problems } : { ok: true, value: { bin, name, region, block } };
}

/** What a candidate declares when consenting: what the draw needs and the IIN does not give. */
export interface ConsentInput {
  region: string;
  /** Values of the declared dimensions (e.g. settlement), by dimension id. */
  declared: Record<string, string>;
  /** The charter's incompatible offices the candidate holds (ids); any one makes them ineligible. */
  offices: string[];
  /** The candidate confirms the declaration and consents to be drawn. */
  confirm: boolean;
}

export function checkConsent(charter: Charter, input: ConsentInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const region = String(input.region ?? '').trim();
  if (region === '') problems.push({ field: 'region', code: 'required' });
  else if (!charter.regions.some((r) => r.code === region)) problems.push({ field: 'region', code: 'unknown-region', value: region });
  for (const dim of charter.bodies.council.selectionDimensions) {
    if (dim.derivedFrom || dim.categoriesFrom === 'regions') continue;
    const v = String(input.declared?.[dim.id] ?? '').trim();
    if (v === '') problems.push({ field: `declared.${dim.id}`, code: 'required' });
    else if (!(dim.categories ?? []).some((c) => c.id === v)) problems.push({ field: `declared.${dim.id}`, code: 'unknown-category', value: v });
  }
  const known = new Set(charter.bodies.council.eligibility.incompatibleOffices.map((o) => o.id));
  for (const [i, o] of (input.offices ?? []).entries()) if (!known.has(o)) problems.push({ field: `offices.${i}`, code: 'unknown-office', value: String(o) });
  if (input.confirm !== true) problems.push({ field: 'confirm', code: 'required' });
  return problems;
}
