import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays } from '../../../src/core/isoDate.ts';
import {
  CYCLE_STATES,
  CYCLE_TRANSITIONS,
  type CycleFacts,
  availableTransitions,
  cycleLifecycle,
  defaultSchedule,
  failedGuards,
} from '../../../src/core/membership/index.ts';
import { allowedEvents, check, reachableStates, tableProblems } from '../../../src/core/lifecycle/table.ts';
import { defaultCharter, toolsOf } from './helpers.ts';

const charter = defaultCharter();
const schedule = defaultSchedule(charter, toolsOf(charter).calendar, 1);
const facts = (over: Partial<CycleFacts>): CycleFacts => ({ today: schedule.announced, schedule, poolReady: false, entropyEntered: false, pendingConfirmations: 1, ...over });

test('every state is reachable from "announced", in one line, and every event is distinct', () => {
  assert.deepEqual(tableProblems(cycleLifecycle), []);
  assert.equal(cycleLifecycle.initial, 'announced');
  assert.deepEqual([...reachableStates(cycleLifecycle)].sort(), [...CYCLE_STATES].sort());
  assert.equal(new Set(CYCLE_TRANSITIONS.map((t) => t.event)).size, CYCLE_TRANSITIONS.length);
  for (const s of CYCLE_STATES.slice(0, -1)) assert.equal(CYCLE_TRANSITIONS.filter((t) => t.from === s).length, 1, s);
  assert.equal(CYCLE_TRANSITIONS.filter((t) => t.from === 'seated').length, 0);
  assert.deepEqual(cycleLifecycle.final, ['seated']);
});

test('a stage opens on its date, not the day before', () => {
  const open = CYCLE_TRANSITIONS.find((t) => t.from === 'announced')!;
  assert.equal(failedGuards(open, facts({ today: addDays(schedule.nominationsOpen, -1) })).length, 1);
  assert.equal(failedGuards(open, facts({ today: schedule.nominationsOpen })).length, 0);
  assert.deepEqual(availableTransitions('announced', 'system', facts({ today: schedule.nominationsOpen })).map((t) => t.to), ['nominationsOpen']);
});

test('the commitment needs a reviewed pool and only the secretariat makes it; the draw needs its date and the entropy', () => {
  const onCommit = facts({ today: schedule.committed });
  assert.deepEqual(availableTransitions('nominationsClosed', 'secretariat', onCommit), []);
  assert.deepEqual(availableTransitions('nominationsClosed', 'secretariat', { ...onCommit, poolReady: true }).map((t) => t.event), ['council.poolCommitted']);
  assert.deepEqual(availableTransitions('nominationsClosed', 'system', { ...onCommit, poolReady: true }), []);
  const draw = CYCLE_TRANSITIONS.find((t) => t.from === 'committed')!;
  assert.deepEqual(failedGuards(draw, facts({ today: addDays(schedule.drawn, -1), entropyEntered: true })), [{ kind: 'dateReached', stage: 'drawn' }]);
  assert.deepEqual(failedGuards(draw, facts({ today: schedule.drawn })), [{ kind: 'entropyEntered' }]);
});

test('confirmations settle when all have answered, or once the deadline has passed (silence is a decline)', () => {
  const close = CYCLE_TRANSITIONS.find((t) => t.from === 'drawn')!;
  assert.equal(failedGuards(close, facts({ today: schedule.confirmationDeadline, pendingConfirmations: 2 })).length, 1);
  assert.equal(failedGuards(close, facts({ today: addDays(schedule.confirmationDeadline, 1), pendingConfirmations: 2 })).length, 0);
  assert.equal(failedGuards(close, facts({ today: schedule.drawn, pendingConfirmations: 0 })).length, 0);
});

test('the table refuses through check: the actor first, then the state, then the unmet conditions by name', () => {
  const early = check(cycleLifecycle, 'nominationsClosed', 'council.poolCommitted', ['secretariat'], facts({ today: addDays(schedule.committed, -1) }));
  assert.ok(!early.ok && early.reason === 'guard');
  assert.equal(!early.ok && early.code, 'pool-not-committable');
  assert.deepEqual(!early.ok && early.params?.failed, [{ kind: 'dateReached', stage: 'committed' }, { kind: 'poolReady' }]);
  const system = check(cycleLifecycle, 'nominationsClosed', 'council.poolCommitted', ['system'], facts({ today: schedule.committed, poolReady: true }));
  assert.ok(!system.ok && system.reason === 'actor');
  const twice = check(cycleLifecycle, 'committed', 'council.poolCommitted', ['secretariat'], facts({ today: schedule.committed, poolReady: true }));
  assert.ok(!twice.ok && twice.reason === 'state');
  // A view asks what may be done (guards not evaluated): the secretariat sees the draw once committed.
  assert.deepEqual(allowedEvents(cycleLifecycle, 'committed', ['secretariat']), ['council.drawn']);
  assert.deepEqual(allowedEvents(cycleLifecycle, 'committed', ['system']), []);
  const seated = check(cycleLifecycle, 'confirmed', 'council.seated', ['system'], facts({ today: schedule.termStart }));
  assert.equal(seated.ok && seated.transition.to, 'seated');
});
