// Worker threads do not inherit the tsx loader that `bin/kenes.mjs` registers, so this entry loads
// the worker the same way (src/loadEntry.mjs).
import { loadEntry } from '../../loadEntry.mjs';

await loadEntry('src/modules/sortition/worker.mjs', new URL('./worker.ts', import.meta.url).href);
