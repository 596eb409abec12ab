import type { FunctionName } from './function-name';

/*
 * How each function of the source is deployed: who may call it, how long it may run, how many
 * instances, and its schedule. Memory and CPU come from measurement (function-sizing.ts).
 */

/** The schedule of a scheduled function. */
export interface ScheduleSpec {
  /** Cron in Europe/Paris, or `reconcile` for the every-N-minutes safety net. */
  readonly cron: string;
  /** French description of the Cloud Scheduler job. */
  readonly description: string;
  /** Retries after a failed attempt (0 for the frequent reconcile: the next one comes soon). */
  readonly retries: number;
  /**
   * One job per workbook (body `{"owner": CODE}`), so that a slow or failing workbook holds up
   * no other and each failure is recorded on its own; otherwise one job with an empty body.
   */
  readonly perWorkbook: boolean;
}

/** How one function is deployed. */
export interface FunctionDeployment {
  /**
   * `private`: Cloud Run refuses any caller without the invoker role (only the scheduler's
   * service account has it). `public`: the IAM check is off because the callers are the
   * spreadsheets' Apps Scripts, whose Google identity tokens are minted for the script, not for
   * the function URL; the function itself refuses (401) every request without a valid HMAC
   * signature or identity token before reading anything.
   */
  readonly access: 'public' | 'private';
  readonly timeoutSeconds: number;
  readonly maxInstances: number;
  readonly schedule: ScheduleSpec | null;
}

/** Every function of the source and how it is deployed (a function missing here does not compile). */
export const FUNCTION_DEPLOYMENTS: Readonly<Record<FunctionName, FunctionDeployment>> = {
  sheetEdit: { access: 'public', timeoutSeconds: 60, maxInstances: 20, schedule: null },
  syncSpreadsheet: {
    access: 'public',
    // A reconcile must end before the next one of the same workbook (5 minutes at the shortest).
    timeoutSeconds: 300,
    // Seven scheduled workbooks at once, and the spreadsheets' own « Synchroniser » requests.
    maxInstances: 10,
    schedule: {
      cron: 'reconcile',
      description: 'DLA : réconciliation du classeur (filet de sécurité des modifications)',
      retries: 0,
      perWorkbook: true,
    },
  },
  dailyAlerts: {
    access: 'private',
    timeoutSeconds: 540,
    maxInstances: 1,
    schedule: {
      cron: '0 7 * * *',
      description: 'DLA : alertes du jour et récapitulatifs par e-mail (07:00)',
      retries: 2,
      perWorkbook: false,
    },
  },
  regionalConsolidation: {
    access: 'private',
    timeoutSeconds: 540,
    maxInstances: 1,
    schedule: {
      cron: '0 6 * * 1',
      description: 'DLA : consolidation régionale pour le C2RA (lundi 06:00)',
      retries: 2,
      perWorkbook: false,
    },
  },
  registerExport: {
    access: 'private',
    timeoutSeconds: 540,
    maxInstances: 1,
    schedule: {
      cron: '30 2 * * *',
      description: 'DLA : export nocturne du registre des prestataires (02:30)',
      retries: 2,
      perWorkbook: false,
    },
  },
  // Menu « Recalculer les notes »: one workbook's reconcile, while a person waits for the toast.
  scoreMission: { access: 'public', timeoutSeconds: 300, maxInstances: 5, schedule: null },
};

/** The functions in deployment order (the edit path first). */
export const DEPLOYED_FUNCTIONS = Object.keys(FUNCTION_DEPLOYMENTS) as FunctionName[];
