// Pages of proposals (server-rendered, working without JavaScript).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import type { ProposalLimits } from './rateLimit.ts';
import type { ProposalsService } from './service.ts';

export function registerProposalPages(_app: FastifyInstance, _ctx: AppContext, _svc: ProposalsService, _limits: ProposalLimits): void {}
