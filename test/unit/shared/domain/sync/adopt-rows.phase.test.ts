import { adoptOrCreateRows } from '../../../../../shared/domain/sync/adopt-rows.phase';
import { identifyRows } from '../../../../../shared/domain/sync/identify-rows.phase';
import type { EditScope } from '../../../../../shared/domain/sync/plan-sync';
import { headerOf } from '../../../../support/builders/workbook-rows';
import { aStructure, rowOfRecord, syncStateOf, tabOf, type SheetRow } from './sync-state.fixture';

const lost = aStructure(1);
const lostArchived = aStructure(2, { archived: true, data: { ...lost.data, town: 'Bergues' } });
const lostWithRefusal = aStructure(3, {
  data: { ...lost.data, name: 'Café associatif La Brouette', postalCode: null },
  rejected: {
    postalCode: { raw: '59 1 40', code: 'POSTAL_CODE_INVALID', message: 'Code postal invalide.' },
  },
});
const withoutId = (record: typeof lost, values: SheetRow['values'] = {}): SheetRow => {
  const row = rowOfRecord(record);
  return { values: { ...row.values, ...values } };
};

function adopt(rows: readonly SheetRow[], edit: EditScope | null = null) {
  const records = [lost, lostArchived, lostWithRefusal];
  const state = syncStateOf({ records, tabs: [tabOf('beneficiary', rows)], edit });
  identifyRows(state);
  adoptOrCreateRows(state);
  return state;
}

describe('adoptOrCreateRows: rows without ID', () => {
  it.each([
    ['a row identical to a record no row holds', withoutId(lost), lost.id, null],
    ['a row identical to an archived record', withoutId(lostArchived), lostArchived.id, 'restored'],
    [
      'a row showing the raw value its record keeps as refused',
      withoutId(lostWithRefusal, { postalCode: '59 1 40' }),
      lostWithRefusal.id,
      null,
    ],
  ])('adopts %s instead of creating a duplicate', (_, row, id, event) => {
    const state = adopt([row]);
    expect(state.creations).toEqual([]);
    expect(state.drafts.get(id)?.location?.row.rowNumber).toBe(2);
    expect(state.drafts.get(id)?.event).toBe(event);
  });

  it.each([
    ['a new structure', { name: 'Ressourcerie du Boulonnais', town: 'Boulogne-sur-Mer' }, 1, []],
    ['a row without its required name', { town: 'Calais' }, 0, ['REQUIRED']],
  ])('creates a record for %s, or refuses it', (_, values, created, codes) => {
    const state = adopt([{ values }]);
    expect(state.creations).toHaveLength(created);
    expect(state.rejectedCells.map((r) => r.code)).toEqual(codes);
    // An unfinished row is not quarantined: nothing of it is lost, it is still in the sheet.
    expect(state.quarantine).toEqual([]);
  });

  it('adopts, in an edit, the record whose ID never reached the edited row', () => {
    const nameColumn = headerOf('beneficiary').indexOf('Commune');
    const edit: EditScope = { tab: 'Structures', columns: [nameColumn], otherRowIds: [] };
    const state = adopt([withoutId(lost, { town: 'Grande-Synthe' })], edit);
    expect(state.creations).toEqual([]);
    expect(state.drafts.get(lost.id)?.data['town']).toBe('Grande-Synthe');
  });
});
