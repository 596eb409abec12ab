import type { SnapshotRow } from '../workbook-snapshot';
import type { CellValue } from '../values/cell-value';

/** The note prefix of a refused cell; notes the system writes start with it or with {@link INFO_MARK}. */
export const ERROR_MARK = '⛔ ';
/** The note prefix of an informative system note (copied row, reverted computed cell). */
export const INFO_MARK = 'ℹ ';
/** Longest raw value kept in the quarantine (a pasted 50,000-character cell is kept whole). */
export const RAW_MAX_LENGTH = 50_000;

/** The value and note of a row's cell; an absent column or cell reads as empty. */
export function cellAt(
  row: SnapshotRow,
  index: number | null | undefined,
): { value: CellValue; note: string | undefined } {
  const cell = index === null || index === undefined ? undefined : row.cells[index];
  return { value: cell?.value ?? null, note: cell?.note };
}

/** The raw text of a cell as kept in the quarantine. */
export function rawText(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? Number.isNaN(value.getTime())
          ? 'Invalid Date'
          : value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return text.length > RAW_MAX_LENGTH ? text.slice(0, RAW_MAX_LENGTH) : text;
}

/** True for a note the system wrote (a refusal or an information), which it may take off again. */
export function isSystemNote(note: string | undefined): boolean {
  return note !== undefined && (note.startsWith(ERROR_MARK) || note.startsWith(INFO_MARK));
}

/** True when the sheet already shows the value to write (numbers exactly, the rest as text). */
export function sameCellValue(current: CellValue, desired: CellValue): boolean {
  const norm = (v: CellValue): string =>
    v === null ? '' : v instanceof Date ? v.toISOString() : String(v);
  if (typeof current === 'number' && typeof desired === 'number') return current === desired;
  return norm(current) === norm(desired);
}
