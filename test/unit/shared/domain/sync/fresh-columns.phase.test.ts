import {
  journalFreshColumns,
  withoutFreshColumns,
} from '../../../../../shared/domain/sync/fresh-columns.phase';
import type { EditScope, KnownColumns } from '../../../../../shared/domain/sync/plan-sync';
import { mapTabColumns } from '../../../../../shared/domain/sync/tab-columns';
import { RECORD_TABS } from '../../../../../shared/domain/workbook-model';
import { aStructure, rowOfRecord, syncStateOf, tabOf } from './sync-state.fixture';

const structures = RECORD_TABS.beneficiary;
const allButPhone = Object.keys(structures.fields).filter((k) => k !== 'phone');
const anEdit: EditScope = { tab: 'Structures', columns: [1], otherRowIds: [] };

describe('withoutFreshColumns: a column just added is written, not read', () => {
  it.each<[string, KnownColumns | undefined, string | null, EditScope | null, boolean]>([
    [
      'an empty column the last reconcile did not see',
      { Structures: allButPhone },
      null,
      null,
      true,
    ],
    ['a column the person filled in', { Structures: allButPhone }, '03 28 66 55 44', null, false],
    [
      'a column the last reconcile saw',
      { Structures: Object.keys(structures.fields) },
      null,
      null,
      false,
    ],
    ['columns never recorded', undefined, null, null, false],
    ['an edit', { Structures: allButPhone }, null, anEdit, false],
  ])('%s: fresh=%s', (_, knownColumns, phone, edit, fresh) => {
    const row = rowOfRecord(aStructure(1));
    const tab = tabOf('beneficiary', [{ ...row, values: { ...row.values, phone } }]);
    const state = syncStateOf({ tabs: [tab], edit, ...(knownColumns ? { knownColumns } : {}) });
    const read = withoutFreshColumns(state, structures, tab, mapTabColumns(structures, tab));
    expect(read.fieldIndexes.has('phone')).toBe(!fresh);
    expect(state.freshColumns.get('Structures')?.has('phone') ?? false).toBe(fresh);
  });
});

describe('journalFreshColumns', () => {
  it.each([
    [
      new Map([['Structures', new Map([['phone', 10]])]]),
      ["Colonne « Téléphone » ajoutée à l'onglet"],
    ],
    [new Map(), []],
  ])('writes one Journal line per column added (%#)', (fresh, messages) => {
    const state = syncStateOf();
    for (const [tab, columns] of fresh) state.freshColumns.set(tab, columns);
    journalFreshColumns(state);
    expect(state.journal.map((line) => String(line[6]).slice(0, messages[0]?.length ?? 0))).toEqual(
      messages,
    );
  });
});
