// The proposal page's moderation buttons come from the life-cycle table: a moderator who did not
// write the proposal decides while it waits; nobody else, and not in any other state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROPOSAL_STATUSES } from '../../../src/core/proposals/rules.ts';
import type { ProposalRow } from '../../../src/modules/proposals/service.ts';
import { canModerate, moderationDecisions } from '../../../src/modules/proposals/views/ProposalActions.tsx';

const row = (status: string) => ({ status }) as ProposalRow;

test('a moderator who is not the author may publish, return or reject a submitted proposal', () => {
  assert.deepEqual(moderationDecisions(row('submitted'), { isModerator: true, isAuthor: false }), ['publish', 'return', 'reject']);
  assert.equal(canModerate(row('submitted'), { isModerator: true, isAuthor: false }), true);
});

test('no decision for the author-moderator, for a non-moderator, or outside moderation', () => {
  assert.deepEqual(moderationDecisions(row('submitted'), { isModerator: true, isAuthor: true }), []);
  assert.deepEqual(moderationDecisions(row('submitted'), { isModerator: false, isAuthor: false }), []);
  for (const status of PROPOSAL_STATUSES.filter((s) => s !== 'submitted')) {
    assert.equal(canModerate(row(status), { isModerator: true, isAuthor: false }), false, status);
  }
});
