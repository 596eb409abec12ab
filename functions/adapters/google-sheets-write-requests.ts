import type { sheets_v4 } from '@googleapis/sheets';

import type { CellValue } from '../../shared/domain/values/cell-value';
import type { CellStyle, CellWrite, TabReplacement } from '../../shared/domain/workbook-writes';
import { findSheet, type SheetInfo } from './google-sheets-snapshot';

/*
 * The `spreadsheets.batchUpdate` requests of a write-back: typed cell values, notes and fills,
 * whole-tab replacements, and their packing into batches within Google's limits. A new kind of
 * request (a chart, say) gets its own builder here and joins the groups the gateway packs.
 */

/**
 * Limits of one `spreadsheets.batchUpdate`. Google rejects a body over 10,485,760 bytes
 * ("Request payload size exceeds the limit") and a batch over 100,000 requests; we stay well
 * under both so that a write-back is one atomic call in every realistic case (a 5,000-row
 * tab of 15 columns is about 3 MB).
 */
export interface BatchLimits {
  /** Largest serialized body of one call, in bytes (default 9 MiB). */
  readonly maxBytes: number;
  /** Most requests in one call (default 50,000). */
  readonly maxRequests: number;
}

/** Default {@link BatchLimits}. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: 9 * 1024 * 1024, maxRequests: 50_000 };

/** Rows of a replaced tab per updateCells request, so that a huge tab can still be split. */
const TAB_ROWS_PER_REQUEST = 1_000;

/** Bytes of `{"requests":[]}` around the requests of a batch. */
const BATCH_ENVELOPE_BYTES = 16;

/** Dates are written as serial numbers of their day in Paris, shown `jj/mm/aaaa`. */
const DATE_FORMAT: sheets_v4.Schema$NumberFormat = { type: 'DATE', pattern: 'dd/mm/yyyy' };

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (serial 0 of spreadsheets) to 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25_569;

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function rgb(red: number, green: number, blue: number): sheets_v4.Schema$Color {
  return { red: red / 255, green: green / 255, blue: blue / 255 };
}

/**
 * Fills by style. `normal` clears the fill rather than painting it white: the cell then looks
 * white as asked, but keeps its gridlines and lets banding or the layout's conditional formats
 * show through, as a cell nobody styled.
 */
const FILLS: Readonly<Record<CellStyle, sheets_v4.Schema$Color | null>> = {
  error: rgb(0xf4, 0xcc, 0xcc),
  computed: rgb(0xef, 0xef, 0xef),
  normal: null,
};

/** One cell to write once every CellWrite aimed at it is merged. */
export interface PendingCell {
  readonly tab: string;
  readonly row: number;
  readonly column: number;
  value?: CellValue;
  note?: string | null;
  style?: CellStyle;
}

/** A CellData and the field mask that writes exactly what it sets. */
interface CellPatch {
  readonly data: sheets_v4.Schema$CellData;
  readonly fields: string;
}

export function requireSheet(sheets: ReadonlyMap<string, SheetInfo>, title: string): SheetInfo {
  const sheet = findSheet(sheets, title);
  if (sheet === undefined) throw new Error(`Tab ${title} was checked but is not known`);
  return sheet;
}

/** Merges the CellWrites aimed at one cell (later ones win, field by field). */
export function mergeCellWrites(writes: readonly CellWrite[]): PendingCell[] {
  const byCell = new Map<string, PendingCell>();
  for (const write of writes) {
    if (write.value === undefined && write.note === undefined && write.style === undefined)
      continue;
    if (!Number.isInteger(write.row) || write.row < 1) {
      throw new RangeError(
        `Row number must be a positive integer, got ${write.row} (${write.tab})`,
      );
    }
    if (!Number.isInteger(write.columnIndex) || write.columnIndex < 1) {
      throw new RangeError(
        `Column index must be a positive integer, got ${write.columnIndex} (${write.tab} ${write.column})`,
      );
    }
    const key = `${write.tab}\u0000${write.row}\u0000${write.columnIndex}`;
    const cell = byCell.get(key) ?? { tab: write.tab, row: write.row, column: write.columnIndex };
    if (write.value !== undefined) cell.value = write.value;
    if (write.note !== undefined) cell.note = write.note;
    if (write.style !== undefined) cell.style = write.style;
    byCell.set(key, cell);
  }
  return [...byCell.values()];
}

/**
 * One updateCells per run of adjacent cells of a row that set the same fields. Values are sent
 * as typed ExtendedValues, never parsed: a text starting with `=` goes as `stringValue` and stays
 * text, so a value from a sheet can never come back as a formula (no formula injection).
 */
export function cellRequests(
  cells: readonly PendingCell[],
  sheets: ReadonlyMap<string, SheetInfo>,
): sheets_v4.Schema$Request[] {
  const sorted = [...cells].sort(
    (a, b) => compareText(a.tab, b.tab) || a.row - b.row || a.column - b.column,
  );
  const requests: sheets_v4.Schema$Request[] = [];
  let run: {
    first: PendingCell;
    last: PendingCell;
    fields: string;
    values: sheets_v4.Schema$CellData[];
  } | null = null;
  const flush = (): void => {
    if (run === null) return;
    requests.push({
      updateCells: {
        start: {
          sheetId: requireSheet(sheets, run.first.tab).sheetId,
          rowIndex: run.first.row - 1,
          columnIndex: run.first.column - 1,
        },
        rows: [{ values: run.values }],
        fields: run.fields,
      },
    });
    run = null;
  };
  for (const cell of sorted) {
    const patch = cellPatch(cell);
    const continues =
      run !== null &&
      run.last.tab === cell.tab &&
      run.last.row === cell.row &&
      run.last.column + 1 === cell.column &&
      run.fields === patch.fields;
    if (run !== null && continues) {
      run.values.push(patch.data);
      run.last = cell;
    } else {
      flush();
      run = { first: cell, last: cell, fields: patch.fields, values: [patch.data] };
    }
  }
  flush();
  return requests;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The CellData of a pending cell and the mask of exactly the fields it sets. */
function cellPatch(cell: PendingCell): CellPatch {
  const fields: string[] = [];
  const data: sheets_v4.Schema$CellData = {};
  const format: sheets_v4.Schema$CellFormat = {};
  if (cell.value !== undefined) {
    fields.push('userEnteredValue');
    const value = extendedValue(cell.value);
    if (value !== null) data.userEnteredValue = value;
    if (cell.value instanceof Date) {
      fields.push('userEnteredFormat.numberFormat');
      format.numberFormat = DATE_FORMAT;
    }
  }
  if (cell.style !== undefined) {
    // Both fields: a fill set from the Sheets UI may live in backgroundColorStyle, which wins.
    fields.push('userEnteredFormat.backgroundColor', 'userEnteredFormat.backgroundColorStyle');
    const fill = FILLS[cell.style];
    if (fill !== null) {
      format.backgroundColor = fill;
      format.backgroundColorStyle = { rgbColor: fill };
    }
  }
  if (cell.note !== undefined) {
    fields.push('note');
    data.note = cell.note ?? '';
  }
  if (Object.keys(format).length > 0) data.userEnteredFormat = format;
  return { data, fields: fields.join(',') };
}

/** A value as the API stores it; null clears the cell. */
function extendedValue(value: CellValue): sheets_v4.Schema$ExtendedValue | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.length === 0 ? null : { stringValue: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError(`Cannot write the number ${value} to a spreadsheet`);
    return { numberValue: value };
  }
  if (typeof value === 'boolean') return { boolValue: value };
  return { numberValue: serialDayOf(value) };
}

/**
 * The spreadsheet serial number of a Date's calendar day in Paris (the day the domain reads a
 * Date as). The read gives it back as that number, which the domain's date parser accepts.
 */
function serialDayOf(date: Date): number {
  if (Number.isNaN(date.getTime()))
    throw new RangeError('Cannot write an invalid Date to a spreadsheet');
  const parts = PARIS_DAY.formatToParts(date);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const epoch = new Date(0);
  epoch.setUTCFullYear(part('year'), part('month') - 1, part('day'));
  return Math.round(epoch.getTime() / MS_PER_DAY) + SERIAL_EPOCH_OFFSET;
}

/**
 * Replaces the data rows of a tab: grows the grid when the new rows need it, clears every value
 * from row 2 to the end of the grid, writes the rows, and gives date cells the date format.
 * Kept in one batchUpdate, a reader sees the old table or the new one, never half of one.
 */
export function tabReplacementRequests(
  sheet: SheetInfo,
  replacement: TabReplacement,
): { requests: sheets_v4.Schema$Request[]; rowCount: number; columnCount: number } {
  const { sheetId } = sheet;
  const rows = replacement.rows;
  const width = Math.max(0, ...rows.map((row) => row.length));
  const rowCount = Math.max(sheet.rowCount, 1 + rows.length);
  const columnCount = Math.max(sheet.columnCount, width);
  const requests: sheets_v4.Schema$Request[] = [];
  if (rowCount > sheet.rowCount) {
    requests.push({
      appendDimension: { sheetId, dimension: 'ROWS', length: rowCount - sheet.rowCount },
    });
  }
  if (columnCount > sheet.columnCount) {
    requests.push({
      appendDimension: { sheetId, dimension: 'COLUMNS', length: columnCount - sheet.columnCount },
    });
  }
  // No end row or column: the clear reaches the real end of the grid, whatever its size now.
  requests.push({
    updateCells: { range: { sheetId, startRowIndex: 1 }, fields: 'userEnteredValue' },
  });
  for (let first = 0; first < rows.length; first += TAB_ROWS_PER_REQUEST) {
    const block = rows.slice(first, first + TAB_ROWS_PER_REQUEST);
    requests.push({
      updateCells: {
        start: { sheetId, rowIndex: 1 + first, columnIndex: 0 },
        rows: block.map((row) => ({ values: row.map(valueCell) })),
        fields: 'userEnteredValue',
      },
    });
  }
  requests.push(...dateFormatRequests(sheetId, rows, width));
  return { requests, rowCount, columnCount };
}

function valueCell(value: CellValue): sheets_v4.Schema$CellData {
  const extended = extendedValue(value);
  return extended === null ? {} : { userEnteredValue: extended };
}

/** One repeatCell per vertical run of Dates in a column of a replaced tab. */
function dateFormatRequests(
  sheetId: number,
  rows: readonly (readonly CellValue[])[],
  width: number,
): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  for (let column = 0; column < width; column += 1) {
    let start: number | null = null;
    for (let index = 0; index <= rows.length; index += 1) {
      const isDate = index < rows.length && rows[index]?.[column] instanceof Date;
      if (isDate && start === null) start = index;
      if (!isDate && start !== null) {
        requests.push({
          repeatCell: {
            range: {
              sheetId,
              startRowIndex: 1 + start,
              endRowIndex: 1 + index,
              startColumnIndex: column,
              endColumnIndex: column + 1,
            },
            cell: { userEnteredFormat: { numberFormat: DATE_FORMAT } },
            fields: 'userEnteredFormat.numberFormat',
          },
        });
        start = null;
      }
    }
  }
  return requests;
}

/**
 * Packs groups of requests into batches within the limits. A group (the requests of one tab
 * replacement) stays in one batch whenever it fits in one; only a group larger than a whole
 * batch is split, between its requests.
 */
export function packBatches(
  groups: readonly (readonly sheets_v4.Schema$Request[])[],
  limits: BatchLimits,
): sheets_v4.Schema$Request[][] {
  const batches: sheets_v4.Schema$Request[][] = [];
  let current: sheets_v4.Schema$Request[] = [];
  let bytes = BATCH_ENVELOPE_BYTES;
  const flush = (): void => {
    if (current.length > 0) batches.push(current);
    current = [];
    bytes = BATCH_ENVELOPE_BYTES;
  };
  const fits = (extraBytes: number, extraRequests: number): boolean =>
    bytes + extraBytes <= limits.maxBytes && current.length + extraRequests <= limits.maxRequests;
  for (const group of groups) {
    const sizes = group.map((request) => Buffer.byteLength(JSON.stringify(request)) + 1);
    const groupBytes = sizes.reduce((sum, size) => sum + size, 0);
    if (!fits(groupBytes, group.length)) flush();
    group.forEach((request, index) => {
      const size = sizes[index] ?? 0;
      if (current.length > 0 && !fits(size, 1)) flush();
      current.push(request);
      bytes += size;
    });
  }
  flush();
  return batches;
}
