/**
 * Section 3 of the benchmark: `sheetEdit` through the functions server (a child process on a
 * built workspace), under the load of 50 editors and for one editor alone, against the same
 * signed bodies for a tab without records (answered at once).
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { LoadResult } from '../cases/sheet-edit-cases';
import { BENCH_NOW } from '../lib/bench-data';
import { EDITORS, type Plan } from '../lib/bench-plan';
import type { BuiltWorkspace } from '../lib/build-workbook';
import { startServerChild, type ServerChild } from '../lib/children';
import { metric, memoryOf, pushGrowth, runValue, type Collector } from '../lib/collector';
import { formatCount, type GrowthPoint } from '../lib/report';

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

export async function sheetEditSection(
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
  await underLoad(c, plan, work, built);
  await alone(c, plan, work, workspaces);
}

/** Fifty editors on the first workspace: latency by kind of edit, throughput, memory. */
async function underLoad(c: Collector, plan: Plan, work: string, built: BuiltWorkspace) {
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
}

/** One editor alone on each workspace: the service time of one edit, as the workbook grows. */
async function alone(
  c: Collector,
  plan: Plan,
  work: string,
  workspaces: readonly BuiltWorkspace[],
): Promise<void> {
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
