// Departures and replacements (ADR 0801, 0802): a leaving member is replaced by the highest-ranked
// alternate who keeps the block's quotas.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../core/errors.ts';
import { addDays, isIsoDate, type IsoDate } from '../../core/isoDate.ts';
import { chooseReplacement } from '../../core/membership/index.ts';
import { emit } from '../outbox/api.ts';
import type { MembershipBase } from './shared.ts';

export function confirmationsService(b: MembershipBase) {
  const { db, charter, now, memberRows, poolEntry } = b;

  return {
    /** A member leaves on `on` (their last day); the highest-ranked alternate who keeps the quotas takes the seat the next day. */
    async leave(memberId: string, body: { on: IsoDate; reason: string }) {
      if (!isIsoDate(body.on)) throw new DomainError('invalid-date', 'body.on', { value: String(body.on) });
      const member = await db.selectFrom('council_members').selectAll().where('id', '=', memberId).executeTakeFirst();
      if (!member) throw new DomainError('not-found', undefined, { what: 'council member', id: memberId });
      if (member.status !== 'sitting') throw new DomainError('member-not-sitting', undefined, { id: memberId, status: member.status });
      if (body.on < member.term_start || body.on > member.term_end) throw new DomainError('leave-outside-term', 'body.on', { on: body.on, termStart: member.term_start, termEnd: member.term_end });
      const all = await memberRows();
      const sittingInBlock = all.filter((m) => m.block_id === member.block_id && m.status === 'sitting' && m.id !== member.id && (m.left_on === null || m.left_on > body.on));
      // The alternates of the draw that filled this seat.
      const alternates = await db.selectFrom('council_alternates').selectAll().where('cycle_id', '=', member.cycle_id).where('block_id', '=', member.block_id).orderBy('rank').execute();
      const ids = alternates.map((a) => a.candidate_id);
      const cands = ids.length ? await db.selectFrom('council_candidates').selectAll().where('id', 'in', ids).execute() : [];
      const pool = new Map(cands.map((c) => [c.id, poolEntry(c)]));
      const taken = new Set(all.map((m) => m.person_id));
      const unavailable = new Set([...alternates.filter((a) => a.member_id !== null).map((a) => a.candidate_id), ...cands.filter((c) => taken.has(c.person_id)).map((c) => c.id)]);
      const choice = chooseReplacement(charter, {
        blockId: member.block_id,
        remaining: sittingInBlock.map((m) => ({ id: m.id, organisationId: m.organisation_id, features: JSON.parse(m.features) })),
        leaver: { id: member.id, organisationId: member.organisation_id, features: JSON.parse(member.features) },
        ranked: { alternates: alternates.filter((a) => Number(a.reserve) === 0).map((a) => a.candidate_id), reserve: alternates.filter((a) => Number(a.reserve) === 1).map((a) => a.candidate_id) },
        pool,
        unavailable,
      });
      const at = now().toISOString();
      const joinedOn = addDays(body.on, 1);
      const newId = randomUUID();
      const reason = String(body.reason ?? '').trim().slice(0, 200) || 'left';
      await db.transaction().execute(async (trx) => {
        const left = await trx.updateTable('council_members').set({ status: 'left', left_on: body.on, left_reason: reason }).where('id', '=', member.id).where('status', '=', 'sitting').executeTakeFirst();
        if (Number(left.numUpdatedRows) !== 1) throw new DomainError('state-changed', undefined, { id: member.id, state: 'sitting' });
        if (choice.kind === 'alternate') {
          const c = cands.find((x) => x.id === choice.id)!;
          await trx
            .insertInto('council_members')
            .values({
              ...member, id: newId, candidate_id: c.id, person_id: c.person_id, display_name: c.display_name, organisation_id: c.organisation_id, region: c.region, features: c.features,
              joined_on: joinedOn, left_on: null, left_reason: null, status: 'sitting', alternate_rank: choice.rank, replaces_member_id: member.id, created_at: at,
            })
            .execute();
          await trx.updateTable('council_alternates').set({ member_id: newId }).where('cycle_id', '=', member.cycle_id).where('candidate_id', '=', c.id).execute();
        }
        await emit(trx, {
          kind: 'council.memberReplaced',
          subject: `council-member/${member.id}`,
          occurredAt: at,
          payload: { member: member.id, seat: member.seat_id, leftOn: body.on, reason, replacement: choice.kind === 'alternate' ? { member: newId, rank: choice.rank, fromReserve: choice.fromReserve, skipped: choice.skipped } : { kind: choice.kind, reason: choice.reason } },
        });
      });
      return choice.kind === 'alternate' ? { replacement: { kind: 'alternate' as const, member: newId, rank: choice.rank, joinedOn } } : { replacement: { kind: choice.kind, reason: choice.reason } };
    },

  };
}
