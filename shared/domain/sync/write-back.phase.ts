import { sheetValueOf } from '../sheet-value';
import { ID_COLUMN, RECORD_TABS } from '../workbook-model';
import { referrersOf } from '../record-references';
import { listIds } from './archive-guard';
import { writeComputedCells } from './computed-columns.phase';
import { cellAt, ERROR_MARK, INFO_MARK, isSystemNote, sameCellValue } from './sheet-cells';
import type { RecordDraft, RowLocation, SyncState } from './sync-state';

/** How many records this sync created, updated, left unchanged, archived and restored. */
export interface SyncCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly archived: number;
  readonly restored: number;
}

/** Counts the records by what this sync does to them. */
export function countRecords(state: SyncState): SyncCounts {
  const counts = { created: 0, updated: 0, unchanged: 0, archived: 0, restored: 0 };
  for (const draft of state.drafts.values()) {
    if (draft.event === 'created') counts.created += 1;
    else if (draft.event === 'archived') counts.archived += 1;
    else if (draft.event === 'restored') counts.restored += 1;
    if (draft.event !== 'created' && draft.event !== 'archived') {
      if (draft.changed.size > 0) counts.updated += 1;
      else counts.unchanged += 1;
    }
  }
  return counts;
}

/**
 * Write-back of every record: a Journal line for each archived or restored one; for each
 * located one its ID, refusal notes, the values of columns just added, computed columns.
 */
export function writeBack(state: SyncState): void {
  for (const draft of state.drafts.values()) {
    journalArchiveOrRestore(state, draft);
    const location = draft.location;
    if (!location) continue;
    writeIdCell(state, draft, location);
    writeFieldCells(state, draft, location);
    writeFreshColumnCells(state, draft, location);
    if (state.rebuiltIds.has(draft.id)) writeRebuiltCells(draft, location, state);
    writeComputedCells(state, draft, location);
  }
}

function journalArchiveOrRestore(state: SyncState, draft: RecordDraft): void {
  const tab = RECORD_TABS[draft.kind].tab;
  if (draft.event === 'archived') {
    const referrers = referrersOf(state.world, draft.id);
    const still =
      referrers.length === 0
        ? ''
        : ` Attention : encore référencé par ${listIds(referrers)} (voir leur colonne Contrôles).`;
    state.journalLine(
      'Archivage',
      tab,
      null,
      ID_COLUMN,
      draft.id,
      `Ligne retirée de la feuille : ${draft.id} est archivé (remettre la ligne le restaure).${still}`,
      '',
    );
    if (still !== '') state.warnings.push(`${draft.id} archivé.${still}`);
  }
  if (draft.event === 'restored')
    state.journalLine(
      'Restauration',
      tab,
      draft.location?.row.rowNumber ?? null,
      ID_COLUMN,
      draft.id,
      `${draft.id} est de retour dans la feuille : restauré.`,
      '',
    );
}

/** The ID cell: the record's ID, with a note on a copied row (and a system note taken off). */
export function writeIdCell(state: SyncState, draft: RecordDraft, location: RowLocation): void {
  const idIndex = location.columns.idIndex;
  if (idIndex === null) return;
  const tab = location.recordTab.tab;
  const rowNumber = location.row.rowNumber;
  const current = cellAt(location.row, idIndex);
  const note = draft.copiedFrom
    ? `${INFO_MARK}Ligne copiée de ${draft.copiedFrom} : nouvel identifiant attribué.`
    : null;
  const valueDiffers = draft.event === 'created' || !sameCellValue(current.value, draft.id);
  const noteDiffers =
    !state.hasStructureNote(tab, rowNumber, idIndex + 1) &&
    (note !== null ? current.note !== note : isSystemNote(current.note));
  if (valueDiffers || noteDiffers) {
    state.cells.push({
      tab,
      row: rowNumber,
      column: ID_COLUMN,
      columnIndex: idIndex + 1,
      ...(valueDiffers ? { value: draft.id } : {}),
      ...(noteDiffers ? { note } : {}),
      style: 'computed',
    });
  }
  if (draft.copiedFrom)
    state.journalLine('Copie', tab, rowNumber, ID_COLUMN, draft.copiedFrom, note ?? '', '');
}

/**
 * Field cells: a refusal note on each refused field (reported too), off once fixed; a decision
 * the award set is written with its note.
 */
export function writeFieldCells(state: SyncState, draft: RecordDraft, location: RowLocation): void {
  const { recordTab, columns, row } = location;
  const tab = recordTab.tab;
  for (const [key, index] of columns.fieldIndexes) {
    const column = recordTab.fields[key]?.label ?? key;
    const target = { tab, row: row.rowNumber, column, columnIndex: index + 1 };
    const awardNote = key === 'decision' ? state.awardNotes.get(draft.id) : undefined;
    if (awardNote !== undefined) {
      state.cells.push({
        ...target,
        value: String(draft.data[key]),
        note: awardNote,
        style: 'normal',
      });
      continue;
    }
    if (state.hasStructureNote(tab, row.rowNumber, index + 1)) continue;
    const rejection = draft.rejected[key];
    const current = cellAt(row, index).note;
    const desired = rejection ? `${ERROR_MARK}${rejection.message}` : null;
    if (rejection) {
      state.rejectedCells.push({
        tab,
        row: row.rowNumber,
        column,
        id: draft.stored ? draft.id : null,
        code: rejection.code,
        message: rejection.message,
      });
    }
    if (desired === current || (desired === null && !isSystemNote(current))) continue;
    state.cells.push({ ...target, note: desired, style: desired ? 'error' : 'normal' });
  }
}

/** The stored values, in the columns just added to the tab. */
function writeFreshColumnCells(state: SyncState, draft: RecordDraft, location: RowLocation): void {
  const tab = location.recordTab.tab;
  for (const [key, index] of state.freshColumns.get(tab) ?? []) {
    const spec = location.recordTab.fields[key];
    const value = spec ? sheetValueOf(spec, draft.data[key]) : null;
    if (spec && value !== null)
      state.cells.push({
        tab,
        row: location.row.rowNumber,
        column: spec.label,
        columnIndex: index + 1,
        value,
        style: 'normal',
      });
  }
}

/** Every field of a record written back into an empty tab: its value, or the raw value it refused. */
function writeRebuiltCells(draft: RecordDraft, location: RowLocation, state: SyncState): void {
  const { recordTab, columns, row } = location;
  for (const [key, index] of columns.fieldIndexes) {
    const spec = recordTab.fields[key];
    if (!spec) continue;
    const refused = draft.rejected[key];
    const value = refused ? refused.raw : sheetValueOf(spec, draft.data[key]);
    if (value === null || value === '') continue;
    state.cells.push({
      tab: recordTab.tab,
      row: row.rowNumber,
      column: spec.label,
      columnIndex: index + 1,
      value,
    });
  }
}
