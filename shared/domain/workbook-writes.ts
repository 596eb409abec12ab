import type { CellValue } from './values/cell-value';

/** How a written cell looks: an error (red, with its note), a typed cell, or a system-computed cell (grey). */
export type CellStyle = 'error' | 'normal' | 'computed';

/** One cell to write back, addressed by tab, row number as read, and column label. */
export interface CellWrite {
  readonly tab: string;
  /** The 1-based row; 0 when the cell is addressed by {@link recordId} instead. */
  readonly row: number;
  /**
   * In an edit's answer only: the record whose row holds the cell, for a row the edit did not
   * send (the Apps Script finds it by the ID column). `row` is then 0.
   */
  readonly recordId?: string;
  readonly column: string;
  /** The 1-based column index of that label in the header as read. */
  readonly columnIndex: number;
  /** The new value, when the value changes (IDs, computed columns). */
  readonly value?: CellValue;
  /** The new note: a French text, or null to remove the system's note. */
  readonly note?: string | null;
  readonly style?: CellStyle;
}

/** A tab the system owns (Alertes, Journal, Prestataires, …), replaced whole. */
export interface TabReplacement {
  readonly tab: string;
  readonly rows: readonly (readonly CellValue[])[];
}
