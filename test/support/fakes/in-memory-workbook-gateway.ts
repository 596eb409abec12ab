import type { Dashboard } from '../../../shared/domain/dashboard/dashboard-charts';
import { fail, ok, type Result } from '../../../shared/domain/result';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import type { CellValue } from '../../../shared/domain/values/cell-value';
import type { CellStyle } from '../../../shared/domain/workbook-writes';
import type { SpreadsheetGateway, WriteBack } from '../../../shared/ports/spreadsheet-gateway';
import type { WorkbookSnapshot } from '../../../shared/domain/workbook-snapshot';

/** One cell of the fake workbook. */
export interface FakeCell {
  value: CellValue;
  note?: string;
  style?: CellStyle;
}

/** A tab of the fake workbook: row 0 is the header. */
export type FakeTab = FakeCell[][];

/**
 * A workbook held in memory that behaves like a spreadsheet a person edits: tests type, paste,
 * sort and delete rows in it, and the sync engine reads and writes it through the port.
 */
export class InMemoryWorkbookGateway implements SpreadsheetGateway {
  readonly workbooks = new Map<WorkbookOwner, Map<string, FakeTab>>();
  reads = 0;
  writes = 0;
  lastWrite: WriteBack | null = null;
  /** The last dashboard written to each workbook. */
  readonly dashboards = new Map<WorkbookOwner, Dashboard>();
  /** How many of the next writes fail (a spreadsheet that cannot be written). */
  failWrites = 0;

  /** Creates a tab with its header and rows of values. */
  setTab(
    owner: WorkbookOwner,
    tab: string,
    header: readonly string[],
    rows: readonly (readonly CellValue[])[] = [],
  ): void {
    const book = this.workbooks.get(owner) ?? new Map<string, FakeTab>();
    book.set(tab, [
      header.map((h) => ({ value: h })),
      ...rows.map((r) => r.map((value) => ({ value }))),
    ]);
    this.workbooks.set(owner, book);
  }

  /** A person adds rows of values under the last row of a tab. */
  appendRows(owner: WorkbookOwner, tab: string, rows: readonly (readonly CellValue[])[]): void {
    this.tab(owner, tab).push(...rows.map((r) => r.map((value) => ({ value }))));
  }

  /** A person deletes a column (header and cells); the columns on its right move left. */
  deleteColumn(owner: WorkbookOwner, tab: string, label: string): void {
    const grid = this.tab(owner, tab);
    const col = (grid[0] ?? []).findIndex((c) => c.value === label);
    if (col < 0) throw new Error(`no column ${label} in ${tab}`);
    for (const line of grid) line.splice(col, 1);
  }

  /** A column header added after the last one, its cells empty (as a layout re-applied does). */
  appendColumn(owner: WorkbookOwner, tab: string, label: string): void {
    const header = this.tab(owner, tab)[0];
    if (!header) throw new Error(`no header in ${tab}`);
    header.push({ value: label });
  }

  tab(owner: WorkbookOwner, tab: string): FakeTab {
    const found = this.workbooks.get(owner)?.get(tab);
    if (!found) throw new Error(`no tab ${tab} for ${owner}`);
    return found;
  }

  /** The cell at a 1-based row and a column label. */
  cell(owner: WorkbookOwner, tab: string, row: number, label: string): FakeCell {
    const grid = this.tab(owner, tab);
    const col = (grid[0] ?? []).findIndex((c) => c.value === label);
    if (col < 0) throw new Error(`no column ${label} in ${tab}`);
    const line = grid[row - 1] ?? [];
    grid[row - 1] = line;
    line[col] ??= { value: null };
    return line[col] as FakeCell;
  }

  /** A person types a value. */
  type(owner: WorkbookOwner, tab: string, row: number, label: string, value: CellValue): void {
    this.cell(owner, tab, row, label).value = value;
  }

  /** Values of a column, rows 2.. */
  column(owner: WorkbookOwner, tab: string, label: string): CellValue[] {
    const grid = this.tab(owner, tab);
    const col = (grid[0] ?? []).findIndex((c) => c.value === label);
    return grid.slice(1).map((r) => r[col]?.value ?? null);
  }

  async read(owner: WorkbookOwner): Promise<Result<WorkbookSnapshot>> {
    this.reads += 1;
    const book = this.workbooks.get(owner);
    if (!book) return fail('WORKBOOK_NOT_FOUND', 'Classeur introuvable.');
    return ok({
      owner,
      tabs: [...book.entries()].map(([name, grid]) => ({
        name,
        header: (grid[0] ?? []).map((c) => String(c.value ?? '')),
        rows: grid
          .slice(1)
          .map((cells, i) => ({
            rowNumber: i + 2,
            cells: cells.map((c) =>
              c.note ? { value: c.value, note: c.note } : { value: c.value },
            ),
          }))
          .filter((r) => r.cells.some((c) => c.value !== null && c.value !== '')),
      })),
    });
  }

  async write(owner: WorkbookOwner, writeBack: WriteBack): Promise<Result<void>> {
    if (
      writeBack.cells.length === 0 &&
      writeBack.tabs.length === 0 &&
      writeBack.dashboard === undefined
    )
      return ok(undefined);
    if (this.failWrites > 0) {
      this.failWrites -= 1;
      return fail('WORKBOOK_UNWRITABLE', 'Classeur impossible à écrire.');
    }
    this.writes += 1;
    this.lastWrite = writeBack;
    for (const w of writeBack.cells) {
      const grid = this.tab(owner, w.tab);
      const line = grid[w.row - 1] ?? [];
      grid[w.row - 1] = line;
      const cell = (line[w.columnIndex - 1] ??= { value: null });
      if (w.value !== undefined) cell.value = w.value;
      if (w.note !== undefined) {
        if (w.note === null) delete cell.note;
        else cell.note = w.note;
      }
      if (w.style) cell.style = w.style;
    }
    for (const t of writeBack.tabs) {
      const grid = this.tab(owner, t.tab);
      grid.splice(1, grid.length - 1, ...t.rows.map((r) => r.map((value) => ({ value }))));
    }
    if (writeBack.dashboard !== undefined) this.dashboards.set(owner, writeBack.dashboard);
    return ok(undefined);
  }
}
