import {
  ValueType,
  Workbook,
  type Cell,
  type DataValidation,
  type Fill,
  type Style,
  type Worksheet,
  type WorksheetProtection,
} from 'exceljs';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import {
  COLORS,
  FORMATTED_ROWS_MARGIN,
  HEADER_FONT,
  LISTS_TAB,
  NUMBER_FORMATS,
  type ColumnLayout,
  type TabLayout,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import { columnDropdown } from '../../sheets/layouts/column-dropdown';
import {
  columnLetterOfPosition,
  columnPositionOfLetters,
} from '../../shared/domain/values/column-letter';

/** Rows of values per tab name, each row in the order of the tab's layout columns. */
export type TabRows = Readonly<Record<string, readonly (readonly CellValue[])[]>>;

/**
 * The sheet protection has no password: it guards against accidental edits of IDs and computed
 * columns, it is not security (anyone can lift it from the menu, and the sync reverts such edits).
 */
export const SHEET_PROTECTION_PASSWORD = '';

/** Excel refuses a list typed in a validation beyond 255 characters; longer lists go to {@link LISTS_TAB}. */
const INLINE_LIST_MAX_CHARS = 250;

/** The solid fills the system paints. */
export const FILLS = {
  protected: solidFill(COLORS.protectedFill),
  error: solidFill(COLORS.errorFill),
} as const;

function solidFill(argb: string): Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } };
}

/** True when a fill is the solid colour `argb` (as exceljs writes it or LibreOffice saves it). */
export function isSolidFill(fill: Fill | undefined, argb: string): boolean {
  return (
    fill !== undefined &&
    fill.type === 'pattern' &&
    fill.pattern === 'solid' &&
    fill.fgColor?.argb?.toUpperCase() === argb.toUpperCase()
  );
}

/**
 * Replaces a style with a patched copy. exceljs shares one style object between every cell read
 * with the same style id, so mutating `cell.fill` would repaint all of them.
 */
export function restyle(
  target: { style: Partial<Style> },
  patch: Partial<Style>,
  remove: readonly (keyof Style)[] = [],
): void {
  const next: Partial<Style> = { ...target.style, ...patch };
  for (const key of remove) delete next[key];
  target.style = next;
}

/**
 * Removes a cell's note. exceljs 4.4 has no public way to do it: the note lives in the cell's
 * `_comment` and, for a cell read from a file, in the model its value was loaded from, which
 * assigning the value again replaces.
 */
export function removeNote(cell: Cell): void {
  (cell as unknown as { _comment?: unknown })._comment = undefined;
  if (cell.type !== ValueType.Merge) {
    const value = cell.value;
    cell.value = value;
  }
}

/** The plain text of a rich text, a hyperlink's text or a note. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    if ('richText' in value && Array.isArray(value.richText)) return runsText(value.richText);
    if ('texts' in value && Array.isArray(value.texts)) return runsText(value.texts);
    if ('text' in value) return plainText(value.text);
  }
  return '';
}

function runsText(runs: readonly unknown[]): string {
  return runs
    .map((run) =>
      typeof run === 'object' && run !== null && 'text' in run ? plainText(run.text) : '',
    )
    .join('');
}

/**
 * A cell as the domain reads it: rich text → plain text, hyperlink → its text, formula → `=` and
 * the formula, error → its text (`#N/A`), dates, numbers and booleans as they are. The covered
 * cells of a merged range are empty (the first cell holds the value).
 */
export function cellValueOf(cell: Cell): CellValue {
  if (cell.type === ValueType.Merge) return null;
  if (cell.type === ValueType.Formula) return `=${cell.formula}`;
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value;
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return `=${cell.formula}`;
  return plainText(value);
}

/** The text of a cell's note, or undefined when it has none. */
export function noteTextOf(cell: Cell): string | undefined {
  const note: unknown = cell.note;
  if (note === undefined || note === null) return undefined;
  const text = plainText(note);
  return text === '' ? undefined : text;
}

/** The labels of row 1, trailing empty cells dropped. */
export function headerLabels(worksheet: Worksheet): string[] {
  const row = worksheet.getRow(1);
  const labels: string[] = [];
  for (let col = 1; col <= row.cellCount; col += 1) {
    const value = cellValueOf(row.getCell(col));
    labels.push(value === null ? '' : value instanceof Date ? value.toISOString() : String(value));
  }
  while (labels.length > 0 && (labels[labels.length - 1] ?? '').trim() === '') labels.pop();
  return labels;
}

/**
 * The sheet column (1-based) of each layout column, matched by header label (case, accents and
 * spacing ignored), never by position: columns a person moved keep their data. A layout column
 * missing from the header is added after the last header cell.
 */
export function placeColumns(worksheet: Worksheet, tab: TabLayout): number[] {
  const labels = headerLabels(worksheet);
  const byLabel = new Map<string, number>();
  labels.forEach((label, index) => {
    const key = normalizeForMatch(label);
    if (key !== '' && !byLabel.has(key)) byLabel.set(key, index + 1);
  });
  let next = labels.length + 1;
  return tab.columns.map((column) => {
    const key = normalizeForMatch(column.label);
    const found = byLabel.get(key);
    if (found !== undefined) {
      byLabel.delete(key);
      return found;
    }
    const added = next;
    next += 1;
    worksheet.getRow(1).getCell(added).value = column.label;
    return added;
  });
}

/**
 * Writes rows of values from `startRow`, each value in the sheet column of its layout column
 * (`columns[i]`); a tab without layout is written by position.
 */
export function writeRows(
  worksheet: Worksheet,
  columns: readonly number[] | null,
  rows: readonly (readonly CellValue[])[],
  startRow = 2,
): void {
  rows.forEach((values, offset) => {
    const row = worksheet.getRow(startRow + offset);
    values.forEach((value, index) => {
      const col = columns === null ? index + 1 : columns[index];
      if (col === undefined) {
        throw new Error(
          `Row ${startRow + offset} of tab ${worksheet.name} has ${values.length} values for ${columns?.length ?? 0} layout columns`,
        );
      }
      row.getCell(col).value = value;
    });
  });
}

/**
 * Removes every row from `fromRow` down (values, notes and styles). exceljs 4.4's `spliceRows`
 * leaves the last rows in place when nothing is below them, so the row list is cut directly.
 */
export function clearRows(worksheet: Worksheet, fromRow = 2): void {
  const rows: unknown = (worksheet as unknown as { _rows?: unknown })._rows;
  if (!Array.isArray(rows))
    throw new Error('exceljs internals changed: Worksheet._rows is not an array');
  if (rows.length >= fromRow) rows.length = fromRow - 1;
}

/**
 * Removes the rows without any value below the last one that has some, and returns the number of
 * that last row (1 for a header alone). LibreOffice saves an empty styled cell in every row a
 * dropdown covers: without this, each save and write would push the dropdowns further down.
 */
export function trimTrailingEmptyRows(worksheet: Worksheet): number {
  let last = 1;
  worksheet.eachRow({ includeEmpty: false }, (_row, rowNumber) => {
    last = Math.max(last, rowNumber);
  });
  clearRows(worksheet, last + 1);
  return last;
}

/** A sheet reference usable in a formula: `'Prestataires'!$A$2:$A$40`. */
function rangeRef(sheet: string, col: number, fromRow: number, toRow: number): string {
  const letter = columnLetterOfPosition(col);
  return `'${sheet.replace(/'/g, "''")}'!$${letter}$${fromRow}:$${letter}$${toRow}`;
}

/** The data validations of a sheet, keyed by address or range; exceljs does not type them. */
function validationsOf(worksheet: Worksheet): Record<string, DataValidation | undefined> {
  const holder = (
    worksheet as unknown as {
      dataValidations: { model: Record<string, DataValidation | undefined> };
    }
  ).dataValidations;
  return holder.model;
}

const ADDRESS = /^\$?([A-Z]{1,3})\$?\d+(?::\$?([A-Z]{1,3})\$?\d+)?$/;

/** Drops the validations that touch any of these columns (those the layout re-applies). */
function dropValidations(worksheet: Worksheet, columns: ReadonlySet<number>): void {
  const model = validationsOf(worksheet);
  for (const address of Object.keys(model)) {
    const match = ADDRESS.exec(address);
    if (!match?.[1]) continue;
    const first = columnPositionOfLetters(match[1]);
    const last = match[2] ? columnPositionOfLetters(match[2]) : first;
    for (let col = first; col <= last; col += 1) {
      if (columns.has(col)) {
        delete model[address];
        break;
      }
    }
  }
}

/** The long lists of a layout, each given a column of the hidden lists tab. */
class ListsTab {
  private readonly columns = new Map<
    string,
    { col: number; label: string; values: readonly string[] }
  >();

  /** The range of the lists tab holding these values, adding them if new. */
  rangeFor(label: string, values: readonly string[]): string {
    const key = values.join('\u0000');
    let entry = this.columns.get(key);
    if (entry === undefined) {
      entry = { col: this.columns.size + 1, label, values };
      this.columns.set(key, entry);
    }
    return rangeRef(LISTS_TAB, entry.col, 2, values.length + 1);
  }

  /** Rewrites the hidden lists tab (or removes it when no list needs it). */
  write(workbook: Workbook): void {
    const existing = workbook.getWorksheet(LISTS_TAB);
    if (this.columns.size === 0) {
      if (existing) workbook.removeWorksheet(existing.id);
      return;
    }
    const sheet = existing ?? workbook.addWorksheet(LISTS_TAB);
    clearRows(sheet, 1);
    for (const { col, label, values } of this.columns.values()) {
      const header = sheet.getRow(1).getCell(col);
      header.value = label;
      restyle(header, { font: { ...HEADER_FONT } });
      values.forEach((value, index) => {
        sheet.getRow(index + 2).getCell(col).value = value;
      });
      sheet.getColumn(col).width = 32;
    }
    sheet.state = 'hidden';
    protect(sheet, false);
  }
}

function canInline(values: readonly string[]): boolean {
  return (
    values.join(',').length <= INLINE_LIST_MAX_CHARS &&
    values.every((v) => !v.includes(',') && !v.includes('"'))
  );
}

/** The validation of a column with a dropdown, or null. */
function dropdownValidation(
  column: ColumnLayout,
  lists: ListsTab,
  sourceRange: (tab: string, label: string) => string | null,
): DataValidation | null {
  const dropdown = columnDropdown(column);
  if (dropdown === null) return null;
  if (dropdown.kind === 'column') {
    const range = sourceRange(dropdown.source.tab, dropdown.source.column);
    if (range === null) return null;
    return {
      type: 'list',
      allowBlank: true,
      formulae: [range],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: 'Identifiant inconnu',
      error: `Cet identifiant n'est pas dans l'onglet ${dropdown.source.tab} : vérifiez-le.`,
    };
  }
  const formula = canInline(dropdown.values)
    ? `"${dropdown.values.join(',')}"`
    : lists.rangeFor(column.label, dropdown.values);
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: 'Valeur hors liste',
    error: `« ${column.label} » : choisissez une valeur de la liste (la saisie sera vérifiée à la synchronisation).`,
  };
}

/** What a person may still do on a protected tab: resize, sort and filter; add or remove rows of records. */
function protect(worksheet: Worksheet, rowsEditable: boolean): void {
  const options: Partial<WorksheetProtection> = {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    sort: true,
    autoFilter: true,
    insertRows: rowsEditable,
    deleteRows: rowsEditable,
  };
  // exceljs sets the protection synchronously inside the promise's executor (no I/O, no hashing
  // without a password), so the layout can be applied without awaiting.
  void worksheet.protect(SHEET_PROTECTION_PASSWORD, options);
}

/** Header cell: the label, bold, locked, with the column's note. */
function styleHeader(cell: Cell, column: ColumnLayout): void {
  cell.value = column.label;
  restyle(
    cell,
    {
      font: { ...HEADER_FONT },
      protection: { locked: true },
      alignment: { vertical: 'middle' },
      ...(column.protected ? { fill: FILLS.protected } : {}),
    },
    column.protected ? [] : ['fill'],
  );
  cell.note = column.note;
}

/** The style of one data cell of a column: format, lock, grey when protected (red errors stay red). */
function styleDataCell(cell: Cell, column: ColumnLayout): void {
  const numFmt = NUMBER_FORMATS[column.format];
  const isError = isSolidFill(cell.style.fill, COLORS.errorFill);
  restyle(cell, {
    ...(numFmt === undefined ? {} : { numFmt }),
    protection: { locked: column.protected },
    ...(column.protected && !isError ? { fill: FILLS.protected } : {}),
  });
}

/** A layout tab found (or added) in the workbook, its columns placed, its empty tail removed. */
interface PlacedTab {
  readonly tab: TabLayout;
  readonly worksheet: Worksheet;
  readonly columns: readonly number[];
  readonly lastDataRow: number;
}

function applyTab(
  { worksheet, tab, columns, lastDataRow }: PlacedTab,
  lists: ListsTab,
  sourceRange: (tab: string, label: string) => string | null,
): void {
  const lastFormattedRow = lastDataRow + FORMATTED_ROWS_MARGIN;
  dropValidations(worksheet, new Set(columns));
  const validations = validationsOf(worksheet);
  tab.columns.forEach((column, index) => {
    const col = columns[index];
    if (col === undefined) return;
    styleHeader(worksheet.getRow(1).getCell(col), column);
    const sheetColumn = worksheet.getColumn(col);
    sheetColumn.width = column.width;
    const numFmt = NUMBER_FORMATS[column.format];
    // The column style is what Excel and LibreOffice give cells typed later, below the data.
    sheetColumn.style = {
      ...(numFmt === undefined ? {} : { numFmt }),
      protection: { locked: column.protected },
      ...(column.protected ? { fill: FILLS.protected } : {}),
    };
    for (let row = 2; row <= lastDataRow; row += 1) {
      styleDataCell(worksheet.getRow(row).getCell(col), column);
    }
    const validation = dropdownValidation(column, lists, sourceRange);
    if (validation !== null) {
      const letter = columnLetterOfPosition(col);
      validations[`${letter}2:${letter}${lastFormattedRow}`] = validation;
    }
  });
  if (tab.role === 'records') unlockPersonColumns(worksheet, new Set(columns), lastDataRow);
  worksheet.views = [
    { state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' },
  ];
  // Excel refuses to sort or delete rows holding locked cells, and people sort and delete rows
  // of records every day: record tabs stay unprotected (ID and computed columns are grey, their
  // header notes say so, and the sync reverts any edit to them with a note). Tabs the system
  // writes whole are protected.
  if (tab.role === 'records') unprotect(worksheet);
  else protect(worksheet, false);
}

/** Removes a sheet protection a previous version of the workbook may carry. */
function unprotect(worksheet: Worksheet): void {
  (worksheet as unknown as { sheetProtection: unknown }).sheetProtection = null;
}

/**
 * Leaves the columns a person added to a records tab (a header the layout does not know)
 * editable under the sheet protection; the sync reports them and ignores their content.
 */
function unlockPersonColumns(
  worksheet: Worksheet,
  layoutColumns: ReadonlySet<number>,
  lastDataRow: number,
): void {
  headerLabels(worksheet).forEach((label, index) => {
    const col = index + 1;
    if (layoutColumns.has(col) || label.trim() === '') return;
    const sheetColumn = worksheet.getColumn(col);
    sheetColumn.style = { ...sheetColumn.style, protection: { locked: false } };
    for (let row = 2; row <= lastDataRow; row += 1) {
      restyle(worksheet.getRow(row).getCell(col), { protection: { locked: false } });
    }
  });
}

/**
 * (Re)applies a layout to a workbook: header labels, bold, notes; frozen first row; widths; list
 * dropdowns (inline, or from the hidden `Listes` tab for long lists, or from the IDs of another
 * tab); date, amount and text formats; grey locked ID and computed columns under a password-less
 * sheet protection. Called at every write, because a LibreOffice round trip loses the frozen
 * pane and a person may damage the layout. Columns are found by label, so moved columns keep
 * their data; a missing tab or column is added; other tabs and columns are left as they are.
 */
export function applyLayout(workbook: Workbook, layout: WorkbookLayout): void {
  const placed = layout.tabs.map((tab): PlacedTab => {
    const worksheet = workbook.getWorksheet(tab.name) ?? workbook.addWorksheet(tab.name);
    const columns = placeColumns(worksheet, tab);
    return { tab, worksheet, columns, lastDataRow: trimTrailingEmptyRows(worksheet) };
  });
  const sourceRange = (tabName: string, label: string): string | null => {
    const source = placed.find((p) => p.tab.name === tabName);
    const index = source?.tab.columns.findIndex((c) => c.label === label) ?? -1;
    const col = source?.columns[index];
    if (source === undefined || col === undefined) return null;
    return rangeRef(source.worksheet.name, col, 2, Math.max(source.lastDataRow, 2));
  };
  const lists = new ListsTab();
  for (const tab of placed) applyTab(tab, lists, sourceRange);
  lists.write(workbook);
}

/**
 * A new workbook laid out from `layout`, with optional rows per tab (from row 2, each row in the
 * order of the tab's layout columns).
 */
export function buildWorkbook(layout: WorkbookLayout, data: TabRows = {}): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'DLA Nord – Pas de Calais';
  for (const tab of layout.tabs) {
    const worksheet = workbook.addWorksheet(tab.name);
    writeRows(worksheet, placeColumns(worksheet, tab), data[tab.name] ?? []);
  }
  const unknown = Object.keys(data).filter((name) => !layout.tabs.some((t) => t.name === name));
  if (unknown.length > 0)
    throw new Error(`Data for tabs outside the layout: ${unknown.join(', ')}`);
  applyLayout(workbook, layout);
  return workbook;
}
