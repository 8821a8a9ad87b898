// Large pools (issue 14, High 3): the role is checked before any body is read, on the JSON commit and
// on the streamed multipart upload; the upload commits the same draw as the JSON body, and refuses
// bad parts and fields by name (IIN-valued ids with row and column, as the JSON route does).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { makeIin } from '../../src/core/iin.ts';
import { generateSigningKey } from '../../src/core/ledger/signing.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { type TestApp, testApp } from '../helpers/app.ts';

const FIXTURES = new URL('../fixtures/sortition/', import.meta.url);
const categories = readFileSync(new URL('example_small_20/categories.csv', FIXTURES), 'utf8');
const respondents = readFileSync(new URL('example_small_20/respondents.csv', FIXTURES), 'utf8');
const features = categories.replace('category,feature,min,max', 'feature,value,min,max');
const people = respondents
  .trim()
  .split('\n')
  .map((line, i) => (i === 0 ? `id,${line}` : `crm-${String(7000 + i)},${line}`))
  .join('\n');

let t: TestApp;
let secretariat: SignedIn;
let citizen: SignedIn;
before(async () => {
  t = await testApp({ ledgerKey: generateSigningKey().privateKeyBase64 });
  secretariat = await signInAs(t, { roles: ['secretariat'] });
  citizen = await signInAs(t);
});
after(async () => t?.close());

type Part = { name: string; value: string; file?: string };

function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----kenes${Math.random().toString(16).slice(2)}`;
  const chunks: string[] = [];
  for (const p of parts) {
    chunks.push(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${p.value}\r\n`);
  }
  chunks.push(`--${boundary}--\r\n`);
  return { body: Buffer.from(chunks.join('')), contentType: `multipart/form-data; boundary=${boundary}` };
}

const entropyAfter = () => new Date(Date.now() + 86400_000).toISOString();
const fields = (over: Record<string, string | string[]> = {}): Part[] => {
  const base: Record<string, string | string[]> = { format: 'sortition-foundation', k: '20', entropySources: ['Kazakhstan lottery draw of 2026-12-15', 'KASE close of 2026-12-16'], entropyAfter: entropyAfter(), ...over };
  return Object.entries(base).flatMap(([name, v]) => [v].flat().map((value) => ({ name, value })));
};

function upload(who: SignedIn | null, parts: Part[]) {
  const { body, contentType } = multipart(parts);
  return t.app.inject({ method: 'POST', url: '/api/v1/sortition/draws/upload', headers: { ...(who?.headers ?? {}), 'content-type': contentType }, payload: body });
}

const runs = async () => (await t.db.db.selectFrom('sortition_runs').select('id').execute()).length;

test('the role is checked before the body is read: a 64 MiB announcement gets 401 after 1 KiB', async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  for (const [url, type] of [
    ['/api/v1/sortition/draws', 'application/json'],
    ['/api/v1/sortition/draws/upload', 'multipart/form-data; boundary=x'],
  ]) {
    const started = Date.now();
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write(`POST ${url} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
        s.write('x'.repeat(1024));
      });
      let data = '';
      s.on('data', (b) => {
        data += b;
        if (data.includes('\r\n\r\n')) {
          s.destroy();
          resolve(data);
        }
      });
      s.on('error', reject);
      setTimeout(() => {
        s.destroy();
        resolve(data);
      }, 5000);
    });
    assert.match(reply, /^HTTP\/1\.1 401/, `${url}: ${reply.slice(0, 100)}`);
    assert.ok(Date.now() - started < 4000, `${url} answered only after ${Date.now() - started} ms`);
  }
  // A signed-in citizen without the role: 403, also before the body.
  const r = await upload(citizen, [...fields(), { name: 'featuresCsv', value: features, file: 'f.csv' }, { name: 'peopleCsv', value: people, file: 'p.csv' }]);
  assert.equal(r.statusCode, 403);
});

test('a streamed multipart upload commits the draw; the source ids stay out of the public pool', async () => {
  const before = await runs();
  const r = await upload(secretariat, [...fields(), { name: 'featuresCsv', value: features, file: 'features.csv' }, { name: 'peopleCsv', value: people, file: 'people.csv' }]);
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(await runs(), before + 1);
  const id = r.json().id as string;
  const pool = await t.app.inject(`/sortition/runs/${id}/pool.csv`);
  assert.equal(pool.statusCode, 200);
  assert.ok(!pool.body.includes('crm-70'), 'source ids are not published');
  assert.equal(pool.body.trim().split('\n').length, people.trim().split('\n').length, 'every person is in the pool');
  const doc = (await t.app.inject('/openapi.json')).json();
  assert.ok(doc.paths['/api/v1/sortition/draws/upload'].post.security?.length, 'OpenAPI declares the session scheme');
});

test('refused uploads name the field and write nothing', async () => {
  const before = await runs();
  const files = [
    { name: 'featuresCsv', value: features, file: 'f.csv' },
    { name: 'peopleCsv', value: people, file: 'p.csv' },
  ];
  const iinPeople = people.replace('crm-7003,', `${makeIin('1990-05-17', 'female', 42)},`);
  const cases: [Part[], RegExp][] = [
    [[...fields({ k: 'many' }), ...files], /body\.k/],
    [[...fields().filter((p) => p.name !== 'entropyAfter'), ...files], /body\.entropyAfter/],
    [[...fields(), ...files, { name: 'notes', value: 'x', file: 'notes.txt' }], /body\.notes/],
    [[...fields(), files[0]!, { name: 'peopleCsv', value: iinPeople, file: 'p.csv' }], /peopleCsv, row 4, column "id".*IIN/],
  ];
  for (const [parts, field] of cases) {
    const r = await upload(secretariat, parts);
    assert.equal(r.statusCode, 400, r.body);
    assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
    assert.match((r.json() as { detail: string }).detail, field);
  }
  const json = await t.app.inject({ method: 'POST', url: '/api/v1/sortition/draws/upload', headers: secretariat.headers, payload: { format: 'panelot' } });
  assert.equal(json.statusCode, 415, json.body);
  assert.equal(await runs(), before);
});
