// Access rules (src/core/access.ts): what a guard lets through, what counts as a rule, scoping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessOfGuard, agencyScoped, describeAccess, guardAllows, isAccessRule, sameGuard, withAccess } from '../../src/core/access.ts';

test('guards: public lets everyone through, user anyone signed in, roles only their holders', () => {
  assert.equal(guardAllows('public', null), true);
  assert.equal(guardAllows('user', null), false);
  assert.equal(guardAllows('user', { roles: [] }), true);
  assert.equal(guardAllows({ roles: ['secretariat', 'admin'] }, { roles: ['admin'] }), true);
  assert.equal(guardAllows({ roles: ['secretariat'] }, { roles: ['citizen', 'moderator'] }), false);
  assert.equal(guardAllows({ user: true, scope: 'owner' }, { roles: ['citizen'] }), true, 'the scope is the handler’s to check');
});

test('rules: malformed ones are refused, scopes compare by their guard', () => {
  for (const bad of [undefined, null, 'anyone', { roles: [] }, { roles: ['root'] }, { user: true }, { roles: ['admin'], scope: 'everything' }]) assert.equal(isAccessRule(bad), false, JSON.stringify(bad));
  assert.equal(isAccessRule({ roles: ['agency_officer'], scope: 'agency' }), true);
  assert.ok(sameGuard({ user: true, scope: 'owner' }, 'user'));
  assert.ok(!sameGuard({ roles: ['admin'] }, 'user'));
  assert.equal(describeAccess({ roles: ['admin', 'secretariat'], scope: 'agency' }), 'roles secretariat|admin (agency)');
});

test('a guard carries its rule; agencyScoped adds the agency scope only where officers pass', () => {
  const officer = withAccess(() => {}, { roles: ['agency_officer', 'secretariat'] });
  const secretariat = withAccess(() => {}, { roles: ['secretariat'] });
  assert.deepEqual(accessOfGuard(officer), { roles: ['agency_officer', 'secretariat'] });
  assert.equal(accessOfGuard(() => {}), undefined);
  assert.deepEqual(agencyScoped(officer), { roles: ['agency_officer', 'secretariat'], scope: 'agency' });
  assert.deepEqual(agencyScoped(secretariat), { roles: ['secretariat'] });
  assert.throws(() => agencyScoped(() => {}), /carries its rule/);
});
