// The address a reader used, for commands printed on public pages: a configured KENES_PUBLIC_URL, else
// the request's own scheme and host. Never the server's idea of itself (`localhost` by default), which
// would send readers elsewhere.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function publicBase(req: FastifyRequest, config: Pick<Config, 'publicUrl' | 'baseUrl'>): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const host = req.host;
  if (host && HOST.test(host)) return `${req.protocol === 'https' ? 'https' : 'http'}://${host}`;
  return config.baseUrl.replace(/\/$/, '');
}
