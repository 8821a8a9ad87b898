// An agenda item's page: its text and where it comes from, the sponsors, the version history with
// each change shown word by word, the amendments with their votes, the votes on the item, and the
// decision's track afterwards. A sitting member may file an amendment to a motion's text.
import { diffWords } from '../../../core/council/textDiff.ts';
import { FormField, StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import { CoSponsorPicker, CouncilForm, day, fieldError, type FormError, Styles, typed, VoteBlock, VoteCharts, when } from './common.tsx';
import { type Actor, type AgendaItemView, type AmendmentView, type DecisionData, isResponseTrack, type MemberOption, type Names, type VersionView, type VoteData } from './model.ts';
import { BallotForms } from './SessionPage.tsx';
import { StepForm, TrackSummary, TrackTimeline } from './tracks.tsx';

export interface ItemPageProps {
  req: ViewRequest;
  item: AgendaItemView;
  session: { id: string; label: string; state: string } | null;
  versions: VersionView[];
  amendments: AmendmentView[];
  votes: VoteData[];
  decision: DecisionData | null;
  members: MemberOption[];
  actor: Actor;
  names: Names;
  error: FormError | null;
}

export function Diff(props: { before: string; after: string }) {
  return (
    <p class="cw-diff">
      {diffWords(props.before, props.after).map((r, i) =>
        r.op === 'same' ? (
          <span key={i}>{r.text}</span>
        ) : r.op === 'removed' ? (
          <del key={i}>{r.text}</del>
        ) : (
          <ins key={i}>{r.text}</ins>
        ),
      )}
    </p>
  );
}

function Versions(props: ItemPageProps) {
  const { req, versions } = props;
  const { t, lang } = req;
  if (versions.length === 0) return null;
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const current = sorted[sorted.length - 1]!;
  return (
    <>
      <section aria-labelledby="cw-text">
        <h2 id="cw-text">{t('cw.item.text', { version: current.version })}</h2>
        <div class="cw-text" lang={props.item.lang}>
          {current.text}
        </div>
      </section>
      <section aria-labelledby="cw-versions">
        <h2 id="cw-versions">{t('cw.item.versions', { count: sorted.length })}</h2>
        <p class="muted">{t('cw.item.diffLegend')}</p>
        <ol class="cw-versions">
          {sorted.map((v, i) => (
            <li key={v.version}>
              <h3>
                {t('cw.item.version', { version: v.version })} · {when(lang, v.createdAt)} · {t(`cw.versionOrigin.${v.origin}`)}
              </h3>
              {i === 0 ? (
                <details>
                  <summary>{t('cw.item.firstVersion')}</summary>
                  <div class="cw-text">{v.text}</div>
                </details>
              ) : (
                <Diff before={sorted[i - 1]!.text} after={v.text} />
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function Amendments(props: ItemPageProps) {
  const { req, amendments, votes, names, actor, error, item, members } = props;
  const { t, lang } = req;
  const canAmend = actor.member && item.kind === 'motion' && (item.status === 'queued' || item.status === 'pending');
  if (amendments.length === 0 && !canAmend) return null;
  const v = typed(error, 'amendment');
  return (
    <section aria-labelledby="cw-amendments">
      <h2 id="cw-amendments">{t('cw.item.amendments')}</h2>
      {amendments.length === 0 && <p>{t('cw.item.noAmendments')}</p>}
      {amendments.map((a) => (
        <article key={a.id} class="cw-amendment" aria-labelledby={`am-${a.id}`}>
          <h3 id={`am-${a.id}`}>
            {t('cw.item.amendment', { n: a.number })} <StatusBadge label={t(`cw.amendmentStatus.${a.status}`)} tone={a.status === 'adopted' ? 'success' : a.status === 'rejected' ? 'danger' : 'info'} />
          </h3>
          <p class="cw-meta">
            {t('cw.item.movedBy', { name: a.moverName, date: day(lang, a.filedOn) })}
            {a.coSponsors.length > 0 && <> · {t('cw.item.coSponsoredBy', { names: a.coSponsors.map((c) => `${c.name} (${t(c.confirmed ? 'cw.coSponsor.confirmed' : 'cw.coSponsor.unconfirmed')})`).join(', ') })}</>}
          </p>
          {actor.member && a.status === 'filed' && a.coSponsors.some((c) => c.memberId === actor.member!.id && !c.confirmed) && (
            <CouncilForm req={req} error={error} name={`amendmentCoSponsorship-${a.id}`} action={`/council/amendments/${a.id}/co-sponsorship`} controlIds={{}}>
              <button type="submit">{t('cw.coSponsor.confirmAmendment', { n: a.number })}</button>
            </CouncilForm>
          )}
          <div class="cw-text">{a.text}</div>
          {votes
            .filter((vt) => vt.amendmentId === a.id)
            .map((vt) => (
              <div key={vt.id}>
                <VoteBlock req={req} v={vt} names={names} headingLevel={4} />
                <BallotForms req={req} v={vt} actor={actor} error={error} />
              </div>
            ))}
        </article>
      ))}
      {canAmend && (
        <CouncilForm req={req} error={error} name="amendment" action={`/council/items/${item.id}/amendments`} title={t('cw.form.amendment')} controlIds={{ text: 'amendment-text', coSponsorIds: 'amendment-cosponsors' }}>
          <FormField idPrefix="amendment" name="text" type="textarea" label={t('cw.form.amendmentText')} hint={t('cw.form.amendmentTextHint')} value={v('text')} required attrs={{ rows: 8, maxLength: 50000 }} error={fieldError(error, 'amendment', 'text')} />
          <CoSponsorPicker t={t} form="amendment" members={members} self={actor.member!.id} value={v('coSponsorIds')} error={fieldError(error, 'amendment', 'coSponsorIds')} />
          <button type="submit">{t('cw.form.amendmentSubmit')}</button>
        </CouncilForm>
      )}
    </section>
  );
}

export function ItemPage(props: ItemPageProps) {
  const { req, item, session, votes, decision, names, actor, error } = props;
  const { t, lang } = req;
  const itemVotes = votes.filter((v) => v.amendmentId === null);
  const mover = item.sponsors.find((s) => s.role === 'mover');
  const co = item.sponsors.filter((s) => s.role === 'coSponsor');
  const track = decision?.track ?? null;
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href="/council/sessions">{t('cw.sessions.title')}</a>
        {session && (
          <>
            {' '}
            › <a href={`/council/sessions/${session.id}`}>{session.label}</a>
          </>
        )}
      </p>
      <h1 lang={item.lang}>{item.title}</h1>
      <dl class="cw-facts">
        <dt>{t('cw.item.kind')}</dt>
        <dd>{t(`councilWork.item.kind.${item.kind}`)}</dd>
        {item.decisionKind && (
          <>
            <dt>{t('cw.item.decisionKind')}</dt>
            <dd>{t(`councilWork.decision.${item.decisionKind}`)}</dd>
          </>
        )}
        <dt>{t('cw.col.state')}</dt>
        <dd>{t(`councilWork.item.status.${item.status}`)}</dd>
        <dt>{t('cw.item.source')}</dt>
        <dd>{item.source.href ? <a href={item.source.href}>{item.source.label}</a> : item.source.label}</dd>
        <dt>{t('cw.item.queuedOn')}</dt>
        <dd>{day(lang, item.queuedOn)}</dd>
        {item.clock && (
          <>
            <dt>{t('cw.item.clock')}</dt>
            <dd>
              {t(`councilWork.clock.${item.clock}`)} · {t('cw.agenda.due', { date: day(lang, item.dueDate) })}
            </dd>
          </>
        )}
        {mover && (
          <>
            <dt>{t('cw.item.mover')}</dt>
            <dd>
              <a href={`/council/members/${encodeURIComponent(mover.memberId)}/record`}>{mover.name}</a>
            </dd>
          </>
        )}
        {co.length > 0 && (
          <>
            <dt id="cw-sponsors">{t('cw.item.coSponsors', { count: co.length })}</dt>
            <dd>
              {co.map((c, i) => (
                <span key={c.memberId}>
                  {i > 0 && ', '}
                  <a href={`/council/members/${encodeURIComponent(c.memberId)}/record`}>{c.name}</a> ({t(c.confirmed ? 'cw.coSponsor.confirmed' : 'cw.coSponsor.unconfirmed')})
                </span>
              ))}
              <br />
              {t('cw.coSponsor.count', { confirmed: co.filter((c) => c.confirmed).length, named: co.length })}
            </dd>
          </>
        )}
      </dl>
      {actor.member && item.status === 'pending' && co.some((c) => c.memberId === actor.member!.id && !c.confirmed) && (
        <CouncilForm req={req} error={error} name="coSponsorship" action={`/council/items/${item.id}/co-sponsorship`} controlIds={{}}>
          <p>{t('cw.coSponsor.ask')}</p>
          <button type="submit">{t('cw.coSponsor.confirm')}</button>
        </CouncilForm>
      )}
      <Versions {...props} />
      <Amendments {...props} />
      <section aria-labelledby="cw-item-votes">
        <h2 id="cw-item-votes">{t('cw.session.votes')}</h2>
        {itemVotes.length === 0 && <p>{item.kind === 'governmentReport' ? t('cw.item.hearing') : t('cw.votes.none')}</p>}
        {itemVotes.map((v) => (
          <div key={v.id}>
            <VoteBlock req={req} v={v} names={names} />
            <BallotForms req={req} v={v} actor={actor} error={error} />
            {v.state === 'closed' && (
              <details>
                <summary>{t('cw.chart.show')}</summary>
                <VoteCharts req={req} v={v} names={names} />
              </details>
            )}
          </div>
        ))}
      </section>
      {decision && (
        <section aria-labelledby="cw-decision">
          <h2 id="cw-decision">{t('cw.item.decision')}</h2>
          <p>
            {t(`councilWork.decision.${decision.kind}`)} · {t('cw.item.adoptedOn', { date: day(lang, decision.adoptedOn) })}
          </p>
          <TrackSummary req={req} track={track} />
          {track && !isResponseTrack(track) && (
            <>
              <h3 id="cw-track-steps">{t('cw.track.steps')}</h3>
              <TrackTimeline req={req} track={track} headingId="cw-track-steps" />
              {actor.secretariat && <StepForm req={req} track={track} error={error} />}
            </>
          )}
          {decision.kind === 'legislativeInitiative' && (
            <p>
              <a href={`/api/v1/council/decisions/${decision.id}/bill.akn.xml?lang=${lang}`}>{t('cw.item.billAkn')}</a>
            </p>
          )}
        </section>
      )}
    </>
  );
}
