// The module's pages: plain HTML forms, phone first, no JavaScript needed.
import type { FastifyRequest } from 'fastify';
import { CsrfField } from '../../web/layout.tsx';
import { WEBHOOK_KINDS } from './fanout.ts';
import type { Follow } from './service.ts';
import type { NotificationsTables } from './tables.ts';

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

function NoticeBox(props: { notice: Notice | null }) {
  if (!props.notice) return null;
  return (
    <div class={props.notice.kind === 'error' ? 'notice notice-error' : 'notice'} role={props.notice.kind === 'error' ? 'alert' : 'status'}>
      <p>{props.notice.text}</p>
    </div>
  );
}

/** A follow/unfollow button for any page (a plain form posting to /notifications). */
export function FollowButton(props: { req: FastifyRequest; kind: string; id: string; following: boolean; back?: string }) {
  const { req } = props;
  if (!req.user) return null;
  return (
    <form method="post" action={props.following ? '/notifications/unfollow' : '/notifications/follow'} class="follow-form">
      <CsrfField req={req} />
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="id" value={props.id} />
      <input type="hidden" name="back" value={props.back ?? req.url} />
      <button type="submit" class="button secondary">
        {props.following ? req.t('notify.unfollow') : req.t('notify.follow')}
      </button>
      {props.following && <span class="muted"> {req.t('notify.following')}</span>}
    </form>
  );
}

function targetHref(f: { kind: string; id: string }): string | null {
  if (f.kind === 'proposal') return `/proposals/${encodeURIComponent(f.id)}`;
  if (f.kind === 'agency') return `/responses/agencies/${encodeURIComponent(f.id)}`;
  if (f.kind === 'region' || f.kind === 'topic') return `/proposals?${f.kind}=${encodeURIComponent(f.id)}`;
  if (f.kind === 'council') return '/council/sessions';
  if (f.kind === 'council-session') return `/council/sessions/${encodeURIComponent(f.id)}`;
  if (f.kind === 'council-member') return `/council/members/${encodeURIComponent(f.id)}`;
  if (f.kind === 'council-item') return `/council/items/${encodeURIComponent(f.id)}`;
  return null;
}

type Address = NotificationsTables['notify_addresses'];

export function MyPage(props: { req: FastifyRequest; follows: Follow[]; labels: Map<string, string>; address: Address | null; stoppedAll: boolean; mode: 'smtp' | 'demo' | 'off'; max: number; notice: Notice | null }) {
  const { req, follows, address: a } = props;
  const t = req.t;
  return (
    <div class="notify">
      <h1>{t('notify.my.title')}</h1>
      <p>{t('notify.my.lead')}</p>
      <NoticeBox notice={props.notice} />
      <section aria-labelledby="follows-h">
        <h2 id="follows-h">{t('notify.my.title')}</h2>
        {follows.length === 0 ? (
          <p>{t('notify.my.none')}</p>
        ) : (
          <ul class="follow-list">
            {follows.map((f) => {
              const href = targetHref(f);
              const label = props.labels.get(`${f.kind}:${f.id}`) ?? f.id;
              return (
                <li key={`${f.kind}:${f.id}`}>
                  <span>{t(`notify.kind.${f.kind}`)}: </span>
                  {href ? <a href={href}>{label}</a> : <span>{label}</span>}
                  <form method="post" action="/notifications/unfollow" class="inline-form">
                    <CsrfField req={req} />
                    <input type="hidden" name="kind" value={f.kind} />
                    <input type="hidden" name="id" value={f.id} />
                    <button type="submit" class="button secondary">
                      {t('notify.unfollow')}
                      <span class="visually-hidden">: {label}</span>
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        )}
        <p class="muted">{t('notify.my.limit', { max: props.max })}</p>
      </section>
      <section aria-labelledby="defaults-h">
        <h2 id="defaults-h">{t('notify.my.defaults')}</h2>
        <p>{props.stoppedAll ? t('notify.my.defaultsOff') : t('notify.my.defaultsOn')}</p>
        <form method="post" action={props.stoppedAll ? '/notifications/resume-all' : '/notifications/stop-all'}>
          <CsrfField req={req} />
          <button type="submit" class="button secondary">
            {props.stoppedAll ? t('notify.my.resumeAll') : t('notify.my.stopAll')}
          </button>
        </form>
      </section>
      <section aria-labelledby="email-h">
        <h2 id="email-h">{t('notify.email.title')}</h2>
        {props.mode === 'off' && <p class="notice">{t('notify.email.disabled')}</p>}
        {props.mode === 'demo' && (
          <p class="notice">
            {t('notify.email.demo')} <a href="/notifications/demo-mail">{t('notify.email.demoLink')}</a>
          </p>
        )}
        {a && (
          <p role="status">
            {a.stopped_at ? t('notify.email.stopped', { email: a.email }) : a.verified_at ? t('notify.email.verified', { email: a.email }) : t('notify.email.pending', { email: a.email })}
          </p>
        )}
        <p>{t('notify.email.why')}</p>
        <form method="post" action="/notifications/address">
          <CsrfField req={req} />
          <p>
            <label for="field-email">{t('notify.email.address')}</label>
            <br />
            <input id="field-email" name="email" type="email" autocomplete="email" required value={a?.email ?? ''} maxLength={254} />
          </p>
          <p>
            <input id="field-consent" name="consent" type="checkbox" value="yes" required />{' '}
            <label for="field-consent">{t('notify.email.consent')}</label>
          </p>
          <p>
            <input id="field-digest" name="digest" type="checkbox" value="yes" checked={!!a?.digest} /> <label for="field-digest">{t('notify.email.digest')}</label>
          </p>
          <input type="hidden" name="lang" value={req.lang} />
          <button type="submit" class="button">
            {t('notify.email.save')}
          </button>
        </form>
        {a && (
          <form method="post" action="/notifications/address/remove">
            <CsrfField req={req} />
            <button type="submit" class="button secondary">
              {t('notify.email.remove')}
            </button>
          </form>
        )}
      </section>
      <p>
        <a href="/notifications/webhooks">{t('notify.webhooks.title')}</a>
      </p>
    </div>
  );
}

export function VerifyPage(props: { req: FastifyRequest; ok: boolean; email: string }) {
  const t = props.req.t;
  return (
    <div class="notify">
      <h1>{t('notify.email.title')}</h1>
      <p role={props.ok ? 'status' : 'alert'}>{props.ok ? t('notify.email.verifyDone') : t('notify.email.verifyBad')}</p>
      <p>
        <a href="/notifications">{t('notify.my.title')}</a>
      </p>
    </div>
  );
}

export function UnsubscribePage(props: { req: FastifyRequest; state: 'confirm' | 'done' | 'forged'; target: string; action: string }) {
  const t = props.req.t;
  return (
    <div class="notify">
      <h1>{t('notify.unsub.title')}</h1>
      {props.state === 'forged' && <p role="alert">{t('notify.unsub.forged')}</p>}
      {props.state === 'done' && <p role="status">{t('notify.unsub.done', { target: props.target })}</p>}
      {props.state === 'confirm' && (
        <form method="post" action={props.action}>
          <p>{t('notify.unsub.confirm', { target: props.target })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" class="button">
            {t('notify.unsub.button')}
          </button>
        </form>
      )}
    </div>
  );
}

export function WebhooksPage(props: {
  req: FastifyRequest;
  hooks: { id: number; url: string; kinds: string[]; log: { id: number; kind: string; status: string; attempts: number; sentAt: string | null; lastError: string | null }[] }[];
  notice: Notice | null;
  secret: string | null;
}) {
  const { req } = props;
  const t = req.t;
  return (
    <div class="notify">
      <h1>{t('notify.webhooks.title')}</h1>
      <p>{t('notify.webhooks.lead')}</p>
      <NoticeBox notice={props.notice} />
      {props.secret && (
        <p class="notice" role="status">
          <code>{t('notify.webhooks.secret', { secret: props.secret })}</code>
        </p>
      )}
      <form method="post" action="/notifications/webhooks">
        <CsrfField req={req} />
        <p>
          <label for="field-url">{t('notify.webhooks.url')}</label>
          <br />
          <input id="field-url" name="url" type="url" required maxLength={2000} />
        </p>
        <fieldset>
          <legend>{t('notify.webhooks.kinds')}</legend>
          {['*', ...WEBHOOK_KINDS].map((k) => (
            <p key={k}>
              <input id={`kind-${k.replace(/[^\w]/g, '-')}`} type="checkbox" name="kinds" value={k} /> <label for={`kind-${k.replace(/[^\w]/g, '-')}`}>{k}</label>
            </p>
          ))}
        </fieldset>
        <button type="submit" class="button">
          {t('notify.webhooks.add')}
        </button>
      </form>
      {props.hooks.length === 0 ? (
        <p>{t('notify.webhooks.none')}</p>
      ) : (
        props.hooks.map((h) => (
          <section key={h.id} aria-labelledby={`hook-${h.id}`}>
            <h2 id={`hook-${h.id}`}>
              #{h.id} <code>{h.url}</code>
            </h2>
            <p>{h.kinds.join(', ')}</p>
            <h3>{t('notify.webhooks.log')}</h3>
            <ul>
              {h.log.map((d) => (
                <li key={d.id}>
                  #{d.id} {d.kind} · {d.status} · {d.attempts} {d.sentAt ?? ''} {d.lastError ?? ''}
                  <form method="post" action="/notifications/webhooks/replay" class="inline-form">
                    <CsrfField req={req} />
                    <input type="hidden" name="hook" value={String(h.id)} />
                    <input type="hidden" name="delivery" value={String(d.id)} />
                    <button type="submit" class="button secondary">
                      {t('notify.webhooks.replay')}
                      <span class="visually-hidden"> #{d.id}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

export function DemoMailPage(props: { req: FastifyRequest; mails: { id: number; subject: string; to_address: string; created_at: string; text_body: string }[] }) {
  const t = props.req.t;
  return (
    <div class="notify">
      <h1>{t('notify.demoMail.title')}</h1>
      <p>{t('notify.demoMail.lead')}</p>
      {props.mails.length === 0 && <p>{t('notify.demoMail.none')}</p>}
      {props.mails.map((m) => (
        <article key={String(m.id)} aria-labelledby={`mail-${m.id}`}>
          <h2 id={`mail-${m.id}`}>{m.subject}</h2>
          <p class="muted">
            {m.to_address} · {m.created_at}
          </p>
          <pre style="white-space: pre-wrap">
            {m.text_body.split(/(https?:\/\/[^\s<>"]+)/).map((part, i) => (i % 2 ? <a href={part}>{part}</a> : part))}
          </pre>
        </article>
      ))}
    </div>
  );
}

export function FollowPage(props: { req: FastifyRequest; kind: string; id: string; following: boolean }) {
  const t = props.req.t;
  return (
    <div class="notify">
      <h1>
        {t(`notify.kind.${props.kind}`)}: {props.id}
      </h1>
      <FollowButton req={props.req} kind={props.kind} id={props.id} following={props.following} back="/notifications" />
    </div>
  );
}
