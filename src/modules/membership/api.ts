// What other modules may use of membership (e.g. the coming Council-at-work module): the member
// registry, who sits on the Council on a date.
//
//   const members = await councilMembers(ctx).membersOn('2027-03-01');
//   const now = await councilMembers(ctx).sittingMembers();
import type { IsoDate } from '../../core/isoDate.ts';
import type { AppContext } from '../../web/context.ts';
import { membershipService, type RegistryMember } from './service.ts';

export type { RegistryMember } from './service.ts';

export interface CouncilMembers {
  /** The members sitting on `date` (a replacement from the day they joined, a leaver to their last day), by seat. */
  membersOn(date: IsoDate): Promise<RegistryMember[]>;
  /** The members sitting today, in the charter's time zone. */
  sittingMembers(): Promise<RegistryMember[]>;
  /** Every membership of one person (the signed-in user's pseudonym), past and present, by term. */
  membershipsOf(personId: string): Promise<RegistryMember[]>;
  /** The person ids (pseudonyms) of memberships, by membership id: for sign-in, never for pages. */
  personIds(memberIds: readonly string[]): Promise<Map<string, string>>;
}

export function councilMembers(ctx: AppContext): CouncilMembers {
  const svc = membershipService(ctx);
  return { membersOn: (date) => svc.membersOn(date), sittingMembers: () => svc.membersOn(), membershipsOf: (personId) => svc.membershipsOf(personId), personIds: (ids) => svc.personIds(ids) };
}
