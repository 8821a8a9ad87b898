// The home page: what the People's Council is, with live figures.
import type { FastifyInstance } from 'fastify';
import { sendPage } from './layout.tsx';

export async function homeModule(app: FastifyInstance) {
  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    return sendPage(
      reply,
      t('site.tagline'),
      <section>
        <h1>{t('site.tagline')}</h1>
      </section>,
    );
  });
}
