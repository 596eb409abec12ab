import { ID_COLUMN, RECORD_TABS } from '../workbook-model';
import type { SyncState } from './sync-state';

/**
 * A record tab read with no row at all while the store holds active records of its kind is a new
 * or recreated workbook (`dla start` after a workbook was moved, the restore path `dla init` then
 * `dla sync`), never a reason to archive: each active record is written back on a row of its own,
 * in ID order, values, refused raw values and computed columns included. Reconcile only.
 */
export function rebuildEmptyTabs(state: SyncState): void {
  const { request } = state;
  if (request.edit) return;
  for (const [kind, { snapshot, columns }] of state.tabsRead) {
    if (snapshot.rows.length > 0 || columns.idIndex === null) continue;
    const active = request.state.records
      .filter((r) => r.kind === kind && !r.archived && !state.drafts.get(r.id)?.location)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (active.length === 0) continue;
    const recordTab = RECORD_TABS[kind];
    active.forEach((record, index) => {
      const draft = state.draftOf(record);
      draft.location = { recordTab, columns, row: { rowNumber: index + 2, cells: [] } };
      state.rebuiltIds.add(record.id);
    });
    const message = `Onglet « ${recordTab.tab} » vide (classeur neuf ou recréé) : ${active.length} enregistrement(s) réécrit(s) depuis la base, rien n'est archivé.`;
    state.warnings.push(message);
    state.journalLine('Reconstruction', recordTab.tab, null, ID_COLUMN, null, message, '');
  }
}
