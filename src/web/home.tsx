// The home page: what the People's Council is (all numbers from the charter), live figures from the
// database, and how the work flows, with links to the sections that exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Charter } from '../core/charter/types.ts';
import { Figure, FigureList } from './components/Figure.tsx';
import { almatyDate, formatDate, formatDateTime, formatNumber } from './components/format.ts';
import { readFigures } from './figures.ts';
import { locale } from './i18n.ts';
import { sendPage } from './layout.tsx';
import type { AppContext } from './context.ts';

/** The four stages of the Council's work, each linking to its section once that section exists. */
const STEPS = [
  { id: 'propose', href: '/proposals' },
  { id: 'decide', href: '/council' },
  { id: 'answer', href: '/responses' },
  { id: 'record', href: '/ledger' },
] as const;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

export async function homeModule(app: FastifyInstance, ctx: AppContext) {
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const charter = ctx.charter;
    const live = await readFigures(ctx, app.kenes.figures, req.log);
    return sendPage(reply, charter.bodies.council.name[req.lang], <HomePage req={req} charter={charter} live={live} />);
  });
}

function HomePage(props: { req: FastifyRequest; charter: Charter; live: Awaited<ReturnType<typeof readFigures>> }) {
  const { req, charter, live } = props;
  const { t, lang } = req;
  const council = charter.bodies.council;
  const blocks = council.blocks;
  const perBlock = blocks[0]?.seats ?? 0;
  const equalBlocks = blocks.every((b) => b.seats === perBlock);
  const today = almatyDate();
  const untilFirst = daysBetween(today, council.firstSelection);
  const cities = charter.regions.filter((r) => r.kind === 'city').length;
  const renewed = (council.seats * council.renewalShare.numerator) / council.renewalShare.denominator;
  const dimensions = new Intl.ListFormat(locale(lang), { type: 'conjunction' }).format(
    council.selectionDimensions.map((d) => d.name[lang].toLocaleLowerCase(locale(lang))),
  );
  return (
    <>
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">{council.name[lang]}</h1>
        <p class="lead">{t('home.lead')}</p>
        <p>
          {t(equalBlocks ? 'home.composition.equal' : 'home.composition.unequal', { seats: council.seats, blocks: blocks.length, perBlock })}{' '}
          {t(untilFirst > 0 ? 'home.firstSelection.future' : 'home.firstSelection.past', { date: formatDate(lang, council.firstSelection) })}
          {untilFirst > 0 && (
            <>
              {' '}
              <span class="badge badge-info">{t('home.countdown', { count: untilFirst })}</span>
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t('home.figures.title')}</h2>
        <FigureList>
          <Figure
            value={formatNumber(lang, council.seats)}
            label={t('home.figure.seats')}
            href={req.server.hasRoute({ method: 'GET', url: '/council' }) ? '/council' : undefined}
          />
          <Figure
            value={formatNumber(lang, charter.regions.length)}
            label={t('home.figure.regions')}
            note={t('home.figure.regions.note', { regions: charter.regions.length - cities, cities })}
          />
          {live.values.map((f) => (
            <Figure key={f.id} value={formatNumber(lang, f.value)} label={t(f.labelKey)} />
          ))}
        </FigureList>
        <p class="muted small">{t('home.figures.asOf', { time: formatDateTime(lang, new Date(live.at).toISOString()) })}</p>
      </section>

      <div class="columns">
        <section aria-labelledby="blocks-title">
          <h2 id="blocks-title">{t('home.blocks.title')}</h2>
          <ul class="blocks">
            {blocks.map((b) => (
              <li key={b.id}>
                <span class="block-name">{b.name[lang]}</span>
                <span class="block-seats">{t('home.block.seats', { count: b.seats })}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="selection-title">
          <h2 id="selection-title">{t('home.selection.title')}</h2>
          <p>{t('home.selection.body', { dimensions, minAge: council.eligibility.minAge })}</p>
          <p>
            {t('home.term', { count: council.termYears })}{' '}
            {t('home.renewal', { count: council.cycleYears, renewed: formatNumber(lang, renewed), seats: council.seats })}
          </p>
        </section>
      </div>

      <section aria-labelledby="how-title">
        <h2 id="how-title">{t('home.how.title')}</h2>
        <ol class="steps">
          {STEPS.map((s) => (
            <li key={s.id}>
              <h3>{t(`home.step.${s.id}.title`)}</h3>
              <p>{t(`home.step.${s.id}.body`)}</p>
              {req.server.hasRoute({ method: 'GET', url: s.href }) && (
                <p>
                  <a href={s.href}>{t(`home.step.${s.id}.link`)}</a>
                </p>
              )}
            </li>
          ))}
        </ol>
        <p>{t('home.kurultai', { seats: charter.bodies.kurultai.seats })}</p>
      </section>
    </>
  );
}
