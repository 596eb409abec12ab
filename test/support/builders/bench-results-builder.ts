import type { Issue17Row, Target } from '../../../bench/lib/report';
import type { PerformanceInput } from '../../../scripts/docs/performance-section';

/** Issue 17's row of the 10k-row workbook's Firestore reads per single-cell edit, within target. */
export function anIssue17Row(overrides: Partial<Issue17Row> = {}): Issue17Row {
  return {
    id: 'issue17.firestore-reads.10148',
    measure: 'Firestore document reads per single-cell edit',
    size: '10,148 rows',
    figure: '13 max, 12.1 mean over 30 edits',
    value: 13,
    target: '≤ 25',
    pass: true,
    source: 'firestore.edit-reads.10148: documents the Firestore client received from the emulator',
    ...overrides,
  };
}

/** A row the run could not measure, as bench/sections/issue-17-section.ts writes it. */
export function anUnmeasuredIssue17Row(overrides: Partial<Issue17Row> = {}): Issue17Row {
  return anIssue17Row({
    id: 'issue17.consolidation.rss-ratio',
    measure: 'Consolidation peak RSS ÷ floor peak RSS',
    size: '6 × 10,000 missions',
    figure: 'not measured: no figure in this run',
    value: null,
    target: '≤ 1.5×',
    pass: false,
    source: '—',
    ...overrides,
  });
}

/** The design's no-op target on the .xlsx path at 1,015 rows, kept. */
export function aBenchTarget(overrides: Partial<Target> = {}): Target {
  return {
    id: 'reconcile.xlsx.no-change.writes.run-1.1000',
    label: ".xlsx reconcile, nothing changed since the build's last sync (run 1): store writes",
    size: '1,015 rows',
    expected: '0',
    actual: '0 puts + 0 audit + 0 quarantine + 0 documents = 0 writes',
    pass: true,
    ...overrides,
  };
}

/** The Sheets API calls target of a reconcile with nothing changed, kept. */
export function aSheetsCallsTarget(overrides: Partial<Target> = {}): Target {
  return aBenchTarget({
    id: 'reconcile.sheets.no-change.calls.1000',
    label: 'Sheets API calls per reconcile, nothing changed',
    expected: '1 read, ≤ 1 write',
    actual: '1 read, 1 write',
    ...overrides,
  });
}

/** A full run of 07/12/2026 on the 2-core machine, quiet, every figure within target. */
export function aBenchRun(overrides: Partial<PerformanceInput> = {}): PerformanceInput {
  return {
    startedAt: '2026-12-07T04:40:35.853Z',
    durationS: 754,
    budgetS: 900,
    environment: {
      node: '20.20.2',
      platform: 'linux 6.18.44',
      cpus: 2,
      cpuModel: 'AMD EPYC',
      memoryGiB: 23.5,
      commit: '861dd58',
      dirty: false,
      quick: false,
      loadAverage: { atStart: 1.54, mean: 1.64, max: 2.22 },
    },
    issue17: [anIssue17Row()],
    targets: [aBenchTarget(), aSheetsCallsTarget()],
    ...overrides,
  };
}
