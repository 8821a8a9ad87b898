/** A charter that fails validation; `errors` lists every problem as `path: message`. */
export class CharterError extends Error {
  readonly errors: string[];

  constructor(errors: string[], source?: string) {
    const where = source ? ` (${source})` : '';
    super(`invalid charter${where}: ${errors.length} error${errors.length === 1 ? '' : 's'}\n${errors.map((e) => `  ${e}`).join('\n')}`);
    this.name = 'CharterError';
    this.errors = errors;
  }
}
