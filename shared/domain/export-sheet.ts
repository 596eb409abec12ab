/**
 * What a column holds, which decides how each writer shows it: French text, whole numbers,
 * decimals with a comma, euros, dates `jj/mm/aaaa`, or instants read in Europe/Paris.
 */
export type ExportColumnType = 'text' | 'integer' | 'decimal' | 'amount' | 'date' | 'datetime';

/** One column of an exported table. */
export interface ExportColumn {
  /** The French header. */
  readonly header: string;
  readonly type: ExportColumnType;
  /** Digits after the decimal comma of a `decimal` column (1 when absent). */
  readonly decimals?: number;
  /** Width in characters in a workbook (a default by type when absent). */
  readonly width?: number;
}

/**
 * One value of a row, read according to its column's type: a string for `text`, a number for
 * `integer` and `decimal`, integer cents for `amount`, an IsoDate (`aaaa-mm-jj`) for `date`, an
 * ISO instant for `datetime`; null for an empty cell.
 */
export type ExportValue = string | number | null;

/** One row: one value per column, in the columns' order. */
export type ExportRow = readonly ExportValue[];

/** A table to export: a tab of a workbook, or the whole of a CSV file. */
export interface ExportSheet {
  /** The tab name (31 characters at most in a workbook). */
  readonly name: string;
  /**
   * A line written above the header in a workbook, e.g. the date and time of the run; null for
   * none. A CSV file has no title line: its first line is the header, as filters and imports
   * expect, and its date is in its name.
   */
  readonly title: string | null;
  readonly columns: readonly ExportColumn[];
  /** The rows, produced one at a time so that a large export never sits whole in memory. */
  readonly rows: Iterable<ExportRow> | AsyncIterable<ExportRow>;
}
