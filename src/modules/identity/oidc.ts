// OpenID Connect sign-in (authorization code + PKCE) through openid-client. Any conforming provider
// works, so eGov plugs in by configuration (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, …).
import { sameOriginPath } from '../../core/localPath.ts';
import * as client from 'openid-client';
import type { Config } from '../../config.ts';

/** What must survive the round trip to the provider; kept in a signed, short-lived cookie. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  /** Local path to return to after sign-in. */
  next: string;
}

export class OidcNotConfigured extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Plain-http issuers are accepted only on loopback and never in production (test providers). */
export function insecureIssuerAllowed(issuer: URL, production: boolean): boolean {
  return issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) && !production;
}

export class OidcSignIn {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(private readonly config: Config) {}

  get enabled(): boolean {
    return !!(this.config.oidc.issuer && this.config.oidc.clientId);
  }

  get redirectUri(): string {
    return new URL('/auth/oidc/callback', this.config.baseUrl).toString();
  }

  /** Discovery runs once, on first use; a failed discovery is retried on the next sign-in. */
  private configuration(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.config.oidc;
    if (!issuer || !clientId) throw new OidcNotConfigured('OIDC_ISSUER and OIDC_CLIENT_ID are not set');
    if (!this.discovered) {
      const url = new URL(issuer);
      const insecure = insecureIssuerAllowed(url, this.config.production);
      if (url.protocol !== 'https:' && !insecure) throw new OidcNotConfigured(`OIDC_ISSUER must be https (got ${url.protocol})`);
      const auth = !clientSecret
        ? client.None()
        : this.config.oidc.tokenAuthMethod === 'client_secret_post'
          ? client.ClientSecretPost(clientSecret)
          : client.ClientSecretBasic(clientSecret);
      this.discovered = client.discovery(url, clientId, undefined, auth, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
      this.discovered.catch(() => {
        this.discovered = null;
      });
    }
    return this.discovered;
  }

  async begin(next: string): Promise<{ url: URL; flow: OidcFlow }> {
    const conf = await this.configuration();
    const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
    const url = client.buildAuthorizationUrl(conf, {
      redirect_uri: this.redirectUri,
      scope: this.config.oidc.scope,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url, flow };
  }

  /**
   * Exchanges the code and returns the identity claims: the ID token's claims merged with the
   * UserInfo response (providers often put profile claims such as the IIN only in UserInfo).
   */
  async complete(currentUrl: URL, flow: OidcFlow): Promise<Record<string, unknown>> {
    const conf = await this.configuration();
    const tokens = await client.authorizationCodeGrant(conf, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the provider returned no ID token');
    let merged: Record<string, unknown> = { ...idClaims };
    if (conf.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(conf, tokens.access_token, idClaims.sub);
      merged = { ...info, ...idClaims };
    }
    return merged;
  }
}

export function encodeFlow(flow: OidcFlow): string {
  return Buffer.from(JSON.stringify(flow)).toString('base64url');
}

export function decodeFlow(value: string): OidcFlow | null {
  try {
    const f = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<OidcFlow>;
    if (typeof f.state === 'string' && typeof f.nonce === 'string' && typeof f.verifier === 'string' && typeof f.next === 'string') return f as OidcFlow;
  } catch {
    // fall through: a damaged cookie is the same as none
  }
  return null;
}

/** Only paths on this site are followed after sign-in (no open redirect); anything else goes home. */
export function safeNext(v: unknown): string {
  return sameOriginPath(v, 512) ?? '/';
}
