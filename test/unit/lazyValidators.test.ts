// Route validators compiled on first use (docs/adr/0011): the same answers as Fastify's own compiler,
// field errors included, and no compiling for a route no request reaches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { lazyValidators } from '../../src/web/lazyValidators.ts';

function app(lazy: boolean) {
  const a = Fastify({ ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } }, ...(lazy ? { schemaController: { compilersFactory: { buildValidator: lazyValidators() } } } : {}) });
  a.get('/n', { schema: { querystring: { type: 'object', properties: { n: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } } }, required: ['n'] } } }, async (req) => req.query);
  return a;
}

test('lazily compiled validators answer exactly as Fastify’s eager ones: coercion, field errors, success', async () => {
  const lazy = app(true);
  const eager = app(false);
  for (const url of ['/n?n=3&tags=a', '/n?n=0', '/n', '/n?n=x&tags=a&tags=b', '/n?n=2']) {
    const [l, e] = [await lazy.inject(url), await eager.inject(url)];
    assert.equal(l.statusCode, e.statusCode, url);
    assert.deepEqual(l.json(), e.json(), url);
  }
  const ok = (await lazy.inject('/n?n=3&tags=a')).json();
  assert.deepEqual(ok, { n: 3, tags: ['a'] }, 'coerced as before: a number and a one-element array');
  assert.match((await lazy.inject('/n?n=0')).json().message, /querystring\/n must be >= 1/);
});

test('a schema is compiled when a request first needs it, not when the app starts', async () => {
  const a = Fastify({ schemaController: { compilersFactory: { buildValidator: lazyValidators() } } });
  // Not a valid JSON Schema: an eager compiler refuses the route at start-up; here only its first request fails.
  a.get('/broken', { schema: { querystring: { type: 'no-such-type' } } }, async () => 'never');
  a.get('/fine', async () => 'fine');
  await a.ready();
  assert.equal((await a.inject('/fine')).body, 'fine');
  assert.equal((await a.inject('/broken')).statusCode, 500);
  const eager = Fastify();
  eager.get('/broken', { schema: { querystring: { type: 'no-such-type' } } }, async () => 'never');
  await assert.rejects(async () => eager.ready(), /Failed building the validation schema/);
});
