// The follow button as other modules' pages render it (through api.ts).
import type { FastifyRequest } from 'fastify';
import type { JSX } from 'preact';
import { feedHref } from './feeds.ts';
import { notificationsService } from './service.ts';
import { FollowButton } from './views.tsx';

/**
 * The follow/unfollow form for a page (a plain POST with the CSRF token; works without JavaScript),
 * in its current state for the signed-in reader; null for someone signed out, so pages cached for
 * anonymous readers stay the same. Kinds: `proposal` (ref), `agency` (id), `council` (`all`),
 * `council-session` (its number), `council-member` (membership id), `council-item` (id).
 */
export async function followButton(req: FastifyRequest, kind: string, id: string, back?: string): Promise<JSX.Element | null> {
  if (!req.user) return null;
  const following = await notificationsService(req.server.ctx).isFollowing(req.user.id, kind, id);
  return <FollowButton req={req} kind={kind} id={id} following={following} back={back} />;
}

/**
 * Visible links to a page's feeds, for readers who add them to a feed reader or a calendar:
 * `sessions` (Atom and iCalendar of the Council's sessions), `agency` (its Atom feed and its due dates
 * as iCalendar).
 */
export function FeedLinks(props: { req: FastifyRequest; which: 'sessions' | 'agency'; id?: string }) {
  const t = props.req.t;
  const [atom, cal] = props.which === 'sessions' ? [feedHref.sessions(), feedHref.sessionsCalendar()] : [feedHref.agency(props.id ?? ''), feedHref.agencyCalendar(props.id ?? '')];
  return (
    <p class="feed-links">
      {t('notify.feed.subscribe')} <a href={atom} type="application/atom+xml">{t('notify.feed')}</a> · <a href={cal} type="text/calendar">{t('notify.feed.calendar')}</a>
    </p>
  );
}
