/** The seeded draws every demo generator shares, and the French dates seen from today. */
import { addDays, formatFrenchDate, type IsoDate } from '../../shared/domain/values/french-date';

/**
 * The mulberry32 pseudo-random generator: a 32-bit state, uniform floats in [0, 1). Small,
 * fast and good enough for demo data; never used for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws from a seeded generator: integers, picks, samples, weighted choices. */
export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included; `min` when max < min. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    const value = list[Math.floor(this.next() * list.length)];
    if (value === undefined) throw new RangeError('Cannot pick from an empty list.');
    return value;
  }

  /** `count` distinct elements of a list (all of them, shuffled, when it is shorter). */
  sample<T>(list: readonly T[], count: number): T[] {
    const copy = [...list];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i += 1) {
      const j = this.int(i, copy.length - 1);
      const a = copy[i];
      const b = copy[j];
      if (a === undefined || b === undefined) break;
      copy[i] = b;
      copy[j] = a;
    }
    return copy.slice(0, n);
  }

  /** A value drawn with the given relative weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new RangeError('Cannot draw from no entries.');
    return last[0];
  }
}

/** What every step of the generation shares: the draws, and the dates seen from today. */
export interface Context {
  readonly rng: Random;
  /** The date `offset` days after today (before it when negative), written jj/mm/aaaa. */
  readonly day: (offset: number) => string;
}

/** A context whose French dates are computed once per distinct day. */
export function createContext(seed: number, today: IsoDate): Context {
  const cache = new Map<number, string>();
  return {
    rng: new Random(seed),
    day: (offset) => {
      let text = cache.get(offset);
      if (text === undefined) {
        text = formatFrenchDate(addDays(today, offset));
        cache.set(offset, text);
      }
      return text;
    },
  };
}
