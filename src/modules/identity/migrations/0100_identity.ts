// Identity: users (by IIN pseudonym), roles, server-side sessions; plus the demo seed run log.
import type { Kysely } from 'kysely';
import { serialPk } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute();

  await db.schema
    .createTable('identity_roles')
    .addColumn('user_id', 'text', (c) => c.notNull().references('identity_users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text')
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_roles_pk', ['user_id', 'role'])
    .execute();
  await db.schema.createIndex('identity_roles_role').on('identity_roles').columns(['role', 'agency_id']).execute();

  await db.schema
    .createTable('identity_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('identity_users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('max_expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identity_sessions_user').on('identity_sessions').column('user_id').execute();
  await db.schema.createIndex('identity_sessions_expires').on('identity_sessions').column('expires_at').execute();

  const pk = serialPk(db);
  await db.schema
    .createTable('demo_seed_runs')
    .addColumn('id', pk.type, pk.build)
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('seeders', 'text', (c) => c.notNull())
    .addColumn('ran_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('demo_seed_runs').execute();
  await db.schema.dropTable('identity_sessions').execute();
  await db.schema.dropTable('identity_roles').execute();
  await db.schema.dropTable('identity_users').execute();
}
