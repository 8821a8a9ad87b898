#!/usr/bin/env node
// Entry point of the `kenes` command: loads the TypeScript CLI through tsx, so no build step is needed
// (or, under the test runner, the run's compiled bundle: src/loadEntry.mjs).
import { loadEntry } from '../src/loadEntry.mjs';

await loadEntry('src/cli/main.mjs', new URL('../src/cli/main.ts', import.meta.url).href);
