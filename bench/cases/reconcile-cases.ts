/**
 * Child-process cases of the full reconcile: building the workspace, the .xlsx reconcile and its
 * floor (exceljs reading the same file), the 1 % edit, and the whole Sheets API path against the
 * local Sheets API server.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { GoogleSheetsGateway } from '../../functions/adapters/google-sheets-gateway';
import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import type { SyncReport } from '../../shared/domain/sync/plan-sync';
import type { CellWrite } from '../../shared/domain/workbook-writes';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import { sheetsTestServer } from '../lib/sheets-server';
import { BENCH_OPERATOR, benchClock } from '../lib/bench-data';
import { buildOperatorWorkspace, type BuiltWorkspace } from '../lib/build-workbook';
import { CountingRecordStore, type WriteCounts } from '../lib/counting-store';
import { measure, round, type Measured } from '../lib/measure';
import { mutateRows, mutateXlsxFile, type Mutation } from '../lib/mutate';
import { workbookFileName } from '../../sheets/layouts/workbook-layout';

/** The cost of one measured call, without its value (what a case reports). */
export interface Cost {
  readonly ms: number;
  readonly cpuMs: number;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
  readonly peakIsolated: boolean;
}

/** The cost part of a measurement, rounded for the report. */
export function costOf(measured: Measured<unknown>): Cost {
  return {
    ms: round(measured.ms, 1),
    cpuMs: round(measured.cpuMs, 1),
    baseRssMb: round(measured.baseRssMb, 1),
    peakRssMb: round(measured.peakRssMb, 1),
    peakIsolated: measured.peakIsolated,
  };
}

/** What a measured reconcile did. */
export interface ReconcileResult {
  readonly cost: Cost;
  readonly writes: WriteCounts;
  readonly report: Omit<SyncReport, 'rejected' | 'warnings'> & {
    readonly rejected: number;
    readonly warnings: number;
  };
}

function summary(report: SyncReport): ReconcileResult['report'] {
  return { ...report, rejected: report.rejected.length, warnings: report.warnings.length };
}

/** Builds the workspace of the reconcile cases (see {@link buildOperatorWorkspace}). */
export async function buildCase(args: {
  readonly dir: string;
  readonly rows: number;
}): Promise<BuiltWorkspace> {
  return buildOperatorWorkspace(args.dir, args.rows);
}

/** The floor of the .xlsx reconcile: exceljs reading the same file, and nothing else. */
export async function xlsxFloorCase(args: { readonly dir: string }): Promise<Cost> {
  const file = path.join(args.dir, workbookFileName(BENCH_OPERATOR));
  const measured = await measure(async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(file)).buffer);
    return workbook.worksheets.length;
  });
  return costOf(measured);
}

async function reconcile(storePath: string, gateway: SpreadsheetGateway): Promise<ReconcileResult> {
  const store = new CountingRecordStore(new SqliteRecordStore(storePath));
  try {
    const measured = await measure(() =>
      syncWorkbook({ store, clock: benchClock, gateway }, BENCH_OPERATOR, 'banc d’essai'),
    );
    if (!measured.value.ok) {
      throw new Error(`${measured.value.error.code}: ${measured.value.error.message}`);
    }
    return { cost: costOf(measured), writes: store.counts, report: summary(measured.value.value) };
  } finally {
    await store.close();
  }
}

/** One full reconcile of the operator's .xlsx workbook against the workspace's store. */
export async function xlsxReconcileCase(args: {
  readonly dir: string;
  readonly storePath: string;
}): Promise<ReconcileResult> {
  return reconcile(args.storePath, new XlsxWorkbookGateway(args.dir));
}

/** A person changes 1 % of the rows of the operator's .xlsx workbook and saves it. */
export async function xlsxMutateCase(args: {
  readonly dir: string;
  readonly percent: number;
}): Promise<Mutation> {
  return mutateXlsxFile(path.join(args.dir, workbookFileName(BENCH_OPERATOR)), args.percent);
}

/** Sheets API calls of one reconcile, by kind. */
export interface CallCounts {
  readonly reads: number;
  readonly writes: number;
  readonly operations: readonly string[];
  /** Bytes of each write's request body. */
  readonly writeBytes: readonly number[];
}

/** What the Sheets API case measured. */
export interface SheetsResult {
  readonly rows: number;
  readonly seedMs: number;
  readonly noChange: ReconcileResult & { readonly calls: CallCounts };
  readonly floor: Cost;
  readonly mutation: Mutation;
  readonly afterChange: ReconcileResult & { readonly calls: CallCounts };
}

const READS = new Set(['spreadsheets.get', 'values.get', 'values.batchGet']);

/**
 * The whole Sheets API path: the built workbook is copied into a spreadsheet of the local Sheets
 * API server (through the real gateway), then reconciled with nothing changed, compared with one
 * `values.batchGet` of every tab, and reconciled again after 1 % of the rows were changed.
 */
export async function sheetsCase(args: {
  readonly dir: string;
  readonly storePath: string;
  readonly percent: number;
}): Promise<SheetsResult> {
  const seedStart = performance.now();
  const snapshot = await new XlsxWorkbookGateway(args.dir).read(BENCH_OPERATOR);
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const { server, api } = await sheetsTestServer();
  try {
    const tabs = snapshot.value.tabs;
    const spreadsheetId = server.state.createSpreadsheet(
      `DLA ${BENCH_OPERATOR}`,
      tabs.map((tab) => ({
        title: tab.name,
        rows: [tab.header],
        rowCount: Math.max(1000, tab.rows.reduce((n, r) => Math.max(n, r.rowNumber), 0) + 100),
        columnCount: Math.max(26, tab.header.length + 5),
        frozenRowCount: 1,
      })),
    );
    const gatewayOf = () =>
      new GoogleSheetsGateway({ api, spreadsheetIds: { [BENCH_OPERATOR]: spreadsheetId } });
    const cells: CellWrite[] = tabs.flatMap((tab) =>
      tab.rows.flatMap((row) =>
        row.cells.flatMap((cell, i): CellWrite[] =>
          cell.value === null && cell.note === undefined
            ? []
            : [
                {
                  tab: tab.name,
                  row: row.rowNumber,
                  column: tab.header[i] ?? '',
                  columnIndex: i + 1,
                  value: cell.value,
                  ...(cell.note === undefined ? {} : { note: cell.note }),
                },
              ],
        ),
      ),
    );
    const seeded = await gatewayOf().write(BENCH_OPERATOR, { cells, tabs: [] });
    if (!seeded.ok) throw new Error(seeded.error.message);
    const seedMs = performance.now() - seedStart;

    const counted = async (): Promise<ReconcileResult & { calls: CallCounts }> => {
      server.resetCalls();
      const result = await reconcile(args.storePath, gatewayOf());
      const calls = [...server.calls];
      return {
        ...result,
        calls: {
          reads: calls.filter((c) => READS.has(c.operation)).length,
          writes: calls.filter((c) => !READS.has(c.operation)).length,
          operations: calls.map((c) => c.operation),
          writeBytes: calls
            .filter((c) => !READS.has(c.operation))
            .map((c) => Buffer.byteLength(JSON.stringify(c.body ?? null))),
        },
      };
    };
    const noChange = await counted();
    const floor = await measure(() =>
      api.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges: tabs.map((t) => `'${t.name.replace(/'/g, "''")}'`),
        valueRenderOption: 'UNFORMATTED_VALUE',
      }),
    );
    const mutation = await mutateRows(gatewayOf(), BENCH_OPERATOR, args.percent);
    const afterChange = await counted();
    return {
      rows: tabs.reduce((n, t) => n + t.rows.length, 0),
      seedMs: round(seedMs),
      noChange,
      floor: costOf(floor),
      mutation,
      afterChange,
    };
  } finally {
    await server.close();
  }
}
