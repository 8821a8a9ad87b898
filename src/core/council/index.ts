// The Council's work as pure rules: sessions, agendas, roll-call votes, decisions and their tracks.
export * from './agenda.ts';
export * from './arithmetic.ts';
export * from './decisions.ts';
export * from './fromMembership.ts';
export * from './members.ts';
export * from './minutes.ts';
export * from './sessionLifecycle.ts';
export * from './sessions.ts';
export * from './tracks.ts';
export * from './types.ts';
export * from './vote.ts';
export * from './voteLifecycle.ts';
export * from './akomaNtoso.ts';
export * from './ical.ts';
export * from './popolo.ts';
export * from './xml.ts';
export * from './textDiff.ts';
