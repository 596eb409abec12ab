/**
 * The spreadsheets behind the local Sheets API stand-in (`sheets-api-server.ts`): the operations
 * the project's adapters call (`spreadsheets.create`, `spreadsheets.get`, `spreadsheets.batchUpdate`
 * with the request kinds listed in {@link REQUESTS}, and the `values.get` / `values.batchGet`
 * reads the tests and benchmarks use), answered with real-shaped JSON or {@link SheetsApiError}
 * with Google's codes and messages; and helpers with which a test reads what was written and
 * plays a person editing the sheet.
 *
 * Not modelled (no code of the project sends them): the `values` write endpoints (update, append,
 * batchUpdate, clear), inserting or deleting rows and columns, conditional formats, named ranges,
 * filters, borders, formula evaluation. An unknown request kind is refused with a 400 naming it.
 * One concern per file: model and errors `sheets-api-model.ts`, grid and ranges
 * `sheets-api-grid.ts`, values `sheets-api-values.ts`, cells and formats `sheets-api-cells.ts`,
 * sheets `sheets-api-sheets.ts`, protection `sheets-api-protection.ts`, charts
 * `sheets-api-charts.ts`, developer metadata and merges `sheets-api-metadata.ts`.
 */
import { WHOLE_SHEET, parseA1Range, parseCellCoordinate } from './a1-notation';
import { addChart, deleteEmbeddedObject, updateChartSpec } from './sheets-api-charts';
import {
  appendDimension,
  repeatCell,
  setDataValidation,
  updateCells,
  updateDimensionProperties,
  writeGridData,
} from './sheets-api-cells';
import {
  DEFAULT_COLUMN_COUNT,
  DEFAULT_ROW_COUNT,
  type ResolvedArea,
  cellAt,
  checkFrozen,
  clipForRead,
  columnCount,
  defaultSheetProperties,
  findSheet,
  growGrid,
  newSheet,
  putCell,
  resolveForRead,
  resolveGridRange,
  rowCount,
  sheetPropertiesFromJson,
  sheetPropertiesToJson,
} from './sheets-api-grid';
import { addMetadataAndMerges, createDeveloperMetadata, mergeCells } from './sheets-api-metadata';
import {
  type CellValue,
  type Color,
  type Dimension,
  type Json,
  type JsonObject,
  type SeedSheet,
  type SheetState,
  type SpreadsheetState,
  SheetsApiError,
  type ValueInputOption,
  cloneObject,
  invalid,
  isJsonObject,
  optionalArray,
  optionalObject,
  requireObject,
  toJson,
} from './sheets-api-model';
import {
  addProtectedRange,
  deleteProtectedRange,
  updateProtectedRange,
} from './sheets-api-protection';
import {
  SheetIds,
  addSheet,
  checkNewTitle,
  defaultSheetTitle,
  deleteSheet,
  newSpreadsheet,
  updateSheetProperties,
  updateSpreadsheetProperties,
} from './sheets-api-sheets';
import {
  type ReadOptions,
  type ValueRange,
  gridData,
  readMatrix,
  readValueRange,
  trimMatrix,
  writeMatrix,
} from './sheets-api-values';

type Request = (
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
  ids: SheetIds,
) => JsonObject | void;

/** The batchUpdate request kinds the adapters send or the tests play; each returns its reply. */
const REQUESTS: Readonly<Record<string, Request>> = {
  addSheet: (s, p, at, ids) => ({ addSheet: addSheet(s, p, at, ids) }),
  deleteSheet,
  updateSheetProperties,
  updateSpreadsheetProperties,
  updateCells,
  repeatCell,
  setDataValidation,
  updateDimensionProperties,
  appendDimension,
  addProtectedRange: (s, p, at) => ({ addProtectedRange: addProtectedRange(s, p, at) }),
  updateProtectedRange,
  deleteProtectedRange,
  addChart: (s, p, at) => ({ addChart: { chart: addChart(s, p, at) } }),
  updateChartSpec,
  deleteEmbeddedObject,
  createDeveloperMetadata,
  mergeCells: (s, p, at) => {
    const range = optionalObject(p, 'range', at) ?? {};
    mergeCells(resolveGridRange(s, range, `${at}.range`).sheet, p, at);
  },
};

export class SheetsApiState {
  private readonly spreadsheets = new Map<string, SpreadsheetState>();
  private readonly sheetIds = new SheetIds();

  // ------------------------------------------------------------------ helpers for tests

  /** Creates a spreadsheet holding the given sheets and rows; returns its id. */
  createSpreadsheet(title: string, sheets: readonly SeedSheet[] = [{ title: 'Sheet1' }]): string {
    const spreadsheet = newSpreadsheet({ title }, (id) => this.spreadsheets.has(id));
    const list = sheets.length === 0 ? [{ title: 'Sheet1' }] : sheets;
    list.forEach((seed, index) => {
      const properties = defaultSheetProperties(
        this.sheetIds.claim(-1, index === 0),
        seed.title,
        index,
      );
      properties.gridProperties.rowCount =
        seed.rowCount ?? Math.max(DEFAULT_ROW_COUNT, seed.rows?.length ?? 0);
      properties.gridProperties.columnCount =
        seed.columnCount ??
        Math.max(DEFAULT_COLUMN_COUNT, ...(seed.rows ?? []).map((row) => row.length));
      if (seed.frozenRowCount !== undefined && seed.frozenRowCount > 0) {
        properties.gridProperties.frozenRowCount = seed.frozenRowCount;
      }
      if (findSheet(spreadsheet, seed.title) !== undefined) {
        throw new Error(`Duplicate sheet title: ${seed.title}`);
      }
      const sheet = newSheet(properties);
      spreadsheet.sheets.push(sheet);
      writeMatrix(sheet, 0, 0, seed.rows ?? [], seed.valueInputOption ?? 'RAW');
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
    const sheet = findSheet(this.getSpreadsheet(spreadsheetId), sheetTitle);
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
    const area = clipForRead(sheet, bounds);
    return trimMatrix(readMatrix(area, 'UNFORMATTED_VALUE'));
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
    writeMatrix(sheet, rowIndex, columnIndex, rows, valueInputOption);
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

  // ------------------------------------------------------------------ API operations

  /** POST /v4/spreadsheets */
  create(body: JsonObject): JsonObject {
    const properties = optionalObject(body, 'properties', 'spreadsheet') ?? {};
    const spreadsheet = newSpreadsheet(properties, (id) => this.spreadsheets.has(id));
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
      sheetProperties.sheetId = this.sheetIds.claim(sheetProperties.sheetId, index === 0);
      sheetProperties.title = checkNewTitle(
        spreadsheet,
        sheetProperties.title.length === 0 ? defaultSheetTitle(spreadsheet) : sheetProperties.title,
        where,
      );
      sheetProperties.index = index;
      checkFrozen(sheetProperties, where);
      const sheet = newSheet(sheetProperties);
      spreadsheet.sheets.push(sheet);
      const data = optionalArray(sheetJson, 'data', where) ?? [];
      data.forEach((gridData, dataIndex) => {
        writeGridData(
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
    return readValueRange(spreadsheet, range, options);
  }

  /** GET /v4/spreadsheets/{id}/values:batchGet */
  batchGetValues(
    spreadsheetId: string,
    ranges: readonly string[],
    options: ReadOptions,
  ): JsonObject {
    const spreadsheet = this.require(spreadsheetId);
    const valueRanges = ranges.map((range) => readValueRange(spreadsheet, range, options));
    return { spreadsheetId, valueRanges: toJson(valueRanges) };
  }

  /** POST /v4/spreadsheets/{id}:batchUpdate — applied to a copy, kept only if every request passes. */
  batchUpdate(spreadsheetId: string, body: JsonObject): JsonObject {
    const original = this.require(spreadsheetId);
    const requests = optionalArray(body, 'requests', 'request') ?? [];
    const draft = structuredClone(original);
    const replies = requests.map((request, index) => this.applyRequest(draft, request, index));
    this.spreadsheets.set(spreadsheetId, draft);
    return { spreadsheetId, replies };
  }

  // ------------------------------------------------------------------ internals

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
    const apply = Object.hasOwn(REQUESTS, kind) ? REQUESTS[kind] : undefined;
    if (apply === undefined) {
      throw invalid(
        `Invalid JSON payload received. Unknown name "${kind}" at '${where}': Cannot find field. (The local Sheets API stand-in does not implement the "${kind}" request.)`,
      );
    }
    const at = `${where}.${kind}`;
    return apply(spreadsheet, requireObject(body[kind], at), at, this.sheetIds) ?? {};
  }

  private require(spreadsheetId: string): SpreadsheetState {
    const spreadsheet = this.spreadsheets.get(spreadsheetId);
    if (spreadsheet === undefined) {
      throw new SheetsApiError(404, 'Requested entity was not found.');
    }
    return spreadsheet;
  }

  private spreadsheetResource(
    spreadsheet: SpreadsheetState,
    options: { ranges: readonly string[]; includeGridData: boolean },
  ): JsonObject {
    const areasBySheet = new Map<SheetState, ResolvedArea[]>();
    for (const range of options.ranges) {
      const area = resolveForRead(spreadsheet, range);
      areasBySheet.set(area.sheet, [...(areasBySheet.get(area.sheet) ?? []), area]);
    }
    const sheets = spreadsheet.sheets
      .filter((sheet) => options.ranges.length === 0 || areasBySheet.has(sheet))
      .map((sheet) => {
        const json: JsonObject = { properties: sheetPropertiesToJson(sheet.properties) };
        if (sheet.protectedRanges.length > 0) {
          json['protectedRanges'] = sheet.protectedRanges.map(cloneObject);
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
          json['data'] = areas.map((area) => gridData(area, options.ranges.length > 0));
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
