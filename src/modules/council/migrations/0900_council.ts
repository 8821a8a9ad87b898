// The Council at work (ADR 0902): sessions, their agenda items (with the source each links, the text
// versions and amendments of a motion, its sponsors), attendance per sitting day, roll-call votes
// with one ballot row per member, decisions, the tracks of decisions and of the Kurultai's own
// initiatives with their dated steps, and the minutes of a session. Member ids are the registry's
// membership ids (membership module); nothing here keeps a list of members.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('council_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** 1, 2, … in the order planned: the session's public number. */
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    /** regular | extraordinary */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The session life-cycle's state (src/core/council/sessionLifecycle.ts). */
    .addColumn('status', 'text', (c) => c.notNull())
    /** The sitting day (Asia/Almaty), moved by a reschedule. */
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('convened_on', 'text')
    /** The day the sitting actually runs (today when opened or resumed). */
    .addColumn('sitting_day', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_sessions_date').on('council_sessions').columns(['date', 'id']).execute();

  await db.schema
    .createTable('council_agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Null while a succeeded proposal waits for a session whose agenda takes it. */
    .addColumn('session_id', 'text', (c) => c.references('council_sessions.id'))
    /** petition | motion | referral | governmentReport | minutesApproval */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The decision the Council takes on it; null for a hearing (a government report). */
    .addColumn('decision_kind', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    /** JSON AgendaSource (src/core/council/agenda.ts): the linked source record. */
    .addColumn('source', 'text', (c) => c.notNull())
    /** One source is on one agenda only once. */
    .addColumn('source_key', 'text', (c) => c.notNull().unique())
    /** JSON list of the subjects a referendum proposal addresses (checked against the excluded ones). */
    .addColumn('subjects', 'text', (c) => c.notNull())
    /** The day it was queued, filed or referred. */
    .addColumn('queued_on', 'text', (c) => c.notNull())
    /** The day it was placed on a session's agenda. */
    .addColumn('added_on', 'text')
    /** The succeeded-proposal clock's due date (petitions only). */
    .addColumn('due_date', 'text')
    /** queued | pending | adopted | rejected | heard */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_agenda_items_session').on('council_agenda_items').columns(['session_id', 'kind']).execute();

  await db.schema
    .createTable('council_sponsors')
    .addColumn('item_id', 'text', (c) => c.notNull().references('council_agenda_items.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    /** mover | coSponsor */
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_sponsors_pk', ['item_id', 'member_id'])
    .execute();
  await db.schema.createIndex('council_sponsors_member').on('council_sponsors').columns(['member_id']).execute();

  await db.schema
    .createTable('council_item_versions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('council_agenda_items.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    /** filed | amendment */
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('amendment_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_item_versions_pk', ['item_id', 'version'])
    .execute();

  await db.schema
    .createTable('council_amendments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('council_agenda_items.id'))
    /** 1, 2, … within the item. */
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('mover_id', 'text', (c) => c.notNull())
    /** JSON list of the co-sponsors' membership ids. */
    .addColumn('co_sponsors', 'text', (c) => c.notNull())
    /** The whole text as the amendment would make it. */
    .addColumn('text', 'text', (c) => c.notNull())
    /** The version of the item's text it amends. */
    .addColumn('base_version', 'integer', (c) => c.notNull())
    /** filed | adopted | rejected */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_amendments_item').on('council_amendments').columns(['item_id', 'number']).unique().execute();

  await db.schema
    .createTable('council_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('council_sessions.id'))
    /** The sitting day registered for (an adjourned sitting resumed later registers again). */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    /** A user id: the member themself, or the secretariat for them. */
    .addColumn('registered_by', 'text', (c) => c.notNull())
    /** Set when the member leaves the sitting (present no longer, unless they voted). */
    .addColumn('left_at', 'text')
    .addPrimaryKeyConstraint('council_attendance_pk', ['session_id', 'day', 'member_id'])
    .execute();

  await db.schema
    .createTable('council_votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('council_sessions.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('council_agenda_items.id'))
    /** Set for a vote on an amendment (procedural majority). */
    .addColumn('amendment_id', 'text')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('decision_kind', 'text', (c) => c.notNull())
    /** The sitting day: who may vote is decided by the terms on this date. */
    .addColumn('date', 'text', (c) => c.notNull())
    /** open | closed (src/core/council/voteLifecycle.ts) */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON: the registry's members sitting on the day, as the vote opened (the roll call's rows). */
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    /** JSON VoteResult with its arithmetic, fixed at the close. */
    .addColumn('result', 'text')
    /** adopted | rejected | void, at the close. */
    .addColumn('outcome', 'text')
    /** JSON list of the members registered at the close. */
    .addColumn('present_at_close', 'text')
    .execute();
  await db.schema.createIndex('council_votes_session').on('council_votes').columns(['session_id', 'opened_at']).execute();

  await db.schema
    .createTable('council_ballots')
    .addColumn('vote_id', 'text', (c) => c.notNull().references('council_votes.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    /** yes | no | abstain | recused */
    .addColumn('choice', 'text', (c) => c.notNull())
    /** The stated reason of a recusal. */
    .addColumn('reason', 'text')
    .addColumn('cast_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text')
    .addColumn('changes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_ballots_pk', ['vote_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('council_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vote_id', 'text', (c) => c.notNull().unique().references('council_votes.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('council_agenda_items.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('council_sessions.id'))
    /** legislativeInitiative | referendumProposal | recommendation | procedural */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('adopted_on', 'text', (c) => c.notNull())
    /** The track it started (legislative initiative, referendum proposal). */
    .addColumn('initiative_id', 'text')
    /** A recommendation's source reference at the response clock (`decision/<id>`). */
    .addColumn('response_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('council_initiatives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** council | kurultai: whose initiative it is. */
    .addColumn('body', 'text', (c) => c.notNull())
    /** legislativeInitiative | referendumProposal */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    /** The track's stage (src/core/council/tracks.ts). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text')
    /** The Kurultai's own reference (bill number), when it has one. */
    .addColumn('reference', 'text')
    /** JSON list of the addressees of a referendum proposal. */
    .addColumn('addressees', 'text')
    .addColumn('referendum_date', 'text')
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('council_track_steps')
    .addColumn('initiative_id', 'text', (c) => c.notNull().references('council_initiatives.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('document_url', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_track_steps_pk', ['initiative_id', 'seq'])
    .execute();

  await db.schema
    .createTable('council_minutes')
    /** One set of minutes per session; the id is the session's. */
    .addColumn('id', 'text', (c) => c.primaryKey().references('council_sessions.id'))
    /** draft | approved (src/core/council/minutes.ts) */
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON MinutesDraft generated from the record. */
    .addColumn('draft', 'text', (c) => c.notNull())
    /** The secretariat's edited text (notes beside the record), if any. */
    .addColumn('text', 'text')
    .addColumn('approval_vote_id', 'text')
    .addColumn('approved_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['council_minutes', 'council_track_steps', 'council_initiatives', 'council_decisions', 'council_ballots', 'council_votes', 'council_attendance', 'council_amendments', 'council_item_versions', 'council_sponsors', 'council_agenda_items', 'council_sessions']) {
    await db.schema.dropTable(t).execute();
  }
}
