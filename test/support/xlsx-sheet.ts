/**
 * What a person does to a workbook of the local workspace in a spreadsheet program — open a
 * tab, type rows or a cell, delete a row, save — and what they read back, with exceljs.
 * Columns are found by their header label in row 1, never by position.
 *
 * @packageDocumentation
 */
import ExcelJS from 'exceljs';
import { RECORD_TABS } from '../../shared/domain/workbook-model';

/** Values typed in a row, by field key (see RECORD_TABS) or by header label. */
export type TypedValues = Readonly<Record<string, ExcelJS.CellValue>>;

/** The 1-based column whose header (row 1) is `label`; throws when the tab has none. */
export function columnOf(sheet: ExcelJS.Worksheet, label: string): number {
  let found = -1;
  sheet.getRow(1).eachCell((cell, col) => {
    if (found < 0 && cell.value === label) found = col;
  });
  if (found < 0) throw new Error(`no column ${label} in ${sheet.name}`);
  return found;
}

/** The number of the row whose « ID » cell is `id`; throws when no row has it. */
export function rowOfId(sheet: ExcelJS.Worksheet, id: string): number {
  const idColumn = columnOf(sheet, 'ID');
  let found = -1;
  sheet.eachRow((row, n) => {
    if (found < 0 && n > 1 && row.getCell(idColumn).value === id) found = n;
  });
  if (found < 0) throw new Error(`no row ${id} in ${sheet.name}`);
  return found;
}

/** A workbook file opened, and one of its tabs (throws when it has no such tab). */
export async function openSheet(
  file: string,
  tab: string,
): Promise<{ book: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(tab);
  if (!sheet) throw new Error(`no tab ${tab} in ${file}`);
  return { book, sheet };
}

/** A person opens the workbook, changes one tab, and saves. */
export async function editSheet(
  file: string,
  tab: string,
  change: (sheet: ExcelJS.Worksheet) => void,
): Promise<void> {
  const { book, sheet } = await openSheet(file, tab);
  change(sheet);
  await book.xlsx.writeFile(file);
}

/**
 * A person types rows under the last one, and saves; a value's key is a field key of the tab's
 * record kind or a header label.
 */
export async function typeRows(
  file: string,
  tab: string,
  rows: readonly TypedValues[],
): Promise<void> {
  const fields: Readonly<Record<string, { readonly label: string }>> =
    Object.values(RECORD_TABS).find((t) => t.tab === tab)?.fields ?? {};
  await editSheet(file, tab, (sheet) => {
    const first = sheet.actualRowCount + 1;
    rows.forEach((values, i) => {
      for (const [key, value] of Object.entries(values)) {
        const label = fields[key]?.label ?? key;
        sheet.getRow(first + i).getCell(columnOf(sheet, label)).value = value;
      }
    });
  });
}

/** A person types one value (or clears it) in an existing row, and saves. */
export async function typeCell(
  file: string,
  tab: string,
  row: number,
  label: string,
  value: ExcelJS.CellValue,
): Promise<void> {
  await editSheet(file, tab, (sheet) => {
    sheet.getRow(row).getCell(columnOf(sheet, label)).value = value;
  });
}

/** A person deletes the row whose « ID » is `id`, and saves. */
export async function deleteRowOfId(file: string, tab: string, id: string): Promise<void> {
  await editSheet(file, tab, (sheet) => sheet.spliceRows(rowOfId(sheet, id), 1));
}

/** The values of some columns (by header label) of each row under the header that holds a value. */
export async function readColumns(
  file: string,
  tab: string,
  labels: readonly string[],
): Promise<unknown[][]> {
  const { sheet } = await openSheet(file, tab);
  const columns = labels.map((label) => columnOf(sheet, label));
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(columns.map((col) => row.getCell(col).value ?? null));
  });
  return rows;
}
