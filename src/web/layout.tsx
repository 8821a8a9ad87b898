// The page shell: skip link, demo banner, header (brand, main navigation, language switch, account),
// main, footer. Server-rendered; every control is a plain link or form, so no script is needed.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../core/roles.ts';
import { CsrfField } from './components/PostForm.tsx';
import type { SessionUser } from './context.ts';
import { LANGS, type Lang } from './i18n.ts';
import { INFO_PAGES } from './infoPages.ts';

/** Each language names itself, so a reader finds their own language whatever the page's language. */
export const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
const LANG_LABEL = LANG_NAMES;
const LANG_SHORT: Record<Lang, string> = { kk: 'ҚАЗ', ru: 'РУС', en: 'ENG' };

export interface NavItem {
  href: string;
  /** Catalog key of the link text. */
  key: string;
  /**
   * Who the link is work for. Absent: a public section, in the main navigation. `signed-in`: anyone
   * signed in (my proposals). Roles: people holding one of them (the moderation queue). Work links
   * are listed in the header's account menu and on /account, not in the main navigation.
   */
  audience?: 'signed-in' | readonly Role[];
}

/** The public sections: the main navigation. */
export function publicNav(items: readonly NavItem[]): NavItem[] {
  return items.filter((n) => n.audience === undefined);
}

/** The work links this person's roles open, in module order; nothing for someone signed out. */
export function workNav(items: readonly NavItem[], user: SessionUser | null | undefined): NavItem[] {
  if (!user) return [];
  return items.filter((n) => n.audience !== undefined && (n.audience === 'signed-in' || n.audience.some((r) => user.roles.includes(r))));
}

/** True when `path` is the nav item's page or below it (`/ledger/entries/3` is under `/ledger`). */
export function isCurrent(href: string, path: string): boolean {
  if (href === '/') return path === '/';
  return path === href || path.startsWith(`${href}/`);
}

/** The current URL without the one-off `?lang=` override: where the language switch returns to. */
export function backPath(req: FastifyRequest): string {
  const [path, query = ''] = req.url.split('?');
  const params = new URLSearchParams(query);
  params.delete('lang');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

function NavList(props: { items: NavItem[]; path: string; t: FastifyRequest['t'] }) {
  return (
    <ul>
      {props.items.map((n) => (
        <li key={n.href}>
          <a href={n.href} aria-current={isCurrent(n.href, props.path) ? 'page' : undefined}>
            {props.t(n.key)}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** An Atom feed of a page's list, linked from its head (`<link rel="alternate">`). */
export interface FeedLink {
  href: string;
  title: string;
}

export function Layout(props: { req: FastifyRequest; title: string; children: ComponentChildren; demo: boolean; feeds?: readonly FeedLink[] }) {
  const { req, title, children, demo } = props;
  const t = req.t;
  const path = req.url.split('?')[0];
  const back = encodeURIComponent(backPath(req));
  const charter = req.server.ctx?.charter;
  const nav = req.server.kenes?.nav ?? [];
  const items = [{ href: '/', key: 'nav.home' }, ...publicNav(nav), { href: '/search', key: 'nav.search' }];
  const work = workNav(nav, req.user);
  return (
    <html lang={req.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="description" content={t('site.tagline')} />
        <title>{`${title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/kenes.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {props.feeds?.map((f) => (
          <link key={f.href} rel="alternate" type="application/atom+xml" href={f.href} title={f.title} />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          {/* Inside the header landmark, so that all content sits in a landmark. */}
          {demo && (
            <p class="demo-banner" role="note">
              <strong>{t('demo.label')}</strong> {t('demo.banner')}
            </p>
          )}
          <div class="wrap header-row">
            <a class="brand" href="/">
              <svg class="brand-mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
                <circle cx="16" cy="16" r="15" fill="#00677f" />
                <path d="M16 6 L18.4 13.6 L26 16 L18.4 18.4 L16 26 L13.6 18.4 L6 16 L13.6 13.6 Z" fill="#fec50c" />
              </svg>
              <span class="brand-text">
                <span class="brand-name">{t('site.name')}</span>
                <span class="brand-tagline">{t('site.tagline')}</span>
              </span>
            </a>
            <nav class="langs" aria-label={t('nav.language')}>
              <ul>
                {LANGS.map((l) => (
                  <li key={l}>
                    <a href={`/lang/${l}?back=${back}`} lang={l} hreflang={l} aria-current={l === req.lang ? 'true' : undefined} title={LANG_LABEL[l]}>
                      <span class="lang-long">{LANG_LABEL[l]}</span>
                      <span class="lang-short" aria-hidden="true">
                        {LANG_SHORT[l]}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div class="wrap nav-row">
            {/* Wide screens: the sections in a row. Phones: the same list behind a <details> disclosure,
                which opens without script and is announced as a button with its expanded state. Only one
                of the two is displayed (the other is display:none, so it is hidden from assistive tech too). */}
            <nav class="main-nav" aria-label={t('nav.main')}>
              <NavList items={items} path={path} t={t} />
            </nav>
            <details class="nav-menu">
              <summary>
                <svg class="nav-menu-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                  <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" fill="none" />
                </svg>
                <span>{t('nav.menu')}</span>
              </summary>
              <nav aria-label={t('nav.main')}>
                <NavList items={items} path={path} t={t} />
              </nav>
            </details>
            <div class="account">
              {req.user ? (
                // The account menu: the person's name opens their account page and their work, and
                // holds the sign-out button. A <details> disclosure, so it opens without script.
                <details class="account-menu">
                  <summary>
                    <span class="who">
                      <span class="visually-hidden">{t('nav.signedInAs')} </span>
                      {req.user.displayName}
                    </span>
                  </summary>
                  <div class="account-panel">
                    <nav aria-label={t('nav.account')}>
                      <ul>
                        <li>
                          <a href="/account" aria-current={path === '/account' ? 'page' : undefined}>
                            {t('nav.myAccount')}
                          </a>
                        </li>
                        {work.map((n) => (
                          <li key={n.href}>
                            <a href={n.href} aria-current={isCurrent(n.href, path) ? 'page' : undefined}>
                              {t(n.key)}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </nav>
                    <form method="post" action="/auth/logout">
                      <CsrfField req={req} />
                      <button type="submit" class="link-button">
                        {t('nav.signOut')}
                      </button>
                    </form>
                  </div>
                </details>
              ) : (
                <a class="button small" href={`/auth/login?next=${encodeURIComponent(backPath(req))}`}>
                  {t('nav.signIn')}
                </a>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} class="wrap">
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.about')}</p>
            <nav aria-label={t('footer.pages')}>
              <ul class="footer-links">
                {INFO_PAGES.map((p) => (
                  <li key={p.href}>
                    <a href={p.href}>{t(`info.${p.id}.title`)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <ul class="footer-links">
              <li>
                <a href="/docs">{t('footer.api')}</a>
              </li>
              <li>
                <a href="/openapi.json">{t('footer.openapi')}</a>
              </li>
            </ul>
            {charter && <p class="muted">{t('footer.charter', { title: charter.title[req.lang], version: charter.version })}</p>}
          </div>
        </footer>
      </body>
    </html>
  );
}

// Kept here too for the pages that import it from the layout.
export { CsrfField };

export function sendPage(reply: FastifyReply, title: string, body: ComponentChildren, status = 200, opts: { feeds?: readonly FeedLink[] } = {}) {
  const req = reply.request;
  const html = renderToString(
    <Layout req={req} title={title} demo={reply.server.ctx.config.demo} feeds={opts.feeds}>
      {body}
    </Layout>,
  );
  return reply.status(status).type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
}
