import { createWriteStream } from 'node:fs';
import { once, type EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { formatFrenchDate, isIsoDate } from '../../shared/domain/values/french-date';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import { neutralizeFormula } from '../../shared/domain/values/formula-neutralization';
import type { ExportColumn, ExportSheet, ExportValue } from '../../shared/domain/export-sheet';

/*
 * CSV for a French Excel or LibreOffice: UTF-8 with a byte-order mark (without it Excel reads
 * « Compétence » as « CompÃ©tence »), `;` between fields (the comma is the decimal separator),
 * numbers with a decimal comma and no thousands separator (so that they stay numbers), dates
 * jj/mm/aaaa, lines ending with CRLF and fields quoted as RFC 4180 says (by csv-stringify). Text
 * that a spreadsheet would run as a formula is neutralised first ({@link neutralizeFormula}).
 */

/** The field separator of a French CSV. */
export const CSV_SEPARATOR = ';';

/** Lines end with CRLF (RFC 4180). */
const LINE_END = '\r\n';

/** A number with a decimal comma and no thousands separator: `1234,5`. */
function decimalComma(value: number, decimals: number): string {
  return value.toFixed(decimals).replace('.', ',');
}

/** Cents as euros with a decimal comma, exactly (no floating point): `150000` → `1500,00`. */
export function centsToFrenchNumber(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Invalid amount in cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.trunc(absolute / 100)},${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * The text of one cell, before quoting: French formats by column type; any text goes through
 * {@link neutralizeFormula}.
 */
export function csvCell(column: ExportColumn, value: ExportValue): string {
  if (value === null) return '';
  if (typeof value === 'string') {
    if (column.type === 'date' && isIsoDate(value)) return formatFrenchDate(value);
    if (column.type === 'datetime') return formatParisDateTime(value);
    return neutralizeFormula(value);
  }
  switch (column.type) {
    case 'integer':
      return String(Math.round(value));
    case 'decimal':
      return decimalComma(value, column.decimals ?? 1);
    case 'amount':
      return centsToFrenchNumber(value);
    default:
      // A number in a text column is written as the French number it is.
      return String(value).replace('.', ',');
  }
}

/** The fields of one line of the file, before quoting. */
export function csvRecord(
  columns: readonly ExportColumn[],
  values: readonly ExportValue[],
): string[] {
  return columns.map((column, index) => csvCell(column, values[index] ?? null));
}

/**
 * Resolves when `source` emits `drain` (the destination itself, or a stage in front of it);
 * rejects when `destination` fails or closes first (a failed upload), so that the writer stops
 * producing rows instead of waiting for ever.
 */
export function drainedOrFailed(source: EventEmitter, destination: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown): void => {
      source.off('drain', onDrain);
      destination.off('error', onError);
      destination.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onDrain = (): void => settle();
    const onError = (error: unknown): void => settle(error);
    const onClose = (): void =>
      settle(destination.errored ?? new Error('The export destination was closed'));
    source.on('drain', onDrain);
    destination.on('error', onError);
    destination.on('close', onClose);
  });
}

/** Throws the destination's error once it has failed: no row is produced for nothing. */
export function assertWritable(stream: Writable): void {
  if (stream.errored !== null) throw stream.errored;
  if (stream.destroyed) throw new Error('The export destination was closed');
}

/**
 * Writes one table as a French CSV to `target` (a file path, or a stream such as a Cloud Storage
 * upload), row after row (memory stays flat whatever the number of rows): the byte-order mark,
 * the header line, then one line per row. The title of the sheet is not written (the first line
 * of a CSV is its header). The stream is ended when every row is written and destroyed when the
 * writing fails, so that a destination never keeps half a file. Returns the number of data rows.
 */
export async function writeCsvExport(
  target: string | Writable,
  sheet: ExportSheet,
): Promise<number> {
  const stream =
    typeof target === 'string' ? createWriteStream(target, { encoding: 'utf8' }) : target;
  const failed = new Promise<never>((_, reject) => stream.on('error', reject));
  const run = async (): Promise<number> => {
    const csv = stringify({ delimiter: CSV_SEPARATOR, record_delimiter: LINE_END, bom: true });
    csv.on('error', (error) => stream.destroy(error));
    csv.pipe(stream);
    const put = async (fields: string[]): Promise<void> => {
      assertWritable(stream);
      if (!csv.write(fields)) await drainedOrFailed(csv, stream);
    };
    await put(sheet.columns.map((c) => neutralizeFormula(c.header)));
    let rows = 0;
    for await (const row of sheet.rows) {
      await put(csvRecord(sheet.columns, row));
      rows += 1;
    }
    csv.end();
    await once(stream, 'finish');
    return rows;
  };
  try {
    return await Promise.race([run(), failed]);
  } finally {
    if (!stream.closed) stream.destroy();
  }
}
