/**
 * Section 5 of the benchmark: the regional consolidation and its .xlsx (6 operators, three
 * sizes), the C2RA's dashboard on top of it, and the register export, each against exceljs's
 * streaming writer writing the same cells.
 *
 * @packageDocumentation
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DashboardResult } from '../cases/dashboard-cases';
import type {
  ConsolidationData,
  ConsolidationResult,
  RegisterExportResult,
} from '../cases/export-cases';
import type { Cost } from '../cases/reconcile-cases';
import type { Plan } from '../lib/bench-plan';
import {
  metric,
  memoryOf,
  pushGrowth,
  runMeasured,
  runValue,
  type Collector,
} from '../lib/collector';
import { round } from '../lib/measure';
import { formatCount, type GrowthPoint } from '../lib/report';

/** What the C2RA's dashboard adds to the consolidation: target at most +20 %. */
async function dashboardSection(c: Collector, plan: Plan, work: string): Promise<void> {
  const missions = plan.dashboardMissions;
  const size = `6 × ${formatCount(missions)} missions`;
  try {
    c.log(`regional dashboard, ${size}`);
    const { value: result } = await runMeasured<DashboardResult>(
      c,
      work,
      'dashboard',
      { missionsPerOperator: missions, file: path.join(work, 'dashboard.xlsx') },
      `the dashboard of ${size}`,
    );
    c.measurements.push({
      id: `consolidation.dashboard.${missions}`,
      section: 5,
      label: 'Regional consolidation + .xlsx, then the dashboard (figures, 6 PNG, its tab)',
      size,
      metrics: [metric('time', 'ms', result.withDashboard.ms, result.consolidation.ms, 0)],
      floorLabel: 'the same consolidation without the dashboard',
      memory: memoryOf(
        result.withDashboard.peakRssMb,
        result.withDashboard.baseRssMb,
        result.consolidation.peakRssMb,
      ),
      notes: [
        `dashboard ${formatCount(result.dashboardMs)} ms of ${formatCount(result.withDashboard.ms)} ms (+${result.addedPercent} %); its tab ${formatCount(result.dashboardBytes)} bytes.`,
      ],
      details: { result },
    });
    c.targets.push({
      id: `consolidation.dashboard.added.${missions}`,
      label: 'Drawing the dashboard adds at most 20 % to the consolidation',
      size,
      expected: '≤ +20 %',
      actual: `+${result.addedPercent} %`,
      pass: result.addedPercent <= 20,
    });
    rmSync(path.join(work, 'dashboard.xlsx'), { force: true });
  } catch (error) {
    c.notMeasured(`dashboard of ${size}`, error);
  }
}

export async function consolidationSection(c: Collector, plan: Plan, work: string): Promise<void> {
  const points: GrowthPoint[] = [];
  for (const factor of plan.consolidationFactors) {
    const missions = plan.consolidationBase * factor;
    try {
      c.log(`regional consolidation, 6 operators × ${formatCount(missions)} missions`);
      const file = path.join(work, `consolidation-${factor}.xlsx`);
      const dump = path.join(work, `consolidation-${factor}.json`);
      const dir = path.join(work, `consolidation-${factor}-store`);
      mkdirSync(dir, { recursive: true });
      const data = await runValue<ConsolidationData>(work, 'consolidation-setup', {
        missionsPerOperator: missions,
        dir,
      });
      const { value: result, idleRssMb } = await runMeasured<ConsolidationResult>(
        c,
        work,
        'consolidation',
        { dir, file, dump },
        `the consolidation of 6 × ${formatCount(missions)} missions`,
      );
      const floor = await runValue<Cost & { fileBytes: number }>(work, 'stream-floor', {
        dump,
        file: path.join(work, `consolidation-${factor}-floor.xlsx`),
      });
      // The floor reads no store: the store's reads are left out of the ratio, and stated.
      const total = result.total.ms - result.storeReadMs;
      const cpu = result.total.cpuMs - result.storeReadCpuMs;
      const peak = result.total.peakRssMb;
      c.measurements.push({
        id: `consolidation.${missions}`,
        section: 5,
        label: 'Regional consolidation + its .xlsx (use case, store read operator by operator)',
        size: `6 × ${formatCount(missions)} missions, ${formatCount(data.solicitations)} solicitations`,
        metrics: [metric('time', 'ms', total, floor.ms, 0)],
        floorLabel: 'exceljs streaming writer, same cells',
        memory: memoryOf(peak, result.total.baseRssMb, floor.peakRssMb),
        notes: [
          `regionalConsolidation ${formatCount(result.total.ms)} ms (CPU ${formatCount(result.total.cpuMs)} ms, floor CPU ${formatCount(floor.cpuMs)} ms), of which reading the store ${formatCount(result.storeReadMs)} ms (left out) and the export writer ${formatCount(result.writeMs)} ms; ${formatCount(result.cells)} cells; ${formatCount(data.records)} records in the store, read owner by owner (${result.loads.join(', ')}).`,
        ],
        details: { data, result, floor },
      });
      points.push({
        factor,
        n: data.missions,
        ms: round(total),
        cpuMs: round(cpu),
        peakRssMb: round(peak),
        deltaRssMb: round(peak - idleRssMb),
      });
      rmSync(dir, { recursive: true, force: true });
      rmSync(file, { force: true });
      rmSync(dump, { force: true });
    } catch (error) {
      c.notMeasured(`consolidation of 6 × ${formatCount(missions)} missions`, error);
    }
  }
  pushGrowth(c, 'growth.consolidation', 'Regional consolidation + .xlsx', 'missions', points);
  await dashboardSection(c, plan, work);

  try {
    c.log(`register export of ${formatCount(plan.exportProviders)} providers`);
    const file = path.join(work, 'register.xlsx');
    const dump = path.join(work, 'register.json');
    const { value: result } = await runMeasured<RegisterExportResult>(
      c,
      work,
      'register-export',
      { providers: plan.exportProviders, file, dump },
      'the register export',
    );
    const floor = await runValue<Cost & { fileBytes: number }>(work, 'stream-floor', {
      dump,
      file: path.join(work, 'register-floor.xlsx'),
    });
    c.measurements.push({
      id: `register-export.${plan.exportProviders}`,
      section: 5,
      label: 'Register export to .xlsx (registerExportSheet + export writer)',
      size: `${formatCount(result.rows)} providers × ${result.columns} columns`,
      metrics: [metric('time', 'ms', result.export.ms, floor.ms, 0)],
      floorLabel: 'exceljs streaming writer, same cells',
      memory: memoryOf(result.export.peakRssMb, result.export.baseRssMb, floor.peakRssMb),
      notes: [
        `File ${formatCount(Math.round(result.fileBytes / 1024))} KiB (floor ${formatCount(Math.round(floor.fileBytes / 1024))} KiB); mission history left empty.`,
      ],
      details: { result, floor },
    });
  } catch (error) {
    c.notMeasured('register export', error);
  }
}
