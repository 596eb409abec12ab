/**
 * Developer metadata and merged cells of the local Sheets API stand-in:
 * `createDeveloperMetadata` at the spreadsheet level (the only location the project uses) and
 * `mergeCells` (MERGE_ALL), and what `spreadsheets.get` lists of them. As Google does, they are
 * answered only when the `fields` mask names them (`developerMetadata`, `sheets.merges`) or when
 * no mask is given; a metadata id is unique in the spreadsheet; a merge may not overlap another.
 * Not modelled: metadata on sheets, rows or columns, search and deletion of metadata, and
 * MERGE_COLUMNS / MERGE_ROWS.
 */
import { randomInt } from 'node:crypto';
import {
  SheetsApiError,
  isJsonObject,
  parseFieldMask,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
} from './sheets-api-model';

/** What the stand-in keeps beside a spreadsheet's state. */
interface Extras {
  developerMetadata?: JsonObject[];
}
interface SheetExtras {
  merges?: JsonObject[];
}

function invalid(at: string, message: string): SheetsApiError {
  return new SheetsApiError(400, `Invalid ${at}: ${message}`);
}

/** `createDeveloperMetadata`: spreadsheet-level metadata, DOCUMENT or PROJECT visibility. */
export function createDeveloperMetadata(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): JsonObject {
  const metadata = payload['developerMetadata'];
  if (!isJsonObject(metadata)) throw invalid(at, 'developerMetadata is required.');
  const key = metadata['metadataKey'];
  if (typeof key !== 'string' || key.length === 0) throw invalid(at, 'metadataKey is required.');
  const location = metadata['location'];
  if (!isJsonObject(location) || location['spreadsheet'] !== true) {
    throw invalid(at, 'the stand-in only models developer metadata located on the spreadsheet.');
  }
  const visibility = metadata['visibility'];
  if (visibility !== 'DOCUMENT' && visibility !== 'PROJECT') {
    throw invalid(at, 'visibility must be DOCUMENT or PROJECT.');
  }
  const extras = spreadsheet as SpreadsheetState & Extras;
  const list = (extras.developerMetadata ??= []);
  const requested = metadata['metadataId'];
  if (typeof requested === 'number' && list.some((m) => m['metadataId'] === requested)) {
    throw invalid(at, `Developer metadata with id ${requested} already exists.`);
  }
  const created: JsonObject = {
    metadataId: typeof requested === 'number' ? requested : randomInt(1, 2_000_000_000),
    metadataKey: key,
    ...(typeof metadata['metadataValue'] === 'string'
      ? { metadataValue: metadata['metadataValue'] }
      : {}),
    location: { locationType: 'SPREADSHEET', spreadsheet: true },
    visibility,
  };
  list.push(created);
  return { createDeveloperMetadata: { developerMetadata: structuredClone(created) } };
}

/** `mergeCells` with MERGE_ALL over `range` (a GridRange with every bound set). */
export function mergeCells(sheet: SheetState, payload: JsonObject, at: string): void {
  const range = payload['range'];
  if (!isJsonObject(range)) throw invalid(at, 'range is required.');
  if ((payload['mergeType'] ?? 'MERGE_ALL') !== 'MERGE_ALL') {
    throw invalid(at, 'the stand-in only models MERGE_ALL.');
  }
  const bounds = ['startRowIndex', 'endRowIndex', 'startColumnIndex', 'endColumnIndex'].map(
    (name) => range[name],
  );
  if (!bounds.every((b): b is number => typeof b === 'number')) {
    throw invalid(at, 'every bound of the range must be set.');
  }
  const [top, bottom, left, right] = bounds as [number, number, number, number];
  const extras = sheet as SheetState & SheetExtras;
  const overlaps = (extras.merges ?? []).some(
    (m) =>
      (m['startRowIndex'] as number) < bottom &&
      top < (m['endRowIndex'] as number) &&
      (m['startColumnIndex'] as number) < right &&
      left < (m['endColumnIndex'] as number),
  );
  if (overlaps)
    throw invalid(at, 'You must select all cells in a merged range to merge or unmerge them.');
  // Google keeps the top-left value of a merge and clears the others.
  for (let row = top; row < bottom; row += 1) {
    for (let column = left; column < right; column += 1) {
      const cell = sheet.rows[row]?.[column];
      if ((row !== top || column !== left) && cell !== undefined) {
        delete cell['userEnteredValue'];
        delete cell['effectiveValue'];
        delete cell['formattedValue'];
      }
    }
  }
  (extras.merges ??= []).push({
    sheetId: sheet.properties.sheetId,
    startRowIndex: top,
    endRowIndex: bottom,
    startColumnIndex: left,
    endColumnIndex: right,
  });
}

/** Whether a `fields` mask asks for `path` (no mask: everything is answered). */
function asks(fields: string | undefined, path: readonly string[]): boolean {
  if (fields === undefined || fields.trim().length === 0) return true;
  return parseFieldMask(fields).some((p) =>
    p.length <= path.length
      ? p.every((part, i) => part === path[i] || part === '*')
      : path.every((part, i) => part === p[i]),
  );
}

/** Adds the metadata and merges a get asks for to its answer (built without them). */
export function addMetadataAndMerges(
  spreadsheet: SpreadsheetState,
  resource: JsonObject,
  fields: string | undefined,
): void {
  const metadata = (spreadsheet as SpreadsheetState & Extras).developerMetadata ?? [];
  if (metadata.length > 0 && asks(fields, ['developerMetadata'])) {
    resource['developerMetadata'] = structuredClone(metadata);
  }
  if (!asks(fields, ['sheets', 'merges'])) return;
  const sheets = Array.isArray(resource['sheets']) ? resource['sheets'] : [];
  for (const json of sheets) {
    if (!isJsonObject(json) || !isJsonObject(json['properties'])) continue;
    const sheetId = json['properties']['sheetId'];
    const sheet = spreadsheet.sheets.find((s) => s.properties.sheetId === sheetId);
    const merges = (sheet as (SheetState & SheetExtras) | undefined)?.merges ?? [];
    if (merges.length > 0) json['merges'] = structuredClone(merges);
  }
}
