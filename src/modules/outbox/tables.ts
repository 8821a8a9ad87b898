import type { Generated } from 'kysely';

export interface OutboxTables {
  outbox: {
    id: Generated<number>;
    kind: string;
    subject: string;
    occurred_at: string;
    /** Canonical JSON; never personal data (no IIN, no names), since the ledger publishes it. */
    payload: string;
  };
}
