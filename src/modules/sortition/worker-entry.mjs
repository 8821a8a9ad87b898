// Worker threads do not inherit the tsx loader that `bin/kenes.mjs` registers, so register it here
// (or, under the test runner, load the run's compiled bundle: ADR 0009).
import { existsSync } from 'node:fs';

const bundled = process.env.KENES_BUNDLE_DIR ? `${process.env.KENES_BUNDLE_DIR}/src/modules/sortition/worker.mjs` : '';
if (bundled && existsSync(bundled)) {
  await import(bundled);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: new URL('../../../tsconfig.json', import.meta.url).pathname });
  await import('./worker.ts');
}
