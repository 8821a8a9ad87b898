import type { ColumnType } from 'kysely';

export interface LedgerTables {
  ledger_entry: {
    idx: number;
    outbox_id: number;
    kind: string;
    subject: string;
    occurred_at: string;
    /** Log-assigned, monotone time (migration 0302); the event's own time is `occurred_at`. */
    logged_at: string | null;
    entry: string;
  };
  ledger_node: {
    level: number;
    idx: number;
    hash: Buffer;
  };
  ledger_head: {
    size: number;
    root_hash: string;
    timestamp: string;
    /** Base64 Ed25519 signature over `headMessage(...)`. */
    signature: string;
    /** Base64 SPKI DER of the key that signed. */
    public_key: string;
  };
  ledger_cosignature: {
    size: number;
    witness_key: string;
    witness_name: string;
    cosigned_at: string;
    signature: string;
  };
  ledger_kind: {
    kind: string;
    entries: ColumnType<number, number, number>;
  };
}

/** The column this module adds to the outbox (kept here so the outbox module stays unaware of it). */
export interface OutboxLedgerColumn {
  ledger_index: number | null;
}
