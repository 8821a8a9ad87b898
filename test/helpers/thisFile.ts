// A test that runs itself again in a child process (a second consumer, a sweeper on its own).
import { fileURLToPath } from 'node:url';

/**
 * The node arguments that start the calling test file again: its compiled copy when this process runs
 * from the test run's bundle (ADR 0009; a child through tsx costs two more CPU-seconds to start), else
 * the TypeScript source (`sourceUrl`, the caller's `import.meta.url`) through tsx.
 */
export function thisFileArgs(sourceUrl: string): string[] {
  const bundle = process.env.KENES_BUNDLE_DIR;
  const running = process.argv[1] ?? '';
  if (bundle && running.startsWith(bundle) && running.endsWith('.mjs')) return [running];
  return ['--import', 'tsx', fileURLToPath(sourceUrl)];
}
