// What the ledger's domain error codes mean over HTTP (docs/adr/0005): the witness cosignature intake.
import type { ProblemCatalog } from '../../web/domainProblems.ts';

export const ledgerProblems: ProblemCatalog = {
  'unknown-witness': { status: 403, message: () => 'not a witness named in the charter (ledger.witnesses)' },
  'no-head': { status: 404, message: (p) => `no head was signed at size ${p.size}` },
  'other-root': { status: 409, message: (p) => `the head of size ${p.size} has another root: the witness saw a different log` },
  'bad-cosignature': { status: 400, message: () => 'does not verify with the witness key over this head' },
};
