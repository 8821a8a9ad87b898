// What one page costs the machine in the browser tests: a real server on the demo data, Debian's
// Chromium, N loads of one address in a phone context (JavaScript off unless --js), with or without
// the axe check. Machine CPU comes from /proc/stat (Chromium's renderers are not children of this
// process, so its own rusage misses them): run it on a quiet machine.
//
//   node --import tsx bench/browser/pageCost.ts [--path /] [--n 20] [--axe] [--phone] [--js] [--fresh]
//
// Default: each load takes a page with openPage and gives it back with closePage, as a test does (a
// kept page, ADR 0010). --fresh: a new context for each load, closed after it (what tests did before).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { phoneProblems } from '../../e2e/helpers/phone.ts';
import { checkA11y, closePage, launchBrowser, openPage, type Page, phone, startServer } from '../../e2e/helpers/browser.ts';

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: '/' },
    n: { type: 'string', default: '20' },
    axe: { type: 'boolean', default: false },
    js: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    phone: { type: 'boolean', default: false },
  },
});

/** Machine-wide busy CPU seconds so far (user, nice, system, irq, softirq). */
function machineCpu(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6]) / 100;
}

const n = Number(values.n);
const server = await startServer({ demo: true, seed: true });
const browser = await launchBrowser();
const options = { ...phone(), javaScriptEnabled: values.js };
async function take(): Promise<Page> {
  if (!values.fresh) return openPage(browser, server, options);
  const context = await browser.newContext({ baseURL: server.url, locale: 'kk-KZ', ...options });
  return context.newPage();
}
const giveBack = (page: Page) => (values.fresh ? page.context().close() : closePage(page));
async function load(): Promise<void> {
  const page = await take();
  await page.goto(values.path);
  if (values.axe) await checkA11y(page, { javaScriptDisabled: !values.js });
  if (values.phone) await phoneProblems(page);
  await giveBack(page);
}
try {
  // One warm-up load: the server's caches and Chromium's first renderer are not what is measured.
  await load();
  const cpu0 = machineCpu();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await load();
  const cpu = machineCpu() - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(JSON.stringify({ path: values.path, n, axe: values.axe, phone: values.phone, js: values.js, fresh: values.fresh, machineCpuPerLoadMs: Math.round((cpu / n) * 1000), wallPerLoadMs: Math.round((wall / n) * 1000), loadAverage: load1 }));
} finally {
  await browser.close();
  await server.close();
}
