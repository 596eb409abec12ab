/**
 * Child-process case of the C2RA's dashboard: what drawing it adds to the regional consolidation
 * (the view computed, then its dated .xlsx written), at the regional scale of the C2RA.
 *
 * @packageDocumentation
 */
import { rmSync, statSync } from 'node:fs';
import { Workbook } from 'exceljs';
import { EchartsChartRenderer } from '../../functions/adapters/echarts-chart-renderer';
import { writeDashboardTab } from '../../functions/adapters/xlsx-dashboard-sheet';
import { writeXlsxExport } from '../../functions/adapters/xlsx-export-writer';
import { buildDashboard } from '../../shared/domain/dashboard/dashboard-charts';
import { OPERATOR_CODES, type OperatorCode } from '../../shared/domain/operator';
import { consolidateRegion } from '../../shared/domain/regional/regional-view';
import { regionalExportSheets } from '../../shared/domain/regional/regional-output';
import type { StoredRecord } from '../../shared/domain/stored-record';
import {
  BENCH_NOW,
  BENCH_TODAY,
  benchData,
  operatorRecords,
  registerRecords,
  scaleForMissions,
} from '../lib/bench-data';
import { measure } from '../lib/measure';
import { costOf, type Cost } from './reconcile-cases';

/** What the dashboard case measured. */
export interface DashboardResult {
  readonly missions: number;
  /** consolidateRegion + the dated .xlsx, without the dashboard. */
  readonly consolidation: Cost;
  /** The same, then the dashboard: figures, six PNG images, the tab written into a workbook. */
  readonly withDashboard: Cost;
  /** The dashboard alone, within `withDashboard`. */
  readonly dashboardMs: number;
  /** withDashboard / consolidation − 1, in percent. */
  readonly addedPercent: number;
  readonly dashboardBytes: number;
}

/**
 * The consolidation of the six operators with `missionsPerOperator` missions each, measured
 * without then with the dashboard, in the same process (the first run also warms the modules up
 * for both: ECharts and resvg are loaded before either is timed).
 */
export async function dashboardCase(args: {
  readonly missionsPerOperator: number;
  readonly file: string;
}): Promise<DashboardResult> {
  const data = benchData(scaleForMissions(args.missionsPerOperator));
  const operators = Object.fromEntries(
    OPERATOR_CODES.map((code) => [code, operatorRecords(code, data.operators[code])]),
  ) as Record<OperatorCode, StoredRecord[]>;
  const register = registerRecords(data);
  const at = BENCH_NOW.toISOString();
  const renderer = new EchartsChartRenderer();
  const consolidate = async () => {
    const view = consolidateRegion({ operators, register, today: BENCH_TODAY, at });
    await writeXlsxExport(args.file, regionalExportSheets(view));
    return view;
  };
  const drawn = `${args.file}.dashboard.xlsx`;
  const dashboard = async (view: Awaited<ReturnType<typeof consolidate>>) => {
    const started = performance.now();
    const workbook = new Workbook();
    await writeDashboardTab(workbook, buildDashboard(view), renderer);
    await workbook.xlsx.writeFile(drawn);
    return performance.now() - started;
  };
  await dashboard(consolidateRegion({ operators, register, today: BENCH_TODAY, at }));
  // The view of the first run is not kept: the second run would carry it, as a live heap of
  // about 130 MB at this scale that each of its collections traverses.
  const without = await measure(async () => (await consolidate()).missionRows.length);
  const withIt = await measure(async () => dashboard(await consolidate()));
  const result: DashboardResult = {
    missions: without.value,
    consolidation: costOf(without),
    withDashboard: costOf(withIt),
    dashboardMs: Math.round(withIt.value),
    addedPercent: Math.round((withIt.ms / without.ms - 1) * 1000) / 10,
    dashboardBytes: statSync(drawn).size,
  };
  rmSync(drawn, { force: true });
  return result;
}
