import type { sheets_v4 } from '@googleapis/sheets';

import { C2RA, operatorDisplayName, type WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type DomainError, type Result } from '../../shared/domain/result';
import { isBlank, type CellValue } from '../../shared/domain/values/cell-value';
import type {
  CellStyle,
  CellWrite,
  SnapshotCell,
  SnapshotRow,
  SpreadsheetGateway,
  TabReplacement,
  TabSnapshot,
  WorkbookSnapshot,
  WriteBack,
} from '../../shared/ports/spreadsheet-gateway';
import { dashboardRequests, type ApiCall } from './google-sheets-charts';

/**
 * Everything the read needs in one `spreadsheets.get`: typed values (formulas as their text,
 * dates as serial numbers) and notes. Grid sizes come along because a tab replacement must grow
 * the grid before writing past its last row (updateCells never grows it).
 */
export const READ_FIELDS =
  'sheets(properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount)),' +
  'data(rowData(values(userEnteredValue,note))))';

/** The light read made before a write when the sheet ids of a workbook are not known yet. */
export const SHEET_PROPERTIES_FIELDS =
  'sheets.properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount))';

/**
 * Limits of one `spreadsheets.batchUpdate`. Google rejects a body over 10,485,760 bytes
 * ("Request payload size exceeds the limit") and a batch over 100,000 requests; we stay well
 * under both so that a write-back is one atomic call in every realistic case (a 5,000-row
 * tab of 15 columns is about 3 MB).
 */
export interface BatchLimits {
  /** Largest serialized body of one call, in bytes (default 9 MiB). */
  readonly maxBytes: number;
  /** Most requests in one call (default 50,000). */
  readonly maxRequests: number;
}

/** Default {@link BatchLimits}. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: 9 * 1024 * 1024, maxRequests: 50_000 };

/** Options of {@link GoogleSheetsGateway}. */
export interface GoogleSheetsGatewayOptions {
  /** A Sheets v4 client built with `retry: false`: the gateway does its own retries. */
  readonly api: sheets_v4.Sheets;
  /** The spreadsheet id of each owner's workbook; an owner without one has no workbook. */
  readonly spreadsheetIds: Partial<Record<WorkbookOwner, string>>;
  /** Waits between attempts (injected so that tests do not wait). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Attempts per call, the first included (default 5). */
  readonly maxAttempts?: number;
  /** Overrides {@link DEFAULT_BATCH_LIMITS} (tests use small limits to exercise the split). */
  readonly batchLimits?: Partial<BatchLimits>;
}

/**
 * An infrastructure failure of the Sheets API: a bad request (a bug), bad credentials, or a
 * transient failure that outlived every retry. Expected failures (unknown or unshared workbook)
 * are returned as values instead.
 */
export class SheetsApiCallError extends Error {
  constructor(
    /** `spreadsheets.get` or `spreadsheets.batchUpdate`. */
    readonly operation: string,
    /** HTTP status, or undefined when no answer came (network failure). */
    readonly status: number | undefined,
    /** Attempts made before giving up. */
    readonly attempts: number,
    message: string,
    options: { readonly cause: unknown },
  ) {
    super(message, options);
    this.name = 'SheetsApiCallError';
  }
}

/** Statuses worth another attempt: quota (429) and transient server failures. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Error codes of a request that never got an answer (connection refused, reset, DNS…). */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const DEFAULT_MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 32_000;
const MAX_JITTER_MS = 1_000;
/** A longer Retry-After is not worth holding a function instance for: the call fails instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Rows of a replaced tab per updateCells request, so that a huge tab can still be split. */
const TAB_ROWS_PER_REQUEST = 1_000;

/** Bytes of `{"requests":[]}` around the requests of a batch. */
const BATCH_ENVELOPE_BYTES = 16;

/** Dates are written as serial numbers of their day in Paris, shown `jj/mm/aaaa`. */
const DATE_FORMAT: sheets_v4.Schema$NumberFormat = { type: 'DATE', pattern: 'dd/mm/yyyy' };

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (serial 0 of spreadsheets) to 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25_569;

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function rgb(red: number, green: number, blue: number): sheets_v4.Schema$Color {
  return { red: red / 255, green: green / 255, blue: blue / 255 };
}

/**
 * Fills by style. `normal` clears the fill rather than painting it white: the cell then looks
 * white as asked, but keeps its gridlines and lets banding or the layout's conditional formats
 * show through, as a cell nobody styled.
 */
const FILLS: Readonly<Record<CellStyle, sheets_v4.Schema$Color | null>> = {
  error: rgb(0xf4, 0xcc, 0xcc),
  computed: rgb(0xef, 0xef, 0xef),
  normal: null,
};

/** Display text of a spreadsheet error value, by its API type. */
const ERROR_TEXTS: Readonly<Record<string, string>> = {
  ERROR: '#ERROR!',
  NULL_VALUE: '#NULL!',
  DIVIDE_BY_ZERO: '#DIV/0!',
  VALUE: '#VALUE!',
  REF: '#REF!',
  NAME: '#NAME?',
  NUM: '#NUM!',
  N_A: '#N/A',
  LOADING: '#LOADING',
};

/** What the gateway knows of one tab of a workbook. */
interface SheetInfo {
  readonly sheetId: number;
  readonly title: string;
  rowCount: number;
  columnCount: number;
}

/** One cell to write once every CellWrite aimed at it is merged. */
interface PendingCell {
  readonly tab: string;
  readonly row: number;
  readonly column: number;
  value?: CellValue;
  note?: string | null;
  style?: CellStyle;
}

/** A CellData and the field mask that writes exactly what it sets. */
interface CellPatch {
  readonly data: sheets_v4.Schema$CellData;
  readonly fields: string;
}

/** What a failed call tells about itself, whatever shape the client gave the error. */
interface CallFailure {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly network: boolean;
  readonly message: string;
}

/**
 * The workbooks in production: one Google spreadsheet per owner, through the Sheets API v4.
 *
 * A read is one `spreadsheets.get` whatever the row count; a write-back is one
 * `spreadsheets.batchUpdate` (atomic: a reader never sees half of it), split only past
 * {@link BatchLimits}, and no call at all when there is nothing to write. Quota and transient
 * failures (429, 500, 502, 503, 504, lost connections) are retried with exponential backoff
 * and jitter, honouring `Retry-After`. An unknown workbook or tab and an unshared workbook are
 * failures as values (`WORKBOOK_NOT_FOUND`, `WORKBOOK_UNREADABLE`, `WORKBOOK_FORBIDDEN`); any
 * other API error throws a {@link SheetsApiCallError}.
 */
export class GoogleSheetsGateway implements SpreadsheetGateway {
  private readonly api: sheets_v4.Sheets;
  private readonly spreadsheetIds: Partial<Record<WorkbookOwner, string>>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly limits: BatchLimits;
  /** Tabs of each owner's workbook as last seen, so that a write needs no extra read. */
  private readonly sheetsByOwner = new Map<WorkbookOwner, Map<string, SheetInfo>>();

  constructor(options: GoogleSheetsGatewayOptions) {
    this.api = options.api;
    this.spreadsheetIds = options.spreadsheetIds;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.limits = { ...DEFAULT_BATCH_LIMITS, ...options.batchLimits };
  }

  /** Reads every tab of the owner's workbook in one `spreadsheets.get`. */
  async read(owner: WorkbookOwner): Promise<Result<WorkbookSnapshot>> {
    const spreadsheetId = this.spreadsheetIdOf(owner);
    if (spreadsheetId === undefined) return fail('WORKBOOK_NOT_FOUND', notConfiguredMessage(owner));
    let spreadsheet: sheets_v4.Schema$Spreadsheet;
    try {
      const response = await this.withRetries('spreadsheets.get', () =>
        this.api.spreadsheets.get({ spreadsheetId, includeGridData: true, fields: READ_FIELDS }),
      );
      spreadsheet = response.data;
    } catch (error) {
      return this.expectedFailure(error, owner);
    }
    const sheets = (spreadsheet.sheets ?? []).filter(isGridSheet);
    this.remember(owner, sheets);
    const tabs: TabSnapshot[] = [];
    for (const sheet of sheets) {
      const tab = tabSnapshot(sheet);
      if (tab !== null) tabs.push(tab);
    }
    return ok({ owner, tabs });
  }

  /**
   * Writes the write-back in one `spreadsheets.batchUpdate`; no call when it is empty. A Date is
   * written as the serial number of its day in Paris with the format `jj/mm/aaaa`; a CellWrite
   * outside the grid's numbering, a non-finite number or an invalid Date is a bug (RangeError).
   */
  async write(owner: WorkbookOwner, writeBack: WriteBack): Promise<Result<void>> {
    const cells = mergeCellWrites(writeBack.cells);
    const dashboard = writeBack.dashboard;
    if (cells.length === 0 && writeBack.tabs.length === 0 && dashboard === undefined)
      return ok(undefined);
    const spreadsheetId = this.spreadsheetIdOf(owner);
    if (spreadsheetId === undefined) return fail('WORKBOOK_NOT_FOUND', notConfiguredMessage(owner));
    const titles = new Set([...writeBack.tabs.map((t) => t.tab), ...cells.map((c) => c.tab)]);
    const known = await this.sheetsFor(owner, spreadsheetId, titles);
    if (!known.ok) return known;
    const sheets = known.value;

    const groups: sheets_v4.Schema$Request[][] = [];
    const grown: { readonly sheet: SheetInfo; readonly rows: number; readonly columns: number }[] =
      [];
    for (const replacement of writeBack.tabs) {
      const sheet = requireSheet(sheets, replacement.tab);
      const planned = tabReplacementRequests(sheet, replacement);
      groups.push(planned.requests);
      grown.push({ sheet, rows: planned.rowCount, columns: planned.columnCount });
    }
    for (const request of cellRequests(cells, sheets)) groups.push([request]);

    try {
      if (dashboard !== undefined) {
        const call: ApiCall = (operation, run) => this.withRetries(operation, run);
        groups.push(await dashboardRequests({ api: this.api, spreadsheetId, dashboard, call }));
      }
      for (const requests of packBatches(groups, this.limits)) {
        // A retried batchUpdate does no harm: updateCells and repeatCell set absolute contents,
        // so applying them twice leaves the same sheet. Only appendDimension is not idempotent,
        // and a replay of it merely adds empty rows or columns at the end of a grid.
        await this.withRetries('spreadsheets.batchUpdate', () =>
          this.api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
        );
      }
    } catch (error) {
      this.sheetsByOwner.delete(owner);
      return this.expectedFailure(error, owner);
    }
    for (const { sheet, rows, columns } of grown) {
      sheet.rowCount = Math.max(sheet.rowCount, rows);
      sheet.columnCount = Math.max(sheet.columnCount, columns);
    }
    return ok(undefined);
  }

  private spreadsheetIdOf(owner: WorkbookOwner): string | undefined {
    const id = this.spreadsheetIds[owner]?.trim();
    return id === undefined || id.length === 0 ? undefined : id;
  }

  private remember(owner: WorkbookOwner, sheets: readonly sheets_v4.Schema$Sheet[]): void {
    const byTitle = new Map<string, SheetInfo>();
    for (const sheet of sheets) {
      const properties = sheet.properties;
      if (typeof properties?.title !== 'string' || typeof properties.sheetId !== 'number') continue;
      byTitle.set(properties.title, {
        sheetId: properties.sheetId,
        title: properties.title,
        rowCount: properties.gridProperties?.rowCount ?? 0,
        columnCount: properties.gridProperties?.columnCount ?? 0,
      });
    }
    this.sheetsByOwner.set(owner, byTitle);
  }

  /** The tabs named by a write, from the last read or else from one light `spreadsheets.get`. */
  private async sheetsFor(
    owner: WorkbookOwner,
    spreadsheetId: string,
    titles: ReadonlySet<string>,
  ): Promise<Result<ReadonlyMap<string, SheetInfo>>> {
    const cached = this.sheetsByOwner.get(owner);
    if (cached !== undefined && [...titles].every((t) => findSheet(cached, t) !== undefined)) {
      return ok(cached);
    }
    try {
      const response = await this.withRetries('spreadsheets.get', () =>
        this.api.spreadsheets.get({ spreadsheetId, fields: SHEET_PROPERTIES_FIELDS }),
      );
      this.remember(owner, (response.data.sheets ?? []).filter(isGridSheet));
    } catch (error) {
      return this.expectedFailure(error, owner);
    }
    const fresh = this.sheetsByOwner.get(owner) ?? new Map<string, SheetInfo>();
    const missing = [...titles].find((t) => findSheet(fresh, t) === undefined);
    if (missing !== undefined) {
      return fail(
        'WORKBOOK_UNREADABLE',
        `L'onglet « ${missing} » est introuvable dans le classeur ${workbookName(owner)} : a-t-il été ` +
          'supprimé ou renommé ? Rétablissez-le, puis relancez la synchronisation.',
      );
    }
    return ok(fresh);
  }

  /** Runs one API call, retrying quota and transient failures; throws a SheetsApiCallError. */
  private async withRetries<T>(operation: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const failure = describeFailure(error);
        const retryable =
          failure.network ||
          (failure.status !== undefined && RETRYABLE_STATUSES.has(failure.status));
        const delay = retryable && attempt < this.maxAttempts ? retryDelay(attempt, failure) : null;
        if (delay === null) {
          const status = failure.status === undefined ? 'no answer' : `HTTP ${failure.status}`;
          throw new SheetsApiCallError(
            operation,
            failure.status,
            attempt,
            `Sheets API ${operation} failed (${status}, attempt ${attempt} of ${this.maxAttempts}): ${failure.message}`,
            { cause: error },
          );
        }
        await this.sleep(delay);
      }
    }
  }

  /** Turns an unknown or unshared workbook into a failure value; rethrows anything else. */
  private expectedFailure(error: unknown, owner: WorkbookOwner): { ok: false; error: DomainError } {
    if (error instanceof SheetsApiCallError) {
      if (error.status === 404) {
        this.sheetsByOwner.delete(owner);
        return fail(
          'WORKBOOK_NOT_FOUND',
          `Le classeur Google Sheets ${workbookName(owner)} est introuvable : vérifiez son identifiant ` +
            "dans la configuration et qu'il n'a pas été supprimé.",
        );
      }
      if (error.status === 403) {
        return fail(
          'WORKBOOK_FORBIDDEN',
          `Le classeur n'est pas partagé avec le compte de service de la synchronisation (classeur ` +
            `${workbookName(owner)}) : partagez-le avec ce compte en tant qu'éditeur, et vérifiez ` +
            "qu'aucune protection ne lui interdit les cellules qu'il remplit.",
        );
      }
    }
    throw error;
  }
}

// ------------------------------------------------------------------------------------ reading

function isGridSheet(sheet: sheets_v4.Schema$Sheet): boolean {
  const type = sheet.properties?.sheetType;
  return type === undefined || type === null || type === 'GRID';
}

/** A tab as the port shows it: header labels from row 1, non-empty data rows from row 2. */
function tabSnapshot(sheet: sheets_v4.Schema$Sheet): TabSnapshot | null {
  const name = sheet.properties?.title;
  if (typeof name !== 'string') return null;
  const grid = new Map<number, SnapshotCell[]>();
  for (const block of sheet.data ?? []) {
    const startRow = block.startRow ?? 0;
    const startColumn = block.startColumn ?? 0;
    (block.rowData ?? []).forEach((rowData, offset) => {
      const values = rowData.values ?? [];
      if (values.length === 0) return;
      const rowIndex = startRow + offset;
      const cells = grid.get(rowIndex) ?? [];
      values.forEach((cell, column) => {
        cells[startColumn + column] = snapshotCell(cell);
      });
      grid.set(rowIndex, cells);
    });
  }
  const header = trimEnd(denseCells(grid.get(0) ?? [])).map((cell) => labelOf(cell.value));
  const rows: SnapshotRow[] = [];
  for (const rowIndex of [...grid.keys()].sort((a, b) => a - b)) {
    if (rowIndex === 0) continue;
    const cells = trimEnd(denseCells(grid.get(rowIndex) ?? []));
    if (cells.every((cell) => isBlank(cell.value))) continue;
    rows.push({ rowNumber: rowIndex + 1, cells });
  }
  return { name, header, rows };
}

/** Fills the holes of a sparse row with empty cells. */
function denseCells(cells: readonly (SnapshotCell | undefined)[]): SnapshotCell[] {
  return Array.from(cells, (cell) => cell ?? { value: null });
}

/** Drops the empty cells (no value, no note) at the end of a row. */
function trimEnd(cells: SnapshotCell[]): SnapshotCell[] {
  let end = cells.length;
  while (end > 0) {
    const last = cells[end - 1];
    if (last !== undefined && (last.value !== null || last.note !== undefined)) break;
    end -= 1;
  }
  return cells.slice(0, end);
}

function snapshotCell(cell: sheets_v4.Schema$CellData): SnapshotCell {
  const value = cellValueOf(cell.userEnteredValue);
  const note = cell.note;
  return typeof note === 'string' && note.length > 0 ? { value, note } : { value };
}

/** A value as typed: formulas as their `=` text, numbers (dates are serial numbers), booleans, text. */
function cellValueOf(value: sheets_v4.Schema$ExtendedValue | undefined): CellValue {
  if (value === undefined) return null;
  if (typeof value.formulaValue === 'string') return value.formulaValue;
  if (typeof value.stringValue === 'string')
    return value.stringValue.length === 0 ? null : value.stringValue;
  if (typeof value.numberValue === 'number') return value.numberValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  const error = value.errorValue;
  if (error !== undefined && error !== null) {
    return ERROR_TEXTS[error.type ?? ''] ?? error.message ?? '#ERROR!';
  }
  return null;
}

function labelOf(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

// ------------------------------------------------------------------------------------ writing

function findSheet(sheets: ReadonlyMap<string, SheetInfo>, title: string): SheetInfo | undefined {
  const exact = sheets.get(title);
  if (exact !== undefined) return exact;
  // Sheet titles are unique regardless of case in Google Sheets.
  const folded = title.toLocaleLowerCase('fr');
  return [...sheets.values()].find((sheet) => sheet.title.toLocaleLowerCase('fr') === folded);
}

function requireSheet(sheets: ReadonlyMap<string, SheetInfo>, title: string): SheetInfo {
  const sheet = findSheet(sheets, title);
  if (sheet === undefined) throw new Error(`Tab ${title} was checked but is not known`);
  return sheet;
}

/** Merges the CellWrites aimed at one cell (later ones win, field by field). */
function mergeCellWrites(writes: readonly CellWrite[]): PendingCell[] {
  const byCell = new Map<string, PendingCell>();
  for (const write of writes) {
    if (write.value === undefined && write.note === undefined && write.style === undefined)
      continue;
    if (!Number.isInteger(write.row) || write.row < 1) {
      throw new RangeError(
        `Row number must be a positive integer, got ${write.row} (${write.tab})`,
      );
    }
    if (!Number.isInteger(write.columnIndex) || write.columnIndex < 1) {
      throw new RangeError(
        `Column index must be a positive integer, got ${write.columnIndex} (${write.tab} ${write.column})`,
      );
    }
    const key = `${write.tab}\u0000${write.row}\u0000${write.columnIndex}`;
    const cell = byCell.get(key) ?? { tab: write.tab, row: write.row, column: write.columnIndex };
    if (write.value !== undefined) cell.value = write.value;
    if (write.note !== undefined) cell.note = write.note;
    if (write.style !== undefined) cell.style = write.style;
    byCell.set(key, cell);
  }
  return [...byCell.values()];
}

/**
 * One updateCells per run of adjacent cells of a row that set the same fields. Values are sent
 * as typed ExtendedValues, never parsed: a text starting with `=` goes as `stringValue` and stays
 * text, so a value from a sheet can never come back as a formula (no formula injection).
 */
function cellRequests(
  cells: readonly PendingCell[],
  sheets: ReadonlyMap<string, SheetInfo>,
): sheets_v4.Schema$Request[] {
  const sorted = [...cells].sort(
    (a, b) => compareText(a.tab, b.tab) || a.row - b.row || a.column - b.column,
  );
  const requests: sheets_v4.Schema$Request[] = [];
  let run: {
    first: PendingCell;
    last: PendingCell;
    fields: string;
    values: sheets_v4.Schema$CellData[];
  } | null = null;
  const flush = (): void => {
    if (run === null) return;
    requests.push({
      updateCells: {
        start: {
          sheetId: requireSheet(sheets, run.first.tab).sheetId,
          rowIndex: run.first.row - 1,
          columnIndex: run.first.column - 1,
        },
        rows: [{ values: run.values }],
        fields: run.fields,
      },
    });
    run = null;
  };
  for (const cell of sorted) {
    const patch = cellPatch(cell);
    const continues =
      run !== null &&
      run.last.tab === cell.tab &&
      run.last.row === cell.row &&
      run.last.column + 1 === cell.column &&
      run.fields === patch.fields;
    if (run !== null && continues) {
      run.values.push(patch.data);
      run.last = cell;
    } else {
      flush();
      run = { first: cell, last: cell, fields: patch.fields, values: [patch.data] };
    }
  }
  flush();
  return requests;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The CellData of a pending cell and the mask of exactly the fields it sets. */
function cellPatch(cell: PendingCell): CellPatch {
  const fields: string[] = [];
  const data: sheets_v4.Schema$CellData = {};
  const format: sheets_v4.Schema$CellFormat = {};
  if (cell.value !== undefined) {
    fields.push('userEnteredValue');
    const value = extendedValue(cell.value);
    if (value !== null) data.userEnteredValue = value;
    if (cell.value instanceof Date) {
      fields.push('userEnteredFormat.numberFormat');
      format.numberFormat = DATE_FORMAT;
    }
  }
  if (cell.style !== undefined) {
    // Both fields: a fill set from the Sheets UI may live in backgroundColorStyle, which wins.
    fields.push('userEnteredFormat.backgroundColor', 'userEnteredFormat.backgroundColorStyle');
    const fill = FILLS[cell.style];
    if (fill !== null) {
      format.backgroundColor = fill;
      format.backgroundColorStyle = { rgbColor: fill };
    }
  }
  if (cell.note !== undefined) {
    fields.push('note');
    data.note = cell.note ?? '';
  }
  if (Object.keys(format).length > 0) data.userEnteredFormat = format;
  return { data, fields: fields.join(',') };
}

/** A value as the API stores it; null clears the cell. */
function extendedValue(value: CellValue): sheets_v4.Schema$ExtendedValue | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.length === 0 ? null : { stringValue: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError(`Cannot write the number ${value} to a spreadsheet`);
    return { numberValue: value };
  }
  if (typeof value === 'boolean') return { boolValue: value };
  return { numberValue: serialDayOf(value) };
}

/**
 * The spreadsheet serial number of a Date's calendar day in Paris (the day the domain reads a
 * Date as). The read gives it back as that number, which the domain's date parser accepts.
 */
function serialDayOf(date: Date): number {
  if (Number.isNaN(date.getTime()))
    throw new RangeError('Cannot write an invalid Date to a spreadsheet');
  const parts = PARIS_DAY.formatToParts(date);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const epoch = new Date(0);
  epoch.setUTCFullYear(part('year'), part('month') - 1, part('day'));
  return Math.round(epoch.getTime() / MS_PER_DAY) + SERIAL_EPOCH_OFFSET;
}

/**
 * Replaces the data rows of a tab: grows the grid when the new rows need it, clears every value
 * from row 2 to the end of the grid, writes the rows, and gives date cells the date format.
 * Kept in one batchUpdate, a reader sees the old table or the new one, never half of one.
 */
function tabReplacementRequests(
  sheet: SheetInfo,
  replacement: TabReplacement,
): { requests: sheets_v4.Schema$Request[]; rowCount: number; columnCount: number } {
  const { sheetId } = sheet;
  const rows = replacement.rows;
  const width = Math.max(0, ...rows.map((row) => row.length));
  const rowCount = Math.max(sheet.rowCount, 1 + rows.length);
  const columnCount = Math.max(sheet.columnCount, width);
  const requests: sheets_v4.Schema$Request[] = [];
  if (rowCount > sheet.rowCount) {
    requests.push({
      appendDimension: { sheetId, dimension: 'ROWS', length: rowCount - sheet.rowCount },
    });
  }
  if (columnCount > sheet.columnCount) {
    requests.push({
      appendDimension: { sheetId, dimension: 'COLUMNS', length: columnCount - sheet.columnCount },
    });
  }
  // No end row or column: the clear reaches the real end of the grid, whatever its size now.
  requests.push({
    updateCells: { range: { sheetId, startRowIndex: 1 }, fields: 'userEnteredValue' },
  });
  for (let first = 0; first < rows.length; first += TAB_ROWS_PER_REQUEST) {
    const block = rows.slice(first, first + TAB_ROWS_PER_REQUEST);
    requests.push({
      updateCells: {
        start: { sheetId, rowIndex: 1 + first, columnIndex: 0 },
        rows: block.map((row) => ({ values: row.map(valueCell) })),
        fields: 'userEnteredValue',
      },
    });
  }
  requests.push(...dateFormatRequests(sheetId, rows, width));
  return { requests, rowCount, columnCount };
}

function valueCell(value: CellValue): sheets_v4.Schema$CellData {
  const extended = extendedValue(value);
  return extended === null ? {} : { userEnteredValue: extended };
}

/** One repeatCell per vertical run of Dates in a column of a replaced tab. */
function dateFormatRequests(
  sheetId: number,
  rows: readonly (readonly CellValue[])[],
  width: number,
): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  for (let column = 0; column < width; column += 1) {
    let start: number | null = null;
    for (let index = 0; index <= rows.length; index += 1) {
      const isDate = index < rows.length && rows[index]?.[column] instanceof Date;
      if (isDate && start === null) start = index;
      if (!isDate && start !== null) {
        requests.push({
          repeatCell: {
            range: {
              sheetId,
              startRowIndex: 1 + start,
              endRowIndex: 1 + index,
              startColumnIndex: column,
              endColumnIndex: column + 1,
            },
            cell: { userEnteredFormat: { numberFormat: DATE_FORMAT } },
            fields: 'userEnteredFormat.numberFormat',
          },
        });
        start = null;
      }
    }
  }
  return requests;
}

/**
 * Packs groups of requests into batches within the limits. A group (the requests of one tab
 * replacement) stays in one batch whenever it fits in one; only a group larger than a whole
 * batch is split, between its requests.
 */
function packBatches(
  groups: readonly (readonly sheets_v4.Schema$Request[])[],
  limits: BatchLimits,
): sheets_v4.Schema$Request[][] {
  const batches: sheets_v4.Schema$Request[][] = [];
  let current: sheets_v4.Schema$Request[] = [];
  let bytes = BATCH_ENVELOPE_BYTES;
  const flush = (): void => {
    if (current.length > 0) batches.push(current);
    current = [];
    bytes = BATCH_ENVELOPE_BYTES;
  };
  const fits = (extraBytes: number, extraRequests: number): boolean =>
    bytes + extraBytes <= limits.maxBytes && current.length + extraRequests <= limits.maxRequests;
  for (const group of groups) {
    const sizes = group.map((request) => Buffer.byteLength(JSON.stringify(request)) + 1);
    const groupBytes = sizes.reduce((sum, size) => sum + size, 0);
    if (!fits(groupBytes, group.length)) flush();
    group.forEach((request, index) => {
      const size = sizes[index] ?? 0;
      if (current.length > 0 && !fits(size, 1)) flush();
      current.push(request);
      bytes += size;
    });
  }
  flush();
  return batches;
}

// ------------------------------------------------------------------------------------ failures

/** Reads status, Retry-After and message from a client error without trusting its shape. */
function describeFailure(error: unknown): CallFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof error !== 'object' || error === null) {
    return { status: undefined, retryAfterMs: undefined, network: false, message };
  }
  const response = property(error, 'response');
  const status =
    numberOrUndefined(property(error, 'status')) ?? numberOrUndefined(property(response, 'status'));
  const retryAfter = headerOf(property(response, 'headers'), 'retry-after');
  return {
    status,
    retryAfterMs: retryAfter === undefined ? undefined : parseRetryAfter(retryAfter),
    network: status === undefined && isNetworkError(error),
    message,
  };
}

function isNetworkError(error: object): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    const code = property(current, 'code');
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    const message = property(current, 'message');
    if (typeof message === 'string' && /fetch failed|socket hang up|network/i.test(message))
      return true;
    // gaxios keeps the fetch failure in `error`, fetch keeps the socket failure in `cause`.
    current = property(current, 'cause') ?? property(current, 'error');
  }
  return false;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A header from fetch Headers (gaxios 7) or a plain object (older clients). */
function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = property(headers, 'get');
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/** Retry-After as seconds or as an HTTP date, in milliseconds from now. */
function parseRetryAfter(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Wait before the next attempt: 1 s, 2 s, 4 s… (at most 32 s) plus up to 1 s of jitter, and
 * never less than the server's Retry-After; null when that asks for more than a minute.
 */
function retryDelay(attempt: number, failure: CallFailure): number | null {
  const jitter = Math.floor(Math.random() * MAX_JITTER_MS);
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** (attempt - 1)) + jitter;
  if (failure.retryAfterMs === undefined) return backoff;
  if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) return null;
  return Math.max(failure.retryAfterMs + jitter, backoff);
}

/** « du C2RA », « de NordActif (Denain) », « d'Inseraction 62 (Lens) ». */
function workbookName(owner: WorkbookOwner): string {
  if (owner === C2RA) return 'du C2RA';
  const name = operatorDisplayName(owner);
  return /^[aeiouyàâéèêëîïôöûü]/i.test(name) ? `d'${name}` : `de ${name}`;
}

function notConfiguredMessage(owner: WorkbookOwner): string {
  const who = owner === C2RA ? 'le C2RA' : operatorDisplayName(owner);
  return (
    `Aucun classeur Google Sheets n'est configuré pour ${who} : ` +
    "renseignez l'identifiant de son classeur dans la configuration."
  );
}
