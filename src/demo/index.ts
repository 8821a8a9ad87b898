// The demo data framework; the seeders themselves live in their modules' manifests.
export { DEFAULT_DEMO_SEED, demoSeeders, hasBeenSeeded, orderSeeders, runSeeders, seederNames, seedOnce, type SeedContext, type Seeder } from './seed.ts';
