// Sortition: stratified lotteries (LEXIMIN and others) run in a worker, with public reports.
import { defineModule } from '../module.ts';
import { sortitionProblems } from './problems.ts';
import { sortitionSeeder } from './demo.ts';
import { sortitionMessages } from './messages.ts';
import * as m0200 from './migrations/0200_sortition.ts';
import { sortitionRoutes } from './routes.ts';

export const sortition = defineModule({
  name: 'sortition',
  migrations: { '0200_sortition': m0200 },
  tables: ['sortition_runs'],
  problems: sortitionProblems,
  messages: sortitionMessages,
  nav: [{ href: '/sortition', key: 'sortition.nav' }],
  seeders: [sortitionSeeder],
  roles: ['secretariat'],
  plugin: sortitionRoutes,
});
