// The responses module (the listening state): JSON API, open data, pages, message catalog; the
// sweep is a background service (sweep.ts) and items come in through `createItem`.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.ts';
import { registerMessages } from '../../web/i18n.ts';
import { responsesMessages } from './messages.ts';
import { registerResponsesPages } from './pages.tsx';
import { registerResponsesApi } from './routes.ts';
import { responsesService } from './service.ts';

registerMessages(responsesMessages);

export function responsesModule(app: FastifyInstance, ctx: AppContext): void {
  const svc = responsesService(ctx);
  registerResponsesApi(app, svc);
  registerResponsesPages(app, svc);
}

export { createItem, type NewItem, ResponsesService, responsesService } from './service.ts';
export { responsesSweepService } from './sweep.ts';
