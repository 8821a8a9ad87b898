#!/usr/bin/env node
// Builds dist/kenes-verify.mjs, the stand-alone verifier (docs/adr/0304), from src/verifier/bin.ts
// with esbuild: one ES module that needs only Node's standard library. Deterministic: fixed options,
// paths relative to the repository, no timestamps, so anyone gets the same bytes from the same source.
//   node scripts/build-verifier.mjs [--out DIR]   (default DIR: dist)
// Prints the output file and its SHA-256.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : join(root, 'dist'));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/verifier/bin.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Readable on purpose: whoever downloads the file can read what it does.
  minify: false,
  legalComments: 'none',
  charset: 'utf8',
  sourcemap: false,
  metafile: true,
  write: false,
  logLevel: 'warning',
  define: { KENES_VERSION: JSON.stringify(version) },
  banner: {
    js: [
      '#!/usr/bin/env node',
      `// kenes-verify.mjs ${version}: the Kenes stand-alone verifier. Generated from the Kenes source`,
      '// (src/verifier/) by `npm run build:verifier`; do not edit. Needs only Node.js >= 20, no packages.',
      '// Run `node kenes-verify.mjs --help`.',
    ].join('\n'),
  },
});

// Only Node's standard library may remain as imports.
const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
const foreign = external.filter((p) => !p.startsWith('node:'));
if (foreign.length) {
  console.error(`build-verifier: the bundle would import ${foreign.join(', ')}; only node: modules are allowed`);
  process.exit(1);
}

const bytes = result.outputFiles[0].contents;
mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'kenes-verify.mjs');
writeFileSync(file, bytes, { mode: 0o755 });
console.log(`${file}\nsha256 ${createHash('sha256').update(bytes).digest('hex')}`);
