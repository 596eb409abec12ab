import type { FieldJson } from '../stored-record';
import { parseCell } from '../field-spec';
import { sameJson } from './content-hash';
import { refuseField } from './refusals';
import { cellAt, rawText } from './sheet-cells';
import type { RecordDraft, RowLocation, SyncState } from './sync-state';

/**
 * Validates the row's cells field by field (all of them, or only `onlyColumns`) and applies
 * them to the record: a valid new value is taken unless a newer edit of the field is stored, an
 * invalid one is refused and quarantined, the stored value kept.
 */
export function applyRowCells(
  state: SyncState,
  draft: RecordDraft,
  location: RowLocation,
  onlyColumns: ReadonlySet<number> | null,
): void {
  const { at } = state.request;
  for (const [key, index] of location.columns.fieldIndexes) {
    if (onlyColumns && !onlyColumns.has(index)) continue;
    if (state.isCovered(location.recordTab.tab, location.row.rowNumber, index)) continue;
    const spec = location.recordTab.fields[key];
    if (!spec) continue;
    const raw = cellAt(location.row, index).value;
    const parsed = parseCell(spec, raw);
    if (parsed.ok) {
      if (draft.rejected[key]) {
        delete draft.rejected[key];
        draft.dirty = true;
      }
      const value = parsed.value as FieldJson;
      if (sameJson(value, draft.data[key] ?? null)) continue;
      const lastTime = draft.fieldTimes[key];
      if (lastTime !== undefined && lastTime > at) {
        state.staleChanges += 1;
        continue;
      }
      draft.data[key] = value;
      draft.fieldTimes[key] = at;
      draft.changed.add(key);
      draft.raws.set(key, rawText(raw));
      draft.dirty = true;
    } else if (!(draft.stored === null && parsed.error.code === 'REQUIRED')) {
      // An empty required cell of a new row is unfinished work, not a refusal.
      refuseField(state, draft, key, rawText(raw), parsed.error.code, parsed.error.message);
    }
  }
}
