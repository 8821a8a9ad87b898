// Notifications over HTTP: the JSON API under /api/v1/notifications, and the pages (plain forms that
// work without JavaScript): my subscriptions, follow/unfollow, the e-mail address, verification,
// one-click unsubscribe (RFC 8058), webhooks, demo mail.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { formList, formText } from '../../web/form.ts';
import { sendPage } from '../../web/layout.tsx';
import { problemOf } from '../../web/domainProblems.ts';
import { HttpProblem } from '../../web/problem.ts';
import { requireUser } from '../identity/api.ts';
import { notificationsCatalog } from './problems.ts';
import { mailMode, settingsOf } from './settings.ts';
import { type NotificationsService, TARGET_KINDS } from './service.ts';
import { unsubscribeTokenOk } from './tokens.ts';
import { DemoMailPage, FollowPage, MyPage, type Notice, UnsubscribePage, VerifyPage, WebhooksPage } from './views.tsx';

const tags = ['notifications'];
const secured = [{ session: [] }];
const Str = (max: number, description?: string) => Type.String({ maxLength: max, description });

function uid(req: FastifyRequest): string {
  if (!req.user) throw new HttpProblem(401, 'sign in first', { code: 'unauthenticated' });
  return req.user.id;
}

/** A local path to go back to after a form (never another site). */
function backTo(raw: string, fallback: string): string {
  return /^\/(?!\/)[\w\-./?=&%]*$/.test(raw) ? raw : fallback;
}

/** The reader's words for a refused form. */
function noticeOf(req: FastifyRequest, err: unknown): Notice {
  const p = problemOf(err, notificationsCatalog);
  if (!p) throw err;
  const code = err instanceof DomainError ? err.code : '';
  const key = `notify.err.${code}`;
  const text = req.t(key);
  return { kind: 'error', text: text === key ? p.message : text };
}

export function registerNotifications(app: FastifyInstance, svc: NotificationsService): void {
  const ctx = svc.ctx;

  // ---- JSON API ----
  app.get('/api/v1/notifications/follows', { preHandler: requireUser, schema: { tags, security: secured, summary: 'What I follow' } }, async (req) => ({
    follows: await svc.follows(uid(req)),
    optouts: await svc.optouts(uid(req)),
  }));
  app.post(
    '/api/v1/notifications/follows',
    {
      preHandler: requireUser,
      schema: { tags, security: secured, summary: 'Follow a proposal, agency, region, topic, Council member/session/item', body: Type.Object({ kind: Str(32, TARGET_KINDS.join(', ')), id: Str(120) }, { additionalProperties: false }) },
    },
    async (req, reply) => {
      const b = req.body as { kind: string; id: string };
      return reply.status(201).send(await svc.follow(uid(req), b.kind, b.id));
    },
  );
  app.delete('/api/v1/notifications/follows/:kind/:id', { preHandler: requireUser, schema: { tags, security: secured, summary: 'Stop following (also a default subscription)' } }, async (req, reply) => {
    const p = req.params as { kind: string; id: string };
    await svc.unfollow(uid(req), p.kind, p.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/notifications/address', { preHandler: requireUser, schema: { tags, security: secured, summary: 'My e-mail address and its state' } }, async (req) => {
    const a = await svc.address(uid(req));
    return { mail: mailMode(ctx), address: a ? { email: a.email, lang: a.lang, digest: !!a.digest, verified: !!a.verified_at, stopped: a.stopped_reason } : null };
  });
  app.put(
    '/api/v1/notifications/address',
    {
      preHandler: requireUser,
      schema: {
        tags,
        security: secured,
        summary: 'Give an e-mail address (with consent); a verification link is mailed',
        body: Type.Object({ email: Str(254), consent: Type.Boolean(), lang: Type.Optional(Type.Union([Type.Literal('kk'), Type.Literal('ru'), Type.Literal('en')])), digest: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const b = req.body as { email: string; consent: boolean; lang?: string; digest?: boolean };
      return reply.status(202).send(await svc.setAddress(uid(req), { ...b, lang: b.lang ?? req.lang }));
    },
  );
  app.delete('/api/v1/notifications/address', { preHandler: requireUser, schema: { tags, security: secured, summary: 'Remove my e-mail address' } }, async (req, reply) => {
    await svc.removeAddress(uid(req));
    return reply.status(204).send();
  });
  app.post('/api/v1/notifications/verify', { config: { access: 'public' }, schema: { tags, summary: 'Verify an address with the mailed token', body: Type.Object({ token: Str(100) }, { additionalProperties: false }) } }, async (req) => {
    const r = await svc.verify((req.body as { token: string }).token);
    return { verified: true, email: r.email };
  });
  app.post(
    '/api/v1/notifications/bounces',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags,
        summary: 'Report a bounce or complaint (operator token); sending to the address stops',
        body: Type.Object({ email: Str(254), type: Type.Union([Type.Literal('bounce'), Type.Literal('complaint')]) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const token = settingsOf(ctx).bounceToken;
      const auth = String(req.headers.authorization ?? '');
      if (!token || auth !== `Bearer ${token}`) throw new DomainError('bounce-token');
      const b = req.body as { email: string; type: 'bounce' | 'complaint' };
      return { stopped: await svc.stopAddress(b.email, b.type) };
    },
  );

  app.post(
    '/api/v1/notifications/webhooks',
    {
      preHandler: requireUser,
      schema: { tags, security: secured, summary: 'Register a webhook; the secret is in this answer only', body: Type.Object({ url: Str(2000), kinds: Type.Array(Str(64), { maxItems: 40 }) }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await svc.registerWebhook(uid(req), req.body as { url: string; kinds: string[] })),
  );
  app.get('/api/v1/notifications/webhooks', { preHandler: requireUser, schema: { tags, security: secured, summary: 'My webhooks (no secrets)' } }, async (req) => ({ webhooks: await svc.webhooks(uid(req)) }));
  const hookId = (req: FastifyRequest, name = 'id') => {
    const n = Number((req.params as Record<string, string>)[name]);
    if (!Number.isSafeInteger(n) || n < 1) throw new DomainError('webhook-not-found', name, { id: String((req.params as Record<string, string>)[name]) });
    return n;
  };
  app.delete('/api/v1/notifications/webhooks/:id', { preHandler: requireUser, schema: { tags, security: secured, summary: 'Remove a webhook' } }, async (req, reply) => {
    await svc.removeWebhook(uid(req), hookId(req));
    return reply.status(204).send();
  });
  app.get('/api/v1/notifications/webhooks/:id/deliveries', { preHandler: requireUser, schema: { tags, security: secured, summary: 'Delivery log of a webhook' } }, async (req) => ({
    deliveries: await svc.webhookLog(uid(req), hookId(req)),
  }));
  app.post('/api/v1/notifications/webhooks/:id/deliveries/:d/replay', { preHandler: requireUser, schema: { tags, security: secured, summary: 'Send a delivery again' } }, async (req, reply) => {
    await svc.replay(uid(req), hookId(req), hookId(req, 'd'));
    return reply.status(202).send({ replayed: true });
  });

  // ---- pages ----
  const showMy = async (req: FastifyRequest, reply: FastifyReply, notice: Notice | null, status = 200) => {
    const u = uid(req);
    const [follows, address, stopped] = await Promise.all([svc.follows(u), svc.address(u), svc.stoppedAll(u)]);
    const labels = await svc.labels(follows, req.lang, req.t);
    return sendPage(reply, req.t('notify.my.title'), <MyPage req={req} follows={follows} labels={labels} address={address ?? null} stoppedAll={stopped} mode={mailMode(ctx)} max={settingsOf(ctx).maxFollows} notice={notice} />, status);
  };
  app.get('/notifications', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
    const q = req.query as { done?: string };
    return showMy(req, reply, q.done ? { kind: 'ok', text: req.t(q.done === 'removed' ? 'notify.email.removed' : 'notify.saved') } : null);
  });

  const form = (url: string, act: (req: FastifyRequest) => Promise<string | undefined>) =>
    app.post(url, { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
      try {
        const to = await act(req);
        return reply.redirect(to ?? '/notifications?done=saved', 303);
      } catch (err) {
        const n = noticeOf(req, err);
        return showMy(req, reply, n, (problemOf(err, notificationsCatalog)?.status ?? 400));
      }
    });
  form('/notifications/follow', async (req) => {
    await svc.follow(uid(req), formText(req.body, 'kind'), formText(req.body, 'id'));
    const back = formText(req.body, 'back');
    return back ? backTo(back, '/notifications') : undefined;
  });
  form('/notifications/unfollow', async (req) => {
    await svc.unfollow(uid(req), formText(req.body, 'kind'), formText(req.body, 'id'));
    const back = formText(req.body, 'back');
    return back ? backTo(back, '/notifications') : undefined;
  });
  form('/notifications/address', async (req) => {
    await svc.setAddress(uid(req), { email: formText(req.body, 'email'), consent: formText(req.body, 'consent'), lang: formText(req.body, 'lang') || req.lang, digest: formText(req.body, 'digest') });
    return undefined;
  });
  form('/notifications/address/remove', async (req) => {
    await svc.removeAddress(uid(req));
    return '/notifications?done=removed';
  });
  form('/notifications/stop-all', async (req) => {
    await svc.optOut(uid(req), 'all', '*');
    return undefined;
  });
  form('/notifications/resume-all', async (req) => {
    await svc.resumeAll(uid(req));
    return undefined;
  });

  // A follow link any page can carry: shows what would be followed and a plain form to do it.
  app.get('/notifications/follow', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
    const q = req.query as { kind?: string; id?: string };
    const target = await svc.checkTarget(q.kind, q.id);
    const following = await svc.isFollowing(uid(req), target.kind, target.id);
    return sendPage(reply, req.t('notify.follow'), <FollowPage req={req} kind={target.kind} id={target.id} following={following} />);
  });

  app.get('/notifications/verify', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    try {
      const r = await svc.verify((req.query as { token?: string }).token);
      return sendPage(reply, req.t('notify.email.title'), <VerifyPage req={req} ok email={r.email} />);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return sendPage(reply, req.t('notify.email.title'), <VerifyPage req={req} ok={false} email="" />, 400);
    }
  });

  // Unsubscribe: the GET shows a confirming form (link scanners must not unsubscribe anyone); the POST
  // is also the RFC 8058 one-click target. The HMAC in the link is the proof; no session, no CSRF token.
  const targetLabel = (req: FastifyRequest, kind: string, id: string) => (kind === 'all' ? req.t('notify.unsub.all') : `${req.t(`notify.kind.${kind}`)} ${id}`);
  app.get('/notifications/unsubscribe', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const ok = unsubscribeTokenOk(ctx.config.sessionSecret, q.u ?? '', q.k ?? '', q.i ?? '', q.s);
    return sendPage(reply, req.t('notify.unsub.title'), <UnsubscribePage req={req} state={ok ? 'confirm' : 'forged'} target={targetLabel(req, q.k ?? '', q.i ?? '')} action={req.url} />, ok ? 200 : 403);
  });
  app.post('/notifications/unsubscribe', { config: { access: 'public', csrf: false }, schema: { hide: true } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    try {
      const r = await svc.unsubscribe(q);
      if (!String(req.headers.accept ?? '').includes('text/html')) return reply.status(200).send({ unsubscribed: { kind: r.kind, id: r.id } });
      return sendPage(reply, req.t('notify.unsub.title'), <UnsubscribePage req={req} state="done" target={targetLabel(req, r.kind, r.id)} action="" />);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (!String(req.headers.accept ?? '').includes('text/html')) throw err;
      return sendPage(reply, req.t('notify.unsub.title'), <UnsubscribePage req={req} state="forged" target="" action="" />, 403);
    }
  });

  const showHooks = async (req: FastifyRequest, reply: FastifyReply, notice: Notice | null, secret: string | null, status = 200) => {
    const hooks = await svc.webhooks(uid(req));
    const logs = await Promise.all(hooks.map((h) => svc.webhookLog(uid(req), h.id, 20)));
    return sendPage(reply, req.t('notify.webhooks.title'), <WebhooksPage req={req} hooks={hooks.map((h, i) => ({ ...h, log: logs[i] }))} notice={notice} secret={secret} />, status);
  };
  app.get('/notifications/webhooks', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => showHooks(req, reply, null, null));
  app.post('/notifications/webhooks', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
    try {
      const r = await svc.registerWebhook(uid(req), { url: formText(req.body, 'url'), kinds: formList(req.body, 'kinds') });
      return showHooks(req, reply, null, r.secret, 201);
    } catch (err) {
      return showHooks(req, reply, noticeOf(req, err), null, problemOf(err, notificationsCatalog)?.status ?? 400);
    }
  });
  app.post('/notifications/webhooks/replay', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
    try {
      await svc.replay(uid(req), Number(formText(req.body, 'hook')), Number(formText(req.body, 'delivery')));
      return reply.redirect('/notifications/webhooks', 303);
    } catch (err) {
      return showHooks(req, reply, noticeOf(req, err), null, problemOf(err, notificationsCatalog)?.status ?? 400);
    }
  });

  app.get('/notifications/demo-mail', { preHandler: requireUser, schema: { hide: true } }, async (req, reply) => {
    if (!ctx.config.demo) throw new HttpProblem(404, 'demo mail exists only in demo mode');
    return sendPage(reply, req.t('notify.demoMail.title'), <DemoMailPage req={req} mails={await svc.demoMail(uid(req))} />);
  });
}
