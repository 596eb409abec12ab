/**
 * Protected ranges of the local Sheets API stand-in: `addProtectedRange`,
 * `updateProtectedRange` and `deleteProtectedRange` as the provisioner sends them, with Google's
 * checks (a grid range inside the sheet, unique ids, no editors on a warning-only range).
 * Not modelled: protected named ranges and whole-sheet protection, and enforcing the protection
 * on later writes (the API's caller owns the sheet).
 */
import { randomInt } from 'node:crypto';

import {
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
  applyFieldMask,
  cloneObject,
  invalid,
  optionalArray,
  optionalInteger,
  optionalObject,
  requireObject,
  requiredFieldMask,
  requiredInteger,
} from './sheets-api-model';
import { resolveGridRange } from './sheets-api-grid';

export function addProtectedRange(
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
  const area = resolveGridRange(spreadsheet, rangeJson, `${at}.protectedRange.range`);
  for (const [index, unprotected] of (
    optionalArray(protectedRange, 'unprotectedRanges', at) ?? []
  ).entries()) {
    resolveGridRange(
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

function findProtectedRange(
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

export function updateProtectedRange(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const changes = optionalObject(payload, 'protectedRange', at) ?? {};
  const id = requiredInteger(changes, 'protectedRangeId', `${at}.protectedRange`);
  const [sheet, current] = findProtectedRange(spreadsheet, id, at);
  const paths = requiredFieldMask(payload, at);
  const next = paths.some((path) => path[0] === '*')
    ? { ...cloneObject(changes), protectedRangeId: id }
    : applyFieldMask(current, changes, paths);
  const rangeJson = optionalObject(next, 'range', at) ?? {};
  const area = resolveGridRange(spreadsheet, rangeJson, `${at}.protectedRange.range`);
  sheet.protectedRanges = sheet.protectedRanges.filter((item) => item !== current);
  area.sheet.protectedRanges.push(next);
}

export function deleteProtectedRange(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const id = requiredInteger(payload, 'protectedRangeId', at);
  const [sheet, found] = findProtectedRange(spreadsheet, id, at);
  sheet.protectedRanges = sheet.protectedRanges.filter((item) => item !== found);
}
