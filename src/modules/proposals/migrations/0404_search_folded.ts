// The search column gains the folded form of the title and summary (ADR 0506), so that a query in
// Latin letters finds Cyrillic text and the reverse. Withheld proposals keep an empty column.
import type { Kysely } from 'kysely';
import { foldText } from '../../../core/search/fold.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await db.selectFrom('proposals').select(['id', 'title', 'summary']).where('search_text', '!=', '').execute();
  for (const r of rows) {
    const search = `${`${r.title}\n${r.summary}`.toLocaleLowerCase()}\n${foldText(`${r.title} ${r.summary}`)}`;
    await db.updateTable('proposals').set({ search_text: search }).where('id', '=', r.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const rows = await db.selectFrom('proposals').select(['id', 'title', 'summary']).where('search_text', '!=', '').execute();
  for (const r of rows) await db.updateTable('proposals').set({ search_text: `${r.title}\n${r.summary}`.toLocaleLowerCase() }).where('id', '=', r.id).execute();
}
