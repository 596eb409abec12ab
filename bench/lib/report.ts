/**
 * The results of a benchmark run as data (`bench/results/latest.json`, compared by scripts) and
 * as the Markdown tables a person reads (`bench/results/latest.md`, the README).
 *
 * @packageDocumentation
 */

/** One figure of a measurement, with the same figure of its floor and their ratio. */
export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly floor: number | null;
  /** value / floor: how many times the floor the measured code costs. */
  readonly ratio: number | null;
}

/** Peak resident memory of a measured call and of its floor. */
export interface Memory {
  readonly peakRssMb: number;
  /** RSS just before the call: what the process held already (modules, input data). */
  readonly baseRssMb: number;
  readonly floorPeakRssMb: number | null;
  readonly ratio: number | null;
}

/** One row of the main table. */
export interface Measurement {
  /** Stable key for scripts, e.g. `reconcile.xlsx.no-change.10000`. */
  readonly id: string;
  /** The issue's item (1–6). */
  readonly section: number;
  readonly label: string;
  readonly size: string;
  readonly metrics: readonly Metric[];
  readonly floorLabel: string;
  readonly memory: Memory | null;
  readonly notes: readonly string[];
  readonly details?: unknown;
}

/** A promise of the design, checked by the run. */
export interface Target {
  readonly id: string;
  readonly label: string;
  readonly size: string;
  readonly expected: string;
  readonly actual: string;
  readonly pass: boolean;
}

/** One size of a growth series. */
export interface GrowthPoint {
  readonly factor: number;
  /** The actual amount of data (rows or missions). */
  readonly n: number;
  readonly ms: number;
  /** CPU time of the process during the call (null when not measured). */
  readonly cpuMs: number | null;
  /** Null when the series measures time only. */
  readonly peakRssMb: number | null;
  /** Peak RSS above the RSS of the same process before its case ran (input data + operation). */
  readonly deltaRssMb: number | null;
}

/** Time and memory of one operation at growing sizes. */
export interface Growth {
  readonly id: string;
  readonly label: string;
  /** What n counts (rows, missions, providers). */
  readonly unit: string;
  /** The unit of the times (ms, or ms per item). */
  readonly timeUnit: string;
  readonly points: readonly GrowthPoint[];
  /** log(t_last / t_first) / log(n_last / n_first), on wall time: 1 is linear. */
  readonly timeExponent: number;
  /** The same between the last two sizes: what the largest step costs. */
  readonly lastStepExponent: number | null;
  /** The same as {@link timeExponent} on CPU time (steadier when the machine is shared). */
  readonly cpuExponent: number | null;
  /** The same on the memory above an idle process; null when not measured. */
  readonly memoryExponent: number | null;
  /** Either exponent above {@link GROWTH_FLAG}. */
  readonly flagged: boolean;
}

/** Above this growth exponent the cost grows visibly faster than the data. */
export const GROWTH_FLAG = 1.2;

/** What the Sheets API quotas allow with the calls measured per reconcile. */
export interface Quota {
  readonly readsPerReconcile: number;
  readonly writesPerReconcile: number;
  readonly perUserPerMinute: number;
  readonly perProjectPerMinute: number;
  /** Workbooks per minute when reads and writes have separate quotas (Google's rule). */
  readonly separate: { readonly perUser: number; readonly perProject: number };
  /** Workbooks per minute if every request counted against one quota (the cautious reading). */
  readonly combined: { readonly perUser: number; readonly perProject: number };
}

/** One row of issue 17's table: a measure, its figure in this run, its target and the verdict. */
export interface Issue17Row {
  readonly id: string;
  readonly measure: string;
  readonly size: string;
  /** The figure as shown (a ratio, a count, MB, an exponent), or why it is missing. */
  readonly figure: string;
  /** The figure as a number, null when not measured. */
  readonly value: number | null;
  readonly target: string;
  /** False when the figure misses the target or was not measured. */
  readonly pass: boolean;
  /** Where the figure comes from in this run. */
  readonly source: string;
}

/** The whole run. */
export interface BenchResults {
  readonly schemaVersion: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationS: number;
  readonly budgetS: number;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly commit: string;
    readonly dirty: boolean;
    readonly quick: boolean;
    /** 1-minute load average sampled every 5 s (this run's own processes count for about 1). */
    readonly loadAverage: { readonly atStart: number; readonly mean: number; readonly max: number };
  };
  /** Issue 17's table: each figure as a ratio in this run, its target, PASS or FAIL. */
  readonly issue17: readonly Issue17Row[];
  readonly measurements: readonly Measurement[];
  readonly targets: readonly Target[];
  readonly growth: readonly Growth[];
  readonly quota: Quota | null;
  readonly notes: readonly string[];
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A number for a table: grouped thousands, more decimals for small values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return new Intl.NumberFormat('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value);
}

/** A count with grouped thousands. */
export function formatCount(value: number): string {
  return NUMBER.format(value);
}

function ratioText(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : `${formatNumber(ratio)}×`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function metricsText(metrics: readonly Metric[], pick: (m: Metric) => number | null): string {
  const values = metrics.map(pick);
  if (values.every((v) => v === null)) return '—';
  const units = new Set(metrics.map((m) => m.unit));
  const text = values.map((v) => (v === null ? '—' : formatNumber(v))).join(' / ');
  return units.size === 1 ? `${text} ${metrics[0]?.unit ?? ''}`.trim() : text;
}

/**
 * Issue 17's table: one line per row, a missing figure as its row in FAIL (never left out).
 * latest.md shows where each figure comes from; the README leaves that column out.
 */
export function issue17Table(
  rows: readonly Issue17Row[],
  options: { readonly measuredBy: boolean },
): string[] {
  const by = (text: string) => (options.measuredBy ? ` ${text} |` : '');
  return [
    `| Measure | Size | This run | Target | Result |${by('Measured by')}`,
    `|---|---|---|---|---|${options.measuredBy ? '---|' : ''}`,
    ...rows.map(
      (r) =>
        `| ${cell(r.measure)} | ${cell(r.size)} | ${cell(r.figure)} | ${cell(r.target)} | ${r.pass ? 'PASS' : '**FAIL**'} |${by(cell(r.source))}`,
    ),
  ];
}

/** Issue 17's table, then an empty line (nothing when the run has no such rows). */
function issue17Lines(rows: readonly Issue17Row[]): string[] {
  if (rows.length === 0) return [];
  return [
    'Issue 17 (an edit costs what it touches; memory flat with size):',
    '',
    ...issue17Table(rows, { measuredBy: true }),
    '',
  ];
}

/** The run's facts: when, on what, at which commit, how long, and how loaded the machine was. */
export function runLine(
  results: Pick<BenchResults, 'startedAt' | 'durationS' | 'budgetS' | 'environment'>,
): string {
  const env = results.environment;
  return (
    `Run of ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${env.cpus} × ${env.cpuModel}, ` +
    `${formatNumber(env.memoryGiB)} GiB, Node ${env.node}, commit ${env.commit}${env.dirty ? ' (+ uncommitted changes)' : ''}` +
    `${env.quick ? ', **quick mode**' : ''}: ` +
    `**${formatNumber(results.durationS)} s** in all (budget ${formatNumber(results.budgetS)} s). ` +
    `Load average during the run: mean ${formatNumber(env.loadAverage.mean)}, max ${formatNumber(env.loadAverage.max)} ` +
    `on ${env.cpus} cores (this run alone accounts for about 1; more means other work shared the machine and inflated wall times).`
  );
}

/** The Markdown report: run facts, the main table, the targets, the growth, the quotas. */
export function renderMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  lines.push(runLine(results));
  lines.push('');
  lines.push(...issue17Lines(results.issue17));
  lines.push(
    '| # | Measurement | Size | Measured | Floor | Floor is | × floor | Peak RSS | Floor RSS | × RSS | Notes |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of results.measurements) {
    const names = m.metrics.length > 1 ? m.metrics.map((x) => x.name).join(' / ') : '';
    lines.push(
      `| ${m.section} | ${cell(`${m.label}${names === '' ? '' : ` (${names})`}`)} | ${cell(m.size)} | ` +
        `${cell(metricsText(m.metrics, (x) => x.value))} | ${cell(metricsText(m.metrics, (x) => x.floor))} | ` +
        `${cell(m.floorLabel)} | ${cell(m.metrics.map((x) => ratioText(x.ratio)).join(' / '))} | ` +
        `${m.memory === null ? '—' : `${formatCount(m.memory.peakRssMb)} MB`} | ` +
        `${m.memory?.floorPeakRssMb == null ? '—' : `${formatCount(m.memory.floorPeakRssMb)} MB`} | ` +
        `${ratioText(m.memory?.ratio ?? null)} | ${cell(m.notes.join(' '))} |`,
    );
  }
  lines.push('');
  lines.push('| Target | Size | Expected | Actual | Result |');
  lines.push('|---|---|---|---|---|');
  for (const t of results.targets) {
    lines.push(
      `| ${cell(t.label)} | ${cell(t.size)} | ${cell(t.expected)} | ${cell(t.actual)} | ${t.pass ? 'PASS' : '**FAIL**'} |`,
    );
  }
  if (results.growth.length > 0) {
    lines.push('');
    lines.push(
      '| Growth | Sizes | Time | Peak RSS (+ above an idle process) | Time exponent, first → last (CPU time; last step) | Memory exponent |',
    );
    lines.push('|---|---|---|---|---|---|');
    for (const g of results.growth) {
      const flag = (e: number | null) =>
        e === null
          ? '—'
          : `${formatNumber(e)}${e > GROWTH_FLAG ? ` ⚠ **> ${String(GROWTH_FLAG)}**` : ''}`;
      const memory = (p: GrowthPoint) =>
        p.peakRssMb === null
          ? '—'
          : `${formatCount(p.peakRssMb)} MB (+${formatCount(p.deltaRssMb ?? 0)})`;
      lines.push(
        `| ${cell(g.label)} | ${g.points.map((p) => `${formatCount(p.n)} ${g.unit}`).join(' / ')} | ` +
          `${g.points.map((p) => `${formatNumber(p.ms)} ${g.timeUnit}`).join(' / ')} | ` +
          `${g.points.map(memory).join(' / ')} | ` +
          `${flag(g.timeExponent)} (CPU ${flag(g.cpuExponent)}; last step ${flag(g.lastStepExponent)}) | ${flag(g.memoryExponent)} |`,
      );
    }
  }
  if (results.quota !== null) {
    const q = results.quota;
    lines.push('');
    lines.push(
      `Quota: a reconcile makes ${q.readsPerReconcile} read and at most ${q.writesPerReconcile} write. ` +
        `With Google's separate read and write quotas (${q.perUserPerMinute} requests/min per user, ` +
        `${q.perProjectPerMinute} per project, each), that is **${formatNumber(q.separate.perUser)} workbooks/min ` +
        `per user** (all reconciles run as the one service account) and ${formatNumber(q.separate.perProject)} per project; ` +
        `counting reads and writes against one quota, ${formatNumber(q.combined.perUser)} and ${formatNumber(q.combined.perProject)}.`,
    );
  }
  if (results.notes.length > 0) {
    lines.push('');
    for (const note of results.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
