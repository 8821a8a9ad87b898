// The verifier anyone can get (docs/adr/0304): kenes-verify.mjs builds byte for byte the same from the
// source, equals the committed copy the instance serves and whose SHA-256 the page and the release
// notes publish; the /ledger/verify commands run as written from an empty folder against the address
// the reader used; the entry page shows the exact hashed bytes apart from the indented form.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_LEDGER_KEY } from '../../src/config.ts';
import { appendPending } from '../../src/modules/ledger/appender.ts';
import { issueHead } from '../../src/modules/ledger/heads.ts';
import { loadSigningKey } from '../../src/core/ledger/signing.ts';
import { emit } from '../../src/modules/outbox/outbox.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { root, run } from '../helpers/witness.ts';

const dir = mkdtempSync(join(tmpdir(), 'kenes-dist-'));
const demo = loadSigningKey(DEMO_LEDGER_KEY);
let t: TestApp;
let base: string;

async function grow(n: number, from: number) {
  await t.db.db.transaction().execute(async (trx) => {
    for (let i = from; i < from + n; i++) await emit(trx, { kind: 'decision.adopted', subject: `decision/${i}`, payload: { i, text: 'Ақ <b>&</b> "quoted"' } });
  });
  await appendPending(t.db);
  return issueHead(t.db, demo);
}

const htmlText = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const commands = (html: string) => [...html.matchAll(/<pre class="ledger-cmd"><code>([^<]*)<\/code><\/pre>/g)].map((m) => htmlText(m[1]));

before(async () => {
  // The default charter publishes the demo key, so an instance signing with it matches the charter.
  t = await testApp({ ledgerKey: DEMO_LEDGER_KEY });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  await grow(6, 0);
});

after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('npm run build:verifier is reproducible byte for byte and equals the committed, served and published file', async () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const [ra, rb] = await Promise.all([run(process.execPath, ['scripts/build-verifier.mjs', '--out', a]), run(process.execPath, ['scripts/build-verifier.mjs', '--out', b])]);
  assert.equal(ra.code, 0, ra.err);
  assert.equal(rb.code, 0, rb.err);
  const built = readFileSync(join(a, 'kenes-verify.mjs'));
  assert.ok(built.equals(readFileSync(join(b, 'kenes-verify.mjs'))), 'two builds give the same bytes');
  const committed = readFileSync(join(root, 'dist/kenes-verify.mjs'));
  assert.ok(built.equals(committed), 'dist/kenes-verify.mjs is the build of this source: run `npm run build:verifier` and commit it');
  const sha = createHash('sha256').update(committed).digest('hex');
  assert.match(ra.out, new RegExp(`sha256 ${sha}`));
  // Only Node's standard library is imported.
  const imports = [...committed.toString('utf8').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
  assert.ok(imports.length > 0);
  assert.deepEqual(
    imports.filter((i) => !i.startsWith('node:')),
    [],
  );
  assert.match(readFileSync(join(root, 'docs/releases.md'), 'utf8'), new RegExp(`kenes-verify\\.mjs.*${sha}`), 'the release notes publish the SHA-256');
  const served = await fetch(`${base}/kenes-verify.mjs`);
  assert.equal(served.status, 200);
  assert.match(served.headers.get('content-type') ?? '', /javascript/);
  assert.ok(Buffer.from(await served.arrayBuffer()).equals(committed));
  const page = await (await fetch(`${base}/ledger/verify?lang=en`)).text();
  assert.ok(page.includes(sha), 'the page shows the SHA-256');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.repository.url, 'git+https://github.com/kenes-kz/kenes.git');
  assert.ok(page.includes('href="https://github.com/kenes-kz/kenes"'), 'the page links to the source');
});

test('the /ledger/verify commands run as written from an empty folder, against the address the reader used', async () => {
  const page = await (await fetch(`${base}/ledger/verify?lang=en`)).text();
  assert.doesNotMatch(page, /localhost/);
  assert.doesNotMatch(page, /npx kenes/);
  assert.match(page, /Public demo key/, 'the demo key is marked as public');
  assert.match(page, /This server signs with the key the charter publishes/);
  assert.ok(page.includes('https://github.com/kenes-kz/kenes/blob/main/charter/kz-default.json'), 'the key to pin is also in the repository');
  const cmds = commands(page);
  assert.equal(cmds.length, 4, cmds.join('\n'));
  assert.equal(cmds[0], `curl -fsSO ${base}/kenes-verify.mjs`);
  assert.equal(cmds[2], `node kenes-verify.mjs ledger ${base} --pin ${demo.publicKeyBase64} --head-dir heads`);
  const folder = mkdtempSync(join(dir, 'reader-'));
  const sh = (c: string) => run('/bin/sh', ['-c', c], folder);
  for (const c of cmds.slice(0, 3)) {
    const r = await sh(c);
    assert.equal(r.code, 0, `${c}\n${r.out}${r.err}`);
  }
  assert.deepEqual(readdirSync(join(folder, 'heads')), ['0001.json']);
  // Later: the log grew; the same command checks it against heads/0001.json and keeps both.
  await grow(3, 6);
  const again = await sh(cmds[2]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /consistent with the saved head of 6 entries/);
  assert.deepEqual(readdirSync(join(folder, 'heads')).sort(), ['0001.json', '0002.json']);
  const cons = await sh(cmds[3]);
  assert.equal(cons.code, 0, cons.err);
  assert.match(cons.out, /^ok: the head of 9 entries extends the head of 6/);
  // A configured public address wins over the request's.
  const viaProxy = await testApp({ ledgerKey: DEMO_LEDGER_KEY, publicUrl: 'https://kenes.example.kz/' });
  try {
    const html = (await viaProxy.app.inject({ url: '/ledger/verify?lang=en', headers: { accept: 'text/html' } })).body;
    assert.ok(commands(html).every((c) => !c.includes('localhost')));
    assert.ok(commands(html)[0] === 'curl -fsSO https://kenes.example.kz/kenes-verify.mjs');
  } finally {
    await viaProxy.close();
  }
});

test('the entry page shows the exact canonical bytes that are hashed, and the indented form apart', async () => {
  const api = (await (await fetch(`${base}/api/v1/ledger/entries/2`)).json()) as { entry: string; leaf_hash: string; time: string; event_time: string };
  const html = await (await fetch(`${base}/ledger/entries/2?lang=en`)).text();
  const canonical = /<code id="ledger-entry-canonical">([^<]*)<\/code>/.exec(html);
  assert.ok(canonical);
  assert.equal(htmlText(canonical[1]), api.entry);
  assert.equal(createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(htmlText(canonical[1]), 'utf8')])).digest('hex'), api.leaf_hash);
  assert.match(html, new RegExp(`The exact bytes that are hashed: canonical JSON \\(RFC 8785\\), UTF-8, ${Buffer.byteLength(api.entry)} bytes`));
  assert.match(html, /indented for reading \(not the hashed bytes\)/);
  assert.ok(html.includes(JSON.stringify(JSON.parse(api.entry), null, 2).split('\n')[1].replace(/"/g, '&quot;').trim()) || html.includes(JSON.stringify(JSON.parse(api.entry), null, 2).split('\n')[1].trim()));
  assert.ok(api.time >= api.event_time, 'the log time is assigned after the event');
});

test('the browser check is a script served from /static (no inline script), and says where the file is', async () => {
  const html = await (await fetch(`${base}/ledger/verify/browser?lang=en`)).text();
  assert.match(html, /<script type="module" src="\/static\/ledger-verify.js"><\/script>/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script (the CSP allows only self-hosted files)');
  assert.match(html, /Public demo key/);
  assert.ok(html.includes(`${base}/kenes-verify.mjs`));
  const js = await fetch(`${base}/static/ledger-verify.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
  assert.match(await js.text(), /crypto\.subtle\.verify\(\{ name: 'Ed25519' \}/);
});

test('the bundle explains itself and refuses bad input in one line with exit 2', async () => {
  const bundle = join(root, 'dist/kenes-verify.mjs');
  const help = await run(process.execPath, [bundle, '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /node kenes-verify\.mjs ledger URL\|export\.jsonl \[--head-dir heads\/\] \[--pin KEY\] \[--witness KEY …\] \[--quorum N\]/);
  const cases: [string[], RegExp][] = [
    [['nonsense'], /^kenes-verify: unknown command "nonsense"/],
    [['ledger'], /^kenes-verify: ledger: give one source/],
    [['ledger', base, '--pin', 'not-a-key'], /^kenes-verify: --pin: "not-a-key" is neither a base64 public key nor a readable file/],
    [['ledger', base, '--quorum', '2', '--witness', demo.publicKeyBase64], /^kenes-verify: --quorum: must be a whole number from 1 to 1/],
    [['ledger', base, '--bogus', 'x'], /^kenes-verify: unknown option --bogus/],
    [['consistency', 'only-one.json'], /^kenes-verify: consistency: give OLD\.json and NEW\.json/],
    [['draw', '--commitment', 'c.json'], /^kenes-verify: draw: missing --pool, --quotas, --report, --entropy/],
  ];
  for (const [args, expected] of cases) {
    const r = await run(process.execPath, [bundle, ...args], dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, expected);
    assert.equal(r.err.trim().split('\n').length, 1, 'one line');
  }
});
