// The member registry (ADR 0802): who sits on the Council on a date.
import { DomainError } from '../../core/errors.ts';
import { isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import { sittingOn } from '../../core/membership/index.ts';
import type { MemberRow, MembershipBase } from './shared.ts';


/** A member as the registry shows them: public name, block, region, term, and the draw that chose them. */
export interface RegistryMember {
  id: string;
  name: string;
  block: string;
  region: string;
  seat: string;
  seatClass: number;
  organisation: string | null;
  cycle: number;
  termStart: IsoDate;
  termEnd: IsoDate;
  joinedOn: IsoDate | null;
  leftOn: IsoDate | null;
  status: MemberRow['status'];
  draw: string;
  alternateRank: number | null;
  replaces: string | null;
}

export function registryService(b: MembershipBase) {
  const { db, today, schedules, recordOf, memberRows } = b;

  const cycleNumbers = async () => new Map((await db.selectFrom('council_cycles').select(['id', 'number']).execute()).map((c) => [c.id, Number(c.number)]));
  /** Members who accepted their seat (sitting, or sat and left): drawn or declined ones are not members. */
  const isMember = (m: MemberRow) => m.status === 'sitting' || m.status === 'left';
  const registryMemberOf = (m: MemberRow, cycles: Map<string, number>): RegistryMember => ({
    id: m.id,
    name: m.display_name,
    block: m.block_id,
    region: m.region,
    seat: m.seat_id,
    seatClass: Number(m.seat_class),
    organisation: m.organisation_id,
    cycle: cycles.get(m.cycle_id) ?? Number(m.start_cycle),
    termStart: m.joined_on ?? m.term_start,
    termEnd: m.left_on ?? m.term_end,
    joinedOn: m.joined_on,
    leftOn: m.left_on,
    status: m.status,
    draw: m.source_run_id,
    alternateRank: m.alternate_rank === null ? null : Number(m.alternate_rank),
    replaces: m.replaces_member_id,
  });

  return {
    /** The members of the registry on `date` (default today): who sits, by seat. */
    async membersOn(date?: IsoDate): Promise<RegistryMember[]> {
      const on = date ?? today();
      if (!isIsoDate(on)) throw new DomainError('invalid-date', 'querystring.date', { value: String(on) });
      const rows = (await memberRows()).filter(isMember);
      const cycles = await cycleNumbers();
      const records = rows.map((m) => ({ ...recordOf(m), row: m }));
      const sitting = sittingOn(await schedules(), records, on) as typeof records;
      return sitting.map(({ row: m }) => registryMemberOf(m, cycles));
    },

    /** The person ids (pseudonyms) of these memberships: how a member's sign-in is found (never published). */
    async personIds(memberIds: readonly string[]): Promise<Map<string, string>> {
      if (memberIds.length === 0) return new Map();
      const rows = await db.selectFrom('council_members').select(['id', 'person_id']).where('id', 'in', [...memberIds]).execute();
      return new Map(rows.map((r) => [r.id, r.person_id]));
    },

    /**
     * Every membership a person has held or holds, by term: how the Council module finds the
     * signed-in member (their pseudonym is the person id).
     */
    async membershipsOf(personId: string): Promise<RegistryMember[]> {
      // Read on every ballot (the member a sign-in acts through): the cycle's number comes in the same
      // statement, not in a second read of every cycle.
      const rows = await db
        .selectFrom('council_members as m')
        .leftJoin('council_cycles as c', 'c.id', 'm.cycle_id')
        .selectAll('m')
        .select('c.number as cycle_number')
        .where('m.person_id', '=', personId)
        .orderBy('m.term_start')
        .orderBy('m.created_at')
        .execute();
      return rows.filter(isMember).map(({ cycle_number, ...m }) => registryMemberOf(m, new Map(cycle_number === null ? [] : [[m.cycle_id, Number(cycle_number)]])));
    },
  };
}
