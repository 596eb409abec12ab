import { applyRowCells } from '../../../../../shared/domain/sync/validate-cells.phase';
import type { CellValue } from '../../../../../shared/domain/values/cell-value';
import {
  aStructure,
  locationOf,
  rowOfRecord,
  SYNC_AT,
  syncStateOf,
  tabOf,
} from './sync-state.fixture';

const stored = aStructure(1);

function validate(values: Record<string, CellValue>, fieldTimes: Record<string, string> = {}) {
  const record = { ...stored, fieldTimes };
  const base = rowOfRecord(record);
  const tab = tabOf('beneficiary', [{ ...base, values: { ...base.values, ...values } }]);
  const state = syncStateOf({ records: [record], tabs: [tab] });
  const draft = state.draftOf(record);
  const location = locationOf(tab, 'beneficiary');
  draft.location = location;
  applyRowCells(state, draft, location, null);
  return { state, draft };
}

describe('applyRowCells: field-level validation', () => {
  it.each([
    ['a new town', { town: 'Gravelines' }, 'town', 'Gravelines'],
    ['a number typed the French way', { employeesFte: '14,5' }, 'employeesFte', 14.5],
  ])('takes %s and stamps the field with the sync time', (_, values, key, value) => {
    const { draft, state } = validate(values);
    expect(draft.data[key]).toEqual(value);
    expect([...draft.changed]).toEqual([key]);
    expect(draft.fieldTimes[key]).toBe(SYNC_AT);
    expect(draft.dirty).toBe(true);
    expect(state.quarantine).toEqual([]);
  });

  it.each([
    ['a town name as postal code', { postalCode: 'Dunkerque' }, 'postalCode'],
    ['an e-mail without @', { email: 'contact.jardins-littoral.fr' }, 'email'],
  ])('refuses %s, keeps the stored value and quarantines the input once', (_, values, key) => {
    const { draft, state } = validate(values);
    expect(draft.data[key]).toEqual(stored.data[key]);
    expect(draft.rejected[key]?.raw).toBe(Object.values(values)[0]);
    expect(state.quarantine).toEqual([expect.objectContaining({ recordId: stored.id, row: 2 })]);
    expect(state.journal).toEqual([expect.arrayContaining(['Refus', 'Structures', 2])]);
  });

  it.each([
    ['nothing changed', {}, {}, 0],
    [
      'a newer edit of the field is stored',
      { town: 'Bergues' },
      { town: '2025-06-03T10:00:00.000Z' },
      1,
    ],
  ])('changes nothing when %s', (_, values, fieldTimes, stale) => {
    const { draft, state } = validate(values, fieldTimes);
    expect(draft.changed.size).toBe(0);
    expect(draft.dirty).toBe(false);
    expect(state.staleChanges).toBe(stale);
  });
});
