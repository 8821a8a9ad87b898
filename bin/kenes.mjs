#!/usr/bin/env node
// Entry point of the `kenes` command: loads the TypeScript CLI through tsx, so no build step is needed.
// tsx is pointed at this repository's tsconfig, so the command works from any folder (JSX settings
// come from it). Under the test runner, KENES_BUNDLE_DIR names the run's compiled bundle (ADR 0009),
// which starts without tsx's module hooks.
import { existsSync } from 'node:fs';

const bundled = process.env.KENES_BUNDLE_DIR ? `${process.env.KENES_BUNDLE_DIR}/src/cli/main.mjs` : '';
if (bundled && existsSync(bundled)) {
  await import(bundled);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
  await import('../src/cli/main.ts');
}
