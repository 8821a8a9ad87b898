// What the membership module's error codes mean over HTTP: status and English message. The cycle's
// guard codes come from the core table (src/core/membership/cycleLifecycle.ts).
import type { ErrorParams } from '../../core/errors.ts';
import type { ProblemCatalog } from '../../web/domainProblems.ts';

const failed = (p: ErrorParams) => (Array.isArray(p.failed) ? (p.failed as { kind: string; stage?: string }[]).map((g) => (g.kind === 'dateReached' ? `the ${g.stage} date` : g.kind)).join(', ') : '');

export const membershipProblems: ProblemCatalog = {
  'cycle-still-open': { status: 409, message: (p) => `cycle ${p.cycle} is still ${p.state}: a new cycle opens once the last one is seated` },
  'cycle-wrong-stage': { status: 409, message: (p) => `cycle ${p.cycle} is ${p.state}: ${p.event} does not follow from that stage` },
  'cycle-step-has-own-route': { status: 400, message: (p) => `${p.event} has its own step: POST …/commit or …/reveal` },
  'nominations-not-due': { status: 409, message: (p) => `not yet: ${failed(p)} is not reached (today ${p.today})` },
  'nominations-close-not-due': { status: 409, message: (p) => `not yet: ${failed(p)} is not reached (today ${p.today})` },
  'pool-not-committable': { status: 409, message: (p) => `the pool cannot be committed yet: ${failed(p)} (today ${p.today})` },
  'draw-not-ready': { status: 409, message: (p) => `the draw cannot be recorded yet: ${failed(p)} (today ${p.today})` },
  'confirmations-pending': { status: 409, message: () => 'confirmations are still pending' },
  'term-not-started': { status: 409, message: (p) => `the term has not started: ${failed(p)} (today ${p.today})` },
  'nominations-not-open': { status: 409, message: (p) => `cycle ${p.cycle} is ${p.state}: candidates are added only while nominations are open` },
  'no-candidates': { status: 400, message: () => 'give at least one candidate' },
  'candidates-invalid': { status: 400, message: () => 'some candidates are invalid; nothing was added' },
  'candidate-invalid-iin': { status: 400, message: () => 'not a valid IIN (12 digits with a correct check digit)' },
  'candidate-required': { status: 400, message: () => 'required' },
  'candidate-unknown-block': { status: 400, message: (p) => `"${p.value}" is not a block of the charter` },
  'candidate-unknown-region': { status: 400, message: (p) => `"${p.value}" is not a region of the charter` },
  'candidate-too-long': { status: 400, message: (p) => `at most ${p.value} characters` },
  'candidate-organisation-limit': { status: 400, message: (p) => `organisation ${p.organisation} already has the charter's ${p.limit} nominations` },
  'candidate-csv': { status: 400, message: (p) => `CSV${p.row ? ` row ${p.row}` : ''}${p.column ? ` column ${p.column}` : ''}: ${p.message}`, extra: (p) => ({ row: p.row, column: p.column }) },
  'council-pool-invalid': { status: 409, message: (p) => `the pool of block ${p.block} cannot be drawn: ${p.message}` },
  'council-draw-failed': { status: 409, message: (p) => `the draw of block ${p.block} (${p.run}) is ${p.status}, not drawn` },
  'member-not-sitting': { status: 409, message: (p) => `member ${p.id} is ${p.status}, not sitting` },
  'leave-outside-term': { status: 400, message: (p) => `${p.on} is outside the term ${p.termStart} – ${p.termEnd}` },
};
