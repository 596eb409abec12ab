import { journalTab } from '../../../../../shared/domain/sync/journal-tab.phase';
import { JOURNAL_MAX_LINES, JOURNAL_TAB } from '../../../../../shared/domain/sync/plan-sync';
import type { SyncCounts } from '../../../../../shared/domain/sync/write-back.phase';
import type { TabSnapshot } from '../../../../../shared/domain/workbook-snapshot';
import { JOURNAL_HEADER } from '../../../../support/builders/workbook-rows';
import { syncStateOf } from './sync-state.fixture';

const counts: SyncCounts = { created: 2, updated: 1, unchanged: 5, archived: 0, restored: 1 };
const journalOf = (previousLines: number): TabSnapshot => ({
  name: JOURNAL_TAB,
  header: JOURNAL_HEADER,
  rows: Array.from({ length: previousLines }, (_, i) => ({
    rowNumber: i + 2,
    cells: [{ value: `01/06/2025 0${i % 10}:00` }, { value: 'Refus' }],
  })),
});
const anEdit = { tab: 'Structures', columns: [1], otherRowIds: [] };

describe('journalTab: this sync on top of the previous lines', () => {
  it.each([
    ['a reconcile that stored records', journalOf(3), null, 2, 0, 1 + 3],
    ['a reconcile that only journals', journalOf(3), null, 0, 1, 1 + 1 + 3],
    [
      'a reconcile past the line limit',
      journalOf(JOURNAL_MAX_LINES),
      null,
      2,
      0,
      JOURNAL_MAX_LINES,
    ],
    ['a reconcile that changed nothing', journalOf(3), null, 0, 0, null],
    ['an edit', journalOf(3), anEdit, 2, 0, null],
    ['a workbook without Journal tab', null, null, 2, 0, null],
  ] as const)('%s', (_, journal, edit, stored, ownLines, lines) => {
    const state = syncStateOf({ tabs: journal ? [journal] : [], edit });
    for (let i = 0; i < ownLines; i++)
      state.journalLine('Archivage', 'Structures', null, 'ID', 'STR-CBE-LM-0001', 'archivé', '');
    const tabs = journalTab(state, counts, stored);
    if (lines === null) {
      expect(tabs).toEqual([]);
      return;
    }
    expect(tabs).toHaveLength(1);
    expect(tabs[0]?.rows).toHaveLength(lines);
    expect(tabs[0]?.rows[0]?.[6]).toBe(
      'Synchronisation : 2 créé(s), 1 modifié(s), 0 archivé(s), 1 restauré(s), 0 refus.',
    );
  });
});
