/**
 * Cell values of the local Sheets API stand-in: what a typed string becomes (USER_ENTERED, en_US:
 * numbers, percentages, booleans, formulas, `'text`), how a value is answered under each render
 * option, the `values.get` / `values.batchGet` reads, and the grid data `spreadsheets.get` lists.
 * Not modelled: formula evaluation (a formula reads as its text), number formats (`String(n)`),
 * dates typed as text.
 */
import {
  type CellValue,
  type Json,
  type JsonObject,
  type MajorDimension,
  type SheetState,
  type SpreadsheetState,
  type ValueInputOption,
  type ValueRenderOption,
  cloneObject,
  invalid,
  isJsonObject,
  toJson,
} from './sheets-api-model';
import {
  DEFAULT_COLUMN_PIXEL_SIZE,
  DEFAULT_ROW_PIXEL_SIZE,
  type ResolvedArea,
  areaText,
  cellAt,
  growGrid,
  putCell,
  resolveForRead,
} from './sheets-api-grid';

export interface ValueRange {
  range: string;
  majorDimension: MajorDimension;
  values?: CellValue[][];
}

export interface ReadOptions {
  readonly valueRenderOption?: ValueRenderOption;
  readonly majorDimension?: MajorDimension;
}

type WriteInstruction = JsonObject | 'skip' | 'clear';

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_NUMBER_PATTERN = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)%$/;

/** How Google reads a typed string (en_US): numbers, percentages, booleans, formulas, `'text`. */
export function parseUserEnteredText(text: string): JsonObject | 'clear' {
  if (text.length === 0) {
    return 'clear';
  }
  if (text.startsWith("'")) {
    const rest = text.slice(1);
    return rest.length === 0 ? 'clear' : { stringValue: rest };
  }
  if (text.startsWith('=') && text.length > 1) {
    return { formulaValue: text };
  }
  const trimmed = text.trim();
  if (NUMBER_PATTERN.test(trimmed)) {
    return { numberValue: Number(trimmed) };
  }
  if (GROUPED_NUMBER_PATTERN.test(trimmed)) {
    return { numberValue: Number(trimmed.replace(/,/g, '')) };
  }
  if (PERCENT_PATTERN.test(trimmed)) {
    return { numberValue: Number(trimmed.slice(0, -1)) / 100 };
  }
  if (/^(true|false)$/i.test(trimmed)) {
    return { boolValue: trimmed.toLowerCase() === 'true' };
  }
  return { stringValue: text };
}

function inputToInstruction(
  value: Json | undefined,
  input: ValueInputOption,
  where: string,
): WriteInstruction {
  if (value === undefined || value === null) {
    return 'skip';
  }
  if (typeof value === 'string') {
    if (value.length === 0) {
      return 'clear';
    }
    return input === 'RAW' ? { stringValue: value } : parseUserEnteredText(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw invalid(`Invalid ${where}: number must be finite.`);
    }
    return { numberValue: value };
  }
  if (typeof value === 'boolean') {
    return { boolValue: value };
  }
  throw invalid(`Invalid ${where}: struct_value ${JSON.stringify(value)}`);
}

function formatNumber(value: number): string {
  return String(value);
}

function storedValue(cell: JsonObject | undefined): CellValue | undefined {
  const entered = cell?.['userEnteredValue'];
  if (!isJsonObject(entered)) {
    return undefined;
  }
  const { stringValue, numberValue, boolValue, formulaValue, errorValue } = entered;
  if (typeof formulaValue === 'string') {
    return formulaValue;
  }
  if (typeof stringValue === 'string') {
    return stringValue.length === 0 ? undefined : stringValue;
  }
  if (typeof numberValue === 'number') {
    return numberValue;
  }
  if (typeof boolValue === 'boolean') {
    return boolValue;
  }
  if (errorValue !== undefined) {
    return '#ERROR!';
  }
  return undefined;
}

function renderValue(
  cell: JsonObject | undefined,
  option: ValueRenderOption,
): CellValue | undefined {
  const value = storedValue(cell);
  if (value === undefined || option !== 'FORMATTED_VALUE') {
    return value;
  }
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'TRUE' : 'FALSE';
  }
  return value;
}

export function trimMatrix(matrix: CellValue[][]): CellValue[][] {
  const trimmed = matrix.map((row) => {
    let end = row.length;
    while (end > 0 && row[end - 1] === '') {
      end -= 1;
    }
    return row.slice(0, end);
  });
  let last = trimmed.length;
  while (last > 0 && (trimmed[last - 1]?.length ?? 0) === 0) {
    last -= 1;
  }
  return trimmed.slice(0, last);
}

function transpose<T>(matrix: readonly (readonly T[])[], filler: T): T[][] {
  const width = Math.max(0, ...matrix.map((row) => row.length));
  const result: T[][] = [];
  for (let column = 0; column < width; column += 1) {
    result.push(matrix.map((row) => (column < row.length ? (row[column] as T) : filler)));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Grid access
// ---------------------------------------------------------------------------------------------

function updateCellValue(
  sheet: SheetState,
  row: number,
  column: number,
  value: WriteInstruction,
): void {
  if (value === 'skip') {
    return;
  }
  const cell = cloneObject(cellAt(sheet, row, column) ?? {});
  if (value === 'clear') {
    delete cell['userEnteredValue'];
  } else {
    cell['userEnteredValue'] = value;
  }
  putCell(sheet, row, column, cell);
}

export function readMatrix(area: ResolvedArea, option: ValueRenderOption): CellValue[][] {
  const matrix: CellValue[][] = [];
  for (let row = area.startRow; row < area.endRow; row += 1) {
    const cells = area.sheet.rows[row];
    const values: CellValue[] = [];
    if (cells !== undefined) {
      const end = Math.min(area.endColumn, cells.length);
      for (let column = area.startColumn; column < end; column += 1) {
        values.push(renderValue(cells[column], option) ?? '');
      }
    }
    matrix.push(values);
  }
  return matrix;
}

function renderArea(
  area: ResolvedArea,
  option: ValueRenderOption,
  majorDimension: MajorDimension,
): ValueRange {
  let matrix = trimMatrix(readMatrix(area, option));
  if (majorDimension === 'COLUMNS') {
    matrix = trimMatrix(transpose(matrix, ''));
  }
  const valueRange: ValueRange = { range: areaText(area), majorDimension };
  if (matrix.length > 0) {
    valueRange.values = matrix;
  }
  return valueRange;
}

export function readValueRange(
  spreadsheet: SpreadsheetState,
  range: string,
  options: ReadOptions,
): ValueRange {
  const area = resolveForRead(spreadsheet, range);
  return renderArea(
    area,
    options.valueRenderOption ?? 'FORMATTED_VALUE',
    options.majorDimension ?? 'ROWS',
  );
}

function applyInstructions(
  sheet: SheetState,
  startRow: number,
  startColumn: number,
  instructions: readonly (readonly WriteInstruction[])[],
): number {
  let written = 0;
  instructions.forEach((row, rowOffset) => {
    row.forEach((instruction, columnOffset) => {
      if (instruction !== 'skip') {
        written += 1;
      }
      updateCellValue(sheet, startRow + rowOffset, startColumn + columnOffset, instruction);
    });
  });
  return written;
}

export function writeMatrix(
  sheet: SheetState,
  startRow: number,
  startColumn: number,
  rows: readonly (readonly unknown[])[],
  input: ValueInputOption,
): void {
  const instructions = rows.map((row, rowIndex) =>
    row.map((value, columnIndex) => {
      if (value instanceof Date) {
        throw new Error(
          `values[${rowIndex}][${columnIndex}]: write a date as a serial number or a string`,
        );
      }
      return inputToInstruction(toJson(value), input, `values[${rowIndex}][${columnIndex}]`);
    }),
  );
  const width = Math.max(0, ...rows.map((row) => row.length));
  growGrid(sheet, startRow + rows.length, startColumn + width);
  applyInstructions(sheet, startRow, startColumn, instructions);
}

export function gridData(area: ResolvedArea, withStart: boolean): JsonObject {
  const rowData: JsonObject[] = [];
  for (let row = area.startRow; row < area.endRow; row += 1) {
    const values: JsonObject[] = [];
    for (let column = area.startColumn; column < area.endColumn; column += 1) {
      values.push(outputCell(cellAt(area.sheet, row, column)));
    }
    while (values.length > 0 && Object.keys(values[values.length - 1] ?? {}).length === 0) {
      values.pop();
    }
    rowData.push(values.length === 0 ? {} : { values });
  }
  while (rowData.length > 0 && Object.keys(rowData[rowData.length - 1] ?? {}).length === 0) {
    rowData.pop();
  }
  const rowMetadata: JsonObject[] = [];
  for (let row = area.startRow; row < area.endRow; row += 1) {
    rowMetadata.push({
      pixelSize: DEFAULT_ROW_PIXEL_SIZE,
      ...(area.sheet.rowMetadata[row] ?? {}),
    });
  }
  const columnMetadata: JsonObject[] = [];
  for (let column = area.startColumn; column < area.endColumn; column += 1) {
    columnMetadata.push({
      pixelSize: DEFAULT_COLUMN_PIXEL_SIZE,
      ...(area.sheet.columnMetadata[column] ?? {}),
    });
  }
  const data: JsonObject = { rowData, rowMetadata, columnMetadata };
  if (withStart) {
    if (area.startRow > 0) {
      data['startRow'] = area.startRow;
    }
    if (area.startColumn > 0) {
      data['startColumn'] = area.startColumn;
    }
  }
  return data;
}

export function readRenderOption(value: string | undefined): ValueRenderOption {
  if (value === undefined) {
    return 'FORMATTED_VALUE';
  }
  if (value !== 'FORMATTED_VALUE' && value !== 'UNFORMATTED_VALUE' && value !== 'FORMULA') {
    throw invalid(`Invalid value at 'value_render_option' (TYPE_ENUM), "${value}"`);
  }
  return value;
}

export function readMajorDimension(value: string | undefined): MajorDimension {
  if (value === undefined || value === 'ROWS' || value === 'DIMENSION_UNSPECIFIED') {
    return 'ROWS';
  }
  if (value === 'COLUMNS') {
    return 'COLUMNS';
  }
  throw invalid(`Invalid value at 'major_dimension' (TYPE_ENUM), "${value}"`);
}

function outputCell(cell: JsonObject | undefined): JsonObject {
  if (cell === undefined) {
    return {};
  }
  const output = cloneObject(cell);
  const entered = cell['userEnteredValue'];
  if (isJsonObject(entered)) {
    if (typeof entered['formulaValue'] !== 'string') {
      output['effectiveValue'] = cloneObject(entered);
    }
    const formatted = renderValue(cell, 'FORMATTED_VALUE');
    if (formatted !== undefined) {
      output['formattedValue'] = String(formatted);
    }
  }
  return output;
}
