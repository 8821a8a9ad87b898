// Public pages of the Council: who sits today, block by block against the seats, and each cycle's
// timeline with dated stages and links to each block's draw. Server-rendered, no script.
import type { FastifyInstance } from 'fastify';
import type { Charter } from '../../core/charter/types.ts';
import { CYCLE_STAGES } from '../../core/membership/index.ts';
import { DataTable, formatDate, formatNumber } from '../../web/components/index.ts';
import { sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import type { MembershipService } from './service.ts';

type Lang = 'kk' | 'ru' | 'en';
const blockName = (charter: Charter, id: string, lang: Lang) => charter.bodies.council.blocks.find((b) => b.id === id)?.name[lang] ?? id;
const regionName = (charter: Charter, code: string, lang: Lang) => charter.regions.find((r) => r.code === code)?.name[lang] ?? code;

export function registerMembershipPages(app: FastifyInstance, svc: MembershipService) {
  const charter = app.ctx.charter;

  app.get('/council', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const lang = req.lang as Lang;
    const members = await svc.membersOn();
    const cycles = await svc.cycles();
    const blocks = charter.bodies.council.blocks;
    return sendPage(
      reply,
      t('council.title'),
      <>
        <h1>{t('council.title')}</h1>
        <p class="lead">{t('council.intro', { seats: formatNumber(lang, charter.bodies.council.seats), today: formatDate(lang, svc.today()) })}</p>
        <p>{t('council.sitting', { count: formatNumber(lang, members.length), seats: formatNumber(lang, charter.bodies.council.seats) })}</p>
        {blocks.map((b) => {
          const rows = members.filter((m) => m.block === b.id);
          return (
            <section key={b.id} aria-labelledby={`block-${b.id}`}>
              <h2 id={`block-${b.id}`}>
                {b.name[lang]} <span class="muted">{t('council.block.count', { count: formatNumber(lang, rows.length), seats: formatNumber(lang, b.seats) })}</span>
              </h2>
              <DataTable
                caption={t('council.block.members', { block: b.name[lang] })}
                rows={rows}
                rowKey={(m) => m.id}
                empty={t('council.empty')}
                columns={[
                  { header: t('council.col.name'), rowHeader: true, cell: (m) => m.name },
                  { header: t('council.col.region'), cell: (m) => regionName(charter, m.region, lang) },
                  { header: t('council.col.term'), cell: (m) => `${formatDate(lang, m.termStart)} – ${formatDate(lang, m.termEnd)}` },
                  { header: t('council.col.draw'), cell: (m) => <a href={`/sortition/runs/${m.draw}`}>{m.alternateRank !== null ? t('council.viaAlternate', { rank: m.alternateRank }) : t('council.drawLink')}</a> },
                ]}
              />
            </section>
          );
        })}
        <h2>{t('council.cycles')}</h2>
        {cycles.length === 0 ? (
          <p>{t('council.noCycles')}</p>
        ) : (
          <ul>
            {cycles.map((c) => (
              <li key={c.number}>
                <a href={`/council/cycles/${c.number}`}>{t('council.cycle.title', { n: c.number + 1 })}</a> · {t(`council.state.${c.status}`)} · {formatDate(lang, c.schedule.drawn)}
              </li>
            ))}
          </ul>
        )}
      </>,
    );
  });

  app.get('/council/cycles/:n', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const lang = req.lang as Lang;
    const raw = (req.params as { n: string }).n;
    const n = /^\d{1,4}$/.test(raw) ? Number(raw) : -1;
    const c = n >= 0 ? await svc.cycle(n) : null;
    if (!c) throw new HttpProblem(404, 'no such cycle');
    const reached = CYCLE_STAGES.indexOf(stageOf(c.status));
    return sendPage(
      reply,
      t('council.cycle.title', { n: n + 1 }),
      <>
        <p>
          <a href="/council">{t('council.title')}</a>
        </p>
        <h1>{t('council.cycle.title', { n: n + 1 })}</h1>
        <p class="lead">{t('council.cycle.state', { state: t(`council.state.${c.status}`) })}</p>
        <h2>{t('council.cycle.timeline')}</h2>
        <ol class="timeline">
          {CYCLE_STAGES.map((s, i) => (
            <li key={s}>
              <strong>{t(`council.stage.${s}`)}</strong>: <time datetime={c.schedule[s]}>{formatDate(lang, c.schedule[s])}</time>
              {i <= reached ? ` · ${t('council.stage.reached')}` : ''}
            </li>
          ))}
        </ol>
        {c.entropySources && (
          <>
            <h2>{t('council.cycle.entropy')}</h2>
            <ul>
              {c.entropySources.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </>
        )}
        <DataTable
          caption={t('council.cycle.blocks')}
          rows={c.blocks}
          rowKey={(b) => b.id}
          empty={t('council.empty')}
          columns={[
            { header: t('council.col.block'), rowHeader: true, cell: (b) => blockName(charter, b.id, lang) },
            { header: t('council.col.toFill'), numeric: true, cell: (b) => formatNumber(lang, b.k) },
            { header: t('council.col.pool'), numeric: true, cell: (b) => formatNumber(lang, b.eligible) },
            { header: t('council.col.alternates'), numeric: true, cell: (b) => formatNumber(lang, b.alternates) },
            { header: t('council.col.draw'), cell: (b) => (b.draw ? <a href={`/sortition/runs/${b.draw.runId}`}>{t('council.drawOf', { block: blockName(charter, b.id, lang) })}</a> : t('council.noDraw')) },
          ]}
        />
      </>,
    );
  });
}

/** The timeline stage a cycle state has reached. */
function stageOf(state: string): (typeof CYCLE_STAGES)[number] {
  const map: Record<string, (typeof CYCLE_STAGES)[number]> = {
    announced: 'announced',
    nominationsOpen: 'nominationsOpen',
    nominationsClosed: 'nominationsClosed',
    committed: 'committed',
    drawn: 'drawn',
    confirmed: 'confirmationDeadline',
    seated: 'termStart',
  };
  return map[state] ?? 'announced';
}
