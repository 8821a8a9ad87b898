// Runtime configuration: every setting has an environment variable, a default, and (for a few) a CLI flag.
// The table below is also what README.md documents; keep the two in step.
import { createPrivateKey } from 'node:crypto';
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** `sqlite:./data/kenes.db`, a bare file path, or `postgres://…` */
  databaseUrl: string;
  /** KENES_READ_DATABASE_URL: a streaming replica of the PostgreSQL primary for public reads (docs/adr/1801). */
  readDatabaseUrl?: string;
  charterPath: string;
  production: boolean;
  demo: boolean;
  /** HMAC key for IIN pseudonyms. */
  pepper: string;
  /** Key that signs session cookies. */
  sessionSecret: string;
  baseUrl: string;
  /** The address readers use (KENES_PUBLIC_URL), for commands printed on public pages; unset: the request's own. */
  publicUrl?: string;
  oidc: {
    issuer?: string;
    clientId?: string;
    clientSecret?: string;
    iinClaim: string;
    nameClaim: string;
    regionClaim: string;
    scope: string;
    /** Name on the sign-in button, e.g. "eGov". */
    displayName: string;
    /** How Kenes authenticates at the token endpoint when it has a client secret. */
    tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  };
  /** Server-side sessions: idle timeout (sliding) and absolute lifetime. */
  session: { idleMinutes: number; maxHours: number };
  /** Base64 PKCS8 DER of the Ed25519 ledger signing key. */
  ledgerKey?: string;
  ledgerHeadIntervalSeconds: number;
  /** KENES_BOARD_POLL_MS: how often a live vote board re-reads its vote, for changes no bus brought (another process without a bus). */
  boardPollMs: number;
  logLevel: string;
  /**
   * Which proxies may name the client's address in X-Forwarded-For: none (false, the default), the
   * nearest N hops, or these addresses/CIDR ranges. Trusting every sender lets anyone pick the
   * address that rate limits and logs see.
   */
  trustProxy: false | number | string[];
  rateLimit: { signPerMinute: number; createPerHour: number; perAddressPerMinute: number };
  /** REDIS_URL: rate limits shared by every process through this Redis; unset, each process counts alone. */
  redis?: { url: string; prefix: string };
}

export class ConfigError extends Error {}

// Demo mode signs its ledger with this published key, so that `npm start` shows signed tree heads
// and a working "verify it yourself" page. Anyone can forge heads with it; demo mode is refused in
// production, where KENES_LEDGER_KEY must come from `kenes ledger keygen`.
export const DEMO_LEDGER_KEY = 'MC4CAQAwBQYDK2VwBCIEIGlv4Lup8+Bx0OZYfj9ixFFYcqMhX5RHR2P1CWSmk25n';

const DEV_PEPPER = 'kenes-development-pepper-not-for-production-use';
const DEV_SECRET = 'kenes-development-session-secret-not-for-production';

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

function int(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name}: must be a non-negative integer, got "${v}"`);
  return n;
}

function trustProxy(v: string | undefined): Config['trustProxy'] {
  const text = (v ?? '').trim();
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.find((x) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(x) && !['loopback', 'linklocal', 'uniquelocal'].includes(x));
  if (bad || text === 'true') throw new ConfigError(`KENES_TRUST_PROXY: a hop count, or proxy addresses/CIDR ranges separated by commas; got "${bad ?? text}"`);
  return list;
}

function tokenAuthMethod(v: string | undefined): Config['oidc']['tokenAuthMethod'] {
  if (v === undefined || v === '') return 'client_secret_basic';
  if (v === 'client_secret_basic' || v === 'client_secret_post') return v;
  throw new ConfigError(`OIDC_TOKEN_AUTH_METHOD: must be client_secret_basic or client_secret_post, got "${v}"`);
}

export interface ConfigFlags {
  host?: string;
  port?: string | number;
  db?: string;
  demo?: boolean;
  charter?: string;
}

const NODE_ENVS = ['production', 'development', 'test'];
const SWITCH = ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'];

/**
 * A rough lower bound on the guessing work a secret needs: its length times the Shannon entropy of
 * its own characters. 32 × "a" has 0 bits; 32 random bytes in base64 have about 230.
 */
export function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...secret].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return perChar * n;
}

/** Production secrets: long, not one of the published development values, and not guessable. */
function productionSecret(name: string, value: string, what: string): void {
  if (Buffer.byteLength(value) < 32) throw new ConfigError(`${name}: production mode needs a ${what} of at least 32 bytes`);
  if (value === DEV_PEPPER || value === DEV_SECRET) throw new ConfigError(`${name}: the built-in development value is public; production needs its own (openssl rand -base64 32)`);
  if (estimatedBits(value) < 128) throw new ConfigError(`${name}: this ${what} is too easy to guess (under 128 bits of entropy); use a random one (openssl rand -base64 32)`);
}

/** Production signs every tree head: the key must be there, be Ed25519, and not be the public demo key. */
function productionLedgerKey(value: string | undefined): void {
  if (!value) throw new ConfigError('KENES_LEDGER_KEY: production mode signs its ledger; create a key with `kenes ledger keygen`');
  if (value === DEMO_LEDGER_KEY) throw new ConfigError('KENES_LEDGER_KEY: this is the published demo key; anyone could sign heads with it');
  let type: string | undefined;
  try {
    type = createPrivateKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType;
  } catch {
    type = undefined;
  }
  if (type !== 'ed25519') throw new ConfigError('KENES_LEDGER_KEY: not a base64 PKCS#8 Ed25519 private key (create one with `kenes ledger keygen`)');
}

function redisSetting(url: string | undefined, prefix: string | undefined): Config['redis'] {
  if (!url) return undefined;
  if (!/^redis:\/\/[^/]/.test(url)) throw new ConfigError(`REDIS_URL: must be redis://[user:password@]host[:port][/db], got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  return { url, prefix: prefix ?? 'kenes:' };
}

function readReplica(url: string | undefined, primary: string): string | undefined {
  if (!url) return undefined;
  const pgUrl = /^postgres(ql)?:\/\/[^/]/;
  if (!pgUrl.test(url)) throw new ConfigError(`KENES_READ_DATABASE_URL: must be postgres://user@host:port/db (a streaming replica), got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  if (!pgUrl.test(primary)) throw new ConfigError('KENES_READ_DATABASE_URL: read replicas need PostgreSQL as the primary (DATABASE_URL=postgres://…)');
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  // A typo here would silently run development mode (with demo sign-in): refuse it instead.
  if (env.NODE_ENV && !NODE_ENVS.includes(env.NODE_ENV)) throw new ConfigError(`NODE_ENV: must be one of ${NODE_ENVS.join(', ')} (or unset), got "${env.NODE_ENV}"`);
  if (env.KENES_PRODUCTION && !SWITCH.includes(env.KENES_PRODUCTION.toLowerCase())) throw new ConfigError(`KENES_PRODUCTION: must be 1 or 0 (true/false, yes/no, on/off), got "${env.KENES_PRODUCTION}"`);
  const production = env.NODE_ENV === 'production' || bool(env.KENES_PRODUCTION, false);
  const demo = flags.demo ?? bool(env.KENES_DEMO, false);
  if (production && demo) throw new ConfigError('KENES_DEMO: demo mode is refused in production mode');
  const pepper = env.KENES_PEPPER ?? (production ? '' : DEV_PEPPER);
  if (production) productionSecret('KENES_PEPPER', pepper, 'pepper');
  const sessionSecret = env.KENES_SESSION_SECRET ?? (production ? '' : DEV_SECRET);
  if (production) productionSecret('KENES_SESSION_SECRET', sessionSecret, 'secret');
  if (production && pepper === sessionSecret) throw new ConfigError('KENES_SESSION_SECRET: must differ from KENES_PEPPER (one leaked key must not give away the other)');
  if (production) productionLedgerKey(env.KENES_LEDGER_KEY);
  const port = int('PORT', flags.port !== undefined ? String(flags.port) : env.PORT, 3000);
  const host = flags.host ?? env.HOST ?? '127.0.0.1';
  const databaseUrl = flags.db ?? env.DATABASE_URL ?? 'sqlite:./data/kenes.db';
  return {
    host,
    port,
    databaseUrl,
    readDatabaseUrl: readReplica(env.KENES_READ_DATABASE_URL, databaseUrl),
    charterPath: resolve(flags.charter ?? env.KENES_CHARTER ?? defaultCharterPath()),
    production,
    demo,
    pepper,
    sessionSecret,
    baseUrl: env.KENES_BASE_URL ?? `http://localhost:${port}`,
    publicUrl: env.KENES_PUBLIC_URL || undefined,
    oidc: {
      issuer: env.OIDC_ISSUER || undefined,
      clientId: env.OIDC_CLIENT_ID || undefined,
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
      iinClaim: env.OIDC_IIN_CLAIM ?? 'iin',
      nameClaim: env.OIDC_NAME_CLAIM ?? 'name',
      regionClaim: env.OIDC_REGION_CLAIM ?? 'region',
      scope: env.OIDC_SCOPE ?? 'openid profile',
      displayName: env.OIDC_DISPLAY_NAME || 'eGov',
      tokenAuthMethod: tokenAuthMethod(env.OIDC_TOKEN_AUTH_METHOD),
    },
    session: {
      idleMinutes: int('KENES_SESSION_IDLE_MINUTES', env.KENES_SESSION_IDLE_MINUTES, 720),
      maxHours: int('KENES_SESSION_MAX_HOURS', env.KENES_SESSION_MAX_HOURS, 168),
    },
    ledgerKey: env.KENES_LEDGER_KEY || (demo ? DEMO_LEDGER_KEY : undefined),
    ledgerHeadIntervalSeconds: int('KENES_LEDGER_HEAD_INTERVAL', env.KENES_LEDGER_HEAD_INTERVAL, 60),
    boardPollMs: Math.max(100, int('KENES_BOARD_POLL_MS', env.KENES_BOARD_POLL_MS, 2000)),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: trustProxy(env.KENES_TRUST_PROXY),
    rateLimit: {
      signPerMinute: int('KENES_RATE_SIGN_PER_MINUTE', env.KENES_RATE_SIGN_PER_MINUTE, 10),
      createPerHour: int('KENES_RATE_CREATE_PER_HOUR', env.KENES_RATE_CREATE_PER_HOUR, 5),
      perAddressPerMinute: int('KENES_RATE_PER_ADDRESS_PER_MINUTE', env.KENES_RATE_PER_ADDRESS_PER_MINUTE, 600),
    },
    redis: redisSetting(env.REDIS_URL, env.KENES_REDIS_PREFIX),
  };
}

export function defaultCharterPath(): string {
  return new URL('../charter/kz-default.json', import.meta.url).pathname;
}
