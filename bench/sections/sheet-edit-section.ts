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
import { median } from '../lib/measure';
import { formatCount, formatNumber, type GrowthPoint } from '../lib/report';

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

/** Sends load to one server (see {@link withServer}). */
type Load = (
  mode: 'edits' | 'no-op',
  editors: number,
  warmupMs: number,
  durationMs: number,
) => Promise<LoadResult>;

/** A server on each workspace, all up at once. */
async function withServers<T>(
  work: string,
  workspaces: readonly BuiltWorkspace[],
  body: (loads: Load[]) => Promise<T>,
  started: Load[] = [],
): Promise<T> {
  const [first, ...rest] = workspaces;
  if (first === undefined) return body(started);
  return withServer(work, first, (load) => withServers(work, rest, body, [...started, load]));
}

/** Rounds of the one-editor case: the workspaces take turns, so a busy machine slows them alike. */
const SOLO_ROUNDS = 3;

/**
 * One editor alone on each workspace: the service time of one edit, as the workbook grows. The
 * servers of every size are up together and the sizes take turns in {@link SOLO_ROUNDS} short
 * rounds (the no-op floor, then the edits): each p50 is the median of its rounds' p50s, and the
 * ratio between sizes is not skewed by load that came and went between two long runs.
 */
async function alone(
  c: Collector,
  plan: Plan,
  work: string,
  workspaces: readonly BuiltWorkspace[],
): Promise<void> {
  const rounds: { edits: LoadResult; noOp: LoadResult }[][] = workspaces.map(() => []);
  try {
    c.log(
      `  one editor alone, ${workspaces.map((w) => formatCount(w.totalRows)).join(' and ')}-row workbooks taking turns`,
    );
    await withServers(work, workspaces, async (loads) => {
      for (let round = 0; round < SOLO_ROUNDS; round += 1)
        for (const [i, load] of loads.entries()) {
          const warmupMs = round === 0 ? 1_000 : 200;
          const noOp = await load('no-op', 1, warmupMs, plan.soloLoadMs / 2 / SOLO_ROUNDS);
          const edits = await load('edits', 1, warmupMs, plan.soloLoadMs / SOLO_ROUNDS);
          rounds[i]?.push({ edits, noOp });
        }
    });
  } catch (error) {
    c.notMeasured('sheetEdit, one editor alone', error);
    return;
  }
  const points: GrowthPoint[] = [];
  workspaces.forEach((workspace, i) => {
    const taken = rounds[i] ?? [];
    const single = taken.flatMap((r) => r.edits.byKind['single cell'] ?? []);
    const floor = taken.flatMap((r) => r.noOp.byKind['single cell'] ?? []);
    if (single.length === 0) return;
    const mid = (values: number[]) => median(values);
    const p50 = mid(single.map((l) => l.p50));
    c.measurements.push({
      id: `sheet-edit.alone.${workspace.totalRows}`,
      section: 3,
      label: 'sheetEdit latency, one editor alone, single cell',
      size: `${formatCount(workspace.totalRows)}-row workbook`,
      metrics: [
        metric('p50', 'ms', p50, floor.length > 0 ? mid(floor.map((l) => l.p50)) : null),
        metric(
          'p95',
          'ms',
          mid(single.map((l) => l.p95)),
          floor.length > 0 ? mid(floor.map((l) => l.p95)) : null,
        ),
      ],
      floorLabel: 'same bodies for a tab without records',
      memory: null,
      notes: [
        `${formatCount(single.reduce((n, l) => n + l.count, 0))} edits in ${SOLO_ROUNDS} rounds of ${formatCount(plan.soloLoadMs / SOLO_ROUNDS / 1000)} s, taking turns with the other size; median of the rounds (p50 per round: ${single.map((l) => formatNumber(l.p50)).join(', ')} ms).`,
      ],
      details: { rounds: taken },
    });
    points.push({
      factor: points.length,
      n: workspace.totalRows,
      ms: p50,
      cpuMs: null,
      peakRssMb: null,
      deltaRssMb: null,
    });
  });
  pushGrowth(
    c,
    'growth.sheet-edit.alone',
    'sheetEdit, one single-cell edit alone (p50)',
    'rows',
    points,
  );
}
