/**
 * Child-process cases of the C2RA's outputs: the regional consolidation (pure computation, then
 * its dated .xlsx file through the export writer) and the register export, each compared with
 * the floor of exceljs' streaming writer writing the very same cells and nothing else.
 *
 * @packageDocumentation
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stream } from 'exceljs';
import { FileExportSink } from '../../functions/adapters/file-export-sink';
import { writeXlsxExport, xlsxCell } from '../../functions/adapters/xlsx-export-writer';
import { OPERATOR_CODES, type OperatorCode } from '../../shared/domain/operator';
import { regionalExportSheets } from '../../shared/domain/regional/regional-output';
import { registerExportSheet } from '../../shared/domain/register-export';
import type { ExportColumn, ExportRow, ExportSheet } from '../../shared/domain/export-sheet';
import type { ExportSink } from '../../shared/ports/export-sink';
import type { StoredRecord } from '../../shared/domain/stored-record';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import {
  loadRegionalView,
  regionalConsolidation,
} from '../../shared/use-cases/regional-consolidation';
import { FileRecordStore, writeOwnerFiles } from '../lib/file-record-store';
import {
  BENCH_NOW,
  BENCH_TODAY,
  benchClock,
  benchData,
  operatorRecords,
  registerRecords,
  scaleForMissions,
  scaleForProviders,
} from '../lib/bench-data';
import { measure, round } from '../lib/measure';
import { costOf, type Cost } from './reconcile-cases';

/** The cells of an export, as the floor writes them again. */
interface CellsDump {
  readonly sheets: readonly {
    readonly name: string;
    readonly columns: readonly ExportColumn[];
    readonly rows: readonly ExportRow[];
  }[];
}

async function dumpOf(sheets: readonly ExportSheet[]): Promise<CellsDump> {
  const out: CellsDump['sheets'][number][] = [];
  for (const sheet of sheets) {
    const rows: ExportRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    out.push({ name: sheet.name, columns: sheet.columns, rows });
  }
  return { sheets: out };
}

/** What the consolidation's setup wrote. */
export interface ConsolidationData {
  readonly operators: number;
  readonly missions: number;
  readonly solicitations: number;
  readonly records: number;
  readonly providers: number;
}

/**
 * Writes the records of the six operators with `missionsPerOperator` missions each (and the
 * generator's structures, plans and solicitations around them), and the register, to one file
 * per owner in `dir`: the store the consolidation case reads, built in its own process so that
 * the generator's memory is not counted.
 */
export function consolidationSetupCase(args: {
  readonly missionsPerOperator: number;
  readonly dir: string;
}): ConsolidationData {
  const data = benchData(scaleForMissions(args.missionsPerOperator));
  const owners = new Map<OperatorCode, StoredRecord[]>(
    OPERATOR_CODES.map((code) => [code, operatorRecords(code, data.operators[code])]),
  );
  const register = registerRecords(data);
  writeOwnerFiles(args.dir, owners, register);
  const all = [...owners.values()].flat();
  return {
    operators: OPERATOR_CODES.length,
    missions: all.filter((r) => r.kind === 'mission').length,
    solicitations: all.filter((r) => r.kind === 'solicitation').length,
    records: all.length,
    providers: register.length,
  };
}

/** What the consolidation case measured. */
export interface ConsolidationResult {
  readonly missionRows: number;
  /** The whole use case: store reads, computation and the file. */
  readonly total: Cost;
  /** Time spent reading and parsing the store's files (part of `total`). */
  readonly storeReadMs: number;
  readonly storeReadCpuMs: number;
  /** The owners the store was asked for, in order. */
  readonly loads: readonly string[];
  /** Time spent writing the file (part of `total`). */
  readonly writeMs: number;
  readonly cells: number;
  readonly fileBytes: number;
}

/**
 * The regional consolidation as `dla consolidate --no-workbook` runs it: `regionalConsolidation`
 * reading the store written by {@link consolidationSetupCase} one operator at a time, then its
 * dated workbook through the export writer. Then, outside the measure, the cells of the view
 * for the floor.
 */
export async function consolidationCase(args: {
  readonly dir: string;
  readonly file: string;
  readonly dump: string;
}): Promise<ConsolidationResult> {
  const store = new FileRecordStore(args.dir);
  const files = new FileExportSink(path.dirname(args.file));
  let writeMs = 0;
  const sink: ExportSink = {
    write: async (request) => {
      const start = performance.now();
      const written = await files.write(request);
      writeMs += performance.now() - start;
      return written;
    },
  };
  const total = await measure(() =>
    regionalConsolidation(
      { store, sink, gateway: NO_WORKBOOK, clock: benchClock },
      { workbook: false, dashboard: false, fileName: path.basename(args.file) },
    ),
  );
  if (total.value.file?.ok !== true) throw new Error('The consolidation wrote no file');
  const reads = { ...store.reads, loads: [...store.reads.loads] };
  const view = await loadRegionalView(
    new FileRecordStore(args.dir),
    BENCH_TODAY,
    total.value.generatedAt,
  );
  const dump = await dumpOf(regionalExportSheets(view));
  writeFileSync(args.dump, JSON.stringify(dump));
  return {
    missionRows: view.missionRows.length,
    total: costOf(total),
    storeReadMs: round(reads.ms),
    storeReadCpuMs: round(reads.cpuMs),
    loads: reads.loads,
    writeMs: round(writeMs),
    cells: dump.sheets.reduce((n, s) => n + s.rows.length * s.columns.length, 0),
    fileBytes: statSync(args.file).size,
  };
}

/** The consolidation case writes no workbook: a gateway that refuses to be used. */
const NO_WORKBOOK: SpreadsheetGateway = {
  read: () => Promise.reject(new Error('The consolidation case reads no workbook')),
  write: () => Promise.reject(new Error('The consolidation case writes no workbook')),
};

/** What the register export case measured. */
export interface RegisterExportResult {
  readonly providers: number;
  readonly rows: number;
  readonly columns: number;
  readonly export: Cost;
  readonly fileBytes: number;
}

/**
 * The register export of `providers` providers to .xlsx: the rows of `registerExportSheet`
 * (completeness, facets) streamed by the export writer. The providers' mission history is left
 * empty (it is read from the operators' records, measured by the consolidation).
 */
export async function registerExportCase(args: {
  readonly providers: number;
  readonly file: string;
  readonly dump: string;
}): Promise<RegisterExportResult> {
  const register = registerRecords(benchData(scaleForProviders(args.providers)));
  const at = BENCH_NOW.toISOString();
  const measured = await measure(() =>
    writeXlsxExport(args.file, [registerExportSheet(register, new Map(), {}, at)]),
  );
  const dump = await dumpOf([registerExportSheet(register, new Map(), {}, at)]);
  writeFileSync(args.dump, JSON.stringify(dump));
  const sheet = dump.sheets[0];
  return {
    providers: register.length,
    rows: measured.value,
    columns: sheet?.columns.length ?? 0,
    export: costOf(measured),
    fileBytes: statSync(args.file).size,
  };
}

/**
 * The floor of an export: exceljs' streaming writer writing the same cells (typed as the export
 * writer types them, computed beforehand), one plain row after another: no title, widths, number
 * formats, filters or frozen header.
 */
export async function streamFloorCase(args: {
  readonly dump: string;
  readonly file: string;
}): Promise<Cost & { readonly fileBytes: number }> {
  const dump = JSON.parse(readFileSync(args.dump, 'utf8')) as CellsDump;
  const sheets = dump.sheets.map((sheet) => ({
    name: sheet.name,
    header: sheet.columns.map((c) => c.header),
    rows: sheet.rows.map((row) => sheet.columns.map((c, i) => xlsxCell(c, row[i] ?? null))),
  }));
  const measured = await measure(async () => {
    const workbook = new stream.xlsx.WorkbookWriter({
      filename: args.file,
      useStyles: true,
      useSharedStrings: false,
    });
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31));
      worksheet.addRow(sheet.header).commit();
      for (const row of sheet.rows) worksheet.addRow(row).commit();
      worksheet.commit();
    }
    await workbook.commit();
  });
  return { ...costOf(measured), fileBytes: round(statSync(args.file).size) };
}
