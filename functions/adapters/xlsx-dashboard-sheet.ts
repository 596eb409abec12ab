import type { Workbook, Worksheet } from 'exceljs';
import {
  DASHBOARD_CHART_SIZE,
  chartPlacement,
  type Dashboard,
  type DashboardChart,
  type DashboardColumnFormat,
} from '../../shared/domain/dashboard/dashboard-charts';
import type { ChartRenderer } from '../../shared/ports/chart-renderer';
import { HEADER_FONT } from '../../sheets/layouts/workbook-layout';
import { SHEET_PROTECTION_PASSWORD, restyle } from './xlsx-workbook-builder';

/** Number formats of the tables (locale-neutral codes: a French Excel shows `1 500,00 €`). */
const TABLE_FORMATS: Readonly<Record<DashboardColumnFormat, string | undefined>> = {
  text: undefined,
  integer: '0',
  decimal1: '0.0',
  decimal2: '0.00',
  euros: '#,##0.00 "€"',
};

const LABEL_WIDTH = 16;
const VALUE_WIDTH = 15;
/** Enough height for a header wrapped on three lines. */
const HEADER_ROW_HEIGHT = 48;

/** Media still used by the worksheets (images and backgrounds); exceljs keeps no such count. */
function usesMedia(workbook: Workbook): boolean {
  return workbook.worksheets.some((sheet) => {
    const media: unknown = (sheet as unknown as { _media?: unknown })._media;
    return Array.isArray(media) && media.length > 0;
  });
}

/**
 * Removes the previous dashboard tab. Its images stay in the workbook's media list (exceljs does
 * not drop them with the sheet): when no other tab has an image, the list is emptied, so the
 * file does not grow by six images at every run.
 */
function removeDashboardTab(workbook: Workbook, tab: string): void {
  const folded = tab.toLocaleLowerCase('fr');
  const previous = workbook.worksheets.find((s) => s.name.toLocaleLowerCase('fr') === folded);
  if (previous === undefined) return;
  workbook.removeWorksheet(previous.id);
  if (!usesMedia(workbook)) (workbook as unknown as { media: unknown[] }).media = [];
}

function writeTable(sheet: Worksheet, chart: DashboardChart, index: number): void {
  const place = chartPlacement(chart, index);
  const title = sheet.getRow(place.titleRow + 1).getCell(1);
  title.value = chart.title;
  restyle(title, { font: { ...HEADER_FONT, size: 12 } });
  const header = sheet.getRow(place.headerRow + 1);
  header.height = HEADER_ROW_HEIGHT;
  chart.table.columns.forEach((column, col) => {
    const cell = header.getCell(col + 1);
    cell.value = column.header;
    restyle(cell, {
      font: { ...HEADER_FONT },
      alignment: { wrapText: true, vertical: 'middle' },
    });
  });
  chart.table.rows.forEach((values, offset) => {
    const row = sheet.getRow(place.headerRow + 2 + offset);
    values.forEach((value, col) => {
      const cell = row.getCell(col + 1);
      cell.value = value;
      const numFmt = TABLE_FORMATS[chart.table.columns[col]?.format ?? 'text'];
      if (numFmt !== undefined) restyle(cell, { numFmt });
    });
  });
  const note = sheet.getRow(place.headerRow + 2 + chart.table.rows.length).getCell(1);
  note.value = chart.subtitle;
  restyle(note, { font: { italic: true, color: { argb: 'FF555555' } } });
}

/**
 * Writes the heading and the tables of the « Tableau de bord » tab (the numbers behind each
 * chart, placed where {@link chartPlacement} says), without the images. Works on a worksheet of
 * a workbook in memory and on one of exceljs' streaming writer (rows are only touched in order).
 */
export function writeDashboardTables(sheet: Worksheet, dashboard: Dashboard): void {
  const heading = sheet.getRow(1).getCell(1);
  heading.value = dashboard.heading;
  restyle(heading, { font: { ...HEADER_FONT, size: 14 } });
  const widest = Math.max(...dashboard.charts.map((c) => c.table.columns.length));
  sheet.getColumn(1).width = LABEL_WIDTH;
  for (let col = 2; col <= widest; col += 1) sheet.getColumn(col).width = VALUE_WIDTH;
  for (const [index, chart] of dashboard.charts.entries()) writeTable(sheet, chart, index);
}

/** Protects the dashboard tab without a password, as every tab the system writes whole. */
export function protectDashboardTab(sheet: Worksheet): void {
  void sheet.protect(SHEET_PROTECTION_PASSWORD, {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
}

/**
 * Writes the « Tableau de bord » tab of an .xlsx workbook, replacing the previous one: the
 * heading, then per chart its table (the numbers behind it) and, with a renderer, its PNG image
 * anchored to the right of the table. The tab is protected without a password, as every tab the
 * system writes whole.
 */
export async function writeDashboardTab(
  workbook: Workbook,
  dashboard: Dashboard,
  renderer: ChartRenderer | null,
): Promise<void> {
  removeDashboardTab(workbook, dashboard.tab);
  const sheet = workbook.addWorksheet(dashboard.tab);
  writeDashboardTables(sheet, dashboard);
  for (const [index, chart] of dashboard.charts.entries()) {
    if (renderer === null) continue;
    const png = await renderer.renderPng(chart, DASHBOARD_CHART_SIZE);
    // exceljs types the image as a Buffer of its own Node typings; a base64 string avoids the clash.
    const imageId = workbook.addImage({
      base64: Buffer.from(png).toString('base64'),
      extension: 'png',
    });
    const place = chartPlacement(chart, index);
    sheet.addImage(imageId, {
      tl: { col: place.chartColumn, row: place.titleRow },
      ext: { ...DASHBOARD_CHART_SIZE },
      editAs: 'oneCell',
    });
  }
  protectDashboardTab(sheet);
}
