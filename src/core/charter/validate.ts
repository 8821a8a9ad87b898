// Validates charter data: JSON Schema first (shapes), then the semantic rules; returns every error.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { isIsoDate } from '../isoDate.ts';
import { formatSchemaErrors } from './schemaErrors.ts';
import { semanticErrors } from './semantic.ts';
import type { Charter } from './types.ts';

export const CHARTER_SCHEMA_URL = new URL('../../../charter/schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, useDefaults: true });
    ajv.addFormat('date', { type: 'string', validate: (s: string) => isIsoDate(s) });
    compiled = ajv.compile(JSON.parse(readFileSync(CHARTER_SCHEMA_URL, 'utf8')));
  }
  return compiled;
}

export type CharterValidation = { ok: true; charter: Charter } | { ok: false; errors: string[] };

export function validateCharter(data: unknown): CharterValidation {
  const validate = schemaValidator();
  const schemaOk = validate(data);
  const errors = [...(schemaOk ? [] : formatSchemaErrors(validate.errors ?? [])), ...semanticErrors(data)];
  const unique = [...new Set(errors)];
  return unique.length ? { ok: false, errors: unique } : { ok: true, charter: data as Charter };
}
