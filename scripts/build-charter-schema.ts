// Writes charter/schema.json from the charter's TypeBox definition (src/core/charter/definition.ts).
// `--check` writes nothing and exits 1 when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { charterSchemaText } from '../src/core/charter/schemaFile.ts';

const path = new URL('../charter/schema.json', import.meta.url);
const text = charterSchemaText();
const current = (() => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
})();

if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error('charter/schema.json is out of date: run npm run build:charter-schema');
    process.exit(1);
  }
  console.log('charter/schema.json is up to date');
} else if (current === text) {
  console.log('charter/schema.json is up to date');
} else {
  writeFileSync(path, text);
  console.log('wrote charter/schema.json');
}
