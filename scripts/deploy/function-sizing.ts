import type { FunctionName } from './function-name';

/*
 * Memory and CPU of each function, from the benchmark's peak RSS (bench/results/latest.json) at
 * the sizes the README promises (workbooks up to 50 000 rows; a register of 50 000 providers).
 * Each size is written next to the figure it comes from; test/unit/deploy/function-sizing.test.ts
 * reads latest.json and fails when a figure here differs from it or the headroom falls below 1.5.
 */

/** Least ratio of deployed memory to measured peak RSS. */
export const MIN_HEADROOM = 1.5;

/** Memory is rounded up to a multiple of this (MiB). */
export const MEMORY_STEP_MIB = 256;

/** A figure of bench/results/latest.json, by measurement id. */
export interface BenchFigure {
  /** `id` of the measurement in latest.json. */
  readonly measurement: string;
  /** Its `size`, as latest.json words it. */
  readonly size: string;
  /** Its `memory.peakRssMb` (MiB: the bench reads VmHWM / 1024). */
  readonly peakRssMib: number;
}

/** How one function is sized, and from what. */
export interface FunctionSizing {
  readonly source: BenchFigure;
  /**
   * Null when the measurement is of this function's own work; otherwise why another case stands
   * in for it (the function's own peak RSS at the promised size is not in latest.json).
   */
  readonly proxyFor: string | null;
  /** Deployed memory, MiB: the figure × {@link MIN_HEADROOM}, rounded up to {@link MEMORY_STEP_MIB}. */
  readonly memoryMib: number;
  /** vCPUs: one is what a Node.js process uses; Cloud Run asks ≥ 1 from 2 GiB, ≥ 2 above 4 GiB. */
  readonly cpu: number;
}

const RECONCILE_AFTER_CHANGE_50K: BenchFigure = {
  measurement: 'reconcile.xlsx.after-change.50000',
  size: '50,712 rows',
  peakRssMib: 1771,
};

const RECONCILE_NO_CHANGE_50K: BenchFigure = {
  measurement: 'reconcile.xlsx.no-change.50000',
  size: '50,712 rows',
  peakRssMib: 638,
};

/** Every function's size (a function missing here does not compile). */
export const FUNCTION_SIZING: Readonly<Record<FunctionName, FunctionSizing>> = {
  // 638 × 1.5 = 957 → 1024 MiB.
  sheetEdit: {
    source: RECONCILE_NO_CHANGE_50K,
    proxyFor:
      'sheetEdit ne lit que ce que la modification touche (13 documents au plus) ; son pic mesuré l’est sous 50 éditeurs d’un classeur de 1 015 lignes (421 Mio, sheet-edit.throughput.50) ; par prudence, celui d’une synchronisation de 50 000 lignes sans changement en tient lieu',
    memoryMib: 1024,
    cpu: 1,
  },
  // 1771 × 1.5 = 2657 → 2816 MiB.
  syncSpreadsheet: {
    source: RECONCILE_AFTER_CHANGE_50K,
    proxyFor:
      'le pic de la synchronisation par l’API Sheets (reconcile.sheets.*) n’est pas mesuré ; celui du même classeur en .xlsx, 1 % modifié, en tient lieu',
    memoryMib: 2816,
    cpu: 1,
  },
  // 638 × 1.5 = 957 → 1024 MiB.
  dailyAlerts: {
    source: RECONCILE_NO_CHANGE_50K,
    proxyFor:
      'alerts.10000 ne mesure pas la mémoire ; les alertes d’un opérateur chargent ses enregistrements et le registre, comme une synchronisation sans changement',
    memoryMib: 1024,
    cpu: 1,
  },
  // 1725 × 1.5 = 2588 → 2816 MiB: the function also draws the dashboard, the heavier case.
  regionalConsolidation: {
    source: {
      measurement: 'consolidation.dashboard.10000',
      size: '6 × 10,000 missions',
      peakRssMib: 1725,
    },
    proxyFor: null,
    memoryMib: 2816,
    cpu: 1,
  },
  // 513 × 1.5 = 770 → 1024 MiB.
  registerExport: {
    source: {
      measurement: 'register-export.50000',
      size: '50,000 providers × 85 columns',
      peakRssMib: 513,
    },
    proxyFor: null,
    memoryMib: 1024,
    cpu: 1,
  },
  // 1771 × 1.5 = 2657 → 2816 MiB.
  scoreMission: {
    source: RECONCILE_AFTER_CHANGE_50K,
    proxyFor:
      '« Recalculer les notes » synchronise un classeur entier ; scoring.1000x4 ne mesure pas la mémoire',
    memoryMib: 2816,
    cpu: 1,
  },
};

/** The memory a figure calls for: × {@link MIN_HEADROOM}, rounded up to {@link MEMORY_STEP_MIB}. */
export function memoryFor(peakRssMib: number): number {
  return Math.ceil((peakRssMib * MIN_HEADROOM) / MEMORY_STEP_MIB) * MEMORY_STEP_MIB;
}
