/*
 * DLA — writing back what a function answers: values, notes and fills of the cells it names,
 * grouped so that each run of adjacent cells of a row is one call per kind.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- Apps Script: the files share one global scope */

/** Fills of the styles the function answers; `normal` removes the fill. */
const DLA_FILLS: { readonly [style: string]: string | null } = {
  error: '#F4CCCC',
  computed: '#EFEFEF',
  normal: null,
};

/** One cell the function asks to write (`CellWrite`). */
interface DlaCellWrite {
  readonly tab: string;
  /** 0 when the cell is addressed by `recordId`: the row holding that ID, found here. */
  readonly row: number;
  readonly recordId?: string;
  readonly column: string;
  readonly columnIndex: number;
  readonly value?: DlaCellValue;
  readonly note?: string | null;
  readonly style?: string;
}

/** What one cell of the answer changes, once every write to it is merged. */
interface DlaPendingCell {
  value?: DlaCellValue;
  note?: string | null;
  fill?: string | null;
}

/**
 * Writes the cells of the function's answer: value, note (null removes it) and fill by style.
 * Writes to the same cell are merged, and each row's adjacent cells are written by one call per
 * kind (values, notes, fills).
 */
function dlaApplyAnswer(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  answer: unknown,
): void {
  const cells = dlaLocateCells(spreadsheet, dlaAnswerCells(answer));
  const byTab: { [tab: string]: { [row: number]: { [column: number]: DlaPendingCell } } } = {};
  for (const cell of cells) {
    const rows = byTab[cell.tab] ?? (byTab[cell.tab] = {});
    const columns = rows[cell.row] ?? (rows[cell.row] = {});
    const pending = columns[cell.columnIndex] ?? (columns[cell.columnIndex] = {});
    if (cell.value !== undefined) pending.value = cell.value;
    if (cell.note !== undefined) pending.note = cell.note;
    if (cell.style !== undefined && Object.prototype.hasOwnProperty.call(DLA_FILLS, cell.style)) {
      pending.fill = DLA_FILLS[cell.style] ?? null;
    }
  }
  for (const tab of Object.keys(byTab)) {
    const sheet = spreadsheet.getSheetByName(tab);
    const rows = byTab[tab];
    if (sheet === null || rows === undefined) continue;
    for (const rowKey of Object.keys(rows)) {
      const row = Number(rowKey);
      const columns = rows[row];
      if (columns === undefined) continue;
      dlaWriteRow(sheet, row, columns);
    }
  }
}

/**
 * The cells addressed by record ID given the row that holds that ID in the tab's ID column (a
 * TextFinder search per ID); a cell whose ID is on no row any more is dropped.
 */
function dlaLocateCells(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  cells: DlaCellWrite[],
): DlaCellWrite[] {
  const rows: { [key: string]: number } = {};
  const located: DlaCellWrite[] = [];
  for (const cell of cells) {
    if (cell.recordId === undefined) {
      located.push(cell);
      continue;
    }
    const key = `${cell.tab}\u0000${cell.recordId}`;
    if (rows[key] === undefined) rows[key] = dlaRowOfId(spreadsheet, cell.tab, cell.recordId);
    const row = rows[key] ?? 0;
    if (row >= 2) located.push({ ...cell, row });
  }
  return located;
}

/** The first row of a tab whose ID cell holds `id`, or 0. */
function dlaRowOfId(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: string,
  id: string,
): number {
  const sheet = spreadsheet.getSheetByName(tab);
  if (sheet === null) return 0;
  const lastRow = sheet.getLastRow();
  const width = sheet.getLastColumn();
  if (lastRow < 2 || width < 1) return 0;
  const header = (sheet.getRange(1, 1, 1, width).getValues()[0] ?? []) as DlaCellValue[];
  const idColumn = dlaIdColumn(header);
  if (idColumn < 0) return 0;
  const found = sheet
    .getRange(2, idColumn + 1, lastRow - 1, 1)
    .createTextFinder(id)
    .matchEntireCell(true)
    .findAll();
  const first = found[0];
  return first === undefined ? 0 : first.getRow();
}

/** Writes one row's pending cells, one call per run of adjacent cells and per kind. */
function dlaWriteRow(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  row: number,
  columns: { [column: number]: DlaPendingCell },
): void {
  const indexes = Object.keys(columns)
    .map(Number)
    .sort((a, b) => a - b);
  const cellAt = (column: number): DlaPendingCell => columns[column] ?? {};
  for (const run of dlaRuns(indexes, (c) => cellAt(c).value !== undefined)) {
    const values = run.map((c) => dlaSheetValue(cellAt(c).value));
    const range = sheet.getRange(row, dlaFirst(run), 1, run.length);
    if (run.length === 1) range.setValue(values[0]);
    else range.setValues([values]);
  }
  for (const run of dlaRuns(indexes, (c) => cellAt(c).note !== undefined)) {
    const notes = run.map((c) => cellAt(c).note ?? null);
    const range = sheet.getRange(row, dlaFirst(run), 1, run.length);
    if (run.length === 1) range.setNote(notes[0] ?? null);
    else range.setNotes([notes]);
  }
  for (const run of dlaRuns(indexes, (c) => cellAt(c).fill !== undefined)) {
    const fills = run.map((c) => cellAt(c).fill ?? null);
    const range = sheet.getRange(row, dlaFirst(run), 1, run.length);
    if (run.length === 1) range.setBackground(fills[0] ?? null);
    else range.setBackgrounds([fills]);
  }
}

/** Runs of adjacent column indexes (sorted) that pass `keep`. */
function dlaRuns(indexes: number[], keep: (column: number) => boolean): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  for (const column of indexes) {
    const last = current[current.length - 1];
    if (!keep(column) || (last !== undefined && column !== last + 1)) {
      if (current.length > 0) runs.push(current);
      current = [];
    }
    if (keep(column)) current.push(column);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

function dlaFirst(run: number[]): number {
  return run[0] ?? 1;
}

/** A value to write: nothing for null. */
function dlaSheetValue(value: DlaCellValue | undefined): string | number | boolean {
  return value === null || value === undefined ? '' : value;
}

/** The cells of an answer, each checked (a malformed one is skipped). */
function dlaAnswerCells(answer: unknown): DlaCellWrite[] {
  const cells = dlaField(answer, 'cells');
  if (!Array.isArray(cells)) return [];
  const valid: DlaCellWrite[] = [];
  for (const cell of cells as unknown[]) {
    const tab = dlaField(cell, 'tab');
    const row = dlaField(cell, 'row');
    const columnIndex = dlaField(cell, 'columnIndex');
    const recordId = dlaField(cell, 'recordId');
    if (typeof tab !== 'string' || typeof row !== 'number' || typeof columnIndex !== 'number') {
      continue;
    }
    const byId = row === 0 && typeof recordId === 'string' && recordId.trim() !== '';
    if (
      (row < 1 && !byId) ||
      columnIndex < 1 ||
      Math.floor(row) !== row ||
      Math.floor(columnIndex) !== columnIndex
    ) {
      continue;
    }
    const value = dlaField(cell, 'value');
    const note = dlaField(cell, 'note');
    const style = dlaField(cell, 'style');
    valid.push({
      tab,
      row,
      ...(byId ? { recordId: String(recordId).trim() } : {}),
      column: dlaText(dlaField(cell, 'column')),
      columnIndex,
      ...(value === null || ['string', 'number', 'boolean'].indexOf(typeof value) >= 0
        ? { value: value as DlaCellValue }
        : {}),
      ...(note === null || typeof note === 'string' ? { note } : {}),
      ...(typeof style === 'string' ? { style } : {}),
    });
  }
  return valid;
}
