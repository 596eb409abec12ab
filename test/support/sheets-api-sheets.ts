/**
 * Sheets of the local Sheets API stand-in: `addSheet`, `deleteSheet`, `updateSheetProperties`
 * and `updateSpreadsheetProperties`, with Google's rules (unique titles compared
 * case-insensitively, not every row frozen, not the last sheet deleted, the grid cut when it
 * shrinks) and sheet ids as Google gives them (0 for the first sheet, random otherwise).
 * Not modelled: duplicating, hiding by request, or moving sheets between spreadsheets.
 */
import { randomBytes, randomInt } from 'node:crypto';

import {
  type JsonObject,
  type SpreadsheetState,
  applyFieldMask,
  cloneObject,
  invalid,
  optionalInteger,
  optionalObject,
  requiredFieldMask,
  requiredInteger,
  toJson,
} from './sheets-api-model';
import {
  checkFrozen,
  findSheet,
  newSheet,
  renumberSheets,
  sheetById,
  sheetPropertiesFromJson,
  sheetPropertiesToJson,
  truncateGrid,
} from './sheets-api-grid';

/**
 * Sheet ids across the whole server: a requested id is kept (uniqueness within the spreadsheet
 * is checked by the caller); the first sheet gets 0 as in Google; other ids are random and
 * unique across the server, which catches code that mixes up sheets of different spreadsheets.
 */
export class SheetIds {
  private readonly used = new Set<number>();

  claim(requested: number, first: boolean): number {
    if (requested >= 0) {
      this.used.add(requested);
      return requested;
    }
    if (first) {
      return 0;
    }
    let id = 0;
    while (id === 0 || this.used.has(id)) {
      id = randomInt(1, 2_147_483_647);
    }
    this.used.add(id);
    return id;
  }
}

/** An empty spreadsheet with Google's default properties and a 44-character id. */
export function newSpreadsheet(
  properties: JsonObject,
  taken: (spreadsheetId: string) => boolean,
): SpreadsheetState {
  let spreadsheetId = '';
  do {
    spreadsheetId = randomBytes(33).toString('base64url');
  } while (taken(spreadsheetId));
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

export function defaultSheetTitle(spreadsheet: SpreadsheetState): string {
  let number = spreadsheet.sheets.length + 1;
  while (findSheet(spreadsheet, `Sheet${number}`) !== undefined) {
    number += 1;
  }
  return `Sheet${number}`;
}

export function checkNewTitle(spreadsheet: SpreadsheetState, title: string, where: string): string {
  if (findSheet(spreadsheet, title) !== undefined) {
    throw invalid(
      `Invalid ${where}: A sheet with the name "${title}" already exists. Please enter another name.`,
    );
  }
  return title;
}

export function addSheet(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
  ids: SheetIds,
): JsonObject {
  const propertiesJson = optionalObject(payload, 'properties', at) ?? {};
  const properties = sheetPropertiesFromJson(propertiesJson, `${at}.properties`);
  const requestedId = optionalInteger(propertiesJson, 'sheetId', at);
  if (
    requestedId !== undefined &&
    spreadsheet.sheets.some((sheet) => sheet.properties.sheetId === requestedId)
  ) {
    throw invalid(`Invalid ${at}: A sheet with the id ${requestedId} already exists.`);
  }
  properties.sheetId = ids.claim(requestedId ?? -1, false);
  properties.title = checkNewTitle(
    spreadsheet,
    properties.title.length === 0 ? defaultSheetTitle(spreadsheet) : properties.title,
    at,
  );
  checkFrozen(properties, at);
  const requestedIndex = optionalInteger(propertiesJson, 'index', at);
  const position = Math.min(
    Math.max(requestedIndex ?? spreadsheet.sheets.length, 0),
    spreadsheet.sheets.length,
  );
  const sheet = newSheet(properties);
  spreadsheet.sheets.splice(position, 0, sheet);
  renumberSheets(spreadsheet);
  return { properties: sheetPropertiesToJson(sheet.properties) };
}

export function deleteSheet(spreadsheet: SpreadsheetState, payload: JsonObject, at: string): void {
  const sheet = sheetById(spreadsheet, requiredInteger(payload, 'sheetId', at), at);
  if (spreadsheet.sheets.length === 1) {
    throw invalid(`Invalid ${at}: You can't remove all the sheets in a document.`);
  }
  spreadsheet.sheets = spreadsheet.sheets.filter((candidate) => candidate !== sheet);
  renumberSheets(spreadsheet);
}

export function updateSheetProperties(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const propertiesJson = optionalObject(payload, 'properties', at);
  if (propertiesJson === undefined) {
    throw invalid(`Invalid ${at}: properties is required.`);
  }
  const sheet = sheetById(
    spreadsheet,
    requiredInteger(propertiesJson, 'sheetId', `${at}.properties`),
    at,
  );
  const paths = requiredFieldMask(payload, at);
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
    checkNewTitle(spreadsheet, next.title, at);
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

export function updateSpreadsheetProperties(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const properties = optionalObject(payload, 'properties', at) ?? {};
  const paths = requiredFieldMask(payload, at);
  spreadsheet.properties = paths.some((path) => path[0] === '*')
    ? { ...spreadsheet.properties, ...cloneObject(properties) }
    : applyFieldMask(spreadsheet.properties, properties, paths);
}
