import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { charterJsonSchema } from '../../../src/core/charter/definition.ts';
import { charterSchemaText } from '../../../src/core/charter/schemaFile.ts';
import { LANGS } from '../../../src/core/lang.ts';

const root = new URL('../../../', import.meta.url).pathname;

test('charter/schema.json is the file generated from the TypeBox definition', () => {
  const committed = readFileSync(`${root}charter/schema.json`, 'utf8');
  // Compare parsed first for a readable diff, then the text, so formatting drift is caught too.
  assert.deepEqual(JSON.parse(committed), charterJsonSchema(), 'charter/schema.json is out of date: run npm run build:charter-schema');
  assert.equal(committed, charterSchemaText(), 'charter/schema.json is formatted differently: run npm run build:charter-schema');
});

test('every $ref of the generated schema names a $defs entry, and every $defs entry is used', () => {
  const schema = charterJsonSchema();
  const defs = Object.keys(schema.$defs as object);
  const refs = new Set<string>();
  (function walk(v: unknown): void {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref') refs.add(String(x));
        else walk(x);
      }
    }
  })(schema);
  assert.deepEqual([...refs].filter((r) => !defs.includes(r.replace('#/$defs/', ''))), []);
  assert.deepEqual(defs.filter((d) => !refs.has(`#/$defs/${d}`)), []);
});

test('localized texts and the language enum follow the one language list', () => {
  const defs = charterJsonSchema().$defs as Record<string, { required?: string[]; enum?: string[] }>;
  assert.deepEqual(defs.localizedText!.required, [...LANGS]);
  assert.deepEqual(defs.lang!.enum, [...LANGS]);
  assert.deepEqual([...LANGS], ['kk', 'ru', 'en']);
});
