// A member's record (attendance rate, every vote of their term with what they did, motions they
// moved or co-sponsored) and the live vote board (counts, the majority's arithmetic as it stands,
// the roll call; a refresh link without JavaScript, server-sent events with it).
import { DataTable, formatPercent, type ViewRequest } from '../../../web/components/index.ts';
import { Arithmetic, Counts, day, formulaIn, num, OutcomeBadge, RollCallTable, Styles, VoteCharts, when } from './common.tsx';
import type { Names, VoteData } from './model.ts';

export interface MemberRecord {
  member: { id: string; name: string; block: string; region: string | null; termStart: string; termEnd: string };
  sittingsHeld: number;
  sittingsAttended: number;
  votes: { voteId: string; sessionId: string; itemId: string; question: string; date: string; choice: string; reason: string | null; code: string | null }[];
  sponsored: { itemId: string; title: string; role: 'mover' | 'coSponsor'; status: string; decisionKind: string | null }[];
}

export function MemberRecordPage(props: { req: ViewRequest; record: MemberRecord; names: Names }) {
  const { req, record: r, names } = props;
  const { t, lang } = req;
  const rate = r.sittingsHeld > 0 ? r.sittingsAttended / r.sittingsHeld : null;
  const counts: Record<string, number> = {};
  for (const v of r.votes) counts[v.choice] = (counts[v.choice] ?? 0) + 1;
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href="/council">{t('council.title')}</a> › <a href="/council/sessions">{t('cw.sessions.title')}</a>
      </p>
      <h1>{t('cw.member.title', { name: r.member.name })}</h1>
      <dl class="cw-facts">
        <dt>{t('cw.col.block')}</dt>
        <dd>{names.block(r.member.block)}</dd>
        <dt>{t('cw.col.region')}</dt>
        <dd>{names.region(r.member.region)}</dd>
        <dt>{t('cw.member.term')}</dt>
        <dd>
          {day(lang, r.member.termStart)} – {day(lang, r.member.termEnd)}
        </dd>
        <dt>{t('cw.member.attendance')}</dt>
        <dd>
          {rate === null
            ? t('cw.member.noSittings')
            : t('cw.member.attendanceRate', { attended: num(lang, r.sittingsAttended), held: num(lang, r.sittingsHeld), rate: formatPercent(lang, rate) })}
        </dd>
        <dt>{t('cw.member.voteCounts')}</dt>
        <dd>
          {(['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'] as const)
            .filter((c) => counts[c])
            .map((c) => `${t(`councilWork.choice.${c}`)} ${num(lang, counts[c]!)}`)
            .join(' · ') || t('cw.none')}
        </dd>
      </dl>
      <h2>{t('cw.member.votes', { count: r.votes.length })}</h2>
      <DataTable
        id="cw-member-votes"
        caption={t('cw.member.votesCaption', { name: r.member.name })}
        rows={r.votes}
        rowKey={(v) => v.voteId}
        empty={t('cw.votes.none')}
        columns={[
          { header: t('cw.col.question'), rowHeader: true, cell: (v) => <a href={`/council/votes/${v.voteId}`}>{v.question}</a> },
          { header: t('cw.col.date'), cell: (v) => day(lang, v.date) },
          { header: t('cw.col.choice'), cell: (v) => <span class={`cw-choice cw-choice-${v.choice}`}>{t(`councilWork.choice.${v.choice}`)}</span> },
          { header: t('cw.col.reason'), cell: (v) => v.reason ?? '' },
          { header: t('cw.col.result'), cell: (v) => <OutcomeBadge t={t} code={v.code} /> },
        ]}
      />
      <h2>{t('cw.member.sponsored', { count: r.sponsored.length })}</h2>
      <DataTable
        id="cw-member-sponsored"
        caption={t('cw.member.sponsoredCaption', { name: r.member.name })}
        rows={r.sponsored}
        rowKey={(s) => s.itemId}
        empty={t('cw.none')}
        columns={[
          { header: t('cw.col.title'), rowHeader: true, cell: (s) => <a href={`/council/items/${s.itemId}`}>{s.title}</a> },
          { header: t('cw.col.role'), cell: (s) => t(`cw.role.${s.role}`) },
          { header: t('cw.item.decisionKind'), cell: (s) => (s.decisionKind ? t(`councilWork.decision.${s.decisionKind}`) : '') },
          { header: t('cw.col.state'), cell: (s) => t(`councilWork.item.status.${s.status}`) },
        ]}
      />
      <p>
        <a href={`/api/v1/council/ballots.csv?member=${encodeURIComponent(r.member.id)}&labels=1&lang=${req.lang}`}>{t('cw.feeds.ballotsCsv')}</a>
      </p>
    </>
  );
}

export function VoteBoardPage(props: { req: ViewRequest; v: VoteData; names: Names; session: { id: string; label: string }; item: { id: string; title: string } | null }) {
  const { req, v, names, session, item } = props;
  const { t, lang } = req;
  const open = v.state === 'open';
  return (
    <>
      <Styles />
      <p class="cw-crumbs">
        <a href={`/council/sessions/${session.id}`}>{session.label}</a>
        {item && (
          <>
            {' '}
            › <a href={`/council/items/${item.id}`}>{item.title}</a>
          </>
        )}
      </p>
      <h1>{v.question}</h1>
      <div
        id="cw-board"
        data-vote={v.id}
        data-open={open ? 'true' : 'false'}
        data-events={`/api/v1/council/votes/${v.id}/events`}
        data-text-live={t('cw.board.live')}
        data-text-ended={t('cw.board.ended')}
        data-text-lost={t('cw.board.lost')}
        data-text-yes={t('councilWork.choice.yes')}
        data-text-met={t('cw.board.met')}
        data-text-not-met={t('cw.board.notMet')}
      >
        <p>
          <OutcomeBadge t={t} code={open ? null : v.code} /> {t(`councilWork.decision.${v.decisionKind}`)} · {t('cw.vote.opened', { at: when(lang, v.openedAt) })}
          {v.closedAt && <> · {t('cw.vote.closed', { at: when(lang, v.closedAt) })}</>}
        </p>
        {/* Announced politely when the script updates it; without script the refresh link reloads it. */}
        <div aria-live="polite" aria-atomic="true" id="cw-board-live">
          <Counts t={t} lang={lang} v={v} live />
          <p class="cw-arith-live">
            {open ? t('cw.board.standing') : t('cw.board.final')} <span data-formula>{formulaIn(t, lang, v.majority)}</span> ·{' '}
            <span data-met>{v.majority.met ? t('cw.board.met') : t('cw.board.notMet')}</span>
          </p>
        </div>
        <Arithmetic t={t} lang={lang} v={v} />
        <p class="cw-quorum-line">{t('cw.quorum.line', { present: num(lang, v.quorum.present), needed: num(lang, v.quorum.needed), sitting: num(lang, v.quorum.sitting), share: v.quorum.share })}</p>
        {open && (
          <p>
            <a href={`/council/votes/${v.id}`} class="button secondary" id="cw-refresh">
              {t('cw.board.refresh')}
            </a>{' '}
            <span class="muted" id="cw-board-status">
              {t('cw.board.noScript')}
            </span>
          </p>
        )}
      </div>
      <h2>{t('cw.vote.rollCall', { count: v.rollCall.length })}</h2>
      <RollCallTable req={req} v={v} names={names} />
      <VoteCharts req={req} v={v} names={names} />
      <p>
        <a href={`/api/v1/council/votes/${v.id}`}>{t('cw.feeds.json')}</a> · <a href={`/api/v1/council/popolo/vote_events/${v.id}`}>{t('cw.feeds.popolo')}</a> · <a href={`/api/v1/council/ballots.csv?vote=${v.id}`}>{t('cw.feeds.ballotsCsv')}</a>
      </p>
      {open && <script type="module" src="/council/static/board.js" />}
    </>
  );
}
