import type { Dashboard } from '../domain/dashboard/dashboard-charts';
import type { ExportSheet } from '../domain/export-sheet';
import type { Result } from '../domain/result';
import type { IsoDate } from '../domain/values/french-date';

/** The file formats of an export: a workbook for people, a CSV for filters and imports. */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;

/** An export file format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How many dated files of one export (base name and format) are kept, the new one included. */
export const DEFAULT_EXPORT_RETENTION = 10;

/** One export file to write. */
export interface ExportRequest {
  /** The dated name's prefix, lowercase letters, digits and dashes: `registre-prestataires`. */
  readonly baseName: string;
  /** The day of the run in Paris, which names the file. */
  readonly date: IsoDate;
  readonly format: ExportFormat;
  /** The tables: any number in a workbook, exactly one in a CSV file. */
  readonly sheets: readonly ExportSheet[];
  /** How many dated files of this base name and format to keep, the new one included (≥ 1). */
  readonly keep: number;
  /** A chosen file name instead of the dated one (`dla consolidate --out`): no retention then. */
  readonly fileName?: string;
  /**
   * A workbook's « Tableau de bord », written as its first tab: the tables behind the charts and,
   * when the sink has a chart renderer, the charts as images. Ignored by a CSV export.
   */
  readonly dashboard?: Dashboard;
}

/** What writing an export did. */
export interface ExportWritten {
  readonly fileName: string;
  /** Where the file is: a path locally, `gs://bucket/exports/…` on Cloud Storage. */
  readonly location: string;
  /** Data rows written, all tables together (titles and headers not counted). */
  readonly rows: number;
  /** Older dated exports deleted by the retention, oldest first. */
  readonly removed: readonly string[];
}

/**
 * Where export files go: the workspace's `exports/` folder locally, a Cloud Storage bucket in
 * production. A file appears whole or not at all (a reader never opens half an export) and
 * replaces the file of the same day. Expected failures are values: `EXPORT_LOCKED` (the file of
 * the day is open in Excel or LibreOffice), and on Cloud Storage `EXPORT_STORAGE_FORBIDDEN`,
 * `EXPORT_BUCKET_NOT_FOUND`, `EXPORT_STORAGE_UNAVAILABLE`, `EXPORT_RETENTION_FAILED`. A local
 * disk failure, or a row that cannot be written (a bug), throws.
 */
export interface ExportSink {
  write(request: ExportRequest): Promise<Result<ExportWritten>>;
}

const BASE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The dated name of an export: `registre-prestataires-2026-11-27.xlsx`. Dates written
 * `aaaa-mm-jj` sort as text in the order of days, which the retention relies on.
 */
export function exportFileName(baseName: string, date: IsoDate, format: ExportFormat): string {
  if (!BASE_NAME.test(baseName)) throw new RangeError(`Invalid export base name: ${baseName}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Invalid export date: ${date}`);
  return `${baseName}-${date}.${format}`;
}

/** True for a dated export file of this base name and format (and nothing else the folder holds). */
export function isDatedExportOf(fileName: string, baseName: string, format: ExportFormat): boolean {
  if (!fileName.startsWith(`${baseName}-`) || !fileName.endsWith(`.${format}`)) return false;
  const middle = fileName.slice(baseName.length + 1, fileName.length - format.length - 1);
  return /^\d{4}-\d{2}-\d{2}$/.test(middle);
}
