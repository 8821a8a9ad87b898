// Worker threads do not inherit the tsx loader that `bin/kenes.mjs` registers, so register it here.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
