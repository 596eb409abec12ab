import { createWriteStream } from 'node:fs';
import { once, type EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { formatFrenchDate, isIsoDate } from '../../shared/domain/values/french-date';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import { neutralizeFormula } from '../../shared/domain/register-export';
import type { ExportColumn, ExportSheet, ExportValue } from '../../shared/ports/export-sink';

/*
 * CSV for a French Excel or LibreOffice: UTF-8 with a byte-order mark (without it Excel reads
 * « Compétence » as « CompÃ©tence »), `;` between fields (the comma is the decimal separator),
 * numbers with a decimal comma and no thousands separator (so that they stay numbers), dates
 * jj/mm/aaaa, lines ending with CRLF and fields quoted as RFC 4180 says.
 */

/** The byte-order mark that tells Excel the file is UTF-8. */
export const UTF8_BOM = '\ufeff';

/** The field separator of a French CSV. */
export const CSV_SEPARATOR = ';';

/** Lines end with CRLF (RFC 4180). */
const LINE_END = '\r\n';

/** Bytes gathered before a write to the file, so that a large export is not one write per line. */
const CHUNK_CHARS = 64 * 1024;

/**
 * One field per RFC 4180: quoted when it holds the separator, a double quote, a carriage return
 * or a line feed, its double quotes doubled.
 */
export function csvField(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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

/** The text of one cell: French formats by column type; any text goes through {@link neutralizeFormula}. */
export function csvCell(column: ExportColumn, value: ExportValue): string {
  if (value === null) return '';
  if (typeof value === 'string') {
    if (column.type === 'date' && isIsoDate(value)) return formatFrenchDate(value);
    if (column.type === 'datetime') return csvField(formatParisDateTime(value));
    return csvField(neutralizeFormula(value));
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

/** One line of the file, without its line end. */
export function csvLine(columns: readonly ExportColumn[], values: readonly ExportValue[]): string {
  return columns.map((column, index) => csvCell(column, values[index] ?? null)).join(CSV_SEPARATOR);
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

async function writeChunk(stream: Writable, chunk: string): Promise<void> {
  assertWritable(stream);
  if (!stream.write(chunk, 'utf8')) await drainedOrFailed(stream, stream);
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
    let buffer =
      UTF8_BOM +
      sheet.columns.map((c) => csvField(neutralizeFormula(c.header))).join(CSV_SEPARATOR) +
      LINE_END;
    let rows = 0;
    for await (const row of sheet.rows) {
      buffer += csvLine(sheet.columns, row) + LINE_END;
      rows += 1;
      if (buffer.length >= CHUNK_CHARS) {
        await writeChunk(stream, buffer);
        buffer = '';
      }
    }
    if (buffer !== '') await writeChunk(stream, buffer);
    stream.end();
    await once(stream, 'finish');
    return rows;
  };
  try {
    return await Promise.race([run(), failed]);
  } finally {
    if (!stream.closed) stream.destroy();
  }
}
