// "My account": who is signed in, with which roles (and for which agency), and every screen those roles
// open, from the same module nav declarations the header's account menu reads. Signed-out visitors are
// sent to sign in and brought back here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { CsrfField, sendPage, workNav } from './layout.tsx';

export async function accountModule(app: FastifyInstance, ctx: AppContext) {
  app.get('/account', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (!req.user) return reply.redirect(`/auth/login?next=${encodeURIComponent('/account')}`, 303);
    return sendPage(reply, req.t('account.title'), <AccountPage req={req} ctx={ctx} />);
  });
}

function AccountPage(props: { req: FastifyRequest; ctx: AppContext }) {
  const { req, ctx } = props;
  const { t, lang } = req;
  const user = req.user!;
  const work = workNav(req.server.kenes.nav, user);
  const mine = work.filter((n) => n.audience === 'signed-in');
  const roleWork = work.filter((n) => n.audience !== 'signed-in');
  const region = user.region ? ctx.charter.regions.find((r) => r.code === user.region) : undefined;
  return (
    <>
      <h1>{t('account.title')}</h1>
      <dl class="facts">
        <dt>{t('account.name')}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>
          <ul class="account-roles">
            {user.roles.map((r) => (
              <li key={r}>
                {t(`role.${r}`)}
                {r === 'agency_officer' && user.agencyId && (
                  <>
                    {' '}
                    (<a href={`/responses/agencies/${encodeURIComponent(user.agencyId)}`}>{t('account.agency')}</a>)
                  </>
                )}
              </li>
            ))}
          </ul>
        </dd>
        {region && (
          <>
            <dt>{t('account.region')}</dt>
            <dd>{region.name[lang]}</dd>
          </>
        )}
      </dl>

      <section aria-labelledby="work-title">
        <h2 id="work-title">{t('account.work')}</h2>
        {roleWork.length ? (
          <ul class="link-list">
            {roleWork.map((n) => (
              <li key={n.href}>
                <a href={n.href}>{t(n.key)}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('account.work.none')}</p>
        )}
      </section>

      {mine.length > 0 && (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">{t('account.mine')}</h2>
          <ul class="link-list">
            {mine.map((n) => (
              <li key={n.href}>
                <a href={n.href}>{t(n.key)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <form method="post" action="/auth/logout">
        <CsrfField req={req} />
        <button type="submit">{t('nav.signOut')}</button>
      </form>
    </>
  );
}
