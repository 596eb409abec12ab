import type { sheets_v4 } from '@googleapis/sheets';

import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import {
  COLORS,
  NUMBER_FORMATS,
  type ColumnFormat,
  type ColumnLayout,
} from '../../sheets/layouts/workbook-layout';
import { columnDropdown } from '../../sheets/layouts/column-dropdown';
import {
  NEW_TAB_COLUMNS,
  NEW_TAB_ROWS,
  cellText,
  type ObservedSpreadsheet,
  type TabPlacement,
} from './google-sheets-layout-observer';
import { columnLetterOfPosition } from '../../shared/domain/values/column-letter';

/*
 * The one `spreadsheets.batchUpdate` that brings a spreadsheet up to its layout: only what
 * differs from what was read (headers, notes, formats, dropdowns, fills, protections, frozen
 * header, locale), so that a spreadsheet that already matches gets no request at all.
 */

/** The locale and time zone every workbook gets: French formats, dates in Paris. */
export const SPREADSHEET_LOCALE = 'fr_FR';
/** See {@link SPREADSHEET_LOCALE}. */
export const SPREADSHEET_TIME_ZONE = 'Europe/Paris';

/** Every protected range the provisioner owns starts with this; others are a person's own. */
export const PROTECTION_PREFIX = 'DLA — ';

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
  const letters = columnLetterOfPosition(position + 1);
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

export function planRequests(
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
