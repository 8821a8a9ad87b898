// Every capability is one declared unit: each module folder is in the module list, and what it has on
// disk (migrations, demo seeders, tables a migrated database holds) is declared in its manifest.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { ROLES } from '../../src/core/roles.ts';
import { MODULES } from '../../src/modules/index.ts';
import type { DemoSeeder } from '../../src/modules/module.ts';
import { freshDb, type TestDb } from '../helpers/db.ts';

const modulesDir = new URL('../../src/modules/', import.meta.url).pathname;
const folders = readdirSync(modulesDir).filter((n) => statSync(join(modulesDir, n)).isDirectory());

test('every module folder is in the module list, under its own name', () => {
  assert.deepEqual([...MODULES.map((m) => m.name)].sort(), [...folders].sort());
});

test("every migration file in a module's folder is declared in its manifest, and no other", () => {
  for (const m of MODULES) {
    const dir = join(modulesDir, m.name, 'migrations');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')) : [];
    assert.deepEqual(Object.keys(m.migrations).sort(), files.sort(), `module ${m.name}`);
  }
});

test('every demo seeder a module exports is declared in its manifest', async () => {
  for (const m of MODULES) {
    const file = join(modulesDir, m.name, 'demo.ts');
    if (!existsSync(file)) continue;
    const exported = Object.values(await import(file)).filter((v): v is DemoSeeder => typeof v === 'object' && v !== null && typeof (v as DemoSeeder).run === 'function');
    assert.ok(exported.length > 0, `${m.name}/demo.ts exports no seeder`);
    for (const s of exported) assert.ok(m.seeders?.includes(s), `seeder ${s.name} of ${m.name} is not in its manifest`);
  }
});

test('every role is defined by exactly one module', () => {
  const owners = new Map<string, string[]>();
  for (const m of MODULES) for (const r of m.roles ?? []) owners.set(r, [...(owners.get(r) ?? []), m.name]);
  for (const r of ROLES) assert.equal(owners.get(r)?.length, 1, `role ${r}: ${owners.get(r)?.join(', ') ?? 'no module'}`);
  assert.deepEqual([...owners.keys()].sort(), [...ROLES].sort());
});

let db: TestDb | undefined;
after(async () => db?.drop());

test('the tables of a migrated database are exactly those the manifests declare', async () => {
  db = await freshDb();
  const rows =
    db.dialect === 'postgres'
      ? (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db.db)).rows
      : // Ordinary tables only: an FTS5 index (ADR 0507) is a virtual table with shadow tables, SQLite's own.
        (await sql<{ name: string }>`select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%'`.execute(db.db)).rows;
  const actual = rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_')).sort();
  const declared = MODULES.flatMap((m) => m.tables).sort();
  assert.deepEqual(actual, declared);
  assert.equal(new Set(declared).size, declared.length, 'a table is declared by two modules');
});
