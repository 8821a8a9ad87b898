// Every migration, in order. Names sort; a module adds its own file here and never edits an old one.
import type { Migration } from 'kysely';
import * as m0001 from './0001_outbox.ts';
import * as m0100 from './0100_identity.ts';
import * as m0200 from './0200_sortition.ts';
import * as m0300 from './0300_ledger.ts';
import * as m0302 from './0302_ledger_log_time.ts';
import * as m0303 from './0303_ledger_cosignatures.ts';
import * as m0400 from './0400_proposals.ts';
import * as m0402 from './0402_signatures_clustered.ts';
import * as m0600 from './0600_responses.ts';
import * as m0601 from './0601_responses_figures.ts';

export const migrations: Record<string, Migration> = {
  '0001_outbox': m0001,
  '0100_identity': m0100,
  '0200_sortition': m0200,
  '0300_ledger': m0300,
  '0302_ledger_log_time': m0302,
  '0303_ledger_cosignatures': m0303,
  '0400_proposals': m0400,
  '0402_signatures_clustered': m0402,
  '0600_responses': m0600,
  '0601_responses_figures': m0601,
};
