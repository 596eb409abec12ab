import type { Dashboard } from '../domain/dashboard/dashboard-charts';
import type { WorkbookOwner } from '../domain/operator';
import type { Result } from '../domain/result';
import type { CellValue } from '../domain/values/cell-value';

/** One cell as read: its value and its note, if any. */
export interface SnapshotCell {
  readonly value: CellValue;
  readonly note?: string;
}

/** One row of a tab, with its 1-based row number in the sheet. */
export interface SnapshotRow {
  readonly rowNumber: number;
  readonly cells: readonly SnapshotCell[];
}

/** One tab as read: its header labels (row 1) and its data rows (row 2 onwards, empty rows omitted). */
export interface TabSnapshot {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly SnapshotRow[];
  /** The merged ranges of the tab, when the gateway reports them. */
  readonly merges?: readonly MergedRange[];
}

/** What a workbook says of whose it is. */
export interface WorkbookIdentity {
  /**
   * The owner code written in the workbook at creation or provisioning (an .xlsx document
   * property, a Google spreadsheet's developer metadata); null for a workbook never marked.
   */
  readonly mark: string | null;
  /** The workbook's name (file name or spreadsheet title): a clue for an unmarked workbook. */
  readonly name: string;
}

/** A merged range as read: 1-based first and last rows and columns. */
export interface MergedRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** A whole workbook as read in one call. */
export interface WorkbookSnapshot {
  readonly owner: WorkbookOwner;
  readonly tabs: readonly TabSnapshot[];
  /** Absent when the gateway cannot tell (a test fake). */
  readonly identity?: WorkbookIdentity;
}

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

/** Everything the person must see after a sync, written in one call. */
export interface WriteBack {
  readonly cells: readonly CellWrite[];
  readonly tabs: readonly TabReplacement[];
  /**
   * The C2RA's « Tableau de bord », drawn in its own tab (created when missing): native charts
   * updated in place in Google Sheets, images beside their tables in an .xlsx file.
   */
  readonly dashboard?: Dashboard;
  /** The owner mark to write into a workbook that had none (see {@link WorkbookIdentity}). */
  readonly ownerMark?: WorkbookOwner;
}

/** What a read is limited to. */
export interface ReadOptions {
  /**
   * Only these tabs (a tab the workbook lacks is left out). An adapter that can only read the
   * whole workbook at once may return every tab: callers pick theirs by name.
   */
  readonly tabs?: readonly string[];
}

/**
 * A workbook: a Google spreadsheet in production, an .xlsx file locally. Expected failures are
 * values with a stable code: `WORKBOOK_NOT_FOUND`, `WORKBOOK_FORBIDDEN` (not shared with the service account), `WORKBOOK_LOCKED` (open in Excel or
 * LibreOffice: try again later), `WORKBOOK_UNREADABLE`. Infrastructure failures throw.
 */
export interface SpreadsheetGateway {
  /** Reads the owner's workbook in one call: every tab, or those of `options.tabs`. */
  read(owner: WorkbookOwner, options?: ReadOptions): Promise<Result<WorkbookSnapshot>>;
  /** Writes the write-back in one call (no call at all when it is empty). */
  write(owner: WorkbookOwner, writeBack: WriteBack): Promise<Result<void>>;
}
