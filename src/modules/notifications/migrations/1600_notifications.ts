// The notifications module (docs/adr/1601): follows, opt-outs from default subscriptions, e-mail
// addresses (personal data, kept apart), deliveries, webhooks and their attempt log, demo mail.
import { type Kysely, sql } from 'kysely';
import { serialPk } from '../../../db/dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pk = () => serialPk(db);
  await db.schema
    .createTable('notify_follows')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notify_follows_pk', ['user_id', 'target_kind', 'target_id'])
    .execute();
  await db.schema.createIndex('notify_follows_target').on('notify_follows').columns(['target_kind', 'target_id']).execute();

  await db.schema
    .createTable('notify_optouts')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notify_optouts_pk', ['user_id', 'target_kind', 'target_id'])
    .execute();

  await db.schema
    .createTable('notify_addresses')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token_hash', 'text')
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('stopped_at', 'text')
    .addColumn('stopped_reason', 'text')
    .addColumn('last_digest_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notify_addresses_email').on('notify_addresses').column('email').execute();

  await db.schema
    .createTable('notify_webhooks')
    .addColumn('id', pk().type, pk().build)
    .addColumn('owner_user_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('notify_deliveries')
    .addColumn('id', pk().type, pk().build)
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('event_position', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('notify_deliveries_once', ['event_id', 'channel', 'recipient'])
    .execute();
  await sql`create index notify_deliveries_due on notify_deliveries (next_attempt_at) where status in ('pending', 'sending')`.execute(db);
  await db.schema.createIndex('notify_deliveries_recipient').on('notify_deliveries').columns(['channel', 'recipient', 'id']).execute();

  await db.schema
    .createTable('notify_webhook_attempts')
    .addColumn('id', pk().type, pk().build)
    .addColumn('delivery_id', 'bigint', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notify_webhook_attempts_delivery').on('notify_webhook_attempts').column('delivery_id').execute();

  // One row per item and deadline told "due soon", so the reminder is emitted once per deadline.
  await db.schema
    .createTable('notify_due_soon')
    .addColumn('item_id', 'bigint', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notify_due_soon_pk', ['item_id', 'due_date'])
    .execute();

  await db.schema
    .createTable('notify_demo_mail')
    .addColumn('id', pk().type, pk().build)
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['notify_demo_mail', 'notify_due_soon', 'notify_webhook_attempts', 'notify_deliveries', 'notify_webhooks', 'notify_addresses', 'notify_optouts', 'notify_follows']) await db.schema.dropTable(t).ifExists().execute();
}
