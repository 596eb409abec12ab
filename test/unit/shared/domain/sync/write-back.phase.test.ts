import { ERROR_MARK, INFO_MARK } from '../../../../../shared/domain/sync/plan-sync';
import type { RecordDraft } from '../../../../../shared/domain/sync/sync-state';
import {
  countRecords,
  writeFieldCells,
  writeIdCell,
} from '../../../../../shared/domain/sync/write-back.phase';
import { headerOf } from '../../../../support/builders/workbook-rows';
import { aStructure, locationOf, rowOfRecord, syncStateOf, tabOf } from './sync-state.fixture';

const stored = aStructure(1);
const postalCodeIndex = headerOf('beneficiary').indexOf('Code postal');

describe('countRecords', () => {
  it.each<[string, Partial<RecordDraft>, string]>([
    ['a new record', { event: 'created' }, 'created'],
    ['an archived record', { event: 'archived' }, 'archived'],
    ['a restored record, unchanged', { event: 'restored' }, 'restored+unchanged'],
    ['a record with a changed field', { changed: new Set(['town']) }, 'updated'],
    ['a record as stored', {}, 'unchanged'],
  ])('counts %s as %s', (_, changes, expected) => {
    const state = syncStateOf({ records: [stored] });
    Object.assign(state.draftOf(stored), changes);
    const counts = countRecords(state);
    const nonZero = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k]) => k);
    expect(nonZero.sort()).toEqual(expected.split('+').sort());
  });
});

describe('writeIdCell', () => {
  it.each([
    ['a new record', 'created', null, undefined, { value: 'TEMP' }],
    [
      'a copied row',
      'created',
      'STR-CBE-LM-0007',
      undefined,
      { note: `${INFO_MARK}Ligne copiée de STR-CBE-LM-0007 : nouvel identifiant attribué.` },
    ],
    [
      'a known record under a refusal note',
      null,
      null,
      `${ERROR_MARK}Identifiant inconnu.`,
      { note: null },
    ],
    ['a known record as shown', null, null, undefined, null],
  ] as const)('for %s', (_, event, copiedFrom, note, expected) => {
    const tab = tabOf('beneficiary', [{ ...rowOfRecord(stored), notes: note ? { 0: note } : {} }]);
    const state = syncStateOf({ records: [stored], tabs: [tab] });
    const draft = event === 'created' ? state.newDraft('beneficiary') : state.draftOf(stored);
    if (event === 'created') draft.id = 'TEMP';
    draft.copiedFrom = copiedFrom;
    writeIdCell(state, draft, locationOf(tab, 'beneficiary'));
    if (expected === null) expect(state.cells).toEqual([]);
    else expect(state.cells).toEqual([expect.objectContaining({ column: 'ID', ...expected })]);
    expect(state.journal.map((l) => l[1])).toEqual(copiedFrom ? ['Copie'] : []);
  });
});

describe('writeFieldCells', () => {
  const refusal = { raw: '5914A', code: 'POSTAL_CODE_INVALID', message: 'Code postal invalide.' };
  it.each([
    [
      'a refused field',
      refusal,
      undefined,
      { note: `${ERROR_MARK}Code postal invalide.`, style: 'error' },
      1,
    ],
    ['a refused field already noted', refusal, `${ERROR_MARK}Code postal invalide.`, null, 1],
    [
      'a field fixed since its refusal',
      null,
      `${ERROR_MARK}Code postal invalide.`,
      { note: null, style: 'normal' },
      0,
    ],
    ["a person's own note", null, 'À vérifier avec la mairie', null, 0],
  ] as const)('%s', (_, rejection, note, expected, reported) => {
    const tab = tabOf('beneficiary', [
      { ...rowOfRecord(stored), notes: note ? { [postalCodeIndex]: note } : {} },
    ]);
    const state = syncStateOf({ records: [stored], tabs: [tab] });
    const draft = state.draftOf(stored);
    if (rejection) draft.rejected['postalCode'] = rejection;
    writeFieldCells(state, draft, locationOf(tab, 'beneficiary'));
    if (expected === null) expect(state.cells).toEqual([]);
    else
      expect(state.cells).toEqual([
        expect.objectContaining({ column: 'Code postal', ...expected }),
      ]);
    expect(state.rejectedCells).toHaveLength(reported);
  });
});
