import type { DashboardChart } from '../domain/dashboard/dashboard-charts';

/** The size of an image, in pixels. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Draws a chart of the dashboard as a PNG image, with its title, the date of its data, its axes
 * and its legend: for the .xlsx workbooks (which cannot hold a live chart we could write) and the
 * weekly e-mail. A failure is a bug or a broken installation: it throws.
 */
export interface ChartRenderer {
  renderPng(chart: DashboardChart, size: ImageSize): Promise<Uint8Array>;
}
