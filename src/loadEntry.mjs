// How an entry point starts its TypeScript (ADR 0009): from the test run's compiled bundle when
// KENES_BUNDLE_DIR names one that holds it, else through tsx with the repository's own tsconfig (so
// it works from any working folder).
import { existsSync } from 'node:fs';

/**
 * Imports the compiled module `compiled` (a path inside the bundle, e.g. `src/cli/main.mjs`) when the
 * bundle has it, else registers tsx and imports the TypeScript module `source` (a file: URL).
 */
export async function loadEntry(compiled, source) {
  const bundled = process.env.KENES_BUNDLE_DIR ? `${process.env.KENES_BUNDLE_DIR}/${compiled}` : '';
  if (bundled && existsSync(bundled)) return import(bundled);
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
  return import(source);
}
