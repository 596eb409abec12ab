import type { sheets_v4 } from '@googleapis/sheets';

import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import {
  COLORS,
  NUMBER_FORMATS,
  columnDropdown,
  type ColumnFormat,
  type ColumnLayout,
  type TabLayout,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import { columnLetter } from '../../shared/domain/values/column-letter';

/*
 * Provisioning of a Google spreadsheet from a declarative workbook layout, through the Sheets
 * API v4: one read, one batchUpdate, nothing at all to write when the spreadsheet already
 * matches. The layout decides the header labels and notes, the dropdowns, the number formats,
 * the grey fill and the protections of the columns it knows; it never moves, clears or deletes
 * what a person typed, and never touches a column or a tab it does not know.
 */

/** Options of {@link provisionSpreadsheet}. */
export interface ProvisionOptions {
  /** The spreadsheet to update in place; a new one is created when absent. */
  readonly spreadsheetId?: string | undefined;
  /** The title of a spreadsheet this call creates (an existing one keeps its own). */
  readonly title: string;
}

/** A column of a tab, by its header label. */
export interface TabColumn {
  readonly tab: string;
  readonly label: string;
}

/** What {@link provisionSpreadsheet} did. */
export interface ProvisionReport {
  readonly spreadsheetId: string;
  /** True when this call created the spreadsheet. */
  readonly created: boolean;
  /** Tabs of the layout the spreadsheet did not have (every tab of a created spreadsheet). */
  readonly addedTabs: readonly string[];
  /** Layout columns appended after the last used column of a tab that already existed. */
  readonly addedColumns: readonly TabColumn[];
  /**
   * Header labels of a layout tab that the layout does not know (a column a person added, or
   * one the layout renamed or removed): reported, never deleted, moved or renamed.
   */
  readonly unknownColumns: readonly TabColumn[];
  /** Requests sent in the one `spreadsheets.batchUpdate` (0: no write call was made). */
  readonly requests: number;
}

/** The locale and time zone every workbook gets: French formats, dates in Paris. */
export const SPREADSHEET_LOCALE = 'fr_FR';
/** See {@link SPREADSHEET_LOCALE}. */
export const SPREADSHEET_TIME_ZONE = 'Europe/Paris';

/**
 * What the one read asks for: the spreadsheet's locale and time zone, every tab's grid
 * properties and protected ranges, and for each layout tab the cells of rows 1 and 2 (the
 * header with its notes and bold, and the first data row, whose validation, number format and
 * fill stand for the whole column's).
 */
export const PROVISION_READ_FIELDS =
  'properties(locale,timeZone),' +
  'sheets(properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount,frozenRowCount)),' +
  'protectedRanges(protectedRangeId,range,description,warningOnly),' +
  'data(startRow,rowData(values(userEnteredValue,formattedValue,note,dataValidation,' +
  'userEnteredFormat(numberFormat,backgroundColor,backgroundColorStyle,textFormat(bold))))))';

/** The light read used when a layout tab is missing (its range would make the full read fail). */
const SHEET_LIST_FIELDS = 'sheets.properties(sheetId,title)';

/** Every protected range the provisioner owns starts with this; others are a person's own. */
export const PROTECTION_PREFIX = 'DLA — ';

/** Rows and columns of a tab the provisioner adds (Google's defaults). */
const NEW_TAB_ROWS = 1000;
const NEW_TAB_COLUMNS = 26;

/** Pixels per character of a column width, plus the cell's padding. */
const PIXELS_PER_CHARACTER = 7;
const COLUMN_PADDING_PIXELS = 12;

/** Two colours are the same when no channel differs by more than this (Google rounds to 1/255). */
const COLOR_TOLERANCE = 0.005;

/** Input message of a multi-value column: the dropdown picks one value, the others are typed. */
const MULTI_VALUE_INPUT_MESSAGE =
  'Plusieurs valeurs possibles : choisissez-en une dans la liste ou saisissez-les séparées par des virgules.';

/** Input message of a single-value dropdown. */
const SINGLE_VALUE_INPUT_MESSAGE = 'Choisissez une valeur dans la liste.';

/** Input message of a dropdown fed by another tab's IDs. */
function referenceInputMessage(tab: string): string {
  return `Choisissez un identifiant de l'onglet « ${tab} ».`;
}

/** The grey of the columns only the system writes, as the API spells colours. */
const PROTECTED_FILL = argbToColor(COLORS.protectedFill);

/** What the read tells about one tab. */
interface ObservedSheet {
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
interface ObservedSpreadsheet {
  readonly locale: string;
  readonly timeZone: string;
  /** Every grid tab, layout tab or not. */
  readonly sheets: readonly ObservedSheet[];
}

/** Where each layout column of one tab sits, once matched and appended. */
interface TabPlacement {
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

/**
 * Creates the spreadsheet of a workbook layout, or brings an existing one up to the layout in
 * place, idempotently.
 *
 * - Without `spreadsheetId`: one `spreadsheets.create` (every tab, frozen header, locale
 *   fr_FR, time zone Europe/Paris), then one `spreadsheets.batchUpdate` for the rest.
 * - With it: one `spreadsheets.get` (rows 1–2 of the layout tabs, grid properties, protected
 *   ranges, locale), then at most one `spreadsheets.batchUpdate` holding only what differs; a
 *   spreadsheet that already matches gets no write call at all. When a layout tab is missing,
 *   the ranged read fails and two light reads replace it.
 *
 * Columns are matched by header label (case, accents and spaces ignored, as the sync engine
 * does): a layout column missing from a tab is appended after the last used column, so data
 * never shifts; a label the layout does not know is reported in `unknownColumns`, never
 * deleted or guessed. A tab missing from the spreadsheet is added at the end.
 *
 * Per layout column it applies: header label, French note and bold; the number format of the
 * layout's `NUMBER_FORMATS` (dates `dd/mm/yyyy`, amounts in euros, identifiers, SIRET, postal
 * codes and phone numbers as text) from row 2 down; a dropdown
 * (`ONE_OF_LIST` for choices and Oui/Non, `ONE_OF_RANGE` on the IDs of another tab for
 * references) — not strict, so that a pasted value reaches the sync engine, which explains a
 * refusal in a French note; the grey fill and a warning-only protection for ID, computed and
 * system columns (a whole-tab protection for a tab only the system writes), and a warning-only
 * protection of the header row. Multi-value columns get a non-strict `ONE_OF_LIST` with the
 * dropdown shown (`showCustomUi`) and an input message: the Sheets API cannot switch on the
 * « multiple selections » chips of the Google Sheets UI, so a person picks one value or types
 * several separated by commas, which the domain parser reads. Widths are set only on the
 * columns this call adds, so a width a person chose is kept.
 *
 * API errors propagate (a `GaxiosError` with its `status`); the client's retry decides retries.
 */
export async function provisionSpreadsheet(
  api: sheets_v4.Sheets,
  layout: WorkbookLayout,
  options: ProvisionOptions,
): Promise<ProvisionReport> {
  if (options.spreadsheetId === undefined) return createSpreadsheet(api, layout, options.title);
  const spreadsheetId = options.spreadsheetId;
  const observed = await readSpreadsheet(api, spreadsheetId, layout);
  const placements = placeTabs(layout, observed);
  const requests = planRequests(observed, placements);
  if (requests.length > 0) {
    await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
  }
  return report(spreadsheetId, false, placements, requests.length);
}

async function createSpreadsheet(
  api: sheets_v4.Sheets,
  layout: WorkbookLayout,
  title: string,
): Promise<ProvisionReport> {
  const created = await api.spreadsheets.create({
    requestBody: {
      properties: { title, locale: SPREADSHEET_LOCALE, timeZone: SPREADSHEET_TIME_ZONE },
      sheets: layout.tabs.map((tab, index) => ({
        properties: {
          title: tab.name,
          index,
          gridProperties: {
            rowCount: NEW_TAB_ROWS,
            columnCount: Math.max(NEW_TAB_COLUMNS, tab.columns.length),
            frozenRowCount: 1,
          },
        },
      })),
    },
    fields: 'spreadsheetId,properties(locale,timeZone),sheets.properties',
  });
  const spreadsheetId = created.data.spreadsheetId;
  if (typeof spreadsheetId !== 'string' || spreadsheetId === '') {
    throw new Error('Création du classeur : la réponse de Google ne donne pas son identifiant.');
  }
  const observed: ObservedSpreadsheet = {
    locale: created.data.properties?.locale ?? SPREADSHEET_LOCALE,
    timeZone: created.data.properties?.timeZone ?? SPREADSHEET_TIME_ZONE,
    sheets: (created.data.sheets ?? []).flatMap(observeSheet),
  };
  const placements = placeTabs(layout, observed).map((placement) => ({
    ...placement,
    added: true,
    appended: new Set(placement.positions.map((_, index) => index)),
  }));
  const requests = planRequests(observed, placements);
  if (requests.length > 0) {
    await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
  }
  return report(spreadsheetId, true, placements, requests.length);
}

function report(
  spreadsheetId: string,
  created: boolean,
  placements: readonly TabPlacement[],
  requests: number,
): ProvisionReport {
  return {
    spreadsheetId,
    created,
    addedTabs: placements.filter((p) => p.added).map((p) => p.layout.name),
    addedColumns: placements
      .filter((p) => !p.added)
      .flatMap((p) =>
        [...p.appended].map((index) => ({
          tab: p.sheet.title,
          label: p.layout.columns[index]?.label ?? '',
        })),
      ),
    unknownColumns: placements.flatMap((p) =>
      p.unknown.map((label) => ({ tab: p.sheet.title, label })),
    ),
    requests,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** `'Tab'!1:2`: the header and the first data row of a tab. */
function headerRange(title: string): string {
  return `'${title.replace(/'/g, "''")}'!1:2`;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status: unknown = Reflect.get(error, 'status');
  if (typeof status === 'number') return status;
  const response: unknown = Reflect.get(error, 'response');
  if (typeof response === 'object' && response !== null) {
    const inner: unknown = Reflect.get(response, 'status');
    if (typeof inner === 'number') return inner;
  }
  return undefined;
}

/**
 * One ranged `spreadsheets.get` when every layout tab exists (the usual case); when one is
 * missing Google refuses the range (400), so the tabs are listed first and only the existing
 * layout tabs are read.
 */
async function readSpreadsheet(
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
    sheets: (response.data.sheets ?? []).flatMap(observeSheet),
  };
}

function observeSheet(sheet: sheets_v4.Schema$Sheet): ObservedSheet[] {
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
function cellText(cell: sheets_v4.Schema$CellData | undefined): string {
  const entered = cell?.userEnteredValue;
  if (typeof entered?.stringValue === 'string') return entered.stringValue;
  if (typeof entered?.numberValue === 'number') return String(entered.numberValue);
  if (typeof entered?.boolValue === 'boolean') return entered.boolValue ? 'TRUE' : 'FALSE';
  if (typeof entered?.formulaValue === 'string') return cell?.formattedValue ?? '';
  return cell?.formattedValue ?? '';
}

function hasContent(cell: sheets_v4.Schema$CellData | undefined): boolean {
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

function placeTabs(layout: WorkbookLayout, observed: ObservedSpreadsheet): TabPlacement[] {
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

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

function argbToColor(argb: string): sheets_v4.Schema$Color {
  const channel = (from: number): number => parseInt(argb.slice(from, from + 2), 16) / 255;
  return { red: channel(2), green: channel(4), blue: channel(6) };
}

function sameColor(
  a: sheets_v4.Schema$Color | null | undefined,
  b: sheets_v4.Schema$Color,
): boolean {
  if (a === null || a === undefined) return false;
  return (['red', 'green', 'blue'] as const).every(
    (channel) => Math.abs((a[channel] ?? 0) - (b[channel] ?? 0)) <= COLOR_TOLERANCE,
  );
}

function backgroundOf(cell: sheets_v4.Schema$CellData | undefined): sheets_v4.Schema$Color | null {
  const format = cell?.userEnteredFormat;
  return format?.backgroundColorStyle?.rgbColor ?? format?.backgroundColor ?? null;
}

/** The Sheets number format of a layout column format, or null when it keeps « automatic ». */
export function numberFormatOf(format: ColumnFormat): sheets_v4.Schema$NumberFormat | null {
  const pattern = NUMBER_FORMATS[format];
  if (pattern === undefined) return null;
  if (pattern === '@') return { type: 'TEXT', pattern };
  if (format === 'date') return { type: 'DATE', pattern };
  if (format === 'datetime') return { type: 'DATE_TIME', pattern };
  if (format === 'amount') return { type: 'CURRENCY', pattern };
  return { type: 'NUMBER', pattern };
}

function sameNumberFormat(
  a: sheets_v4.Schema$NumberFormat | null | undefined,
  b: sheets_v4.Schema$NumberFormat,
): boolean {
  return (a?.type ?? '') === (b.type ?? '') && (a?.pattern ?? '') === (b.pattern ?? '');
}

/** The validation rule of a layout column, or null when it gets none. */
function validationRuleOf(
  column: ColumnLayout,
  placements: readonly TabPlacement[],
): sheets_v4.Schema$DataValidationRule | null {
  if (column.protected) return null;
  if (column.format === 'choices' && column.choices !== undefined && column.choices.length > 0) {
    return {
      condition: {
        type: 'ONE_OF_LIST',
        values: column.choices.map((value) => ({ userEnteredValue: value })),
      },
      inputMessage: MULTI_VALUE_INPUT_MESSAGE,
      strict: false,
      showCustomUi: true,
    };
  }
  const dropdown = columnDropdown(column);
  if (dropdown === null) return null;
  if (dropdown.kind === 'values') {
    return {
      condition: {
        type: 'ONE_OF_LIST',
        values: dropdown.values.map((value) => ({ userEnteredValue: value })),
      },
      inputMessage: SINGLE_VALUE_INPUT_MESSAGE,
      strict: false,
      showCustomUi: true,
    };
  }
  const source = placements.find(
    (p) => normalizeForMatch(p.layout.name) === normalizeForMatch(dropdown.source.tab),
  );
  const sourceIndex = source?.layout.columns.findIndex(
    (c) => normalizeForMatch(c.label) === normalizeForMatch(dropdown.source.column),
  );
  const position =
    source === undefined || sourceIndex === undefined ? undefined : source.positions[sourceIndex];
  if (source === undefined || position === undefined) return null;
  const letters = columnLetter(position + 1);
  const title = source.sheet.title.replace(/'/g, "''");
  return {
    condition: {
      type: 'ONE_OF_RANGE',
      values: [{ userEnteredValue: `='${title}'!$${letters}$2:$${letters}` }],
    },
    inputMessage: referenceInputMessage(source.sheet.title),
    strict: false,
    showCustomUi: true,
  };
}

/** A rule as compared: condition type and values, strictness, dropdown, input message. */
function ruleKey(rule: sheets_v4.Schema$DataValidationRule | null | undefined): string {
  if (rule === null || rule === undefined) return '';
  return JSON.stringify([
    rule.condition?.type ?? '',
    (rule.condition?.values ?? []).map((v) => v.userEnteredValue ?? ''),
    rule.strict === true,
    rule.showCustomUi === true,
    rule.inputMessage ?? '',
  ]);
}

/** A GridRange as compared: a missing start is 0, a missing end is unbounded. */
function rangeKey(range: sheets_v4.Schema$GridRange | null | undefined): string {
  return JSON.stringify([
    range?.sheetId ?? 0,
    range?.startRowIndex ?? 0,
    range?.endRowIndex ?? null,
    range?.startColumnIndex ?? 0,
    range?.endColumnIndex ?? null,
  ]);
}

/** The protected ranges a tab must carry, by description. */
function desiredProtections(placement: TabPlacement): Map<string, sheets_v4.Schema$GridRange> {
  const sheetId = placement.sheet.sheetId;
  const wanted = new Map<string, sheets_v4.Schema$GridRange>();
  const columns = placement.layout.columns;
  if (columns.every((column) => column.protected)) {
    wanted.set(
      `${PROTECTION_PREFIX}onglet écrit par le système : vos modifications seraient remplacées à la prochaine synchronisation.`,
      { sheetId },
    );
    return wanted;
  }
  wanted.set(
    `${PROTECTION_PREFIX}ligne d'en-tête : les intitulés servent à reconnaître les colonnes, ne les modifiez pas.`,
    { sheetId, startRowIndex: 0, endRowIndex: 1 },
  );
  columns.forEach((column, index) => {
    const position = placement.positions[index];
    if (!column.protected || position === undefined) return;
    wanted.set(`${PROTECTION_PREFIX}colonne « ${column.label} » remplie par le système.`, {
      sheetId,
      startColumnIndex: position,
      endColumnIndex: position + 1,
    });
  });
  return wanted;
}

/** Requests grouped by kind, sent in this order in the one batchUpdate. */
interface RequestGroups {
  readonly spreadsheet: sheets_v4.Schema$Request[];
  readonly tabs: sheets_v4.Schema$Request[];
  readonly grids: sheets_v4.Schema$Request[];
  readonly headers: sheets_v4.Schema$Request[];
  readonly widths: sheets_v4.Schema$Request[];
  readonly formats: sheets_v4.Schema$Request[];
  readonly validations: sheets_v4.Schema$Request[];
  readonly protections: sheets_v4.Schema$Request[];
}

function planRequests(
  observed: ObservedSpreadsheet,
  placements: readonly TabPlacement[],
): sheets_v4.Schema$Request[] {
  const groups: RequestGroups = {
    spreadsheet: [],
    tabs: [],
    grids: [],
    headers: [],
    widths: [],
    formats: [],
    validations: [],
    protections: [],
  };
  const locale = observed.locale !== SPREADSHEET_LOCALE;
  const timeZone = observed.timeZone !== SPREADSHEET_TIME_ZONE;
  if (locale || timeZone) {
    groups.spreadsheet.push({
      updateSpreadsheetProperties: {
        properties: {
          ...(locale ? { locale: SPREADSHEET_LOCALE } : {}),
          ...(timeZone ? { timeZone: SPREADSHEET_TIME_ZONE } : {}),
        },
        fields: [locale ? 'locale' : '', timeZone ? 'timeZone' : ''].filter(Boolean).join(','),
      },
    });
  }
  const newTabIndex = observed.sheets.length;
  placements.forEach((placement, order) => {
    planTab(placement, placements, groups, order, newTabIndex);
  });
  return [
    ...groups.spreadsheet,
    ...groups.tabs,
    ...groups.grids,
    ...groups.headers,
    ...groups.widths,
    ...groups.formats,
    ...groups.validations,
    ...groups.protections,
  ];
}

function planTab(
  placement: TabPlacement,
  placements: readonly TabPlacement[],
  groups: RequestGroups,
  order: number,
  newTabIndex: number,
): void {
  const { sheet, positions } = placement;
  const sheetId = sheet.sheetId;
  const neededColumns = Math.max(0, ...positions.map((p) => p + 1));
  if (!placement.exists) {
    // A tab added to an existing spreadsheet goes after the person's own tabs.
    const tabsBefore = placements.slice(0, order).filter((p) => p.added).length;
    groups.tabs.push({
      addSheet: {
        properties: {
          sheetId,
          title: placement.layout.name,
          index: newTabIndex + tabsBefore,
          gridProperties: {
            rowCount: NEW_TAB_ROWS,
            columnCount: Math.max(NEW_TAB_COLUMNS, neededColumns),
            frozenRowCount: 1,
          },
        },
      },
    });
  } else {
    if (neededColumns > sheet.columnCount) {
      groups.grids.push({
        appendDimension: {
          sheetId,
          dimension: 'COLUMNS',
          length: neededColumns - sheet.columnCount,
        },
      });
    }
    if (sheet.rowCount < 2) {
      groups.grids.push({
        appendDimension: { sheetId, dimension: 'ROWS', length: NEW_TAB_ROWS - sheet.rowCount },
      });
    }
    if (sheet.frozenRowCount < 1) {
      groups.grids.push({
        updateSheetProperties: {
          properties: { sheetId, gridProperties: { frozenRowCount: 1 } },
          fields: 'gridProperties.frozenRowCount',
        },
      });
    }
  }
  planHeader(placement, groups);
  const dataRows = { sheetId, startRowIndex: 1 };
  placement.layout.columns.forEach((column, index) => {
    const position = positions[index];
    if (position === undefined) return;
    const cell = sheet.firstRow[position];
    const columnRange = { ...dataRows, startColumnIndex: position, endColumnIndex: position + 1 };
    if (placement.appended.has(index)) {
      groups.widths.push({
        updateDimensionProperties: {
          range: { sheetId, dimension: 'COLUMNS', startIndex: position, endIndex: position + 1 },
          properties: { pixelSize: column.width * PIXELS_PER_CHARACTER + COLUMN_PADDING_PIXELS },
          fields: 'pixelSize',
        },
      });
    }
    const numberFormat = numberFormatOf(column.format);
    if (
      numberFormat !== null &&
      !sameNumberFormat(cell?.userEnteredFormat?.numberFormat, numberFormat)
    ) {
      groups.formats.push({
        repeatCell: {
          range: columnRange,
          cell: { userEnteredFormat: { numberFormat } },
          fields: 'userEnteredFormat.numberFormat',
        },
      });
    }
    if (column.protected && !sameColor(backgroundOf(cell), PROTECTED_FILL)) {
      groups.formats.push({
        repeatCell: {
          range: columnRange,
          cell: { userEnteredFormat: { backgroundColor: PROTECTED_FILL } },
          fields: 'userEnteredFormat.backgroundColor',
        },
      });
    }
    const rule = validationRuleOf(column, placements);
    if (rule !== null && ruleKey(rule) !== ruleKey(cell?.dataValidation)) {
      groups.validations.push({ setDataValidation: { range: columnRange, rule } });
    }
  });
  planProtections(placement, groups);
}

function planHeader(placement: TabPlacement, groups: RequestGroups): void {
  const { sheet, positions } = placement;
  const wanted = new Map<number, ColumnLayout>();
  placement.layout.columns.forEach((column, index) => {
    const position = positions[index];
    if (position !== undefined) wanted.set(position, column);
  });
  const stale = [...wanted.entries()]
    .filter(([position, column]) => {
      const cell = sheet.header[position];
      return (
        cellText(cell) !== column.label ||
        (cell?.note ?? '') !== column.note ||
        cell?.userEnteredFormat?.textFormat?.bold !== true
      );
    })
    .map(([position]) => position)
    .sort((a, b) => a - b);
  // One updateCells per run of adjacent header cells to rewrite: a cell between two runs (a
  // person's own column) is never written.
  let run: number[] = [];
  const flush = (): void => {
    const first = run[0];
    if (first === undefined) return;
    groups.headers.push({
      updateCells: {
        start: { sheetId: sheet.sheetId, rowIndex: 0, columnIndex: first },
        rows: [
          {
            values: run.map((position) => {
              const column = wanted.get(position);
              return {
                userEnteredValue: { stringValue: column?.label ?? '' },
                note: column?.note ?? '',
                userEnteredFormat: { textFormat: { bold: true } },
              };
            }),
          },
        ],
        fields: 'userEnteredValue,note,userEnteredFormat.textFormat.bold',
      },
    });
    run = [];
  };
  for (const position of stale) {
    const last = run[run.length - 1];
    if (last !== undefined && position !== last + 1) flush();
    run.push(position);
  }
  flush();
}

function planProtections(placement: TabPlacement, groups: RequestGroups): void {
  const wanted = desiredProtections(placement);
  const seen = new Set<string>();
  for (const existing of placement.sheet.protectedRanges) {
    const description = existing.description ?? '';
    if (!description.startsWith(PROTECTION_PREFIX)) continue;
    const id = existing.protectedRangeId;
    if (id === null || id === undefined) continue;
    const range = wanted.get(description);
    if (range === undefined || seen.has(description)) {
      groups.protections.push({ deleteProtectedRange: { protectedRangeId: id } });
      continue;
    }
    seen.add(description);
    if (rangeKey(existing.range) !== rangeKey(range) || existing.warningOnly !== true) {
      groups.protections.push({
        updateProtectedRange: {
          protectedRange: { protectedRangeId: id, range, warningOnly: true },
          fields: 'range,warningOnly',
        },
      });
    }
  }
  for (const [description, range] of wanted) {
    if (seen.has(description)) continue;
    groups.protections.push({
      addProtectedRange: { protectedRange: { range, description, warningOnly: true } },
    });
  }
}
