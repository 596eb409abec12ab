/**
 * Sheets, grid and ranges of the local Sheets API stand-in: the cells of a sheet, its size and
 * Google's limits on it (10 million cells, a range past the grid is refused), sheet properties
 * in and out of JSON, and A1 / GridRange / DimensionRange resolution with Google's messages.
 */
import {
  A1NotationError,
  type GridBounds,
  WHOLE_SHEET,
  formatA1Range,
  parseA1Range,
} from './a1-notation';
import {
  type Dimension,
  type GridProperties,
  type JsonObject,
  type SheetProperties,
  type SheetState,
  type SpreadsheetState,
  SheetsApiError,
  cloneObject,
  invalid,
  invalidAt,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
} from './sheets-api-model';

export const DEFAULT_ROW_COUNT = 1000;
export const DEFAULT_COLUMN_COUNT = 26;
export const DEFAULT_ROW_PIXEL_SIZE = 21;
export const DEFAULT_COLUMN_PIXEL_SIZE = 100;
const MAX_CELLS = 10_000_000;

export interface ResolvedArea {
  readonly sheet: SheetState;
  readonly startRow: number;
  readonly endRow: number;
  readonly startColumn: number;
  readonly endColumn: number;
}

export function cellAt(sheet: SheetState, row: number, column: number): JsonObject | undefined {
  return sheet.rows[row]?.[column];
}

export function putCell(
  sheet: SheetState,
  row: number,
  column: number,
  cell: JsonObject | undefined,
): void {
  const normalized = cell === undefined || Object.keys(cell).length === 0 ? undefined : cell;
  let cells = sheet.rows[row];
  if (cells === undefined) {
    if (normalized === undefined) {
      return;
    }
    cells = [];
    sheet.rows[row] = cells;
  }
  cells[column] = normalized;
}

export function rowCount(sheet: SheetState): number {
  return sheet.properties.gridProperties.rowCount;
}

export function columnCount(sheet: SheetState): number {
  return sheet.properties.gridProperties.columnCount;
}

export function gridLimitError(sheet: SheetState, area: GridBounds): SheetsApiError {
  const text = formatA1Range(sheet.properties.title, area);
  return invalid(
    `Range (${text}) exceeds grid limits. Max rows: ${rowCount(sheet)}, max columns: ${columnCount(sheet)}`,
  );
}

function areaBounds(area: ResolvedArea): GridBounds {
  return {
    startRowIndex: area.startRow,
    endRowIndex: area.endRow,
    startColumnIndex: area.startColumn,
    endColumnIndex: area.endColumn,
  };
}

export function areaText(area: ResolvedArea): string {
  return formatA1Range(area.sheet.properties.title, areaBounds(area));
}

export function growGrid(sheet: SheetState, rows: number, columns: number): void {
  const grid = sheet.properties.gridProperties;
  if (rows > grid.rowCount) {
    grid.rowCount = rows;
  }
  if (columns > grid.columnCount) {
    grid.columnCount = columns;
  }
  if (grid.rowCount * grid.columnCount > MAX_CELLS) {
    throw invalid(
      `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
    );
  }
}

export function defaultSheetProperties(
  sheetId: number,
  title: string,
  index: number,
): SheetProperties {
  return {
    sheetId,
    title,
    index,
    sheetType: 'GRID',
    gridProperties: { rowCount: DEFAULT_ROW_COUNT, columnCount: DEFAULT_COLUMN_COUNT },
  };
}

export function sheetPropertiesToJson(properties: SheetProperties): JsonObject {
  const grid: JsonObject = {
    rowCount: properties.gridProperties.rowCount,
    columnCount: properties.gridProperties.columnCount,
  };
  // The API leaves out zero and false values, as proto3 JSON does.
  if (properties.gridProperties.frozenRowCount) {
    grid['frozenRowCount'] = properties.gridProperties.frozenRowCount;
  }
  if (properties.gridProperties.frozenColumnCount) {
    grid['frozenColumnCount'] = properties.gridProperties.frozenColumnCount;
  }
  if (properties.gridProperties.hideGridlines) {
    grid['hideGridlines'] = true;
  }
  const json: JsonObject = {
    sheetId: properties.sheetId,
    title: properties.title,
    index: properties.index,
    sheetType: properties.sheetType,
    gridProperties: grid,
  };
  if (properties.hidden) {
    json['hidden'] = true;
  }
  if (properties.rightToLeft) {
    json['rightToLeft'] = true;
  }
  if (properties.tabColor !== undefined) {
    json['tabColor'] = cloneObject(properties.tabColor);
  }
  if (properties.tabColorStyle !== undefined) {
    json['tabColorStyle'] = cloneObject(properties.tabColorStyle);
  }
  return json;
}

export function nonNegative(
  value: number | undefined,
  name: string,
  where: string,
): number | undefined {
  if (value !== undefined && value < 0) {
    throw invalid(`Invalid ${where}: ${name} must be non-negative: ${value}`);
  }
  return value;
}

export function sheetPropertiesFromJson(json: JsonObject, where: string): SheetProperties {
  const grid = optionalObject(json, 'gridProperties', where) ?? {};
  const gridWhere = `${where}.gridProperties`;
  const rows = nonNegative(optionalInteger(grid, 'rowCount', gridWhere), 'rowCount', where);
  const columns = nonNegative(
    optionalInteger(grid, 'columnCount', gridWhere),
    'columnCount',
    where,
  );
  const frozenRows = nonNegative(
    optionalInteger(grid, 'frozenRowCount', gridWhere),
    'frozenRowCount',
    where,
  );
  const frozenColumns = nonNegative(
    optionalInteger(grid, 'frozenColumnCount', gridWhere),
    'frozenColumnCount',
    where,
  );
  const hideGridlines = optionalBoolean(grid, 'hideGridlines', gridWhere);
  const gridProperties: GridProperties = {
    rowCount: rows ?? DEFAULT_ROW_COUNT,
    columnCount: columns ?? DEFAULT_COLUMN_COUNT,
  };
  if (frozenRows !== undefined) {
    gridProperties.frozenRowCount = frozenRows;
  }
  if (frozenColumns !== undefined) {
    gridProperties.frozenColumnCount = frozenColumns;
  }
  if (hideGridlines !== undefined) {
    gridProperties.hideGridlines = hideGridlines;
  }
  const sheetType = optionalString(json, 'sheetType', where);
  if (sheetType !== undefined && sheetType !== 'GRID') {
    throw invalid(`Invalid ${where}: only GRID sheets are supported by the stand-in.`);
  }
  const properties: SheetProperties = {
    sheetId: optionalInteger(json, 'sheetId', where) ?? -1,
    title: optionalString(json, 'title', where) ?? '',
    index: optionalInteger(json, 'index', where) ?? -1,
    sheetType: 'GRID',
    gridProperties,
  };
  const hidden = optionalBoolean(json, 'hidden', where);
  if (hidden !== undefined) {
    properties.hidden = hidden;
  }
  const rightToLeft = optionalBoolean(json, 'rightToLeft', where);
  if (rightToLeft !== undefined) {
    properties.rightToLeft = rightToLeft;
  }
  const tabColor = optionalObject(json, 'tabColor', where);
  if (tabColor !== undefined) {
    properties.tabColor = tabColor;
  }
  const tabColorStyle = optionalObject(json, 'tabColorStyle', where);
  if (tabColorStyle !== undefined) {
    properties.tabColorStyle = tabColorStyle;
  }
  return properties;
}

export function checkFrozen(properties: SheetProperties, where: string): void {
  const grid = properties.gridProperties;
  if ((grid.frozenRowCount ?? 0) >= grid.rowCount) {
    throw invalid(`Invalid ${where}: You can't freeze all visible rows on the sheet.`);
  }
  if ((grid.frozenColumnCount ?? 0) >= grid.columnCount) {
    throw invalid(`Invalid ${where}: You can't freeze all visible columns on the sheet.`);
  }
}

export function truncateGrid(sheet: SheetState): void {
  const rows = rowCount(sheet);
  const columns = columnCount(sheet);
  if (sheet.rows.length > rows) {
    sheet.rows.length = rows;
  }
  for (const cells of sheet.rows) {
    if (cells !== undefined && cells.length > columns) {
      cells.length = columns;
    }
  }
  if (sheet.rowMetadata.length > rows) {
    sheet.rowMetadata.length = rows;
  }
  if (sheet.columnMetadata.length > columns) {
    sheet.columnMetadata.length = columns;
  }
}

export function newSheet(properties: SheetProperties): SheetState {
  return {
    properties,
    rows: [],
    rowMetadata: [],
    columnMetadata: [],
    protectedRanges: [],
    charts: [],
  };
}

/** A sheet by title, case-insensitive as Google matches titles. */
export function findSheet(spreadsheet: SpreadsheetState, title: string): SheetState | undefined {
  const wanted = title.toLowerCase();
  return spreadsheet.sheets.find((sheet) => sheet.properties.title.toLowerCase() === wanted);
}

export function sheetById(spreadsheet: SpreadsheetState, sheetId: number, at: string): SheetState {
  const sheet = spreadsheet.sheets.find((candidate) => candidate.properties.sheetId === sheetId);
  if (sheet === undefined) {
    throw invalid(`Invalid ${at}: No grid with id: ${sheetId}`);
  }
  return sheet;
}

function resolveRange(
  spreadsheet: SpreadsheetState,
  text: string,
): { sheet: SheetState; bounds: GridBounds } {
  let parsed;
  try {
    parsed = parseA1Range(text);
  } catch (error) {
    if (error instanceof A1NotationError) {
      throw invalid(`Unable to parse range: ${text}`);
    }
    throw error;
  }
  if (parsed.sheetName === undefined) {
    // `A1` may also be a sheet title: the title wins, as in Google Sheets.
    const named = findSheet(spreadsheet, text);
    if (named !== undefined) {
      return { sheet: named, bounds: WHOLE_SHEET };
    }
    const first = spreadsheet.sheets[0];
    if (first === undefined) {
      throw invalid(`Unable to parse range: ${text}`);
    }
    return { sheet: first, bounds: parsed.bounds };
  }
  const sheet = findSheet(spreadsheet, parsed.sheetName);
  if (sheet === undefined) {
    throw invalid(`Unable to parse range: ${text}`);
  }
  return { sheet, bounds: parsed.bounds };
}

export function clipForRead(sheet: SheetState, bounds: GridBounds): ResolvedArea {
  const startRow = bounds.startRowIndex ?? 0;
  const startColumn = bounds.startColumnIndex ?? 0;
  if (startRow >= rowCount(sheet) || startColumn >= columnCount(sheet)) {
    throw gridLimitError(sheet, bounds);
  }
  return {
    sheet,
    startRow,
    startColumn,
    endRow: Math.min(bounds.endRowIndex ?? rowCount(sheet), rowCount(sheet)),
    endColumn: Math.min(bounds.endColumnIndex ?? columnCount(sheet), columnCount(sheet)),
  };
}

export function resolveForRead(spreadsheet: SpreadsheetState, text: string): ResolvedArea {
  const { sheet, bounds } = resolveRange(spreadsheet, text);
  return clipForRead(sheet, bounds);
}

export function resolveGridRange(
  spreadsheet: SpreadsheetState,
  range: JsonObject,
  at: string,
): ResolvedArea {
  const sheet = sheetById(spreadsheet, optionalInteger(range, 'sheetId', at) ?? 0, at);
  const read = (key: string): number | undefined =>
    nonNegative(optionalInteger(range, key, at), key, at);
  const bounds: GridBounds = {
    startRowIndex: read('startRowIndex'),
    endRowIndex: read('endRowIndex'),
    startColumnIndex: read('startColumnIndex'),
    endColumnIndex: read('endColumnIndex'),
  };
  const startRow = bounds.startRowIndex ?? 0;
  const endRow = bounds.endRowIndex ?? rowCount(sheet);
  const startColumn = bounds.startColumnIndex ?? 0;
  const endColumn = bounds.endColumnIndex ?? columnCount(sheet);
  if (startRow > endRow) {
    throw invalid(
      `Invalid ${at}: GridRange.startRowIndex[${startRow}] is after GridRange.endRowIndex[${endRow}].`,
    );
  }
  if (startColumn > endColumn) {
    throw invalid(
      `Invalid ${at}: GridRange.startColumnIndex[${startColumn}] is after GridRange.endColumnIndex[${endColumn}].`,
    );
  }
  if (endRow > rowCount(sheet) || endColumn > columnCount(sheet)) {
    throw invalidAt(
      at,
      gridLimitError(sheet, {
        startRowIndex: startRow,
        endRowIndex: endRow,
        startColumnIndex: startColumn,
        endColumnIndex: endColumn,
      }),
    );
  }
  return { sheet, startRow, endRow, startColumn, endColumn };
}

export function resolveDimensionRange(
  spreadsheet: SpreadsheetState,
  range: JsonObject | undefined,
  at: string,
): { sheet: SheetState; dimension: Dimension; start: number; end: number } {
  if (range === undefined) {
    throw invalid(`Invalid ${at}: range is required.`);
  }
  const sheet = sheetById(spreadsheet, optionalInteger(range, 'sheetId', at) ?? 0, at);
  const dimension = readDimension(optionalString(range, 'dimension', at), at);
  const count = dimension === 'ROWS' ? rowCount(sheet) : columnCount(sheet);
  const start = nonNegative(optionalInteger(range, 'startIndex', at), 'startIndex', at) ?? 0;
  const end = nonNegative(optionalInteger(range, 'endIndex', at), 'endIndex', at) ?? count;
  if (start > end) {
    throw invalid(`Invalid ${at}: startIndex[${start}] is after endIndex[${end}].`);
  }
  if (end > count) {
    const bounds: GridBounds =
      dimension === 'ROWS'
        ? { ...WHOLE_SHEET, startRowIndex: start, endRowIndex: end }
        : { ...WHOLE_SHEET, startColumnIndex: start, endColumnIndex: end };
    throw invalidAt(at, gridLimitError(sheet, bounds));
  }
  return { sheet, dimension, start, end };
}

export function renumberSheets(spreadsheet: SpreadsheetState): void {
  spreadsheet.sheets.forEach((sheet, index) => {
    sheet.properties.index = index;
  });
}

export function readDimension(value: string | undefined, at: string): Dimension {
  if (value === 'ROWS' || value === 'COLUMNS') {
    return value;
  }
  throw invalid(`Invalid ${at}: dimension must be ROWS or COLUMNS, got ${String(value)}.`);
}
