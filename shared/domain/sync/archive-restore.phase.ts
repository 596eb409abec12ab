import type { RecordDraft, SyncState } from './sync-state';

/** A row holding an archived record's ID brings it back. */
export function restoreIfArchived(draft: RecordDraft): void {
  if (!draft.archived) return;
  draft.archived = false;
  draft.event = 'restored';
  draft.dirty = true;
}

/**
 * Rows removed from a sheet archive their record; nothing is ever deleted. Only on a full
 * reconcile, and only for the tabs read (a missing tab archives nothing).
 */
export function archiveRemovedRows(state: SyncState): void {
  if (state.request.edit) return;
  for (const record of state.request.state.records) {
    if (!state.readKinds.has(record.kind) || record.archived) continue;
    if (state.drafts.get(record.id)?.location) continue;
    const draft = state.draftOf(record);
    draft.archived = true;
    draft.event = 'archived';
    draft.dirty = true;
  }
}
