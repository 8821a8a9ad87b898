// Public surface of the charter: types, loading, validation and a readable summary.
export { CharterError } from './errors.ts';
export { loadCharter, parseCharter } from './load.ts';
export { type CharterValidation, validateCharter } from './validate.ts';
export { summarizeCharter } from './summary.ts';
export * from './types.ts';
