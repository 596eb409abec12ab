import type { IsoDate } from '../values/french-date';

/**
 * The date of a milestone once it is reached (past or today, as in the mission lifecycle), else
 * null: a date later than today is a plan, not a fact.
 */
export function reachedDate(date: IsoDate | null, today: IsoDate): IsoDate | null {
  return date !== null && date <= today ? date : null;
}

/** The arithmetic mean, null for no value. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** `part / whole`, null when the whole is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
