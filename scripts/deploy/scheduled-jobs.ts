import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { jobKey } from '../../shared/domain/job-runs';
import { gcloud, type DeployStep } from './deploy-step';
import { DEPLOYED_FUNCTIONS, FUNCTION_DEPLOYMENTS } from './function-deployments';
import type { FunctionName } from './function-name';

/*
 * The Cloud Scheduler jobs: one per scheduled function, and one per workbook for the reconcile,
 * each calling its function with an OIDC token of the scheduler's service account.
 */

/** The time zone of every scheduled job: deadlines and digests are French days. */
export const SCHEDULE_TIME_ZONE = 'Europe/Paris';

/** Minutes between two scheduled reconciles of a workbook (safety net for missed edits). */
export const DEFAULT_RECONCILE_MINUTES = 15;

/** Reconcile periods allowed: divisors of an hour, at least 5 minutes (Sheets API quotas). */
export const RECONCILE_PERIODS: readonly number[] = [5, 6, 10, 12, 15, 20, 30, 60];

/** The workbooks reconciled by a job each, in the order their jobs are staggered. */
export const RECONCILED_WORKBOOKS: readonly WorkbookOwner[] = [...OPERATOR_CODES, C2RA];

/** The single job of the reconcile deployed before one job per workbook (removed on deploy). */
export const LEGACY_RECONCILE_JOB = 'dla-sync-spreadsheet';

/** A scheduled job as deployed: its Cloud Scheduler name, target, cron and body. */
export interface ScheduledJob {
  readonly name: string;
  readonly functionName: FunctionName;
  /** The workbook of a per-workbook job; null for a job of the whole region. */
  readonly owner: WorkbookOwner | null;
  /** The key its runs are recorded under (`syncSpreadsheet:CBE-LM`, `dailyAlerts`). */
  readonly runKey: string;
  readonly cron: string;
  readonly description: string;
  /** The JSON body posted. */
  readonly body: string;
  readonly retries: number;
  /** How long Cloud Scheduler waits for the answer (never longer than the period). */
  readonly attemptDeadlineSeconds: number;
  /** Minutes between two runs. */
  readonly periodMinutes: number;
  /** How long after its last run the job is late (for `dla doctor`). */
  readonly maxAgeMinutes: number;
}

/** The Cloud Scheduler job name of a function (and workbook): `dla-sync-spreadsheet-cbe-lm`. */
export function schedulerJobName(functionName: FunctionName, owner?: WorkbookOwner): string {
  const base = `dla-${functionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return owner === undefined ? base : `${base}-${owner.toLowerCase()}`;
}

/**
 * The cron of the reconcile every `minutes` minutes, shifted by `offset` minutes so that the
 * workbooks do not all start in the same minute: `2,17,32,47 * * * *`.
 */
export function reconcileCron(minutes: number, offset = 0): string {
  const first = offset % minutes;
  const marks: number[] = [];
  for (let minute = first; minute < 60; minute += minutes) marks.push(minute);
  return `${marks.join(',')} * * * *`;
}

/** Expected period of a cron of this plan, in minutes (for lateness checks). */
function periodMinutes(cron: string, reconcileMinutes: number): number {
  if (cron === 'reconcile') return reconcileMinutes;
  const [, , , , weekday = '*'] = cron.split(' ');
  return weekday === '*' ? 24 * 60 : 7 * 24 * 60;
}

/** The scheduled jobs, with the reconcile period chosen. */
export function scheduledJobs(
  reconcileMinutes: number = DEFAULT_RECONCILE_MINUTES,
): ScheduledJob[] {
  return DEPLOYED_FUNCTIONS.flatMap((functionName): ScheduledJob[] => {
    const { schedule, timeoutSeconds } = FUNCTION_DEPLOYMENTS[functionName];
    if (schedule === null) return [];
    const period = periodMinutes(schedule.cron, reconcileMinutes);
    const common = {
      functionName,
      description: schedule.description,
      retries: schedule.retries,
      attemptDeadlineSeconds: Math.min(timeoutSeconds, period * 60),
      periodMinutes: period,
      // Late after two missed periods (one missed run may be a retry still under way).
      maxAgeMinutes: 2 * period + 30,
    };
    const cronAt = (offset: number): string =>
      schedule.cron === 'reconcile' ? reconcileCron(reconcileMinutes, offset) : schedule.cron;
    if (!schedule.perWorkbook)
      return [
        {
          ...common,
          name: schedulerJobName(functionName),
          owner: null,
          runKey: functionName,
          cron: cronAt(0),
          body: '{}',
        },
      ];
    return RECONCILED_WORKBOOKS.map((owner, index) => ({
      ...common,
      name: schedulerJobName(functionName, owner),
      owner,
      runKey: jobKey(functionName, owner),
      cron: cronAt(index),
      description: `${schedule.description} — ${owner}`,
      body: JSON.stringify({ owner }),
    }));
  });
}

/** What the scheduler steps need to know of the plan. */
export interface SchedulerContext {
  readonly project: string;
  readonly region: string;
  readonly functionsBaseUrl: string;
  readonly schedulerServiceAccount: string;
}

/** The invoker right of the scheduler on each function it calls (once per function). */
export function invokerSteps(jobs: readonly ScheduledJob[], ctx: SchedulerContext): DeployStep[] {
  const functions = [...new Set(jobs.map((job) => job.functionName))];
  return functions.map((functionName) => ({
    kind: 'run',
    title: `Droit d'appel de ${functionName} pour ${ctx.schedulerServiceAccount}`,
    command: gcloud(
      'functions',
      'add-invoker-policy-binding',
      functionName,
      `--region=${ctx.region}`,
      `--member=serviceAccount:${ctx.schedulerServiceAccount}`,
      `--project=${ctx.project}`,
    ),
  }));
}

/**
 * Each job created, or updated when it exists. `update http` takes `--update-headers` where
 * `create http` takes `--headers` (checked against gcloud's own parser).
 */
export function schedulerSteps(jobs: readonly ScheduledJob[], ctx: SchedulerContext): DeployStep[] {
  const p = `--project=${ctx.project}`;
  const steps: DeployStep[] = [
    {
      kind: 'remove',
      title: `Ancienne tâche ${LEGACY_RECONCILE_JOB} (tous les classeurs en une requête) supprimée si elle existe`,
      probe: gcloud(
        'scheduler',
        'jobs',
        'describe',
        LEGACY_RECONCILE_JOB,
        `--location=${ctx.region}`,
        p,
      ),
      remove: gcloud(
        'scheduler',
        'jobs',
        'delete',
        LEGACY_RECONCILE_JOB,
        `--location=${ctx.region}`,
        '--quiet',
        p,
      ),
    },
  ];
  for (const job of jobs) {
    const url = `${ctx.functionsBaseUrl}/${job.functionName}`;
    const flags = (headers: string): string[] => [
      `--location=${ctx.region}`,
      `--schedule=${job.cron}`,
      `--time-zone=${SCHEDULE_TIME_ZONE}`,
      `--uri=${url}`,
      '--http-method=POST',
      `${headers}=Content-Type=application/json`,
      `--message-body=${job.body}`,
      `--oidc-service-account-email=${ctx.schedulerServiceAccount}`,
      `--oidc-token-audience=${url}`,
      `--attempt-deadline=${job.attemptDeadlineSeconds}s`,
      `--max-retry-attempts=${job.retries}`,
      `--description=${job.description}`,
      p,
    ];
    steps.push({
      kind: 'upsert',
      title: `Tâche planifiée ${job.name} → ${job.functionName}${job.owner === null ? '' : ` (${job.owner})`} (« ${job.cron} », ${SCHEDULE_TIME_ZONE})`,
      probe: gcloud('scheduler', 'jobs', 'describe', job.name, `--location=${ctx.region}`, p),
      update: gcloud('scheduler', 'jobs', 'update', 'http', job.name, ...flags('--update-headers')),
      create: gcloud('scheduler', 'jobs', 'create', 'http', job.name, ...flags('--headers')),
    });
  }
  return steps;
}
