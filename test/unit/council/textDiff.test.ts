// The version history's word diff: runs that join back into both versions, the fewest changes on
// hand-made examples, and the same property on random texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { diffWords, sides, tokens } from '../../../src/core/council/index.ts';

test('tokens keep every character: words, punctuation and the white space between them', () => {
  assert.deepEqual(tokens('  Бірінші  бап.\nЕкінші'), ['  ', 'Бірінші', '  ', 'бап', '.', '\n', 'Екінші']);
  assert.deepEqual(tokens(''), []);
});

test('an amendment that changes one word and adds a sentence: the fewest changes, removals first', () => {
  const runs = diffWords('The Council asks the government to publish budgets.', 'The Council asks the ministry to publish all budgets. Within 30 days.');
  assert.deepEqual(runs, [
    { op: 'same', text: 'The Council asks the ' },
    { op: 'removed', text: 'government' },
    { op: 'added', text: 'ministry' },
    { op: 'same', text: ' to publish ' },
    { op: 'added', text: 'all ' },
    { op: 'same', text: 'budgets' },
    // The common last full stop is kept: the sentence is added before it.
    { op: 'added', text: '. Within 30 days' },
    { op: 'same', text: '.' },
  ]);
});

test('identical texts are one kept run; an empty side is all added or all removed', () => {
  assert.deepEqual(diffWords('a b c', 'a b c'), [{ op: 'same', text: 'a b c' }]);
  assert.deepEqual(diffWords('', 'new text'), [{ op: 'added', text: 'new text' }]);
  assert.deepEqual(diffWords('old text', ''), [{ op: 'removed', text: 'old text' }]);
  assert.deepEqual(diffWords('', ''), []);
});

test('property: the runs join back into both versions, never two runs of one kind in a row, and kept words are a common subsequence', () => {
  const word = fc.constantFrom('заң', 'бап', 'the', 'law', 'закон', '1.', 'x', '\n');
  const text = fc.array(word, { maxLength: 40 }).map((ws) => ws.join(' '));
  fc.assert(
    fc.property(text, text, (a, b) => {
      const runs = diffWords(a, b);
      assert.deepEqual(sides(runs), { before: a, after: b });
      for (let i = 1; i < runs.length; i++) assert.notEqual(runs[i]!.op, runs[i - 1]!.op);
      assert.ok(runs.every((r) => r.text.length > 0));
      if (a === b) assert.ok(runs.every((r) => r.op === 'same'));
    }),
    { numRuns: 300 },
  );
});
