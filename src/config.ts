// Runtime configuration: every setting has an environment variable, a default, and (for a few) a CLI flag.
// The table below is also what README.md documents; keep the two in step.
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** `sqlite:./data/kenes.db`, a bare file path, or `postgres://…` */
  databaseUrl: string;
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
  logLevel: string;
  rateLimit: { signPerMinute: number; createPerHour: number; perAddressPerMinute: number };
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const production = env.NODE_ENV === 'production' || bool(env.KENES_PRODUCTION, false);
  const demo = flags.demo ?? bool(env.KENES_DEMO, false);
  if (production && demo) throw new ConfigError('KENES_DEMO: demo mode is refused in production mode');
  const pepper = env.KENES_PEPPER ?? (production ? '' : DEV_PEPPER);
  if (production && Buffer.byteLength(pepper) < 32) {
    throw new ConfigError('KENES_PEPPER: production mode needs a pepper of at least 32 bytes');
  }
  const sessionSecret = env.KENES_SESSION_SECRET ?? (production ? '' : DEV_SECRET);
  if (production && Buffer.byteLength(sessionSecret) < 32) {
    throw new ConfigError('KENES_SESSION_SECRET: production mode needs a secret of at least 32 bytes');
  }
  const port = int('PORT', flags.port !== undefined ? String(flags.port) : env.PORT, 3000);
  const host = flags.host ?? env.HOST ?? '127.0.0.1';
  return {
    host,
    port,
    databaseUrl: flags.db ?? env.DATABASE_URL ?? 'sqlite:./data/kenes.db',
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
    logLevel: env.LOG_LEVEL ?? 'info',
    rateLimit: {
      signPerMinute: int('KENES_RATE_SIGN_PER_MINUTE', env.KENES_RATE_SIGN_PER_MINUTE, 10),
      createPerHour: int('KENES_RATE_CREATE_PER_HOUR', env.KENES_RATE_CREATE_PER_HOUR, 5),
      perAddressPerMinute: int('KENES_RATE_PER_ADDRESS_PER_MINUTE', env.KENES_RATE_PER_ADDRESS_PER_MINUTE, 600),
    },
  };
}

export function defaultCharterPath(): string {
  return new URL('../charter/kz-default.json', import.meta.url).pathname;
}
