// What the sortition module's error codes mean over HTTP: status and English message.
import type { ProblemCatalog } from '../../web/domainProblems.ts';

export const sortitionProblems: ProblemCatalog = {
  'required-for-format': { status: 400, message: (p) => `required for format ${p.format}` },
  'entropy-required': { status: 400, message: () => 'give the public entropy statement (or a seed) so anyone can rerun the draw' },
  // The parser's message names the file, row and column (core/sortition/errors.ts).
  'sortition-input': { status: 400, message: (p) => String(p.message), extra: (p) => ({ location: p.location }) },
};
