// Webhook targets must be public: a URL that resolves to loopback, a private network, link-local
// (cloud metadata), CGNAT, unique-local, multicast or an unspecified address is refused (SSRF). The
// host is resolved and every address checked; the request then goes to the checked address.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DomainError } from '../../core/errors.ts';

function v4(ip: string): number[] {
  return ip.split('.').map(Number);
}

export function isPublicAddress(ip: string): boolean {
  let a = ip.toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1];
  if (isIP(a) === 4) {
    const [x, y] = v4(a);
    if (x === 0 || x === 10 || x === 127 || x >= 224) return false;
    if (x === 169 && y === 254) return false;
    if (x === 172 && y >= 16 && y <= 31) return false;
    if (x === 192 && y === 168) return false;
    if (x === 100 && y >= 64 && y <= 127) return false;
    if (x === 192 && y === 0) return false;
    if (x === 198 && (y === 18 || y === 19)) return false;
    return true;
  }
  if (isIP(a) === 6) {
    if (a === '::' || a === '::1') return false;
    if (/^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('ff')) return false;
    if (a.startsWith('64:ff9b:') || a.startsWith('2001:db8')) return false;
    return true;
  }
  return false;
}

export interface CheckedUrl {
  url: URL;
  /** The address to connect to (checked). */
  address: string;
}

/** Parses and checks a webhook URL; throws a DomainError naming `url`. */
export async function checkWebhookUrl(raw: string, opts: { allowLoopback: boolean; resolve?: (host: string) => Promise<string[]> }): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('webhook-url-invalid', 'url');
  }
  if (url.protocol !== 'https:' && !(opts.allowLoopback && url.protocol === 'http:')) throw new DomainError('webhook-not-https', 'url');
  if (url.username || url.password) throw new DomainError('webhook-url-invalid', 'url');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = opts.resolve ? await opts.resolve(host) : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new DomainError('webhook-unresolvable', 'url', { host });
    }
  }
  if (!addresses.length) throw new DomainError('webhook-unresolvable', 'url', { host });
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad && !opts.allowLoopback) throw new DomainError('webhook-private-address', 'url', { host, address: bad });
  return { url, address: addresses[0] };
}
