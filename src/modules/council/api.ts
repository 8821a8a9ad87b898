// What other modules (and the Council's pages) may use of the council module: its service.
//
//   const svc = councilService(ctx);
//   const sessions = await svc.sessions();
export { type CouncilService, councilService, type ItemDetail, type ItemView, type SessionDetail, type SessionView } from './service.ts';
export type { VoteView, RollCallView, AttendanceView } from './votes.ts';
export type { DecisionView, InitiativeView } from './decisions.ts';
export type { MinutesView } from './minutes.ts';
export { voteBoard } from './votes.ts';
export { drainPetitionAgenda } from './fromProposals.ts';
