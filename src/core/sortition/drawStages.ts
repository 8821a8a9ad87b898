// The stages of a draw as data (ADR 0111): the stored status, its public stage name, and the only
// moves allowed. A move not in this table is refused by the service, whatever the caller.
export const DRAW_STATUSES = ['committed', 'running', 'done', 'failed'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** What the run page calls each status: committed → revealed (drawing) → drawn. */
export const DRAW_STAGE: Record<DrawStatus, 'committed' | 'revealed' | 'drawn' | 'failed'> = {
  committed: 'committed',
  running: 'revealed',
  done: 'drawn',
  failed: 'failed',
};

export const DRAW_TRANSITIONS: Record<DrawStatus, readonly DrawStatus[]> = {
  committed: ['running'],
  running: ['done', 'failed'],
  done: [],
  failed: [],
};

export function canMove(from: DrawStatus, to: DrawStatus): boolean {
  return DRAW_TRANSITIONS[from].includes(to);
}
