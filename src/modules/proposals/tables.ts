// Table types of the proposals module (see migrations/0400_proposals.ts).
import type { Generated } from 'kysely';

export interface ProposalsTables {
  proposals: {
    id: Generated<number>;
    /** Unguessable public id used in links; link-only proposals are reachable only through it. */
    ref: string;
    kind: string;
    status: string;
    author_user_id: string;
    author_pseudonym: string;
    /** First name and surname initial. */
    author_public_name: string;
    title: string;
    summary: string;
    body: string;
    topic: string;
    /** `national` or a region code. */
    scope: string;
    language: string;
    /** Lower-cased title and summary, for search on both dialects (SQLite lower() is ASCII-only). */
    search_text: string;
    /** The folded words of the title and summary only (ADR 0507): what the full-text indexes hold; empty when withheld. */
    search_folded: Generated<string>;
    invite_token: string | null;
    created_at: string;
    updated_at: string;
    submitted_at: string | null;
    /** Date (Asia/Almaty) by which moderation must decide, in charter working days. */
    moderation_due: string | null;
    published_at: string | null;
    closes_at: string | null;
    listed_at: string | null;
    reached_at: string | null;
    closed_at: string | null;
    decision_code: string | null;
    decision_note: string | null;
  };
  proposal_translations: {
    proposal_id: number;
    /** A site language other than the proposal's own. */
    lang: string;
    title: string;
    summary: string;
    translator: 'author' | 'secretariat';
    translator_user_id: string;
    created_at: string;
    updated_at: string;
  };
  proposal_events: {
    id: Generated<number>;
    proposal_id: number;
    kind: string;
    at: string;
    code: string | null;
    note: string | null;
  };
  proposal_group_members: {
    proposal_id: number;
    pseudonym: string;
    public_name: string;
    region: string;
    joined_at: string;
  };
  proposal_signatures: {
    proposal_id: number;
    signer: string;
    region: string;
    /** Set only when the signer chose to be shown: first name and surname initial. */
    public_name: string | null;
    signed_at: string;
  };
  proposal_signature_counts: { proposal_id: number; region: string; shard: number; n: number };
  proposal_signature_hours: { proposal_id: number; hour: string; shard: number; n: number };
  proposal_signer_regions: { pseudonym: string; region: string; declared_at: string };
}
