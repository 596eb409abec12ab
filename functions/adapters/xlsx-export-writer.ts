import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { stream } from 'exceljs';
import { fail, ok, type Result } from '../../shared/domain/result';
import { neutralizeFormula } from '../../shared/domain/register-export';
import { isIsoDate } from '../../shared/domain/values/french-date';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import {
  exportFileName,
  isDatedExportOf,
  type ExportColumn,
  type ExportColumnType,
  type ExportFormat,
  type ExportRequest,
  type ExportSheet,
  type ExportSink,
  type ExportValue,
  type ExportWritten,
} from '../../shared/ports/export-sink';
import { writeCsvExport } from './csv-export-writer';

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

async function writeSheet(
  workbook: stream.xlsx.WorkbookWriter,
  sheet: ExportSheet,
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
  let rows = 0;
  for await (const values of sheet.rows) {
    worksheet
      .addRow(sheet.columns.map((column, index) => xlsxCell(column, values[index] ?? null)))
      .commit();
    rows += 1;
  }
  worksheet.commit();
  return rows;
}

/**
 * Writes the tables to `file` as a workbook, one tab each, row after row with exceljs' streaming
 * writer: a bold title line (when the sheet has one), the header with filters and frozen, then the
 * rows. Returns the number of data rows of all tabs.
 */
export async function writeXlsxExport(
  file: string,
  sheets: readonly ExportSheet[],
): Promise<number> {
  const workbook = new stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'DLA Nord – Pas de Calais';
  let rows = 0;
  for (const sheet of sheets) rows += await writeSheet(workbook, sheet);
  await workbook.commit();
  return rows;
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
  constructor(private readonly dir: string) {}

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
          ? await writeXlsxExport(temporary, request.sheets)
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
