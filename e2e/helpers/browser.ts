// Browser-test harness: a real Kenes server on a fresh database, listening on loopback, driven by
// Debian's Chromium through playwright-core, with an axe-core accessibility check.
//
//   const server = await startServer({ demo: true });
//   await withBrowser(async (browser) => {
//     const page = await openPage(browser, server);        // baseURL set, CSP kept, console watched
//     await page.goto('/');
//     await checkA11y(page);                                // throws with a readable list of violations
//   });
//   await server.close();
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page, type Route } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.ts';
import { type TestApp, testApp } from '../../test/helpers/app.ts';

/**
 * Debian's headless shell of Chromium (package chromium-headless-shell: the same Blink and V8 as
 * /usr/bin/chromium without the desktop browser around them, what Playwright itself uses for headless
 * runs) when it is installed: it costs the machine about a third less per page (ADR 0012). Else the
 * full browser. KENES_CHROMIUM chooses another executable.
 */
export const HEADLESS_SHELL_PATH = '/usr/lib/chromium/chromium-headless-shell';
export const FULL_CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_PATH = process.env.KENES_CHROMIUM ?? (existsSync(HEADLESS_SHELL_PATH) ? HEADLESS_SHELL_PATH : FULL_CHROMIUM_PATH);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

// ---------------------------------------------------------------------------------------------
// Server

export interface TestServer extends TestApp {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
}

export interface ServerOptions {
  /** Demo mode: the demo banner and the demo sign-in list. Default false. */
  demo?: boolean;
  /**
   * Environment given to loadConfig (e.g. OIDC_ISSUER, OIDC_CLIENT_ID). A function receives the
   * server's URL first, for settings that depend on it (an OIDC provider's redirect URI).
   */
  env?: NodeJS.ProcessEnv | ((url: string) => NodeJS.ProcessEnv | Promise<NodeJS.ProcessEnv>);
  /** Run the demo seeders (synthetic citizens and staff, …) before listening. */
  seed?: boolean;
  /** Extra routes for the test (e.g. a page that renders components), added before the app is ready. */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** Config fields set after loading (wins over env). */
  config?: Partial<Config>;
}

/**
 * Starts the real app on a fresh SQLite (or TEST_DATABASE_URL) database on 127.0.0.1. The port is
 * chosen before the app is built so that `config.baseUrl` (used for OIDC redirect URIs) is right.
 */
export async function startServer(opts: ServerOptions = {}): Promise<TestServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = typeof opts.env === 'function' ? await opts.env(url) : opts.env;
    // The seeded database is a copy of one seeded once per test run for the same config (test/helpers/app.ts).
    const t = await testApp({ demo: opts.demo ?? false, host: '127.0.0.1', port, baseUrl: url, ...opts.config }, { KENES_BASE_URL: url, ...env }, opts.routes, opts.seed ? { seed: {} } : {});
    try {
      await t.app.listen({ host: '127.0.0.1', port });
      return { ...t, url, port };
    } catch (err) {
      await t.close();
      // Another process took the port between probing and listening: try a new one.
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw err;
    }
  }
}

/** What test/helpers/app.ts's testApp does, with room for extra routes before `ready()`. */

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Browser

/** Launches headless Chromium with a fresh, throw-away profile. Close it with `browser.close()`. */
export async function launchBrowser(executablePath = CHROMIUM_PATH): Promise<Browser> {
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath}: apt-get install -y chromium-headless-shell chromium`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Runs `fn` with a fresh browser and always closes it. */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/**
 * A page with cookies of its own against `server`, so `page.goto('/')` works. Page errors and console
 * errors (CSP violations show up there) are collected in `problems(page)`.
 *
 * Each page is the only page of its own context. A page given back with `closePage` is kept, emptied
 * (no cookies, storage, routes or listeners; see `release`), and handed out again to the next `openPage`
 * with the same server and options (ADR 0010): a new context and its renderer process cost the machine
 * ~0.43 CPU-s, three times the load of a page in a warm one (bench/browser/pageCost.ts).
 */
export async function openPage(browser: Browser, server: { url: string }, options: BrowserContextOptions = {}): Promise<Page> {
  const key = JSON.stringify([server.url, options]);
  let page = idlePages.get(browser)?.get(key)?.pop();
  if (!page) {
    const context = await browser.newContext({ baseURL: server.url, locale: 'kk-KZ', ...options });
    if (options.javaScriptEnabled === false) scriptless.add(context);
    page = await context.newPage();
  }
  reusable.set(page, { key, options, origin: server.url });
  const seen: string[] = [];
  page.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Failed loads are reported below with their URL; a 404 *page* visited on purpose is no problem.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) seen.push(`console error: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') seen.push(`failed load: ${res.status()} ${res.url()}`);
  });
  // net::ERR_ABORTED is the browser cancelling a load itself, as when the page navigates away before
  // its favicon arrives (seen in CI after a language switch): no answer came back to judge.
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'unknown';
    if (why !== 'net::ERR_ABORTED') seen.push(`failed request: ${req.url()} (${why})`);
  });
  problemsByPage.set(page, seen);
  return page;
}

/** Pages given back by `closePage`, per browser and per server and options, for the next `openPage`. */
const idlePages = new WeakMap<Browser, Map<string, Page[]>>();
/** What a page handed out by `openPage` was opened with, so that `closePage` can keep it for reuse. */
const reusable = new WeakMap<Page, { key: string; options: BrowserContextOptions; origin: string }>();

/**
 * Empties a page for its next user, as a new context would be: every listener, route, cookie and
 * permission of the test gone, the viewport back to the context's; with JavaScript on, the origin's
 * storage cleared and the document left for a bare response of the same server (same site: no new
 * renderer process), so that no script, timer or event stream of the test lives on. A page with
 * JavaScript off runs nothing and keeps its inert document until the next load. False: not reusable.
 */
async function release(page: Page, options: BrowserContextOptions, origin: string): Promise<boolean> {
  const context = page.context();
  if (page.isClosed() || context.pages().length !== 1) return false;
  page.removeAllListeners();
  await page.unrouteAll({ behavior: 'wait' });
  await context.unrouteAll({ behavior: 'wait' });
  if (options.javaScriptEnabled !== false) {
    if (page.url().startsWith(origin)) await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
    await page.goto(`${origin}/healthz`);
  }
  await context.clearCookies();
  await context.clearPermissions();
  if (options.viewport !== null) await ensureViewport(page, options.viewport ?? DEFAULT_VIEWPORT);
  return true;
}

/** Playwright's viewport for a context opened without one. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** Sets the page's viewport to `want` unless it is that already (a resize costs a layout). */
async function ensureViewport(page: Page, want: { width: number; height: number }): Promise<void> {
  const now = page.viewportSize();
  if (now?.width !== want.width || now?.height !== want.height) await page.setViewportSize(want);
}

const problemsByPage = new WeakMap<Page, string[]>();
/** Contexts opened with JavaScript off: axe cannot run inside them (timers never fire). */
const scriptless = new WeakSet<BrowserContext>();

/**
 * Problems seen so far on a page opened with `openPage`: console errors (CSP violations included),
 * uncaught page errors, and failed loads of anything but the document itself.
 */
export function problems(page: Page): string[] {
  return [...(problemsByPage.get(page) ?? [])];
}

/** Fails when the page logged console errors (e.g. a CSP violation) or threw. */
export function assertNoProblems(page: Page): void {
  const list = problems(page);
  assert.deepEqual(list, [], `browser reported problems on ${page.url()}:\n  ${list.join('\n  ')}`);
}

/**
 * Puts a signed-in session into the page's context, as a real sign-in would have left it, and
 * optionally a remembered language. `who` is what test/helpers/auth.ts `signInAs(server, …)` returns.
 *
 *   const mod = await signInAs(server, { roles: ['moderator'] });
 *   const page = await openPage(browser, server);
 *   await useSession(page, server, mod, 'ru');
 */
export async function useSession(page: Page, server: { url: string }, who: { cookie: string } | null, lang?: 'kk' | 'ru' | 'en'): Promise<void> {
  const cookies: { name: string; value: string; url: string }[] = [];
  if (who) {
    const eq = who.cookie.indexOf('=');
    cookies.push({ name: who.cookie.slice(0, eq), value: who.cookie.slice(eq + 1), url: server.url });
  }
  if (lang) cookies.push({ name: 'lang', value: lang, url: server.url });
  await page.context().addCookies(cookies);
}

/**
 * Gives the page back: emptied and kept for the next `openPage` with the same server and options, or,
 * when that cannot be (the test opened more pages in its context, closed it, or emptying failed), its
 * context is closed.
 */
export async function closePage(page: Page): Promise<void> {
  const opened = reusable.get(page);
  reusable.delete(page);
  const browser = page.context().browser();
  let kept = false;
  if (opened && browser?.isConnected()) kept = await release(page, opened.options, opened.origin).catch(() => false);
  if (!kept || !opened || !browser) {
    await page.context().close();
    return;
  }
  const byKey = idlePages.get(browser) ?? new Map<string, Page[]>();
  idlePages.set(browser, byKey);
  byKey.set(opened.key, [...(byKey.get(opened.key) ?? []), page]);
}

// ---------------------------------------------------------------------------------------------
// Accessibility

const require = createRequire(import.meta.url);
let axeSource: string | undefined;
function axe(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface A11yOptions {
  /** Rule ids to skip, each with a reason in the caller's comment. */
  disableRules?: string[];
  /** CSS selector to limit the check to. Default: the whole document. */
  include?: string;
  /** Say so for a page whose context has JavaScript off and was not opened with `openPage`. */
  javaScriptDisabled?: boolean;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA plus best practices) on the page as it is now and throws a
 * readable list of violations: rule id, impact, what to fix, and each offending element's selector.
 *
 * axe is injected through the DevTools protocol (`page.evaluate`), which the page's strict CSP does not
 * govern, so pages are checked under their real CSP without `bypassCSP`.
 */
export async function checkA11y(page: Page, opts: A11yOptions = {}): Promise<void> {
  if (opts.javaScriptDisabled || scriptless.has(page.context())) {
    // axe needs timers, which never fire with JavaScript off: check an exact copy of this DOM,
    // served at the same URL (so the same CSS loads) in a script-enabled context.
    // One copy page per browser serves every such check (a new context per check cost a context,
    // a cold cache and a page start each time); checks on one browser take turns on it.
    const browser = page.context().browser();
    assert.ok(browser, 'checkA11y: page has no browser');
    const previous = copyTurns.get(browser) ?? Promise.resolve();
    const turn = previous.then(async () => checkA11y(await snapshot(page, browser), { ...opts, javaScriptDisabled: false }));
    copyTurns.set(
      browser,
      turn.catch(() => {}),
    );
    return turn;
  }
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axe());
  const rules = Object.fromEntries((opts.disableRules ?? []).map((id) => [id, { enabled: false }]));
  const violations = (await page.evaluate(
    async ([include, rules]) => {
      // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time, untyped here
      const axe = (window as any).axe;
      const result = await axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
        rules,
      });
      return result.violations;
    },
    [opts.include ?? null, rules] as const,
  )) as AxeViolation[];
  if (violations.length === 0) return;
  assert.fail(`axe found ${violations.length} accessibility violation(s) on ${page.url()}:\n${formatViolations(violations)}`);
}

/** Per browser: the script-enabled page that copies of JavaScript-off pages are checked in, and whose turn it is. */
const copyPages = new WeakMap<Browser, Promise<Page>>();
const copyTurns = new WeakMap<Browser, Promise<unknown>>();

/**
 * Puts an exact copy of `page`'s DOM, at the same URL and viewport, into the browser's copy page (a
 * script-enabled context made once per browser, closed with it). When the copy page is already on the
 * same origin, the copy is written into its document (`document.open`, which keeps the window and with
 * it the axe already injected): only its style sheets load, which do not depend on cookies. Otherwise
 * it is loaded, with the original's cookies, from a route serving the HTML. Writing in place is half
 * the machine's CPU per check (bench/browser/pageCost.ts --axe).
 */
async function snapshot(page: Page, browser: Browser): Promise<Page> {
  const html = await page.content();
  const url = page.url();
  let made = copyPages.get(browser);
  if (!made) {
    made = browser.newContext().then((context) => context.newPage());
    copyPages.set(browser, made);
  }
  const copy = await made;
  await ensureViewport(copy, page.viewportSize() ?? DEFAULT_VIEWPORT);
  if (new URL(copy.url()).origin === new URL(url).origin && (await writeInPlace(copy, html, url))) return copy;
  const context = copy.context();
  await context.clearCookies();
  const cookies = await page.context().cookies();
  if (cookies.length) await context.addCookies(cookies);
  const serve = (route: Route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  await copy.route(url, serve);
  try {
    await copy.goto(url);
  } finally {
    await copy.unroute(url, serve);
  }
  return copy;
}

/**
 * Replaces the copy page's document by `html` at `url` (same origin) and waits for its style sheets,
 * as a load would. False when the page's window did not survive it (then a real load is needed).
 */
async function writeInPlace(copy: Page, html: string, url: string): Promise<boolean> {
  return copy.evaluate(
    async ([html, url]) => {
      const marker = Symbol.for('kenes.copyWindow');
      // biome-ignore lint/suspicious/noExplicitAny: a mark on the window, to see that it is the same one after
      const w = window as any;
      w[marker] = true;
      history.replaceState(null, '', url);
      document.open();
      document.write(html);
      document.close();
      const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]')];
      // (No named helper in here: esbuild's keepNames would wrap it in a `__name` the page lacks.)
      await Promise.all(
        sheets.map((l) =>
          l.sheet
            ? null
            : new Promise((done) => {
                l.addEventListener('load', done, { once: true });
                l.addEventListener('error', done, { once: true });
              }),
        ),
      );
      return w[marker] === true && document.readyState !== 'loading';
    },
    [html, url] as const,
  );
}

export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      at ${n.target.map(String).join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
      return `  - ${v.id} [${v.impact ?? 'n/a'}]: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Small assertions browser tests keep needing

/** Fails when the document is wider than the viewport (content that scrolls sideways on a phone). */
export async function assertNoHorizontalScroll(page: Page): Promise<void> {
  const screen = page.viewportSize()?.width ?? Number.POSITIVE_INFINITY;
  const { scroll, client, culprits } = await page.evaluate((screen) => {
    const root = document.documentElement;
    // A mobile viewport zooms out to fit a too-wide page, which widens clientWidth with it: use the screen's width.
    const width = Math.min(root.clientWidth, screen);
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`);
    return { scroll: root.scrollWidth, client: width, culprits: wide };
  }, screen);
  assert.ok(scroll <= client, `page scrolls sideways on ${page.url()}: scrollWidth ${scroll} > ${client}; widest: ${culprits.join(', ')}`);
}

/** Saves a full-page PNG under the OS temp dir (or `dir`) and returns its path. */
export async function screenshot(page: Page, name: string, dir = tmpdir()): Promise<string> {
  const path = join(dir, `kenes-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A context with JavaScript switched off, for proving that pages work without it. */
export function noScript(): BrowserContextOptions {
  return { javaScriptEnabled: false };
}

/** A 360×740 phone viewport with touch. */
export function phone(): BrowserContextOptions {
  return { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
}

/** Makes a scratch directory removed by the returned function (downloads, traces). */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kenes-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type { Browser, BrowserContext, Page };
