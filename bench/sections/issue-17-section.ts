/**
 * Issue 17's table: Firestore document reads per single-cell edit (counted at Google's
 * emulator), then one row per measure of the issue, each figure taken from the cases of this
 * run (a ratio to its floor measured in the same run), with its target and PASS or FAIL.
 *
 * @packageDocumentation
 */
import type { FirestoreReadsResult } from '../cases/firestore-edit-cases';
import type { Plan } from '../lib/bench-plan';
import type { BuiltWorkspace } from '../lib/build-workbook';
import { runValue, type Collector } from '../lib/collector';
import { formatCount, formatNumber, type Issue17Row, type Measurement } from '../lib/report';

/** Issue 17's targets. */
export const ISSUE_17_TARGETS = {
  readsPerEdit: 25,
  soloP50Ratio: 1.5,
  loadP95Ratio: 5,
  reconcileRatio: 2.5,
  reconcilePeakMb: 1_024,
  consolidationRatio: 1.5,
  suggestionsExponent: 1.1,
} as const;

/** The rows of the reconcile and consolidation sizes the issue names. */
const RECONCILE_ROWS = 50_000;
const CONSOLIDATION_MISSIONS = 10_000;

/** The reads per edit of one workspace, as the table shows them. */
export interface EditReads {
  readonly rows: number;
  readonly result: FirestoreReadsResult | { readonly available: false; readonly reason: string };
}

/** Sends single-cell edits to each workspace's store restored into Google's emulator. */
export async function firestoreReadsSection(
  c: Collector,
  plan: Plan,
  work: string,
  workspaces: readonly BuiltWorkspace[],
): Promise<EditReads[]> {
  const out: EditReads[] = [];
  for (const built of workspaces) {
    const size = `${formatCount(built.totalRows)}-row workbook`;
    c.log(`Firestore reads per single-cell edit at Google's emulator, ${size}`);
    try {
      const result = await runValue<FirestoreReadsResult>(work, 'firestore-reads', {
        dir: built.dir,
        storePath: built.storePath,
        edits: plan.firestoreEdits,
      });
      out.push({ rows: built.totalRows, result });
      if (!result.available) {
        c.log(`  Google's Firestore emulator missing: ${result.reason}`);
        continue;
      }
      c.measurements.push({
        id: `firestore.edit-reads.${built.totalRows}`,
        section: 3,
        label: "Firestore document reads per single-cell edit (Google's emulator)",
        size,
        metrics: [
          { name: 'max', unit: 'reads', value: result.readsMax, floor: null, ratio: null },
          { name: 'mean', unit: 'reads', value: result.readsMean, floor: null, ratio: null },
        ],
        floorLabel: '—',
        memory: null,
        notes: [
          `${formatCount(result.edits)} mission-title edits through applySheetEdit on FirestoreRecordStore and FirestoreSyncLease; every document the client received counted (a query without result as one); store restored first (${formatCount(result.seededDocuments)} documents, audit left out, ${formatCount(result.seedMs)} ms).`,
        ],
        details: result,
      });
    } catch (error) {
      c.notMeasured(`Firestore reads per edit on the ${size}`, error);
      out.push({ rows: built.totalRows, result: { available: false, reason: String(error) } });
    }
  }
  return out;
}

function found(c: Collector, id: string): Measurement | undefined {
  return c.measurements.find((m) => m.id === id);
}

function missing(
  id: string,
  measure: string,
  size: string,
  target: string,
  why: string,
): Issue17Row {
  return {
    id,
    measure,
    size,
    figure: `not measured: ${why}`,
    value: null,
    target,
    pass: false,
    source: '—',
  };
}

function ratioRow(
  base: Omit<Issue17Row, 'figure' | 'value' | 'pass'>,
  value: number | null | undefined,
  limit: number,
  unit = '×',
): Issue17Row {
  if (value === null || value === undefined)
    return missing(base.id, base.measure, base.size, base.target, 'no figure in this run');
  return { ...base, figure: `${formatNumber(value)}${unit}`, value, pass: value <= limit };
}

/** The Firestore reads rows: one per workspace, FAIL with the reason when not measured. */
function readsRows(reads: readonly EditReads[]): Issue17Row[] {
  const target = `≤ ${ISSUE_17_TARGETS.readsPerEdit}`;
  const measure = 'Firestore document reads per single-cell edit';
  if (reads.length === 0)
    return [missing('issue17.firestore-reads', measure, '1k and 10k rows', target, 'no workspace')];
  return reads.map(({ rows, result }) => {
    const id = `issue17.firestore-reads.${rows}`;
    const size = `${formatCount(rows)} rows`;
    if (!result.available)
      return missing(
        id,
        measure,
        size,
        target,
        `Google's Firestore emulator missing (${result.reason})`,
      );
    return {
      id,
      measure,
      size,
      figure: `${result.readsMax} max, ${formatNumber(result.readsMean)} mean over ${result.edits} edits`,
      value: result.readsMax,
      target,
      pass: result.readsMax <= ISSUE_17_TARGETS.readsPerEdit,
      source: `firestore.edit-reads.${rows}: documents the Firestore client received from the emulator`,
    };
  });
}

/** The sheetEdit rows: one editor alone, largest ÷ smallest workbook; 50 editors ÷ no-op. */
function sheetEditRows(c: Collector): Issue17Row[] {
  const alone = c.measurements.filter((m) => m.id.startsWith('sheet-edit.alone.'));
  const [small, large] = [alone[0], alone[alone.length - 1]];
  const p50 = (m: Measurement | undefined) => m?.metrics.find((x) => x.name === 'p50')?.value;
  const solo =
    small !== undefined && large !== undefined && small !== large
      ? (p50(large) ?? 0) / (p50(small) ?? 1)
      : null;
  const load = found(c, 'sheet-edit.single-cell.50');
  return [
    ratioRow(
      {
        id: 'issue17.sheet-edit.alone-ratio',
        measure: 'sheetEdit one editor, p50 at the large workbook ÷ p50 at the small one (SQLite)',
        size: `${large?.size ?? '10k rows'} ÷ ${small?.size ?? '1k rows'}`,
        target: `≤ ${ISSUE_17_TARGETS.soloP50Ratio}×`,
        source: `sheet-edit.alone.*: p50 ${formatNumber(p50(large) ?? 0)} ms ÷ ${formatNumber(p50(small) ?? 0)} ms`,
      },
      solo === null ? null : Math.round(solo * 100) / 100,
      ISSUE_17_TARGETS.soloP50Ratio,
    ),
    ratioRow(
      {
        id: 'issue17.sheet-edit.load-p95-ratio',
        measure: "sheetEdit 50 editors, p95 ÷ the no-op handler's p95",
        size: load?.size ?? '50 editors',
        target: `≤ ${ISSUE_17_TARGETS.loadP95Ratio}×`,
        source:
          'sheet-edit.single-cell.50: single-cell edits ÷ the same bodies for a tab without records',
      },
      load?.metrics.find((x) => x.name === 'p95')?.ratio,
      ISSUE_17_TARGETS.loadP95Ratio,
    ),
  ];
}

/** The memory and floor rows: reconcile at 50k rows, consolidation at 6 × 10k missions. */
function sizeRows(c: Collector): Issue17Row[] {
  const reconcile = found(c, `reconcile.xlsx.no-change.${RECONCILE_ROWS}`);
  const consolidation = found(c, `consolidation.${CONSOLIDATION_MISSIONS}`);
  const reconcileSize = reconcile?.size ?? `${formatCount(RECONCILE_ROWS)} rows`;
  const consolidationSize =
    consolidation?.size ?? `6 × ${formatCount(CONSOLIDATION_MISSIONS)} missions`;
  return [
    ratioRow(
      {
        id: 'issue17.reconcile.no-change-ratio',
        measure: 'Full reconcile, nothing changed, ÷ exceljs read floor',
        size: reconcileSize,
        target: `≤ ${ISSUE_17_TARGETS.reconcileRatio}×`,
        source: `reconcile.xlsx.no-change.${RECONCILE_ROWS}`,
      },
      reconcile?.metrics[0]?.ratio,
      ISSUE_17_TARGETS.reconcileRatio,
    ),
    ratioRow(
      {
        id: 'issue17.reconcile.peak-rss',
        measure: 'Full reconcile, nothing changed, peak RSS',
        size: reconcileSize,
        target: `≤ ${formatCount(ISSUE_17_TARGETS.reconcilePeakMb)} MB`,
        source: `reconcile.xlsx.no-change.${RECONCILE_ROWS}: VmHWM of its child process`,
      },
      reconcile?.memory?.peakRssMb,
      ISSUE_17_TARGETS.reconcilePeakMb,
      ' MB',
    ),
    ratioRow(
      {
        id: 'issue17.consolidation.time-ratio',
        measure: 'Consolidation ÷ streaming-writer floor (time)',
        size: consolidationSize,
        target: `≤ ${ISSUE_17_TARGETS.consolidationRatio}×`,
        source: `consolidation.${CONSOLIDATION_MISSIONS} (store reads left out)`,
      },
      consolidation?.metrics[0]?.ratio,
      ISSUE_17_TARGETS.consolidationRatio,
    ),
    ratioRow(
      {
        id: 'issue17.consolidation.rss-ratio',
        measure: 'Consolidation peak RSS ÷ floor peak RSS',
        size: consolidationSize,
        target: `≤ ${ISSUE_17_TARGETS.consolidationRatio}×`,
        source: `consolidation.${CONSOLIDATION_MISSIONS}: VmHWM of each child process`,
      },
      consolidation?.memory?.ratio,
      ISSUE_17_TARGETS.consolidationRatio,
    ),
  ];
}

/** Issue 17's rows, from this run's measurements and growth. */
export function issue17Rows(c: Collector, reads: readonly EditReads[]): Issue17Row[] {
  const growth = c.growth.find((g) => g.id === 'growth.suggestions.register');
  const last = growth?.points[growth.points.length - 1];
  const before = growth?.points[growth.points.length - 2];
  const suggestions = ratioRow(
    {
      id: 'issue17.suggestions.exponent',
      measure: 'Suggestions growth exponent, last step',
      size:
        last && before
          ? `${formatCount(before.n)} → ${formatCount(last.n)} providers`
          : 'register sizes',
      target: `≤ ${ISSUE_17_TARGETS.suggestionsExponent}`,
      source: 'growth.suggestions.register: ms per open mission',
    },
    // With two sizes only, the one step is the last.
    growth?.lastStepExponent ?? growth?.timeExponent,
    ISSUE_17_TARGETS.suggestionsExponent,
    '',
  );
  return [...readsRows(reads), ...sheetEditRows(c), ...sizeRows(c), suggestions];
}
