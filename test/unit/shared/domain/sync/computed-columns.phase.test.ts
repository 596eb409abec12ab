import { deriveCells } from '../../../../../shared/domain/derived-columns';
import { DEFAULT_PARAMETERS } from '../../../../../shared/domain/operator-parameters';
import { writeComputedCells } from '../../../../../shared/domain/sync/computed-columns.phase';
import { ERROR_MARK, INFO_MARK } from '../../../../../shared/domain/sync/plan-sync';
import { worldRecordOf } from '../../../../../shared/domain/sync/sync-state';
import type { CellValue } from '../../../../../shared/domain/values/cell-value';
import { RECORD_TABS } from '../../../../../shared/domain/workbook-model';
import { aStoredRecord } from '../../../../support/builders/stored-record-builder';
import { headerOf } from '../../../../support/builders/workbook-rows';
import { locationOf, rowOfRecord, syncStateOf, tabOf } from './sync-state.fixture';

const mission = aStoredRecord({ rejected: {} });
const STATUS = RECORD_TABS.mission.computed.find((c) => c.key === 'status');
const statusIndex = headerOf('mission').indexOf(STATUS?.label ?? '');

/** The status cell the phase writes, given what the sheet shows; `desired` stands for the right value. */
function statusWrite(shown: CellValue | 'desired', note: string | undefined, edited: boolean) {
  const probe = syncStateOf({ records: [mission] });
  const desired = deriveCells(
    worldRecordOf(probe.draftOf(mission)),
    probe.world,
    '2025-06-02',
    DEFAULT_PARAMETERS,
  )['status'];
  const value = shown === 'desired' ? (desired ?? '') : shown;
  const row = rowOfRecord(mission);
  const tab = tabOf('mission', [{ ...row, notes: note ? { [statusIndex]: note } : {} }]);
  const cells = tab.rows.map((r) => ({
    ...r,
    cells: r.cells.map((c, i) => (i === statusIndex ? { ...c, value } : c)),
  }));
  const sheet = { ...tab, rows: cells };
  const edit = edited ? { tab: 'Missions', columns: [statusIndex], otherRowIds: [] } : null;
  const state = syncStateOf({ records: [mission], tabs: [sheet], edit });
  const draft = state.draftOf(mission);
  writeComputedCells(state, draft, locationOf(sheet, 'mission'));
  return { write: state.cells.find((c) => c.column === STATUS?.label), desired };
}

describe('writeComputedCells: computed columns written back', () => {
  it.each([
    ['the right value', 'desired', undefined, false, 'nothing'],
    [
      'the right value under a system note',
      'desired',
      `${ERROR_MARK}Ancien refus.`,
      false,
      'note off',
    ],
    ['an empty cell', null, undefined, false, 'value'],
    [
      'a value the person typed over the computed one',
      'Clôturée',
      undefined,
      false,
      'value + note',
    ],
    ['a value typed in the edited cell', 'Clôturée', undefined, true, 'value + note'],
  ] as const)('%s: %s', (_, shown, note, edited, expected) => {
    const { write, desired } = statusWrite(shown, note, edited);
    expect(desired).toBeTruthy();
    if (expected === 'nothing') expect(write).toBeUndefined();
    if (expected === 'note off') expect(write).toMatchObject({ note: null, style: 'computed' });
    if (expected === 'value') {
      expect(write).toMatchObject({ value: desired, style: 'computed' });
      expect(write?.note).toBeUndefined();
    }
    if (expected === 'value + note') {
      expect(write).toMatchObject({ value: desired, style: 'computed' });
      expect(write?.note).toBe(
        `${INFO_MARK}Colonne calculée par le système : votre saisie « Clôturée » a été remplacée.`,
      );
    }
  });
});
