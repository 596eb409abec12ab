/**
 * What one single-cell edit reads, and how long it takes, as the workbook grows (issue 17):
 * `npx tsx bench/sheet-edit-reads-probe.ts [rows…]` builds each workspace (SQLite), then sends
 * mission-title edits through `applySheetEdit` in this process, on partial reads and (for
 * comparison) on the owner's whole store, counting the documents read through the store port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteRecordStore } from '../functions/adapters/sqlite-record-store';
import { applySheetEdit } from '../shared/use-cases/apply-sheet-edit';
import { BENCH_OPERATOR } from './lib/bench-data';
import { buildOperatorWorkspace } from './lib/build-workbook';
import { CountingRecordStore } from './lib/counting-store';
import { percentile, round } from './lib/measure';
import { missionTitleEdits } from './lib/mission-edits';

const EDITS = Number(process.env['PROBE_EDITS'] ?? 200);
/** `PROBE_WHOLE=0` skips the comparison on the whole store (minutes at 10,000 rows). */
const MODES =
  process.env['PROBE_WHOLE'] === '0' ? (['partial'] as const) : (['partial', 'whole'] as const);

async function probe(rows: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dla-edit-reads-${rows}-`));
  try {
    const built = await buildOperatorWorkspace(dir, rows);
    const out = [];
    for (const reads of MODES) out.push(await edits(built, dir, reads));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function edits(
  built: Awaited<ReturnType<typeof buildOperatorWorkspace>>,
  dir: string,
  reads: 'partial' | 'whole',
) {
  {
    const edit = await missionTitleEdits(dir);
    const store = new CountingRecordStore(new SqliteRecordStore(built.storePath));
    const clock = { now: () => new Date() };
    const perEdit: number[] = [];
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let whole = 0;
    for (let n = 0; n < EDITS; n++) {
      const before = store.reads.documents;
      const loads = store.reads.wholeOwnerLoads;
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await applySheetEdit(
        { store, clock, editReads: reads },
        BENCH_OPERATOR,
        edit(n),
      );
      times.push(performance.now() - started);
      const spent = process.cpuUsage(cpu);
      cpuTimes.push((spent.user + spent.system) / 1000);
      if (!result.ok) throw new Error(result.error.message);
      perEdit.push(store.reads.documents - before);
      whole += store.reads.wholeOwnerLoads - loads;
    }
    await store.close();
    return {
      rows: built.totalRows,
      reads,
      edits: perEdit.length,
      readsMax: Math.max(...perEdit),
      readsMean: round(perEdit.reduce((a, b) => a + b, 0) / perEdit.length, 1),
      wholeOwnerLoads: whole,
      p50: round(percentile(times, 50), 2),
      p95: round(percentile(times, 95), 2),
      cpuP50: round(percentile(cpuTimes, 50), 2),
    };
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const results = [];
  for (const rows of sizes.length > 0 ? sizes : [1_000, 10_000])
    for (const r of await probe(rows)) {
      results.push(r);
      console.log(JSON.stringify(r));
    }
  const partial = results.filter((r) => r.reads === 'partial');
  const [small, large] = [partial[0], partial[partial.length - 1]];
  if (small && large && small !== large)
    console.log(
      `p50 ratio ${large.rows} ÷ ${small.rows} rows (partial reads): ${round(large.p50 / small.p50, 2)}×`,
    );
}

void main();
