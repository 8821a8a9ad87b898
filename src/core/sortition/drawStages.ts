// The stages of a draw (ADR 0111): the stored status and its public stage name. The moves are those of
// the one life-cycle table of a sortition run (lifecycle.ts); this file only names them for the pages.
import { RUN_STATES, type RunStatus, runLifecycle } from './lifecycle.ts';

export const DRAW_STATUSES = RUN_STATES;
export type DrawStatus = RunStatus;

/** What the run page calls each status: committed → revealed (drawing) → drawn. */
export const DRAW_STAGE: Record<DrawStatus, 'committed' | 'revealed' | 'drawn' | 'failed'> = {
  committed: 'committed',
  running: 'revealed',
  done: 'drawn',
  failed: 'failed',
};

/** The statuses each status may move to, read from the life-cycle table. */
export const DRAW_TRANSITIONS: Record<DrawStatus, readonly DrawStatus[]> = {
  committed: movesFrom('committed'),
  running: movesFrom('running'),
  done: movesFrom('done'),
  failed: movesFrom('failed'),
};

function movesFrom(s: DrawStatus): DrawStatus[] {
  return runLifecycle.transitions.filter((t) => t.from === s).map((t) => t.to);
}

export function canMove(from: DrawStatus, to: DrawStatus): boolean {
  return DRAW_TRANSITIONS[from].includes(to);
}
