// Writing domain events. Call `emit` with the transaction that makes the change, so the event
// exists exactly when the change does.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface DomainEvent {
  /** Dotted kind, e.g. `proposal.published`. */
  kind: string;
  /** What the event is about, e.g. `proposal/42`. */
  subject: string;
  payload: Record<string, unknown>;
  occurredAt?: string;
}

export async function emit(trx: Kysely<Database> | Transaction<Database>, event: DomainEvent): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      kind: event.kind,
      subject: event.subject,
      occurred_at: event.occurredAt ?? new Date().toISOString(),
      payload: JSON.stringify(event.payload),
    })
    .execute();
}
