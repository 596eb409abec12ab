import { performanceSection } from '../../../scripts/docs/performance-section';
import {
  aBenchRun,
  aBenchTarget,
  aSheetsCallsTarget,
  anIssue17Row,
  anUnmeasuredIssue17Row,
} from '../../support/builders/bench-results-builder';

const TABLE_HEAD = ['| Measure | Size | This run | Target | Result |', '|---|---|---|---|---|'];

const lines = (text: string): string[] => text.split('\n');

describe("the README's performance section", () => {
  it.each([
    [
      'a figure within its target is PASS',
      aBenchRun(),
      [
        '| Firestore document reads per single-cell edit | 10,148 rows | 13 max, 12.1 mean over 30 edits | ≤ 25 | PASS |',
      ],
    ],
    [
      'a figure over its target is FAIL, in bold',
      aBenchRun({
        issue17: [
          anIssue17Row({
            measure: "sheetEdit 50 editors, p95 ÷ the no-op handler's p95",
            size: '50 editors, 1,015-row workbook',
            figure: '9.69×',
            value: 9.69,
            target: '≤ 5×',
            pass: false,
          }),
        ],
      }),
      [
        "| sheetEdit 50 editors, p95 ÷ the no-op handler's p95 | 50 editors, 1,015-row workbook | 9.69× | ≤ 5× | **FAIL** |",
      ],
    ],
    [
      'a measure the run could not take keeps its row, FAIL, saying so',
      aBenchRun({ issue17: [anIssue17Row(), anUnmeasuredIssue17Row()] }),
      [
        '| Firestore document reads per single-cell edit | 10,148 rows | 13 max, 12.1 mean over 30 edits | ≤ 25 | PASS |',
        '| Consolidation peak RSS ÷ floor peak RSS | 6 × 10,000 missions | not measured: no figure in this run | ≤ 1.5× | **FAIL** |',
      ],
    ],
    [
      'a run without the issue 17 table shows one FAIL row',
      aBenchRun({ issue17: [] }),
      [
        "| Issue 17's measures | — | not measured: latest.json has no issue 17 table | every target of the issue | **FAIL** |",
      ],
    ],
    [
      'a run older than the issue (no issue17 field) shows one FAIL row',
      (({ issue17: _dropped, ...older }) => older)(aBenchRun()),
      [
        "| Issue 17's measures | — | not measured: latest.json has no issue 17 table | every target of the issue | **FAIL** |",
      ],
    ],
    [
      'a cell holding a pipe stays in its column',
      aBenchRun({ issue17: [anIssue17Row({ size: '1k | 10k rows' })] }),
      [
        '| Firestore document reads per single-cell edit | 1k \\| 10k rows | 13 max, 12.1 mean over 30 edits | ≤ 25 | PASS |',
      ],
    ],
  ])('%s', (_case, run, rows) => {
    const section = lines(performanceSection(run));
    const head = section.indexOf(TABLE_HEAD[0] ?? '');
    expect(section.slice(head, head + 2)).toEqual(TABLE_HEAD);
    expect(section.slice(head + 2, head + 2 + rows.length)).toEqual(rows);
    expect(section[head + 2 + rows.length]).toBe('');
  });

  it('shows every row of the run once, PASS, FAIL or not measured alike, without its source', () => {
    const issue17 = [
      anIssue17Row({ id: 'issue17.firestore-reads.1015', size: '1,015 rows' }),
      anIssue17Row(),
      anIssue17Row({ id: 'issue17.suggestions.exponent', figure: '1.46', pass: false }),
      anUnmeasuredIssue17Row(),
    ];
    const section = performanceSection(aBenchRun({ issue17 }));
    const tableRows = lines(section).filter(
      (l) => l.startsWith('| ') && !l.startsWith('| Measure'),
    );
    expect(tableRows).toHaveLength(issue17.length);
    expect(section).not.toContain('firestore.edit-reads.10148');
    expect(section).toContain('Issue 17: **2 of 4 PASS**.');
  });

  it.each([
    [
      'a quiet run',
      { atStart: 1.54, mean: 1.64, max: 2.22 },
      'Load average during the run: mean 1.64, max 2.22 on 2 cores',
    ],
    [
      'a run on a shared machine',
      { atStart: 4.1, mean: 3.87, max: 6.5 },
      'Load average during the run: mean 3.87, max 6.5 on 2 cores',
    ],
  ])('opens with the run: date, machine, commit and load, for %s', (_case, loadAverage, load) => {
    const run = aBenchRun();
    const first = lines(
      performanceSection({ ...run, environment: { ...run.environment, loadAverage } }),
    )[0];
    expect(first).toContain(
      'Run of 2026-12-07 04:40 UTC on 2 × AMD EPYC, 23.5 GiB, Node 20.20.2, commit 861dd58: **754 s** in all',
    );
    expect(first).toContain(load);
  });

  it.each([
    [
      'every target kept',
      [aBenchTarget(), aSheetsCallsTarget()],
      "The design's targets: 0 store writes on a no-op, 1 of 1 PASS; 1 Sheets read + ≤ 1 write per reconcile, 1 of 1 PASS.",
    ],
    [
      'a reconcile reading the workbook twice',
      [
        aBenchTarget(),
        aSheetsCallsTarget(),
        aSheetsCallsTarget({
          id: 'reconcile.sheets.after-change.calls.1000',
          actual: '2 read, 1 write',
          pass: false,
        }),
      ],
      "The design's targets: 0 store writes on a no-op, 1 of 1 PASS; 1 Sheets read + ≤ 1 write per reconcile, **1 of 2 PASS**.",
    ],
    [
      'no reconcile measured',
      [],
      "The design's targets: 0 store writes on a no-op, **FAIL**: not measured in this run; 1 Sheets read + ≤ 1 write per reconcile, **FAIL**: not measured in this run.",
    ],
    [
      'another check failing',
      [
        aBenchTarget(),
        aSheetsCallsTarget(),
        aBenchTarget({
          id: 'consolidation.dashboard.added.10000',
          label: 'Drawing the dashboard adds at most 20 % to the consolidation',
          size: '6 × 10,000 missions',
          expected: '≤ +20 %',
          actual: '+28.2 %',
          pass: false,
        }),
      ],
      "The run's other checks: 0 of 1 PASS (FAIL: Drawing the dashboard adds at most 20 % to the consolidation, 6 × 10,000 missions: +28.2 % for ≤ +20 %).",
    ],
  ])('counts the design targets passing: %s', (_case, targets, verdict) => {
    expect(performanceSection(aBenchRun({ targets }))).toContain(verdict);
  });

  it('ends with where the rest is and how to measure again', () => {
    const last = lines(performanceSection(aBenchRun())).at(-1);
    expect(last).toContain('[bench/results/latest.md](bench/results/latest.md)');
    expect(last).toContain('[docs/performances.md](docs/performances.md)');
    expect(last).toContain('on a quiet machine: `npm run bench` (about 13 min;');
    expect(last).toContain('then `npm run docs`');
  });
});
