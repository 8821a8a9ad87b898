// A session's page: its facts, the agenda in its order (a petition's clock shown), attendance and the
// quorum, each vote with its result, arithmetic and roll call, the decisions and where they went, the
// minutes. The forms of the session flow appear for whom they are: the secretariat and the chair
// (convene, open, close, open and close a vote, register attendance, minutes), a sitting member
// (attend, file a motion, vote, recuse). Every form is a plain POST with its CSRF token.
import { FormField, StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import { CoSponsorPicker, CouncilForm, day, fieldError, type FormError, num, StateBadge, Styles, typed, VoteBlock } from './common.tsx';
import type { Actor, AgendaItemView, AttendanceData, DecisionData, MemberOption, MinutesData, Names, SessionSummary, VoteData } from './model.ts';
import { TrackSummary } from './tracks.tsx';

export interface SessionPageProps {
  req: ViewRequest;
  session: SessionSummary & { convenedOn: string | null };
  items: AgendaItemView[];
  /** Filed amendments of motions on this agenda, still to be voted on (they go first). */
  amendments: { itemId: string; id: string; number: number; title: string }[];
  attendance: AttendanceData | null;
  votes: VoteData[];
  decisions: DecisionData[];
  minutes: MinutesData | null;
  /** Members sitting on the session's day (for co-sponsors and the secretariat's register). */
  members: MemberOption[];
  actor: Actor;
  names: Names;
  error: FormError | null;
  today: string;
  /** The motion kinds members may file, with their co-sponsor thresholds from the charter. */
  motionKinds: { kind: string; coSponsors: number }[];
  /** Earlier closed sessions whose minutes may be put to approval here. */
  minutesToApprove: { id: string; label: string }[];
  notice: string | null;
}

/** The secretariat's and the chair's additions to a planned or convened agenda: a referral, a government report, minutes to approve. */
function AgendaForms(props: SessionPageProps) {
  const { req, session, actor, error, motionKinds, minutesToApprove } = props;
  const { t } = req;
  if (!(actor.secretariat || actor.chair) || (session.state !== 'planned' && session.state !== 'convened')) return null;
  const r = typed(error, 'referral');
  return (
    <details class="cw-staff" open={!!error && ['referral', 'report', 'approval'].includes(error.form)}>
      <summary>{t('cw.form.addToAgenda')}</summary>
      <CouncilForm req={req} error={error} name="referral" action={`/council/sessions/${session.id}/referrals`} title={t('cw.form.referral')} controlIds={{ body: 'referral-body', reference: 'referral-reference', decisionKind: 'referral-decisionKind', title: 'referral-title', text: 'referral-text', receivedOn: 'referral-receivedOn' }}>
        <FormField idPrefix="referral" name="body" type="select" label={t('cw.form.referralBody')} value={r('body', 'president')} options={['president', 'kurultai'].map((b) => ({ value: b, label: t(`cw.addressee.${b}`) }))} error={fieldError(error, 'referral', 'body')} />
        <FormField idPrefix="referral" name="reference" label={t('cw.initiatives.reference')} value={r('reference')} required attrs={{ maxLength: 100 }} error={fieldError(error, 'referral', 'reference')} />
        <FormField idPrefix="referral" name="decisionKind" type="select" label={t('cw.item.decisionKind')} value={r('decisionKind', 'recommendation')} options={motionKinds.map((k) => ({ value: k.kind, label: t(`councilWork.decision.${k.kind}`) }))} error={fieldError(error, 'referral', 'decisionKind')} />
        <FormField idPrefix="referral" name="title" label={t('cw.form.title')} value={r('title')} required attrs={{ maxLength: 300 }} error={fieldError(error, 'referral', 'title')} />
        <FormField idPrefix="referral" name="text" type="textarea" label={t('cw.form.text')} value={r('text')} required attrs={{ rows: 5, maxLength: 50000 }} error={fieldError(error, 'referral', 'text')} />
        <FormField idPrefix="referral" name="receivedOn" type="date" label={t('cw.form.receivedOn')} value={r('receivedOn')} required error={fieldError(error, 'referral', 'receivedOn')} />
        <button type="submit">{t('cw.form.add')}</button>
      </CouncilForm>
      <CouncilForm req={req} error={error} name="report" action={`/council/sessions/${session.id}/reports`} title={t('cw.form.report')} controlIds={{ responseItemId: 'report-responseItemId' }}>
        <FormField idPrefix="report" name="responseItemId" type="number" label={t('cw.form.responseItemId')} hint={t('cw.form.responseItemHint')} value={typed(error, 'report')('responseItemId')} required attrs={{ min: 1, inputMode: 'numeric' }} error={fieldError(error, 'report', 'responseItemId')} />
        <button type="submit">{t('cw.form.add')}</button>
      </CouncilForm>
      {minutesToApprove.length > 0 && (
        <CouncilForm req={req} error={error} name="approval" action={`/council/sessions/${session.id}/approvals`} title={t('cw.form.approval')} controlIds={{ minutesOf: 'approval-minutesOf' }}>
          <FormField idPrefix="approval" name="minutesOf" type="select" label={t('cw.form.minutesOf')} value={typed(error, 'approval')('minutesOf')} options={minutesToApprove.map((m) => ({ value: m.id, label: m.label }))} error={fieldError(error, 'approval', 'minutesOf')} />
          <button type="submit">{t('cw.form.add')}</button>
        </CouncilForm>
      )}
    </details>
  );
}

const CLOCK_TONE = { on_time: 'success', due_soon: 'warning', overdue: 'danger', placed_on_time: 'success', placed_late: 'danger' } as const;

function SessionActions(props: SessionPageProps) {
  const { req, session, actor, error } = props;
  const { t } = req;
  if (!actor.secretariat && !actor.chair) return null;
  const button = (name: string, label: string, cls?: string) => (
    <CouncilForm key={name} req={req} error={error} name={name} action={`/council/sessions/${session.id}/${name}`} controlIds={{}} class="cw-inline">
      <button type="submit" class={cls}>
        {label}
      </button>
    </CouncilForm>
  );
  const s = session.state;
  return (
    <section aria-labelledby="cw-actions" class="cw-staff">
      <h2 id="cw-actions">{t('cw.session.actions')}</h2>
      <div class="cw-buttons">
        {s === 'planned' && button('convene', t('cw.action.convene'))}
        {s === 'convened' && button('open', t('cw.action.open'))}
        {s === 'adjourned' && button('resume', t('cw.action.resume'))}
        {s === 'in_progress' && actor.chair && button('adjourn', t('cw.action.adjourn'), 'secondary')}
        {s === 'in_progress' && button('close', t('cw.action.close'))}
        {(s === 'planned' || s === 'convened') && button('cancel', t('cw.action.cancel'), 'danger')}
      </div>
    </section>
  );
}

function Agenda(props: SessionPageProps) {
  const { req, items } = props;
  const { t, lang } = req;
  const ordered = [...items].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9));
  return (
    <section aria-labelledby="cw-agenda">
      <h2 id="cw-agenda">{t('cw.session.agenda')}</h2>
      {ordered.length === 0 ? (
        <p>{t('cw.agenda.empty')}</p>
      ) : (
        <ol class="cw-agenda">
          {ordered.map((i) => (
            <li key={i.id}>
              <a href={`/council/items/${i.id}`} lang={i.lang}>
                {i.title}
              </a>
              <p class="cw-meta">
                {t(`councilWork.item.kind.${i.kind}`)}
                {i.decisionKind && <> · {t(`councilWork.decision.${i.decisionKind}`)}</>} · {t(`councilWork.item.status.${i.status}`)}
                {i.sponsors.length > 0 && <> · {t('cw.agenda.sponsors', { count: i.sponsors.length })}</>}
              </p>
              {i.kind === 'governmentReport' && i.status === 'pending' && props.session.state === 'in_progress' && (props.actor.secretariat || props.actor.chair) && (
                <CouncilForm req={req} error={props.error} name={`heard-${i.id}`} action={`/council/items/${i.id}/heard`} controlIds={{}} class="cw-inline">
                  <button type="submit" class="secondary small">
                    {t('cw.form.heard')}
                  </button>
                </CouncilForm>
              )}
              {i.clock && (
                <p class="cw-meta">
                  <StatusBadge tone={CLOCK_TONE[i.clock]} label={t(`councilWork.clock.${i.clock}`)} /> {t('cw.agenda.due', { date: day(lang, i.dueDate) })}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function MotionForm(props: SessionPageProps) {
  const { req, session, members, actor, error, motionKinds } = props;
  const { t } = req;
  if (!actor.member || (session.state !== 'planned' && session.state !== 'convened')) return null;
  const v = typed(error, 'motion');
  return (
    <CouncilForm req={req} error={error} name="motion" action={`/council/sessions/${session.id}/motions`} title={t('cw.form.motion')} controlIds={{ motionKind: 'motion-motionKind', title: 'motion-title', text: 'motion-text', coSponsorIds: 'motion-cosponsors', subjects: 'motion-subjects' }}>
      <FormField
        idPrefix="motion"
        name="motionKind"
        type="select"
        label={t('cw.form.motionKind')}
        value={v('motionKind', 'recommendation')}
        options={motionKinds.map((k) => ({ value: k.kind, label: t('cw.form.motionKindOption', { kind: t(`councilWork.decision.${k.kind}`), count: k.coSponsors }) }))}
        error={fieldError(error, 'motion', 'motionKind')}
      />
      <FormField idPrefix="motion" name="title" label={t('cw.form.title')} value={v('title')} required attrs={{ maxLength: 300 }} error={fieldError(error, 'motion', 'title')} />
      <FormField idPrefix="motion" name="text" type="textarea" label={t('cw.form.text')} value={v('text')} required attrs={{ rows: 8, maxLength: 50000 }} error={fieldError(error, 'motion', 'text')} />
      <FormField idPrefix="motion" name="subjects" label={t('cw.form.subjects')} hint={t('cw.form.subjectsHint')} value={v('subjects')} error={fieldError(error, 'motion', 'subjects')} />
      <CoSponsorPicker t={t} form="motion" members={members} self={actor.member!.id} value={v('coSponsorIds')} error={fieldError(error, 'motion', 'coSponsorIds')} />
      <button type="submit">{t('cw.form.motionSubmit')}</button>
    </CouncilForm>
  );
}

function Attendance(props: SessionPageProps) {
  const { req, session, attendance, actor, error, members, names } = props;
  const { t, lang } = req;
  const running = session.state === 'in_progress';
  const meHere = attendance?.present.some((p) => p.memberId === actor.member?.id) ?? false;
  return (
    <section aria-labelledby="cw-attendance">
      <h2 id="cw-attendance">{t('cw.session.attendance')}</h2>
      {!attendance ? (
        <p>{t('cw.attendance.notYet')}</p>
      ) : (
        <>
          <p class={`cw-quorum ${attendance.quorum.met ? 'cw-met' : 'cw-unmet'}`} id="cw-quorum">
            <strong>{attendance.quorum.met ? t('cw.quorum.met') : t('cw.quorum.unmet')}</strong>{' '}
            {t('cw.quorum.line', { present: num(lang, attendance.quorum.present), needed: num(lang, attendance.quorum.needed), sitting: num(lang, attendance.quorum.sitting), share: attendance.quorum.share })}
          </p>
          <details>
            <summary>{t('cw.attendance.present', { count: attendance.present.length })}</summary>
            <ul class="cw-names">
              {attendance.present.map((p) => (
                <li key={p.memberId}>
                  <a href={`/council/members/${encodeURIComponent(p.memberId)}/record`}>{p.name}</a> <span class="muted">{names.block(p.block)}</span>
                </li>
              ))}
            </ul>
          </details>
          <details>
            <summary>{t('cw.attendance.absent', { count: attendance.absent.length })}</summary>
            <ul class="cw-names">
              {attendance.absent.map((p) => (
                <li key={p.memberId}>
                  <a href={`/council/members/${encodeURIComponent(p.memberId)}/record`}>{p.name}</a> <span class="muted">{names.block(p.block)}</span>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
      {running && actor.member && !meHere && (
        <CouncilForm req={req} error={error} name="attend" action={`/council/sessions/${session.id}/attendance`} controlIds={{}}>
          <button type="submit">{t('cw.form.attend')}</button>
        </CouncilForm>
      )}
      {running && (actor.secretariat || actor.chair) && (
        <CouncilForm req={req} error={error} name="register" action={`/council/sessions/${session.id}/attendance`} title={t('cw.form.register')} controlIds={{ memberId: 'register-memberId' }}>
          <FormField
            idPrefix="register"
            name="memberId"
            type="select"
            label={t('cw.form.member')}
            value={typed(error, 'register')('memberId')}
            options={(attendance ? attendance.absent.map((m) => ({ id: m.memberId, name: m.name })) : members).map((m) => ({ value: m.id, label: m.name }))}
            error={fieldError(error, 'register', 'memberId')}
          />
          <button type="submit">{t('cw.form.registerSubmit')}</button>
        </CouncilForm>
      )}
    </section>
  );
}

/** A sitting member's ballot: yes, no or abstain (changeable while open), or a recusal with its reason. */
export function BallotForms(props: { req: ViewRequest; v: VoteData; actor: Actor; error: FormError | null }) {
  const { req, v, actor, error } = props;
  const { t } = req;
  if (v.state !== 'open' || !actor.member) return null;
  const mine = v.rollCall.find((l) => l.memberId === actor.member!.id);
  const current = mine?.choice;
  if (current === 'recused') return <p>{t('cw.ballot.recused')}</p>;
  const name = `ballot-${v.id}`;
  const chosen = typed(error, name)('choice', current && current !== 'notVoting' && current !== 'absent' ? current : '');
  const choiceErr = fieldError(error, name, 'choice');
  return (
    <>
      <CouncilForm req={req} error={error} name={name} action={`/council/votes/${v.id}/ballot`} title={t('cw.ballot.title')} controlIds={{ choice: `${name}-choice` }}>
        {current && current !== 'notVoting' && current !== 'absent' && <p>{t('cw.ballot.current', { choice: t(`councilWork.choice.${current}`) })}</p>}
        <fieldset id={`${name}-choice`} aria-describedby={choiceErr ? `${name}-choice-error` : undefined}>
          <legend>{t('cw.ballot.legend', { question: v.question })}</legend>
          {choiceErr && (
            <p class="error-message" id={`${name}-choice-error`}>
              {choiceErr}
            </p>
          )}
          {(['yes', 'no', 'abstain'] as const).map((c) => (
            <label key={c} class="cw-radio">
              <input type="radio" name="choice" value={c} checked={chosen === c} /> {t(`councilWork.choice.${c}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{current && current !== 'notVoting' && current !== 'absent' ? t('cw.ballot.change') : t('cw.ballot.cast')}</button>
      </CouncilForm>
      <CouncilForm req={req} error={error} name={`recuse-${v.id}`} action={`/council/votes/${v.id}/recusal`} title={t('cw.recusal.title')} controlIds={{ reason: `recuse-${v.id}-reason` }}>
        <FormField idPrefix={`recuse-${v.id}`} name="reason" type="textarea" label={t('cw.recusal.reason')} hint={t('cw.recusal.hint')} value={typed(error, `recuse-${v.id}`)('reason')} attrs={{ rows: 2, maxLength: 1000 }} error={fieldError(error, `recuse-${v.id}`, 'reason')} />
        <button type="submit" class="secondary">
          {t('cw.recusal.submit')}
        </button>
      </CouncilForm>
    </>
  );
}

function Votes(props: SessionPageProps) {
  const { req, session, votes, items, amendments, actor, error, names } = props;
  const { t } = req;
  const staff = actor.secretariat || actor.chair;
  const running = session.state === 'in_progress';
  const openable = items.filter((i) => i.decisionKind !== null && i.status === 'pending');
  const anyOpen = votes.some((v) => v.state === 'open');
  return (
    <section aria-labelledby="cw-votes">
      <h2 id="cw-votes">{t('cw.session.votes')}</h2>
      {votes.length === 0 && <p>{t('cw.votes.none')}</p>}
      {votes.map((v) => (
        <div key={v.id} class="cw-vote-wrap">
          <VoteBlock req={req} v={v} names={names} rollCall={false} />
          <BallotForms req={req} v={v} actor={actor} error={error} />
          {v.state === 'open' && staff && (
            <CouncilForm req={req} error={error} name={`close-${v.id}`} action={`/council/votes/${v.id}/close`} controlIds={{}}>
              <button type="submit">{t('cw.action.closeVote')}</button>
            </CouncilForm>
          )}
        </div>
      ))}
      {running && staff && !anyOpen && openable.length > 0 && (
        <CouncilForm req={req} error={error} name="openVote" action={`/council/sessions/${session.id}/votes`} title={t('cw.form.openVote')} controlIds={{ itemId: 'openVote-target', amendmentId: 'openVote-target', target: 'openVote-target', question: 'openVote-question' }}>
          <FormField
            idPrefix="openVote"
            name="target"
            type="select"
            label={t('cw.form.item')}
            hint={t('cw.form.amendmentHint')}
            value={typed(error, 'openVote')('target')}
            options={[...amendments.map((a) => ({ value: `${a.itemId}:${a.id}`, label: t('cw.form.amendmentOption', { n: a.number, title: a.title }) })), ...openable.map((i) => ({ value: i.id, label: i.title }))]}
            error={fieldError(error, 'openVote', 'itemId') ?? fieldError(error, 'openVote', 'amendmentId')}
          />
          <FormField idPrefix="openVote" name="question" label={t('cw.form.question')} hint={t('cw.form.questionHint')} value={typed(error, 'openVote')('question')} attrs={{ maxLength: 500 }} error={fieldError(error, 'openVote', 'question')} />
          <button type="submit">{t('cw.form.openVoteSubmit')}</button>
        </CouncilForm>
      )}
    </section>
  );
}

function Decisions(props: SessionPageProps) {
  const { req, decisions } = props;
  const { t, lang } = req;
  if (decisions.length === 0) return null;
  return (
    <section aria-labelledby="cw-decisions">
      <h2 id="cw-decisions">{t('cw.session.decisions')}</h2>
      <ul class="cw-decisions">
        {decisions.map((d) => (
          <li key={d.id}>
            <a href={`/council/items/${d.itemId}`}>{d.title}</a> · {t(`councilWork.decision.${d.kind}`)} · {day(lang, d.adoptedOn)}
            <TrackSummary req={req} track={d.track} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Minutes(props: SessionPageProps) {
  const { req, session, minutes, actor, error } = props;
  const { t, lang } = req;
  return (
    <section aria-labelledby="cw-minutes">
      <h2 id="cw-minutes">{t('cw.session.minutes')}</h2>
      {minutes ? (
        <>
          <p>
            <StatusBadge tone={minutes.state === 'approved' ? 'success' : 'warning'} label={t(`councilWork.minutes.${minutes.state}`)} />
            {minutes.approvedOn && <> {t('cw.minutes.approvedOn', { date: day(lang, minutes.approvedOn) })}</>}
          </p>
          <ul class="cw-links-list">
            <li>
              <a href={`/council/sessions/${session.id}/minutes`}>{t('cw.minutes.read')}</a>
            </li>
            <li>
              <a href={`/api/v1/council/sessions/${session.id}/minutes.akn.xml?lang=${lang}`}>{t('cw.minutes.akn')}</a>
            </li>
          </ul>
        </>
      ) : (
        <p>{session.state === 'closed' ? t('cw.minutes.notDrafted') : t('cw.minutes.afterClose')}</p>
      )}
      {actor.secretariat && session.state === 'closed' && !minutes && (
        <CouncilForm req={req} error={error} name="draftMinutes" action={`/council/sessions/${session.id}/minutes`} controlIds={{}}>
          <button type="submit">{t('cw.minutes.generate')}</button>
        </CouncilForm>
      )}
      {actor.secretariat && minutes?.state === 'draft' && (
        <CouncilForm req={req} error={error} name="editMinutes" action={`/council/sessions/${session.id}/minutes/text`} title={t('cw.minutes.edit')} controlIds={{ text: 'editMinutes-text' }}>
          <FormField idPrefix="editMinutes" name="text" type="textarea" label={t('cw.minutes.text')} hint={t('cw.minutes.textHint')} value={typed(error, 'editMinutes')('text', minutes.text ?? '')} attrs={{ rows: 6, maxLength: 100000 }} error={fieldError(error, 'editMinutes', 'text')} />
          <button type="submit">{t('cw.minutes.save')}</button>
        </CouncilForm>
      )}
    </section>
  );
}

export function SessionPage(props: SessionPageProps) {
  const { req, session, notice } = props;
  const { t, lang } = req;
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href="/council/sessions">{t('cw.sessions.title')}</a>
      </p>
      <h1>
        {t(`cw.sessionTitle.${session.kind}`, { n: session.number })}, {day(lang, session.date)}
      </h1>
      {notice && (
        <p class="cw-notice" role="status">
          {notice}
        </p>
      )}
      <dl class="cw-facts">
        <dt>{t('cw.col.state')}</dt>
        <dd>
          <StateBadge t={t} state={session.state} />
        </dd>
        <dt>{t('cw.col.date')}</dt>
        <dd>
          <time datetime={session.date}>{day(lang, session.date)}</time>
        </dd>
        <dt>{t('cw.col.place')}</dt>
        <dd>{session.place}</dd>
        {session.convenedOn && (
          <>
            <dt>{t('cw.session.convenedOn')}</dt>
            <dd>{day(lang, session.convenedOn)}</dd>
          </>
        )}
      </dl>
      <SessionActions {...props} />
      <Agenda {...props} />
      <AgendaForms {...props} />
      <MotionForm {...props} />
      <Attendance {...props} />
      <Votes {...props} />
      <Decisions {...props} />
      <Minutes {...props} />
      <h2>{t('cw.opendata.title')}</h2>
      <ul class="cw-links-list">
        <li>
          <a href={`/api/v1/council/popolo/vote_events?session=${session.id}`}>{t('cw.feeds.popoloVotes')}</a>
        </li>
        <li>
          <a href={`/api/v1/council/ballots.csv?session=${session.id}&labels=1&lang=${req.lang}`}>{t('cw.feeds.ballotsCsv')}</a>
        </li>
      </ul>
    </>
  );
}
