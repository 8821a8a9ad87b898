// Who may update a measure is the item table's answer: the lead agency or the measure's own agency,
// while the item is answered and the measure not finished; not the secretariat, not another agency.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemView, MeasureView } from '../../../src/modules/responses/service.ts';
import { canUpdateMeasure } from '../../../src/modules/responses/views/ItemForms.tsx';

const item = (status: string) => ({ status, leadAgencyId: 'lead' }) as ItemView;
const measure = (status: string) => ({ responsibleAgencyId: 'co', status }) as MeasureView;
const officer = (agencyId: string) => ({ secretariat: false, agencyId });

test('the lead and the responsible agency may update an open measure of an answered item', () => {
  assert.equal(canUpdateMeasure(item('answered'), officer('lead'), measure('in_progress')), true);
  assert.equal(canUpdateMeasure(item('answered'), officer('co'), measure('planned')), true);
});

test('nobody updates a finished measure, an item not answered, or a measure of another agency', () => {
  assert.equal(canUpdateMeasure(item('answered'), officer('lead'), measure('done')), false);
  assert.equal(canUpdateMeasure(item('answered'), officer('co'), measure('dropped')), false);
  assert.equal(canUpdateMeasure(item('assigned'), officer('lead'), measure('planned')), false);
  assert.equal(canUpdateMeasure(item('closed'), officer('lead'), measure('planned')), false);
  assert.equal(canUpdateMeasure(item('answered'), officer('other'), measure('planned')), false);
  assert.equal(canUpdateMeasure(item('answered'), { secretariat: true, agencyId: null }, measure('planned')), false);
});
