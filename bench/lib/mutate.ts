/**
 * A person's day of work on a workbook, replayed identically on every run: about 1 % of the rows
 * of each record tab get one field changed (a note, a summary, a title, a proposed price), typed
 * through the same gateway the reconcile reads.
 *
 * @packageDocumentation
 */
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import type { RecordKind } from '../../shared/domain/record-id';
import { SOLICITATION_FIELDS } from '../../shared/domain/solicitation';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { isBlank } from '../../shared/domain/values/cell-value';
import { ID_COLUMN, RECORD_TABS } from '../../shared/domain/workbook-model';
import type { CellWrite } from '../../shared/domain/workbook-writes';
import type { SnapshotRow, TabSnapshot } from '../../shared/domain/workbook-snapshot';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import { Workbook } from 'exceljs';
import { cellValueOf, headerLabels } from '../../functions/adapters/xlsx-workbook-builder';

/** The field changed in each record tab, and how. */
const CHANGES: readonly {
  readonly kind: Exclude<RecordKind, 'provider'>;
  readonly key: string;
  /** The new value, or null when this row cannot take the change (then the next row is tried). */
  readonly next: (old: CellValue) => CellValue | null;
}[] = [
  { kind: 'beneficiary', key: 'notes', next: (old) => `${textOf(old)} (relu)`.trim() },
  { kind: 'plan', key: 'diagnosticSummary', next: (old) => `${textOf(old)} (relu)`.trim() },
  {
    kind: 'mission',
    key: 'title',
    next: (old) => (isBlank(old) ? null : `${textOf(old)} (révisé)`),
  },
  {
    kind: 'solicitation',
    key: 'priceCents',
    next: (old) => {
      if (isBlank(old)) return null;
      const parsed = SOLICITATION_FIELDS.priceCents.parse(old);
      if (!parsed.ok || typeof parsed.value !== 'number' || parsed.value <= 10_000) return null;
      // 50 € less: never above the budget ceiling, so the new price is accepted.
      return (parsed.value - 5_000) / 100;
    },
  },
];

function textOf(value: CellValue): string {
  if (value === null) return '';
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

/** What a mutation changed. */
export interface Mutation {
  /** Rows changed (one field each): the records a reconcile must write. */
  readonly changedRows: number;
  /** IDs of the records behind the changed rows. */
  readonly ids: readonly string[];
  /** Rows of the four record tabs. */
  readonly totalRows: number;
}

/** The cells a person changes, and the records behind them. */
export interface PlannedMutation extends Mutation {
  readonly cells: readonly CellWrite[];
}

/**
 * Chooses `percent` % of the rows of each record tab, spread evenly over the tab, and the new
 * value of one field in each.
 */
export function planMutation(tabs: readonly TabSnapshot[], percent: number): PlannedMutation {
  const cells: CellWrite[] = [];
  const ids: string[] = [];
  let totalRows = 0;
  for (const change of CHANGES) {
    const tabName = RECORD_TABS[change.kind].tab;
    const label = RECORD_TABS[change.kind].fields[change.key]?.label;
    const tab = tabs.find((t) => t.name === tabName);
    if (tab === undefined || label === undefined) throw new Error(`No tab ${tabName}.`);
    const column = tab.header.indexOf(label);
    const idColumn = tab.header.indexOf(ID_COLUMN);
    if (column < 0 || idColumn < 0) throw new Error(`No column ${label} in ${tabName}.`);
    const rows = tab.rows;
    totalRows += rows.length;
    const target = Math.max(1, Math.round((rows.length * percent) / 100));
    const taken = new Set<number>();
    for (let k = 0; k < target; k += 1) {
      for (let i = Math.floor(((k + 0.5) * rows.length) / target); i < rows.length; i += 1) {
        const row = rows[i];
        if (row === undefined || taken.has(i)) continue;
        const id = row.cells[idColumn]?.value;
        const next = change.next(row.cells[column]?.value ?? null);
        if (typeof id !== 'string' || next === null) continue;
        taken.add(i);
        ids.push(id);
        cells.push({
          tab: tabName,
          row: row.rowNumber,
          column: label,
          columnIndex: column + 1,
          value: next,
        });
        break;
      }
    }
  }
  return { cells, ids, changedRows: ids.length, totalRows };
}

/**
 * Changes one field in `percent` % of the rows of each record tab of `owner`'s workbook and
 * writes the cells through `gateway` in one write (the Sheets API path).
 */
export async function mutateRows(
  gateway: SpreadsheetGateway,
  owner: Exclude<WorkbookOwner, typeof C2RA>,
  percent: number,
): Promise<Mutation> {
  const read = await gateway.read(owner);
  if (!read.ok) throw new Error(`${read.error.code}: ${read.error.message}`);
  const { cells, ...mutation } = planMutation(read.value.tabs, percent);
  const written = await gateway.write(owner, { cells, tabs: [] });
  if (!written.ok) throw new Error(`${written.error.code}: ${written.error.message}`);
  return mutation;
}

/**
 * The same change typed in the .xlsx file as a spreadsheet program saves it: one load, the new
 * values, one save (without the gateway's layout pass, which a person's program does not make).
 */
export async function mutateXlsxFile(file: string, percent: number): Promise<Mutation> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  const recordTabs = new Set(Object.values(RECORD_TABS).map((t) => t.tab));
  const tabs: TabSnapshot[] = workbook.worksheets
    .filter((w) => recordTabs.has(w.name))
    .map((worksheet) => {
      const header = headerLabels(worksheet);
      const rows: SnapshotRow[] = [];
      worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        if (rowNumber < 2) return;
        const cells = header.map((_, i) => ({ value: cellValueOf(row.getCell(i + 1)) }));
        if (cells.some((c) => !isBlank(c.value))) rows.push({ rowNumber, cells });
      });
      return { name: worksheet.name, header, rows };
    });
  const { cells, ...mutation } = planMutation(tabs, percent);
  for (const write of cells) {
    const worksheet = workbook.getWorksheet(write.tab);
    if (worksheet === undefined || write.value === undefined) continue;
    worksheet.getRow(write.row).getCell(write.columnIndex).value = write.value;
  }
  await workbook.xlsx.writeFile(file);
  return mutation;
}
