/**
 * In-memory model of Google spreadsheets behind the local Sheets API v4 stand-in
 * (`sheets-api-server.ts`). It answers the API operations with real-shaped JSON and throws
 * {@link SheetsApiError} with Google's codes and messages, and offers helpers so tests can read
 * what was written and play a person editing the sheet.
 *
 * Known simplifications: no formula evaluation (a formula is returned as its text by every
 * value render option), numbers are formatted with `String(n)`, en_US parsing of USER_ENTERED
 * input (no dates), no merges, borders, named ranges or filters. Charts: see
 * `sheets-api-charts.ts`.
 */
import { randomBytes, randomInt } from 'node:crypto';

import { addChart, deleteEmbeddedObject, updateChartSpec } from './sheets-api-charts';
import { addMetadataAndMerges, createDeveloperMetadata, mergeCells } from './sheets-api-metadata';

import {
  A1NotationError,
  type GridBounds,
  WHOLE_SHEET,
  columnIndexToLetters,
  formatA1Range,
  parseA1Range,
  parseCellCoordinate,
} from './a1-notation';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export type CellValue = string | number | boolean;

export interface Color {
  readonly red?: number;
  readonly green?: number;
  readonly blue?: number;
  readonly alpha?: number;
}

export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type ValueInputOption = 'RAW' | 'USER_ENTERED';
export type MajorDimension = 'ROWS' | 'COLUMNS';
export type Dimension = 'ROWS' | 'COLUMNS';

export interface GridProperties {
  rowCount: number;
  columnCount: number;
  frozenRowCount?: number;
  frozenColumnCount?: number;
  hideGridlines?: boolean;
}

export interface SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  sheetType: 'GRID';
  gridProperties: GridProperties;
  hidden?: boolean;
  rightToLeft?: boolean;
  tabColor?: JsonObject;
  tabColorStyle?: JsonObject;
}

export interface SheetState {
  properties: SheetProperties;
  /** Sparse grid of CellData objects as the API shapes them (userEnteredValue, note, …). */
  rows: Array<Array<JsonObject | undefined> | undefined>;
  rowMetadata: Array<JsonObject | undefined>;
  columnMetadata: Array<JsonObject | undefined>;
  protectedRanges: JsonObject[];
  conditionalFormats: JsonObject[];
  /** Embedded charts placed over this sheet (EmbeddedChart JSON). */
  charts: JsonObject[];
}

export interface SpreadsheetState {
  spreadsheetId: string;
  properties: JsonObject;
  sheets: SheetState[];
}

export interface SeedSheet {
  readonly title: string;
  readonly rows?: readonly (readonly unknown[])[];
  readonly rowCount?: number;
  readonly columnCount?: number;
  readonly frozenRowCount?: number;
  /** How seeded strings are read; default RAW (stored as written). */
  readonly valueInputOption?: ValueInputOption;
}

const STATUS_BY_CODE: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGE_BY_CODE: Readonly<Record<number, string>> = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  409: 'The operation was aborted.',
  429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
  500: 'Internal error encountered.',
  501: 'Method not implemented.',
  502: 'Bad Gateway',
  503: 'The service is currently unavailable.',
  504: 'The request timed out. Please try again.',
};

export function googleStatusName(code: number): string {
  return STATUS_BY_CODE[code] ?? (code >= 500 ? 'INTERNAL' : 'UNKNOWN');
}

export function defaultErrorMessage(code: number): string {
  return DEFAULT_MESSAGE_BY_CODE[code] ?? 'Error';
}

/** An error the API answers as `{ error: { code, message, status } }`. */
export class SheetsApiError extends Error {
  readonly status: string;
  constructor(
    readonly code: number,
    message: string,
    status?: string,
  ) {
    super(message);
    this.name = 'SheetsApiError';
    this.status = status ?? googleStatusName(code);
  }

  toBody(): JsonObject {
    return { error: { code: this.code, message: this.message, status: this.status } };
  }
}

function invalid(message: string): SheetsApiError {
  return new SheetsApiError(400, message);
}

const DEFAULT_ROW_COUNT = 1000;
const DEFAULT_COLUMN_COUNT = 26;
const DEFAULT_ROW_PIXEL_SIZE = 21;
const DEFAULT_COLUMN_PIXEL_SIZE = 100;
const MAX_CELLS = 10_000_000;

// ---------------------------------------------------------------------------------------------
// Small JSON helpers
// ---------------------------------------------------------------------------------------------

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJson(value: unknown): Json {
  // Values reaching here come from JSON.parse or from our own plain data.
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function cloneObject(value: JsonObject): JsonObject {
  return structuredClone(value);
}

function requireObject(value: unknown, where: string): JsonObject {
  if (!isJsonObject(value)) {
    throw invalid(`Invalid ${where}: expected an object.`);
  }
  return value;
}

function optionalObject(parent: JsonObject, key: string, where: string): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  return requireObject(value, `${where}.${key}`);
}

function optionalInteger(parent: JsonObject, key: string, where: string): number | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw invalid(`Invalid value at '${where}.${key}' (TYPE_INT32), ${JSON.stringify(value)}`);
  }
  return number;
}

function requiredInteger(parent: JsonObject, key: string, where: string): number {
  const value = optionalInteger(parent, key, where);
  if (value === undefined) {
    throw invalid(`Invalid ${where}: ${key} is required.`);
  }
  return value;
}

function optionalString(parent: JsonObject, key: string, where: string): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(`Invalid value at '${where}.${key}' (TYPE_STRING), ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalBoolean(parent: JsonObject, key: string, where: string): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw invalid(`Invalid value at '${where}.${key}' (TYPE_BOOL), ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalArray(parent: JsonObject, key: string, where: string): Json[] | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw invalid(`Invalid value at '${where}.${key}': expected a list.`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Field masks ("userEnteredValue,note,userEnteredFormat(backgroundColor,textFormat.bold)")
// ---------------------------------------------------------------------------------------------

/** Splits a field mask into paths; `*` stays a one-element path `['*']`. */
export function parseFieldMask(mask: string): string[][] {
  const paths: string[][] = [];
  let position = 0;

  function parseList(prefix: string[]): void {
    for (;;) {
      const segment: string[] = [];
      let name = '';
      while (position < mask.length) {
        const character = mask.charAt(position);
        if (character === '.') {
          segment.push(name.trim());
          name = '';
          position += 1;
        } else if (character === ',' || character === '(' || character === ')') {
          break;
        } else {
          name += character;
          position += 1;
        }
      }
      segment.push(name.trim());
      if (segment.some((part) => part.length === 0)) {
        throw invalid(`Invalid field mask: '${mask}'`);
      }
      const character = mask.charAt(position);
      if (character === '(') {
        position += 1;
        parseList([...prefix, ...segment]);
        if (mask.charAt(position) !== ')') {
          throw invalid(`Invalid field mask: '${mask}'`);
        }
        position += 1;
      } else {
        paths.push([...prefix, ...segment]);
      }
      if (mask.charAt(position) === ',') {
        position += 1;
        continue;
      }
      return;
    }
  }

  parseList([]);
  if (position !== mask.length) {
    throw invalid(`Invalid field mask: '${mask}'`);
  }
  return paths;
}

function readPath(source: JsonObject, path: readonly string[]): Json | undefined {
  let current: Json | undefined = source;
  for (const part of path) {
    if (!isJsonObject(current)) {
      return undefined;
    }
    current = current[part];
  }
  return current;
}

function writePath(target: JsonObject, path: readonly string[], value: Json | undefined): void {
  let current = target;
  for (let index = 0; index < path.length - 1; index += 1) {
    const part = path[index] ?? '';
    const next = current[part];
    if (isJsonObject(next)) {
      current = next;
    } else {
      if (value === undefined) {
        return;
      }
      const created: JsonObject = {};
      current[part] = created;
      current = created;
    }
  }
  const last = path[path.length - 1] ?? '';
  if (value === undefined || value === null) {
    delete current[last];
  } else {
    current[last] = toJson(value);
  }
}

function pruneEmptyObjects(value: JsonObject): void {
  for (const [key, child] of Object.entries(value)) {
    if (isJsonObject(child)) {
      pruneEmptyObjects(child);
      if (Object.keys(child).length === 0) {
        delete value[key];
      }
    }
  }
}

/** Copies the masked fields from `source` onto a copy of `target`; absent fields are cleared. */
function applyFieldMask(
  target: JsonObject,
  source: JsonObject,
  paths: readonly (readonly string[])[],
): JsonObject {
  if (paths.some((path) => path.length === 1 && path[0] === '*')) {
    return cloneObject(source);
  }
  const result = cloneObject(target);
  for (const path of paths) {
    writePath(result, path, readPath(source, path));
  }
  pruneEmptyObjects(result);
  return result;
}

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

function trimMatrix(matrix: CellValue[][]): CellValue[][] {
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

interface ResolvedArea {
  readonly sheet: SheetState;
  readonly startRow: number;
  readonly endRow: number;
  readonly startColumn: number;
  readonly endColumn: number;
}

function cellAt(sheet: SheetState, row: number, column: number): JsonObject | undefined {
  return sheet.rows[row]?.[column];
}

function putCell(
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

function rowCount(sheet: SheetState): number {
  return sheet.properties.gridProperties.rowCount;
}

function columnCount(sheet: SheetState): number {
  return sheet.properties.gridProperties.columnCount;
}

function gridLimitError(sheet: SheetState, area: GridBounds): SheetsApiError {
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

function areaText(area: ResolvedArea): string {
  return formatA1Range(area.sheet.properties.title, areaBounds(area));
}

function growGrid(sheet: SheetState, rows: number, columns: number): void {
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

function defaultSheetProperties(sheetId: number, title: string, index: number): SheetProperties {
  return {
    sheetId,
    title,
    index,
    sheetType: 'GRID',
    gridProperties: { rowCount: DEFAULT_ROW_COUNT, columnCount: DEFAULT_COLUMN_COUNT },
  };
}

function sheetPropertiesToJson(properties: SheetProperties): JsonObject {
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

function nonNegative(value: number | undefined, name: string, where: string): number | undefined {
  if (value !== undefined && value < 0) {
    throw invalid(`Invalid ${where}: ${name} must be non-negative: ${value}`);
  }
  return value;
}

function sheetPropertiesFromJson(json: JsonObject, where: string): SheetProperties {
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

function checkFrozen(properties: SheetProperties, where: string): void {
  const grid = properties.gridProperties;
  if ((grid.frozenRowCount ?? 0) >= grid.rowCount) {
    throw invalid(`Invalid ${where}: You can't freeze all visible rows on the sheet.`);
  }
  if ((grid.frozenColumnCount ?? 0) >= grid.columnCount) {
    throw invalid(`Invalid ${where}: You can't freeze all visible columns on the sheet.`);
  }
}

function truncateGrid(sheet: SheetState): void {
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

// ---------------------------------------------------------------------------------------------
// Grid ranges stored in protected ranges and conditional formats
// ---------------------------------------------------------------------------------------------

type RangeShift = (
  start: number | undefined,
  end: number | undefined,
) => [number | undefined, number | undefined];

function insertionShift(at: number, count: number): RangeShift {
  return (start, end) => [
    start !== undefined && start >= at ? start + count : start,
    end !== undefined && end > at ? end + count : end,
  ];
}

function deletionShift(from: number, to: number): RangeShift {
  const count = to - from;
  const map = (index: number): number =>
    index < from ? index : index >= to ? index - count : from;
  return (start, end) => [
    start === undefined ? undefined : map(start),
    end === undefined ? undefined : map(end),
  ];
}

/** Shifts a JSON GridRange in place; returns false when the range became empty. */
function shiftGridRange(range: JsonObject, dimension: Dimension, shift: RangeShift): boolean {
  const startKey = dimension === 'ROWS' ? 'startRowIndex' : 'startColumnIndex';
  const endKey = dimension === 'ROWS' ? 'endRowIndex' : 'endColumnIndex';
  const start = range[startKey];
  const end = range[endKey];
  const [newStart, newEnd] = shift(
    typeof start === 'number' ? start : undefined,
    typeof end === 'number' ? end : undefined,
  );
  if (newStart !== undefined) {
    range[startKey] = newStart;
  }
  if (newEnd !== undefined) {
    range[endKey] = newEnd;
  }
  return !(newStart !== undefined && newEnd !== undefined && newEnd <= newStart);
}

function shiftSheetRanges(sheet: SheetState, dimension: Dimension, shift: RangeShift): void {
  sheet.protectedRanges = sheet.protectedRanges.filter((protectedRange) => {
    const range = protectedRange['range'];
    const keep = isJsonObject(range) ? shiftGridRange(range, dimension, shift) : true;
    const unprotected = protectedRange['unprotectedRanges'];
    if (Array.isArray(unprotected)) {
      protectedRange['unprotectedRanges'] = unprotected.filter(
        (item) => !isJsonObject(item) || shiftGridRange(item, dimension, shift),
      );
    }
    return keep;
  });
  sheet.conditionalFormats = sheet.conditionalFormats.filter((rule) => {
    const ranges = rule['ranges'];
    if (!Array.isArray(ranges)) {
      return true;
    }
    const kept = ranges.filter(
      (item) => !isJsonObject(item) || shiftGridRange(item, dimension, shift),
    );
    rule['ranges'] = kept;
    return kept.length > 0;
  });
}

function insertEmpty<T>(
  list: Array<T | undefined>,
  at: number,
  count: number,
): Array<T | undefined> {
  if (at >= list.length) {
    return list;
  }
  return [...list.slice(0, at), ...new Array<T | undefined>(count), ...list.slice(at)];
}

function inheritedCell(cell: JsonObject | undefined): JsonObject | undefined {
  if (cell === undefined) {
    return undefined;
  }
  const copy: JsonObject = {};
  const format = cell['userEnteredFormat'];
  if (format !== undefined) {
    copy['userEnteredFormat'] = toJson(format);
  }
  const validation = cell['dataValidation'];
  if (validation !== undefined) {
    copy['dataValidation'] = toJson(validation);
  }
  return Object.keys(copy).length === 0 ? undefined : copy;
}

// ---------------------------------------------------------------------------------------------
// The state
// ---------------------------------------------------------------------------------------------

export interface ValueRange {
  range: string;
  majorDimension: MajorDimension;
  values?: CellValue[][];
}

export interface ReadOptions {
  readonly valueRenderOption?: ValueRenderOption;
  readonly majorDimension?: MajorDimension;
}

export interface WriteOptions {
  readonly valueInputOption: ValueInputOption;
  readonly includeValuesInResponse?: boolean;
  readonly responseValueRenderOption?: ValueRenderOption;
}

interface PreparedWrite {
  readonly area: ResolvedArea;
  readonly instructions: WriteInstruction[][];
  readonly width: number;
  readonly requestedRange: string;
}

export class SheetsApiState {
  private readonly spreadsheets = new Map<string, SpreadsheetState>();
  private readonly usedSheetIds = new Set<number>();

  // ------------------------------------------------------------------ helpers for tests

  /** Creates a spreadsheet holding the given sheets and rows; returns its id. */
  createSpreadsheet(title: string, sheets: readonly SeedSheet[] = [{ title: 'Sheet1' }]): string {
    const spreadsheet = this.newSpreadsheet({ title });
    const list = sheets.length === 0 ? [{ title: 'Sheet1' }] : sheets;
    list.forEach((seed, index) => {
      const properties = defaultSheetProperties(this.newSheetId(index === 0), seed.title, index);
      properties.gridProperties.rowCount =
        seed.rowCount ?? Math.max(DEFAULT_ROW_COUNT, seed.rows?.length ?? 0);
      properties.gridProperties.columnCount =
        seed.columnCount ??
        Math.max(DEFAULT_COLUMN_COUNT, ...(seed.rows ?? []).map((row) => row.length));
      if (seed.frozenRowCount !== undefined && seed.frozenRowCount > 0) {
        properties.gridProperties.frozenRowCount = seed.frozenRowCount;
      }
      if (this.findSheet(spreadsheet, seed.title) !== undefined) {
        throw new Error(`Duplicate sheet title: ${seed.title}`);
      }
      const sheet = this.newSheet(properties);
      spreadsheet.sheets.push(sheet);
      this.writeMatrix(sheet, 0, 0, seed.rows ?? [], seed.valueInputOption ?? 'RAW');
    });
    this.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
    return spreadsheet.spreadsheetId;
  }

  hasSpreadsheet(spreadsheetId: string): boolean {
    return this.spreadsheets.has(spreadsheetId);
  }

  spreadsheetIds(): string[] {
    return [...this.spreadsheets.keys()];
  }

  deleteSpreadsheet(spreadsheetId: string): void {
    this.spreadsheets.delete(spreadsheetId);
  }

  /**
   * The live state of a spreadsheet (mutations show in later API answers). A spreadsheets
   * batchUpdate replaces the object (it works on a copy, kept only if every request passes), so
   * fetch it again after one rather than keeping it.
   */
  getSpreadsheet(spreadsheetId: string): SpreadsheetState {
    const spreadsheet = this.spreadsheets.get(spreadsheetId);
    if (spreadsheet === undefined) {
      throw new Error(`No spreadsheet with id ${spreadsheetId}`);
    }
    return spreadsheet;
  }

  sheetTitles(spreadsheetId: string): string[] {
    return this.getSpreadsheet(spreadsheetId).sheets.map((sheet) => sheet.properties.title);
  }

  /** The live state of a sheet, found by title (case-insensitive); see {@link getSpreadsheet}. */
  getSheet(spreadsheetId: string, sheetTitle: string): SheetState {
    const sheet = this.findSheet(this.getSpreadsheet(spreadsheetId), sheetTitle);
    if (sheet === undefined) {
      throw new Error(`No sheet ${sheetTitle} in spreadsheet ${spreadsheetId}`);
    }
    return sheet;
  }

  getSheetId(spreadsheetId: string, sheetTitle: string): number {
    return this.getSheet(spreadsheetId, sheetTitle).properties.sheetId;
  }

  /**
   * Stored values of a sheet (or of `range`, e.g. `A2:C`), numbers as numbers, formulas as their
   * text, empty cells as `''`, trailing empty cells and rows trimmed as the API does.
   */
  getValues(spreadsheetId: string, sheetTitle: string, range?: string): CellValue[][] {
    const sheet = this.getSheet(spreadsheetId, sheetTitle);
    const bounds = range === undefined ? WHOLE_SHEET : parseA1Range(range).bounds;
    const area = this.clipForRead(sheet, bounds);
    return trimMatrix(this.readMatrix(area, 'UNFORMATTED_VALUE'));
  }

  /**
   * Plays a person typing into the sheet from `startCell` (default `A1`): strings are read as
   * typed (USER_ENTERED) unless `valueInputOption` is RAW; `null`/`undefined` leave a cell alone;
   * `''` clears it. The grid grows when needed.
   */
  setValues(
    spreadsheetId: string,
    sheetTitle: string,
    startCell: string,
    rows: readonly (readonly unknown[])[],
    valueInputOption: ValueInputOption = 'USER_ENTERED',
  ): void {
    const sheet = this.getSheet(spreadsheetId, sheetTitle);
    const { rowIndex, columnIndex } = parseCellCoordinate(startCell);
    this.writeMatrix(sheet, rowIndex, columnIndex, rows, valueInputOption);
  }

  getCell(spreadsheetId: string, sheetTitle: string, cell: string): JsonObject | undefined {
    const { rowIndex, columnIndex } = parseCellCoordinate(cell);
    const data = cellAt(this.getSheet(spreadsheetId, sheetTitle), rowIndex, columnIndex);
    return data === undefined ? undefined : cloneObject(data);
  }

  getNote(spreadsheetId: string, sheetTitle: string, cell: string): string | undefined {
    const note = this.getCell(spreadsheetId, sheetTitle, cell)?.['note'];
    return typeof note === 'string' ? note : undefined;
  }

  setNote(spreadsheetId: string, sheetTitle: string, cell: string, note: string | undefined): void {
    const sheet = this.getSheet(spreadsheetId, sheetTitle);
    const { rowIndex, columnIndex } = parseCellCoordinate(cell);
    const data = cloneObject(cellAt(sheet, rowIndex, columnIndex) ?? {});
    if (note === undefined || note.length === 0) {
      delete data['note'];
    } else {
      data['note'] = note;
    }
    growGrid(sheet, rowIndex + 1, columnIndex + 1);
    putCell(sheet, rowIndex, columnIndex, data);
  }

  getBackground(spreadsheetId: string, sheetTitle: string, cell: string): Color | undefined {
    const format = this.getCell(spreadsheetId, sheetTitle, cell)?.['userEnteredFormat'];
    if (!isJsonObject(format)) {
      return undefined;
    }
    const color = format['backgroundColor'];
    if (isJsonObject(color)) {
      return colorFromJson(color);
    }
    const style = format['backgroundColorStyle'];
    const rgb = isJsonObject(style) ? style['rgbColor'] : undefined;
    return isJsonObject(rgb) ? colorFromJson(rgb) : undefined;
  }

  getDataValidation(
    spreadsheetId: string,
    sheetTitle: string,
    cell: string,
  ): JsonObject | undefined {
    const rule = this.getCell(spreadsheetId, sheetTitle, cell)?.['dataValidation'];
    return isJsonObject(rule) ? rule : undefined;
  }

  /** Protected ranges of every sheet (or of one sheet), as the API returns them. */
  getProtectedRanges(spreadsheetId: string, sheetTitle?: string): JsonObject[] {
    const sheets =
      sheetTitle === undefined
        ? this.getSpreadsheet(spreadsheetId).sheets
        : [this.getSheet(spreadsheetId, sheetTitle)];
    return sheets.flatMap((sheet) => sheet.protectedRanges.map(cloneObject));
  }

  getConditionalFormats(spreadsheetId: string, sheetTitle: string): JsonObject[] {
    return this.getSheet(spreadsheetId, sheetTitle).conditionalFormats.map(cloneObject);
  }

  getDimensionProperties(
    spreadsheetId: string,
    sheetTitle: string,
    dimension: Dimension,
    index: number,
  ): JsonObject | undefined {
    const sheet = this.getSheet(spreadsheetId, sheetTitle);
    const metadata = dimension === 'ROWS' ? sheet.rowMetadata[index] : sheet.columnMetadata[index];
    return metadata === undefined ? undefined : cloneObject(metadata);
  }

  // ------------------------------------------------------------------ API operations

  /** POST /v4/spreadsheets */
  create(body: JsonObject): JsonObject {
    const properties = optionalObject(body, 'properties', 'spreadsheet') ?? {};
    const spreadsheet = this.newSpreadsheet(properties);
    const sheets = optionalArray(body, 'sheets', 'spreadsheet') ?? [];
    const drafts = sheets.length === 0 ? [{}] : sheets;
    drafts.forEach((draft, index) => {
      const where = `spreadsheet.sheets[${index}]`;
      const sheetJson = requireObject(draft, where);
      const propertiesJson = optionalObject(sheetJson, 'properties', where) ?? {};
      const sheetProperties = sheetPropertiesFromJson(propertiesJson, `${where}.properties`);
      if (
        spreadsheet.sheets.some((sheet) => sheet.properties.sheetId === sheetProperties.sheetId)
      ) {
        throw invalid(
          `Invalid ${where}: A sheet with the id ${sheetProperties.sheetId} already exists.`,
        );
      }
      sheetProperties.sheetId = this.claimSheetId(sheetProperties.sheetId, index === 0);
      sheetProperties.title = this.checkNewTitle(
        spreadsheet,
        sheetProperties.title.length === 0
          ? this.defaultSheetTitle(spreadsheet)
          : sheetProperties.title,
        where,
      );
      sheetProperties.index = index;
      checkFrozen(sheetProperties, where);
      const sheet = this.newSheet(sheetProperties);
      spreadsheet.sheets.push(sheet);
      const data = optionalArray(sheetJson, 'data', where) ?? [];
      data.forEach((gridData, dataIndex) => {
        this.writeGridData(
          sheet,
          requireObject(gridData, `${where}.data[${dataIndex}]`),
          `${where}.data[${dataIndex}]`,
        );
      });
    });
    this.spreadsheets.set(spreadsheet.spreadsheetId, spreadsheet);
    return this.spreadsheetResource(spreadsheet, { ranges: [], includeGridData: false });
  }

  /** GET /v4/spreadsheets/{id} */
  get(
    spreadsheetId: string,
    options: { ranges: readonly string[]; includeGridData: boolean; fields?: string | undefined },
  ): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const resource = this.spreadsheetResource(spreadsheet, options);
    addMetadataAndMerges(spreadsheet, resource, options.fields);
    return resource;
  }

  /** GET /v4/spreadsheets/{id}/values/{range} */
  getValueRange(spreadsheetId: string, range: string, options: ReadOptions): ValueRange {
    const spreadsheet = this.require(spreadsheetId);
    return this.readValueRange(spreadsheet, range, options);
  }

  /** GET /v4/spreadsheets/{id}/values:batchGet */
  batchGetValues(
    spreadsheetId: string,
    ranges: readonly string[],
    options: ReadOptions,
  ): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const valueRanges = ranges.map((range) => this.readValueRange(spreadsheet, range, options));
    return { spreadsheetId, valueRanges: toJson(valueRanges) };
  }

  /** PUT /v4/spreadsheets/{id}/values/{range} */
  updateValues(
    spreadsheetId: string,
    range: string,
    body: JsonObject,
    options: WriteOptions,
  ): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const prepared = this.prepareWrite(
      spreadsheet,
      range,
      body,
      options.valueInputOption,
      'ValueRange',
      false,
    );
    return this.commitWrite(spreadsheetId, prepared, options);
  }

  /** POST /v4/spreadsheets/{id}/values/{range}:append */
  appendValues(
    spreadsheetId: string,
    range: string,
    body: JsonObject,
    options: WriteOptions & { readonly insertDataOption?: 'OVERWRITE' | 'INSERT_ROWS' },
  ): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const resolved = this.resolveRange(spreadsheet, range);
    const sheet = resolved.sheet;
    const area = this.clipForRead(sheet, resolved.bounds);
    const values = this.readInputMatrix(body, options.valueInputOption, 'ValueRange');
    // Find the table: last row holding data in the range's columns (all columns from the
    // range's first one when the range is a single cell, as Google extends the table sideways).
    const singleCell = area.endRow - area.startRow === 1 && area.endColumn - area.startColumn === 1;
    const searchEndColumn = singleCell ? columnCount(sheet) : area.endColumn;
    let firstDataRow: number | undefined;
    let lastDataRow: number | undefined;
    let lastDataColumn = area.startColumn;
    for (let row = area.startRow; row < rowCount(sheet); row += 1) {
      if (!singleCell && row >= area.endRow) {
        break;
      }
      for (let column = area.startColumn; column < searchEndColumn; column += 1) {
        if (storedValue(cellAt(sheet, row, column)) !== undefined) {
          firstDataRow ??= row;
          lastDataRow = row;
          lastDataColumn = Math.max(lastDataColumn, column);
        }
      }
    }
    const targetRow = lastDataRow === undefined ? area.startRow : lastDataRow + 1;
    const height = values.length;
    const width = Math.max(0, ...values.map((row) => row.length));
    if (options.insertDataOption === 'INSERT_ROWS' && height > 0 && targetRow < rowCount(sheet)) {
      this.insertRows(sheet, targetRow, height, false);
    }
    growGrid(sheet, targetRow + height, area.startColumn + width);
    const written = this.applyInstructions(sheet, targetRow, area.startColumn, values);
    const updatedArea: ResolvedArea = {
      sheet,
      startRow: targetRow,
      endRow: targetRow + Math.max(height, 1),
      startColumn: area.startColumn,
      endColumn: area.startColumn + Math.max(width, 1),
    };
    const updates: JsonObject = {
      spreadsheetId,
      updatedRange: areaText(updatedArea),
      updatedRows: height,
      updatedColumns: width,
      updatedCells: written,
    };
    if (options.includeValuesInResponse === true) {
      updates['updatedData'] = toJson(
        this.renderArea(
          updatedArea,
          options.responseValueRenderOption ?? 'FORMATTED_VALUE',
          'ROWS',
        ),
      );
    }
    const response: JsonObject = { spreadsheetId, updates };
    if (firstDataRow !== undefined && lastDataRow !== undefined) {
      response['tableRange'] = areaText({
        sheet,
        startRow: firstDataRow,
        endRow: lastDataRow + 1,
        startColumn: area.startColumn,
        endColumn: lastDataColumn + 1,
      });
    }
    return response;
  }

  /** POST /v4/spreadsheets/{id}/values:batchUpdate (all ranges checked before any write). */
  batchUpdateValues(spreadsheetId: string, body: JsonObject): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const valueInputOption = readValueInputOption(
      optionalString(body, 'valueInputOption', 'request'),
    );
    const includeValuesInResponse =
      optionalBoolean(body, 'includeValuesInResponse', 'request') ?? false;
    const responseValueRenderOption = readRenderOption(
      optionalString(body, 'responseValueRenderOption', 'request'),
    );
    const data = optionalArray(body, 'data', 'request') ?? [];
    const prepared = data.map((item, index) => {
      const where = `data[${index}]`;
      const valueRange = requireObject(item, where);
      const range = optionalString(valueRange, 'range', where);
      if (range === undefined) {
        throw invalid(`Invalid ${where}: range is required.`);
      }
      return this.prepareWrite(spreadsheet, range, valueRange, valueInputOption, where, true);
    });
    const responses = prepared.map((write) =>
      this.commitWrite(spreadsheetId, write, {
        valueInputOption,
        includeValuesInResponse,
        responseValueRenderOption,
      }),
    );
    const sum = (key: string): number =>
      responses.reduce(
        (total, response) => total + (typeof response[key] === 'number' ? response[key] : 0),
        0,
      );
    const response: JsonObject = {
      spreadsheetId,
      totalUpdatedRows: sum('updatedRows'),
      totalUpdatedColumns: sum('updatedColumns'),
      totalUpdatedCells: sum('updatedCells'),
      totalUpdatedSheets: new Set(prepared.map((write) => write.area.sheet.properties.sheetId))
        .size,
    };
    if (responses.length > 0) {
      response['responses'] = responses;
    }
    return response;
  }

  /** POST /v4/spreadsheets/{id}/values/{range}:clear */
  clearValues(spreadsheetId: string, range: string): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const area = this.resolveForRead(spreadsheet, range);
    this.clearArea(area);
    return { spreadsheetId, clearedRange: areaText(area) };
  }

  /** POST /v4/spreadsheets/{id}/values:batchClear (all ranges checked before any clearing). */
  batchClearValues(spreadsheetId: string, body: JsonObject): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const ranges = optionalArray(body, 'ranges', 'request') ?? [];
    const areas = ranges.map((range, index) => {
      if (typeof range !== 'string') {
        throw invalid(`Invalid ranges[${index}]: expected a string.`);
      }
      return this.resolveForRead(spreadsheet, range);
    });
    areas.forEach((area) => this.clearArea(area));
    return { spreadsheetId, clearedRanges: areas.map(areaText) };
  }

  /** POST /v4/spreadsheets/{id}:batchUpdate — applied to a copy, kept only if every request passes. */
  batchUpdate(spreadsheetId: string, body: JsonObject): JsonObject {
    const original = this.require(spreadsheetId);
    const requests = optionalArray(body, 'requests', 'request') ?? [];
    const draft = structuredClone(original);
    const replies = requests.map((request, index) => this.applyRequest(draft, request, index));
    this.spreadsheets.set(spreadsheetId, draft);
    const response: JsonObject = { spreadsheetId, replies };
    if (optionalBoolean(body, 'includeSpreadsheetInResponse', 'request') === true) {
      const ranges = (optionalArray(body, 'responseRanges', 'request') ?? []).filter(
        (range): range is string => typeof range === 'string',
      );
      response['updatedSpreadsheet'] = this.spreadsheetResource(draft, {
        ranges,
        includeGridData: optionalBoolean(body, 'responseIncludeGridData', 'request') ?? false,
      });
    }
    return response;
  }

  // ------------------------------------------------------------------ batchUpdate requests

  private applyRequest(spreadsheet: SpreadsheetState, request: Json, index: number): JsonObject {
    const where = `requests[${index}]`;
    const body = requireObject(request, where);
    const kinds = Object.keys(body);
    if (kinds.length === 0) {
      throw invalid(`Invalid ${where}: No request set.`);
    }
    if (kinds.length > 1) {
      throw invalid(
        `Invalid JSON payload received. Only one of the fields in oneof 'kind' may be set at '${where}': ${kinds.join(', ')}.`,
      );
    }
    const kind = kinds[0] ?? '';
    const payload = requireObject(body[kind], `${where}.${kind}`);
    const at = `${where}.${kind}`;
    switch (kind) {
      case 'addSheet':
        return { addSheet: this.addSheet(spreadsheet, payload, at) };
      case 'deleteSheet':
        this.deleteSheet(spreadsheet, payload, at);
        return {};
      case 'updateSheetProperties':
        this.updateSheetProperties(spreadsheet, payload, at);
        return {};
      case 'updateSpreadsheetProperties':
        this.updateSpreadsheetProperties(spreadsheet, payload, at);
        return {};
      case 'updateCells':
        this.updateCells(spreadsheet, payload, at);
        return {};
      case 'repeatCell':
        this.repeatCell(spreadsheet, payload, at);
        return {};
      case 'setDataValidation':
        this.setDataValidation(spreadsheet, payload, at);
        return {};
      case 'addProtectedRange':
        return { addProtectedRange: this.addProtectedRange(spreadsheet, payload, at) };
      case 'updateProtectedRange':
        this.updateProtectedRange(spreadsheet, payload, at);
        return {};
      case 'deleteProtectedRange':
        this.deleteProtectedRange(spreadsheet, payload, at);
        return {};
      case 'updateDimensionProperties':
        this.updateDimensionProperties(spreadsheet, payload, at);
        return {};
      case 'autoResizeDimensions':
        this.autoResizeDimensions(spreadsheet, payload, at);
        return {};
      case 'appendDimension':
        this.appendDimension(spreadsheet, payload, at);
        return {};
      case 'insertDimension':
        this.insertDimension(spreadsheet, payload, at);
        return {};
      case 'deleteDimension':
        this.deleteDimension(spreadsheet, payload, at);
        return {};
      case 'addConditionalFormatRule':
        this.addConditionalFormatRule(spreadsheet, payload, at);
        return {};
      case 'deleteConditionalFormatRule':
        return {
          deleteConditionalFormatRule: this.deleteConditionalFormatRule(spreadsheet, payload, at),
        };
      case 'addChart':
        return { addChart: { chart: addChart(spreadsheet, payload, at) } };
      case 'updateChartSpec':
        updateChartSpec(spreadsheet, payload, at);
        return {};
      case 'deleteEmbeddedObject':
        deleteEmbeddedObject(spreadsheet, payload, at);
        return {};
      case 'createDeveloperMetadata':
        return createDeveloperMetadata(spreadsheet, payload, at);
      case 'mergeCells': {
        const range = optionalObject(payload, 'range', at) ?? {};
        mergeCells(this.resolveGridRange(spreadsheet, range, `${at}.range`).sheet, payload, at);
        return {};
      }
      default:
        throw invalid(
          `Invalid JSON payload received. Unknown name "${kind}" at '${where}': Cannot find field. (The local Sheets API stand-in does not implement the "${kind}" request.)`,
        );
    }
  }

  private addSheet(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): JsonObject {
    const propertiesJson = optionalObject(payload, 'properties', at) ?? {};
    const properties = sheetPropertiesFromJson(propertiesJson, `${at}.properties`);
    const requestedId = optionalInteger(propertiesJson, 'sheetId', at);
    if (
      requestedId !== undefined &&
      spreadsheet.sheets.some((sheet) => sheet.properties.sheetId === requestedId)
    ) {
      throw invalid(`Invalid ${at}: A sheet with the id ${requestedId} already exists.`);
    }
    properties.sheetId = this.claimSheetId(requestedId ?? -1, false);
    properties.title = this.checkNewTitle(
      spreadsheet,
      properties.title.length === 0 ? this.defaultSheetTitle(spreadsheet) : properties.title,
      at,
    );
    checkFrozen(properties, at);
    const requestedIndex = optionalInteger(propertiesJson, 'index', at);
    const position = Math.min(
      Math.max(requestedIndex ?? spreadsheet.sheets.length, 0),
      spreadsheet.sheets.length,
    );
    const sheet = this.newSheet(properties);
    spreadsheet.sheets.splice(position, 0, sheet);
    renumberSheets(spreadsheet);
    return { properties: sheetPropertiesToJson(sheet.properties) };
  }

  private deleteSheet(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
    const sheet = this.sheetById(spreadsheet, requiredInteger(payload, 'sheetId', at), at);
    if (spreadsheet.sheets.length === 1) {
      throw invalid(`Invalid ${at}: You can't remove all the sheets in a document.`);
    }
    spreadsheet.sheets = spreadsheet.sheets.filter((candidate) => candidate !== sheet);
    renumberSheets(spreadsheet);
  }

  private updateSheetProperties(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    const propertiesJson = optionalObject(payload, 'properties', at);
    if (propertiesJson === undefined) {
      throw invalid(`Invalid ${at}: properties is required.`);
    }
    const sheet = this.sheetById(
      spreadsheet,
      requiredInteger(propertiesJson, 'sheetId', `${at}.properties`),
      at,
    );
    const fields = optionalString(payload, 'fields', at);
    if (fields === undefined || fields.trim().length === 0) {
      throw invalid(`Invalid ${at}: At least one field must be specified in 'fields'.`);
    }
    const paths = parseFieldMask(fields);
    const current = sheetPropertiesToJson(sheet.properties);
    let merged: JsonObject;
    if (paths.some((path) => path[0] === '*')) {
      merged = { ...cloneObject(propertiesJson), sheetId: sheet.properties.sheetId };
      if (merged['index'] === undefined) {
        merged['index'] = sheet.properties.index;
      }
      if (merged['title'] === undefined) {
        merged['title'] = sheet.properties.title;
      }
      if (merged['gridProperties'] === undefined) {
        merged['gridProperties'] = toJson(current['gridProperties']);
      }
    } else {
      for (const path of paths) {
        if (path[0] === 'sheetId') {
          throw invalid(`Invalid ${at}: sheetId cannot be changed.`);
        }
      }
      merged = applyFieldMask(current, propertiesJson, paths);
    }
    const next = sheetPropertiesFromJson(merged, `${at}.properties`);
    next.sheetId = sheet.properties.sheetId;
    if (next.title.length === 0) {
      throw invalid(`Invalid ${at}: The sheet name cannot be empty.`);
    }
    if (next.title.toLowerCase() !== sheet.properties.title.toLowerCase()) {
      this.checkNewTitle(spreadsheet, next.title, at);
    }
    checkFrozen(next, at);
    const targetIndex = Math.min(Math.max(next.index, 0), spreadsheet.sheets.length - 1);
    sheet.properties = next;
    truncateGrid(sheet);
    if (targetIndex !== spreadsheet.sheets.indexOf(sheet)) {
      spreadsheet.sheets = spreadsheet.sheets.filter((candidate) => candidate !== sheet);
      spreadsheet.sheets.splice(targetIndex, 0, sheet);
    }
    renumberSheets(spreadsheet);
  }

  private updateSpreadsheetProperties(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    const properties = optionalObject(payload, 'properties', at) ?? {};
    const fields = optionalString(payload, 'fields', at);
    if (fields === undefined || fields.trim().length === 0) {
      throw invalid(`Invalid ${at}: At least one field must be specified in 'fields'.`);
    }
    const paths = parseFieldMask(fields);
    spreadsheet.properties = paths.some((path) => path[0] === '*')
      ? { ...spreadsheet.properties, ...cloneObject(properties) }
      : applyFieldMask(spreadsheet.properties, properties, paths);
  }

  private updateCells(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
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
      const sheet = this.sheetById(
        spreadsheet,
        optionalInteger(start, 'sheetId', `${at}.start`) ?? 0,
        at,
      );
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
          this.applyCellMask(
            sheet,
            startRow + rowOffset,
            startColumn + columnOffset,
            source,
            paths,
            at,
          );
        });
      });
      return;
    }
    const area = this.resolveGridRange(spreadsheet, rangeJson ?? {}, `${at}.range`);
    for (let row = area.startRow; row < area.endRow; row += 1) {
      for (let column = area.startColumn; column < area.endColumn; column += 1) {
        const source = rows[row - area.startRow]?.[column - area.startColumn] ?? {};
        this.applyCellMask(area.sheet, row, column, source, paths, at);
      }
    }
  }

  private repeatCell(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
    const paths = cellFieldMask(optionalString(payload, 'fields', at), at);
    const area = this.resolveGridRange(
      spreadsheet,
      optionalObject(payload, 'range', at) ?? {},
      `${at}.range`,
    );
    const source = optionalObject(payload, 'cell', at) ?? {};
    for (let row = area.startRow; row < area.endRow; row += 1) {
      for (let column = area.startColumn; column < area.endColumn; column += 1) {
        this.applyCellMask(area.sheet, row, column, source, paths, at);
      }
    }
  }

  private setDataValidation(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
    const area = this.resolveGridRange(
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

  private addProtectedRange(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): JsonObject {
    const protectedRange = cloneObject(optionalObject(payload, 'protectedRange', at) ?? {});
    const rangeJson = optionalObject(protectedRange, 'range', `${at}.protectedRange`);
    if (rangeJson === undefined) {
      throw invalid(
        `Invalid ${at}: protectedRange.range is required (named ranges are not supported by the stand-in).`,
      );
    }
    const area = this.resolveGridRange(spreadsheet, rangeJson, `${at}.protectedRange.range`);
    for (const [index, unprotected] of (
      optionalArray(protectedRange, 'unprotectedRanges', at) ?? []
    ).entries()) {
      this.resolveGridRange(
        spreadsheet,
        requireObject(unprotected, `${at}.unprotectedRanges[${index}]`),
        at,
      );
    }
    if (protectedRange['warningOnly'] === true && protectedRange['editors'] !== undefined) {
      throw invalid(`Invalid ${at}: A warning-only protected range cannot have editors.`);
    }
    const requestedId = optionalInteger(protectedRange, 'protectedRangeId', at);
    const existingIds = new Set(
      spreadsheet.sheets.flatMap((sheet) =>
        sheet.protectedRanges.map((item) => item['protectedRangeId']),
      ),
    );
    if (requestedId !== undefined && existingIds.has(requestedId)) {
      throw invalid(`Invalid ${at}: A protected range with ID ${requestedId} already exists.`);
    }
    let id = requestedId;
    while (id === undefined || existingIds.has(id)) {
      id = randomInt(1, 2_147_483_647);
    }
    protectedRange['protectedRangeId'] = id;
    protectedRange['range'] = { ...rangeJson, sheetId: area.sheet.properties.sheetId };
    if (protectedRange['requestingUserCanEdit'] === undefined) {
      protectedRange['requestingUserCanEdit'] = true;
    }
    area.sheet.protectedRanges.push(protectedRange);
    return { protectedRange: cloneObject(protectedRange) };
  }

  private findProtectedRange(
    spreadsheet: SpreadsheetState,
    id: number,
    at: string,
  ): [SheetState, JsonObject] {
    for (const sheet of spreadsheet.sheets) {
      const found = sheet.protectedRanges.find((item) => item['protectedRangeId'] === id);
      if (found !== undefined) {
        return [sheet, found];
      }
    }
    throw invalid(`Invalid ${at}: No protected range with id: ${id}`);
  }

  private updateProtectedRange(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    const changes = optionalObject(payload, 'protectedRange', at) ?? {};
    const id = requiredInteger(changes, 'protectedRangeId', `${at}.protectedRange`);
    const [sheet, current] = this.findProtectedRange(spreadsheet, id, at);
    const fields = optionalString(payload, 'fields', at);
    if (fields === undefined || fields.trim().length === 0) {
      throw invalid(`Invalid ${at}: At least one field must be specified in 'fields'.`);
    }
    const paths = parseFieldMask(fields);
    const next = paths.some((path) => path[0] === '*')
      ? { ...cloneObject(changes), protectedRangeId: id }
      : applyFieldMask(current, changes, paths);
    const rangeJson = optionalObject(next, 'range', at) ?? {};
    const area = this.resolveGridRange(spreadsheet, rangeJson, `${at}.protectedRange.range`);
    sheet.protectedRanges = sheet.protectedRanges.filter((item) => item !== current);
    area.sheet.protectedRanges.push(next);
  }

  private deleteProtectedRange(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    const id = requiredInteger(payload, 'protectedRangeId', at);
    const [sheet, found] = this.findProtectedRange(spreadsheet, id, at);
    sheet.protectedRanges = sheet.protectedRanges.filter((item) => item !== found);
  }

  private updateDimensionProperties(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    const range = this.resolveDimensionRange(
      spreadsheet,
      optionalObject(payload, 'range', at),
      `${at}.range`,
      false,
    );
    const properties = optionalObject(payload, 'properties', at) ?? {};
    const fields = optionalString(payload, 'fields', at);
    if (fields === undefined || fields.trim().length === 0) {
      throw invalid(`Invalid ${at}: At least one field must be specified in 'fields'.`);
    }
    const paths = parseFieldMask(fields);
    const metadata =
      range.dimension === 'ROWS' ? range.sheet.rowMetadata : range.sheet.columnMetadata;
    for (let index = range.start; index < range.end; index += 1) {
      const next = applyFieldMask(metadata[index] ?? {}, properties, paths);
      metadata[index] = Object.keys(next).length === 0 ? undefined : next;
    }
  }

  private autoResizeDimensions(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    this.resolveDimensionRange(
      spreadsheet,
      optionalObject(payload, 'dimensions', at),
      `${at}.dimensions`,
      false,
    );
  }

  private appendDimension(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
    const sheet = this.sheetById(spreadsheet, requiredInteger(payload, 'sheetId', at), at);
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

  private insertDimension(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
    const range = this.resolveDimensionRange(
      spreadsheet,
      optionalObject(payload, 'range', at),
      `${at}.range`,
      true,
    );
    const inheritFromBefore = optionalBoolean(payload, 'inheritFromBefore', at) ?? false;
    if (inheritFromBefore && range.start === 0) {
      throw invalid(
        `Invalid ${at}: Cannot inherit from before the first ${range.dimension === 'ROWS' ? 'row' : 'column'}.`,
      );
    }
    const count = range.end - range.start;
    if (count <= 0) {
      throw invalid(`Invalid ${at}: the range to insert is empty.`);
    }
    if (range.dimension === 'ROWS') {
      this.insertRows(range.sheet, range.start, count, inheritFromBefore);
    } else {
      this.insertColumns(range.sheet, range.start, count, inheritFromBefore);
    }
  }

  private deleteDimension(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
    const range = this.resolveDimensionRange(
      spreadsheet,
      optionalObject(payload, 'range', at),
      `${at}.range`,
      false,
    );
    const { sheet, start, end } = range;
    const count = end - start;
    if (count <= 0) {
      return;
    }
    const grid = sheet.properties.gridProperties;
    if (range.dimension === 'ROWS') {
      if (count >= grid.rowCount) {
        throw invalid(`Invalid ${at}: You can't delete all the rows on the sheet.`);
      }
      const frozenDeleted = Math.max(0, Math.min(end, grid.frozenRowCount ?? 0) - start);
      if (grid.rowCount - count <= (grid.frozenRowCount ?? 0) - frozenDeleted) {
        throw invalid(`Invalid ${at}: Sorry, it is not possible to delete all non-frozen rows.`);
      }
      sheet.rows.splice(start, count);
      sheet.rowMetadata.splice(start, count);
      grid.rowCount -= count;
      if (frozenDeleted > 0) {
        grid.frozenRowCount = (grid.frozenRowCount ?? 0) - frozenDeleted;
      }
    } else {
      if (count >= grid.columnCount) {
        throw invalid(`Invalid ${at}: You can't delete all the columns on the sheet.`);
      }
      const frozenDeleted = Math.max(0, Math.min(end, grid.frozenColumnCount ?? 0) - start);
      if (grid.columnCount - count <= (grid.frozenColumnCount ?? 0) - frozenDeleted) {
        throw invalid(`Invalid ${at}: Sorry, it is not possible to delete all non-frozen columns.`);
      }
      for (const cells of sheet.rows) {
        cells?.splice(start, count);
      }
      sheet.columnMetadata.splice(start, count);
      grid.columnCount -= count;
      if (frozenDeleted > 0) {
        grid.frozenColumnCount = (grid.frozenColumnCount ?? 0) - frozenDeleted;
      }
    }
    shiftSheetRanges(sheet, range.dimension, deletionShift(start, end));
  }

  private addConditionalFormatRule(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): void {
    const rule = cloneObject(optionalObject(payload, 'rule', at) ?? {});
    const ranges = optionalArray(rule, 'ranges', `${at}.rule`) ?? [];
    if (ranges.length === 0) {
      throw invalid(`Invalid ${at}: rule.ranges must not be empty.`);
    }
    if (rule['booleanRule'] === undefined && rule['gradientRule'] === undefined) {
      throw invalid(`Invalid ${at}: rule must have a booleanRule or a gradientRule.`);
    }
    const sheets = new Set<SheetState>();
    ranges.forEach((range, index) => {
      sheets.add(
        this.resolveGridRange(spreadsheet, requireObject(range, `${at}.rule.ranges[${index}]`), at)
          .sheet,
      );
    });
    if (sheets.size !== 1) {
      throw invalid(
        `Invalid ${at}: All ranges of a conditional format rule must be on the same sheet.`,
      );
    }
    const [sheet] = [...sheets];
    if (sheet === undefined) {
      throw invalid(`Invalid ${at}: rule.ranges must not be empty.`);
    }
    const index = optionalInteger(payload, 'index', at) ?? 0;
    if (index < 0 || index > sheet.conditionalFormats.length) {
      throw invalid(`Invalid ${at}: index out of bounds: ${index}`);
    }
    sheet.conditionalFormats.splice(index, 0, rule);
  }

  private deleteConditionalFormatRule(
    spreadsheet: SpreadsheetState,
    payload: JsonObject,
    at: string,
  ): JsonObject {
    const sheet = this.sheetById(spreadsheet, requiredInteger(payload, 'sheetId', at), at);
    const index = requiredInteger(payload, 'index', at);
    const [rule] = sheet.conditionalFormats.splice(index, 1);
    if (rule === undefined) {
      throw invalid(
        `Invalid ${at}: No conditional format on sheet: ${sheet.properties.sheetId} at index: ${index}`,
      );
    }
    return { rule };
  }

  // ------------------------------------------------------------------ internals

  private require(spreadsheetId: string): SpreadsheetState {
    const spreadsheet = this.spreadsheets.get(spreadsheetId);
    if (spreadsheet === undefined) {
      throw new SheetsApiError(404, 'Requested entity was not found.');
    }
    return spreadsheet;
  }

  private newSpreadsheet(properties: JsonObject): SpreadsheetState {
    let spreadsheetId = '';
    do {
      spreadsheetId = randomBytes(33).toString('base64url');
    } while (this.spreadsheets.has(spreadsheetId));
    return {
      spreadsheetId,
      properties: {
        title: 'Untitled spreadsheet',
        locale: 'en_US',
        autoRecalc: 'ON_CHANGE',
        timeZone: 'Etc/GMT',
        ...cloneObject(properties),
      },
      sheets: [],
    };
  }

  private newSheet(properties: SheetProperties): SheetState {
    return {
      properties,
      rows: [],
      rowMetadata: [],
      columnMetadata: [],
      protectedRanges: [],
      conditionalFormats: [],
      charts: [],
    };
  }

  private newSheetId(first: boolean): number {
    return this.claimSheetId(-1, first);
  }

  /**
   * A requested id is kept (uniqueness within the spreadsheet is checked by the caller); the
   * first sheet gets 0 as in Google; other generated ids are random and unique across the
   * server, which catches code that mixes up sheets of different spreadsheets.
   */
  private claimSheetId(requested: number, first: boolean): number {
    if (requested >= 0) {
      this.usedSheetIds.add(requested);
      return requested;
    }
    if (first) {
      return 0;
    }
    let id = 0;
    while (id === 0 || this.usedSheetIds.has(id)) {
      id = randomInt(1, 2_147_483_647);
    }
    this.usedSheetIds.add(id);
    return id;
  }

  private defaultSheetTitle(spreadsheet: SpreadsheetState): string {
    let number = spreadsheet.sheets.length + 1;
    while (this.findSheet(spreadsheet, `Sheet${number}`) !== undefined) {
      number += 1;
    }
    return `Sheet${number}`;
  }

  private checkNewTitle(spreadsheet: SpreadsheetState, title: string, where: string): string {
    if (this.findSheet(spreadsheet, title) !== undefined) {
      throw invalid(
        `Invalid ${where}: A sheet with the name "${title}" already exists. Please enter another name.`,
      );
    }
    return title;
  }

  private findSheet(spreadsheet: SpreadsheetState, title: string): SheetState | undefined {
    const wanted = title.toLowerCase();
    return spreadsheet.sheets.find((sheet) => sheet.properties.title.toLowerCase() === wanted);
  }

  private sheetById(spreadsheet: SpreadsheetState, sheetId: number, at: string): SheetState {
    const sheet = spreadsheet.sheets.find((candidate) => candidate.properties.sheetId === sheetId);
    if (sheet === undefined) {
      throw invalid(`Invalid ${at}: No grid with id: ${sheetId}`);
    }
    return sheet;
  }

  private resolveRange(
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
      const named = this.findSheet(spreadsheet, text);
      if (named !== undefined) {
        return { sheet: named, bounds: WHOLE_SHEET };
      }
      const first = spreadsheet.sheets[0];
      if (first === undefined) {
        throw invalid(`Unable to parse range: ${text}`);
      }
      return { sheet: first, bounds: parsed.bounds };
    }
    const sheet = this.findSheet(spreadsheet, parsed.sheetName);
    if (sheet === undefined) {
      throw invalid(`Unable to parse range: ${text}`);
    }
    return { sheet, bounds: parsed.bounds };
  }

  private clipForRead(sheet: SheetState, bounds: GridBounds): ResolvedArea {
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

  private resolveForRead(spreadsheet: SpreadsheetState, text: string): ResolvedArea {
    const { sheet, bounds } = this.resolveRange(spreadsheet, text);
    return this.clipForRead(sheet, bounds);
  }

  private readMatrix(area: ResolvedArea, option: ValueRenderOption): CellValue[][] {
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

  private renderArea(
    area: ResolvedArea,
    option: ValueRenderOption,
    majorDimension: MajorDimension,
  ): ValueRange {
    let matrix = trimMatrix(this.readMatrix(area, option));
    if (majorDimension === 'COLUMNS') {
      matrix = trimMatrix(transpose(matrix, ''));
    }
    const valueRange: ValueRange = { range: areaText(area), majorDimension };
    if (matrix.length > 0) {
      valueRange.values = matrix;
    }
    return valueRange;
  }

  private readValueRange(
    spreadsheet: SpreadsheetState,
    range: string,
    options: ReadOptions,
  ): ValueRange {
    const area = this.resolveForRead(spreadsheet, range);
    return this.renderArea(
      area,
      options.valueRenderOption ?? 'FORMATTED_VALUE',
      options.majorDimension ?? 'ROWS',
    );
  }

  private readInputMatrix(
    body: JsonObject,
    input: ValueInputOption,
    where: string,
  ): WriteInstruction[][] {
    const values = optionalArray(body, 'values', where) ?? [];
    const majorDimension = optionalString(body, 'majorDimension', where) ?? 'ROWS';
    if (
      majorDimension !== 'ROWS' &&
      majorDimension !== 'COLUMNS' &&
      majorDimension !== 'DIMENSION_UNSPECIFIED'
    ) {
      throw invalid(`Invalid value at '${where}.major_dimension', "${majorDimension}"`);
    }
    const matrix = values.map((row, rowIndex) => {
      if (!Array.isArray(row)) {
        throw invalid(`Invalid values[${rowIndex}]: ${JSON.stringify(row)}`);
      }
      return row.map((value, columnIndex) =>
        inputToInstruction(value, input, `values[${rowIndex}][${columnIndex}]`),
      );
    });
    return majorDimension === 'COLUMNS' ? transpose<WriteInstruction>(matrix, 'skip') : matrix;
  }

  private prepareWrite(
    spreadsheet: SpreadsheetState,
    range: string,
    body: JsonObject,
    input: ValueInputOption,
    where: string,
    bodyRangeIsTheRange: boolean,
  ): PreparedWrite {
    const resolved = this.resolveRange(spreadsheet, range);
    const { sheet } = resolved;
    // A single cell is only the anchor of the write, as in Google Sheets.
    const bounds: GridBounds = isSingleCell(resolved.bounds)
      ? { ...resolved.bounds, endRowIndex: undefined, endColumnIndex: undefined }
      : resolved.bounds;
    if (!bodyRangeIsTheRange) {
      const bodyRange = optionalString(body, 'range', where);
      if (
        bodyRange !== undefined &&
        !sameRange(this.resolveRange(spreadsheet, bodyRange), resolved)
      ) {
        throw invalid(
          `Requested writing within range [${range}], but the request body specifies range [${bodyRange}].`,
        );
      }
    }
    const instructions = this.readInputMatrix(body, input, where);
    const startRow = bounds.startRowIndex ?? 0;
    const startColumn = bounds.startColumnIndex ?? 0;
    if (startRow >= rowCount(sheet) || startColumn >= columnCount(sheet)) {
      throw gridLimitError(sheet, bounds);
    }
    const height = instructions.length;
    const width = Math.max(0, ...instructions.map((row) => row.length));
    if (bounds.endRowIndex !== undefined && startRow + height > bounds.endRowIndex) {
      throw invalid(
        `Requested writing within range [${range}], but tried writing to row [${bounds.endRowIndex + 1}]`,
      );
    }
    if (bounds.endColumnIndex !== undefined && startColumn + width > bounds.endColumnIndex) {
      throw invalid(
        `Requested writing within range [${range}], but tried writing to column [${columnIndexToLetters(bounds.endColumnIndex)}]`,
      );
    }
    const area: ResolvedArea = {
      sheet,
      startRow,
      startColumn,
      endRow: startRow + height,
      endColumn: startColumn + width,
    };
    return { area, instructions, width, requestedRange: range };
  }

  private commitWrite(
    spreadsheetId: string,
    write: PreparedWrite,
    options: WriteOptions,
  ): JsonObject {
    const { area, instructions, width } = write;
    const height = instructions.length;
    growGrid(area.sheet, area.endRow, area.endColumn);
    const written = this.applyInstructions(
      area.sheet,
      area.startRow,
      area.startColumn,
      instructions,
    );
    const shown: ResolvedArea =
      height === 0 || width === 0
        ? { ...area, endRow: area.startRow + 1, endColumn: area.startColumn + 1 }
        : area;
    const response: JsonObject = {
      spreadsheetId,
      updatedRange: areaText(shown),
      updatedRows: height,
      updatedColumns: width,
      updatedCells: written,
    };
    if (options.includeValuesInResponse === true) {
      response['updatedData'] = toJson(
        this.renderArea(shown, options.responseValueRenderOption ?? 'FORMATTED_VALUE', 'ROWS'),
      );
    }
    return response;
  }

  private applyInstructions(
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

  private writeMatrix(
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
    this.applyInstructions(sheet, startRow, startColumn, instructions);
  }

  private clearArea(area: ResolvedArea): void {
    for (let row = area.startRow; row < area.endRow; row += 1) {
      for (let column = area.startColumn; column < area.endColumn; column += 1) {
        if (cellAt(area.sheet, row, column) !== undefined) {
          updateCellValue(area.sheet, row, column, 'clear');
        }
      }
    }
  }

  private applyCellMask(
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

  private resolveGridRange(
    spreadsheet: SpreadsheetState,
    range: JsonObject,
    at: string,
  ): ResolvedArea {
    const sheet = this.sheetById(spreadsheet, optionalInteger(range, 'sheetId', at) ?? 0, at);
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

  private resolveDimensionRange(
    spreadsheet: SpreadsheetState,
    range: JsonObject | undefined,
    at: string,
    forInsertion: boolean,
  ): { sheet: SheetState; dimension: Dimension; start: number; end: number } {
    if (range === undefined) {
      throw invalid(`Invalid ${at}: range is required.`);
    }
    const sheet = this.sheetById(spreadsheet, optionalInteger(range, 'sheetId', at) ?? 0, at);
    const dimension = readDimension(optionalString(range, 'dimension', at), at);
    const count = dimension === 'ROWS' ? rowCount(sheet) : columnCount(sheet);
    const start = nonNegative(optionalInteger(range, 'startIndex', at), 'startIndex', at) ?? 0;
    const end =
      nonNegative(optionalInteger(range, 'endIndex', at), 'endIndex', at) ??
      (forInsertion ? start : count);
    if (start > end) {
      throw invalid(`Invalid ${at}: startIndex[${start}] is after endIndex[${end}].`);
    }
    if (forInsertion ? start > count : end > count) {
      throw invalid(
        `Invalid ${at}: Range (${formatA1Range(sheet.properties.title, dimension === 'ROWS' ? { startRowIndex: start, endRowIndex: end, startColumnIndex: undefined, endColumnIndex: undefined } : { startRowIndex: undefined, endRowIndex: undefined, startColumnIndex: start, endColumnIndex: end })}) exceeds grid limits. Max rows: ${rowCount(sheet)}, max columns: ${columnCount(sheet)}`,
      );
    }
    return { sheet, dimension, start, end };
  }

  private insertRows(
    sheet: SheetState,
    at: number,
    count: number,
    inheritFromBefore: boolean,
  ): void {
    const sourceIndex = inheritFromBefore ? at - 1 : at;
    const source = sheet.rows[sourceIndex];
    const sourceMetadata = sheet.rowMetadata[sourceIndex];
    growGrid(sheet, rowCount(sheet) + count, columnCount(sheet));
    sheet.rows = insertEmpty(sheet.rows, at, count);
    sheet.rowMetadata = insertEmpty(sheet.rowMetadata, at, count);
    if (source !== undefined) {
      const inherited = source.map(inheritedCell);
      if (inherited.some((cell) => cell !== undefined)) {
        for (let row = at; row < at + count; row += 1) {
          sheet.rows[row] = inherited.map((cell) =>
            cell === undefined ? undefined : cloneObject(cell),
          );
        }
      }
    }
    if (sourceMetadata !== undefined) {
      for (let row = at; row < at + count; row += 1) {
        sheet.rowMetadata[row] = cloneObject(sourceMetadata);
      }
    }
    shiftSheetRanges(sheet, 'ROWS', insertionShift(at, count));
  }

  private insertColumns(
    sheet: SheetState,
    at: number,
    count: number,
    inheritFromBefore: boolean,
  ): void {
    const sourceIndex = inheritFromBefore ? at - 1 : at;
    growGrid(sheet, rowCount(sheet), columnCount(sheet) + count);
    sheet.rows = sheet.rows.map((cells) => {
      if (cells === undefined) {
        return undefined;
      }
      const inherited = inheritedCell(cells[sourceIndex]);
      const next = insertEmpty(cells, at, count);
      if (inherited !== undefined) {
        for (let column = at; column < at + count; column += 1) {
          next[column] = cloneObject(inherited);
        }
      }
      return next;
    });
    const sourceMetadata = sheet.columnMetadata[sourceIndex];
    sheet.columnMetadata = insertEmpty(sheet.columnMetadata, at, count);
    if (sourceMetadata !== undefined) {
      for (let column = at; column < at + count; column += 1) {
        sheet.columnMetadata[column] = cloneObject(sourceMetadata);
      }
    }
    shiftSheetRanges(sheet, 'COLUMNS', insertionShift(at, count));
  }

  private writeGridData(sheet: SheetState, gridData: JsonObject, where: string): void {
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
          this.applyCellMask(
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

  private spreadsheetResource(
    spreadsheet: SpreadsheetState,
    options: { ranges: readonly string[]; includeGridData: boolean },
  ): JsonObject {
    const areasBySheet = new Map<SheetState, ResolvedArea[]>();
    for (const range of options.ranges) {
      const area = this.resolveForRead(spreadsheet, range);
      areasBySheet.set(area.sheet, [...(areasBySheet.get(area.sheet) ?? []), area]);
    }
    const sheets = spreadsheet.sheets
      .filter((sheet) => options.ranges.length === 0 || areasBySheet.has(sheet))
      .map((sheet) => {
        const json: JsonObject = { properties: sheetPropertiesToJson(sheet.properties) };
        if (sheet.protectedRanges.length > 0) {
          json['protectedRanges'] = sheet.protectedRanges.map(cloneObject);
        }
        if (sheet.conditionalFormats.length > 0) {
          json['conditionalFormats'] = sheet.conditionalFormats.map(cloneObject);
        }
        if (sheet.charts.length > 0) json['charts'] = sheet.charts.map(cloneObject);
        if (options.includeGridData) {
          const areas = areasBySheet.get(sheet) ?? [
            {
              sheet,
              startRow: 0,
              endRow: rowCount(sheet),
              startColumn: 0,
              endColumn: columnCount(sheet),
            },
          ];
          json['data'] = areas.map((area) => this.gridData(area, options.ranges.length > 0));
        }
        return json;
      });
    return {
      spreadsheetId: spreadsheet.spreadsheetId,
      properties: cloneObject(spreadsheet.properties),
      sheets,
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
    };
  }

  private gridData(area: ResolvedArea, withStart: boolean): JsonObject {
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
}

function invalidAt(at: string, error: SheetsApiError): SheetsApiError {
  return invalid(`Invalid ${at}: ${error.message}`);
}

function sameRange(
  left: { sheet: SheetState; bounds: GridBounds },
  right: { sheet: SheetState; bounds: GridBounds },
): boolean {
  return (
    left.sheet === right.sheet &&
    left.bounds.startRowIndex === right.bounds.startRowIndex &&
    left.bounds.endRowIndex === right.bounds.endRowIndex &&
    left.bounds.startColumnIndex === right.bounds.startColumnIndex &&
    left.bounds.endColumnIndex === right.bounds.endColumnIndex
  );
}

function isSingleCell(bounds: GridBounds): boolean {
  return (
    bounds.startRowIndex !== undefined &&
    bounds.startColumnIndex !== undefined &&
    bounds.endRowIndex === bounds.startRowIndex + 1 &&
    bounds.endColumnIndex === bounds.startColumnIndex + 1
  );
}

function renumberSheets(spreadsheet: SpreadsheetState): void {
  spreadsheet.sheets.forEach((sheet, index) => {
    sheet.properties.index = index;
  });
}

function readDimension(value: string | undefined, at: string): Dimension {
  if (value === 'ROWS' || value === 'COLUMNS') {
    return value;
  }
  throw invalid(`Invalid ${at}: dimension must be ROWS or COLUMNS, got ${String(value)}.`);
}

export function readValueInputOption(value: string | undefined): ValueInputOption {
  if (value === undefined || value === 'INPUT_VALUE_OPTION_UNSPECIFIED') {
    throw invalid("'valueInputOption' is required but not specified");
  }
  if (value !== 'RAW' && value !== 'USER_ENTERED') {
    throw invalid(`Invalid value at 'value_input_option' (TYPE_ENUM), "${value}"`);
  }
  return value;
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

function colorFromJson(json: JsonObject): Color {
  const color: { red?: number; green?: number; blue?: number; alpha?: number } = {};
  for (const key of ['red', 'green', 'blue', 'alpha'] as const) {
    const value = json[key];
    if (typeof value === 'number') {
      color[key] = value;
    }
  }
  return color;
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
