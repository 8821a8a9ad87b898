// Role administration for administrators (issue 15, ADR 0509): `/admin/roles` lists everyone who holds
// a staff role, grants a role to a person named by user id or IIN (an agency officer for one agency),
// and revokes one, with the CLI's own service calls, so every change is an `identity.role_granted` /
// `identity.role_revoked` event on the public ledger (recorded as done by `user/<admin id>`).
// Plain forms: they work without JavaScript; a refused post comes back with the error by its field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseIin } from '../../core/iin.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import { FormField } from '../../web/components/FormField.tsx';
import { PostForm, type FormProblem } from '../../web/components/PostForm.tsx';
import type { AppContext } from '../../web/context.ts';
import { formText } from '../../web/form.ts';
import { sendPage } from '../../web/layout.tsx';
import { agencyChoices } from '../responses/api.ts';
import { requireRole } from './guards.ts';
import { isRole, roleNeedsAgency } from './roles.ts';
import { IdentityError, identityService, type UserRecord } from './service.ts';

const STAFF_ROLES = ROLES.filter((r) => r !== 'citizen');

interface GrantTyped {
  who: string;
  role: string;
  agencyId: string;
}

export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = identityService(ctx);
  const guard = { preHandler: requireRole('admin'), schema: { hide: true } };

  async function staff(): Promise<UserRecord[]> {
    const byId = new Map<string, UserRecord>();
    for (const role of STAFF_ROLES) for (const u of await svc.list({ role })) byId.set(u.id, u);
    return [...byId.values()].sort((a, b) => (a.displayName || a.id).localeCompare(b.displayName || b.id));
  }

  async function show(req: FastifyRequest, reply: FastifyReply, opts: { status?: number; problem?: FormProblem | null; typed?: GrantTyped; done?: string } = {}) {
    const agencies = await agencyChoices(ctx.db.db);
    const people = await staff();
    return sendPage(reply, req.t('admin.roles.title'), <RolesPage req={req} people={people} agencies={agencies} {...opts} />, opts.status ?? 200);
  }

  app.get('/admin/roles', guard, async (req, reply) => {
    const done = (req.query as Record<string, unknown>).done;
    return show(req, reply, { done: done === 'granted' || done === 'revoked' ? done : undefined });
  });

  app.post('/admin/roles/grant', guard, async (req, reply) => {
    const t = req.t;
    const typed: GrantTyped = { who: formText(req.body, 'who').trim(), role: formText(req.body, 'role'), agencyId: formText(req.body, 'agencyId').trim() };
    const errors: { field: string; message: string }[] = [];
    if (!isRole(typed.role) || typed.role === 'citizen') errors.push({ field: 'role', message: t('admin.roles.err.role') });
    const agencies = await agencyChoices(ctx.db.db);
    if (isRole(typed.role) && roleNeedsAgency(typed.role) && !agencies.some((a) => a.id === typed.agencyId)) errors.push({ field: 'agencyId', message: t('admin.roles.err.agency') });
    if (isRole(typed.role) && !roleNeedsAgency(typed.role) && typed.agencyId) errors.push({ field: 'agencyId', message: t('admin.roles.err.noAgency') });
    let user: UserRecord | null = null;
    if (!typed.who) errors.push({ field: 'who', message: t('admin.roles.err.who') });
    else if (/^\d{12}$/.test(typed.who.replace(/\s/g, ''))) {
      const parsed = parseIin(typed.who.replace(/\s/g, ''));
      if (!parsed.valid) errors.push({ field: 'who', message: t('admin.roles.err.iin') });
      else {
        // As the CLI does: a person named by IIN who never signed in gets an account, so that the
        // role is there at their first sign-in. The IIN is turned into its pseudonym and dropped.
        const pseudonym = pseudonymize(ctx.config.pepper, parsed.iin);
        user = (await svc.findByPseudonym(pseudonym)) ?? (errors.length ? null : await svc.ensureUser({ pseudonym, displayName: '', origin: 'cli' }));
      }
    } else {
      user = await svc.findById(typed.who);
      if (!user) errors.push({ field: 'who', message: t('admin.roles.err.noUser') });
    }
    if (errors.length || !user) return show(req, reply, { status: 400, problem: { errors }, typed: { ...typed, who: /^\d{12}$/.test(typed.who) ? '' : typed.who } });
    try {
      await svc.grantRole(user.id, typed.role as Role, { agencyId: typed.agencyId || null, by: `user/${req.user!.id}` });
    } catch (e) {
      if (e instanceof IdentityError) return show(req, reply, { status: 400, problem: { errors: [{ field: e.field ?? 'who', message: e.message }] }, typed });
      throw e;
    }
    return reply.redirect('/admin/roles?done=granted', 303);
  });

  app.post('/admin/roles/revoke', guard, async (req, reply) => {
    const userId = formText(req.body, 'userId');
    const role = formText(req.body, 'role');
    const detail = !isRole(role) || role === 'citizen' ? req.t('admin.roles.err.role') : userId === req.user!.id && role === 'admin' ? req.t('admin.roles.err.self') : null;
    if (detail) return show(req, reply, { status: 400, problem: { detail, errors: [] } });
    const target = await svc.findById(userId);
    if (!target) return show(req, reply, { status: 400, problem: { detail: req.t('admin.roles.err.noUser'), errors: [] } });
    await svc.revokeRole(userId, role as Role, { by: `user/${req.user!.id}` });
    return reply.redirect('/admin/roles?done=revoked', 303);
  });
}

function RolesPage(props: {
  req: FastifyRequest;
  people: UserRecord[];
  agencies: { id: string; name: Record<'kk' | 'ru' | 'en', string> }[];
  problem?: FormProblem | null;
  typed?: GrantTyped;
  done?: string;
}) {
  const { req, people, agencies, problem, typed } = props;
  const { t, lang } = req;
  const err = (f: string) => problem?.errors.find((e) => e.field === f)?.message ?? null;
  const agencyName = (id: string | null) => agencies.find((a) => a.id === id)?.name[lang] ?? id ?? '';
  return (
    <>
      <h1>{t('admin.roles.title')}</h1>
      <p>{t('admin.roles.intro')}</p>
      {props.done && (
        <p role="status" class="notice">
          {t(`admin.roles.done.${props.done}`)}
        </p>
      )}
      <PostForm req={req} action="/admin/roles/grant" id="grant" heading={<h2>{t('admin.roles.grant')}</h2>} problem={problem?.errors.length ? problem : null} novalidate>
        <FormField name="who" label={t('admin.roles.who')} hint={t('admin.roles.who.hint')} value={typed?.who ?? ''} error={err('who')} attrs={{ autocomplete: 'off', maxLength: 64 }} />
        <FormField name="role" type="select" label={t('admin.roles.role')} value={typed?.role ?? ''} error={err('role')} options={[{ value: '', label: t('admin.roles.choose') }, ...STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]} />
        <FormField
          name="agencyId"
          type="select"
          label={t('admin.roles.agency')}
          hint={t('admin.roles.agency.hint')}
          value={typed?.agencyId ?? ''}
          error={err('agencyId')}
          options={[{ value: '', label: t('admin.roles.noAgency') }, ...agencies.map((a) => ({ value: a.id, label: a.name[lang] }))]}
        />
        <button type="submit">{t('admin.roles.grant.submit')}</button>
      </PostForm>

      <section aria-labelledby="staff-title">
        <h2 id="staff-title">{t('admin.roles.staff')}</h2>
        {problem && !problem.errors.length && problem.detail && (
          <p class="error-message" role="alert">
            {problem.detail}
          </p>
        )}
        <ul class="admin-staff">
          {people.map((u) => (
            <li key={u.id}>
              <p>
                <strong>{u.displayName || t('admin.roles.notSignedIn')}</strong> <code>{u.id}</code>
              </p>
              <ul class="admin-roles">
                {u.roles
                  .filter((r) => r !== 'citizen')
                  .map((r) => (
                    <li key={r}>
                      <span>
                        {t(`role.${r}`)}
                        {r === 'agency_officer' && u.agencyId ? ` (${agencyName(u.agencyId)})` : ''}
                      </span>
                      <PostForm req={req} action="/admin/roles/revoke" class="inline-form">
                        <input type="hidden" name="userId" value={u.id} />
                        <input type="hidden" name="role" value={r} />
                        <button type="submit" class="secondary small" aria-label={t('admin.roles.revoke.label', { role: t(`role.${r}`), name: u.displayName || u.id })}>
                          {t('admin.roles.revoke')}
                        </button>
                      </PostForm>
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
