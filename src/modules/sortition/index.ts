// Sortition: stratified lotteries (LEXIMIN and others) as a two-step public ceremony (commit, then
// reveal after the entropy date; ADR 0111), drawn in a worker, with public files and reports.
import { defineModule } from '../module.ts';
import { sortitionProblems } from './problems.ts';
import { sortitionSeeder } from './demo.ts';
import { sortitionMessages } from './messages.ts';
import * as m0200 from './migrations/0200_sortition.ts';
import * as m0203 from './migrations/0203_sortition_ceremony.ts';
import * as m0204 from './migrations/0204_sortition_lease.ts';
import { sortitionResumer } from './resume.ts';
import { sortitionRoutes } from './routes.ts';

export const sortition = defineModule({
  name: 'sortition',
  migrations: { '0200_sortition': m0200, '0203_sortition_ceremony': m0203, '0204_sortition_lease': m0204 },
  services: [sortitionResumer],
  tables: ['sortition_runs'],
  problems: sortitionProblems,
  messages: sortitionMessages,
  subjects: [{ prefix: 'sortition', href: (id) => `/sortition/runs/${encodeURIComponent(id)}` }],
  nav: [
    { href: '/sortition', key: 'sortition.nav' },
    { href: '/sortition/new', key: 'sortition.new.title', audience: ['secretariat'] },
  ],
  seeders: [sortitionSeeder],
  cli: { select: async () => (await import('./cli.ts')).registerSelect },
  roles: ['secretariat'],
  plugin: sortitionRoutes,
});
