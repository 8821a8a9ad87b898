// What the council module's error codes mean over HTTP: status and English message. The codes of
// the core's tables and rules (src/core/council) are here too, so every refusal has its problem.
import type { ErrorParams } from '../../core/errors.ts';
import type { ProblemCatalog } from '../../web/domainProblems.ts';

const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const conflict = (message: (p: ErrorParams) => string) => ({ status: 409 as const, message });
const bad = (message: (p: ErrorParams) => string) => ({ status: 400 as const, message });
const denied = (message: (p: ErrorParams) => string) => ({ status: 403 as const, message });

export const councilProblems: ProblemCatalog = {
  // sessions
  'secretariat-or-chair-only': denied(() => 'only the secretariat or the chair may do this'),
  'chair-only': denied(() => 'only the chair may do this'),
  'session-not-planned': conflict((p) => `the session is ${p.state}: only a planned session is convened`),
  'session-not-convened': conflict((p) => `the session is ${p.state}, not convened`),
  'session-under-way': conflict((p) => `the session is ${p.state}: a session under way is closed, never cancelled`),
  'session-not-sitting': conflict((p) => `the session is ${p.state}, not sitting`),
  'session-not-adjourned': conflict((p) => `the session is ${p.state}, not adjourned`),
  'session-not-closed': conflict((p) => `the session is ${p.state}: minutes follow the close`),
  'notice-too-short': bad((p) => `the notice is ${p.workingDays} working days: the earliest date is ${p.earliest}`),
  'not-session-day': conflict((p) => `the sitting is on ${p.date}; today is ${p.today}`),
  'vote-open': conflict((p) => `${p.openVotes} vote(s) still open: close them first`),
  'invalid-session-kind': bad((p) => `"${p.kind}" is not a session kind (${list(p.allowed)})`),
  'place-required': bad(() => 'give the place of the session'),
  required: bad(() => 'required'),
  // agenda
  'agenda-frozen': conflict((p) => `the session is ${p.state}: its agenda is fixed`),
  'agenda-closed': conflict((p) => `the agenda closed on ${p.closedOn}`),
  'already-on-agenda': conflict((p) => `${p.source} is already on an agenda`),
  'not-an-agenda-kind': bad((p) => `proposals of kind ${p.proposalKind} do not go on the Council's agenda`),
  'mover-not-sitting': denied((p) => `the mover ${p.memberId} does not sit on the Council on ${p.on}`),
  'mover-as-co-sponsor': bad((p) => `${p.memberId} moves the motion and cannot co-sponsor it`),
  'co-sponsor-twice': bad((p) => `${p.memberId} is named twice`),
  'co-sponsor-not-sitting': bad((p) => `${p.memberId} does not sit on the Council on ${p.on}`),
  'too-few-co-sponsors': bad((p) => `${p.have} co-sponsors; the charter asks for ${p.need}`),
  'not-named-co-sponsor': denied((p) => `${p.memberId} is not named as a co-sponsor of this`),
  'co-sponsorship-confirmed': conflict((p) => `${p.memberId} has confirmed already`),
  'co-sponsors-unconfirmed': conflict((p) => `${p.confirmed} co-sponsors have confirmed; the charter asks for ${p.need}`),
  'no-co-sponsors': bad((p) => `a ${p.kind} has no co-sponsors`),
  'excluded-subject': bad((p) => `a referendum may not address "${p.name}" (${p.subject}): the charter excludes it`),
  'invalid-motion-kind': bad((p) => `"${p.motionKind}" is not a motion kind (${list(p.allowed)})`),
  'invalid-referring-body': bad((p) => `"${p.body}" may not refer items (${list(p.allowed)})`),
  'item-not-queued': conflict((p) => `the item is ${p.status}, not waiting in the queue`),
  'item-not-on-agenda': bad((p) => `item ${p.itemId} is not on the agenda of this session`),
  'item-decided': conflict((p) => `the item is ${p.status}: it is no longer before the Council`),
  'item-not-votable': bad((p) => `a ${p.kind} is heard, not voted on`),
  'item-not-a-hearing': bad((p) => `a ${p.kind} is voted on, not heard`),
  'not-amendable': bad((p) => `a ${p.kind} has no text to amend`),
  'amendment-unchanged': bad(() => 'the amendment leaves the text as it is'),
  'amendment-decided': conflict((p) => `the amendment is ${p.status}`),
  'amendments-pending': conflict((p) => `amendment(s) ${list(p.amendments)} must be voted first`),
  'report-not-due': conflict((p) => `the response item is ${p.status} and not overdue (due ${p.dueDate || 'not set'})`),
  // attendance and votes
  'already-registered': conflict((p) => `${p.memberId} is registered already`),
  'not-registered': conflict((p) => `${p.memberId} is not registered at this sitting`),
  'no-quorum': conflict((p) => `no quorum: ${p.present} present of ${p.sitting} sitting, ${p.needed} needed`),
  'unknown-decision-kind': bad((p) => `"${p.decisionKind}" has no majority in the charter`),
  'vote-already-open': conflict((p) => `vote ${p.voteId} is still open`),
  'vote-closed': conflict(() => 'the vote is closed'),
  'members-only': denied(() => 'only members of the Council vote'),
  'not-a-member': denied(() => 'you do not hold a seat on the Council'),
  'not-sitting': denied((p) => `not sitting on ${p.date}${p.termStart ? ` (term ${p.termStart} – ${p.termEnd})` : ''}`),
  'not-present': conflict(() => 'register your attendance at the sitting first'),
  'invalid-choice': bad((p) => `"${p.choice}" is not a choice (${list(p.allowed)})`),
  'already-voted': conflict((p) => `you voted ${p.choice} already; change the ballot instead`),
  'no-ballot': conflict(() => 'no ballot to change: cast one first'),
  'recusal-final': conflict(() => 'a declared recusal stands for this question'),
  'recusal-reason-required': bad(() => 'state the reason of the recusal (the conflict of interest)'),
  'already-recused': conflict(() => 'recused already'),
  // tracks
  'step-out-of-order': conflict((p) => `the track is at ${p.stage ?? p.state}: this step does not follow`),
  'step-before-previous': bad((p) => `${p.on} is before the previous step (${p.previousOn})`),
  'referendum-date-required': bad((p) => `a called referendum needs its date, after ${p.on}`),
  'unknown-step': bad((p) => `"${p.event}" is not a step of this track (${list(p.allowed)})`),
  'invalid-initiative-kind': bad((p) => `"${p.kind}" is not an initiative kind (${list(p.allowed)})`),
  'invalid-url': bad(() => 'not an http(s) link'),
  // minutes
  'minutes-exist': conflict(() => 'the minutes of this session are drafted already'),
  'minutes-frozen': conflict(() => 'approved minutes are frozen'),
  'minutes-of-same-session': bad(() => 'minutes are approved at a later session'),
  'approval-vote-required': conflict(() => 'minutes are approved only by a vote of the Council'),
};
