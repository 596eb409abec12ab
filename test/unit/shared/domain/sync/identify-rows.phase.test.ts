import { identifyRows, keeperOf } from '../../../../../shared/domain/sync/identify-rows.phase';
import { ERROR_MARK } from '../../../../../shared/domain/sync/plan-sync';
import { headerOf } from '../../../../support/builders/workbook-rows';
import { aStructure, locationOf, rowOfRecord, syncStateOf, tabOf } from './sync-state.fixture';

const stored = aStructure(1);
const archived = aStructure(2, { archived: true });
const typed = { name: 'Régie de quartier de Roubaix', town: 'Roubaix', postalCode: '59100' };

describe('identifyRows: rows → records by the ID column', () => {
  it.each([
    ['an invalid ID', 'STRUCTURE-1', 'ID_INVALID'],
    ['an ID of another tab', 'MIS-CBE-LM-0001', 'ID_WRONG_KIND'],
    ["an ID of another operator's structure", 'STR-EE-DK-0001', 'ID_OTHER_OPERATOR'],
    ['an ID nobody was given', 'STR-CBE-LM-0099', 'ID_UNKNOWN'],
  ])('refuses a row with %s (%s) and notes why on its ID cell', (_, id, code) => {
    const tab = tabOf('beneficiary', [{ id, values: typed }]);
    const state = syncStateOf({ records: [stored], tabs: [tab] });
    identifyRows(state);
    expect(state.rejectedCells).toEqual([expect.objectContaining({ row: 2, column: 'ID', code })]);
    expect(state.quarantine).toHaveLength(1);
    expect(state.cells[0]).toMatchObject({ column: 'ID', style: 'error' });
    expect(state.cells[0]?.note).toMatch(new RegExp(`^${ERROR_MARK}`));
    expect(state.drafts.size).toBe(0);
  });

  it.each([
    ['a known ID, typed in lower case', stored.id.toLowerCase(), stored.id, null],
    ['the ID of an archived record', archived.id, archived.id, 'restored'],
  ])('locates the record of %s', (_, id, recordId, event) => {
    const tab = tabOf('beneficiary', [{ ...rowOfRecord(stored), id }]);
    const state = syncStateOf({ records: [stored, archived], tabs: [tab] });
    identifyRows(state);
    const draft = state.drafts.get(recordId);
    expect(draft?.location?.row.rowNumber).toBe(2);
    expect(draft?.event).toBe(event);
    expect(state.readKinds.has('beneficiary')).toBe(true);
    expect(state.columnsSeen['Structures']).toContain('name');
  });

  it.each([
    ['with content', typed, 1],
    ['with only blank cells', { name: '  ' }, 0],
  ])('keeps a row without ID %s for adoption', (_, values, candidates) => {
    const state = syncStateOf({ tabs: [tabOf('beneficiary', [{ values }])] });
    identifyRows(state);
    expect(state.adoptionCandidates).toHaveLength(candidates);
    expect(state.creations).toHaveLength(0);
  });

  it('makes a copied row a new record copied from the original, which keeps its own row', () => {
    const original = rowOfRecord(stored);
    const copy = { ...original, values: { ...original.values, town: 'Tourcoing' } };
    const state = syncStateOf({
      records: [stored],
      tabs: [tabOf('beneficiary', [copy, original])],
    });
    identifyRows(state);
    expect(state.drafts.get(stored.id)?.location?.row.rowNumber).toBe(3);
    expect(state.creations).toEqual([
      expect.objectContaining({
        copiedFrom: stored.id,
        data: expect.objectContaining({ town: 'Tourcoing' }),
      }),
    ]);
  });

  it.each([
    ['no ID column', headerOf('beneficiary').slice(1), 'colonne « ID » introuvable'],
    [
      'an unknown column',
      [...headerOf('beneficiary'), 'Couleur préférée'],
      'colonnes inconnues ignorées « Couleur préférée »',
    ],
  ])('warns about a tab with %s', (_, header, warning) => {
    const state = syncStateOf({ tabs: [tabOf('beneficiary', [], header)] });
    identifyRows(state);
    expect(state.warnings.join('\n')).toContain(warning);
  });

  it.each([
    ['the row most like the record', [{ town: 'Lille' }, {}], 1],
    ['the first row on a tie', [{}, {}], 0],
  ])('keeperOf picks %s', (_, changes, keeper) => {
    const base = rowOfRecord(stored);
    const tab = tabOf(
      'beneficiary',
      changes.map((c) => ({ ...base, values: { ...base.values, ...c } })),
    );
    const locations = tab.rows.map((_row, i) => locationOf(tab, 'beneficiary', i));
    expect(keeperOf(stored, locations)).toBe(keeper);
  });
});
