/**
 * `npm run bench` (`-- --quick` for a short run on smaller sizes): the benchmark suite of
 * issues 9 and 17.
 *
 * Each measurement is taken in its own child process (time, and peak RSS of the measured call
 * alone) together with a floor measured in the same run, and reported as absolute figures and
 * as a ratio to the floor. The design's promises (no store write on a no-op reconcile, puts =
 * changed rows, one read and at most one write per reconcile on the Sheets API) are asserted and
 * reported PASS/FAIL, and issue 17's table gives each of its figures beside its target. Results
 * go to `bench/results/latest.json` (and a dated copy) for scripts, and
 * `bench/results/latest.md` for people; the Markdown is also printed.
 *
 * The sections live in `bench/sections/`, the cases they run in child processes in
 * `bench/cases/`.
 *
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_OPERATOR, REGISTER_REFERENCE_ROWS } from './lib/bench-data';
import { BUDGET_S, QUOTA_PER_PROJECT, QUOTA_PER_USER, planOf, type Plan } from './lib/bench-plan';
import type { BuiltWorkspace } from './lib/build-workbook';
import { Collector, pushGrowth } from './lib/collector';
import { round } from './lib/measure';
import { formatCount, renderMarkdown, type BenchResults, type Quota } from './lib/report';
import { consolidationSection } from './sections/consolidation-section';
import { domainSection } from './sections/domain-section';
import { firestoreReadsSection, issue17Rows, type EditReads } from './sections/issue-17-section';
import { reconcileSection, type ReconcilePoint } from './sections/reconcile-section';
import { sheetEditSection } from './sections/sheet-edit-section';

const RESULTS_DIR = path.join(__dirname, 'results');

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

/** What the sections leave for the report beside the collector. */
interface SectionsOutcome {
  readonly sheetsCalls: readonly { reads: number; writes: number }[];
  readonly reads: readonly EditReads[];
}

/** Runs every section in order; the workspaces of the two smaller sizes serve the edit cases. */
async function runSections(c: Collector, plan: Plan, work: string): Promise<SectionsOutcome> {
  const growthPoints: ReconcilePoint[] = [];
  const sheetsCalls: { reads: number; writes: number }[] = [];
  const editWorkspaces: BuiltWorkspace[] = [];
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
  const reads = await firestoreReadsSection(c, plan, work, editWorkspaces);
  await domainSection(c, plan, work);
  await consolidationSection(c, plan, work);
  return { sheetsCalls, reads };
}

/** The environment of the run, with the load average sampled during it. */
function environmentOf(plan: Plan, loads: readonly number[]): BenchResults['environment'] {
  const cpus = os.cpus();
  return {
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
  };
}

/** Writes the JSON (dated, and latest unless quick) and the Markdown, and prints the latter. */
function writeResults(results: BenchResults, quick: boolean): void {
  const markdown = renderMarkdown(results);
  if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(path.join(RESULTS_DIR, `${stamp}${quick ? '-quick' : ''}.json`), json);
  // A quick run is for trying the suite: it never replaces the reference results.
  if (!quick) {
    writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
    writeFileSync(path.join(RESULTS_DIR, 'latest.md'), markdown);
  }
  process.stdout.write(markdown);
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
  let outcome: SectionsOutcome;
  try {
    outcome = await runSections(c, plan, work);
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
  const issue17 = issue17Rows(c, outcome.reads);
  writeResults(
    {
      schemaVersion: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationS,
      budgetS: BUDGET_S,
      environment: environmentOf(plan, loads),
      issue17,
      measurements: c.measurements,
      targets: c.targets,
      growth: c.growth,
      quota: quotaOf(outcome.sheetsCalls),
      notes: c.notes,
    },
    plan.quick,
  );
  const failed = c.targets.filter((t) => !t.pass);
  c.log(
    `done in ${formatCount(durationS)} s: ${c.targets.length - failed.length} targets pass, ${failed.length} fail; issue 17: ${issue17.filter((r) => r.pass).length} of ${issue17.length} PASS`,
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
