// Table types of the notifications module (see migrations/1600_notifications.ts, docs/adr/1601).
import type { Generated } from 'kysely';

export interface NotificationsTables {
  /** What a person chose to follow. */
  notify_follows: { user_id: string; target_kind: string; target_id: string; created_at: string };
  /** A way out of a default subscription (signer, author) or of a mail's list. */
  notify_optouts: { user_id: string; target_kind: string; target_id: string; created_at: string };
  /** Personal data: one e-mail address per account, never in the outbox, the ledger or exports. */
  notify_addresses: {
    user_id: string;
    email: string;
    lang: string;
    /** 1: fold the day's mail into one digest. */
    digest: number;
    /** SHA-256 of the verification token (null once verified). */
    token_hash: string | null;
    consented_at: string;
    verified_at: string | null;
    /** A bounce or complaint: nothing is sent until the owner verifies again. */
    stopped_at: string | null;
    stopped_reason: string | null;
    last_digest_at: string | null;
    created_at: string;
  };
  notify_webhooks: {
    id: Generated<number>;
    owner_user_id: string;
    url: string;
    /** JSON array of event kinds. */
    kinds: string;
    secret: string;
    created_at: string;
    disabled_at: string | null;
  };
  /** One row per (event, channel, recipient): the unit of delivery, claimed by workers. */
  notify_deliveries: {
    id: Generated<number>;
    event_id: number;
    event_position: number;
    kind: string;
    subject: string;
    /** `email` or `webhook`. */
    channel: string;
    /** A user id (email) or a webhook id. */
    recipient: string;
    /** pending, sending, sent, digest, dead, dropped. */
    status: string;
    attempts: number;
    next_attempt_at: string;
    lease_until: string | null;
    last_error: string | null;
    created_at: string;
    sent_at: string | null;
  };
  notify_webhook_attempts: { id: Generated<number>; delivery_id: number; at: string; status_code: number | null; error: string | null; ms: number };
  /** Deadlines already told "due soon" (one reminder per item and deadline). */
  notify_due_soon: { item_id: number; due_date: string; created_at: string };
  /** Candidates told that their confirmation deadline is near (one reminder per member and deadline). */
  notify_confirm_due: { member_id: string; confirm_by: string; created_at: string };
  /** A large audience expanded in chunks (docs/adr/1603): the signers after `cursor` are still to be written. */
  notify_fanout_jobs: {
    event_id: number;
    event_position: number;
    kind: string;
    subject: string;
    proposal_id: number;
    optout_kind: string;
    optout_id: string;
    cursor: string;
    rows: number;
    created_at: string;
    done_at: string | null;
  };
  /** Demo mode only: mail kept for the demo-mail page instead of an SMTP server. */
  notify_demo_mail: { id: Generated<number>; user_id: string; to_address: string; subject: string; headers: string; text_body: string; html_body: string; created_at: string };
}
