import type { TabSnapshot } from '../workbook-snapshot';
import { isBlank } from '../values/cell-value';
import { RECORD_TABS, type RecordTab } from '../workbook-model';
import { cellAt } from './sheet-cells';
import type { SyncState } from './sync-state';
import type { TabColumns } from './tab-columns';

/**
 * A field column the tab did not have at the last reconcile, and whose cells are all empty,
 * was just added (by a new version of the layout, or put back after a person deleted it): its
 * empty cells are not the person's, so it is not read this time and the stored values are
 * written into it instead. Returns the columns to read.
 */
export function withoutFreshColumns(
  state: SyncState,
  recordTab: RecordTab,
  tabSnapshot: TabSnapshot,
  columns: TabColumns,
): TabColumns {
  const known = state.request.knownColumns?.[recordTab.tab];
  if (state.request.edit || known === undefined) return columns;
  const fresh = new Map<string, number>();
  for (const [key, index] of columns.fieldIndexes) {
    if (known.includes(key)) continue;
    if (tabSnapshot.rows.every((row) => isBlank(cellAt(row, index).value))) fresh.set(key, index);
  }
  if (fresh.size === 0) return columns;
  state.freshColumns.set(recordTab.tab, fresh);
  return {
    ...columns,
    fieldIndexes: new Map([...columns.fieldIndexes].filter(([key]) => !fresh.has(key))),
  };
}

/** One Journal line per column just added, saying the stored values are copied into it. */
export function journalFreshColumns(state: SyncState): void {
  for (const [tab, fresh] of state.freshColumns)
    for (const key of fresh.keys()) {
      const label = Object.values(RECORD_TABS).find((t) => t.tab === tab)?.fields[key]?.label;
      state.journalLine(
        'Colonne',
        tab,
        null,
        label ?? key,
        null,
        `Colonne « ${label ?? key} » ajoutée à l'onglet : les valeurs enregistrées y sont recopiées.`,
        '',
      );
    }
}
