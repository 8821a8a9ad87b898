// Background work that runs beside the HTTP server (outbox consumers, sweeps, signed heads, demo seed).
// Each service starts with the context and returns a function that stops it cleanly.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './web/context.ts';
import { demoSeedService } from './demo/service.ts';
import { sessionSweeper } from './modules/identity/sweeper.ts';
import { ledgerService } from './modules/ledger/index.ts';
import { proposalsCloser } from './modules/proposals/index.ts';
import { responsesSweepService } from './modules/responses/index.ts';
import { proposalItemsService } from './modules/responses/fromProposals.ts';

export type Service = (app: FastifyInstance, ctx: AppContext) => Promise<() => Promise<void>>;

const services: Service[] = [demoSeedService, sessionSweeper, proposalsCloser, ledgerService, responsesSweepService, proposalItemsService];

export async function startServices(app: FastifyInstance, ctx: AppContext): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  for (const s of services) stops.push(await s(app, ctx));
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
