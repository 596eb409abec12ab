import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { stream } from 'exceljs';
import type { Dashboard } from '../../shared/domain/dashboard/dashboard-charts';
import { fail, ok, type Result } from '../../shared/domain/result';
import { neutralizeFormula } from '../../shared/domain/values/formula-neutralization';
import { isIsoDate } from '../../shared/domain/values/french-date';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import {
  exportFileName,
  isDatedExportOf,
  type ExportFormat,
  type ExportRequest,
  type ExportSink,
  type ExportWritten,
} from '../../shared/ports/export-sink';
import type {
  ExportColumn,
  ExportColumnType,
  ExportSheet,
  ExportValue,
} from '../../shared/domain/export-sheet';
import type { ChartRenderer } from '../../shared/ports/chart-renderer';
import { assertWritable, drainedOrFailed, writeCsvExport } from './csv-export-writer';
import { writeStreamedDashboardTab } from './xlsx-streamed-dashboard';

/** A dashboard to draw as the first tab of a workbook export, with the renderer of its charts. */
export interface XlsxExportDashboard {
  readonly dashboard: Dashboard;
  /** Null: the tables without the images. */
  readonly renderer: ChartRenderer | null;
}

/*
 * Export files of the C2RA: workbooks written with exceljs' streaming writer (each row is
 * committed to the file as soon as it is produced, so memory stays flat as the register grows),
 * dated names, and the retention of the previous exports.
 */

/**
 * Number formats by column type. Format codes are locale-neutral: a French Excel or LibreOffice
 * shows `1 500,00 €` and `27/11/2026`.
 */
const NUMBER_FORMATS: Readonly<Record<ExportColumnType, string | null>> = {
  text: '@',
  integer: '0',
  decimal: null,
  amount: '#,##0.00 "€"',
  date: 'dd/mm/yyyy',
  datetime: null,
};

const DEFAULT_WIDTHS: Readonly<Record<ExportColumnType, number>> = {
  text: 24,
  integer: 12,
  decimal: 12,
  amount: 14,
  date: 13,
  datetime: 17,
};

/** Excel's limit on a tab name, and the characters it refuses in one. */
const MAX_SHEET_NAME = 31;

function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, MAX_SHEET_NAME);
}

function numberFormat(column: ExportColumn): string | null {
  if (column.type === 'decimal') {
    const decimals = column.decimals ?? 1;
    return decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
  }
  return NUMBER_FORMATS[column.type];
}

/** A date as the cell value exceljs turns into its serial number (midnight UTC: no time-zone shift). */
function dateCell(iso: string): Date {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

/** The value of one cell of a workbook: typed numbers and dates, text that can never be a formula. */
export function xlsxCell(column: ExportColumn, value: ExportValue): string | number | Date | null {
  if (value === null) return null;
  if (typeof value === 'number') {
    if (column.type === 'amount') return value / 100;
    return value;
  }
  if (column.type === 'date' && isIsoDate(value)) return dateCell(value);
  if (column.type === 'datetime') return formatParisDateTime(value);
  return neutralizeFormula(value);
}

/** Rows committed between two looks at the zip's backlog. */
const ROWS_BETWEEN_FLUSHES = 200;

/** Uncompressed XML allowed to wait for the zip before the writer stops producing rows. */
const MAX_ZIP_BACKLOG = 1024 * 1024;

/** What the writer reads of the stream that feeds a worksheet's XML to exceljs' zip. */
interface ZipInput extends EventEmitter {
  readonly _writableState?: { readonly length?: unknown; readonly needDrain?: unknown };
}

/**
 * The stream through which exceljs 4.4 hands a worksheet's XML to its zip (the worksheet's
 * `_stream` and the archiver input piped from it). Internals, read defensively: null when they
 * are not there, and the writer then only yields between rows.
 */
function zipInputOf(worksheet: unknown): ZipInput | null {
  const pipes = (worksheet as { _stream?: { pipes?: unknown } } | null)?._stream?.pipes;
  const first: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  return first instanceof EventEmitter ? first : null;
}

/**
 * exceljs commits rows without any backpressure: rows taken from memory pile up as XML until the
 * zip, compressing on libuv's threads, catches up (the whole sheet when nothing pauses). This
 * pause lets the zip start, then waits while its backlog is over {@link MAX_ZIP_BACKLOG}, which
 * also covers a slow upload (the zip stops reading while the destination is full). Memory stays
 * flat; the destination failing ends the wait.
 */
async function flushed(worksheet: unknown, destination: Writable): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const input = zipInputOf(worksheet);
  const state = input?._writableState;
  if (input === null || typeof state?.length !== 'number' || state.length <= MAX_ZIP_BACKLOG)
    return;
  if (state.needDrain !== true) return;
  await drainedOrFailed(input, destination);
}

async function writeSheet(
  workbook: stream.xlsx.WorkbookWriter,
  sheet: ExportSheet,
  destination: Writable,
): Promise<number> {
  const headerRow = sheet.title === null ? 1 : 2;
  const worksheet = workbook.addWorksheet(sheetName(sheet.name), {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
  });
  worksheet.columns = sheet.columns.map((column, index) => {
    const numFmt = numberFormat(column);
    return {
      key: `c${index + 1}`,
      width: column.width ?? DEFAULT_WIDTHS[column.type],
      ...(numFmt === null ? {} : { style: { numFmt } }),
    };
  });
  if (sheet.title !== null) {
    const title = worksheet.addRow([neutralizeFormula(sheet.title)]);
    title.font = { bold: true, size: 12 };
    title.commit();
  }
  const header = worksheet.addRow(sheet.columns.map((c) => neutralizeFormula(c.header)));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.commit();
  if (sheet.columns.length > 0) {
    worksheet.autoFilter = {
      from: { row: headerRow, column: 1 },
      to: { row: headerRow, column: sheet.columns.length },
    };
  }
  // One style object per column, shared by its cells: exceljs caches a style's index by object,
  // and otherwise serialises each cell's own copy of the column's style to look it up.
  const styles = sheet.columns.map((column) => {
    const numFmt = numberFormat(column);
    return numFmt === null ? null : { numFmt };
  });
  let rows = 0;
  for await (const values of sheet.rows) {
    assertWritable(destination);
    const row = worksheet.addRow(
      sheet.columns.map((column, index) => xlsxCell(column, values[index] ?? null)),
    );
    styles.forEach((style, index) => {
      if (style !== null) row.getCell(index + 1).style = style;
    });
    row.commit();
    rows += 1;
    if (rows % ROWS_BETWEEN_FLUSHES === 0) await flushed(worksheet, destination);
  }
  worksheet.commit();
  return rows;
}

/**
 * Writes the tables as a workbook to `target` (a file path, or a stream such as a Cloud Storage
 * upload), one tab each, row after row with exceljs' streaming writer: a bold title line (when
 * the sheet has one), the header with filters and frozen, then the rows. With a dashboard, its
 * « Tableau de bord » tab (tables and chart images) comes first. The stream is ended when
 * the workbook is complete and destroyed when the writing fails, so that a destination never
 * keeps half a file. Returns the number of data rows of all tabs.
 */
export async function writeXlsxExport(
  target: string | Writable,
  sheets: readonly ExportSheet[],
  dashboard?: XlsxExportDashboard,
): Promise<number> {
  const destination = typeof target === 'string' ? createWriteStream(target) : target;
  // exceljs listens to the destination's errors only once the workbook is committed.
  const failed = new Promise<never>((_, reject) => destination.on('error', reject));
  const run = async (): Promise<number> => {
    const workbook = new stream.xlsx.WorkbookWriter({
      stream: destination,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = 'DLA Nord – Pas de Calais';
    if (dashboard !== undefined) {
      await writeStreamedDashboardTab(workbook, dashboard.dashboard, dashboard.renderer);
    }
    let rows = 0;
    for (const sheet of sheets) rows += await writeSheet(workbook, sheet, destination);
    await workbook.commit();
    return rows;
  };
  try {
    return await Promise.race([run(), failed]);
  } finally {
    if (!destination.closed) destination.destroy();
  }
}

/**
 * Deletes the oldest dated exports of a base name and format beyond `keep` (the newest kept),
 * and nothing else: only the names `<base>-aaaa-mm-jj.<format>` are considered. Returns the
 * names deleted, oldest first.
 */
export async function pruneExports(
  dir: string,
  baseName: string,
  format: ExportFormat,
  keep: number,
): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`Invalid retention count: ${keep}`);
  const dated = (await readdir(dir))
    .filter((name) => isDatedExportOf(name, baseName, format))
    .sort();
  const removed = dated.slice(0, Math.max(0, dated.length - keep));
  for (const name of removed) await unlink(path.join(dir, name));
  return removed;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The export sink of a folder (the workspace's `exports/`): each file is written under a hidden
 * temporary name and renamed when complete, so a reader never opens half an export and a failed
 * export leaves the previous file of the day intact; then the retention deletes the oldest.
 */
export class FileExportSink implements ExportSink {
  /** With a renderer, a request's dashboard is drawn with its chart images; without, its tables only. */
  constructor(
    private readonly dir: string,
    private readonly renderer: ChartRenderer | null = null,
  ) {}

  async write(request: ExportRequest): Promise<Result<ExportWritten>> {
    if (request.format === 'csv' && request.sheets.length !== 1) {
      throw new RangeError(`A CSV export holds exactly one table, not ${request.sheets.length}`);
    }
    const fileName =
      request.fileName ?? exportFileName(request.baseName, request.date, request.format);
    await mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, fileName);
    const temporary = path.join(this.dir, `.${fileName}.${randomBytes(6).toString('hex')}.tmp`);
    let rows: number;
    try {
      const [only] = request.sheets;
      rows =
        request.format === 'xlsx' || only === undefined
          ? await writeXlsxExport(
              temporary,
              request.sheets,
              request.dashboard === undefined
                ? undefined
                : { dashboard: request.dashboard, renderer: this.renderer },
            )
          : await writeCsvExport(temporary, only);
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      const code = errorCode(error);
      if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
        return fail(
          'EXPORT_LOCKED',
          `Le fichier ${fileName} est ouvert dans un tableur ou protégé : fermez-le puis relancez l'export.`,
        );
      }
      throw error;
    }
    const removed =
      request.fileName === undefined
        ? await pruneExports(this.dir, request.baseName, request.format, request.keep)
        : [];
    return ok({ fileName, location: target, rows, removed });
  }
}
