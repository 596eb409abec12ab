import type { sheets_v4 } from '@googleapis/sheets';

import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import { ownerMarkOf } from './google-sheets-snapshot';
import { statusOf } from './sheets-retry-policy';
import type { TabLayout, WorkbookLayout } from '../../sheets/layouts/workbook-layout';

/*
 * What a spreadsheet already is, for the provisioner: one ranged read of the layout tabs' first
 * two rows, protections and grid, and where each layout column sits among the tabs' headers
 * (matched by label, case, accents and spaces ignored).
 */

/**
 * What the one read asks for: the spreadsheet's locale and time zone, every tab's grid
 * properties and protected ranges, and for each layout tab the cells of rows 1 and 2 (the
 * header with its notes and bold, and the first data row, whose validation, number format and
 * fill stand for the whole column's).
 */
export const PROVISION_READ_FIELDS =
  'properties(locale,timeZone),developerMetadata(metadataKey,metadataValue,location.spreadsheet),' +
  'sheets(properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount,frozenRowCount)),' +
  'protectedRanges(protectedRangeId,range,description,warningOnly),' +
  'data(startRow,rowData(values(userEnteredValue,formattedValue,note,dataValidation,' +
  'userEnteredFormat(numberFormat,backgroundColor,backgroundColorStyle,textFormat(bold))))))';

/** The light read used when a layout tab is missing (its range would make the full read fail). */
const SHEET_LIST_FIELDS = 'sheets.properties(sheetId,title)';

/** Rows and columns of a tab the provisioner adds (Google's defaults). */
export const NEW_TAB_ROWS = 1000;
export const NEW_TAB_COLUMNS = 26;

/** What the read tells about one tab. */
export interface ObservedSheet {
  readonly sheetId: number;
  readonly title: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly frozenRowCount: number;
  /** Row 1, cell by cell (absent cells are empty objects). */
  readonly header: readonly sheets_v4.Schema$CellData[];
  /** Row 2, cell by cell. */
  readonly firstRow: readonly sheets_v4.Schema$CellData[];
  readonly protectedRanges: readonly sheets_v4.Schema$ProtectedRange[];
}

/** What the read tells about the spreadsheet. */
export interface ObservedSpreadsheet {
  readonly locale: string;
  readonly timeZone: string;
  /** The owner code the spreadsheet is marked with (developer metadata), or null. */
  readonly ownerMark: string | null;
  /** Every grid tab, layout tab or not. */
  readonly sheets: readonly ObservedSheet[];
}

/** Where each layout column of one tab sits, once matched and appended. */
export interface TabPlacement {
  readonly layout: TabLayout;
  readonly sheet: ObservedSheet;
  /** True when the tab is reported as added (missing before, or in a created spreadsheet). */
  readonly added: boolean;
  /** True when the tab exists before the batchUpdate (false: an addSheet request adds it). */
  readonly exists: boolean;
  /** 0-based column index of each layout column, in layout order. */
  readonly positions: readonly number[];
  /** Layout columns this call appends (all of them for an added tab). */
  readonly appended: ReadonlySet<number>;
  readonly unknown: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** `'Tab'!1:2`: the header and the first data row of a tab. */
function headerRange(title: string): string {
  return `'${title.replace(/'/g, "''")}'!1:2`;
}

/**
 * One ranged `spreadsheets.get` when every layout tab exists (the usual case); when one is
 * missing Google refuses the range (400), so the tabs are listed first and only the existing
 * layout tabs are read.
 */
export async function readSpreadsheet(
  api: sheets_v4.Sheets,
  spreadsheetId: string,
  layout: WorkbookLayout,
): Promise<ObservedSpreadsheet> {
  try {
    return await readRanges(
      api,
      spreadsheetId,
      layout.tabs.map((tab) => tab.name),
    );
  } catch (error) {
    if (statusOf(error) !== 400) throw error;
  }
  const listed = await api.spreadsheets.get({ spreadsheetId, fields: SHEET_LIST_FIELDS });
  const titles = (listed.data.sheets ?? []).flatMap((sheet) => {
    const title = sheet.properties?.title;
    return typeof title === 'string' ? [title] : [];
  });
  const present = layout.tabs.flatMap((tab) => {
    const title = titles.find((t) => normalizeForMatch(t) === normalizeForMatch(tab.name));
    return title === undefined ? [] : [title];
  });
  const observed = await readRanges(api, spreadsheetId, present);
  // A ranged read lists only the tabs it reads: keep every tab's id and title, so that an
  // added tab gets a free id and a free title.
  const known = new Set(observed.sheets.map((sheet) => sheet.sheetId));
  const others = (listed.data.sheets ?? [])
    .flatMap(observeSheet)
    .filter((sheet) => !known.has(sheet.sheetId));
  return { ...observed, sheets: [...observed.sheets, ...others] };
}

async function readRanges(
  api: sheets_v4.Sheets,
  spreadsheetId: string,
  titles: readonly string[],
): Promise<ObservedSpreadsheet> {
  const response = await api.spreadsheets.get({
    spreadsheetId,
    fields: PROVISION_READ_FIELDS,
    ...(titles.length === 0
      ? { includeGridData: false }
      : { includeGridData: true, ranges: titles.map(headerRange) }),
  });
  return {
    locale: response.data.properties?.locale ?? '',
    timeZone: response.data.properties?.timeZone ?? '',
    ownerMark: ownerMarkOf(response.data.developerMetadata),
    sheets: (response.data.sheets ?? []).flatMap(observeSheet),
  };
}

export function observeSheet(sheet: sheets_v4.Schema$Sheet): ObservedSheet[] {
  const properties = sheet.properties;
  if (properties === undefined || typeof properties.title !== 'string') return [];
  if (properties.sheetType !== undefined && properties.sheetType !== null) {
    if (properties.sheetType !== 'GRID') return [];
  }
  const grid = properties.gridProperties ?? {};
  const data = sheet.data?.[0];
  const startRow = data?.startRow ?? 0;
  const rows = data?.rowData ?? [];
  const rowAt = (index: number): sheets_v4.Schema$CellData[] => {
    const offset = index - startRow;
    return offset < 0 ? [] : (rows[offset]?.values ?? []);
  };
  return [
    {
      // proto3 JSON leaves out zeros: the first tab's id 0 arrives as nothing.
      sheetId: properties.sheetId ?? 0,
      title: properties.title,
      rowCount: grid.rowCount ?? NEW_TAB_ROWS,
      columnCount: grid.columnCount ?? NEW_TAB_COLUMNS,
      frozenRowCount: grid.frozenRowCount ?? 0,
      header: rowAt(0),
      firstRow: rowAt(1),
      protectedRanges: sheet.protectedRanges ?? [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/** The text of a header cell as a person sees it. */
export function cellText(cell: sheets_v4.Schema$CellData | undefined): string {
  const entered = cell?.userEnteredValue;
  if (typeof entered?.stringValue === 'string') return entered.stringValue;
  if (typeof entered?.numberValue === 'number') return String(entered.numberValue);
  if (typeof entered?.boolValue === 'boolean') return entered.boolValue ? 'TRUE' : 'FALSE';
  if (typeof entered?.formulaValue === 'string') return cell?.formattedValue ?? '';
  return cell?.formattedValue ?? '';
}

export function hasContent(cell: sheets_v4.Schema$CellData | undefined): boolean {
  return cellText(cell).trim() !== '';
}

/** A free sheet id for an added tab, derived from its title so that plans are reproducible. */
function freeSheetId(title: string, used: Set<number>): number {
  let hash = 0;
  for (const character of title)
    hash = (hash * 31 + (character.codePointAt(0) ?? 0)) % 2_000_000_000;
  let id = 1 + hash;
  while (used.has(id)) id = (id % 2_000_000_000) + 1;
  used.add(id);
  return id;
}

export function placeTabs(layout: WorkbookLayout, observed: ObservedSpreadsheet): TabPlacement[] {
  const usedIds = new Set(observed.sheets.map((sheet) => sheet.sheetId));
  const claimed = new Set<number>();
  return layout.tabs.map((tab) => {
    const key = normalizeForMatch(tab.name);
    const existing = observed.sheets.find(
      (sheet) => !claimed.has(sheet.sheetId) && normalizeForMatch(sheet.title) === key,
    );
    if (existing === undefined) {
      const sheet: ObservedSheet = {
        sheetId: freeSheetId(tab.name, usedIds),
        title: tab.name,
        rowCount: NEW_TAB_ROWS,
        columnCount: Math.max(NEW_TAB_COLUMNS, tab.columns.length),
        frozenRowCount: 1,
        header: [],
        firstRow: [],
        protectedRanges: [],
      };
      return {
        layout: tab,
        sheet,
        added: true,
        exists: false,
        positions: tab.columns.map((_, index) => index),
        appended: new Set(tab.columns.map((_, index) => index)),
        unknown: [],
      };
    }
    claimed.add(existing.sheetId);
    return placeColumns(tab, existing);
  });
}

/** Matches the layout's columns to the header by label; appends the missing ones at the end. */
function placeColumns(tab: TabLayout, sheet: ObservedSheet): TabPlacement {
  const byLabel = new Map<string, number>();
  sheet.header.forEach((cell, index) => {
    const key = normalizeForMatch(cellText(cell));
    if (key !== '' && !byLabel.has(key)) byLabel.set(key, index);
  });
  const claimed = new Set<number>();
  let lastUsed = -1;
  sheet.header.forEach((cell, index) => {
    if (hasContent(cell)) lastUsed = Math.max(lastUsed, index);
  });
  sheet.firstRow.forEach((cell, index) => {
    if (hasContent(cell)) lastUsed = Math.max(lastUsed, index);
  });
  const appended = new Set<number>();
  let next = lastUsed + 1;
  const positions = tab.columns.map((column, index) => {
    const found = byLabel.get(normalizeForMatch(column.label));
    if (found !== undefined && !claimed.has(found)) {
      claimed.add(found);
      return found;
    }
    appended.add(index);
    const position = next;
    next += 1;
    return position;
  });
  const unknown = sheet.header.flatMap((cell, index) =>
    hasContent(cell) && !claimed.has(index) ? [cellText(cell)] : [],
  );
  return { layout: tab, sheet, added: false, exists: true, positions, appended, unknown };
}
