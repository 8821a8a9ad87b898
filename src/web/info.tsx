// The pages a public service has (issue 15, ADR 0510): about, help, how the lottery works and how to
// take part, the rules in plain words (generated from the charter), privacy notice, accessibility
// statement, contact. Shell pages in kk, ru and en, linked from every page's footer.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { summarizeCharter } from '../core/charter/summary.ts';
import type { AppContext } from './context.ts';
import { INFO_PAGES } from './infoPages.ts';
import { sendPage } from './layout.tsx';


/** The charter summary split at its blank lines: a heading line, then its items. */
function charterSections(text: string): { heading: string; items: string[] }[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((l) => l.trim()))
    .filter((lines) => lines.length > 0)
    .map(([heading, ...items]) => ({ heading: heading!.replace(/:$/, ''), items: items.map((i) => i.trim()) }));
}

export async function infoModule(app: FastifyInstance, ctx: AppContext) {
  for (const p of INFO_PAGES) {
    app.get(p.href, { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return sendPage(reply, req.t(`info.${p.id}.title`), <InfoPage req={req} id={p.id} paragraphs={p.paragraphs} ctx={ctx} />);
    });
  }
}

function InfoPage(props: { req: FastifyRequest; id: (typeof INFO_PAGES)[number]['id']; paragraphs: number; ctx: AppContext }) {
  const { req, id, ctx } = props;
  const t = req.t;
  const council = ctx.charter.bodies.council;
  const params = { seats: council.seats, minAge: council.eligibility.minAge, term: council.termYears, charter: ctx.charter.title[req.lang] };
  return (
    <article class="info-page">
      <h1>{t(`info.${id}.title`)}</h1>
      <p class="lead">{t(`info.${id}.lead`, params)}</p>
      {Array.from({ length: props.paragraphs }, (_, i) => (
        <p key={i}>{t(`info.${id}.p${i + 1}`, params)}</p>
      ))}
      {id === 'rules' &&
        charterSections(summarizeCharter(ctx.charter, req.lang)).map((s) => (
          <section key={s.heading}>
            <h2>{s.heading}</h2>
            {s.items.length > 0 && (
              <ul>
                {s.items.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            )}
          </section>
        ))}
      {id === 'lottery' && (
        <p>
          <a href="/sortition">{t('info.lottery.runs')}</a>
        </p>
      )}
    </article>
  );
}
