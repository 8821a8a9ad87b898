// The page shell: skip link, header with language switch, main, footer. Server-rendered; no script needed.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGS, type Lang } from './i18n.ts';

const LANG_LABEL: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

export interface NavItem {
  href: string;
  key: string;
}

/** Modules add their top-level pages here at start-up. */
export const navItems: NavItem[] = [];

export function Layout(props: { req: FastifyRequest; title: string; children: ComponentChildren; demo: boolean }) {
  const { req, title, children, demo } = props;
  const t = req.t;
  const path = req.url.split('?')[0];
  return (
    <html lang={req.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/kenes.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        {demo && (
          <p class="demo-banner" role="note">
            {t('demo.banner')}
          </p>
        )}
        <header class="site-header">
          <a class="brand" href="/">
            {t('site.name')}
          </a>
          <nav aria-label={t('nav.main')}>
            <ul>
              <li>
                <a href="/">{t('nav.home')}</a>
              </li>
              {navItems.map((n) => (
                <li key={n.href}>
                  <a href={n.href}>{t(n.key)}</a>
                </li>
              ))}
            </ul>
          </nav>
          <nav class="langs" aria-label={t('nav.language')}>
            <ul>
              {LANGS.map((l) => (
                <li key={l}>
                  <a href={`/lang/${l}?back=${encodeURIComponent(path)}`} lang={l} hreflang={l} aria-current={l === req.lang ? 'true' : undefined}>
                    {LANG_LABEL[l]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="account">
            {req.user ? (
              <form method="post" action="/auth/logout">
                <span class="who">{req.user.displayName}</span> <CsrfField req={req} />
                <button type="submit">{t('nav.signOut')}</button>
              </form>
            ) : (
              <a href="/auth/login">{t('nav.signIn')}</a>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t('footer.about')}</p>
          <p>
            <a href="/docs">{t('footer.api')}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Hidden CSRF token for every form that posts; the token comes from the identity module's hook. */
export function CsrfField(props: { req: FastifyRequest }) {
  const token = (props.req as FastifyRequest & { csrfToken?: string }).csrfToken ?? '';
  return <input type="hidden" name="_csrf" value={token} />;
}

export function sendPage(reply: FastifyReply, title: string, body: ComponentChildren, status = 200) {
  const req = reply.request;
  const html = renderToString(
    <Layout req={req} title={title} demo={reply.server.ctx.config.demo}>
      {body}
    </Layout>,
  );
  return reply.status(status).type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
}
