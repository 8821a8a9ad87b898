#!/usr/bin/env node
// Entry point of the `kenes` command: loads the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
