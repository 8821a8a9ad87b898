// Schema-guided fuzzing from /openapi.json (issue 14): every operation gets generated bad input —
// wrong types, out-of-range and non-finite numbers, over-long and odd strings, unknown and missing
// fields, malformed JSON — within a fixed time budget, seeded and reproducible. Nothing may answer
// 5xx; every 4xx is application/problem+json, and a 400 names the field at fault.
//
//   KENES_FUZZ_SEED=N          replay a run (the seed is printed)
//   KENES_FUZZ_BUDGET_MS=N     total time for all operations (default 8000: CI stays fast)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { ROLES } from '../../src/core/roles.ts';
import type { TestApp } from '../helpers/app.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { proposalsTestApp } from './proposals.fixtures.ts';

const SEED = Number(process.env.KENES_FUZZ_SEED ?? 20261201);
const BUDGET_MS = Number(process.env.KENES_FUZZ_BUDGET_MS ?? 8000);

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; enum?: unknown[]; maxLength?: number; maxItems?: number; format?: string };
interface Operation {
  method: string;
  path: string;
  params: { in: 'path' | 'query'; name: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}

let t: TestApp;
let staff: SignedIn;
let ops: Operation[];

before(async () => {
  t = await proposalsTestApp({ KENES_RATE_PER_ADDRESS_PER_MINUTE: '1000000', KENES_RATE_SIGN_PER_MINUTE: '1000000' });
  // Every role, so that the guards let the input through to validation and the handlers.
  staff = await signInAs(t, { roles: [...ROLES], agencyId: 'fuzz-agency' });
  const doc = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
  ops = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      ops.push({ method: method.toUpperCase(), path, params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'), body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
});
after(async () => t?.close());

/** Strings that have broken servers: numbers that are not, paths, control and wide characters. */
const NASTY = ['Infinity', '-Infinity', 'NaN', '1e309', '99999999999999999999', '-1', '0', '1.5', '0x10', '', ' ', 'null', 'true', '[]', '{}', '../../etc/passwd', '%00', '\u0000', '\r\n', '\u202e', '😀', 'Ω'.repeat(300), "' or 1=1 --", '<script>x</script>', 'a'.repeat(5000)];

const wireString = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer().map(String), fc.double().map(String), fc.uuid());

/** A value of the wrong kind for `s`, or a right-kind value at or past its limits. */
function badValue(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const anything = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 20 }), fc.constant([]), fc.constant({}));
  if (!s || depth > 3) return anything;
  const types = [s.type].flat();
  const options: fc.Arbitrary<unknown>[] = [anything];
  if (types.includes('string')) options.push(fc.constantFrom(...NASTY), fc.constant('ы'.repeat(Math.min((s.maxLength ?? 100) + 1, 600_000))));
  if (types.includes('integer') || types.includes('number')) options.push(fc.constantFrom(2 ** 53, -(2 ** 53), 1e308, -1, 0, 0.5, 2 ** 31), fc.bigInt().map((b) => Number(b)));
  if (types.includes('array')) options.push(fc.array(badValue(s.items, depth + 1), { maxLength: Math.min((s.maxItems ?? 5) + 2, 30) }));
  if (types.includes('object') || s.properties) options.push(badObject(s, depth + 1));
  if (s.anyOf) options.push(...s.anyOf.map((x) => badValue(x, depth + 1)));
  return fc.oneof(...options);
}

/** An object close to `s`: some properties bad, some missing, some unknown. */
function badObject(s: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  if (props.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), badValue(undefined, depth + 1), { maxKeys: 3 });
  return fc
    .record(Object.fromEntries(props.map(([k, v]) => [k, fc.option(badValue(v, depth + 1), { nil: undefined })])), { requiredKeys: [] })
    .chain((o) => fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 }), { nil: undefined }).map((extra) => ({ ...o, ...(extra ?? {}) })));
}

/** A whole request for the operation: path and query values, and a body (JSON or broken text). */
function request(op: Operation) {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const body = op.body ? fc.oneof({ weight: 4, arbitrary: badValue(op.body).map((v) => ({ json: v })) }, { weight: 1, arbitrary: fc.constantFrom('{', '{"a":1,}', '[1,', 'nul', '"', '{"__proto__":{"x":1}}', '1e309').map((text) => ({ text })) }) : fc.constant(undefined);
  return fc.record({
    path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, wireString])), { requiredKeys: pathParams.map((p) => p.name) }),
    query: fc.record(Object.fromEntries(query.map((p) => [p.name, fc.oneof(wireString, fc.array(wireString, { minLength: 2, maxLength: 3 }))])), { requiredKeys: [] }),
    body,
  });
}

type Req = { path: Record<string, string>; query: Record<string, string | string[]>; body: { json: unknown } | { text: string } | undefined };

function urlOf(op: Operation, r: Req): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(r.path[name] ?? 'x') || 'x');
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) for (const x of [v].flat()) qs.append(k, x);
  const q = qs.toString();
  return q ? `${path}?${q}` : path;
}

const FIELD = /^(params|querystring|body|headers|url)(\.|$)/;

test('schema-guided fuzzing of every operation: no 5xx, every 4xx a problem naming its field', async () => {
  assert.ok(ops.length > 30, `only ${ops.length} operations in /openapi.json`);
  const perOp = Math.max(20, Math.floor(BUDGET_MS / ops.length));
  const failures: string[] = [];
  let requests = 0;
  let fiveXx = 0;
  const started = Date.now();
  for (const [opIndex, op] of ops.entries()) {
    if (op.path.endsWith('/events')) continue; // a server-sent event stream: held open by design
    let n = 0;
    if (process.env.KENES_FUZZ_TRACE) console.log(`# ${op.method} ${op.path}`);
    // Chunks of 4 generated requests, each chunk seeded from the run seed, the operation and the
    // chunk number, until the operation's share of the budget is spent (at least one chunk).
    const arb = request(op) as fc.Arbitrary<Req>;
    const deadline = Date.now() + perOp;
    for (let chunk = 0; chunk === 0 || Date.now() < deadline; chunk++) {
      for (const r of fc.sample(arb, { seed: SEED + opIndex * 7919 + chunk * 104729, numRuns: 4 })) {
        const url = urlOf(op, r);
        const headers: Record<string, string> = { ...staff.headers, accept: 'application/json' };
        let payload: string | undefined;
        if (r.body && op.method !== 'GET' && op.method !== 'DELETE') {
          headers['content-type'] = 'application/json';
          payload = 'text' in r.body ? r.body.text : (JSON.stringify(r.body.json) ?? 'null');
        }
        const res = await t.app.inject({ method: op.method as 'GET', url, headers, payload });
        requests++;
        n++;
        const where = `${op.method} ${url.slice(0, 200)}${payload ? ` body ${payload.slice(0, 200)}` : ''}`;
        if (res.statusCode >= 500) {
          fiveXx++;
          failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          continue;
        }
        if (res.statusCode < 400) continue;
        if (!String(res.headers['content-type'] ?? '').startsWith('application/problem+json')) {
          failures.push(`${where}: ${res.statusCode} as ${res.headers['content-type']}`);
          continue;
        }
        if (res.statusCode === 400) {
          const p = res.json() as { errors?: { field?: string }[]; code?: string };
          // The request's part and path (params.id, querystring.limit, body.title, body) or a domain field.
          const named = p.errors?.length && p.errors.every((e) => typeof e.field === 'string' && (FIELD.test(e.field) || /^[a-zA-Z][\w.[\]]*$/.test(e.field)));
          if (!named) failures.push(`${where}: 400 names no field: ${res.body.slice(0, 200)}`);
        }
      }
    }
    assert.ok(n > 0, `${op.method} ${op.path}: no request in its budget`);
  }
  const unique = [...new Set(failures)];
  console.log(`# fuzz: seed ${SEED}, ${ops.length} operations, ${requests} requests fuzzed in ${Date.now() - started} ms, 5xx = ${fiveXx}, other failures = ${failures.length - fiveXx}`);
  assert.deepEqual(unique.slice(0, 30), [], `replay with KENES_FUZZ_SEED=${SEED}`);
});
