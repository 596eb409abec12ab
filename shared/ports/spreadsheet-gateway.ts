import type { Dashboard } from '../domain/dashboard/dashboard-charts';
import type { WorkbookOwner } from '../domain/operator';
import type { Result } from '../domain/result';
import type { WorkbookSnapshot } from '../domain/workbook-snapshot';
import type { CellWrite, TabReplacement } from '../domain/workbook-writes';

/** Everything the person must see after a sync, written in one call. */
export interface WriteBack {
  readonly cells: readonly CellWrite[];
  readonly tabs: readonly TabReplacement[];
  /**
   * The C2RA's « Tableau de bord », drawn in its own tab (created when missing): native charts
   * updated in place in Google Sheets, images beside their tables in an .xlsx file.
   */
  readonly dashboard?: Dashboard;
  /** The owner mark to write into a workbook that had none (see `WorkbookIdentity`). */
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
