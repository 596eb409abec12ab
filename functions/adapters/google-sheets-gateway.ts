import type { sheets_v4 } from '@googleapis/sheets';

import { C2RA, operatorDisplayName, type WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type DomainError, type Result } from '../../shared/domain/result';
import type {
  ReadOptions,
  SpreadsheetGateway,
  WriteBack,
} from '../../shared/ports/spreadsheet-gateway';
import type { TabSnapshot, WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import { dashboardRequests, type ApiCall } from './google-sheets-charts';
import {
  findSheet,
  isGridSheet,
  ownerMarkOf,
  ownerMarkRequest,
  sheetInfoOf,
  tabSnapshot,
  wholeTabRange,
  type SheetInfo,
} from './google-sheets-snapshot';
import {
  DEFAULT_BATCH_LIMITS,
  cellRequests,
  mergeCellWrites,
  packBatches,
  requireSheet,
  tabReplacementRequests,
  type BatchLimits,
} from './google-sheets-write-requests';
import {
  SheetsApiCallError,
  callWithRetries,
  retryPolicy,
  statusOf,
  type RetryPolicy,
} from './sheets-retry-policy';

export { SheetsApiCallError } from './sheets-retry-policy';
export { DEFAULT_BATCH_LIMITS, type BatchLimits } from './google-sheets-write-requests';

/**
 * Everything the read needs in one `spreadsheets.get`: typed values (formulas as their text,
 * dates as serial numbers) and notes. Grid sizes come along because a tab replacement must grow
 * the grid before writing past its last row (updateCells never grows it).
 */
const IDENTITY_FIELDS =
  'properties.title,developerMetadata(metadataKey,metadataValue,location.spreadsheet)';

export const READ_FIELDS =
  `${IDENTITY_FIELDS},` +
  'sheets(properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount)),merges,' +
  'data(rowData(values(userEnteredValue,note))))';

/** The light read made before a write when the sheet ids of a workbook are not known yet. */
export const SHEET_PROPERTIES_FIELDS =
  'sheets.properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount))';

/** Options of {@link GoogleSheetsGateway}. */
export interface GoogleSheetsGatewayOptions {
  /** A client from `createSheetsClient` (its own retries off): the gateway retries. */
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
  private readonly retry: RetryPolicy;
  private readonly limits: BatchLimits;
  /** Tabs of each owner's workbook as last seen, so that a write needs no extra read. */
  private readonly sheetsByOwner = new Map<WorkbookOwner, Map<string, SheetInfo>>();

  constructor(options: GoogleSheetsGatewayOptions) {
    this.api = options.api;
    this.spreadsheetIds = options.spreadsheetIds;
    this.retry = retryPolicy({
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    });
    this.limits = { ...DEFAULT_BATCH_LIMITS, ...options.batchLimits };
  }

  /**
   * Reads the owner's workbook in one `spreadsheets.get`: every tab, or only the tabs named (one
   * ranged read; a named tab the workbook lacks is left out of the snapshot).
   */
  async read(owner: WorkbookOwner, options: ReadOptions = {}): Promise<Result<WorkbookSnapshot>> {
    const spreadsheetId = this.spreadsheetIdOf(owner);
    if (spreadsheetId === undefined) return fail('WORKBOOK_NOT_FOUND', notConfiguredMessage(owner));
    let spreadsheet: sheets_v4.Schema$Spreadsheet;
    try {
      spreadsheet =
        options.tabs === undefined
          ? await this.fetchGrid(spreadsheetId, null)
          : await this.fetchNamedTabs(spreadsheetId, options.tabs);
    } catch (error) {
      return this.expectedFailure(error, owner);
    }
    const sheets = (spreadsheet.sheets ?? []).filter(isGridSheet);
    this.remember(owner, sheets, options.tabs !== undefined);
    const tabs: TabSnapshot[] = [];
    for (const sheet of sheets) {
      const tab = tabSnapshot(sheet);
      if (tab !== null) tabs.push(tab);
    }
    const identity = {
      mark: ownerMarkOf(spreadsheet.developerMetadata),
      name: spreadsheet.properties?.title ?? spreadsheetId,
    };
    return ok({ owner, tabs, identity });
  }

  /**
   * The grid tabs with their values, notes and merges (all of them, or those of `ranges`), the
   * spreadsheet's title and its developer metadata (the owner mark).
   */
  private async fetchGrid(
    spreadsheetId: string,
    ranges: readonly string[] | null,
  ): Promise<sheets_v4.Schema$Spreadsheet> {
    const response = await callWithRetries(this.retry, 'spreadsheets.get', () =>
      this.api.spreadsheets.get({
        spreadsheetId,
        includeGridData: true,
        fields: READ_FIELDS,
        ...(ranges === null ? {} : { ranges: [...ranges] }),
      }),
    );
    return response.data;
  }

  /**
   * Only the named tabs, in one ranged read. Google refuses the whole call (400) when one range
   * names a missing tab: the tabs are then listed and only those present are read.
   */
  private async fetchNamedTabs(
    spreadsheetId: string,
    titles: readonly string[],
  ): Promise<sheets_v4.Schema$Spreadsheet> {
    try {
      return await this.fetchGrid(spreadsheetId, titles.map(wholeTabRange));
    } catch (error) {
      if (statusOf(error) !== 400) throw error;
    }
    const listed = await callWithRetries(this.retry, 'spreadsheets.get', () =>
      this.api.spreadsheets.get({
        spreadsheetId,
        fields: `${IDENTITY_FIELDS},${SHEET_PROPERTIES_FIELDS}`,
      }),
    );
    const existing = new Map<string, SheetInfo>();
    for (const sheet of (listed.data.sheets ?? []).filter(isGridSheet)) {
      const info = sheetInfoOf(sheet);
      if (info !== null) existing.set(info.title, info);
    }
    const present = titles.flatMap((title) => {
      const sheet = findSheet(existing, title);
      return sheet === undefined ? [] : [sheet.title];
    });
    if (present.length > 0) return this.fetchGrid(spreadsheetId, present.map(wholeTabRange));
    return { ...listed.data, sheets: [] };
  }

  /**
   * Writes the write-back in one `spreadsheets.batchUpdate`; no call when it is empty. A Date is
   * written as the serial number of its day in Paris with the format `jj/mm/aaaa`; a CellWrite
   * outside the grid's numbering, a non-finite number or an invalid Date is a bug (RangeError).
   */
  async write(owner: WorkbookOwner, writeBack: WriteBack): Promise<Result<void>> {
    const cells = mergeCellWrites(writeBack.cells);
    const dashboard = writeBack.dashboard;
    const ownerMark = writeBack.ownerMark;
    if (
      cells.length === 0 &&
      writeBack.tabs.length === 0 &&
      dashboard === undefined &&
      ownerMark === undefined
    )
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
    if (ownerMark !== undefined) groups.push([ownerMarkRequest(ownerMark)]);

    try {
      if (dashboard !== undefined) {
        const call: ApiCall = (operation, run) => callWithRetries(this.retry, operation, run);
        groups.push(await dashboardRequests({ api: this.api, spreadsheetId, dashboard, call }));
      }
      for (const requests of packBatches(groups, this.limits)) {
        // A retried batchUpdate does no harm: updateCells and repeatCell set absolute contents,
        // so applying them twice leaves the same sheet. Only appendDimension is not idempotent,
        // and a replay of it merely adds empty rows or columns at the end of a grid.
        await callWithRetries(this.retry, 'spreadsheets.batchUpdate', () =>
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

  /** Keeps the tabs just read; a read of some tabs adds to what was known of the others. */
  private remember(
    owner: WorkbookOwner,
    sheets: readonly sheets_v4.Schema$Sheet[],
    partial = false,
  ): void {
    const byTitle = partial
      ? new Map(this.sheetsByOwner.get(owner) ?? [])
      : new Map<string, SheetInfo>();
    for (const sheet of sheets) {
      const info = sheetInfoOf(sheet);
      if (info !== null) byTitle.set(info.title, info);
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
      const response = await callWithRetries(this.retry, 'spreadsheets.get', () =>
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
