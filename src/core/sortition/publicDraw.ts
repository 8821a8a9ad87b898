// TEMPORARY PLACEHOLDER (branch `verifier`): the ceremony branch owns this file and provides the real
// pure draw check; the lead replaces this file at merge. It exists only so that the verifier bundle's
// `draw` subcommand has something to import and says plainly that this build cannot check draws.
export interface DrawCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface PublicDrawInputs {
  commitment: unknown;
  publicPool: unknown;
  quotas: unknown;
  report: unknown;
  entropy: unknown;
  ledgerEntries: unknown;
}

export function verifyPublicDraw(_inputs: PublicDrawInputs): { ok: boolean; checks: DrawCheck[] } {
  throw new Error('draw verification not available in this build');
}
