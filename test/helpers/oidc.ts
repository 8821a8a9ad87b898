// A real OpenID Connect provider (oidc-provider) on 127.0.0.1 with a random port, for sign-in tests.
// It stands in for eGov: accounts carry an `iin` claim, the client is confidential and uses PKCE.
// Its login page lists the accounts as buttons (usable from a browser test); `login()` walks the
// same flow with fetch for API tests.
//
//   const idp = await startOidcProvider({ redirectUri: 'http://localhost:3000/auth/oidc/callback' });
//   (or start it without redirectUri, start the app with idp.env, then idp.addRedirectUri(url))
//   const t = await testApp({}, idp.env);                       // OIDC_ISSUER, OIDC_CLIENT_ID, …
//   const start = await t.app.inject('/auth/oidc/start');
//   const callback = await idp.login(start.headers.location, 'aigerim');
//   …inject callback (path + query) with the kenes_oidc cookie from `start`…
//   await idp.close();
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error oidc-provider ships no type declarations
import Provider from 'oidc-provider';

// biome-ignore lint/suspicious/noExplicitAny: oidc-provider ships no type declarations
type ProviderInstance = any;

export interface TestAccount {
  /** The IIN as the provider sends it; a number, an invalid or a missing value test the edges. */
  iin?: string | number;
  name?: string;
  given_name?: string;
  family_name?: string;
  region?: string;
}

export interface OidcProviderOptions {
  /**
   * Where the provider may send the browser back (the app's /auth/oidc/callback). May be left out
   * and given later with `addRedirectUri`, when the app's port is chosen after the provider's.
   */
  redirectUri?: string | string[];
  accounts?: Record<string, TestAccount>;
  /** Claim that carries the IIN (default `iin`, like OIDC_IIN_CLAIM). */
  iinClaim?: string;
  /** The client's token endpoint authentication (default client_secret_basic, like Kenes). */
  tokenAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Environment for the app under test. */
  env: Record<string, string>;
  accounts: Record<string, TestAccount>;
  /**
   * Follows an authorization URL through the provider's login as `accountId` and returns the URL the
   * provider redirects back to (the app's callback with code, state and iss).
   */
  login(authorizationUrl: string, accountId: string): Promise<string>;
  /** Registers another redirect URI; only before the provider has served its first request. */
  addRedirectUri(uri: string): void;
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNTS: Record<string, TestAccount> = {
  aigerim: { iin: '061211600012', given_name: 'Айгерім', family_name: 'Сейтқали', region: 'KZ-75' },
  yerlan: { iin: '850315300128', name: 'Ерлан Нұрланов', region: 'KZ-71' },
  olga: { iin: '920704400015', name: 'Ольга Ким', region: 'kz-35' },
  noiin: { name: 'Без ИИН' },
  badiin: { iin: '061211600013', name: 'Неверный ИИН' },
};

function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcProvider(opts: OidcProviderOptions = {}): Promise<TestOidcProvider> {
  const accounts = opts.accounts ?? DEFAULT_ACCOUNTS;
  const iinClaim = opts.iinClaim ?? 'iin';
  const clientId = 'kenes-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const redirectUris = opts.redirectUri === undefined ? [] : Array.isArray(opts.redirectUri) ? [...opts.redirectUri] : [opts.redirectUri];

  // Listen first: the issuer URL needs the port.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, r) => r.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };

  // Built on the first request, so redirect URIs can still be added after start.
  let built: { provider: ProviderInstance; callback: (req: IncomingMessage, res: ServerResponse) => void } | null = null;
  const build = () => {
    if (built) return built;
    const provider = makeProvider();
    built = { provider, callback: provider.callback() };
    return built;
  };

  const makeProvider = (): ProviderInstance => new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: opts.tokenAuthMethod ?? 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    // Explicit lifetimes (seconds) keep the provider from warning about its defaults.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name', iinClaim, 'region'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const acc = accounts[sub];
      if (!acc) return undefined;
      return {
        accountId: sub,
        async claims() {
          const { iin, ...rest } = acc;
          return { sub, ...rest, ...(iin === undefined ? {} : { [iinClaim]: iin }) };
        },
      };
    },
    // The relying party is first-party (like Kenes with eGov): grant what it asks, no consent screen.
    // biome-ignore lint/suspicious/noExplicitAny: oidc-provider ships no type declarations
    async loadExistingGrant(ctx: any) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  });

  handler = (req, res) => {
    const { provider, callback } = build();
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0]);
    if (!m) return callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (m[2] && req.method === 'POST') {
          const accountId = (await formBody(req)).get('account') ?? '';
          if (!accounts[accountId]) {
            res.statusCode = 400;
            return res.end('unknown account');
          }
          return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
        }
        res.setHeader('content-type', 'text/html; charset=utf-8');
        const buttons = Object.entries(accounts)
          .map(([id, a]) => `<li><button type="submit" name="account" value="${html(id)}">${html(a.name ?? `${a.given_name ?? ''} ${a.family_name ?? ''}`.trim())} (${html(id)})</button></li>`)
          .join('');
        res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body><main><h1>Test identity provider</h1><form method="post" action="/interaction/${html(details.uid)}/login"><ul>${buttons}</ul></form></main></body></html>`,
        );
      } catch (err) {
        res.statusCode = 500;
        res.end(String((err as Error).message));
      }
    })();
  };

  async function login(authorizationUrl: string, accountId: string): Promise<string> {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
      }
    };
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 10; hop++) {
      if (redirectUris.some((r) => url.toString().startsWith(r))) return url.toString();
      const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
      const res = interaction
        ? await fetch(new URL(`${url.pathname}/login`, issuer), {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ account: accountId }),
          })
        : await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
      keep(res);
      const location = res.headers.get('location');
      if (!location) throw new Error(`test provider: no redirect from ${url.pathname} (status ${res.status}): ${(await res.text()).slice(0, 300)}`);
      url = new URL(location, url);
    }
    throw new Error('test provider: too many redirects');
  }

  return {
    issuer,
    clientId,
    clientSecret,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_TOKEN_AUTH_METHOD: opts.tokenAuthMethod ?? 'client_secret_basic' },
    accounts,
    login,
    addRedirectUri(uri: string) {
      if (built) throw new Error('test provider: add redirect URIs before the first request');
      redirectUris.push(uri);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
