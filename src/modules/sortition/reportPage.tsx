// The lottery report as a page of the site: the site's header and footer, the reader's language, and
// categories and values named from the charter (regions, gender, age bands) instead of `KZ-10` or
// `age18to29`. The self-contained English file is what `kenes select --html` writes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ReportWords, reportSections, type SelectionReport } from '../../core/sortition/index.ts';
import { formatNumber } from '../../web/components/index.ts';
import { sendPage } from '../../web/layout.tsx';

/** The report's words in the reader's language, with the charter's names for its categories. */
export function reportWords(req: FastifyRequest): ReportWords {
  const { t, lang } = req;
  const charter = req.server.ctx.charter;
  const dims = charter.bodies.council.selectionDimensions;
  const k = (key: string, params?: Record<string, string | number>) => t(`sortition.report.${key}`, params);
  const num = (n: number, digits: number) => formatNumber(lang, n, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return {
    lang,
    title: (r) => k('title', { algorithm: r.algorithm.toUpperCase(), k: String(r.k), pool: String(r.pool) }),
    optimal: k('optimal'),
    notOptimal: (gap) => k('notOptimal', { gap }),
    summary: k('summary'),
    min: k('min'),
    max: k('max'),
    gini: k('gini'),
    lotteryChange: (n) => k('lotteryChange', { tickets: String(n) }),
    legacy: (runs) => k('legacy', { runs: String(runs) }),
    draw: k('draw'),
    inputHash: k('inputHash'),
    entropy: k('entropy'),
    seedGiven: k('seedGiven'),
    seed: k('seed'),
    winningTicket: k('winningTicket'),
    ticket: (r) => k('ticket', { ticket: String(r.ticket), last: String(r.last), panel: String(r.panel) }),
    engine: k('engine'),
    quotas: k('quotas'),
    cols: { category: k('col.category'), value: k('col.value'), target: k('col.target'), pool: k('col.pool'), expected: k('col.expected'), selected: k('col.selected') },
    curve: k('curve'),
    curveTitle: (r) => k('curveTitle', r),
    curveAxis: k('curveAxis'),
    everyone: k('everyone'),
    people: { id: k('people.id'), probability: k('people.probability'), lottery: k('people.lottery'), selected: k('col.selected') },
    yes: k('yes'),
    percent: (p) => formatNumber(lang, p, { style: 'percent', minimumFractionDigits: 4, maximumFractionDigits: 4 }),
    fixed: num,
    category: (c) => dims.find((d) => d.id === c)?.name[lang] ?? c,
    value: (c, v) => {
      const dim = dims.find((d) => d.id === c);
      if (dim?.categoriesFrom === 'regions') return charter.regions.find((r) => r.code === v)?.name[lang] ?? v;
      return dim?.categories?.find((x) => x.id === v)?.name[lang] ?? v;
    },
  };
}

export function sendReportPage(req: FastifyRequest, reply: FastifyReply, runId: string, report: SelectionReport) {
  const w = reportWords(req);
  // Each table in its own labelled, focusable scroll box, so a phone scrolls the table and not the page.
  let n = 0;
  const tableWrap = (label: string, table: string) =>
    `<div class="table-wrap" role="region" tabindex="0" aria-label="${label.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}" id="report-table-${n++}">${table}</div>`;
  const html = reportSections(report, w, { tableWrap });
  return sendPage(
    reply,
    w.title({ algorithm: report.algorithm, k: report.k, pool: report.poolSize }),
    <>
      <p>
        <a href={`/sortition/runs/${runId}`}>{req.t('sortition.report.back')}</a>
      </p>
      {/* The sections are built by the report renderer from escaped values only (src/core/sortition/html.ts). */}
      <div class="sortition-report" dangerouslySetInnerHTML={{ __html: html }} />
    </>,
  );
}
