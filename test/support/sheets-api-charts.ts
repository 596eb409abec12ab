/**
 * Embedded charts of the local Sheets API stand-in: `addChart`, `updateChartSpec`,
 * `deleteEmbeddedObject`, and the charts `spreadsheets.get` lists under each sheet. Modelled on
 * Google's answers: a chart id is unique in the spreadsheet (a given one is kept, else one is
 * drawn), a chart is anchored over a grid sheet that exists, its source ranges name sheets that
 * exist, and deleting a sheet deletes the charts over it. Not modelled: charts on their own
 * sheet (`position.sheetId`, `newSheet`), and the rendering itself.
 */
import { randomInt } from 'node:crypto';
import {
  SheetsApiError,
  isJsonObject,
  type Json,
  type JsonObject,
  type SpreadsheetState,
} from './sheets-api-model';

/** The chart kinds of a ChartSpec (exactly one is set). */
const CHART_KINDS = [
  'basicChart',
  'pieChart',
  'bubbleChart',
  'candlestickChart',
  'orgChart',
  'histogramChart',
  'waterfallChart',
  'treemapChart',
  'scorecardChart',
] as const;

function invalid(at: string, message: string): SheetsApiError {
  return new SheetsApiError(400, `Invalid ${at}: ${message}`);
}

function sheetIds(spreadsheet: SpreadsheetState): Set<number> {
  return new Set(spreadsheet.sheets.map((s) => s.properties.sheetId));
}

/** Every chart of the spreadsheet with the sheet it sits on. */
function allCharts(spreadsheet: SpreadsheetState): { chart: JsonObject; sheetIndex: number }[] {
  return spreadsheet.sheets.flatMap((sheet, sheetIndex) =>
    sheet.charts.map((chart) => ({ chart, sheetIndex })),
  );
}

/** Every `sheetId` of a GridRange inside a spec (domains, series, …). */
function sourceSheetIds(value: Json, found: number[] = []): number[] {
  if (Array.isArray(value)) value.forEach((v) => sourceSheetIds(v, found));
  else if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'sources' && Array.isArray(child)) {
        for (const range of child) {
          if (isJsonObject(range))
            found.push(typeof range['sheetId'] === 'number' ? range['sheetId'] : 0);
        }
      } else sourceSheetIds(child, found);
    }
  }
  return found;
}

function checkSpec(spreadsheet: SpreadsheetState, spec: Json | undefined, at: string): JsonObject {
  if (!isJsonObject(spec)) throw invalid(at, 'spec is required.');
  const kinds = CHART_KINDS.filter((kind) => spec[kind] !== undefined);
  if (kinds.length !== 1)
    throw invalid(at, `exactly one chart type must be set in the spec (found ${kinds.length}).`);
  const known = sheetIds(spreadsheet);
  for (const id of sourceSheetIds(spec)) {
    if (!known.has(id)) throw invalid(at, `No grid with id: ${id}`);
  }
  return structuredClone(spec);
}

/** The sheet a chart is placed over: an overlay anchored on a cell of an existing grid. */
function anchorSheetIndex(
  spreadsheet: SpreadsheetState,
  position: Json | undefined,
  at: string,
): number {
  if (!isJsonObject(position)) throw invalid(at, 'position is required.');
  if (position['newSheet'] !== undefined || position['sheetId'] !== undefined) {
    throw invalid(at, 'charts on their own sheet are not implemented by the local stand-in.');
  }
  const overlay = position['overlayPosition'];
  const anchor = isJsonObject(overlay) ? overlay['anchorCell'] : undefined;
  if (!isJsonObject(anchor)) throw invalid(at, 'position.overlayPosition.anchorCell is required.');
  const sheetId = typeof anchor['sheetId'] === 'number' ? anchor['sheetId'] : 0;
  const index = spreadsheet.sheets.findIndex((s) => s.properties.sheetId === sheetId);
  if (index < 0) throw invalid(at, `No grid with id: ${sheetId}`);
  return index;
}

/** `addChart`: the chart as stored, with its id (the reply's `chart`). */
export function addChart(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): JsonObject {
  const chartJson = payload['chart'];
  if (!isJsonObject(chartJson)) throw invalid(at, 'chart is required.');
  const ids = new Set(allCharts(spreadsheet).map(({ chart }) => chart['chartId']));
  const requested = chartJson['chartId'];
  if (typeof requested === 'number' && ids.has(requested)) {
    throw invalid(at, `An embedded object with id ${requested} already exists.`);
  }
  let chartId = typeof requested === 'number' ? requested : randomInt(1, 2_000_000_000);
  while (typeof requested !== 'number' && ids.has(chartId)) chartId = randomInt(1, 2_000_000_000);
  const spec = checkSpec(spreadsheet, chartJson['spec'], at);
  const sheetIndex = anchorSheetIndex(spreadsheet, chartJson['position'], at);
  const chart: JsonObject = {
    chartId,
    spec,
    position: structuredClone(chartJson['position'] as JsonObject),
  };
  spreadsheet.sheets[sheetIndex]?.charts.push(chart);
  return structuredClone(chart);
}

function findChart(spreadsheet: SpreadsheetState, id: Json | undefined, at: string, what: string) {
  const found = allCharts(spreadsheet).find(({ chart }) => chart['chartId'] === id);
  if (found === undefined) throw invalid(at, `No ${what} with id: ${String(id)}`);
  return found;
}

/** `updateChartSpec`: the spec replaced whole; the chart keeps its id and position. */
export function updateChartSpec(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const { chart } = findChart(spreadsheet, payload['chartId'], at, 'chart');
  chart['spec'] = checkSpec(spreadsheet, payload['spec'], at);
}

/** `deleteEmbeddedObject`: removes a chart. */
export function deleteEmbeddedObject(
  spreadsheet: SpreadsheetState,
  payload: JsonObject,
  at: string,
): void {
  const { chart, sheetIndex } = findChart(spreadsheet, payload['objectId'], at, 'embedded object');
  const sheet = spreadsheet.sheets[sheetIndex];
  if (sheet !== undefined) sheet.charts = sheet.charts.filter((c) => c !== chart);
}
