// The precomputed security headers are exactly what @fastify/helmet sends for the same options, so
// dropping the plugin from the request path (docs/adr/0704) changed no header.
import assert from 'node:assert/strict';
import test from 'node:test';
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { HELMET_OPTIONS, installSecurityHeaders, SECURITY_HEADERS } from '../../src/web/securityHeaders.ts';

function headersOf(r: { headers: Record<string, unknown> }) {
  const { date: _d, connection: _c, 'content-length': _l, 'content-type': _t, ...rest } = r.headers;
  return rest;
}

test('the precomputed headers equal @fastify/helmet with the same options, in the same order', async () => {
  const withHelmet = Fastify();
  await withHelmet.register(helmet, HELMET_OPTIONS);
  withHelmet.get('/', async () => 'x');
  const ours = Fastify();
  installSecurityHeaders(ours);
  ours.get('/', async () => 'x');
  const a = headersOf(await withHelmet.inject('/'));
  const b = headersOf(await ours.inject('/'));
  assert.deepEqual(b, a);
  assert.deepEqual(Object.keys(b), Object.keys(a));
  assert.deepEqual(
    SECURITY_HEADERS.map(([name]) => name.toLowerCase()),
    Object.keys(a),
  );
});

test('a route may still override a header, and a hijacked response still carries them', async () => {
  const app = Fastify();
  installSecurityHeaders(app);
  app.get('/strict', async (_req, reply) => reply.header('content-security-policy', "default-src 'none'").send('x'));
  app.get('/raw', (_req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.end('raw');
  });
  await app.ready();
  assert.equal((await app.inject('/strict')).headers['content-security-policy'], "default-src 'none'");
  const raw = await app.inject('/raw');
  assert.equal(raw.body, 'raw');
  for (const [name, value] of SECURITY_HEADERS) assert.equal(raw.headers[name.toLowerCase()], value);
});
