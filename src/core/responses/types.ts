// Vocabulary of the response clock: the words the service, the API, the pages and the open data share.

/** Where an item is in its life. */
export const ITEM_STATUSES = ['received', 'assigned', 'answered', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The public clock: what a citizen sees next to every item sent to the government. */
export const CLOCK_STATES = ['on_time', 'due_soon', 'overdue', 'answered_on_time', 'answered_late'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export const OUTCOMES = ['accepted', 'partly_accepted', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** A measure is finished (for closing the item) when done, or dropped with a reason. */
export function isMeasureFinished(status: MeasureStatus): boolean {
  return status === 'done' || status === 'dropped';
}

/** Central bodies (ministries) and local ones (akimats) have different answer periods in the charter. */
export const AGENCY_LEVELS = ['central', 'local'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

export type IsoDate = string;
