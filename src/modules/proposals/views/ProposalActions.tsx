// What a reader may do on a proposal's page: its author edits and submits a draft, a moderator
// decides on a submitted one, a citizen signs or withdraws while signing is open.
import type { Charter } from '../../../core/charter/types.ts';
import { can } from '../../../core/lifecycle/table.ts';
import { MODERATION_EVENTS, type ProposalActor, proposalLifecycle } from '../../../core/proposals/lifecycle.ts';
import { EDITABLE_STATUSES, type ProposalStatus } from '../../../core/proposals/rules.ts';
import { FormField, formatDate, formatNumber, PostForm, type ViewRequest } from '../../../web/components/index.ts';
import type { ModerationDecision, ProposalRow, SignatureStats } from '../service.ts';
import { regionOptions, SimilarProposals } from './common.tsx';

/** Whether the author may still change the draft (and so edit, submit, or invite to the group). */
export function canEditDraft(row: ProposalRow, isAuthor: boolean): boolean {
  return isAuthor && EDITABLE_STATUSES.includes(row.status as ProposalStatus);
}

/** Who the reader is towards the proposal, as the life-cycle table asks it. */
export interface ProposalViewer {
  isModerator: boolean;
  isAuthor: boolean;
}

const DECISIONS: readonly ModerationDecision[] = ['publish', 'return', 'reject'];

/** The decisions this reader may record on the proposal now, in the order offered: the table says (a moderator, not its author, while it waits). */
export function moderationDecisions(row: ProposalRow, viewer: ProposalViewer): readonly ModerationDecision[] {
  const actor: ProposalActor[] = viewer.isModerator ? ['moderator'] : [];
  return DECISIONS.filter((d) => can(proposalLifecycle, row.status, MODERATION_EVENTS[d], actor, { moderatorIsAuthor: viewer.isAuthor }));
}

/** Whether this reader may decide on the proposal now (any moderation decision is open to them). */
export function canModerate(row: ProposalRow, viewer: ProposalViewer): boolean {
  return moderationDecisions(row, viewer).length > 0;
}

export function AuthorActions(props: { req: ViewRequest; row: ProposalRow; similar: { ref: string; title: string }[]; hasGroup: boolean }) {
  const { req, row } = props;
  const { t } = req;
  return (
    <section class="author-actions" aria-labelledby="author-h">
      <h2 id="author-h">{t('proposals.author.actions')}</h2>
      <SimilarProposals t={t} similar={props.similar} />
      <p class="actions">
        <a class="button secondary" href={`/proposals/${row.ref}/edit`}>
          {t('proposals.author.edit')}
        </a>
        {props.hasGroup && (
          <a class="button secondary" href={`/proposals/${row.ref}/group`}>
            {t('proposals.group.title')}
          </a>
        )}
      </p>
      <PostForm req={req} action={`/proposals/${row.ref}/submit`}>
        <button type="submit">{t('proposals.author.submit')}</button>
      </PostForm>
    </section>
  );
}

export function ModerationForm(props: { req: ViewRequest; row: ProposalRow; charter: Charter; viewer: ProposalViewer }) {
  const { req, row, charter } = props;
  const { t, lang } = req;
  return (
    <section class="moderation" aria-labelledby="mod-h">
      <h2 id="mod-h">{t('proposals.mod.decide')}</h2>
      <p>{t('proposals.mod.due', { date: row.moderation_due ? formatDate(req.lang, row.moderation_due) : '' })}</p>
      <PostForm req={req} action={`/proposals/${row.ref}/moderate`}>
        <fieldset>
          <legend>{t('proposals.mod.decision')}</legend>
          {moderationDecisions(row, props.viewer).map((d) => (
            <label key={d} class="choice">
              <input type="radio" name="decision" value={d} required /> {t(`proposals.mod.${d}`)}
            </label>
          ))}
        </fieldset>
        <FormField name="reasonCode" type="select" label={t('proposals.mod.reasonCode')} options={[{ value: '', label: t('proposals.choose') }, ...charter.rejectionReasons.map((r) => ({ value: r.code, label: r.name[lang] }))]} />
        <FormField name="explanation" type="textarea" label={t('proposals.mod.explanation')} hint={t('proposals.mod.explanationHint')} attrs={{ rows: 3 }} />
        <button type="submit">{t('proposals.mod.record')}</button>
      </PostForm>
    </section>
  );
}

export interface SigningProps {
  req: ViewRequest;
  row: ProposalRow;
  charter: Charter;
  stats: SignatureStats;
  threshold: number;
  /** Signing is open now. */
  open: boolean;
  /** The reader's signature, if they signed. */
  mine: { signed_at: string } | undefined;
  /** The reader has no region on file and must give one to sign. */
  needsRegion: boolean;
}

export function SigningSection(props: SigningProps) {
  const { req, row, stats, threshold, open, mine } = props;
  const { t, lang } = req;
  const me = req.user;
  return (
    <section class="signing" aria-labelledby="sign-h">
      <h2 id="sign-h">{t('proposals.signatures.heading')}</h2>
      <p class="progress-line">
        <progress max={threshold} value={Math.min(stats.total, threshold)} aria-labelledby="progress-text" /> <span id="progress-text">{t('proposals.progress', { n: stats.total, threshold: formatNumber(lang, threshold) })}</span>
      </p>
      {row.reached_at && <p>{t('proposals.reachedAt', { date: formatDate(lang, row.reached_at) })}</p>}
      {row.closes_at && <p>{open ? t('proposals.closes', { date: formatDate(lang, row.closes_at) }) : t('proposals.closed', { date: formatDate(lang, row.closes_at) })}</p>}
      {!me && open && (
        <p>
          <a class="button" href={`/auth/login?next=${encodeURIComponent(`/proposals/${row.ref}`)}`}>
            {t('proposals.sign.signInFirst')}
          </a>
        </p>
      )}
      {me && mine && (
        <>
          <p>{t('proposals.sign.signedOn', { date: formatDate(lang, mine.signed_at) })}</p>
          {open && (
            <PostForm req={req} action={`/proposals/${row.ref}/withdraw`}>
              <button type="submit" class="secondary">
                {t('proposals.sign.withdraw')}
              </button>
            </PostForm>
          )}
        </>
      )}
      {me && !mine && open && (
        <PostForm req={req} action={`/proposals/${row.ref}/sign`} class="sign-form">
          {props.needsRegion && <FormField name="region" type="select" required label={t('proposals.sign.region')} hint={t('proposals.sign.regionHint')} options={regionOptions(t, lang, props.charter)} />}
          <label class="choice">
            <input type="checkbox" name="showName" value="on" /> {t('proposals.sign.showName')}
          </label>
          <button type="submit">{t('proposals.sign.button')}</button>
        </PostForm>
      )}
    </section>
  );
}
