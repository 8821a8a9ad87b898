// Module boundaries, checked on the source: a module reaches another only through that module's
// api.ts; the shell names modules only in src/modules/index.ts; core imports nothing outside core.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../..', import.meta.url).pathname;
const src = join(root, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx|mjs)$/.test(name) ? [p] : [];
  });
}

/** Every relative import (static, dynamic, re-export) of a file, resolved to a path under src/. */
function importsOf(file: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        out.push({ line: i + 1, target: relative(src, resolve(dirname(file), m[1])) });
      }
    });
  return out;
}

const moduleOf = (path: string) => /^modules\/([^/]+)\//.exec(path)?.[1] ?? null;
/** Files of src/modules that belong to no one module: the list and the manifest type. */
const SHARED = new Set(['modules/index.ts', 'modules/module.ts']);

const files = walk(src).map((f) => ({ abs: f, rel: relative(src, f) }));

test('a module imports another module only through its api.ts', () => {
  const bad: string[] = [];
  for (const f of files) {
    const own = moduleOf(f.rel);
    if (!own) continue;
    for (const { line, target } of importsOf(f.abs)) {
      const other = moduleOf(target);
      if (!other || other === own || SHARED.has(target)) continue;
      if (target !== `modules/${other}/api.ts`) bad.push(`src/${f.rel}:${line} imports src/${target}`);
    }
  }
  assert.deepEqual(bad, [], `cross-module imports outside the declared APIs:\n${bad.join('\n')}`);
});

/** The shell's wiring: these name modules only through the module list. */
const WIRING = /^(app\.tsx|services\.ts|cli\/|demo\/|web\/)/;

test('the shell names modules only through the module list (src/modules/index.ts)', () => {
  const bad: string[] = [];
  for (const f of files) {
    if (f.rel.startsWith('modules/')) continue;
    for (const { line, target } of importsOf(f.abs)) {
      if (!target.startsWith('modules/') || SHARED.has(target)) continue;
      // Shared infrastructure below the modules (db/transition.ts emits through the outbox) may use a
      // module's public API, never its internals; the wiring uses the module list alone.
      const viaApi = /^modules\/[^/]+\/api\.ts$/.test(target) && !WIRING.test(f.rel);
      if (!viaApi) bad.push(`src/${f.rel}:${line} imports src/${target}`);
    }
  }
  assert.deepEqual(bad, [], `shell files importing module internals:\n${bad.join('\n')}`);
});

test('core imports nothing but core', () => {
  const bad: string[] = [];
  for (const f of files) {
    if (!f.rel.startsWith('core/')) continue;
    for (const { line, target } of importsOf(f.abs)) if (!target.startsWith('core/')) bad.push(`src/${f.rel}:${line} imports src/${target}`);
  }
  assert.deepEqual(bad, [], bad.join('\n'));
});

test('the checker sees real imports (it is not vacuous)', () => {
  const list = importsOf(join(src, 'modules/index.ts')).map((i) => i.target);
  assert.ok(list.includes('modules/identity/index.ts'), 'the module list imports identity');
  const proposalsRoutes = importsOf(join(src, 'modules/proposals/routes.ts')).map((i) => i.target);
  assert.ok(proposalsRoutes.includes('modules/identity/api.ts'), 'proposals routes reach identity through its API');
});
