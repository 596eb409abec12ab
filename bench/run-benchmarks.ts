/**
 * `npm run bench` (`-- --quick` for a short run on smaller sizes): the benchmark suite of issue 9.
 *
 * Each measurement is taken in its own child process (time, and peak RSS of the measured call
 * alone) together with a floor measured in the same run, and reported as absolute figures and
 * as a ratio to the floor. The design's promises (no store write on a no-op reconcile, puts =
 * changed rows, one read and at most one write per reconcile on the Sheets API) are asserted and
 * reported PASS/FAIL. Results go to `bench/results/latest.json` (and a dated copy) for scripts,
 * and `bench/results/latest.md` for people; the Markdown is also printed.
 *
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workbookFileName } from '../sheets/layouts/workbook-layout';
import type { DashboardResult } from './cases/dashboard-cases';
import type {
  ConsolidationData,
  ConsolidationResult,
  RegisterExportResult,
} from './cases/export-cases';
import type { PerItem, SuggestionPoint } from './cases/domain-cases';
import type { Cost, ReconcileResult, SheetsResult } from './cases/reconcile-cases';
import type { LoadResult } from './cases/sheet-edit-cases';
import type { ChildCaseName, ChildResult } from './child';
import { BENCH_NOW, BENCH_OPERATOR, REGISTER_REFERENCE_ROWS } from './lib/bench-data';
import type { BuiltWorkspace } from './lib/build-workbook';
import {
  ChildFailure,
  LARGE_HEAP_MB,
  runChild,
  startServerChild,
  type ChildOptions,
  type ServerChild,
} from './lib/children';
import { totalWrites, type WriteCounts } from './lib/counting-store';
import { growthExponent, round } from './lib/measure';
import type { Mutation } from './lib/mutate';
import {
  GROWTH_FLAG,
  formatCount,
  renderMarkdown,
  type BenchResults,
  type Growth,
  type GrowthPoint,
  type Measurement,
  type Metric,
  type Quota,
  type Target,
} from './lib/report';

/** The whole run must fit in ten minutes on a 2-core machine. */
const BUDGET_S = 600;

/** Share of the rows a person changes between two reconciles, in %. */
const CHANGED_PERCENT = 1;

/** Concurrent editors of the `sheetEdit` load. */
const EDITORS = 50;

/** Google's Sheets API quotas: requests per minute per user, and per project. */
const QUOTA_PER_USER = 60;
const QUOTA_PER_PROJECT = 300;

const RESULTS_DIR = path.join(__dirname, 'results');

/** Sizes and durations of one run. */
interface Plan {
  readonly quick: boolean;
  /** Rows of the operator workbook of the reconcile cases. */
  readonly reconcileRows: readonly number[];
  /** Rows of the sizes whose no-op reconcile is run a second time (a second timing sample). */
  readonly secondRunRows: readonly number[];
  /** Rows of the Sheets API reconcile cases. */
  readonly sheetsRows: readonly number[];
  readonly loadWarmupMs: number;
  readonly loadMs: number;
  readonly noOpLoadMs: number;
  /** Duration of the one-editor runs. */
  readonly soloLoadMs: number;
  readonly scoringMissions: number;
  readonly alertMissions: number;
  readonly suggestionRegisters: readonly number[];
  /** Missions per operator of the consolidation at 1× (then 10× and 50×). */
  readonly consolidationBase: number;
  readonly consolidationFactors: readonly number[];
  /** Missions per operator of the dashboard case (target: at most +20 % at 10,000). */
  readonly dashboardMissions: number;
  readonly exportProviders: number;
}

function planOf(argv: readonly string[]): Plan {
  const quick = argv.includes('--quick');
  return quick
    ? {
        quick,
        reconcileRows: [1_000, 10_000],
        secondRunRows: [1_000, 10_000],
        sheetsRows: [1_000, 10_000],
        loadWarmupMs: 1_000,
        loadMs: 5_000,
        noOpLoadMs: 3_000,
        soloLoadMs: 3_000,
        scoringMissions: 1_000,
        alertMissions: 2_000,
        suggestionRegisters: [769, 7_692],
        consolidationBase: 200,
        consolidationFactors: [1, 10],
        dashboardMissions: 2_000,
        exportProviders: 5_000,
      }
    : {
        quick,
        reconcileRows: [1_000, 10_000, 50_000],
        secondRunRows: [1_000, 10_000, 50_000],
        sheetsRows: [1_000, 10_000, 50_000],
        loadWarmupMs: 2_000,
        loadMs: 10_000,
        noOpLoadMs: 5_000,
        soloLoadMs: 5_000,
        scoringMissions: 1_000,
        alertMissions: 10_000,
        suggestionRegisters: [769, 7_692, 38_460],
        consolidationBase: 200,
        consolidationFactors: [1, 10, 50],
        dashboardMissions: 10_000,
        exportProviders: 50_000,
      };
}

/** What the run collects as it goes. */
class Collector {
  readonly measurements: Measurement[] = [];
  readonly targets: Target[] = [];
  readonly growth: Growth[] = [];
  readonly notes: string[] = [];
  private readonly start = performance.now();

  /** Prints a progress line with the time elapsed. */
  log(text: string): void {
    const s = Math.round((performance.now() - this.start) / 1000);
    process.stderr.write(`[${String(s).padStart(4)} s] ${text}\n`);
  }

  /** Seconds since the run started. */
  elapsedS(): number {
    return (performance.now() - this.start) / 1000;
  }

  /** Records that something could not be measured, and why. */
  notMeasured(what: string, error: unknown): void {
    const reason =
      error instanceof ChildFailure
        ? `${error.exit}: ${lastLine(error.stderr)}`
        : error instanceof Error
          ? error.message
          : String(error);
    this.notes.push(`« not measured: ${what} » — ${reason}`);
    this.log(`NOT MEASURED ${what}: ${reason}`);
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  return (lines[lines.length - 1] ?? text).slice(0, 300);
}

function metric(
  name: string,
  unit: string,
  value: number,
  floor: number | null,
  digits = 1,
): Metric {
  return {
    name,
    unit,
    value: round(value, digits),
    floor: floor === null ? null : round(floor, digits),
    ratio: floor === null || floor <= 0 ? null : round(value / floor, 2),
  };
}

function memoryOf(peak: number, base: number, floorPeak: number | null) {
  return {
    peakRssMb: round(peak),
    baseRssMb: round(base),
    floorPeakRssMb: floorPeak === null ? null : round(floorPeak),
    ratio: floorPeak === null ? null : round(peak / floorPeak, 2),
  };
}

function writesText(w: WriteCounts): string {
  return (
    `${w.puts} puts + ${w.audit} audit + ${w.quarantine} quarantine + ${w.documents} documents ` +
    `= ${totalWrites(w)} writes`
  );
}

/** Runs a case in a child process and returns only its result. */
async function runValue<T>(
  work: string,
  name: ChildCaseName,
  args: unknown,
  options: ChildOptions = {},
): Promise<T> {
  return (await runChild<T>(work, name, args, options)).value;
}

/**
 * Runs a measured case with Node's default heap; on « heap out of memory », once more with a
 * larger heap. Returns the result and the child's idle RSS.
 */
async function runMeasured<T>(
  c: Collector,
  work: string,
  name: ChildCaseName,
  args: unknown,
  what: string,
): Promise<ChildResult<T>> {
  try {
    return await runChild<T>(work, name, args);
  } catch (error) {
    if (!(error instanceof ChildFailure) || !error.outOfMemory) throw error;
    c.notes.push(
      `${what} ran out of Node's default heap (about 4 GiB) and was measured again with --max-old-space-size=${LARGE_HEAP_MB}.`,
    );
    c.log(`${what}: out of the default heap, again with ${LARGE_HEAP_MB} MiB`);
    return runChild<T>(work, name, args, { heapMb: LARGE_HEAP_MB });
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((id, i) => id === right[i]);
}

/** Reconcile growth points, filled by the .xlsx section. */
interface ReconcilePoint {
  readonly rows: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** RSS of the child before the case ran. */
  readonly idleRssMb: number;
}

// --------------------------------------------------------------------------- 1 and 2: reconcile

async function reconcileSection(
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
  const size = `${formatCount(built.totalRows)} rows`;
  const sizeNote = `${formatCount(built.rows.beneficiary)} structures, ${formatCount(built.rows.plan)} plans, ${formatCount(built.rows.mission)} missions, ${formatCount(built.rows.solicitation)} solicitations; « Prestataires » copy of ${formatCount(built.registerProviders)} providers.`;
  c.log(
    `  built ${size} in ${formatCount(Object.values(built.phases).reduce((s, v) => s + v, 0))} ms`,
  );
  const pristine = path.join(dir, 'pristine');
  mkdirSync(pristine, { recursive: true });
  const fileName = workbookFileName(BENCH_OPERATOR);
  copyFileSync(path.join(dir, fileName), path.join(pristine, fileName));
  copyFileSync(built.storePath, path.join(pristine, path.basename(built.storePath)));
  const pristineStore = path.join(pristine, path.basename(built.storePath));

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

  if (plan.sheetsRows.includes(requested)) {
    try {
      c.log(
        '  Sheets API path: seed the test server, reconcile, batchGet floor, 1 % change, reconcile',
      );
      const sheets = await runValue<SheetsResult>(
        work,
        'sheets',
        { dir: pristine, storePath: pristineStore, percent: CHANGED_PERCENT },
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
  } else {
    c.notes.push(
      `« not measured: Sheets API reconcile of ${size} » — left out of this run's plan.`,
    );
  }
  return built;
}

// ------------------------------------------------------------------------------ 3: sheetEdit

/** A functions server on a built workspace, and a way to send it load. */
async function withServer<T>(
  work: string,
  built: BuiltWorkspace,
  body: (
    load: (
      mode: 'edits' | 'no-op',
      editors: number,
      warmupMs: number,
      durationMs: number,
    ) => Promise<LoadResult>,
    server: ServerChild,
  ) => Promise<T>,
): Promise<T> {
  const secret = randomBytes(32).toString('hex');
  // Edits are stamped after the data's last change: the server's and the editors' clocks run
  // from the day after the benchmark day, whatever the machine's date.
  const clockOffsetMs = BENCH_NOW.getTime() + 86_400_000 - Date.now();
  const server = await startServerChild({
    dir: built.dir,
    storePath: built.storePath,
    secret,
    clockOffsetMs,
  });
  try {
    return await body(
      (mode, editors, warmupMs, durationMs) =>
        runValue<LoadResult>(work, 'load', {
          url: server.url,
          dir: built.dir,
          secret,
          clockOffsetMs,
          editors,
          warmupMs,
          durationMs,
          mode,
          pasteShare: 0.2,
        }),
      server,
    );
  } finally {
    await server.stop();
  }
}

async function sheetEditSection(
  c: Collector,
  plan: Plan,
  work: string,
  workspaces: readonly BuiltWorkspace[],
): Promise<void> {
  const [built] = workspaces;
  if (built === undefined) {
    c.notes.push('« not measured: sheetEdit » — no workspace was built.');
    return;
  }
  c.log(
    `sheetEdit: functions server on the ${formatCount(built.totalRows)}-row workspace, ${EDITORS} editors`,
  );
  try {
    await withServer(work, built, async (load, server) => {
      await server.ask('mark', 'marked');
      c.log('  floor: signed edits of a tab without records (answered at once)');
      const noOp = await load('no-op', EDITORS, plan.loadWarmupMs, plan.noOpLoadMs);
      const noOpMemory = await server.ask('report', 'report');
      await server.ask('mark', 'marked');
      c.log('  signed single-cell and paste edits');
      const edits = await load('edits', EDITORS, plan.loadWarmupMs, plan.loadMs);
      const editMemory = await server.ask('report', 'report');
      const size = `${EDITORS} editors, ${formatCount(built.totalRows)}-row workbook`;
      for (const kind of Object.keys(edits.byKind)) {
        const measured = edits.byKind[kind];
        const floor = noOp.byKind[kind];
        if (measured === undefined) continue;
        c.measurements.push({
          id: `sheet-edit.${kind.replace(/\s+/g, '-')}.${EDITORS}`,
          section: 3,
          label: `sheetEdit latency, ${kind}`,
          size,
          metrics: [
            metric('p50', 'ms', measured.p50, floor?.p50 ?? null),
            metric('p95', 'ms', measured.p95, floor?.p95 ?? null),
            metric('p99', 'ms', measured.p99, floor?.p99 ?? null),
          ],
          floorLabel: 'same bodies for a tab without records',
          memory: null,
          notes: [
            `${formatCount(measured.count)} requests, body ${formatCount(Math.round((edits.bodyBytes[kind] ?? 0) / 1024))} KiB; with ${EDITORS} editors waiting on one process, latency is mostly queueing.`,
          ],
          details: { measured, floor },
        });
      }
      c.measurements.push({
        id: `sheet-edit.throughput.${EDITORS}`,
        section: 3,
        label: 'sheetEdit throughput (80 % single cell, 20 % paste of 10 rows)',
        size,
        metrics: [metric('throughput', 'req/s', edits.throughputPerS, noOp.throughputPerS)],
        floorLabel: 'same bodies for a tab without records',
        memory: memoryOf(editMemory.peakRssMb, editMemory.rssMb, noOpMemory.peakRssMb),
        notes: [
          `Closed loop over ${formatCount(plan.loadMs / 1000)} s after ${formatCount(plan.loadWarmupMs / 1000)} s of warm-up; peak RSS of the server process.`,
        ],
        details: { edits, noOp, editMemory, noOpMemory },
      });
      const failures = Object.entries(edits.failures);
      c.targets.push({
        id: `sheet-edit.answers.${EDITORS}`,
        label: 'sheetEdit under load: every edit answered 200',
        size,
        expected: '0 failures',
        actual:
          failures.length === 0 ? '0 failures' : failures.map(([k, n]) => `${n} × ${k}`).join(', '),
        pass: failures.length === 0 && Object.keys(noOp.failures).length === 0,
      });
    });
  } catch (error) {
    c.notMeasured('sheetEdit under load', error);
  }

  // One editor alone: the service time of one edit, as the workbook grows.
  const points: GrowthPoint[] = [];
  for (const workspace of workspaces) {
    try {
      c.log(`  one editor alone, ${formatCount(workspace.totalRows)}-row workbook`);
      await withServer(work, workspace, async (load) => {
        const noOp = await load('no-op', 1, 1_000, plan.soloLoadMs / 2);
        const edits = await load('edits', 1, 1_000, plan.soloLoadMs);
        const single = edits.byKind['single cell'];
        const floor = noOp.byKind['single cell'];
        if (single === undefined) return;
        c.measurements.push({
          id: `sheet-edit.alone.${workspace.totalRows}`,
          section: 3,
          label: 'sheetEdit latency, one editor alone, single cell',
          size: `${formatCount(workspace.totalRows)}-row workbook`,
          metrics: [
            metric('p50', 'ms', single.p50, floor?.p50 ?? null),
            metric('p95', 'ms', single.p95, floor?.p95 ?? null),
          ],
          floorLabel: 'same bodies for a tab without records',
          memory: null,
          notes: [
            `${formatCount(single.count)} edits in ${formatCount(plan.soloLoadMs / 1000)} s.`,
          ],
          details: { edits, noOp },
        });
        points.push({
          factor: points.length,
          n: workspace.totalRows,
          ms: single.p50,
          cpuMs: null,
          peakRssMb: null,
          deltaRssMb: null,
        });
      });
    } catch (error) {
      c.notMeasured(`sheetEdit alone on ${formatCount(workspace.totalRows)} rows`, error);
    }
  }
  pushGrowth(
    c,
    'growth.sheet-edit.alone',
    'sheetEdit, one single-cell edit alone (p50)',
    'rows',
    points,
  );
}

// ------------------------------------------------------------------------- 4: scoring, alerts

async function domainSection(c: Collector, plan: Plan, work: string): Promise<void> {
  try {
    c.log(`scoring ${formatCount(plan.scoringMissions)} calls for proposals × 4 proposals`);
    const scoring = await runValue<PerItem>(work, 'scoring', { missions: plan.scoringMissions });
    c.measurements.push({
      id: `scoring.${plan.scoringMissions}x4`,
      section: 4,
      label: 'Scoring a call for proposals (scoreCall), per mission',
      size: `${formatCount(scoring.items)} ${scoring.itemName}`,
      metrics: [metric('per mission', 'µs', scoring.perItemUs, scoring.floorPerItemUs, 2)],
      floorLabel: 'reading each proposal’s price and scores once',
      memory: null,
      notes: [
        `Whole batch ${formatCount(scoring.ms)} ms (median of ${scoring.repetitions}; first, cold: ${formatCount(scoring.firstMs)} ms).`,
      ],
      details: scoring,
    });
  } catch (error) {
    c.notMeasured('scoring of calls for proposals', error);
  }
  try {
    c.log(`alert rules over ${formatCount(plan.alertMissions)} missions`);
    const alerts = await runValue<
      PerItem & { alerts: number; solicitations: number; providers: number }
    >(work, 'alerts', { missions: plan.alertMissions });
    c.measurements.push({
      id: `alerts.${plan.alertMissions}`,
      section: 4,
      label: 'Alert rules (evaluateAlerts), per mission',
      size: `${formatCount(alerts.items)} missions, ${formatCount(alerts.solicitations)} solicitations`,
      metrics: [metric('per mission', 'µs', alerts.perItemUs, alerts.floorPerItemUs, 2)],
      floorLabel: 'reading each mission’s dates once',
      memory: null,
      notes: [
        `Whole batch ${formatCount(alerts.ms)} ms (median of ${alerts.repetitions}); ${formatCount(alerts.alerts)} alerts raised; register of ${formatCount(alerts.providers)} providers.`,
      ],
      details: alerts,
    });
  } catch (error) {
    c.notMeasured('alert rules', error);
  }
  try {
    c.log('suggested providers column vs register size');
    const points = await runValue<SuggestionPoint[]>(work, 'suggestions', {
      registerSizes: plan.suggestionRegisters,
    });
    const open = points[0]?.openMissions ?? 0;
    pushGrowth(
      c,
      'growth.suggestions.register',
      `« Prestataires suggérés » per open mission vs register size (${open} open missions of the ${formatCount(1_000)}-row workbook)`,
      'providers',
      points.map((p, i) => ({
        factor: i,
        n: p.providers,
        ms: p.msPerOpenMission,
        cpuMs: null,
        peakRssMb: null,
        deltaRssMb: null,
      })),
    );
  } catch (error) {
    c.notMeasured('suggestions vs register size', error);
  }
}

// ------------------------------------------------------------ 5: consolidation, register export

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

async function consolidationSection(c: Collector, plan: Plan, work: string): Promise<void> {
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

function pushGrowth(
  c: Collector,
  id: string,
  label: string,
  unit: string,
  points: readonly GrowthPoint[],
): void {
  const first = points[0];
  const last = points[points.length - 1];
  const beforeLast = points[points.length - 2];
  if (first === undefined || last === undefined || beforeLast === undefined) return;
  const exponent = (a: number | null, b: number | null, n1: number, n2: number) =>
    a !== null && b !== null && a > 0 && b > 0 ? round(growthExponent(a, b, n1, n2), 2) : null;
  const time = exponent(first.ms, last.ms, first.n, last.n) ?? Number.NaN;
  const lastStep =
    points.length > 2 ? exponent(beforeLast.ms, last.ms, beforeLast.n, last.n) : null;
  const cpu = exponent(first.cpuMs, last.cpuMs, first.n, last.n);
  const memory = exponent(first.deltaRssMb, last.deltaRssMb, first.n, last.n);
  c.growth.push({
    id,
    label,
    unit,
    timeUnit: 'ms',
    points,
    timeExponent: time,
    lastStepExponent: lastStep,
    cpuExponent: cpu,
    memoryExponent: memory,
    flagged: [time, lastStep, cpu, memory].some((e) => e !== null && e > GROWTH_FLAG),
  });
}

// ------------------------------------------------------------------------------------- main

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function quotaOf(calls: readonly { reads: number; writes: number }[]): Quota | null {
  if (calls.length === 0) return null;
  const reads = Math.max(...calls.map((x) => x.reads));
  const writes = Math.max(1, ...calls.map((x) => x.writes));
  return {
    readsPerReconcile: reads,
    writesPerReconcile: writes,
    perUserPerMinute: QUOTA_PER_USER,
    perProjectPerMinute: QUOTA_PER_PROJECT,
    separate: {
      perUser: Math.min(QUOTA_PER_USER / reads, QUOTA_PER_USER / writes),
      perProject: Math.min(QUOTA_PER_PROJECT / reads, QUOTA_PER_PROJECT / writes),
    },
    combined: {
      perUser: QUOTA_PER_USER / (reads + writes),
      perProject: QUOTA_PER_PROJECT / (reads + writes),
    },
  };
}

async function main(): Promise<void> {
  const plan = planOf(process.argv.slice(2));
  const startedAt = new Date();
  const c = new Collector();
  const work = mkdtempSync(path.join(os.tmpdir(), 'dla-bench-'));
  c.log(`work directory ${work}${plan.quick ? ' (quick mode)' : ''}`);
  c.notes.push(
    'Sheets API cases: the test server of the integration tests answers in the same process, with no network; against Google each call adds its round trip and the transfer of its payload.',
  );
  c.notes.push(
    `Reconcile cases: the operator ${BENCH_OPERATOR}'s workbook built from the seeded generator through the real sync (the intermediate steps on an in-memory medium, then one write through the .xlsx gateway); the regional register is the one of the ${formatCount(REGISTER_REFERENCE_ROWS)}-row data set for every size (a region's register does not grow with one workbook; the suggestion probe shows what a growing register costs).`,
  );
  // The machine may be shared: the load average says how much other work ran meanwhile.
  const loads: number[] = [os.loadavg()[0] ?? 0];
  const sampler = setInterval(() => loads.push(os.loadavg()[0] ?? 0), 5_000);
  const growthPoints: ReconcilePoint[] = [];
  const sheetsCalls: { reads: number; writes: number }[] = [];
  // The workspaces the sheetEdit cases use: the two smaller ones.
  const editWorkspaces: BuiltWorkspace[] = [];
  try {
    for (const rows of plan.reconcileRows) {
      const built = await reconcileSection(c, plan, work, rows, growthPoints, sheetsCalls);
      if (built !== null && editWorkspaces.length < 2) editWorkspaces.push(built);
      else if (built !== null) rmSync(built.dir, { recursive: true, force: true });
    }
    pushGrowth(
      c,
      'growth.reconcile.xlsx',
      'Full reconcile, .xlsx, nothing changed',
      'rows',
      growthPoints.map((p, i) => ({
        factor: i,
        n: p.rows,
        ms: round(p.ms),
        cpuMs: round(p.cpuMs),
        peakRssMb: round(p.peakRssMb),
        deltaRssMb: round(p.peakRssMb - p.idleRssMb),
      })),
    );
    await sheetEditSection(c, plan, work, editWorkspaces);
    await domainSection(c, plan, work);
    await consolidationSection(c, plan, work);
  } finally {
    clearInterval(sampler);
    rmSync(work, { recursive: true, force: true });
  }
  // The reconcile growth first, the consolidation's next, the suggestion probe last.
  c.growth.sort((a, b) => growthOrder(a.id) - growthOrder(b.id));

  const durationS = round(c.elapsedS(), 1);
  c.targets.push({
    id: 'run.duration',
    label: 'Whole benchmark run',
    size: plan.quick ? 'quick mode' : 'full',
    expected: `< ${BUDGET_S} s`,
    actual: `${formatCount(durationS)} s`,
    pass: durationS < BUDGET_S,
  });
  const cpus = os.cpus();
  const results: BenchResults = {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationS,
    budgetS: BUDGET_S,
    environment: {
      node: process.versions.node,
      platform: `${os.platform()} ${os.release()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
      commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
      dirty: git(['status', '--porcelain']) !== '',
      quick: plan.quick,
      loadAverage: {
        atStart: round(loads[0] ?? 0, 2),
        mean: round(loads.reduce((a, b) => a + b, 0) / loads.length, 2),
        max: round(Math.max(...loads), 2),
      },
    },
    measurements: c.measurements,
    targets: c.targets,
    growth: c.growth,
    quota: quotaOf(sheetsCalls),
    notes: c.notes,
  };
  const markdown = renderMarkdown(results);
  if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const suffix = plan.quick ? '-quick' : '';
  writeFileSync(path.join(RESULTS_DIR, `${stamp}${suffix}.json`), json);
  // A quick run is for trying the suite: it never replaces the reference results.
  if (!plan.quick) {
    writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
    writeFileSync(path.join(RESULTS_DIR, 'latest.md'), markdown);
  }
  process.stdout.write(markdown);
  const failed = c.targets.filter((t) => !t.pass);
  c.log(
    `done in ${formatCount(durationS)} s: ${c.targets.length - failed.length} targets pass, ${failed.length} fail`,
  );
}

function growthOrder(id: string): number {
  return ['reconcile', 'consolidation', 'sheet-edit', 'suggestions'].findIndex((k) =>
    id.includes(k),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
