import type { sheets_v4 } from '@googleapis/sheets';

import { isBlank, type CellValue } from '../../shared/domain/values/cell-value';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type {
  MergedRange,
  SnapshotCell,
  SnapshotRow,
  TabSnapshot,
} from '../../shared/domain/workbook-snapshot';

/*
 * Reading a spreadsheet as the port shows it: the tabs of a `spreadsheets.get` with grid data
 * turned into header labels and typed values, and what is known of each tab's grid.
 */

/** Display text of a spreadsheet error value, by its API type. */
const ERROR_TEXTS: Readonly<Record<string, string>> = {
  ERROR: '#ERROR!',
  NULL_VALUE: '#NULL!',
  DIVIDE_BY_ZERO: '#DIV/0!',
  VALUE: '#VALUE!',
  REF: '#REF!',
  NAME: '#NAME?',
  NUM: '#NUM!',
  N_A: '#N/A',
  LOADING: '#LOADING',
};

/** What the gateway knows of one tab of a workbook. */
export interface SheetInfo {
  readonly sheetId: number;
  readonly title: string;
  rowCount: number;
  columnCount: number;
}

/** `'Alertes'`: a whole tab as an A1 range. */
export function wholeTabRange(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

export function sheetInfoOf(sheet: sheets_v4.Schema$Sheet): SheetInfo | null {
  const properties = sheet.properties;
  if (typeof properties?.title !== 'string' || typeof properties.sheetId !== 'number') return null;
  return {
    sheetId: properties.sheetId,
    title: properties.title,
    rowCount: properties.gridProperties?.rowCount ?? 0,
    columnCount: properties.gridProperties?.columnCount ?? 0,
  };
}

export function isGridSheet(sheet: sheets_v4.Schema$Sheet): boolean {
  const type = sheet.properties?.sheetType;
  return type === undefined || type === null || type === 'GRID';
}

/** A tab as the port shows it: header labels from row 1, non-empty data rows from row 2. */
export function tabSnapshot(sheet: sheets_v4.Schema$Sheet): TabSnapshot | null {
  const name = sheet.properties?.title;
  if (typeof name !== 'string') return null;
  const grid = new Map<number, SnapshotCell[]>();
  for (const block of sheet.data ?? []) {
    const startRow = block.startRow ?? 0;
    const startColumn = block.startColumn ?? 0;
    (block.rowData ?? []).forEach((rowData, offset) => {
      const values = rowData.values ?? [];
      if (values.length === 0) return;
      const rowIndex = startRow + offset;
      const cells = grid.get(rowIndex) ?? [];
      values.forEach((cell, column) => {
        cells[startColumn + column] = snapshotCell(cell);
      });
      grid.set(rowIndex, cells);
    });
  }
  const header = trimEnd(denseCells(grid.get(0) ?? [])).map((cell) => labelOf(cell.value));
  const rows: SnapshotRow[] = [];
  for (const rowIndex of [...grid.keys()].sort((a, b) => a - b)) {
    if (rowIndex === 0) continue;
    const cells = trimEnd(denseCells(grid.get(rowIndex) ?? []));
    if (cells.every((cell) => isBlank(cell.value))) continue;
    rows.push({ rowNumber: rowIndex + 1, cells });
  }
  const merges = (sheet.merges ?? []).flatMap(mergedRangeOf);
  return { name, header, rows, ...(merges.length > 0 ? { merges } : {}) };
}

/** A merge as the port shows it: 1-based, last row and column included. */
function mergedRangeOf(range: sheets_v4.Schema$GridRange): MergedRange[] {
  const { startRowIndex, endRowIndex, startColumnIndex, endColumnIndex } = range;
  if (
    typeof startRowIndex !== 'number' ||
    typeof endRowIndex !== 'number' ||
    typeof startColumnIndex !== 'number' ||
    typeof endColumnIndex !== 'number'
  )
    return [];
  return [
    {
      top: startRowIndex + 1,
      left: startColumnIndex + 1,
      bottom: endRowIndex,
      right: endColumnIndex,
    },
  ];
}

/**
 * The owner mark of a spreadsheet: developer metadata on the spreadsheet itself, visible to any
 * project that can open the document (a person cannot see or change it in the Sheets UI).
 */
export const OWNER_MARK_KEY = 'dla-proprietaire';

/** The owner code a spreadsheet's developer metadata names, or null. */
export function ownerMarkOf(
  metadata: readonly sheets_v4.Schema$DeveloperMetadata[] | undefined,
): string | null {
  const found = (metadata ?? []).find(
    (m) => m.metadataKey === OWNER_MARK_KEY && m.location?.spreadsheet === true,
  );
  const value = found?.metadataValue?.trim();
  return value === undefined || value === '' ? null : value;
}

/** The request that marks a spreadsheet as `owner`'s. */
export function ownerMarkRequest(owner: WorkbookOwner): sheets_v4.Schema$Request {
  return {
    createDeveloperMetadata: {
      developerMetadata: {
        metadataKey: OWNER_MARK_KEY,
        metadataValue: owner,
        location: { spreadsheet: true },
        visibility: 'DOCUMENT',
      },
    },
  };
}

/** Fills the holes of a sparse row with empty cells. */
function denseCells(cells: readonly (SnapshotCell | undefined)[]): SnapshotCell[] {
  return Array.from(cells, (cell) => cell ?? { value: null });
}

/** Drops the empty cells (no value, no note) at the end of a row. */
function trimEnd(cells: SnapshotCell[]): SnapshotCell[] {
  let end = cells.length;
  while (end > 0) {
    const last = cells[end - 1];
    if (last !== undefined && (last.value !== null || last.note !== undefined)) break;
    end -= 1;
  }
  return cells.slice(0, end);
}

function snapshotCell(cell: sheets_v4.Schema$CellData): SnapshotCell {
  const value = cellValueOf(cell.userEnteredValue);
  const note = cell.note;
  return typeof note === 'string' && note.length > 0 ? { value, note } : { value };
}

/** A value as typed: formulas as their `=` text, numbers (dates are serial numbers), booleans, text. */
function cellValueOf(value: sheets_v4.Schema$ExtendedValue | undefined): CellValue {
  if (value === undefined) return null;
  if (typeof value.formulaValue === 'string') return value.formulaValue;
  if (typeof value.stringValue === 'string')
    return value.stringValue.length === 0 ? null : value.stringValue;
  if (typeof value.numberValue === 'number') return value.numberValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  const error = value.errorValue;
  if (error !== undefined && error !== null) {
    return ERROR_TEXTS[error.type ?? ''] ?? error.message ?? '#ERROR!';
  }
  return null;
}

function labelOf(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function findSheet(
  sheets: ReadonlyMap<string, SheetInfo>,
  title: string,
): SheetInfo | undefined {
  const exact = sheets.get(title);
  if (exact !== undefined) return exact;
  // Sheet titles are unique regardless of case in Google Sheets.
  const folded = title.toLocaleLowerCase('fr');
  return [...sheets.values()].find((sheet) => sheet.title.toLocaleLowerCase('fr') === folded);
}
