import { CONTROLS_COLUMN, ID_COLUMN, RECORD_TABS } from '../workbook-model';
import { contentHash } from './content-hash';
import { cellAt, ERROR_MARK, rawText, sameCellValue } from './sheet-cells';
import type { RecordDraft, RowLocation, SyncState } from './sync-state';

/** The cell a whole-row refusal is noted on. */
export interface NoteColumn {
  readonly index: number;
  readonly label: string;
}

/**
 * Refuses one field of a record: the refusal is kept on the record and, the first time this input
 * is refused, in the quarantine and the Journal.
 */
export function refuseField(
  state: SyncState,
  draft: RecordDraft,
  key: string,
  raw: string,
  code: string,
  message: string,
): void {
  const previous = draft.rejected[key];
  if (previous && previous.raw === raw && previous.code === code) return;
  draft.rejected[key] = { raw, code, message };
  draft.dirty = true;
  const recordTab = RECORD_TABS[draft.kind];
  const label = recordTab.fields[key]?.label ?? key;
  const recordId = draft.stored ? draft.id : null;
  const rowNumber = draft.location?.row.rowNumber;
  const isNew = state.quarantineOnce(
    { tab: recordTab.tab, row: rowNumber ?? 0, column: label, recordId, raw, code, message },
    [draft.stored ? draft.id : `row:${rowNumber ?? 0}`, key, raw, code],
  );
  if (isNew)
    state.journalLine('Refus', recordTab.tab, rowNumber ?? null, label, recordId, message, raw);
}

/**
 * Refuses a whole row: nothing is stored for it, the person sees why. The row's raw values go
 * to the quarantine, except for a row merely not finished yet (a required cell still empty).
 */
export function refuseRow(
  state: SyncState,
  location: RowLocation,
  code: string,
  message: string,
  noteColumn: NoteColumn | null,
  quarantineRow = true,
): void {
  const { recordTab, columns, row } = location;
  const idText = rawText(cellAt(row, columns.idIndex).value);
  const label = noteColumn?.label ?? ID_COLUMN;
  state.rejectedCells.push({
    tab: recordTab.tab,
    row: row.rowNumber,
    column: label,
    id: idText || null,
    code,
    message,
  });
  if (quarantineRow) quarantineRefusedRow(state, location, label, idText, code, message);
  const column =
    noteColumn ?? (columns.idIndex === null ? null : { index: columns.idIndex, label: ID_COLUMN });
  if (column !== null) {
    const note = `${ERROR_MARK}${message}`;
    if (cellAt(row, column.index).note !== note) {
      state.cells.push({
        tab: recordTab.tab,
        row: row.rowNumber,
        column: column.label,
        columnIndex: column.index + 1,
        note,
        style: 'error',
      });
    }
  }
  const controls = columns.computedIndexes.get(CONTROLS_COLUMN.key);
  if (controls !== undefined && !sameCellValue(cellAt(row, controls).value, message)) {
    state.cells.push({
      tab: recordTab.tab,
      row: row.rowNumber,
      column: CONTROLS_COLUMN.label,
      columnIndex: controls + 1,
      value: message,
      style: 'computed',
    });
  }
}

function quarantineRefusedRow(
  state: SyncState,
  { recordTab, row }: RowLocation,
  label: string,
  idText: string,
  code: string,
  message: string,
): void {
  const rowValues = row.cells.map((c) => rawText(c.value));
  const isNew = state.quarantineOnce(
    {
      tab: recordTab.tab,
      row: row.rowNumber,
      column: label,
      recordId: null,
      raw: JSON.stringify(rowValues),
      code,
      message,
    },
    [recordTab.tab, contentHash(rowValues), code],
  );
  if (isNew)
    state.journalLine(
      'Refus',
      recordTab.tab,
      row.rowNumber,
      label,
      idText || null,
      message,
      idText,
    );
}
