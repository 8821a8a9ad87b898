// Every demo seeder, in the order they run. A module adds one import line for its own seeder file
// (which calls registerSeeder); people come first because everything else refers to them.
import './people.ts';
import '../modules/proposals/demo.ts';
import '../modules/responses/demo.ts';
import '../modules/sortition/demo.ts';

export { DEFAULT_DEMO_SEED, hasBeenSeeded, registerSeeder, runSeeders, seederNames, seedOnce, type SeedContext, type Seeder } from './seed.ts';
