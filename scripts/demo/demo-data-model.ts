/** The shape of the demo data set and the options that generate it. */
import type { OperatorCode } from '../../shared/domain/operator';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { IsoDate } from '../../shared/domain/values/french-date';

/** One row of a record tab, keyed by the entity's field keys, as a person types it. */
export type DemoRow = Record<string, CellValue>;

/** The four record tabs of one operator's workbook, in row order. */
export interface OperatorDemoData {
  readonly beneficiaries: DemoRow[];
  readonly plans: DemoRow[];
  readonly missions: DemoRow[];
  readonly solicitations: DemoRow[];
}

/** The whole demo data set: the C2RA register and the tabs of the six operators. */
export interface DemoData {
  readonly register: DemoRow[];
  readonly operators: Record<OperatorCode, OperatorDemoData>;
}

/** How to generate the data set. */
export interface DemoOptions {
  /** Seed of the pseudo-random generator: the same seed always gives the same rows. */
  readonly seed: number;
  /** 1 for the demo size; 10 gives ten times as many rows of each kind (benchmarks). */
  readonly scale: number;
  /** The day the data set is seen from: missions are spread over the three years before it. */
  readonly today: IsoDate;
}

/** Rows of each kind at scale 1: per region for providers, per operator for the others. */
export const DEMO_BASE_COUNTS = {
  providers: 60,
  beneficiaries: 12,
  plans: 10,
  missions: 15,
} as const;
