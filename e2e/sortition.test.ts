// The draw ceremony in Chromium, through the console forms (ADR 0111): the secretariat commits a pool
// and names future entropy sources (a past date is refused inline), the reveal is refused before the
// date, the clock moves past it, the entropy is revealed and the draw runs; a citizen then finds the
// draw in Russian with its files and rerun command; an outsider checks it from an empty folder with
// only the public URL. axe finds no violations on any page.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateSigningKey } from '../src/core/ledger/signing.ts';
import { runSelection } from '../src/core/sortition/index.ts';
import { type CommitmentFile, parsePoolCsv, parseQuotasCsv, selectionInputOf } from '../src/core/sortition/publicDraw.ts';
import { signInAs } from '../test/helpers/auth.ts';
import { assertNoProblems, checkA11y, closePage, openPage, scratchDir, startServer, type TestServer, useSession, withBrowser } from './helpers/browser.ts';

const FIXTURES = new URL('../test/fixtures/sortition/example_small_20/', import.meta.url);
const BIN = fileURLToPath(new URL('../bin/kenes.mjs', import.meta.url));
// The committed stand-alone verifier, the file the instance serves (test/api/ledger-distribution checks they are equal).
const VERIFIER = fileURLToPath(new URL('../dist/kenes-verify.mjs', import.meta.url));
const DAY = 24 * 3600 * 1000;
const keys = generateSigningKey();
let server: TestServer;
let clock = Date.now();
let runId = '';

before(async () => {
  server = await startServer({ config: { ledgerKey: keys.privateKeyBase64 } });
  server.ctx.now = () => new Date(clock);
});
after(async () => server.close());

test('the secretariat commits a draw and reveals its entropy through the forms; the draw runs', async () => {
  const staff = await signInAs(server, { roles: ['secretariat'] });
  await withBrowser(async (browser) => {
    const page = await openPage(browser, server, { locale: 'en-GB' });
    await useSession(page, server, staff, 'en');
    await page.goto('/sortition');
    await page.click('main a[href="/sortition/new"]');
    await page.waitForURL('**/sortition/new');
    await checkA11y(page);
    await page.selectOption('#field-format', 'panelot');
    await page.fill('#field-categoriesCsv', readFileSync(new URL('categories.csv', FIXTURES), 'utf8'));
    await page.fill('#field-respondentsCsv', readFileSync(new URL('respondents.csv', FIXTURES), 'utf8'));
    await page.fill('#field-k', '20');
    // The check before the commit: the pool against its quotas, and whether a panel exists; nothing stored.
    await page.click('button[formaction="/sortition/draws/preview"]');
    await page.waitForSelector('section.preview[data-feasible="true"]');
    assert.match((await page.textContent('section.preview')) ?? '', /people in the pool for 20 seats/);
    assert.equal(await page.inputValue('#field-k'), '20', 'the check keeps the form');
    await checkA11y(page);
    assert.equal((await server.db.db.selectFrom('sortition_runs').select('id').execute()).length, 0);
    await page.fill('#field-entropySources', 'Lotto 2026-10-15 (6 of 49)\nKASE index close of 2026-10-16');
    // A date in the past is refused inline, and nothing is committed.
    await page.fill('#field-entropyAfter', new Date(clock - DAY).toISOString());
    await page.click('form[action="/sortition/draws"] button[type=submit]:not([formaction])');
    assert.equal(await page.getAttribute('#field-entropyAfter', 'aria-invalid'), 'true');
    assert.match((await page.textContent('#field-entropyAfter-error')) ?? '', /not in the future/);
    assert.equal(await page.inputValue('#field-k'), '20', 'the form keeps what was typed');
    await checkA11y(page);
    assert.equal((await server.db.db.selectFrom('sortition_runs').select('id').execute()).length, 0);

    const after = new Date(clock + DAY).toISOString();
    await page.fill('#field-entropyAfter', after);
    await page.click('form[action="/sortition/draws"] button[type=submit]:not([formaction])');
    await page.waitForURL(/\/sortition\/runs\/[0-9a-f-]{36}$/);
    runId = new URL(page.url()).pathname.split('/').pop()!;
    assert.equal(await page.getAttribute('[data-stage]', 'data-stage'), 'committed');
    const committed = (await page.textContent('main')) ?? '';
    assert.match(committed, /Lotto 2026-10-15 \(6 of 49\)/);
    assert.ok(committed.includes(after));
    for (const f of ['pool.csv', 'quotas.csv', 'commitment.json', 'ledger.json']) assert.equal(await page.locator(`a[href="/sortition/runs/${runId}/${f}"]`).count(), 1, f);
    await checkA11y(page);

    // Before the sources' date the reveal is refused, inline, and the draw stays committed.
    await page.fill('#field-entropy', 'Lotto 2026-10-15: 03 11 19 27 35 41\nKASE close 2026-10-16: 4321.09');
    await page.click(`form[action="/sortition/runs/${runId}/reveal"] button[type=submit]`);
    assert.match((await page.textContent('#field-entropy-error')) ?? '', /too early/);
    assert.equal(await page.getAttribute('[data-stage]', 'data-stage'), 'committed');
    await checkA11y(page);

    clock += 2 * DAY;
    await page.fill('#field-entropy', 'Lotto 2026-10-15: 03 11 19 27 35 41\nKASE close 2026-10-16: 4321.09');
    await page.click(`form[action="/sortition/runs/${runId}/reveal"] button[type=submit]`);
    await page.waitForURL(`**/sortition/runs/${runId}`);
    // The run page follows the draw live (its events stream) and shows the result when it ends, with
    // no reload by the reader.
    await page.waitForSelector('[data-stage="drawn"]', { timeout: 60_000 });
    const events = await (await fetch(`${server.url}/api/v1/sortition/runs/${runId}/events`)).text();
    assert.match(events, /event: done/);
    assert.equal(await page.locator(`form[action="/sortition/runs/${runId}/reveal"]`).count(), 0, 'no second reveal');
    await checkA11y(page);
    assertNoProblems(page);
    await closePage(page);
  });
});

test('a citizen finds the draw, reads its result, files and the rerun command, in Russian', async () => {
  assert.ok(runId, 'the draw of the first test');
  await withBrowser(async (browser) => {
    const page = await openPage(browser, server);
    await page.goto('/sortition');
    await page.locator('a[hreflang="ru"]').click();
    await page.waitForURL('**/sortition');
    assert.equal(await page.locator('h1').textContent(), 'Жеребьёвки членов совета');
    await checkA11y(page);
    await page.locator(`a[href="/sortition/runs/${runId}"]`).click();
    await page.waitForURL(`**/sortition/runs/${runId}`);
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /Жеребьёвка 20 мест среди 200 человек/);
    assert.match(text, /Lotto 2026-10-15/);
    assert.match(text, /Проведена/);
    // The command names the address this reader used, and no unpublished npm package.
    const command = (await page.locator('code.rerun').textContent()) ?? '';
    assert.equal(command, `curl -fsSO ${server.url}/kenes-verify.mjs\nnode kenes-verify.mjs draw ${server.url}/sortition/runs/${runId}`);
    assert.doesNotMatch(text, /localhost|npx/);
    const ids = ((await page.locator('.panel-ids').textContent()) ?? '').split(',').map((s) => s.trim());
    assert.equal(ids.length, 20);
    const pool = await (await fetch(`${server.url}/sortition/runs/${runId}/pool.csv`)).text();
    for (const id of ids) assert.match(pool, new RegExp(`^${id},`, 'm'), `${id} is a public candidate number`);
    await checkA11y(page);
    await page.locator(`a[href="/sortition/runs/${runId}/report.html"]`).click();
    await page.waitForURL('**/report.html');
    assert.ok((await page.locator('svg').count()) > 0);
    await closePage(page);
  });
});

test('an outsider with only the public URL checks the draw from an empty folder with kenes select verify', async () => {
  assert.ok(runId, 'the draw of the first test');
  const { dir, remove } = scratchDir();
  try {
    const cli = await promisify(execFile)(process.execPath, [BIN, 'select', 'verify', `${server.url}/sortition/runs/${runId}`, '--key', keys.publicKeyBase64], { cwd: dir, encoding: 'utf8' });
    assert.match(cli.stdout, /^ok {3}committed-entry:/m);
    assert.match(cli.stdout, /^ok {3}rerun:/m);
    assert.match(cli.stdout, /^verified: public leximin draw/m);
  } finally {
    remove();
  }
});

test("the run page's own command works as written from an empty folder", async () => {
  assert.ok(runId, 'the draw of the first test');
  // The command needs the single-file verifier, which the instance serves at a stable path.
  const served = await fetch(`${server.url}/kenes-verify.mjs`);
  assert.equal(served.status, 200, 'the instance serves /kenes-verify.mjs');
  const { dir, remove } = scratchDir();
  try {
    const page = await (await fetch(`${server.url}/sortition/runs/${runId}?lang=en`, { headers: { accept: 'text/html' } })).text();
    const command = page.match(/<code class="rerun">([^<]+)<\/code>/)?.[1];
    assert.ok(command, 'the page shows the rerun command');
    assert.ok(command.includes(`draw ${server.url}/sortition/runs/${runId}`), 'against the address this reader used');
    const out = await promisify(execFile)('sh', ['-ec', command.replace(/&amp;/g, '&')], { cwd: dir, encoding: 'utf8' });
    assert.doesNotMatch(out.stdout, /FAIL/);
    for (const check of ['commitment', 'committed-entry', 'commitment-before-entropy', 'reveal-after-commitment', 'seed', 'report-inputs', 'distribution', 'lottery', 'panel', 'drawn-entry']) {
      assert.match(out.stdout, new RegExp(`^ok {3}${check}:`, 'm'), `${check} passes`);
    }
    assert.match(out.stdout, /signed head of size \d+ at \S+ covers it/, 'the head issued at commit dates the commitment');
    assert.match(out.stdout, /ledger entries proved included under signed heads/);
    assert.match(out.stdout, /LEXIMIN \(or other\) optimisation is not rerun here/);
    assert.match(out.stdout, /^ok: all 10 checks pass/m);
    assert.ok(readFileSync(join(dir, 'kenes-verify.mjs')).equals(Buffer.from(await served.arrayBuffer())), 'the served file was downloaded');
    // With the platform key pinned the heads are checked against it; a stranger's key is refused.
    const url = `${server.url}/sortition/runs/${runId}`;
    const pinned = await promisify(execFile)(process.execPath, ['kenes-verify.mjs', 'draw', url, '--pin', keys.publicKeyBase64], { cwd: dir, encoding: 'utf8' });
    assert.match(pinned.stdout, /^ok: all 10 checks pass/m);
    assert.doesNotMatch(pinned.stdout, /key the server sent/);
    const stranger = await promisify(execFile)(process.execPath, ['kenes-verify.mjs', 'draw', url, '--pin', generateSigningKey().publicKeyBase64], { cwd: dir, encoding: 'utf8' }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(stranger.code, 1);
    assert.match(stranger.stderr, /has a bad signature/);
  } finally {
    remove();
  }
});

test('kenes-verify.mjs draw with files: the genuine report passes; one regenerated with other entropy fails against the ledger', async () => {
  assert.ok(runId, 'the draw of the first test');
  const { dir, remove } = scratchDir();
  const verify = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [VERIFIER, 'draw', ...args], { cwd: dir, encoding: 'utf8' }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  try {
    const files: Record<string, string> = {};
    for (const name of ['commitment.json', 'pool.csv', 'quotas.csv', 'report.json']) {
      const res = await fetch(`${server.url}/sortition/runs/${runId}/${name}`);
      assert.equal(res.status, 200, name);
      files[name] = await res.text();
      writeFileSync(join(dir, name), files[name]);
    }
    const exported = await fetch(`${server.url}/api/v1/ledger/export`);
    assert.equal(exported.status, 200);
    writeFileSync(join(dir, 'ledger.jsonl'), await exported.text());
    const c = JSON.parse(files['commitment.json']) as CommitmentFile;
    const input = selectionInputOf({ pool: parsePoolCsv(files['pool.csv'], c.categories, c.householdRule), quotas: parseQuotasCsv(files['quotas.csv']), k: c.k });
    const otherEntropy = 'Another lottery: 01 02 03 04 05 06';
    const forged = await runSelection(input, { entropy: otherEntropy, lotterySize: c.lotterySize, commitment: c.commitment });
    const genuine = JSON.parse(files['report.json']) as { draw: { members: string[] }; inputHash: string; entropy: string };
    assert.notDeepEqual(forged.draw.members, genuine.draw.members, 'another panel');
    assert.equal(forged.inputHash, genuine.inputHash, 'same inputs');
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    writeFileSync(join(dir, 'other-entropy.txt'), otherEntropy);
    writeFileSync(join(dir, 'entropy.txt'), genuine.entropy);
    const common = ['--commitment', 'commitment.json', '--pool', 'pool.csv', '--quotas', 'quotas.csv', '--ledger', 'ledger.jsonl', '--pin', keys.publicKeyBase64];

    const good = await verify(...common, '--report', 'report.json', '--entropy', 'entropy.txt');
    assert.equal(good.code, 0, good.stderr + good.stdout);
    assert.match(good.stdout, /^ok {3}drawn-entry:/m);
    assert.match(good.stdout, /ledger export of \d+ entries verified/);

    const bad = await verify(...common, '--report', 'forged.json', '--entropy', 'other-entropy.txt');
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^FAIL seed: SHA-256 of the entropy is [0-9a-f]{64}; the report's seed is [0-9a-f]{64} and the ledger revealed other entropy/m);
    assert.match(bad.stdout, /^FAIL drawn-entry: ledger entry \d+ records report [0-9a-f]{64}, this report hashes to [0-9a-f]{64}/m);
    assert.match(bad.stderr, /draw verify FAILED: .*drawn-entry/);
    // The forged report with the revealed entropy fails too: its seed is not that entropy's.
    const alone = await verify(...common, '--report', 'forged.json', '--entropy', 'entropy.txt');
    assert.equal(alone.code, 1, alone.stdout + alone.stderr);
    assert.match(alone.stdout, /^FAIL seed:/m);
    assert.match(alone.stdout, /^FAIL drawn-entry:/m);

    // A pinned key that is not the platform's: the ledger export itself is refused.
    const stranger = await verify(...common.slice(0, -1), generateSigningKey().publicKeyBase64, '--report', 'report.json', '--entropy', 'entropy.txt');
    assert.equal(stranger.code, 1, stranger.stdout + stranger.stderr);
    assert.match(stranger.stderr, /the ledger export does not verify/);
  } finally {
    remove();
  }
});
