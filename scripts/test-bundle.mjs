// Builds the test run's bundle (docs/adr/0009): every test file, the `kenes` CLI and the sortition
// worker, compiled once by esbuild (the compiler tsx uses) into plain ES modules under one folder, with
// the code they share split into common chunks. A test process then starts on plain Node: loading the
// app through tsx's module hooks costs about 2.3 CPU-s per process here, the bundle about 0.7.
//
// Packages stay external (node_modules, as in production). Every `import.meta.url` in the project's
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
    packages: 'external',
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
