/**
 * Sections 1 and 2 of the benchmark: the full reconcile of the operator workbook on the .xlsx
 * path and on the Sheets API path, nothing changed and after 1 % of the rows changed, each
 * against its floor (exceljs reading the same file; one values.batchGet of every tab).
 *
 * @packageDocumentation
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { workbookFileName } from '../../sheets/layouts/workbook-layout';
import type { Cost, ReconcileResult, SheetsResult } from '../cases/reconcile-cases';
import type { ChildResult } from '../child';
import { BENCH_OPERATOR } from '../lib/bench-data';
import { CHANGED_PERCENT, type Plan } from '../lib/bench-plan';
import type { BuiltWorkspace } from '../lib/build-workbook';
import { LARGE_HEAP_MB } from '../lib/children';
import {
  metric,
  memoryOf,
  runMeasured,
  runValue,
  sameIds,
  writesText,
  type Collector,
} from '../lib/collector';
import { totalWrites } from '../lib/counting-store';
import type { Mutation } from '../lib/mutate';
import { formatCount } from '../lib/report';

/** Reconcile growth points, filled by the .xlsx section. */
export interface ReconcilePoint {
  readonly rows: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** RSS of the child before the case ran. */
  readonly idleRssMb: number;
}

export async function reconcileSection(
  c: Collector,
  plan: Plan,
  work: string,
  requested: number,
  growth: ReconcilePoint[],
  sheetsCalls: { reads: number; writes: number }[],
): Promise<BuiltWorkspace | null> {
  const dir = path.join(work, `reconcile-${requested}`);
  c.log(`reconcile ${formatCount(requested)} rows: building the workspace through the sync`);
  let built: BuiltWorkspace;
  try {
    built = await runValue<BuiltWorkspace>(
      work,
      'build',
      { dir, rows: requested },
      { heapMb: LARGE_HEAP_MB },
    );
  } catch (error) {
    c.notMeasured(`reconcile of ${formatCount(requested)} rows (workspace build failed)`, error);
    return null;
  }
  const { size } = sizeOf(built);
  c.log(
    `  built ${size} in ${formatCount(Object.values(built.phases).reduce((s, v) => s + v, 0))} ms`,
  );
  const pristine = path.join(dir, 'pristine');
  mkdirSync(pristine, { recursive: true });
  const fileName = workbookFileName(BENCH_OPERATOR);
  copyFileSync(path.join(dir, fileName), path.join(pristine, fileName));
  copyFileSync(built.storePath, path.join(pristine, path.basename(built.storePath)));
  const pristineStore = path.join(pristine, path.basename(built.storePath));

  await xlsxCases(c, plan, work, built, requested, growth);
  if (plan.sheetsRows.includes(requested)) {
    await sheetsCases(
      c,
      work,
      built,
      requested,
      { dir: pristine, storePath: pristineStore },
      sheetsCalls,
    );
  } else {
    c.notes.push(
      `« not measured: Sheets API reconcile of ${size} » — left out of this run's plan.`,
    );
  }
  return built;
}

function sizeOf(built: BuiltWorkspace): { size: string; sizeNote: string } {
  return {
    size: `${formatCount(built.totalRows)} rows`,
    sizeNote: `${formatCount(built.rows.beneficiary)} structures, ${formatCount(built.rows.plan)} plans, ${formatCount(built.rows.mission)} missions, ${formatCount(built.rows.solicitation)} solicitations; « Prestataires » copy of ${formatCount(built.registerProviders)} providers.`,
  };
}

/** The .xlsx reconcile, nothing changed (one or two runs), then after 1 % of the rows changed. */
async function xlsxCases(
  c: Collector,
  plan: Plan,
  work: string,
  built: BuiltWorkspace,
  requested: number,
  growth: ReconcilePoint[],
): Promise<void> {
  const { dir } = built;
  const { size, sizeNote } = sizeOf(built);
  try {
    c.log('  floor: exceljs reads the file');
    const floor = await runValue<Cost>(work, 'xlsx-floor', { dir });
    const repeats = plan.secondRunRows.includes(requested) ? 2 : 1;
    c.log(
      `  reconcile, nothing changed (${repeats} run${repeats > 1 ? 's, one process each' : ''})`,
    );
    const what = `the .xlsx reconcile of ${size}`;
    const runs: ChildResult<ReconcileResult>[] = [];
    for (let i = 0; i < repeats; i += 1) {
      runs.push(
        await runMeasured<ReconcileResult>(
          c,
          work,
          'xlsx-reconcile',
          { dir, storePath: built.storePath },
          what,
        ),
      );
    }
    const results = runs.map((r) => r.value);
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const meanMs = mean(results.map((r) => r.cost.ms));
    const meanCpuMs = mean(results.map((r) => r.cost.cpuMs));
    const peak = Math.max(...results.map((r) => r.cost.peakRssMb));
    const base = results[0]?.cost.baseRssMb ?? 0;
    c.measurements.push({
      id: `reconcile.xlsx.no-change.${requested}`,
      section: 1,
      label: 'Full reconcile, .xlsx, nothing changed',
      size,
      metrics: [metric('time', 'ms', meanMs, floor.ms, 0)],
      floorLabel: 'exceljs loads the same file',
      memory: memoryOf(peak, base, floor.peakRssMb),
      notes: [
        `${results.length > 1 ? `Mean of ${results.length} runs (${results.map((r) => formatCount(r.cost.ms)).join(' and ')} ms); ` : ''}CPU ${formatCount(meanCpuMs)} ms. ${sizeNote}`,
      ],
      details: { built, floor, runs: results },
    });
    growth.push({
      rows: built.totalRows,
      ms: meanMs,
      cpuMs: meanCpuMs,
      peakRssMb: peak,
      idleRssMb: runs[0]?.idleRssMb ?? 0,
    });
    results.forEach((result, i) => {
      c.targets.push({
        id: `reconcile.xlsx.no-change.writes.run-${i + 1}.${requested}`,
        label: `.xlsx reconcile, nothing changed since the build's last sync (run ${i + 1}): store writes`,
        size,
        expected: '0',
        actual: writesText(result.writes),
        pass: totalWrites(result.writes) === 0 && result.writes.sequences === 0,
      });
    });

    c.log(`  a person changes ${CHANGED_PERCENT} % of the rows`);
    const mutation = await runValue<Mutation>(
      work,
      'xlsx-mutate',
      { dir, percent: CHANGED_PERCENT },
      { heapMb: LARGE_HEAP_MB },
    );
    c.log('  reconcile after the change');
    const { value: after } = await runMeasured<ReconcileResult>(
      c,
      work,
      'xlsx-reconcile',
      { dir, storePath: built.storePath },
      what,
    );
    c.measurements.push({
      id: `reconcile.xlsx.after-change.${requested}`,
      section: 1,
      label: `Full reconcile, .xlsx, ${CHANGED_PERCENT} % of rows changed`,
      size,
      metrics: [metric('time', 'ms', after.cost.ms, floor.ms, 0)],
      floorLabel: 'exceljs loads the same file',
      memory: memoryOf(after.cost.peakRssMb, after.cost.baseRssMb, floor.peakRssMb),
      notes: [
        `${mutation.changedRows} rows changed; ${writesText(after.writes)}; the write-back rewrites the file.`,
      ],
      details: {
        mutation: { ...mutation, ids: mutation.ids.length },
        after: { ...after, writes: { ...after.writes, putIds: after.writes.putIds.length } },
      },
    });
    c.targets.push({
      id: `reconcile.xlsx.after-change.puts.${requested}`,
      label: `.xlsx reconcile after ${CHANGED_PERCENT} % of rows changed: record puts = changed rows (audit rows are extra writes, listed)`,
      size,
      expected: `${mutation.changedRows} puts, the changed rows' records`,
      actual: writesText(after.writes),
      pass:
        after.writes.puts === mutation.changedRows && sameIds(after.writes.putIds, mutation.ids),
    });
  } catch (error) {
    c.notMeasured(`.xlsx reconcile of ${size}`, error);
  }
}

/** The Sheets API reconcile on the test server, from the pristine copy of the workspace. */
async function sheetsCases(
  c: Collector,
  work: string,
  built: BuiltWorkspace,
  requested: number,
  pristine: { readonly dir: string; readonly storePath: string },
  sheetsCalls: { reads: number; writes: number }[],
): Promise<void> {
  const { size } = sizeOf(built);
  try {
    c.log(
      '  Sheets API path: seed the test server, reconcile, batchGet floor, 1 % change, reconcile',
    );
    const sheets = await runValue<SheetsResult>(
      work,
      'sheets',
      { dir: pristine.dir, storePath: pristine.storePath, percent: CHANGED_PERCENT },
      { heapMb: LARGE_HEAP_MB },
    );
    for (const [key, label, result] of [
      ['no-change', 'nothing changed', sheets.noChange],
      ['after-change', `${CHANGED_PERCENT} % of rows changed`, sheets.afterChange],
    ] as const) {
      sheetsCalls.push({ reads: result.calls.reads, writes: result.calls.writes });
      c.measurements.push({
        id: `reconcile.sheets.${key}.${requested}`,
        section: 2,
        label: `Full reconcile, Sheets API (test server), ${label}`,
        size,
        metrics: [metric('time', 'ms', result.cost.ms, sheets.floor.ms, 0)],
        floorLabel: 'one values.batchGet of every tab',
        memory: null,
        notes: [
          `Calls: ${result.calls.operations.join(', ') || 'none'}` +
            `${result.calls.writeBytes.length > 0 ? ` (write body ${result.calls.writeBytes.map((b) => `${formatCount(Math.round(b / 1024))} KiB`).join(', ')})` : ''}; ` +
            `${writesText(result.writes)}. Server and client in one process.`,
        ],
        details: { ...result, writes: { ...result.writes, putIds: result.writes.putIds.length } },
      });
      c.targets.push({
        id: `reconcile.sheets.${key}.calls.${requested}`,
        label: `Sheets API calls per reconcile, ${label}`,
        size,
        expected: '1 read, ≤ 1 write',
        actual: `${result.calls.reads} read, ${result.calls.writes} write`,
        pass: result.calls.reads === 1 && result.calls.writes <= 1,
      });
    }
    c.targets.push({
      id: `reconcile.sheets.no-change.writes.${requested}`,
      label: 'Sheets API reconcile with nothing changed: store writes',
      size,
      expected: '0',
      actual: writesText(sheets.noChange.writes),
      pass: totalWrites(sheets.noChange.writes) === 0,
    });
    c.targets.push({
      id: `reconcile.sheets.after-change.puts.${requested}`,
      label: `Sheets API reconcile after ${CHANGED_PERCENT} % of rows changed: record puts = changed rows`,
      size,
      expected: `${sheets.mutation.changedRows} puts`,
      actual: writesText(sheets.afterChange.writes),
      pass:
        sheets.afterChange.writes.puts === sheets.mutation.changedRows &&
        sameIds(sheets.afterChange.writes.putIds, sheets.mutation.ids),
    });
  } catch (error) {
    c.notMeasured(`Sheets API reconcile of ${size}`, error);
  }
}
