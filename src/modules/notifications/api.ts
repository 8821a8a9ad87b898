// What other modules may use of notifications: the follow button for their pages, the feed links
// for their <head>, and whether someone follows a target.
//
//   const follow = await followButton(req, 'agency', agency.id);   // null when signed out
//   sendPage(reply, title, <>{follow}{body}</>)
//   sendPage(reply, title, body, 200, { feeds: [feedLink(req, 'proposals')] })
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { feedHref } from './feeds.ts';
import { notificationsService } from './service.ts';

export { FollowButton } from './views.tsx';
export { FeedLinks, followButton } from './follow.tsx';

export async function isFollowing(ctx: AppContext, req: FastifyRequest, kind: string, id: string): Promise<boolean> {
  return req.user ? notificationsService(ctx).isFollowing(req.user.id, kind, id) : false;
}

type AtomFeed = 'proposals' | 'ledger' | 'sessions' | 'overdue' | 'proposal' | 'agency';

/** An Atom feed link for a page's head. */
export function feedLink(req: FastifyRequest, which: 'proposals' | 'ledger' | 'sessions' | 'overdue'): { href: string; title: string };
export function feedLink(req: FastifyRequest, which: 'proposal' | 'agency', id: string): { href: string; title: string };
export function feedLink(req: FastifyRequest, which: AtomFeed, id = ''): { href: string; title: string } {
  const href =
    which === 'proposal'
      ? feedHref.proposal(id)
      : which === 'agency'
        ? feedHref.agency(id)
        : which === 'ledger'
          ? feedHref.ledger()
          : which === 'sessions'
            ? feedHref.sessions()
            : which === 'overdue'
              ? feedHref.overdue()
              : feedHref.proposals();
  return { href, title: req.t('notify.feed') };
}
