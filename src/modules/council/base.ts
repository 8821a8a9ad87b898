// What every part of the Council service shares: the database, the charter's rules, the working-day
// calendar, the clock, and the member registry (membership module) adapted to the core's
// `SittingMember`. Member ids are the registry's membership ids; a signed-in user is a member through
// their pseudonym, which is the registry's person id.
import type { Kysely, Transaction } from 'kysely';
import { createCalendar, todayIn } from '../../core/calendar.ts';
import type { SittingMember } from '../../core/council/index.ts';
import { isSitting } from '../../core/council/index.ts';
import { DomainError } from '../../core/errors.ts';
import type { IsoDate } from '../../core/isoDate.ts';
import type { Database } from '../../db/schema.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import { councilMembers, type RegistryMember } from '../membership/api.ts';

export type Trx = Kysely<Database> | Transaction<Database>;

/** A registry member as a vote keeps it: the core's fields and the public name. */
export interface CouncilMember extends SittingMember {
  name: string;
}

export function memberOf(m: RegistryMember): CouncilMember {
  return { id: m.id, name: m.name, block: m.block, termStart: m.termStart, termEnd: m.termEnd, region: m.region };
}

/** The staff kinds of a user for the session and vote tables: the secretariat and the Council's chair. */
export type StaffKind = 'secretariat' | 'chair';

export function staffKinds(user: SessionUser | null): StaffKind[] {
  const out: StaffKind[] = [];
  if (user?.roles.includes('secretariat')) out.push('secretariat');
  if (user?.roles.includes('council_chair')) out.push('chair');
  return out;
}

export function councilBase(ctx: AppContext) {
  const db = ctx.db.db;
  const charter = ctx.charter;
  const calendar = createCalendar(charter.calendar, charter.timeZone);
  const now = () => ctx.now?.() ?? new Date();
  const today = (): IsoDate => todayIn(charter.timeZone, now());
  const registry = councilMembers(ctx);

  /** The members sitting on `date`, from the registry. */
  async function membersOn(date: IsoDate): Promise<CouncilMember[]> {
    return (await registry.membersOn(date)).map(memberOf);
  }

  /** Every membership of the signed-in person; empty when they never sat on the Council. */
  async function membershipsOfUser(user: SessionUser): Promise<CouncilMember[]> {
    if (!user.roles.includes('council_member')) return [];
    return (await registry.membershipsOf(user.pseudonym)).map(memberOf);
  }

  /**
   * The membership a signed-in user acts through on `date`: the one sitting that day, else their
   * latest (so a member whose term ended is told so), else a refusal naming them as no member.
   */
  async function actingMember(user: SessionUser, date: IsoDate, field = 'memberId'): Promise<{ member: CouncilMember; all: CouncilMember[] }> {
    const all = await membershipsOfUser(user);
    const member = all.find((m) => isSitting(m, date)) ?? all[all.length - 1];
    if (!member) throw new DomainError('not-a-member', field, { memberId: user.id });
    return { member, all };
  }

  /** Like actingMember, but the member must sit on `date`. */
  async function sittingMember(user: SessionUser, date: IsoDate, field = 'memberId'): Promise<CouncilMember> {
    const { member } = await actingMember(user, date, field);
    if (!isSitting(member, date)) throw new DomainError('not-sitting', field, { memberId: member.id, termStart: member.termStart, termEnd: member.termEnd, date });
    return member;
  }

  return { ctx, db, charter, rules: charter.councilWork, voting: charter.voting, calendar, now, today, membersOn, membershipsOfUser, actingMember, sittingMember };
}

export type CouncilBase = ReturnType<typeof councilBase>;

export const parseJson = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));
