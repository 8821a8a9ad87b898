// The Council's membership (ADR 0802): the secretariat opens a cycle (its dated stages from the
// charter), adds nominations (eligibility from the core), moves the cycle along the core's table
// through the shared runner, commits each block's pool through the sortition ceremony, reveals and
// draws through it, seats the drawn members and ranks the alternates; a leaving member is replaced
// from the alternates. Every refusal is a DomainError raised before anything is written.
//
// One service over focused parts: cycles, nominations, draws, confirmations, registry (all built
// on ./shared.ts).
import type { AppContext } from '../../web/context.ts';
import { confirmationsService } from './confirmations.ts';
import { cyclesService } from './cycles.ts';
import { drawsService } from './draws.ts';
import { nominationsService } from './nominations.ts';
import { organisationsService } from './organisations.ts';
import { registryService } from './registry.ts';
import { membershipBase } from './shared.ts';

export type { CycleView } from './cycles.ts';
export type { Organisation } from './organisations.ts';
export type { RegistryMember } from './registry.ts';

export function membershipService(ctx: AppContext) {
  const b = membershipBase(ctx);
  const cycles = cyclesService(b);
  const confirmations = confirmationsService(b);
  return {
    today: b.today,
    schedules: b.schedules,
    ...cycles,
    ...nominationsService(b),
    ...organisationsService(b),
    ...drawsService(b),
    ...registryService(b),
    ...confirmations,
    /** The clock's work: silent selections past their answer date are declined (and replaced), then the cycles' due steps. */
    async sweep(): Promise<number> {
      return (await confirmations.expireConfirmations()) + (await cycles.sweep());
    },
  };
}

export type MembershipService = ReturnType<typeof membershipService>;
