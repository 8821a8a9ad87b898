// HTML error pages (404, 403, 500, …) in the shell. They say what happened in the reader's language
// and where to go next; they never show a stack or the internal message of a 5xx error.
import type { FastifyReply } from 'fastify';
import { sendPage } from './layout.tsx';

function messageKey(status: number): string | null {
  if (status === 404) return 'notFound';
  if (status === 401 || status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return null;
}

/**
 * Sends the error page for `status`. `detail` is shown only for 4xx statuses without a page of their
 * own (e.g. a 400 or 413 from a form post): those messages are written for users, 5xx ones are not.
 */
export function sendErrorPage(reply: FastifyReply, status: number, detail: string) {
  const req = reply.request;
  // Before the language hook ran (a very early error) there is no translator yet: use the app's, in kk.
  const t = req.t ?? req.server.kenes.i18n.translator('kk');
  if (!req.t) req.t = t; // the error may come before the language hook ran
  const key = messageKey(status);
  const title = key ? t(`error.${key}.title`) : t('error.other.title');
  const body = key ? t(`error.${key}.body`, { id: req.id }) : detail;
  return sendPage(
    reply,
    title,
    <section class="error-page" aria-labelledby="error-title">
      <p class="error-code">{t('error.code', { status: String(status) })}</p>
      <h1 id="error-title">{title}</h1>
      {body && <p class="lead">{body}</p>}
      <p>
        <a class="button" href="/">
          {t('nav.home')}
        </a>
      </p>
    </section>,
    status,
  );
}
