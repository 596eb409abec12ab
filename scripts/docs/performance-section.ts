/**
 * The README's « Performance » block, written from the last full benchmark run
 * (`bench/results/latest.json`): the run's facts and load, issue 17's table, how many of the
 * design's targets pass, and where the rest is. Tables and the run line are rendered by
 * bench/lib/report.ts, as in latest.md.
 *
 * @packageDocumentation
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  issue17Table,
  runLine,
  type BenchResults,
  type Issue17Row,
  type Target,
} from '../../bench/lib/report';

/** Where `npm run bench` writes the last full run, from the root of the checkout. */
export const LATEST_RESULTS = path.join('bench', 'results', 'latest.json');

/** What the block reads of a run; `issue17` is absent from runs older than the issue. */
export type PerformanceInput = Pick<
  BenchResults,
  'startedAt' | 'durationS' | 'budgetS' | 'environment' | 'targets'
> & { readonly issue17?: readonly Issue17Row[] };

/** The design's promises every run checks, each recognised by the ids of its targets. */
const DESIGN_TARGETS: readonly { readonly promise: string; readonly id: RegExp }[] = [
  { promise: '0 store writes on a no-op', id: /^reconcile\.(xlsx|sheets)\.no-change\.writes\./ },
  {
    promise: '1 Sheets read + ≤ 1 write per reconcile',
    id: /^reconcile\.sheets\.[a-z-]+\.calls\./,
  },
];

/** Shown as one FAIL row when the run has no issue 17 table at all. */
const NO_ISSUE_17_TABLE: Issue17Row = {
  id: 'issue17.missing',
  measure: "Issue 17's measures",
  size: '—',
  figure: 'not measured: latest.json has no issue 17 table',
  value: null,
  target: 'every target of the issue',
  pass: false,
  source: '—',
};

function passed(count: number, of: number): string {
  return `${count} of ${of} PASS`;
}

/** One promise's count, or FAIL when the run checked none of its targets. */
function promiseText(promise: string, targets: readonly Target[]): string {
  if (targets.length === 0) return `${promise}, **FAIL**: not measured in this run`;
  const ok = targets.filter((t) => t.pass).length;
  return `${promise}, ${ok === targets.length ? passed(ok, targets.length) : `**${passed(ok, targets.length)}**`}`;
}

/** The issue's count, the design's promises, then the run's other checks with each FAIL named. */
function verdictLine(rows: readonly Issue17Row[], targets: readonly Target[]): string {
  const issuePassed = rows.filter((r) => r.pass).length;
  const design = DESIGN_TARGETS.map(({ promise, id }) =>
    promiseText(
      promise,
      targets.filter((t) => id.test(t.id)),
    ),
  );
  const others = targets.filter((t) => !DESIGN_TARGETS.some(({ id }) => id.test(t.id)));
  const failed = others.filter((t) => !t.pass);
  const otherText =
    others.length === 0
      ? ''
      : ` The run's other checks: ${passed(others.length - failed.length, others.length)}` +
        (failed.length === 0
          ? '.'
          : ` (FAIL: ${failed.map((t) => `${t.label}, ${t.size}: ${t.actual} for ${t.expected}`).join('; ')}).`);
  return (
    `Issue 17: **${passed(issuePassed, rows.length)}**. ` +
    `The design's targets: ${design.join('; ')}.${otherText}`
  );
}

/** The block's Markdown, from a run's results. */
export function performanceSection(results: PerformanceInput): string {
  const rows =
    results.issue17 === undefined || results.issue17.length === 0
      ? [NO_ISSUE_17_TABLE]
      : results.issue17;
  return [
    runLine(results),
    '',
    ...issue17Table(rows, { measuredBy: false }),
    '',
    verdictLine(rows, results.targets),
    '',
    'Every measurement with its floor: [bench/results/latest.md](bench/results/latest.md); what ' +
      'the figures mean and how each is taken: [docs/performances.md](docs/performances.md). ' +
      'To measure again, on a quiet machine: `npm run bench` (about 13 min; it rewrites ' +
      '`bench/results/latest.*`), then `npm run docs`, which writes this section from ' +
      '`bench/results/latest.json`.',
  ].join('\n');
}

/** The block from the checkout's last run; throws when latest.json is not a run's results. */
export function performanceSectionOf(repo: string): string {
  const parsed = JSON.parse(
    fs.readFileSync(path.join(repo, LATEST_RESULTS), 'utf8'),
  ) as PerformanceInput & { readonly schemaVersion?: unknown };
  if (parsed.schemaVersion !== 1)
    throw new Error(`${LATEST_RESULTS}: schemaVersion ${String(parsed.schemaVersion)}, expected 1`);
  return performanceSection(parsed);
}
