// One spelling of error codes, and no English built in services: the catalog's codes and every
// code raised in the source are kebab-case, and each raised code has a status and a message.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { registryOf } from '../../src/app.tsx';
import { MODULES } from '../../src/modules/index.ts';

/** Every domain error code of the module list's app. */
const problemCatalog = registryOf(MODULES).problems;
import { CODE_SPELLING, DomainError, DomainErrors } from '../../src/core/errors.ts';
import { commonProblems, domainProblem, mergeCatalogs } from '../../src/web/domainProblems.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

test('every code of the problem catalog is kebab-case', () => {
  const bad = Object.keys(problemCatalog).filter((c) => !CODE_SPELLING.test(c));
  assert.deepEqual(bad, []);
  assert.ok(Object.keys(problemCatalog).length > 50, 'the catalog holds every module’s codes');
});

test('every code raised in the source is kebab-case and in the catalog', () => {
  const raised = new Map<string, string>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/new DomainErrors?\(\s*'([^']+)'/g)) raised.set(m[1], f.slice(SRC.length));
    // Codes still given to HttpProblem (routes, guards) follow the same spelling.
    if (text.includes('new HttpProblem(')) for (const m of text.matchAll(/\bcode: '([^']+)'/g)) raised.set(m[1], f.slice(SRC.length));
  }
  assert.ok(raised.size > 40, `found ${raised.size} codes`);
  const misspelt = [...raised].filter(([c]) => !CODE_SPELLING.test(c)).map(([c, f]) => `${c} (${f})`);
  assert.deepEqual(misspelt, []);
  const domain = [...raised].filter(([, f]) => !f.includes('identity/') && !f.includes('ledger/'));
  for (const [code, f] of domain) {
    if (/^(unauthenticated|rate-limited|already-signed|not-open|not-signed|decision-required|csrf|no-head|no-entry)$/.test(code)) continue;
    assert.ok(problemCatalog[code], `${code} (${f}) has a status and a message`);
  }
});

test('services raise DomainError: no HttpProblem and no problem text built in a service', () => {
  for (const f of files(join(SRC, 'modules')).filter((p) => /\/service\.ts$/.test(p))) {
    assert.doesNotMatch(readFileSync(f, 'utf8'), /HttpProblem|badRequest\(/, f);
  }
});

test('a domain error becomes problem details: status, type, field, detail from the code and params', () => {
  const p = domainProblem(new DomainError('unknown-region', 'region', { region: 'KZ-99' }), problemCatalog);
  assert.equal(p.status, 400);
  assert.equal(p.message, 'region: "KZ-99" is not a region of the charter');
  assert.deepEqual(p.extra, { errors: [{ field: 'region', message: '"KZ-99" is not a region of the charter' }], code: 'unknown-region' });
  const many = domainProblem(new DomainErrors('invalid-proposal', [new DomainError('text-too-short', 'title', { min: 10, length: 3 }), new DomainError('unknown-topic', 'topic', { known: 'a, b' })]), problemCatalog);
  assert.equal(many.status, 400);
  assert.deepEqual(
    (many.extra.errors as { field: string }[]).map((e) => e.field),
    ['title', 'topic'],
  );
  assert.match(many.message, /^title: too short: at least 10 characters \(now 3\); topic: /);
  assert.equal(domainProblem(new DomainError('no-such-code'), problemCatalog).status, 500, 'an unknown code is a bug');
  assert.throws(() => mergeCatalogs(commonProblems, { 'not-found': commonProblems['not-found'] }), /defined twice/);
});
