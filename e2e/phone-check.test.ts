// The phone check itself (e2e/helpers/phone.ts) on pages made to break one rule each, so that a green
// e2e/phone.test.ts means something: it must see sideways overflow (also when a mobile browser zooms
// out to hide it), tiny or cut-off chart text, small HTML text and small touch targets, and must let
// through what WCAG 2.5.8 allows (a link inside a sentence, a small target with room around it).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Browser, closePage, launchBrowser, openPage, phone, startServer, type TestServer } from './helpers/browser.ts';
import { assertPhoneFriendly, phoneProblems } from './helpers/phone.ts';

const CSS = `
body { margin: 0; font: 16px/1.5 sans-serif; }
.wide { width: 800px; }
.tiny { font-size: 10px; }
.sq { display: inline-block; width: 16px; height: 16px; padding: 0; border: 0; margin: 0; }
.far { display: inline-block; margin: 40px; }
`;

const PAGES: Record<string, string> = {
  good: '<p>Read <a href="/x">the rules</a> before signing.</p><button>Sign</button><svg viewBox="0 0 320 40" width="100%"><text x="0" y="20" font-size="14">Label</text></svg>',
  wide: '<div class="wide">too wide</div>',
  chart: '<svg viewBox="0 0 1000 100" width="100%"><text x="10" y="50" font-size="13">Tiny label</text></svg>',
  cut: '<svg viewBox="0 0 320 40" width="100%"><text x="310" y="20" font-size="14">Cut off label</text></svg>',
  text: '<p class="tiny">Small print</p>',
  targets: '<p><button class="sq" aria-label="a"></button><button class="sq" aria-label="b"></button></p><p><a class="sq far" href="/y" aria-label="alone"></a></p>',
};

function pages(app: FastifyInstance) {
  app.get('/test/phone.css', (_req, reply) => reply.type('text/css').send(CSS));
  app.get<{ Params: { name: string } }>('/test/phone/:name', (req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title><link rel="stylesheet" href="/test/phone.css"></head><body><main>${PAGES[req.params.name]}</main></body></html>`,
      ),
  );
}

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startServer({ routes: pages });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function problemsOf(name: string): Promise<string[]> {
  const page = await openPage(browser, server, phone());
  try {
    await page.goto(`/test/phone/${name}`);
    return await phoneProblems(page);
  } finally {
    await closePage(page);
  }
}

test('a page that keeps the rules passes, inline link in a sentence included', async () => {
  assert.deepEqual(await problemsOf('good'), []);
  const page = await openPage(browser, server, phone());
  await page.goto('/test/phone/good');
  await assertPhoneFriendly(page);
  await closePage(page);
});

test('each broken rule is reported, naming the element', async () => {
  const wide = await problemsOf('wide');
  assert.equal(wide.length, 1);
  assert.match(wide[0], /document scrolls sideways: scrollWidth 8\d\d > 360 px .*div\.wide/);

  const chart = await problemsOf('chart');
  assert.equal(chart.length, 1);
  assert.match(chart[0], /chart text [0-9.]+ px < 12 px: text "Tiny label"/);

  assert.deepEqual(await problemsOf('cut'), ['chart text cut off by its chart: text "Cut off label"']);
  assert.deepEqual(await problemsOf('text'), ['text 10.0 px < 12 px: p.tiny "Small print"']);

  // Two 16 px buttons side by side fail; the lone 16 px link with 40 px of room passes (spacing exception).
  const targets = await problemsOf('targets');
  assert.deepEqual(targets, ['touch target 16×16 px < 24×24: button.sq', 'touch target 16×16 px < 24×24: button.sq']);
});

test('assertPhoneFriendly fails with the list, and refuses a desktop viewport', async () => {
  const page = await openPage(browser, server, phone());
  await page.goto('/test/phone/wide');
  await assert.rejects(assertPhoneFriendly(page), /not phone-friendly at 360 px[\s\S]*scrolls sideways/);
  await closePage(page);
  const desk = await openPage(browser, server, { viewport: { width: 1024, height: 768 } });
  await desk.goto('/test/phone/good');
  await assert.rejects(assertPhoneFriendly(desk), /needs a 360 px viewport/);
  await closePage(desk);
});
