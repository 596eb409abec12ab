/**
 * Measuring inside a benchmark child process: wall time, and the peak resident memory of the
 * measured call alone (the kernel's high-water mark is reset just before it, so the memory the
 * process used to prepare its input does not count), plus small statistics helpers.
 *
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** What one measured call cost. */
export interface Measured<T> {
  readonly value: T;
  /** Wall time of the call, in milliseconds. */
  readonly ms: number;
  /**
   * CPU time of the whole process during the call (user + system, every thread: GC helpers
   * included), in milliseconds: steadier than wall time when other work shares the machine.
   */
  readonly cpuMs: number;
  /** Resident memory just before the call (after a full GC), in MiB. */
  readonly baseRssMb: number;
  /** Peak resident memory during the call (VmHWM after a reset), in MiB. */
  readonly peakRssMb: number;
  /** `process.resourceUsage().maxRSS` after the call, in MiB (the whole process when the reset failed). */
  readonly maxRssMb: number;
  /** True when the high-water mark could be reset before the call (Linux ≥ 4.0). */
  readonly peakIsolated: boolean;
}

function statusKb(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/** Current resident memory in MiB. */
export function rssMb(): number {
  const kb = statusKb('VmRSS');
  return kb === null ? process.memoryUsage.rss() / 1_048_576 : kb / 1024;
}

/** Peak resident memory since start or the last {@link resetPeak}, in MiB. */
export function peakRssMb(): number {
  const kb = statusKb('VmHWM');
  return kb === null ? process.resourceUsage().maxRSS / 1024 : kb / 1024;
}

/** Runs the full garbage collector when the process was started with `--expose-gc`. */
export function fullGc(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

/** Resets the kernel's peak-RSS mark of this process to its current RSS (clear_refs 5). */
export function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Measures one call: wall time and the peak RSS of that call alone. */
export async function measure<T>(call: () => Promise<T> | T): Promise<Measured<T>> {
  fullGc();
  const peakIsolated = resetPeak();
  const baseRssMb = rssMb();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await call();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  return {
    value,
    ms,
    cpuMs,
    baseRssMb,
    peakRssMb: peakRssMb(),
    maxRssMb,
    peakIsolated,
  };
}

/** The p-th percentile (0–100) of values, nearest-rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median of values. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The growth exponent k of t ≈ c·nᵏ between two sizes: log(t₂/t₁) / log(n₂/n₁). 1 is linear;
 * above 1.2 the cost grows faster than the data.
 */
export function growthExponent(t1: number, t2: number, n1: number, n2: number): number {
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}

/** Rounds to `digits` decimals (for reports). */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
