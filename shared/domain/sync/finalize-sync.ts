import type { RecordKind } from '../record-id';
import { TEMP_ID_PREFIX, type SyncOutcome, type SyncPlan } from './sync-model';

/**
 * Gives the new records their allocated IDs (in row order, per kind) and produces the change
 * set and the write-back. `ids[kind]` must hold exactly `plan.idsNeeded[kind]` IDs.
 */
export function finalizeSync(
  plan: SyncPlan,
  ids: Readonly<Record<RecordKind, readonly string[]>>,
): SyncOutcome {
  const allocatedIds = new Map<string, string>();
  const used: Record<string, number> = {};
  for (const put of plan.puts) {
    const temporaryId = put.record.id;
    if (!temporaryId.startsWith(TEMP_ID_PREFIX)) continue;
    const kind = put.record.kind;
    const index = used[kind] ?? 0;
    const allocatedId = ids[kind][index];
    if (allocatedId === undefined)
      throw new Error(`finalizeSync: no ID allocated for new ${kind} #${index + 1}`);
    used[kind] = index + 1;
    allocatedIds.set(temporaryId, allocatedId);
  }
  const finalIdOf = (id: string): string => allocatedIds.get(id) ?? id;
  const finalIdOrNull = (id: string | null): string | null => (id === null ? null : finalIdOf(id));
  const { request } = plan;
  return {
    changeSet: {
      owner: request.owner,
      eventId: request.eventId,
      at: request.at,
      puts: plan.puts.map((p) => ({
        expectedVersion: p.expectedVersion,
        record: { ...p.record, id: finalIdOf(p.record.id) },
      })),
      audit: plan.audit.map((a) => ({ ...a, recordId: finalIdOf(a.recordId) })),
      quarantine: plan.quarantine.map((q) => ({ ...q, recordId: finalIdOrNull(q.recordId) })),
    },
    cells: plan.cells.map((c) =>
      typeof c.value === 'string' && allocatedIds.has(c.value)
        ? { ...c, value: finalIdOf(c.value) }
        : c,
    ),
    tabs: plan.tabs,
    report: plan.report,
    columnsSeen: plan.columnsSeen,
  };
}
