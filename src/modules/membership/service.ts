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
import { registryService } from './registry.ts';
import { membershipBase } from './shared.ts';

export type { CycleView } from './cycles.ts';
export type { RegistryMember } from './registry.ts';

export function membershipService(ctx: AppContext) {
  const b = membershipBase(ctx);
  return {
    today: b.today,
    schedules: b.schedules,
    ...cyclesService(b),
    ...nominationsService(b),
    ...drawsService(b),
    ...registryService(b),
    ...confirmationsService(b),
  };
}

export type MembershipService = ReturnType<typeof membershipService>;
