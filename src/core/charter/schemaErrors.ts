// Turns Ajv's error objects into one readable line each: `bodies.council.blocks[2].seats: must be a positive integer`.
import type { ErrorObject } from 'ajv/dist/2020.js';

/** `/bodies/council/blocks/2/seats` → `bodies.council.blocks[2].seats` */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  null: 'null',
};

const PATTERN_WORDS: Record<string, string> = {
  '^[a-z][a-zA-Z0-9-]*$': 'must be an identifier: letters and digits, starting with a lowercase letter',
  '^KZ-\\d{2}$': 'must be an ISO 3166-2 code such as KZ-75',
  '^\\d+\\.\\d+\\.\\d+$': 'must be a version such as 2026.1.0',
  '^[A-Z]{2}$': 'must be a two-letter country code such as KZ',
};

function describeDef(schemaPath: string): string | undefined {
  if (schemaPath.includes('/$defs/positiveInteger/')) return 'must be a positive integer';
  if (schemaPath.includes('/$defs/nonNegativeInteger/')) return 'must be a non-negative integer';
  if (schemaPath.includes('/$defs/regionRef/')) return 'must be "all" or a non-empty list of region codes';
  return undefined;
}

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'type':
      return describeDef(e.schemaPath) ?? `must be ${String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    case 'minimum':
      return describeDef(e.schemaPath) ?? `must be at least ${p.limit}`;
    case 'maximum':
      return `must be at most ${p.limit}`;
    case 'exclusiveMinimum':
      return `must be greater than ${p.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${p.limit}`;
    case 'format':
      return p.format === 'date' ? 'must be a real date written YYYY-MM-DD' : `must be a valid ${p.format}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return PATTERN_WORDS[String(p.pattern)] ?? `must match ${p.pattern}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} characters`;
    case 'minItems':
      return `must list at least ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must list at most ${p.limit} items`;
    case 'uniqueItems':
      return `must not repeat an item (items ${p.j} and ${p.i} are the same)`;
    case 'anyOf':
      return describeDef(e.schemaPath) ?? 'does not match any allowed form';
    default:
      return e.message ?? 'is invalid';
  }
}

/** One line per problem. Branch errors under a failed `anyOf` are folded into its single line. */
export function formatSchemaErrors(errors: readonly ErrorObject[]): string[] {
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.schemaPath.includes('/anyOf/') && [...anyOfAt].some((a) => e.instancePath.startsWith(a))) {
      continue;
    }
    let path = pointerToPath(e.instancePath);
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required') path = joinPath(path, String(p.missingProperty));
    if (e.keyword === 'additionalProperties') path = joinPath(path, String(p.additionalProperty));
    lines.push(`${path || '(charter)'}: ${message(e)}`);
  }
  return [...new Set(lines)];
}
