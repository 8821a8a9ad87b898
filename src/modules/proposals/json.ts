// How proposals look in the JSON API and the CSV export.
import { type Static, Type } from '@sinclair/typebox';
import { openDataCsv } from '../../core/csv.ts';
import type { Charter } from '../../core/charter/types.ts';
import type { ProposalRow, ProposalsService } from './service.ts';

export const ProposalJson = Type.Object({
  ref: Type.String({ description: 'Public id; the link /proposals/{ref}' }),
  url: Type.String(),
  kind: Type.String(),
  status: Type.String({ description: 'draft, submitted, returned, rejected, open, reached, succeeded or expired' }),
  title: Type.Union([Type.String(), Type.Null()], { description: 'Null when withheld after a rejection for unlawful content or personal data' }),
  summary: Type.Union([Type.String(), Type.Null()]),
  body: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  topic: Type.String(),
  scope: Type.String({ description: '`national` or a region code' }),
  language: Type.String(),
  author: Type.String({ description: 'First name and surname initial' }),
  listed: Type.Boolean({ description: 'False while reachable only by its link' }),
  createdAt: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  moderationDue: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  reachedAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  decision: Type.Union([Type.Object({ code: Type.Union([Type.String(), Type.Null()]), explanation: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  threshold: Type.Integer(),
  signatures: Type.Integer(),
  signaturesByRegion: Type.Record(Type.String(), Type.Integer()),
});
export type ProposalJsonT = Static<typeof ProposalJson>;

export function proposalJson(svc: ProposalsService, row: ProposalRow, counts: { total: number; byRegion: Record<string, number> }, opts: { body?: boolean; decisionVisible?: boolean } = {}): ProposalJsonT {
  const withheld = svc.textsWithheld(row);
  const kind = svc.kind(row.kind);
  const showDecision = opts.decisionVisible || row.status === 'rejected';
  return {
    ref: row.ref,
    url: `/proposals/${row.ref}`,
    kind: row.kind,
    status: row.status,
    title: withheld ? null : row.title,
    summary: withheld ? null : row.summary,
    ...(opts.body ? { body: withheld ? null : row.body } : {}),
    topic: row.topic,
    scope: row.scope,
    language: row.language,
    author: row.author_public_name,
    listed: row.listed_at !== null,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    moderationDue: row.moderation_due,
    publishedAt: row.published_at,
    closesAt: row.closes_at,
    reachedAt: row.reached_at,
    closedAt: row.closed_at,
    decision: showDecision && (row.decision_code || row.decision_note) ? { code: row.decision_code, explanation: row.decision_note } : null,
    threshold: kind?.signatureThreshold ?? 0,
    signatures: counts.total,
    signaturesByRegion: counts.byRegion,
  };
}

/** RFC 4180 CSV with one column per charter region, for open data. */
export function proposalsCsv(charter: Charter, items: ProposalJsonT[], labelsOf: (codes: readonly string[]) => readonly string[] | undefined = () => undefined): string {
  const regions = charter.regions.map((r) => r.code);
  const head = ['ref', 'kind', 'status', 'title', 'topic', 'scope', 'language', 'published_at', 'closes_at', 'reached_at', 'threshold', 'signatures', ...regions];
  return openDataCsv(
    head,
    items.map((p) => [p.ref, p.kind, p.status, p.title ?? '', p.topic, p.scope, p.language, p.publishedAt ?? '', p.closesAt ?? '', p.reachedAt ?? '', p.threshold, p.signatures, ...regions.map((r) => p.signaturesByRegion[r] ?? 0)]),
    labelsOf(head),
  );
}
