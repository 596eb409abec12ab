import type { AuditEntry } from '../change-set';
import { completeData, type PlannedRecord } from './sync-model';
import type { RecordDraft, SyncState } from './sync-state';

/** The records to store and their audit trail. */
export interface StoredChanges {
  readonly puts: PlannedRecord[];
  readonly audit: AuditEntry[];
}

/** Every record with a change to store, at its next version, with one audit entry per change. */
export function recordsToStore(state: SyncState): StoredChanges {
  const changes: StoredChanges = { puts: [], audit: [] };
  for (const draft of state.drafts.values()) {
    if (!draft.dirty) continue;
    changes.audit.push(...auditOf(state, draft));
    changes.puts.push(plannedRecordOf(state, draft));
  }
  return changes;
}

function auditOf(state: SyncState, draft: RecordDraft): AuditEntry[] {
  const { at, owner, actor, eventId } = state.request;
  const base = { at, owner, recordId: draft.id, who: actor.who, source: actor.source, eventId };
  const audit: AuditEntry[] = [];
  if (draft.event === 'created')
    audit.push({
      ...base,
      field: '@created',
      oldValue: null,
      newValue: draft.copiedFrom ? `copie de ${draft.copiedFrom}` : null,
    });
  if (draft.event === 'archived')
    audit.push({ ...base, field: '@archived', oldValue: false, newValue: true });
  if (draft.event === 'restored')
    audit.push({ ...base, field: '@restored', oldValue: true, newValue: false });
  for (const key of draft.changed)
    audit.push({
      ...base,
      field: key,
      oldValue: draft.stored?.data[key] ?? null,
      newValue: draft.data[key] ?? null,
    });
  return audit;
}

function plannedRecordOf(state: SyncState, draft: RecordDraft): PlannedRecord {
  const { at, owner } = state.request;
  return {
    expectedVersion: draft.stored?.version ?? 0,
    record: {
      id: draft.id,
      kind: draft.kind,
      owner,
      data: completeData(draft.kind, draft.data),
      fieldTimes: draft.fieldTimes,
      rejected: draft.rejected,
      archived: draft.archived,
      version: (draft.stored?.version ?? 0) + 1,
      createdAt: draft.stored?.createdAt ?? at,
      updatedAt: at,
    },
  };
}
