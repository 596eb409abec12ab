/**
 * What a benchmark run collects as it goes (measurements, targets, growth, notes), and the
 * helpers every section uses to run a child case and record its figures.
 *
 * @packageDocumentation
 */
import type { ChildCaseName, ChildResult } from '../child';
import { ChildFailure, LARGE_HEAP_MB, runChild, type ChildOptions } from './children';
import { totalWrites, type WriteCounts } from './counting-store';
import { growthExponent, round } from './measure';
import {
  GROWTH_FLAG,
  type Growth,
  type GrowthPoint,
  type Measurement,
  type Metric,
  type Target,
} from './report';

/** What the run collects as it goes. */
export class Collector {
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

export function metric(
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

export function memoryOf(peak: number, base: number, floorPeak: number | null) {
  return {
    peakRssMb: round(peak),
    baseRssMb: round(base),
    floorPeakRssMb: floorPeak === null ? null : round(floorPeak),
    ratio: floorPeak === null ? null : round(peak / floorPeak, 2),
  };
}

export function writesText(w: WriteCounts): string {
  return (
    `${w.puts} puts + ${w.audit} audit + ${w.quarantine} quarantine + ${w.documents} documents ` +
    `= ${totalWrites(w)} writes`
  );
}

/** Runs a case in a child process and returns only its result. */
export async function runValue<T>(
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
export async function runMeasured<T>(
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

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((id, i) => id === right[i]);
}

export function pushGrowth(
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
