// A Council session's life as data: planned → convened → in progress → closed, with an adjournment
// loop (a sitting carried over to another day) and cancellation before it starts. Convening and
// rescheduling respect the charter's notice period; nothing ends a sitting while a vote is open.
import { check, type Decision, lifecycle } from '../lifecycle/table.ts';
import type { IsoDate } from './types.ts';

export const SESSION_STATES = ['planned', 'convened', 'in_progress', 'adjourned', 'closed', 'cancelled'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** The secretariat prepares and convenes; the chair (elected by the Council) may convene and presides. */
export type SessionActor = 'secretariat' | 'chair';

/** Facts the guards read, prepared by the service from the session, today and the charter. */
export interface SessionGuardContext {
  /** The session's (new) date. */
  date: IsoDate;
  /** The earliest date the notice period allows, counted from today (see sessions.ts). */
  earliestDate?: IsoDate;
  noticeWorkingDays?: number;
  today?: IsoDate;
  /** Votes of this session still open. */
  openVotes?: number;
}

const notice = {
  code: 'notice-too-short',
  field: 'date',
  holds: (c: SessionGuardContext) => c.earliestDate !== undefined && c.date >= c.earliestDate,
  params: (c: SessionGuardContext) => ({ earliest: c.earliestDate ?? '', workingDays: c.noticeWorkingDays ?? 0 }),
};

const onSessionDay = {
  code: 'not-session-day',
  field: 'date',
  // An adjourned sitting resumes on a later day; it never opens before its date.
  holds: (c: SessionGuardContext) => c.today !== undefined && c.today >= c.date,
  params: (c: SessionGuardContext) => ({ date: c.date, today: c.today ?? '' }),
};

const noOpenVote = {
  code: 'vote-open',
  holds: (c: SessionGuardContext) => (c.openVotes ?? 0) === 0,
  params: (c: SessionGuardContext) => ({ openVotes: c.openVotes ?? 0 }),
};

const both: readonly SessionActor[] = ['secretariat', 'chair'];

export const sessionLifecycle = lifecycle<SessionState, SessionActor, SessionGuardContext>({
  aggregate: 'council-session',
  states: SESSION_STATES,
  initial: 'planned',
  created: 'council-session.planned',
  final: ['closed', 'cancelled'],
  transitions: [
    { from: 'planned', to: 'convened', event: 'council-session.convened', who: both, guard: notice },
    { from: 'convened', to: 'convened', event: 'council-session.rescheduled', who: both, guard: notice },
    { from: 'planned', to: 'cancelled', event: 'council-session.cancelled', who: both },
    { from: 'convened', to: 'cancelled', event: 'council-session.cancelled', who: both },
    { from: 'convened', to: 'in_progress', event: 'council-session.opened', who: both, guard: onSessionDay },
    { from: 'in_progress', to: 'adjourned', event: 'council-session.adjourned', who: ['chair'], guard: noOpenVote },
    { from: 'adjourned', to: 'in_progress', event: 'council-session.resumed', who: both },
    { from: 'in_progress', to: 'closed', event: 'council-session.closed', who: both, guard: noOpenVote },
  ],
  refusals: {
    'council-session.convened': { actor: 'secretariat-or-chair-only', state: 'session-not-planned' },
    'council-session.rescheduled': { actor: 'secretariat-or-chair-only', state: 'session-not-convened', stateField: 'date' },
    'council-session.cancelled': { actor: 'secretariat-or-chair-only', state: 'session-under-way' },
    'council-session.opened': { actor: 'secretariat-or-chair-only', state: 'session-not-convened' },
    'council-session.adjourned': { actor: 'chair-only', state: 'session-not-sitting' },
    'council-session.resumed': { actor: 'secretariat-or-chair-only', state: 'session-not-adjourned' },
    'council-session.closed': { actor: 'secretariat-or-chair-only', state: 'session-not-sitting' },
  },
});

/** May these actors do `event` on a session in `state` now (guards asked when `ctx` is given)? */
export function checkSessionEvent(state: SessionState, event: string, actor: readonly SessionActor[], ctx?: SessionGuardContext): Decision<SessionState, SessionActor, SessionGuardContext> {
  return check(sessionLifecycle, state, event, actor, ctx);
}

/** States of a session that counts towards the year's minimum: held, running or still ahead (not cancelled). */
export const COUNTED_SESSION_STATES: readonly SessionState[] = ['planned', 'convened', 'in_progress', 'adjourned', 'closed'];
