/**
 * A workbook held in memory behind the {@link SpreadsheetGateway} port, used only to build the
 * benchmark workbooks quickly: the real sync runs against it tab after tab, and the result is
 * then written to an .xlsx file (or a Sheets API spreadsheet) in one write through the real
 * gateway. Its semantics follow the .xlsx gateway: row numbers as read, notes and styles per
 * cell, a tab replacement rewrites the rows from row 2 in header order.
 *
 * @packageDocumentation
 */
import type { WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type Result } from '../../shared/domain/result';
import { isBlank, type CellValue } from '../../shared/domain/values/cell-value';
import type { CellStyle, CellWrite } from '../../shared/domain/workbook-writes';
import type {
  SnapshotCell,
  TabSnapshot,
  WorkbookSnapshot,
} from '../../shared/domain/workbook-snapshot';
import type { SpreadsheetGateway, WriteBack } from '../../shared/ports/spreadsheet-gateway';

/** One cell of the in-memory workbook. */
export interface MemoryCell {
  value: CellValue;
  note?: string;
  style?: CellStyle;
}

/** One tab: its header labels and its rows from row 2 (index 0 is row 2). */
export interface MemoryTab {
  readonly name: string;
  readonly header: string[];
  rows: MemoryCell[][];
}

/** The tabs of one workbook, in workbook order. */
export type MemoryWorkbook = MemoryTab[];

/** A deep copy of a workbook snapshot as an in-memory workbook. */
export function memoryWorkbookOf(snapshot: WorkbookSnapshot): MemoryWorkbook {
  return snapshot.tabs.map((tab) => {
    const rows: MemoryCell[][] = [];
    for (const row of tab.rows) {
      rows[row.rowNumber - 2] = row.cells.map((cell) =>
        cell.note === undefined ? { value: cell.value } : { value: cell.value, note: cell.note },
      );
    }
    for (let i = 0; i < rows.length; i += 1) rows[i] ??= [];
    return { name: tab.name, header: [...tab.header], rows };
  });
}

/** True when a row holds no value (notes alone do not make a row, as in the .xlsx gateway). */
function isEmptyRow(row: readonly MemoryCell[]): boolean {
  return row.every((cell) => isBlank(cell.value));
}

/** The in-memory gateway: one workbook per owner. */
export class MemoryWorkbookGateway implements SpreadsheetGateway {
  private readonly books = new Map<WorkbookOwner, MemoryWorkbook>();

  /** Holds `workbook` as the owner's workbook (replacing any previous one). */
  set(owner: WorkbookOwner, workbook: MemoryWorkbook): void {
    this.books.set(owner, workbook);
  }

  /** The owner's workbook, or an error when there is none. */
  get(owner: WorkbookOwner): MemoryWorkbook {
    const book = this.books.get(owner);
    if (book === undefined) throw new Error(`No in-memory workbook for ${owner}.`);
    return book;
  }

  /** {@inheritDoc SpreadsheetGateway.read} */
  async read(owner: WorkbookOwner): Promise<Result<WorkbookSnapshot>> {
    const book = this.books.get(owner);
    if (book === undefined) return fail('WORKBOOK_NOT_FOUND', `Classeur ${owner} absent.`);
    const tabs: TabSnapshot[] = book.map((tab) => ({
      name: tab.name,
      header: [...tab.header],
      rows: tab.rows.flatMap((row, index) =>
        isEmptyRow(row)
          ? []
          : [
              {
                rowNumber: index + 2,
                cells: row.map((cell): SnapshotCell =>
                  cell.note === undefined
                    ? { value: cell.value }
                    : { value: cell.value, note: cell.note },
                ),
              },
            ],
      ),
    }));
    return ok({ owner, tabs });
  }

  /** {@inheritDoc SpreadsheetGateway.write} */
  async write(owner: WorkbookOwner, writeBack: WriteBack): Promise<Result<void>> {
    const book = this.get(owner);
    const tabOf = (name: string): MemoryTab => {
      const found = book.find((t) => t.name === name);
      if (found !== undefined) return found;
      const added: MemoryTab = { name, header: [], rows: [] };
      book.push(added);
      return added;
    };
    for (const write of writeBack.cells) applyWrite(tabOf(write.tab), write);
    for (const replacement of writeBack.tabs) {
      tabOf(replacement.tab).rows = replacement.rows.map((row) => row.map((value) => ({ value })));
    }
    return ok(undefined);
  }
}

function applyWrite(tab: MemoryTab, write: CellWrite): void {
  const index = write.row - 2;
  if (index < 0) return;
  for (let i = tab.rows.length; i <= index; i += 1) tab.rows[i] = [];
  const row = tab.rows[index] ?? [];
  tab.rows[index] = row;
  for (let c = row.length; c < write.columnIndex; c += 1) row[c] = { value: null };
  const cell = row[write.columnIndex - 1] ?? { value: null };
  row[write.columnIndex - 1] = cell;
  if (write.value !== undefined) cell.value = write.value;
  if (write.note === null) delete cell.note;
  else if (write.note !== undefined) cell.note = write.note;
  if (write.style !== undefined) cell.style = write.style;
}

/**
 * The cell writes that turn `before` (a workbook as first read) into `after`: every data cell
 * whose value, note or style differs. Written through a real gateway in one call, they give the
 * file or spreadsheet the sync would have produced.
 */
export function cellWritesBetween(before: MemoryWorkbook, after: MemoryWorkbook): CellWrite[] {
  const writes: CellWrite[] = [];
  for (const tab of after) {
    const old = before.find((t) => t.name === tab.name);
    const rows = Math.max(tab.rows.length, old?.rows.length ?? 0);
    for (let r = 0; r < rows; r += 1) {
      const row = tab.rows[r] ?? [];
      const oldRow = old?.rows[r] ?? [];
      const width = Math.max(row.length, oldRow.length);
      for (let c = 0; c < width; c += 1) {
        const cell = row[c] ?? { value: null };
        const was = oldRow[c] ?? { value: null };
        const sameValue = sameCellValue(cell.value, was.value);
        const sameNote = cell.note === was.note;
        if (sameValue && sameNote && cell.style === undefined) continue;
        writes.push({
          tab: tab.name,
          row: r + 2,
          column: tab.header[c] ?? '',
          columnIndex: c + 1,
          ...(sameValue ? {} : { value: cell.value }),
          ...(sameNote ? {} : { note: cell.note ?? null }),
          ...(cell.style === undefined ? {} : { style: cell.style }),
        });
      }
    }
  }
  return writes;
}

function sameCellValue(a: CellValue, b: CellValue): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return (isBlank(a) && isBlank(b)) || a === b;
}
