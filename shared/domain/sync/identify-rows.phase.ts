import type { StoredRecord } from '../stored-record';
import type { TabSnapshot } from '../workbook-snapshot';
import { parseCell } from '../field-spec';
import { formatRecordId, parseRecordId } from '../record-id';
import { isBlank, type CellValue } from '../values/cell-value';
import { ID_COLUMN, kindsOwnedBy, RECORD_TABS, type RecordTab } from '../workbook-model';
import { addNewRow } from './adopt-rows.phase';
import { restoreIfArchived } from './archive-restore.phase';
import { sameJson } from './content-hash';
import { withoutFreshColumns } from './fresh-columns.phase';
import { refuseRow } from './refusals';
import { cellAt } from './sheet-cells';
import { noteMergedCells, noteRenamedTabs, noteUnknownHeaders } from './sheet-structure.phase';
import type { RowLocation, SyncState } from './sync-state';
import { mapTabColumns, type TabColumns } from './tab-columns';
import { applyRowCells } from './validate-cells.phase';

/**
 * Rows → records, tab by tab, by the ID column: a row holding a known ID updates that record
 * (or restores it), copies of the row become new records, an invalid, foreign or unknown ID
 * refuses the row, and a row without ID waits for adoption. A tab without ID column is skipped.
 */
export function identifyRows(state: SyncState): void {
  const { edit } = state.request;
  const ownedKinds = new Set(kindsOwnedBy(state.request.owner));
  noteRenamedTabs(state);
  for (const tabSnapshot of state.request.snapshot.tabs) {
    const recordTab = Object.values(RECORD_TABS).find((t) => t.tab === tabSnapshot.name);
    if (!recordTab || !ownedKinds.has(recordTab.kind)) continue;
    if (edit && edit.tab !== tabSnapshot.name) continue;
    const columns = readTabColumns(state, recordTab, tabSnapshot);
    if (columns === null) continue;
    state.readKinds.add(recordTab.kind);
    noteMergedCells(state, tabSnapshot);
    if (!edit) noteUnknownHeaders(state, recordTab, tabSnapshot, columns);
    if (!edit) state.columnsSeen[recordTab.tab] = [...columns.fieldIndexes.keys()];
    const readable = withoutFreshColumns(state, recordTab, tabSnapshot, columns);
    state.tabsRead.set(recordTab.kind, { snapshot: tabSnapshot, columns: readable });
    placeRows(state, rowsByRecordId(state, recordTab, tabSnapshot, readable));
  }
}

/** The tab's columns, with a warning for each header problem; null when the ID column is missing. */
function readTabColumns(
  state: SyncState,
  recordTab: RecordTab,
  tabSnapshot: TabSnapshot,
): TabColumns | null {
  const columns = mapTabColumns(recordTab, tabSnapshot);
  const quoted = (labels: readonly string[]) => labels.map((l) => `« ${l} »`).join(', ');
  if (columns.idIndex === null) {
    state.warnings.push(
      `Onglet « ${recordTab.tab} » : colonne « ${ID_COLUMN} » introuvable, onglet ignoré (rien n'est archivé).`,
    );
    return null;
  }
  if (columns.missingFields.length > 0) {
    state.warnings.push(
      `Onglet « ${recordTab.tab} » : colonnes absentes ${quoted(columns.missingFields)} (valeurs enregistrées conservées).`,
    );
  }
  if (columns.unknownHeaders.length > 0) {
    state.warnings.push(
      `Onglet « ${recordTab.tab} » : colonnes inconnues ignorées ${quoted(columns.unknownHeaders)}.`,
    );
  }
  return columns;
}

/**
 * The tab's rows grouped by the stored record their ID names, in row order. A row without ID
 * but with content becomes an adoption candidate; a row whose ID is refused is noted.
 */
export function rowsByRecordId(
  state: SyncState,
  recordTab: RecordTab,
  tabSnapshot: TabSnapshot,
  columns: TabColumns,
): Map<StoredRecord, RowLocation[]> {
  const rowsByRecord = new Map<StoredRecord, RowLocation[]>();
  for (const row of tabSnapshot.rows) {
    const location: RowLocation = { recordTab, columns, row };
    const idRaw = cellAt(row, columns.idIndex).value;
    if (
      columns.idIndex !== null &&
      state.isCovered(recordTab.tab, row.rowNumber, columns.idIndex)
    ) {
      const message = `Ligne ${row.rowNumber} sous des cellules fusionnées : elle n'est pas lue, rien n'est modifié ni archivé. Défusionnez les cellules.`;
      refuseRow(state, location, 'MERGED_CELLS', message, null);
      // The hidden row's record cannot be told from the others: this tab archives nothing.
      state.kindsNotArchived.add(recordTab.kind);
      continue;
    }
    if (isBlank(idRaw)) {
      const hasContent = [...columns.fieldIndexes.values()].some(
        (i) => !isBlank(cellAt(row, i).value),
      );
      if (hasContent) state.adoptionCandidates.push({ location, kind: recordTab.kind });
      continue;
    }
    const stored = storedRecordOfId(state, location, idRaw);
    if (stored === null) continue;
    const list = rowsByRecord.get(stored) ?? [];
    list.push(location);
    rowsByRecord.set(stored, list);
  }
  return rowsByRecord;
}

/** The stored record of the tab's kind and owner a row's ID names; otherwise the row is refused. */
function storedRecordOfId(
  state: SyncState,
  location: RowLocation,
  idRaw: CellValue,
): StoredRecord | null {
  const { recordTab } = location;
  const parsed = parseRecordId(idRaw);
  if (!parsed.ok) {
    const message = `${parsed.error.message} Laissez la colonne ID vide pour créer une ligne.`;
    refuseRow(state, location, 'ID_INVALID', message, null);
    return null;
  }
  const id = formatRecordId(parsed.value);
  const refusal =
    parsed.value.kind !== recordTab.kind
      ? {
          code: 'ID_WRONG_KIND',
          message: `L'identifiant ${id} n'appartient pas à l'onglet « ${recordTab.tab} » : rien n'a été enregistré pour cette ligne.`,
        }
      : parsed.value.operator !== null && parsed.value.operator !== state.request.owner
        ? {
            code: 'ID_OTHER_OPERATOR',
            message: `L'identifiant ${id} appartient à un autre opérateur : rien n'a été enregistré pour cette ligne.`,
          }
        : null;
  const stored = refusal === null ? state.stored(id) : undefined;
  if (refusal === null && stored && stored.kind === recordTab.kind) return stored;
  const { code, message } = refusal ?? {
    code: 'ID_UNKNOWN',
    message: `Identifiant ${id} inconnu : ne saisissez pas d'identifiant, laissez la colonne ID vide pour créer une ligne.`,
  };
  refuseRow(state, location, code, message, null);
  return null;
}

/**
 * Each record takes one of the rows holding its ID (the row most like it; in an edit, none if
 * the ID still sits on another row of the tab: the edited row is a pasted copy); every other
 * row holding the ID is a copy and becomes a new record.
 */
export function placeRows(
  state: SyncState,
  rowsByRecord: ReadonlyMap<StoredRecord, readonly RowLocation[]>,
): void {
  const { edit } = state.request;
  const editedColumns = edit ? new Set(edit.columns) : null;
  for (const [stored, locations] of rowsByRecord) {
    const keeperIndex = edit
      ? edit.otherRowIds.some(
          (o) =>
            o.id.trim().toUpperCase() === stored.id &&
            !locations.some((l) => l.row.rowNumber === o.row),
        )
        ? -1
        : 0
      : keeperOf(stored, locations);
    locations.forEach((location, index) => {
      if (index === keeperIndex) {
        const draft = state.draftOf(stored);
        draft.location = location;
        restoreIfArchived(draft);
        const onlyColumns = editedColumns && draft.event !== 'restored' ? editedColumns : null;
        applyRowCells(state, draft, location, onlyColumns);
      } else {
        addNewRow(state, location.recordTab.kind, location, stored.id);
      }
    });
  }
}

/** The index of the row whose valid cells equal the most stored values (the first on a tie). */
export function keeperOf(stored: StoredRecord, locations: readonly RowLocation[]): number {
  // The usual case, one row per ID: nothing to choose, and no cell parsed twice.
  if (locations.length <= 1) return 0;
  let best = 0;
  let bestScore = -1;
  locations.forEach((location, index) => {
    let score = 0;
    for (const [key, col] of location.columns.fieldIndexes) {
      const spec = location.recordTab.fields[key];
      if (!spec) continue;
      const parsed = parseCell(spec, cellAt(location.row, col).value);
      if (parsed.ok && sameJson(parsed.value, stored.data[key] ?? null)) score += 1;
    }
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}
