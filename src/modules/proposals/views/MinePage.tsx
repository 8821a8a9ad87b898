// "My proposals": what I wrote, the action groups I am in, and what I signed.
import { formatDate, StatusBadge, type ViewRequest } from '../../../web/components/index.ts';
import type { ProposalsService } from '../service.ts';
import { Styles, TONES } from './common.tsx';

type Mine = Awaited<ReturnType<ProposalsService['mine']>>;

export function MinePage(props: { req: ViewRequest; mine: Mine }) {
  const { req, mine: m } = props;
  const { t } = req;
  const item = (r: { ref: string; title: string; status: string }) => (
    <li key={r.ref}>
      <a href={`/proposals/${r.ref}`}>{r.title}</a> <StatusBadge tone={TONES[r.status]} label={t(`proposals.status.${r.status}`)} />
    </li>
  );
  return (
    <section class="proposals">
      <Styles />
      <h1>{t('proposals.mine.title')}</h1>
      <p>
        <a class="button" href="/proposals/new">
          {t('proposals.list.new')}
        </a>
      </p>
      <h2>{t('proposals.mine.authored')}</h2>
      {m.authored.length ? <ul>{m.authored.map(item)}</ul> : <p>{t('proposals.mine.none')}</p>}
      <h2>{t('proposals.mine.groups')}</h2>
      {m.groups.length ? <ul>{m.groups.map(item)}</ul> : <p>{t('proposals.mine.none')}</p>}
      <h2>{t('proposals.mine.signed')}</h2>
      {m.signed.length ? (
        <ul>
          {m.signed.map((s) => (
            <li key={s.ref}>
              <a href={`/proposals/${s.ref}`}>{s.title}</a> <StatusBadge tone={TONES[s.status]} label={t(`proposals.status.${s.status}`)} /> · {t('proposals.sign.signedOn', { date: formatDate(req.lang, s.signed_at) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('proposals.mine.none')}</p>
      )}
    </section>
  );
}
