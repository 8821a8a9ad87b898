// Where an export (or a head) comes from: a file, standard input, or an instance's URL. Node's
// standard library only, so this runs inside the stand-alone kenes-verify.mjs too.
import { createReadStream } from 'node:fs';
import { CliError } from '../cli/errors.ts';

/** The instance's base URL (no trailing slash) for its address, a ledger page, or an API URL. */
export function instanceBase(source: string): string {
  const u = new URL(source);
  const path = u.pathname.replace(/\/api\/v1\/ledger(\/.*)?$/, '').replace(/\/ledger(\/.*)?$/, '').replace(/\/kenes-verify\.mjs$/, '').replace(/\/$/, '');
  return `${u.origin}${path}`;
}

/** The export URL for an instance's base URL, one of its ledger pages, or the export URL itself. */
export function exportUrl(source: string): string {
  const u = new URL(source);
  if (u.pathname.endsWith('/api/v1/ledger/export')) return u.toString();
  return `${instanceBase(source)}/api/v1/ledger/export`;
}

export const isUrl = (s: string) => /^https?:\/\//.test(s);

export async function fetchJson<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new CliError(`cannot fetch ${url}: ${(e as Error).message}`, 1);
  }
  if (!res.ok) throw new CliError(`cannot fetch ${url}: HTTP ${res.status}`, 1);
  return (await res.json()) as T;
}

async function* fromUrl(url: string): AsyncGenerator<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CliError(`cannot fetch ${url}: ${(e as Error).message}`, 1);
  }
  if (!res.ok || !res.body) throw new CliError(`cannot fetch ${url}: HTTP ${res.status}`, 1);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** The bytes of an export: a URL (of an instance or its export), `-` for standard input, or a file. */
export async function exportChunks(source: string): Promise<AsyncIterable<Uint8Array | string>> {
  if (isUrl(source)) return fromUrl(exportUrl(source));
  if (source === '-') return process.stdin;
  const stream = createReadStream(source, { highWaterMark: 1 << 20 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(new CliError(`cannot read ${source}: ${e.message}`, 2)));
  });
  return stream;
}
