import { z } from 'zod';

/*
 * The health record of the scheduled jobs: each run's start, end, outcome and counts, kept in one
 * small system document (`job-runs`) so that `dla status` and `dla doctor` can say when each job
 * last ran and whether it worked. Pure: no clock, no store.
 */

/** The system document (owner `system`) holding the last runs of every job. */
export const JOB_RUNS_DOCUMENT = 'job-runs';

/** How many runs are kept per job (newest first). */
export const JOB_RUNS_KEPT = 20;

/** Longest message kept with a run (a French summary, never a stack trace). */
export const JOB_RUN_MESSAGE_MAX_LENGTH = 500;

/** How a run ended. */
export type JobOutcome = 'ok' | 'failed';

/** One run of one scheduled job. */
export interface JobRun {
  /** The job key: a function name (`dailyAlerts`), or `name:OWNER` for a run limited to one workbook. */
  readonly job: string;
  /** ISO instants. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly outcome: JobOutcome;
  /** What the run did, by name (`workbooks`, `created`, `rejected`…). */
  readonly counts: Readonly<Record<string, number>>;
  /** A short French explanation (why it failed, what was not written). */
  readonly message?: string;
}

/** The `job-runs` document: the last runs of each job key, newest first. */
export type JobRuns = Readonly<Record<string, readonly JobRun[]>>;

/** What a wrapped job reports about itself once it has ended. */
export interface JobSummary {
  readonly outcome: JobOutcome;
  readonly counts: Readonly<Record<string, number>>;
  readonly message?: string;
}

const jobRunSchema = z.object({
  job: z.string().min(1).max(200),
  startedAt: z.string().min(1),
  endedAt: z.string().min(1),
  outcome: z.enum(['ok', 'failed']),
  counts: z.record(z.string(), z.number().finite()),
  message: z.string().optional(),
});

/**
 * The key of a job run: the function name, suffixed with the owner when the run concerns one
 * workbook only (a spreadsheet asking for its own reconcile is not the scheduled safety net).
 */
export function jobKey(name: string, owner?: string): string {
  return owner === undefined ? name : `${name}:${owner}`;
}

/**
 * Reads a stored `job-runs` document without trusting it: malformed runs are dropped, runs are
 * sorted newest first. Null or garbage gives an empty record.
 */
export function parseJobRuns(value: unknown): JobRuns {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const runs: Record<string, JobRun[]> = {};
  for (const [key, list] of Object.entries(value)) {
    if (!Array.isArray(list)) continue;
    const valid: JobRun[] = [];
    for (const item of list) {
      const parsed = jobRunSchema.safeParse(item);
      if (parsed.success && parsed.data.job === key) valid.push(toJobRun(parsed.data));
    }
    if (valid.length > 0) runs[key] = sortNewestFirst(valid);
  }
  return runs;
}

/** Adds a run to its job's list, newest first, keeping at most `keep` runs per job. */
export function recordRun(runs: JobRuns, run: JobRun, keep: number = JOB_RUNS_KEPT): JobRuns {
  return mergeJobRuns(runs, { [run.job]: [run] }, keep);
}

/**
 * Merges two records of runs (e.g. the document as re-read just before writing, and a new run):
 * a run is identified by its job and start instant, the newest `keep` of each job are kept.
 */
export function mergeJobRuns(a: JobRuns, b: JobRuns, keep: number = JOB_RUNS_KEPT): JobRuns {
  const merged: Record<string, readonly JobRun[]> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const byStart = new Map<string, JobRun>();
    for (const run of [...(a[key] ?? []), ...(b[key] ?? [])]) byStart.set(run.startedAt, run);
    merged[key] = sortNewestFirst([...byStart.values()]).slice(0, Math.max(1, keep));
  }
  return merged;
}

/** The last run of a job key, or null when it never ran. */
export function lastRun(runs: JobRuns, job: string): JobRun | null {
  return runs[job]?.[0] ?? null;
}

/** The duration of a run in milliseconds (0 when its instants are unreadable). */
export function runDurationMs(run: JobRun): number {
  const ms = Date.parse(run.endedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Builds a run from its instants and the job's summary; the message is shortened if needed. */
export function makeJobRun(
  job: string,
  startedAt: Date,
  endedAt: Date,
  summary: JobSummary,
): JobRun {
  const base = {
    job,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    outcome: summary.outcome,
    counts: { ...summary.counts },
  };
  if (summary.message === undefined || summary.message === '') return base;
  const message =
    summary.message.length > JOB_RUN_MESSAGE_MAX_LENGTH
      ? `${summary.message.slice(0, JOB_RUN_MESSAGE_MAX_LENGTH - 1)}…`
      : summary.message;
  return { ...base, message };
}

function toJobRun(parsed: z.output<typeof jobRunSchema>): JobRun {
  const { message, ...rest } = parsed;
  return message === undefined ? rest : { ...rest, message };
}

function sortNewestFirst(runs: JobRun[]): JobRun[] {
  return runs.sort((x, y) => (x.startedAt < y.startedAt ? 1 : x.startedAt > y.startedAt ? -1 : 0));
}
