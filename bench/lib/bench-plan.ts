/**
 * The plan of one benchmark run: its sizes and durations (full or `--quick`), and the constants
 * the sections share.
 *
 * @packageDocumentation
 */

/**
 * The whole run must fit in fifteen minutes on a 2-core machine (ten until the issue-17 cases
 * came: Google's emulator restoring 16,000 documents, the consolidation read through a store).
 */
export const BUDGET_S = 900;

/** Share of the rows a person changes between two reconciles, in %. */
export const CHANGED_PERCENT = 1;

/** Concurrent editors of the `sheetEdit` load. */
export const EDITORS = 50;

/** Google's Sheets API quotas: requests per minute per user, and per project. */
export const QUOTA_PER_USER = 60;
export const QUOTA_PER_PROJECT = 300;

/** Sizes and durations of one run. */
export interface Plan {
  readonly quick: boolean;
  /** Rows of the operator workbook of the reconcile cases. */
  readonly reconcileRows: readonly number[];
  /** Rows of the sizes whose no-op reconcile is run a second time (a second timing sample). */
  readonly secondRunRows: readonly number[];
  /** Rows of the Sheets API reconcile cases. */
  readonly sheetsRows: readonly number[];
  readonly loadWarmupMs: number;
  readonly loadMs: number;
  readonly noOpLoadMs: number;
  /** Duration of the one-editor runs. */
  readonly soloLoadMs: number;
  readonly scoringMissions: number;
  readonly alertMissions: number;
  readonly suggestionRegisters: readonly number[];
  /** Missions per operator of the consolidation at 1× (then 10× and 50×). */
  readonly consolidationBase: number;
  readonly consolidationFactors: readonly number[];
  /** Missions per operator of the dashboard case (target: at most +20 % at 10,000). */
  readonly dashboardMissions: number;
  readonly exportProviders: number;
  /** Single-cell edits sent to the store restored into Google's Firestore emulator, per size. */
  readonly firestoreEdits: number;
}

export function planOf(argv: readonly string[]): Plan {
  const quick = argv.includes('--quick');
  return quick
    ? {
        quick,
        reconcileRows: [1_000, 10_000],
        secondRunRows: [1_000, 10_000],
        sheetsRows: [1_000, 10_000],
        loadWarmupMs: 1_000,
        loadMs: 5_000,
        noOpLoadMs: 3_000,
        soloLoadMs: 3_000,
        scoringMissions: 1_000,
        alertMissions: 2_000,
        suggestionRegisters: [769, 7_692],
        consolidationBase: 200,
        consolidationFactors: [1, 10],
        dashboardMissions: 2_000,
        exportProviders: 5_000,
        firestoreEdits: 10,
      }
    : {
        quick,
        reconcileRows: [1_000, 10_000, 50_000],
        secondRunRows: [1_000, 10_000, 50_000],
        sheetsRows: [1_000, 10_000, 50_000],
        loadWarmupMs: 2_000,
        loadMs: 10_000,
        noOpLoadMs: 5_000,
        soloLoadMs: 5_000,
        scoringMissions: 1_000,
        alertMissions: 10_000,
        suggestionRegisters: [769, 7_692, 38_460],
        consolidationBase: 200,
        consolidationFactors: [1, 10, 50],
        dashboardMissions: 10_000,
        exportProviders: 50_000,
        firestoreEdits: 30,
      };
}
