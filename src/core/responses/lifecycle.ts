// The life of an item sent to the government, as data. Forwarding, the one extension, the missed
// deadline and measure updates keep the status and are transitions all the same: each is checked here,
// writes a timeline entry and emits its event.
import { can, lifecycle } from '../lifecycle/table.ts';
import { ITEM_STATUSES, isMeasureFinished, type ItemStatus, type MeasureStatus } from './types.ts';

/**
 * Who acts on an item: the `secretariat`, an officer of the item's `lead-agency`, an officer of an
 * agency responsible for the measure at hand (`measure-agency`), or the `system` (the deadline sweep).
 */
export type ItemActor = 'secretariat' | 'lead-agency' | 'measure-agency' | 'system';

export interface ItemGuardContext {
  /** Positions of the item's measures not yet done or dropped. */
  openMeasures?: readonly number[];
  /** The measure being updated is already done or dropped. */
  measureFinished?: boolean;
  measureId?: number;
  measureStatus?: string;
}

export const itemLifecycle = lifecycle<ItemStatus, ItemActor, ItemGuardContext>({
  aggregate: 'response-item',
  states: ITEM_STATUSES,
  initial: 'received',
  final: ['closed'],
  transitions: [
    { from: 'received', to: 'assigned', event: 'response.assigned', who: ['secretariat'] },
    { from: 'assigned', to: 'assigned', event: 'response.forwarded', who: ['lead-agency'] },
    { from: 'assigned', to: 'assigned', event: 'response.extended', who: ['lead-agency'] },
    { from: 'assigned', to: 'assigned', event: 'response.deadline_missed', who: ['system'] },
    { from: 'assigned', to: 'answered', event: 'response.answered', who: ['lead-agency'] },
    {
      from: 'answered',
      to: 'answered',
      event: 'response.measure_updated',
      who: ['lead-agency', 'measure-agency'],
      guard: { code: 'measure-finished', field: 'status', holds: (c) => !c.measureFinished, params: (c) => ({ measureId: c.measureId ?? '', measureStatus: c.measureStatus ?? '' }) },
    },
    {
      from: 'answered',
      to: 'closed',
      event: 'response.closed',
      who: ['secretariat', 'lead-agency'],
      guard: { code: 'measures-open', field: 'measures', holds: (c) => (c.openMeasures ?? []).length === 0, params: (c) => ({ open: (c.openMeasures ?? []).map((p) => `#${p}`).join(', ') }) },
    },
  ],
  refusals: {
    'response.assigned': { actor: 'secretariat-only', state: 'already-assigned', stateField: 'leadAgencyId' },
    'response.forwarded': { actor: 'not-lead-agency', state: 'not-running', stateField: 'toAgencyId' },
    'response.extended': { actor: 'not-lead-agency', state: 'not-running', stateField: 'newDueDate' },
    'response.answered': { actor: 'not-lead-agency', state: 'not-running', stateField: 'outcome' },
    'response.measure_updated': { actor: 'not-responsible-agency', state: 'item-closed', stateField: 'status' },
    'response.closed': { actor: 'not-lead-agency', state: 'not-answered', stateField: 'status' },
  },
});

/** The actor kinds a person has for one item. */
export function itemActorKinds(actor: { secretariat: boolean; agencyId: string | null }, item: { lead_agency_id: string | null }, measureAgencyId?: string): ItemActor[] {
  const kinds: ItemActor[] = [];
  if (actor.secretariat) kinds.push('secretariat');
  if (actor.agencyId && actor.agencyId === item.lead_agency_id) kinds.push('lead-agency');
  if (actor.agencyId && measureAgencyId && actor.agencyId === measureAgencyId) kinds.push('measure-agency');
  return kinds;
}

/** What a page asks: may this person do `event` on the item (and measure) now? Guards are the service's. */
export function mayOnItem(
  event: string,
  item: { status: string; leadAgencyId: string | null },
  actor: { secretariat: boolean; agencyId: string | null },
  measure?: { responsibleAgencyId: string; status: string },
): boolean {
  const kinds = itemActorKinds(actor, { lead_agency_id: item.leadAgencyId }, measure?.responsibleAgencyId);
  const ctx = measure ? { measureFinished: isMeasureFinished(measure.status as MeasureStatus) } : undefined;
  return can(itemLifecycle, item.status, event, kinds, ctx);
}
