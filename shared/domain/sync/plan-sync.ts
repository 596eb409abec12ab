import { RECORD_KINDS, type RecordKind } from '../record-id';
import { adoptOrCreateRows } from './adopt-rows.phase';
import { archiveRemovedRows } from './archive-restore.phase';
import { applyAwards } from './award.phase';
import { enforceCrossFieldRules } from './cross-field-rules.phase';
import { journalFreshColumns } from './fresh-columns.phase';
import { identifyRows } from './identify-rows.phase';
import { journalTab } from './journal-tab.phase';
import { rebuildEmptyTabs } from './rebuild-tabs.phase';
import { recordsToStore } from './store-records.phase';
import type { SyncPlan, SyncRequest } from './sync-model';
import { SyncState } from './sync-state';
import { countRecords, writeBack } from './write-back.phase';

export {
  completeData,
  JOURNAL_MAX_LINES,
  JOURNAL_TAB,
  type EditScope,
  type KnownColumns,
  type PlannedRecord,
  type RejectedCell,
  type SyncOutcome,
  type SyncPlan,
  type SyncReport,
  type SyncRequest,
} from './sync-model';
export { ERROR_MARK, INFO_MARK, RAW_MAX_LENGTH, rawText } from './sheet-cells';
export { finalizeSync } from './finalize-sync';

/**
 * Plans one sync of a workbook (or of one edit) against the store, as the guide and the
 * « nothing ever lost » rule require: row identity by the ID column, field-level validation
 * with refusals kept in the quarantine, cross-field rules refusing the field that broke them,
 * copies detected, removed rows archived, computed columns written back. Pure: no I/O.
 */
export function planSync(request: SyncRequest): SyncPlan {
  const state = new SyncState(request);
  identifyRows(state);
  adoptOrCreateRows(state);
  rebuildEmptyTabs(state);
  archiveRemovedRows(state);
  enforceCrossFieldRules(state);
  applyAwards(state);
  journalFreshColumns(state);
  writeBack(state);
  const counts = countRecords(state);
  const { puts, audit } = recordsToStore(state);
  const idsNeeded = Object.fromEntries(
    RECORD_KINDS.map((k) => [k, state.creations.filter((c) => c.kind === k).length]),
  ) as Record<RecordKind, number>;
  return {
    request,
    idsNeeded,
    puts,
    audit,
    quarantine: state.quarantine,
    cells: state.cells,
    tabs: journalTab(state, counts, puts.length),
    report: {
      operator: request.owner,
      ...counts,
      stale: state.staleChanges,
      rejected: state.rejectedCells,
      warnings: state.warnings,
    },
    columnsSeen: state.columnsSeen,
    needs: state.coverage?.needs() ?? null,
  };
}
