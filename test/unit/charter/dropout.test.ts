// The charter's optional dropout rates (ADR 0811): absent by default, defaults filled in when set,
// and each bad value refused with its path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type Charter, validateCharter } from '../../../src/core/charter/index.ts';

const root = new URL('../../../', import.meta.url).pathname;
const fresh = (): Charter & Record<string, unknown> => JSON.parse(readFileSync(`${root}charter/kz-default.json`, 'utf8'));

function withDropout(dropout: unknown) {
  const c = fresh();
  (c.bodies.council as unknown as Record<string, unknown>).dropout = dropout;
  return validateCharter(c);
}

function errorsOf(dropout: unknown): string[] {
  const r = withDropout(dropout);
  assert.equal(r.ok, false, 'expected the charter to be invalid');
  return r.ok ? [] : r.errors;
}

test('the default charter sets no dropout rates; a charter that does gets the defaults of the others', () => {
  const plain = validateCharter(fresh());
  assert.ok(plain.ok);
  assert.equal(plain.ok && plain.charter.bodies.council.dropout, undefined);
  const r = withDropout({ default: 0.15, source: 'Secretariat estimate' });
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  assert.deepEqual(r.charter.bodies.council.dropout, { default: 0.15, byValue: [], scenarios: 400, source: 'Secretariat estimate' });
  const full = withDropout({ default: 0, byValue: [{ dimension: 'settlement', value: 'rural', rate: 0.3 }, { dimension: 'region', value: 'KZ-75', rate: 0.99 }], scenarios: 50, source: 's' });
  assert.ok(full.ok, full.ok ? '' : full.errors.join('\n'));
});

test('bad rates and fields are refused with their path', () => {
  const cases: [unknown, string][] = [
    [{ default: 1, source: 's' }, 'bodies.council.dropout.default: must be less than 1'],
    [{ default: -0.1, source: 's' }, 'bodies.council.dropout.default: must be at least 0'],
    [{ default: 'high', source: 's' }, 'bodies.council.dropout.default: must be a number'],
    [{ default: 0.1 }, 'bodies.council.dropout.source: is required'],
    [{ default: 0.1, source: 's', rates: {} }, 'bodies.council.dropout.rates: is not a known field'],
    [{ default: 0.1, source: 's', scenarios: 0 }, 'bodies.council.dropout.scenarios: must be at least 1'],
    [{ default: 0.1, source: 's', byValue: [{ dimension: 'gender', value: 'female', rate: 1.5 }] }, 'bodies.council.dropout.byValue[0].rate: must be less than 1'],
    [{ default: 0.1, source: 's', byValue: [{ dimension: 'gender', value: 'female' }] }, 'bodies.council.dropout.byValue[0].rate: is required'],
    [{ default: 0.1, source: 's', byValue: [{ dimension: 'income', value: 'low', rate: 0.2 }] }, 'bodies.council.dropout.byValue[0].dimension: "income" is not a selection dimension'],
    [{ default: 0.1, source: 's', byValue: [{ dimension: 'gender', value: 'other', rate: 0.2 }] }, 'bodies.council.dropout.byValue[0].value: "other" is not a category of dimension "gender"'],
    [{ default: 0.1, source: 's', byValue: [{ dimension: 'region', value: 'KZ-99', rate: 0.2 }] }, 'bodies.council.dropout.byValue[0].value: "KZ-99" is not a category'],
    [
      { default: 0.1, source: 's', byValue: [{ dimension: 'gender', value: 'male', rate: 0.2 }, { dimension: 'gender', value: 'male', rate: 0.3 }] },
      'bodies.council.dropout.byValue[1]: gender "male" repeats bodies.council.dropout.byValue[0]',
    ],
  ];
  for (const [dropout, expected] of cases) {
    const errors = errorsOf(dropout);
    assert.ok(errors.some((e) => e.startsWith(expected)), `missing ${expected}\n${errors.join('\n')}`);
  }
});
