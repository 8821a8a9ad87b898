// The responses module: agencies, items sent to the government, their deadlines, answers and measures.
import type { Kysely } from 'kysely';
import { serialPk } from '../../../db/dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pk = () => serialPk(db);
  await db.schema
    .createTable('response_agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('response_agencies.id'))
    .addColumn('region', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('response_items')
    .addColumn('id', pk().type, pk().build)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull().unique())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lead_agency_id', 'text', (c) => c.references('response_agencies.id'))
    .addColumn('agency_received_on', 'text')
    .addColumn('due_date', 'text')
    .addColumn('original_due_date', 'text')
    .addColumn('clock', 'text')
    .addColumn('extension_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('forward_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered_on', 'text')
    .addColumn('outcome', 'text')
    .addColumn('answer_reasons', 'text')
    .addColumn('working_days_to_answer', 'integer')
    .addColumn('closed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The sweep looks for unanswered items past their deadline; inboxes sort by deadline.
  await db.schema.createIndex('response_items_status_due').on('response_items').columns(['status', 'due_date']).execute();
  await db.schema.createIndex('response_items_lead_due').on('response_items').columns(['lead_agency_id', 'due_date']).execute();

  await db.schema
    .createTable('response_item_agencies')
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('response_items.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('response_agencies.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_item_agencies_pk', ['item_id', 'agency_id'])
    .execute();
  await db.schema.createIndex('response_item_agencies_agency').on('response_item_agencies').columns(['agency_id', 'item_id']).execute();

  await db.schema
    .createTable('response_extensions')
    .addColumn('id', pk().type, pk().build)
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('response_items.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('response_agencies.id'))
    .addColumn('extended_on', 'text', (c) => c.notNull())
    .addColumn('previous_due', 'text', (c) => c.notNull())
    .addColumn('new_due', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_extensions_item').on('response_extensions').column('item_id').execute();

  await db.schema
    .createTable('response_notifications')
    .addColumn('id', pk().type, pk().build)
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('response_items.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_ref', 'text', (c) => c.notNull())
    .addColumn('notify_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('response_notifications_item').on('response_notifications').column('item_id').execute();

  await db.schema
    .createTable('response_measures')
    .addColumn('id', pk().type, pk().build)
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('response_items.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('responsible_agency_id', 'text', (c) => c.notNull().references('response_agencies.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('drop_reason', 'text')
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_measures_item').on('response_measures').columns(['item_id', 'position']).execute();

  await db.schema
    .createTable('response_measure_updates')
    .addColumn('id', pk().type, pk().build)
    .addColumn('measure_id', 'bigint', (c) => c.notNull().references('response_measures.id'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_measure_updates_measure').on('response_measure_updates').column('measure_id').execute();

  await db.schema
    .createTable('response_timeline')
    .addColumn('id', pk().type, pk().build)
    .addColumn('item_id', 'bigint', (c) => c.notNull().references('response_items.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_timeline_item').on('response_timeline').columns(['item_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'response_timeline',
    'response_measure_updates',
    'response_measures',
    'response_notifications',
    'response_extensions',
    'response_item_agencies',
    'response_items',
    'response_agencies',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
