// SQLite only: proposal signatures as a WITHOUT ROWID table clustered on its primary key
// (proposal, signer). The rowid table kept the same key twice, in the table and in its primary-key
// index, so every signature wrote two random-key b-trees plus the signer index; now it writes one
// plus the signer index (ADR 0704). PostgreSQL has no rowid tables; nothing changes there.
// One transaction: the migrator does not wrap SQLite migrations, and a half-copied table must not be
// left behind.
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../db/dialect.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await db.transaction().execute(async (trx) => {
    await sql`create table proposal_signatures_clustered (
      proposal_id integer not null,
      signer text not null,
      region text not null,
      public_name text,
      signed_at text not null,
      constraint proposal_signatures_pk primary key (proposal_id, signer)
    ) without rowid`.execute(trx);
    await sql`insert into proposal_signatures_clustered (proposal_id, signer, region, public_name, signed_at)
      select proposal_id, signer, region, public_name, signed_at from proposal_signatures`.execute(trx);
    await sql`drop table proposal_signatures`.execute(trx);
    await sql`alter table proposal_signatures_clustered rename to proposal_signatures`.execute(trx);
    await sql`create index proposal_signatures_signer on proposal_signatures (signer)`.execute(trx);
  });
}
