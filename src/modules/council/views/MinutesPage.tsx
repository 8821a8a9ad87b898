// The minutes as a page that prints well (the stylesheet's print rules drop the site's header and
// footer): attendance and quorum, each agenda item in order with each vote, its result, arithmetic
// and roll call, what followed, and the secretariat's text. Also offered as Akoma Ntoso XML.
import type { MinutesVote } from '../../../core/council/index.ts';
import { StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import { day, formulaIn, num, Styles } from './common.tsx';
import type { MinutesData, Names } from './model.ts';

export interface MinutesPageProps {
  req: ViewRequest;
  session: { id: string; label: string };
  minutes: MinutesData;
  /** Member id → public name. */
  people: Record<string, string>;
  items: Record<string, { title: string; lang: string }>;
  names: Names;
}

const CHOICES = ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'] as const;

function VoteRecord(props: { req: ViewRequest; v: MinutesVote; people: Record<string, string> }) {
  const { req, v, people } = props;
  const { t, lang } = req;
  const name = (id: string) => people[id] ?? id;
  return (
    <section class="cw-minutes-vote" aria-labelledby={`mv-${v.voteId}`}>
      <h4 id={`mv-${v.voteId}`}>{v.question}</h4>
      <p>
        <strong>{t(`councilWork.outcome.${v.result.code}`)}</strong> · <code>{formulaIn(t, lang, v.result.majority)}</code>
      </p>
      <p>{t('cw.quorum.line', { present: num(lang, v.result.quorum.present), needed: num(lang, v.result.quorum.needed), sitting: num(lang, v.result.quorum.sitting), share: v.result.quorum.share })}</p>
      <dl class="cw-rollcall-list">
        {CHOICES.map((c) => {
          const who = v.rollCall.filter((l) => l.choice === c);
          if (who.length === 0) return null;
          return (
            <div key={c}>
              <dt>
                {t(`councilWork.choice.${c}`)} ({num(lang, who.length)})
              </dt>
              <dd>{who.map((l) => (l.reason ? `${name(l.memberId)} (${l.reason})` : name(l.memberId))).join(', ')}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

export function MinutesPage(props: MinutesPageProps) {
  const { req, session, minutes, people, items } = props;
  const { t, lang } = req;
  const d = minutes.draft;
  const name = (id: string) => people[id] ?? id;
  return (
    <article class="cw-minutes">
      <Styles />
      <p class="cw-crumbs cw-noprint">
        <a href={`/council/sessions/${session.id}`}>{session.label}</a>
      </p>
      <h1>{t('cw.minutes.title', { session: session.label })}</h1>
      <p>
        <StatusBadge tone={minutes.state === 'approved' ? 'success' : 'warning'} label={t(`councilWork.minutes.${minutes.state}`)} />
        {minutes.approvedOn && <> {t('cw.minutes.approvedOn', { date: day(lang, minutes.approvedOn) })}</>}
      </p>
      <p class="cw-noprint">
        <a href={`/api/v1/council/sessions/${session.id}/minutes.akn.xml?lang=${lang}`}>{t('cw.minutes.akn')}</a> · {t('cw.minutes.printHint')}
      </p>
      <dl class="cw-facts">
        <dt>{t('cw.col.date')}</dt>
        <dd>{day(lang, d.date)}</dd>
        <dt>{t('cw.col.place')}</dt>
        <dd>{d.place}</dd>
        <dt>{t('cw.session.attendance')}</dt>
        <dd>{t('cw.minutes.attendance', { present: num(lang, d.attendance.present.length), sitting: num(lang, d.attendance.sitting) })}</dd>
        <dt>{t('cw.minutes.quorum')}</dt>
        <dd>
          {d.quorum.met ? t('cw.quorum.met') : t('cw.quorum.unmet')} · {t('cw.quorum.line', { present: num(lang, d.quorum.present), needed: num(lang, d.quorum.needed), sitting: num(lang, d.quorum.sitting), share: d.quorum.share })}
        </dd>
      </dl>
      <h2>{t('cw.attendance.present', { count: d.attendance.present.length })}</h2>
      <p>{d.attendance.present.map(name).join(', ') || t('cw.none')}</p>
      <h2>{t('cw.attendance.absent', { count: d.attendance.absent.length })}</h2>
      <p>{d.attendance.absent.map(name).join(', ') || t('cw.none')}</p>
      <h2>{t('cw.session.agenda')}</h2>
      {d.items.map((i) => (
        <section key={i.itemId} aria-labelledby={`mi-${i.itemId}`}>
          <h3 id={`mi-${i.itemId}`} lang={items[i.itemId]?.lang}>
            {i.position}. {items[i.itemId]?.title ?? i.itemId}
          </h3>
          <p class="muted">{t(`councilWork.item.kind.${i.kind}`)}</p>
          {i.votes.length === 0 && <p>{i.kind === 'governmentReport' ? t('cw.item.hearing') : t('cw.votes.none')}</p>}
          {i.votes.map((v) => (
            <VoteRecord key={v.voteId} req={req} v={v} people={people} />
          ))}
          {i.followUps.length > 0 && (
            <ul>
              {i.followUps.map((f) => (
                <li key={f}>{t(`cw.followUp.${f}`)}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {minutes.text && (
        <>
          <h2>{t('cw.minutes.notes')}</h2>
          <div class="cw-text">{minutes.text}</div>
        </>
      )}
    </article>
  );
}
