/**
 * Cell contents and formats of the local Sheets API stand-in: the `updateCells`, `repeatCell`,
 * `setDataValidation`, `updateDimensionProperties` and `appendDimension` requests the adapters
 * send (values, notes, formats, validation rules, column widths), with Google's field-mask
 * semantics (a masked field absent from the source is cleared) and grid-limit errors.
 * Not modelled: conditional formats, borders, text runs, auto-resize, inserting or deleting
 * rows and columns.
 */
import {
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
  applyFieldMask,
  cloneObject,
  invalid,
  invalidAt,
  isJsonObject,
  optionalArray,
  optionalInteger,
  optionalObject,
  optionalString,
  parseFieldMask,
  requireObject,
  requiredFieldMask,
  requiredInteger,
} from './sheets-api-model';
import {
  cellAt,
  columnCount,
  gridLimitError,
  growGrid,
  nonNegative,
  putCell,
  readDimension,
  resolveDimensionRange,
  resolveGridRange,
  rowCount,
  sheetById,
} from './sheets-api-grid';

const CELL_DATA_FIELDS = new Set([
  'userEnteredValue',
  'userEnteredFormat',
  'note',
  'dataValidation',
  'hyperlink',
  'textFormatRuns',
  'pivotTable',
  'dataSourceTable',
  'dataSourceFormula',
  'chipRuns',
  'effectiveValue',
  'formattedValue',
  'effectiveFormat',
  '*',
]);

function cellFieldMask(fields: string | undefined, where: string): string[][] {
  if (fields === undefined || fields.trim().length === 0) {
    throw invalid(`Invalid ${where}: At least one field must be specified in 'fields'.`);
  }
  const paths = parseFieldMask(fields);
  for (const path of paths) {
    const head = path[0] ?? '';
    if (!CELL_DATA_FIELDS.has(head)) {
      throw invalid(`Invalid ${where}: Invalid field mask path: ${path.join('.')}`);
    }
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Cell values
// ---------------------------------------------------------------------------------------------

function applyCellMask(
  sheet: SheetState,
  row: number,
  column: number,
  source: JsonObject,
  paths: readonly (readonly string[])[],
  at: string,
): void {
  const note = source['note'];
  if (note !== undefined && note !== null && typeof note !== 'string') {
    throw invalid(`Invalid ${at}: note must be a string.`);
  }
  const next = applyFieldMask(cellAt(sheet, row, column) ?? {}, source, paths);
  for (const readOnly of ['effectiveValue', 'formattedValue', 'effectiveFormat']) {
    delete next[readOnly];
  }
  const entered = next['userEnteredValue'];
  if (isJsonObject(entered) && entered['stringValue'] === '') {
    delete next['userEnteredValue'];
  }
  if (next['note'] === '') {
    delete next['note'];
  }
  putCell(sheet, row, column, next);
}

export function updateCells(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
  const paths = cellFieldMask(optionalString(payload, 'fields', at), at);
  const rows = (optionalArray(payload, 'rows', at) ?? []).map((row, rowIndex) => {
    const rowJson = requireObject(row, `${at}.rows[${rowIndex}]`);
    return (optionalArray(rowJson, 'values', `${at}.rows[${rowIndex}]`) ?? []).map(
      (cell, columnIndex) =>
        requireObject(cell ?? {}, `${at}.rows[${rowIndex}].values[${columnIndex}]`),
    );
  });
  const start = optionalObject(payload, 'start', at);
  const rangeJson = optionalObject(payload, 'range', at);
  if ((start === undefined) === (rangeJson === undefined)) {
    throw invalid(`Invalid ${at}: exactly one of 'start' or 'range' must be set.`);
  }
  if (start !== undefined) {
    const sheet = sheetById(spreadsheet, optionalInteger(start, 'sheetId', `${at}.start`) ?? 0, at);
    const startRow =
      nonNegative(optionalInteger(start, 'rowIndex', `${at}.start`), 'rowIndex', at) ?? 0;
    const startColumn =
      nonNegative(optionalInteger(start, 'columnIndex', `${at}.start`), 'columnIndex', at) ?? 0;
    const height = rows.length;
    const width = Math.max(0, ...rows.map((row) => row.length));
    if (startRow + height > rowCount(sheet) || startColumn + width > columnCount(sheet)) {
      throw invalidAt(
        at,
        gridLimitError(sheet, {
          startRowIndex: startRow,
          endRowIndex: startRow + Math.max(height, 1),
          startColumnIndex: startColumn,
          endColumnIndex: startColumn + Math.max(width, 1),
        }),
      );
    }
    rows.forEach((row, rowOffset) => {
      row.forEach((source, columnOffset) => {
        applyCellMask(sheet, startRow + rowOffset, startColumn + columnOffset, source, paths, at);
      });
    });
    return;
  }
  const area = resolveGridRange(spreadsheet, rangeJson ?? {}, `${at}.range`);
  for (let row = area.startRow; row < area.endRow; row += 1) {
    for (let column = area.startColumn; column < area.endColumn; column += 1) {
      const source = rows[row - area.startRow]?.[column - area.startColumn] ?? {};
      applyCellMask(area.sheet, row, column, source, paths, at);
    }
  }
}

export function repeatCell(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
  const paths = cellFieldMask(optionalString(payload, 'fields', at), at);
  const area = resolveGridRange(
    spreadsheet,
    optionalObject(payload, 'range', at) ?? {},
    `${at}.range`,
  );
  const source = optionalObject(payload, 'cell', at) ?? {};
  for (let row = area.startRow; row < area.endRow; row += 1) {
    for (let column = area.startColumn; column < area.endColumn; column += 1) {
      applyCellMask(area.sheet, row, column, source, paths, at);
    }
  }
}

export function setDataValidation(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const area = resolveGridRange(
    spreadsheet,
    optionalObject(payload, 'range', at) ?? {},
    `${at}.range`,
  );
  const rule = optionalObject(payload, 'rule', at);
  if (rule !== undefined) {
    const condition = optionalObject(rule, 'condition', `${at}.rule`);
    if (
      condition === undefined ||
      optionalString(condition, 'type', `${at}.rule.condition`) === undefined
    ) {
      throw invalid(`Invalid ${at}: rule.condition.type is required.`);
    }
  }
  for (let row = area.startRow; row < area.endRow; row += 1) {
    for (let column = area.startColumn; column < area.endColumn; column += 1) {
      const cell = cloneObject(cellAt(area.sheet, row, column) ?? {});
      if (rule === undefined) {
        delete cell['dataValidation'];
      } else {
        cell['dataValidation'] = cloneObject(rule);
      }
      putCell(area.sheet, row, column, cell);
    }
  }
}

export function updateDimensionProperties(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const range = resolveDimensionRange(
    spreadsheet,
    optionalObject(payload, 'range', at),
    `${at}.range`,
  );
  const properties = optionalObject(payload, 'properties', at) ?? {};
  const paths = requiredFieldMask(payload, at);
  const metadata =
    range.dimension === 'ROWS' ? range.sheet.rowMetadata : range.sheet.columnMetadata;
  for (let index = range.start; index < range.end; index += 1) {
    const next = applyFieldMask(metadata[index] ?? {}, properties, paths);
    metadata[index] = Object.keys(next).length === 0 ? undefined : next;
  }
}

export function appendDimension(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const sheet = sheetById(spreadsheet, requiredInteger(payload, 'sheetId', at), at);
  const dimension = readDimension(optionalString(payload, 'dimension', at), at);
  const length = requiredInteger(payload, 'length', at);
  if (length <= 0) {
    throw invalid(`Invalid ${at}: length must be positive: ${length}`);
  }
  if (dimension === 'ROWS') {
    growGrid(sheet, rowCount(sheet) + length, columnCount(sheet));
  } else {
    growGrid(sheet, rowCount(sheet), columnCount(sheet) + length);
  }
}

export function writeGridData(sheet: SheetState, gridData: JsonObject, where: string): void {
  const startRow = optionalInteger(gridData, 'startRow', where) ?? 0;
  const startColumn = optionalInteger(gridData, 'startColumn', where) ?? 0;
  const rows = optionalArray(gridData, 'rowData', where) ?? [];
  const width = Math.max(
    0,
    ...rows.map((row) =>
      isJsonObject(row) && Array.isArray(row['values']) ? row['values'].length : 0,
    ),
  );
  growGrid(sheet, startRow + rows.length, startColumn + width);
  rows.forEach((row, rowOffset) => {
    const values = isJsonObject(row) ? row['values'] : undefined;
    if (!Array.isArray(values)) {
      return;
    }
    values.forEach((cell, columnOffset) => {
      if (isJsonObject(cell)) {
        applyCellMask(
          sheet,
          startRow + rowOffset,
          startColumn + columnOffset,
          cell,
          [['*']],
          where,
        );
      }
    });
  });
}
