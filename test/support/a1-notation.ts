/**
 * A1 notation as the Google Sheets API reads it, for the local Sheets API stand-in.
 *
 * Indices follow the API's GridRange: zero-based, start inclusive, end exclusive, and
 * `undefined` for an unbounded side (`A2:F` has no end row, `A:C` no start or end row).
 */
import {
  columnLetterOfPosition,
  columnPositionOfLetters,
} from '../../shared/domain/values/column-letter';

/** Largest column the parser accepts: ZZZ (index 18277), Google's limit is 18278 columns. */
export const MAX_COLUMN_COUNT = 18_278;
/** Google's limit on cells per spreadsheet bounds any row number far below this. */
export const MAX_ROW_NUMBER = 10_000_000;

export interface GridBounds {
  readonly startRowIndex: number | undefined;
  readonly endRowIndex: number | undefined;
  readonly startColumnIndex: number | undefined;
  readonly endColumnIndex: number | undefined;
}

export interface ParsedA1Range {
  /** Sheet title as written (quotes removed), or `undefined` when the range names no sheet. */
  readonly sheetName: string | undefined;
  /**
   * Cells of the range. All four bounds `undefined` means the whole sheet (`'Missions'` alone).
   */
  readonly bounds: GridBounds;
  /** True when the text is a sheet title alone (`Missions`, `'Paramètres'`): the whole sheet. */
  readonly namesSheetOnly: boolean;
}

export interface CellCoordinate {
  readonly rowIndex: number;
  readonly columnIndex: number;
}

export class A1NotationError extends Error {
  constructor(readonly text: string) {
    super(`Unable to parse range: ${text}`);
    this.name = 'A1NotationError';
  }
}

export const WHOLE_SHEET: GridBounds = Object.freeze({
  startRowIndex: undefined,
  endRowIndex: undefined,
  startColumnIndex: undefined,
  endColumnIndex: undefined,
});

/** The 0-based column index (the API's `columnIndex`) of letters: `A` → 0, `ZZZ` → 18277 (any case). */
export function columnLettersToIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) {
    throw new A1NotationError(letters);
  }
  return columnPositionOfLetters(letters.toUpperCase()) - 1;
}

/** The letters of a 0-based column index (the API's `columnIndex`): 0 → `A`, 26 → `AA`. */
export function columnIndexToLetters(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COLUMN_COUNT) {
    throw new RangeError(`Column index out of range: ${index}`);
  }
  return columnLetterOfPosition(index + 1);
}

interface Endpoint {
  readonly columnIndex: number | undefined;
  readonly rowIndex: number | undefined;
}

const ENDPOINT_PATTERN = /^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$/;

function parseEndpoint(text: string): Endpoint | undefined {
  const match = ENDPOINT_PATTERN.exec(text);
  if (match === null) {
    return undefined;
  }
  const letters = match[1];
  const digits = match[2];
  if (letters === undefined && digits === undefined) {
    return undefined;
  }
  let rowIndex: number | undefined;
  if (digits !== undefined) {
    const rowNumber = Number(digits);
    if (rowNumber < 1 || rowNumber > MAX_ROW_NUMBER) {
      return undefined;
    }
    rowIndex = rowNumber - 1;
  }
  return {
    columnIndex: letters === undefined ? undefined : columnLettersToIndex(letters),
    rowIndex,
  };
}

/**
 * Reads the cell part of a range (`B3`, `A1:C10`, `A2:F`, `A:C`, `2:5`, `$A$1`). Returns
 * `undefined` when the text is not a cell range.
 */
export function parseCellRange(text: string): GridBounds | undefined {
  const parts = text.split(':');
  if (parts.length === 1) {
    const single = parseEndpoint(text);
    if (single === undefined || single.columnIndex === undefined || single.rowIndex === undefined) {
      return undefined;
    }
    return {
      startRowIndex: single.rowIndex,
      endRowIndex: single.rowIndex + 1,
      startColumnIndex: single.columnIndex,
      endColumnIndex: single.columnIndex + 1,
    };
  }
  if (parts.length !== 2) {
    return undefined;
  }
  const start = parseEndpoint(parts[0] ?? '');
  const end = parseEndpoint(parts[1] ?? '');
  if (start === undefined || end === undefined) {
    return undefined;
  }
  // `A:5` or `5:A` mix a whole column with a whole row: not a range.
  const startIsRowOnly = start.columnIndex === undefined;
  const endIsRowOnly = end.columnIndex === undefined;
  const startIsColumnOnly = start.rowIndex === undefined;
  const endIsColumnOnly = end.rowIndex === undefined;
  if ((startIsRowOnly && endIsColumnOnly) || (startIsColumnOnly && endIsRowOnly)) {
    return undefined;
  }
  let startRow = start.rowIndex;
  let endRow = end.rowIndex;
  let startColumn = start.columnIndex;
  let endColumn = end.columnIndex;
  if (startRow !== undefined && endRow !== undefined && endRow < startRow) {
    [startRow, endRow] = [endRow, startRow];
  }
  if (startColumn !== undefined && endColumn !== undefined && endColumn < startColumn) {
    [startColumn, endColumn] = [endColumn, startColumn];
  }
  return {
    startRowIndex: startRow,
    endRowIndex: endRow === undefined ? undefined : endRow + 1,
    startColumnIndex: startColumn,
    endColumnIndex: endColumn === undefined ? undefined : endColumn + 1,
  };
}

/** Reads one cell (`B3`, `$B$3`) into zero-based indices. */
export function parseCellCoordinate(text: string): CellCoordinate {
  const bounds = parseCellRange(text);
  if (
    bounds === undefined ||
    bounds.startRowIndex === undefined ||
    bounds.startColumnIndex === undefined ||
    bounds.endRowIndex !== bounds.startRowIndex + 1 ||
    bounds.endColumnIndex !== bounds.startColumnIndex + 1
  ) {
    throw new A1NotationError(text);
  }
  return { rowIndex: bounds.startRowIndex, columnIndex: bounds.startColumnIndex };
}

/**
 * Reads an A1 range: `'Missions'!A1:Z`, `Missions`, `'Paramètres'!A:C`, `'It''s'!B2`, `A1:B2`.
 * Text without `!` that is a cell range (`A1:B2`) names no sheet; other text without `!` is a
 * sheet title. Throws {@link A1NotationError} (message "Unable to parse range: …", as Google).
 */
export function parseA1Range(text: string): ParsedA1Range {
  if (text.length === 0) {
    throw new A1NotationError(text);
  }
  let sheetName: string;
  let cells: string | undefined;
  if (text.startsWith("'")) {
    let index = 1;
    let name = '';
    let closed = false;
    while (index < text.length) {
      const character = text[index];
      if (character === "'") {
        if (text[index + 1] === "'") {
          name += "'";
          index += 2;
          continue;
        }
        closed = true;
        index += 1;
        break;
      }
      name += character;
      index += 1;
    }
    if (!closed || name.length === 0) {
      throw new A1NotationError(text);
    }
    const rest = text.slice(index);
    if (rest.length === 0) {
      cells = undefined;
    } else if (rest.startsWith('!') && rest.length > 1) {
      cells = rest.slice(1);
    } else {
      throw new A1NotationError(text);
    }
    sheetName = name;
  } else {
    const bang = text.lastIndexOf('!');
    if (bang === -1) {
      const bounds = parseCellRange(text);
      if (bounds !== undefined) {
        return { sheetName: undefined, bounds, namesSheetOnly: false };
      }
      return { sheetName: text, bounds: WHOLE_SHEET, namesSheetOnly: true };
    }
    sheetName = text.slice(0, bang);
    cells = text.slice(bang + 1);
    if (sheetName.length === 0 || cells.length === 0) {
      throw new A1NotationError(text);
    }
  }
  if (cells === undefined) {
    return { sheetName, bounds: WHOLE_SHEET, namesSheetOnly: true };
  }
  const bounds = parseCellRange(cells);
  if (bounds === undefined) {
    throw new A1NotationError(text);
  }
  return { sheetName, bounds, namesSheetOnly: false };
}

const PLAIN_SHEET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a sheet title when A1 notation needs it (`Missions` → `Missions`, `It's` → `'It''s'`). */
export function quoteSheetName(name: string): string {
  if (
    PLAIN_SHEET_NAME.test(name) &&
    parseCellRange(name) === undefined &&
    !/^R\d*C\d*$/i.test(name)
  ) {
    return name;
  }
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * Writes bounds in A1 notation: `A1`, `A1:C10`, `A2:F`, `A:C`, `2:5`; `undefined` for the
 * whole sheet. Bounds that are unbounded at the start but bounded at the end are written from
 * the first row/column (`A1:C10`).
 */
export function formatCellRange(bounds: GridBounds): string | undefined {
  const { startRowIndex, endRowIndex, startColumnIndex, endColumnIndex } = bounds;
  if (
    startRowIndex === undefined &&
    endRowIndex === undefined &&
    startColumnIndex === undefined &&
    endColumnIndex === undefined
  ) {
    return undefined;
  }
  const rowsUnbounded = startRowIndex === undefined && endRowIndex === undefined;
  const columnsUnbounded = startColumnIndex === undefined && endColumnIndex === undefined;
  if (rowsUnbounded) {
    const first = columnIndexToLetters(startColumnIndex ?? 0);
    const last =
      endColumnIndex === undefined ? undefined : columnIndexToLetters(endColumnIndex - 1);
    return `${first}:${last ?? columnIndexToLetters(MAX_COLUMN_COUNT - 1)}`;
  }
  if (columnsUnbounded) {
    const first = (startRowIndex ?? 0) + 1;
    return `${first}:${endRowIndex ?? MAX_ROW_NUMBER}`;
  }
  const start = `${columnIndexToLetters(startColumnIndex ?? 0)}${(startRowIndex ?? 0) + 1}`;
  const endColumn = endColumnIndex === undefined ? '' : columnIndexToLetters(endColumnIndex - 1);
  const endRow = endRowIndex === undefined ? '' : String(endRowIndex);
  if (endColumnIndex === (startColumnIndex ?? 0) + 1 && endRowIndex === (startRowIndex ?? 0) + 1) {
    return start;
  }
  if (endColumnIndex === undefined && endRowIndex === undefined) {
    return start;
  }
  return `${start}:${endColumn}${endRow}`;
}

/** `'Sheet'!A1:C10`, or the quoted sheet title alone for the whole sheet. */
export function formatA1Range(sheetName: string, bounds: GridBounds): string {
  const cells = formatCellRange(bounds);
  const quoted = quoteSheetName(sheetName);
  return cells === undefined ? quoted : `${quoted}!${cells}`;
}
