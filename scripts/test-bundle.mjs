// Builds the test run's bundle (docs/adr/0009): every test file, the `kenes` CLI and the sortition
// worker, compiled once by esbuild (the compiler tsx uses) into plain ES modules under one folder, with
// the code they share split into common chunks. A test process then starts on plain Node: loading the
// app through tsx's module hooks costs about 2.3 CPU-s per process here, the bundle about 0.7.
//
// Packages are compiled in as well (ADR 0013): resolving and loading a few hundred files of
// node_modules cost each test process about 0.6 CPU-s more than reading them from the bundle's chunks.
// Those that find files beside their own code (native addons, WebAssembly, served assets, worker
// scripts) or start programs stay external, listed in KEEP_EXTERNAL; KENES_TEST_BUNDLE_PACKAGES=0 keeps
// every package external, as production does. Every `import.meta.url` in the project's
// own files is replaced by the URL of the source file it was written in, so reading a file beside
// the source (a stylesheet, a fixture, package.json) and spawning a file by its path mean what they
// mean under tsx.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Entry points besides the test files: what test processes start in their turn. */
export const EXTRA_ENTRIES = ['src/cli/main.ts', 'src/modules/sortition/worker.ts'];

/**
 * Test files that import modules by a computed path (`await import(file)`) need tsx at run time, so
 * they are not bundled and run as before.
 */
const COMPUTED_IMPORT = /\bimport\(\s*(?!['"`])/;

export function bundleable(root, file) {
  return !COMPUTED_IMPORT.test(readFileSync(join(root, file), 'utf8'));
}

/**
 * Packages that stay in node_modules: they locate files beside their own code (a native addon, a
 * WebAssembly file, assets they serve, a worker script) or start a program, so they must run from
 * where they were installed. What only they import (pino's sonic-boom and thread-stream) stays with them.
 */
const KEEP_EXTERNAL = [
  'better-sqlite3',
  'pg-native',
  'highs',
  'pino',
  '@fastify/static',
  '@fastify/swagger-ui',
  'playwright-core',
  'axe-core',
  'esbuild',
  'tsx',
  'typescript',
];

/** Compiled CommonJS packages call `require` for Node's built-in modules; an ES module has none. */
const REQUIRE_BANNER = "import { createRequire as __kenesCreateRequire } from 'node:module'; const require = __kenesCreateRequire(import.meta.url);";

const bundlePackages = process.env.KENES_TEST_BUNDLE_PACKAGES !== '0';

const keepSourceUrls = (root) => ({
  name: 'keep-source-urls',
  setup(b) {
    b.onLoad({ filter: /\.(tsx?|mts|mjs|js)$/ }, async (args) => {
      if (args.path.includes('/node_modules/') || !args.path.startsWith(root)) return undefined;
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.url')) contents = contents.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      const loader = args.path.endsWith('.tsx') ? 'tsx' : /\.m?ts$/.test(args.path) ? 'ts' : 'js';
      return { contents, loader };
    });
  },
});

/**
 * Compiles `files` (paths relative to `root`) and EXTRA_ENTRIES into `outdir`, each at its own relative
 * path with the extension .mjs. Returns the path of a file's compiled module by its source path.
 */
export async function buildTestBundle(root, files, outdir) {
  const entryPoints = [...new Set([...files, ...EXTRA_ENTRIES])].map((f) => join(root, f));
  await build({
    entryPoints,
    outdir,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    ...(bundlePackages ? { external: KEEP_EXTERNAL, banner: { js: REQUIRE_BANNER } } : { packages: 'external' }),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outExtension: { '.js': '.mjs' },
    chunkNames: '_chunks/[name]-[hash]',
    // Names as written, so stack traces and `constructor.name` read as in the source.
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [keepSourceUrls(root)],
  });
  return (file) => join(outdir, relative('.', file).replace(/\.(tsx?|mts)$/, '.mjs'));
}
