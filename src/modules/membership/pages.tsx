// Public pages of the Council (issue 12, the member registry): the Council on a day (today by
// default, any past day with ?on=YYYY-MM-DD) with its seats by block, a tile map of the regions,
// shares against the target and vacancies; a member's page with the seat's replacement history; and
// each cycle's page with its timeline, pool, commitment, entropy, result, alternates, confirmations
// and the command that reruns each draw. Server-rendered, phone first, no script.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Charter } from '../../core/charter/types.ts';
import { isIsoDate } from '../../core/isoDate.ts';
import { blockTargetQuotas, CYCLE_STAGES, quotaCounts } from '../../core/membership/index.ts';
import { selectionCategories } from '../../core/selection/charterQuotas.ts';
import { anonymousPageCache } from '../../web/anonymousPageCache.ts';
import { DataTable, formatDate, formatNumber } from '../../web/components/index.ts';
import { sendPage } from '../../web/layout.tsx';
import { HttpProblem } from '../../web/problem.ts';
import { followButton } from '../notifications/api.ts';
import { dayAndEventStamp } from '../outbox/api.ts';
import type { MemberView, MembershipReads } from './readModels.ts';
import type { MembershipService } from './service.ts';
import { ShareChart, TileMap, tileLabel } from './views/charts.tsx';

type Lang = 'kk' | 'ru' | 'en';
type T = FastifyRequest['t'];
const blockName = (charter: Charter, id: string, lang: Lang) => charter.bodies.council.blocks.find((b) => b.id === id)?.name[lang] ?? id;
const regionName = (charter: Charter, code: string, lang: Lang) => charter.regions.find((r) => r.code === code)?.name[lang] ?? code;
const base = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
const pct = (lang: Lang, x: number) => `${formatNumber(lang, Math.round(x * 1000) / 10)} %`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The name of a category of a selection dimension in the page's language. */
function categoryName(charter: Charter, dim: string, value: string, lang: Lang): string {
  const d = charter.bodies.council.selectionDimensions.find((x) => x.id === dim);
  if (d?.categoriesFrom === 'regions') return regionName(charter, value, lang);
  return d?.categories?.find((c) => c.id === value)?.name[lang] ?? value;
}

export function registerMembershipPages(app: FastifyInstance, svc: MembershipService, reads: MembershipReads) {
  const charter = app.ctx.charter;
  const council = charter.bodies.council;

  // Anonymous readers of one day's Council all get the same page, rendered again only when an event
  // is recorded or the day changes (ADR 0706).
  const councilPages = anonymousPageCache(app, '/council', { stamp: dayAndEventStamp(app.ctx.db.db, () => reads.today()) });

  app.get('/council', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const lang = req.lang as Lang;
    const raw = (req.query as { on?: string }).on;
    const today = reads.today();
    const invalid = raw !== undefined && raw !== '' && !isIsoDate(raw);
    const on = raw && !invalid ? raw : today;
    if (!invalid && (await councilPages.answer(req, reply))) return reply;
    const members = await reads.councilOn(on);
    const cycles = await svc.cycles();
    const past = on !== today;
    const title = past ? t('council.titleOn', { date: formatDate(lang, on) }) : t('council.title');
    return sendPage(
      reply,
      title,
      <>
        <h1>{title}</h1>
        {await followButton(req, 'council', 'all')}
        <p class="lead">{t('council.intro', { seats: formatNumber(lang, council.seats), today: formatDate(lang, on) })}</p>
        <form method="get" action="/council" class="council-on">
          <label for="council-on">{t('council.on.label')}</label>{' '}
          <input id="council-on" type="date" name="on" value={on} aria-describedby={invalid ? 'council-on-error' : undefined} aria-invalid={invalid ? 'true' : undefined} />{' '}
          <button type="submit">{t('council.on.submit')}</button>
          {invalid && (
            <p id="council-on-error" class="error">
              {t('council.on.invalid', { value: String(raw) })}
            </p>
          )}
        </form>
        {past && (
          <p>
            <a href="/council">{t('council.on.today')}</a>
          </p>
        )}
        <CouncilSummary t={t} lang={lang} charter={charter} members={members} />
        <h2>{t('council.cycles')}</h2>
        {cycles.length === 0 ? (
          <p>{t('council.noCycles')}</p>
        ) : (
          <ul>
            {cycles.map((c) => (
              <li key={c.number}>
                <a href={`/council/cycles/${c.number}`}>{t('council.cycle.title', { n: c.number + 1 })}</a> · {t(`council.state.${c.status}`)} · {formatDate(lang, c.schedule.drawn)} ·{' '}
                <a href={`/council?on=${c.schedule.termStart}`}>{t('council.on.compositionFrom', { date: formatDate(lang, c.schedule.termStart) })}</a>
              </li>
            ))}
          </ul>
        )}
        <h2>{t('council.openData')}</h2>
        <ul>
          <li>
            <a href={`/api/v1/council/popolo?lang=${lang}`}>{t('council.openData.popolo')}</a>
          </li>
          <li>
            <a href={`/api/v1/council/popolo.csv?lang=${lang}&labels=1`}>{t('council.openData.csv')}</a>
          </li>
          <li>
            <a href={`/api/v1/council/members?date=${on}`}>{t('council.openData.members')}</a>
          </li>
        </ul>
      </>,
      invalid ? 400 : 200,
    );
  });


  app.get('/council/members/:id', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const lang = req.lang as Lang;
    const id = (req.params as { id: string }).id;
    const found = UUID.test(id) ? await reads.member(id) : null;
    // A drawn candidate who has not accepted is not public.
    if (!found || found.member.status === 'selected') throw new HttpProblem(404, 'no such member');
    const { member: m, seatHistory } = found;
    const block = blockName(charter, m.blockId, lang);
    return sendPage(
      reply,
      m.name,
      <>
        <p>
          <a href="/council">{t('council.title')}</a>
        </p>
        <h1>{m.name}</h1>
        {await followButton(req, 'council-member', m.id)}
        <dl class="council-facts">
          <dt>{t('council.member.block')}</dt>
          <dd>{block}</dd>
          <dt>{t('council.member.organisation')}</dt>
          <dd>{m.organisationName ?? t('council.member.selfNominated')}</dd>
          <dt>{t('council.col.region')}</dt>
          <dd>{regionName(charter, m.region, lang)}</dd>
          <dt>{t('council.member.seat')}</dt>
          <dd>{t('council.member.seatOf', { block, n: m.seatId.split('/')[1] ?? m.seatId })}</dd>
          <dt>{t('council.col.term')}</dt>
          <dd>
            <time datetime={m.start}>{formatDate(lang, m.start)}</time> – <time datetime={m.end}>{formatDate(lang, m.end)}</time>
          </dd>
          <dt>{t('council.member.status')}</dt>
          <dd>{m.status === 'left' ? t('council.member.left', { reason: m.leftReason ?? '' }) : t('council.member.sitting')}</dd>
          <dt>{t('council.member.how')}</dt>
          <dd>
            {m.alternateRank !== null ? t('council.member.howAlternate', { rank: m.alternateRank, n: m.cycle + 1 }) : t('council.member.howDrawn', { n: m.cycle + 1 })}{' '}
            <a href={`/sortition/runs/${m.runId}`}>{t('council.drawOf', { block })}</a> · <a href={`/council/cycles/${m.cycle}`}>{t('council.cycle.title', { n: m.cycle + 1 })}</a>
          </dd>
        </dl>
        <DataTable
          caption={t('council.member.history')}
          rows={seatHistory}
          rowKey={(h) => h.id}
          empty={t('council.empty')}
          columns={[
            { header: t('council.col.name'), rowHeader: true, cell: (h) => (h.id === m.id ? <strong>{h.name}</strong> : <a href={`/council/members/${h.id}`}>{h.name}</a>) },
            { header: t('council.col.term'), cell: (h) => `${formatDate(lang, h.start)} – ${formatDate(lang, h.end)}` },
            { header: t('council.col.draw'), cell: (h) => (h.alternateRank !== null ? t('council.viaAlternate', { rank: h.alternateRank }) : t('council.drawLink')) },
            { header: t('council.member.leftCol'), cell: (h) => (h.status === 'left' ? (h.leftReason ?? '') : '') },
          ]}
        />
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
    const pool = await reads.pool(n);
    const draws = await reads.draws(n);
    const alternates = await reads.alternates(n);
    const drawnHere = (await reads.members()).filter((m) => m.cycle === n);
    const dims = selectionCategories(charter);
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
        <DataTable
          caption={t('council.cycle.blocks')}
          id="cycle-blocks"
          rows={c.blocks}
          rowKey={(b) => b.id}
          empty={t('council.empty')}
          columns={[
            { header: t('council.col.block'), rowHeader: true, cell: (b) => blockName(charter, b.id, lang) },
            { header: t('council.col.toFill'), numeric: true, cell: (b) => formatNumber(lang, b.k) },
            { header: t('council.col.nominated'), numeric: true, cell: (b) => formatNumber(lang, b.candidates) },
            { header: t('council.col.pool'), numeric: true, cell: (b) => formatNumber(lang, b.eligible) },
            { header: t('council.col.alternates'), numeric: true, cell: (b) => formatNumber(lang, b.alternates) },
          ]}
        />
        {pool.size > 0 && (
          <section aria-labelledby="pool-title">
            <h2 id="pool-title">{t('council.cycle.pool')}</h2>
            <p>{t('council.cycle.poolIntro')}</p>
            {dims.map(({ dimension, categories }) => (
              <DataTable
                key={dimension}
                caption={t('council.cycle.poolBy', { dimension: council.selectionDimensions.find((d) => d.id === dimension)!.name[lang] })}
                id={`pool-${dimension}`}
                rows={categories}
                rowKey={(x) => x.id}
                empty={t('council.empty')}
                columns={[
                  { header: t('council.col.category'), rowHeader: true, cell: (x) => categoryName(charter, dimension, x.id, lang) },
                  ...council.blocks.map((b) => ({ header: b.name[lang], numeric: true, cell: (x: { id: string }) => formatNumber(lang, pool.get(b.id)?.categories.get(`${dimension}|${x.id}`) ?? 0) })),
                ]}
              />
            ))}
          </section>
        )}
        {draws.length > 0 && (
          <section aria-labelledby="draws-title">
            <h2 id="draws-title">{t('council.cycle.draws')}</h2>
            {c.entropySources && (
              <>
                <h3>{t('council.cycle.entropy')}</h3>
                <ul>
                  {c.entropySources.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </>
            )}
            {draws.map((d) => {
              const block = blockName(charter, d.blockId, lang);
              return (
                <section key={d.blockId} aria-labelledby={`draw-${d.blockId}`}>
                  <h3 id={`draw-${d.blockId}`}>{t('council.drawOf', { block })}</h3>
                  <dl class="council-facts">
                    <dt>{t('council.draw.status')}</dt>
                    <dd>{t(`council.draw.status.${d.status === 'done' ? 'done' : d.status === 'committed' ? 'committed' : 'running'}`)}</dd>
                    <dt>{t('council.draw.commitment')}</dt>
                    <dd>
                      <code class="hash">{d.commitment ?? '—'}</code>
                    </dd>
                    <dt>{t('council.draw.algorithm')}</dt>
                    <dd>{d.algorithm ?? '—'}</dd>
                    <dt>{t('council.draw.entropy')}</dt>
                    <dd>{d.entropy ?? t('council.draw.notRevealed')}</dd>
                    {d.relaxation && (
                      <>
                        <dt>{t('council.draw.relaxation')}</dt>
                        <dd>
                          <ul>
                            {d.relaxation.map((c) => (
                              <li key={`${c.category}-${c.value}`}>{t('council.draw.relaxationChange', { category: c.category, value: c.value, from: `${c.min}–${c.max}`, to: `${c.newMin}–${c.newMax}` })}</li>
                            ))}
                          </ul>
                          <p>{d.relaxationAcceptedAt ? t('council.draw.relaxationAccepted', { at: d.relaxationAcceptedAt.slice(0, 10) }) : t('council.draw.relaxationPending')}</p>
                        </dd>
                      </>
                    )}
                    {d.selected !== null && (
                      <>
                        <dt>{t('council.draw.result')}</dt>
                        <dd>{t('council.draw.resultText', { selected: formatNumber(lang, d.selected), pool: formatNumber(lang, d.poolSize), ticket: String(d.ticket), min: pct(lang, d.minProbability ?? 0), max: pct(lang, d.maxProbability ?? 0) })}</dd>
                      </>
                    )}
                  </dl>
                  <p>
                    <a href={`/sortition/runs/${d.runId}`}>{t('council.draw.page', { block })}</a>
                  </p>
                  {d.commitment && (
                    <>
                      <p>{t('council.draw.rerun')}</p>
                      <pre>
                        <code class="rerun">{`kenes select verify ${base(req)}/sortition/runs/${d.runId}`}</code>
                      </pre>
                    </>
                  )}
                </section>
              );
            })}
          </section>
        )}
        {alternates.length > 0 && (
          <DataTable
            caption={t('council.cycle.alternates')}
            id="alternates"
            rows={alternates}
            rowKey={(a) => `${a.blockId}/${a.rank}`}
            empty={t('council.empty')}
            columns={[
              { header: t('council.col.block'), cell: (a) => blockName(charter, a.blockId, lang) },
              { header: t('council.col.rank'), rowHeader: true, numeric: true, cell: (a) => formatNumber(lang, a.rank) },
              { header: t('council.col.number'), cell: (a) => a.candidateNumber ?? '—' },
              { header: t('council.col.called'), cell: (a) => (a.memberId ? <a href={`/council/members/${a.memberId}`}>{t('council.alternate.called')}</a> : t('council.alternate.waiting')) },
            ]}
          />
        )}
        {drawnHere.length > 0 && (
          <DataTable
            caption={t('council.cycle.confirmations')}
            id="confirmations"
            rows={drawnHere}
            rowKey={(m) => m.id}
            empty={t('council.empty')}
            columns={[
              { header: t('council.col.name'), rowHeader: true, cell: (m) => (m.status === 'selected' ? t('council.confirm.pendingName') : <a href={`/council/members/${m.id}`}>{m.name}</a>) },
              { header: t('council.col.block'), cell: (m) => blockName(charter, m.blockId, lang) },
              { header: t('council.col.draw'), cell: (m) => (m.alternateRank !== null ? t('council.viaAlternate', { rank: m.alternateRank }) : t('council.drawLink')) },
              { header: t('council.member.status'), cell: (m) => t(`council.confirm.${m.status}`) },
            ]}
          />
        )}
      </>,
    );
  });
}

/** The Council on one day: seats by block, a tile map of the regions, shares against the target, vacancies, and the members. */
function CouncilSummary(props: { t: T; lang: Lang; charter: Charter; members: MemberView[] }) {
  const { t, lang, charter, members } = props;
  const council = charter.bodies.council;
  const blocks = council.blocks;
  const vacancies = council.seats - members.length;
  const features = members.map((m) => m.features);
  const target = new Map<string, { min: number; max: number }>();
  for (const b of blocks) {
    for (const q of blockTargetQuotas(charter, b.id)) {
      const k = `${q.category}|${q.value}`;
      const r = target.get(k) ?? { min: 0, max: 0 };
      target.set(k, { min: r.min + q.min, max: r.max + q.max });
    }
  }
  const cats = selectionCategories(charter);
  const regionDim = council.selectionDimensions.find((d) => d.categoriesFrom === 'regions');
  const regionCats = cats.find((c) => c.dimension === regionDim?.id);
  const seatsByRegion = new Map<string, number>();
  for (const m of members) seatsByRegion.set(m.region, (seatsByRegion.get(m.region) ?? 0) + 1);
  return (
    <>
      <p>{t('council.sitting', { count: formatNumber(lang, members.length), seats: formatNumber(lang, council.seats) })}</p>
      <DataTable
        caption={t('council.seatsByBlock')}
        id="seats-by-block"
        rows={blocks}
        rowKey={(b) => b.id}
        empty={t('council.empty')}
        columns={[
          { header: t('council.col.block'), rowHeader: true, cell: (b) => <a href={`#block-${b.id}`}>{b.name[lang]}</a> },
          { header: t('council.col.seats'), numeric: true, cell: (b) => formatNumber(lang, b.seats) },
          { header: t('council.col.filled'), numeric: true, cell: (b) => formatNumber(lang, members.filter((m) => m.blockId === b.id).length) },
          { header: t('council.col.vacant'), numeric: true, cell: (b) => formatNumber(lang, b.seats - members.filter((m) => m.blockId === b.id).length) },
        ]}
      />
      <p>{vacancies === 0 ? t('council.noVacancies') : t('council.vacancies', { count: formatNumber(lang, vacancies) })}</p>
      {regionCats && (
        <section aria-labelledby="regions-title">
          <h2 id="regions-title">{t('council.regions')}</h2>
          <TileMap
            id="council-map"
            title={t('council.regions')}
            desc={t('council.regions.desc')}
            tiles={regionCats.categories.map((c) => ({ code: c.id, label: tileLabel(c.id), seats: seatsByRegion.get(c.id) ?? 0, target: c.share * council.seats }))}
          />
          <DataTable
            caption={t('council.regions.table')}
            id="regions-table"
            rows={regionCats.categories}
            rowKey={(c) => c.id}
            empty={t('council.empty')}
            columns={[
              { header: t('council.col.region'), rowHeader: true, cell: (c) => `${regionName(charter, c.id, lang)} (${tileLabel(c.id)})` },
              { header: t('council.col.seats'), numeric: true, cell: (c) => formatNumber(lang, seatsByRegion.get(c.id) ?? 0) },
              { header: t('council.col.target'), numeric: true, cell: (c) => formatNumber(lang, Math.round(c.share * council.seats * 10) / 10) },
            ]}
          />
        </section>
      )}
      <section aria-labelledby="shares-title">
        <h2 id="shares-title">{t('council.shares')}</h2>
        <p>{t('council.shares.legend')}</p>
        {cats
          .filter((c) => c.dimension !== regionDim?.id)
          .map(({ dimension, categories }) => {
            const dimName = council.selectionDimensions.find((d) => d.id === dimension)!.name[lang];
            const counts = quotaCounts(
              categories.map((c) => ({ category: dimension, value: c.id, min: 0, max: 0 })),
              features,
            );
            const total = Math.max(1, members.length);
            return (
              <section key={dimension} aria-labelledby={`share-${dimension}`}>
                <h3 id={`share-${dimension}`}>{dimName}</h3>
                <ShareChart
                  id={`chart-${dimension}`}
                  title={t('council.shares.chart', { dimension: dimName })}
                  desc={categories.map((c, i) => t('council.shares.desc', { category: categoryName(charter, dimension, c.id, lang), share: pct(lang, counts[i]! / total), target: pct(lang, c.share) })).join('; ')}
                  bars={categories.map((c, i) => {
                    const r = target.get(`${dimension}|${c.id}`) ?? { min: 0, max: council.seats };
                    return { label: categoryName(charter, dimension, c.id, lang), share: counts[i]! / total, target: c.share, min: r.min / council.seats, max: r.max / council.seats, text: `${counts[i]} · ${pct(lang, counts[i]! / total)}` };
                  })}
                />
                <DataTable
                  caption={t('council.shares.table', { dimension: dimName })}
                  id={`share-table-${dimension}`}
                  rows={categories}
                  rowKey={(c) => c.id}
                  empty={t('council.empty')}
                  columns={[
                    { header: t('council.col.category'), rowHeader: true, cell: (c) => categoryName(charter, dimension, c.id, lang) },
                    { header: t('council.col.members'), numeric: true, cell: (c) => formatNumber(lang, counts[categories.indexOf(c)]!) },
                    { header: t('council.col.share'), numeric: true, cell: (c) => pct(lang, counts[categories.indexOf(c)]! / total) },
                    { header: t('council.col.targetShare'), numeric: true, cell: (c) => pct(lang, c.share) },
                    { header: t('council.col.range'), numeric: true, cell: (c) => { const r = target.get(`${dimension}|${c.id}`); return r ? `${r.min}–${r.max}` : '—'; } },
                  ]}
                />
              </section>
            );
          })}
      </section>
      {blocks.map((b) => {
        const rows = members.filter((m) => m.blockId === b.id);
        return (
          <section key={b.id} aria-labelledby={`block-${b.id}`}>
            <h2 id={`block-${b.id}`}>
              {b.name[lang]} <span class="muted">{t('council.block.count', { count: formatNumber(lang, rows.length), seats: formatNumber(lang, b.seats) })}</span>
            </h2>
            <DataTable
              caption={t('council.block.members', { block: b.name[lang] })}
              id={`members-${b.id}`}
              rows={rows}
              rowKey={(m) => m.id}
              empty={t('council.empty')}
              columns={[
                { header: t('council.col.name'), rowHeader: true, cell: (m) => <a href={`/council/members/${m.id}`}>{m.name}</a> },
                { header: t('council.col.region'), cell: (m) => regionName(charter, m.region, lang) },
                { header: t('council.col.term'), cell: (m) => `${formatDate(lang, m.start)} – ${formatDate(lang, m.end)}` },
                { header: t('council.col.draw'), cell: (m) => <a href={`/sortition/runs/${m.runId}`}>{m.alternateRank !== null ? t('council.viaAlternate', { rank: m.alternateRank }) : t('council.drawLink')}</a> },
              ]}
            />
          </section>
        );
      })}
    </>
  );
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
