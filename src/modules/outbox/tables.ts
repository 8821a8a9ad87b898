import type { Generated } from 'kysely';

export interface OutboxTables {
  outbox: {
    id: Generated<number>;
    kind: string;
    subject: string;
    occurred_at: string;
    /** Canonical JSON; never personal data (no IIN, no names), since the ledger publishes it. */
    payload: string;
    /**
     * The event's place in the log, 0, 1, 2, …: null until a consumer stamps it after commit, then
     * fixed (docs/adr/0004). Subscribers deliver in this order; on PostgreSQL `id` order is not
     * commit order.
     */
    position: Generated<number | null>;
  };
  /** One row per subscriber: every event at or below `position` has been handled, exactly once. */
  outbox_cursors: {
    name: string;
    position: number;
    updated_at: string;
  };
}
