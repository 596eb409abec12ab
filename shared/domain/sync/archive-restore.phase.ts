import type { StoredRecord } from '../stored-record';
import { DEFAULT_PARAMETERS, type OperatorParameters } from '../operator-parameters';
import type { RecordKind } from '../record-id';
import { reportHeldArchives } from './archive-guard';
import type { RecordDraft, SyncState } from './sync-state';

/** A row holding an archived record's ID brings it back. */
export function restoreIfArchived(draft: RecordDraft): void {
  if (!draft.archived) return;
  draft.archived = false;
  draft.event = 'restored';
  draft.dirty = true;
}

/**
 * True when archiving `removed` of a tab's `active` records is a mass archiving the operator's
 * parameters hold for confirmation: at least `archiveGuardMinRows` rows and more than
 * `archiveGuardPercent` % of the tab (operator defaults: 10 rows, 20 %).
 */
export function exceedsArchiveGuard(
  removed: number,
  active: number,
  parameters: OperatorParameters = DEFAULT_PARAMETERS,
): boolean {
  return (
    removed >= parameters.archiveGuardMinRows &&
    removed * 100 > parameters.archiveGuardPercent * active
  );
}

/**
 * Rows removed from a sheet archive their record; nothing is ever deleted. Only on a full
 * reconcile, and only for the tabs read (a missing tab archives nothing). A tab losing more
 * rows at once than the mass-archive guard allows archives none of them until a person
 * confirms: the Journal, the warnings and a note in « Paramètres » say which and how.
 */
export function archiveRemovedRows(state: SyncState): void {
  const { request } = state;
  if (request.edit) return;
  const byKind = new Map<RecordKind, { active: number; removed: StoredRecord[] }>();
  for (const record of request.state.records) {
    if (!state.readKinds.has(record.kind) || record.archived) continue;
    if (state.kindsNotArchived.has(record.kind)) continue;
    const entry = byKind.get(record.kind) ?? { active: 0, removed: [] };
    byKind.set(record.kind, entry);
    entry.active += 1;
    if (!state.drafts.get(record.id)?.location) entry.removed.push(record);
  }
  for (const [kind, { active, removed }] of byKind) {
    if (removed.length === 0) continue;
    if (
      request.confirmArchive !== true &&
      exceedsArchiveGuard(removed.length, active, request.parameters)
    ) {
      state.heldArchives.set(kind, removed);
      continue;
    }
    for (const record of removed) {
      const draft = state.draftOf(record);
      draft.archived = true;
      draft.event = 'archived';
      draft.dirty = true;
    }
  }
  reportHeldArchives(state, byKind);
}
