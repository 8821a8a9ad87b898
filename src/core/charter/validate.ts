// Validates charter data: JSON Schema first (shapes), then the semantic rules; returns every error.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { isIsoDate } from '../isoDate.ts';
import { charterJsonSchema } from './definition.ts';
import { formatSchemaErrors } from './schemaErrors.ts';
import { semanticErrors } from './semantic.ts';
import type { Charter } from './types.ts';

let compiled: ValidateFunction | undefined;

// Compiles the schema generated from definition.ts: the same JSON that charter/schema.json holds
// (a unit test keeps the two equal), without reading a file.
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, useDefaults: true });
    ajv.addFormat('date', { type: 'string', validate: (s: string) => isIsoDate(s) });
    compiled = ajv.compile(charterJsonSchema());
  }
  return compiled;
}

export type CharterValidation = { ok: true; charter: Charter } | { ok: false; errors: string[] };

export function validateCharter(data: unknown): CharterValidation {
  const validate = schemaValidator();
  const schemaOk = validate(data);
  const errors = [...(schemaOk ? [] : formatSchemaErrors(validate.errors ?? [])), ...semanticErrors(data)];
  const unique = [...new Set(errors)];
  // The schema passed and so did every semantic rule: the data has the shape Static<Charter> describes.
  return unique.length ? { ok: false, errors: unique } : { ok: true, charter: data as Charter };
}
