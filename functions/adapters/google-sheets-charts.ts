import { randomInt } from 'node:crypto';
import type { sheets_v4 } from '@googleapis/sheets';
import {
  DASHBOARD_BLOCK_ROWS,
  DASHBOARD_CHART_SIZE,
  chartPlacement,
  type Dashboard,
  type DashboardChart,
  type DashboardColumnFormat,
  type DashboardValue,
} from '../../shared/domain/dashboard/dashboard-charts';

/*
 * The « Tableau de bord » of the C2RA's Google spreadsheet: its tables written as cells, and one
 * native chart per table, drawn by Sheets from the table's ranges (so a chart stays live). A
 * chart is found again by its title on the tab: the next run updates its spec in place and
 * leaves its position (a person may have moved it); a copy with the same title is deleted.
 * Unlike the tables' requests, addSheet and addChart are not idempotent: a batch replayed after a
 * lost answer fails on the sheet's id or adds a copy of a chart, which the next run deletes.
 */

/** What the dashboard needs to know of the spreadsheet: its tabs and the charts on them. */
export const DASHBOARD_READ_FIELDS =
  'sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),charts(chartId,spec(title)))';

/** Runs one API call with the gateway's retry policy. */
export type ApiCall = <T>(operation: string, call: () => Promise<T>) => Promise<T>;

const NUMBER_PATTERNS: Readonly<Record<DashboardColumnFormat, string | null>> = {
  text: null,
  integer: '0',
  decimal1: '0.0',
  decimal2: '0.00',
  euros: '#,##0.00 "€"',
};

function rgb(hex: string): sheets_v4.Schema$Color {
  const n = Number.parseInt(hex.slice(1), 16);
  return { red: ((n >> 16) & 255) / 255, green: ((n >> 8) & 255) / 255, blue: (n & 255) / 255 };
}

function cellOf(value: DashboardValue, format: DashboardColumnFormat): sheets_v4.Schema$CellData {
  if (value === null) return {};
  if (typeof value === 'string') return { userEnteredValue: { stringValue: value } };
  const pattern = NUMBER_PATTERNS[format];
  return {
    userEnteredValue: { numberValue: value },
    ...(pattern === null
      ? {}
      : { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern } } }),
  };
}

function bold(text: string, size?: number): sheets_v4.Schema$CellData {
  return {
    userEnteredValue: { stringValue: text },
    userEnteredFormat: {
      textFormat: { bold: true, ...(size === undefined ? {} : { fontSize: size }) },
      wrapStrategy: 'WRAP',
      verticalAlignment: 'MIDDLE',
    },
  };
}

/** The cells of the tab, row by row: the heading, then each chart's title, table and date. */
function dashboardGrid(dashboard: Dashboard): sheets_v4.Schema$RowData[] {
  const grid: sheets_v4.Schema$CellData[][] = [[bold(dashboard.heading, 14)]];
  dashboard.charts.forEach((chart, index) => {
    const place = chartPlacement(chart, index);
    const columns = chart.table.columns;
    grid[place.titleRow] = [bold(chart.title, 12)];
    grid[place.headerRow] = columns.map((c) => bold(c.header));
    chart.table.rows.forEach((row, offset) => {
      grid[place.headerRow + 1 + offset] = row.map((v, col) =>
        cellOf(v, columns[col]?.format ?? 'text'),
      );
    });
    grid[place.headerRow + 1 + chart.table.rows.length] = [
      {
        userEnteredValue: { stringValue: chart.subtitle },
        userEnteredFormat: { textFormat: { italic: true } },
      },
    ];
  });
  return Array.from(grid, (values) => ({ values: values ?? [] }));
}

/** The extent the tab's cells are written over (cells outside the tables inside it are cleared). */
function gridSize(dashboard: Dashboard): { rows: number; columns: number } {
  return {
    rows: 2 + dashboard.charts.length * DASHBOARD_BLOCK_ROWS,
    columns: Math.max(...dashboard.charts.map((c) => c.table.columns.length)),
  };
}

/** The native chart of a table: the same title, axes, legend, series and colours as the image. */
export function chartSpec(
  chart: DashboardChart,
  sheetId: number,
  index: number,
): sheets_v4.Schema$ChartSpec {
  const place = chartPlacement(chart, index);
  const range = (column: number): sheets_v4.Schema$ChartData => ({
    sourceRange: {
      sources: [
        {
          sheetId,
          startRowIndex: place.headerRow,
          endRowIndex: place.headerRow + 1 + chart.chartRows,
          startColumnIndex: column,
          endColumnIndex: column + 1,
        },
      ],
    },
  });
  const combo = chart.series.some((s) => s.type === 'line') || chart.rightAxis !== null;
  return {
    title: chart.title,
    subtitle: chart.subtitle,
    basicChart: {
      chartType: combo ? 'COMBO' : 'COLUMN',
      legendPosition: 'BOTTOM_LEGEND',
      headerCount: 1,
      stackedType: chart.stacked ? 'STACKED' : 'NOT_STACKED',
      axis: [
        { position: 'BOTTOM_AXIS', title: chart.categoryAxis },
        { position: 'LEFT_AXIS', title: chart.valueAxis },
        ...(chart.rightAxis === null ? [] : [{ position: 'RIGHT_AXIS', title: chart.rightAxis }]),
      ],
      domains: [{ domain: range(0) }],
      series: chart.series.map((s) => ({
        series: range(s.column),
        targetAxis: s.axis === 'right' ? 'RIGHT_AXIS' : 'LEFT_AXIS',
        type: s.type === 'line' ? 'LINE' : 'COLUMN',
        colorStyle: { rgbColor: rgb(s.color) },
      })),
    },
  };
}

interface DashboardSheet {
  readonly sheetId: number;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly charts: readonly { readonly chartId: number; readonly title: string }[];
}

function findDashboardSheet(
  spreadsheet: sheets_v4.Schema$Spreadsheet,
  tab: string,
): DashboardSheet | null {
  const folded = tab.toLocaleLowerCase('fr');
  const sheet = (spreadsheet.sheets ?? []).find(
    (s) => s.properties?.title?.toLocaleLowerCase('fr') === folded,
  );
  const sheetId = sheet?.properties?.sheetId;
  if (sheet === undefined || typeof sheetId !== 'number') return null;
  return {
    sheetId,
    rowCount: sheet.properties?.gridProperties?.rowCount ?? 0,
    columnCount: sheet.properties?.gridProperties?.columnCount ?? 0,
    charts: (sheet.charts ?? []).flatMap((c) =>
      typeof c.chartId === 'number' ? [{ chartId: c.chartId, title: c.spec?.title ?? '' }] : [],
    ),
  };
}

function usedSheetIds(spreadsheet: sheets_v4.Schema$Spreadsheet): Set<number> {
  return new Set(
    (spreadsheet.sheets ?? []).flatMap((s) =>
      typeof s.properties?.sheetId === 'number' ? [s.properties.sheetId] : [],
    ),
  );
}

/** The requests that create or resize the tab, so that the tables and charts fit in its grid. */
function sheetRequests(
  spreadsheet: sheets_v4.Schema$Spreadsheet,
  dashboard: Dashboard,
): { sheet: DashboardSheet; requests: sheets_v4.Schema$Request[] } {
  const size = gridSize(dashboard);
  const rows = size.rows + 10;
  const columns = Math.max(
    26,
    ...dashboard.charts.map((c, i) => chartPlacement(c, i).chartColumn + 8),
  );
  const existing = findDashboardSheet(spreadsheet, dashboard.tab);
  if (existing === null) {
    const used = usedSheetIds(spreadsheet);
    let sheetId = randomInt(1, 2_000_000_000);
    while (used.has(sheetId)) sheetId = randomInt(1, 2_000_000_000);
    return {
      sheet: { sheetId, rowCount: rows, columnCount: columns, charts: [] },
      requests: [
        {
          addSheet: {
            properties: {
              sheetId,
              title: dashboard.tab,
              gridProperties: { rowCount: rows, columnCount: columns },
            },
          },
        },
      ],
    };
  }
  if (existing.rowCount >= rows && existing.columnCount >= columns)
    return { sheet: existing, requests: [] };
  return {
    sheet: existing,
    requests: [
      {
        updateSheetProperties: {
          properties: {
            sheetId: existing.sheetId,
            gridProperties: {
              rowCount: Math.max(existing.rowCount, rows),
              columnCount: Math.max(existing.columnCount, columns),
            },
          },
          fields: 'gridProperties.rowCount,gridProperties.columnCount',
        },
      },
    ],
  };
}

/** addChart for a new chart, updateChartSpec for a known one, deleteEmbeddedObject for its copies. */
function chartRequests(sheet: DashboardSheet, dashboard: Dashboard): sheets_v4.Schema$Request[] {
  return dashboard.charts.flatMap((chart, index): sheets_v4.Schema$Request[] => {
    const spec = chartSpec(chart, sheet.sheetId, index);
    const [kept, ...copies] = sheet.charts.filter((c) => c.title === chart.title);
    const removals = copies.map((c) => ({ deleteEmbeddedObject: { objectId: c.chartId } }));
    if (kept !== undefined)
      return [{ updateChartSpec: { chartId: kept.chartId, spec } }, ...removals];
    const place = chartPlacement(chart, index);
    return [
      {
        addChart: {
          chart: {
            spec,
            position: {
              overlayPosition: {
                anchorCell: {
                  sheetId: sheet.sheetId,
                  rowIndex: place.titleRow,
                  columnIndex: place.chartColumn,
                },
                widthPixels: DASHBOARD_CHART_SIZE.width,
                heightPixels: DASHBOARD_CHART_SIZE.height,
              },
            },
          },
        },
      },
    ];
  });
}

/**
 * The requests that write the dashboard into the C2RA's spreadsheet, to send in the write-back's
 * batchUpdate: one read of the tabs and their charts first (through `call`, with the gateway's
 * retries), then the tab created or grown, its cells replaced, and its charts added or updated.
 */
export async function dashboardRequests(args: {
  readonly api: sheets_v4.Sheets;
  readonly spreadsheetId: string;
  readonly dashboard: Dashboard;
  readonly call: ApiCall;
}): Promise<sheets_v4.Schema$Request[]> {
  const { api, spreadsheetId, dashboard } = args;
  const response = await args.call('spreadsheets.get', () =>
    api.spreadsheets.get({ spreadsheetId, fields: DASHBOARD_READ_FIELDS }),
  );
  const { sheet, requests } = sheetRequests(response.data, dashboard);
  const size = gridSize(dashboard);
  return [
    ...requests,
    {
      updateCells: {
        range: {
          sheetId: sheet.sheetId,
          startRowIndex: 0,
          endRowIndex: size.rows,
          startColumnIndex: 0,
          endColumnIndex: size.columns,
        },
        rows: dashboardGrid(dashboard),
        fields: 'userEnteredValue,userEnteredFormat,note',
      },
    },
    ...chartRequests(sheet, dashboard),
  ];
}
