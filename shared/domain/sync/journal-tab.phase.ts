import type { TabReplacement } from '../workbook-writes';
import type { CellValue } from '../values/cell-value';
import { formatParisDateTime } from '../values/paris-time';
import { JOURNAL_MAX_LINES, JOURNAL_TAB } from './sync-model';
import type { SyncState } from './sync-state';
import type { SyncCounts } from './write-back.phase';

/**
 * The Journal tab of a reconcile that changed or refused something: a summary line and this
 * sync's lines on top of the previous ones, the oldest cut past {@link JOURNAL_MAX_LINES}.
 * Nothing for an edit, or when the workbook has no Journal tab.
 */
export function journalTab(
  state: SyncState,
  counts: SyncCounts,
  storedCount: number,
): TabReplacement[] {
  const { request, journal } = state;
  const journalSnapshot = request.snapshot.tabs.find((t) => t.name === JOURNAL_TAB);
  if (request.edit || !journalSnapshot) return [];
  if (storedCount === 0 && state.quarantine.length === 0 && journal.length === 0) return [];
  const summary = `Synchronisation : ${counts.created} créé(s), ${counts.updated} modifié(s), ${counts.archived} archivé(s), ${counts.restored} restauré(s), ${state.rejectedCells.length} refus.`;
  const lines: CellValue[][] = [
    [
      formatParisDateTime(request.at),
      'Synchronisation',
      '',
      null,
      '',
      '',
      summary,
      '',
      request.actor.who,
    ],
    ...journal,
  ];
  const previous = journalSnapshot.rows.map((r) => r.cells.map((c) => c.value));
  return [{ tab: JOURNAL_TAB, rows: [...lines, ...previous].slice(0, JOURNAL_MAX_LINES) }];
}
