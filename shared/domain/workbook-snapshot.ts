import type { WorkbookOwner } from './operator';
import type { CellValue } from './values/cell-value';

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

/** A merged range as read: 1-based first and last rows and columns. */
export interface MergedRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
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

/** A whole workbook as read in one call. */
export interface WorkbookSnapshot {
  readonly owner: WorkbookOwner;
  readonly tabs: readonly TabSnapshot[];
  /** Absent when the gateway cannot tell (a test fake). */
  readonly identity?: WorkbookIdentity;
}
