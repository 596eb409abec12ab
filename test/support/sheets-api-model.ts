/**
 * The data model, errors, JSON readers and field masks shared by the files of the local Sheets
 * API stand-in (`sheets-api-server.ts`, `sheets-api-state.ts`). A spreadsheet is kept as the API
 * shapes it: sparse CellData objects per sheet, plus protected ranges and charts.
 */

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

/** A 400 INVALID_ARGUMENT, as Google answers a malformed request. */
export function invalid(message: string): SheetsApiError {
  return new SheetsApiError(400, message);
}
/** Prefixes an error with the request it comes from (`Invalid requests[0].addSheet: …`). */
export function invalidAt(at: string, error: SheetsApiError): SheetsApiError {
  return invalid(`Invalid ${at}: ${error.message}`);
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers
// ---------------------------------------------------------------------------------------------

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toJson(value: unknown): Json {
  // Values reaching here come from JSON.parse or from our own plain data.
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

export function cloneObject(value: JsonObject): JsonObject {
  return structuredClone(value);
}

export function requireObject(value: unknown, where: string): JsonObject {
  if (!isJsonObject(value)) {
    throw invalid(`Invalid ${where}: expected an object.`);
  }
  return value;
}

export function optionalObject(
  parent: JsonObject,
  key: string,
  where: string,
): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  return requireObject(value, `${where}.${key}`);
}

export function optionalInteger(
  parent: JsonObject,
  key: string,
  where: string,
): number | undefined {
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

export function requiredInteger(parent: JsonObject, key: string, where: string): number {
  const value = optionalInteger(parent, key, where);
  if (value === undefined) {
    throw invalid(`Invalid ${where}: ${key} is required.`);
  }
  return value;
}

export function optionalString(parent: JsonObject, key: string, where: string): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(`Invalid value at '${where}.${key}' (TYPE_STRING), ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalBoolean(
  parent: JsonObject,
  key: string,
  where: string,
): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw invalid(`Invalid value at '${where}.${key}' (TYPE_BOOL), ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalArray(parent: JsonObject, key: string, where: string): Json[] | undefined {
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
export function applyFieldMask(
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
/** The `fields` of an update request, required as Google requires it. */
export function requiredFieldMask(payload: JsonObject, at: string): string[][] {
  const fields = optionalString(payload, 'fields', at);
  if (fields === undefined || fields.trim().length === 0) {
    throw invalid(`Invalid ${at}: At least one field must be specified in 'fields'.`);
  }
  return parseFieldMask(fields);
}
