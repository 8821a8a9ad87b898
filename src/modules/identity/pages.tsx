// Sign-in pages: the login page (provider button, and the demo list in demo mode), the 401 page and
// the sign-in failure page. Plain forms and links: everything works without JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Charter } from '../../core/charter/types.ts';
import { CsrfField, sendPage } from '../../web/layout.tsx';
import type { Role } from '../../web/context.ts';
import './messages.ts';
import type { UserRecord } from './service.ts';

/** Where to come back to after signing in: the current path for page GETs. */
export function loginHref(req: FastifyRequest): string {
  const next = req.method === 'GET' ? req.url : '/';
  return `/auth/login?next=${encodeURIComponent(next)}`;
}

export function sendUnauthorizedPage(req: FastifyRequest, reply: FastifyReply) {
  const t = req.t;
  reply.header('www-authenticate', 'Cookie realm="kenes"');
  return sendPage(
    reply,
    t('auth.unauthorized.title'),
    <section class="error-page">
      <h1>{t('auth.unauthorized.title')}</h1>
      <p>{t('auth.unauthorized.body')}</p>
      <p>
        <a href={loginHref(req)}>{t('nav.signIn')}</a>
      </p>
    </section>,
    401,
  );
}

export function sendSignInError(reply: FastifyReply, status: number, messageKey: string) {
  const t = reply.request.t;
  return sendPage(
    reply,
    t('auth.error.title'),
    <section class="error-page">
      <h1>{t('auth.error.title')}</h1>
      <p>{t(messageKey, { id: reply.request.id })}</p>
      <p>
        <a href="/auth/login">{t('auth.error.again')}</a>
      </p>
    </section>,
    status,
  );
}

export interface DemoAccounts {
  citizens: UserRecord[];
  staff: { role: Role; user: UserRecord }[];
}

export interface LoginPageProps {
  req: FastifyRequest;
  next: string;
  provider: { enabled: boolean; name: string };
  demo: DemoAccounts | null;
  charter: Charter;
}

export function LoginPage(props: LoginPageProps) {
  const { req, next, provider, demo, charter } = props;
  const t = req.t;
  const regionName = (code: string | null) => (code ? (charter.regions.find((r) => r.code === code)?.name[req.lang] ?? code) : '');
  return (
    <section class="login">
      <h1>{t('auth.login.title')}</h1>
      <p>{t('auth.login.intro')}</p>
      {provider.enabled ? (
        <p>
          <a class="button primary" href={`/auth/oidc/start?next=${encodeURIComponent(next)}`}>
            {t('auth.login.provider', { provider: provider.name })}
          </a>
        </p>
      ) : (
        <p class="notice">{t('auth.login.notConfigured')}</p>
      )}
      {demo && (
        <section class="demo-accounts" aria-labelledby="demo-accounts-title">
          <h2 id="demo-accounts-title">{t('auth.demo.title')}</h2>
          <p>{t('auth.demo.intro')}</p>
          {demo.citizens.length + demo.staff.length === 0 && <p>{t('auth.demo.none')}</p>}
          {demo.staff.length > 0 && (
            <>
              <h3>{t('auth.demo.staff')}</h3>
              <ul class="demo-list">
                {demo.staff.map(({ role, user }) => (
                  <li key={`${role}-${user.id}`}>
                    <DemoButton req={req} user={user} next={next} note={t(`role.${role}`)} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {demo.citizens.length > 0 && (
            <>
              <h3>{t('auth.demo.citizens')}</h3>
              <ul class="demo-list">
                {demo.citizens.map((user) => (
                  <li key={user.id}>
                    <DemoButton req={req} user={user} next={next} note={regionName(user.region)} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </section>
  );
}

function DemoButton(props: { req: FastifyRequest; user: UserRecord; next: string; note: string }) {
  const { req, user, next, note } = props;
  return (
    <form method="post" action="/auth/demo" class="demo-signin">
      <CsrfField req={req} />
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="next" value={next} />
      <button type="submit">{req.t('auth.demo.signInAs', { name: user.displayName })}</button>
      {note && <span class="demo-note"> · {note}</span>}
    </form>
  );
}
