import type { IsoDate } from '../values/french-date';

/**
 * A percentile computed as the spreadsheets' `PERCENTILE.INC` / `CENTILE.INCLURE` (linear
 * interpolation between the closest ranks), so that anyone can check a bar of the dashboard
 * with the spreadsheet program they already use. `share` goes from 0 to 1; null for no value.
 */
export function percentileInc(values: readonly number[], share: number): number | null {
  return percentilesInc(values, [share])[0] ?? null;
}

/** {@link percentileInc} of several shares, the values sorted once. */
export function percentilesInc(
  values: readonly number[],
  shares: readonly number[],
): (number | null)[] {
  if (values.length === 0) return shares.map(() => null);
  const sorted = [...values].sort((a, b) => a - b);
  return shares.map((share) => percentileOfSorted(sorted, share));
}

function percentileOfSorted(sorted: readonly number[], share: number): number {
  const rank = (sorted.length - 1) * share;
  const low = Math.floor(rank);
  const lower = sorted[low] ?? 0;
  const upper = sorted[Math.min(low + 1, sorted.length - 1)] ?? lower;
  return lower + (rank - low) * (upper - lower);
}

/** The median (`MEDIANE`), null for no value. */
export function median(values: readonly number[]): number | null {
  return percentileInc(values, 0.5);
}

/** The arithmetic mean, null for no value. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** `part / whole`, null when `whole` is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** A number rounded to `decimals` digits, null kept. */
export function rounded(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A calendar quarter: its year and its number (1 to 4). */
export interface Quarter {
  readonly year: number;
  readonly quarter: 1 | 2 | 3 | 4;
}

/** The quarter a date falls in. */
export function quarterOf(date: IsoDate): Quarter {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as Quarter['quarter'] };
}

/** The `count` quarters ending with the quarter of `today`, oldest first. */
export function lastQuarters(today: IsoDate, count: number): Quarter[] {
  const current = quarterOf(today);
  const index = current.year * 4 + (current.quarter - 1);
  return Array.from({ length: count }, (_unused, i) => {
    const n = index - (count - 1) + i;
    return { year: Math.floor(n / 4), quarter: ((n % 4) + 1) as Quarter['quarter'] };
  });
}

/** « T2 2026 ». */
export function quarterLabel(q: Quarter): string {
  return `T${q.quarter} ${q.year}`;
}
