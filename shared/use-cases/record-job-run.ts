import {
  JOB_RUNS_DOCUMENT,
  makeJobRun,
  parseJobRuns,
  recordRun,
  type JobRun,
  type JobRuns,
  type JobSummary,
} from '../domain/job-runs';
import type { DomainError, Result } from '../domain/result';
import type { SyncReport } from '../domain/sync/plan-sync';
import type { Clock } from '../ports/clock';
import type { RecordStore } from '../ports/record-store';
import type { RegionalConsolidationReport } from './regional-consolidation';
import type { RegisterExportReport } from './register-export';
import type { AlertRunReport } from './run-alerts';
import {
  migrateLegacyAggregate,
  objectEntries,
  readEntriesWithLegacy,
  type LegacyAggregate,
} from './store-entries';

/** The ports a recorded job needs. */
export interface JobRunPorts {
  readonly store: RecordStore;
  readonly clock: Clock;
}

/** The store entries (owner `system`) holding the last runs of each job, one per job key. */
export const JOB_RUNS_FAMILY = 'job-runs';

const LEGACY_JOB_RUNS: LegacyAggregate = { document: JOB_RUNS_DOCUMENT, entriesOf: objectEntries };

/** The runs of every job as stored (empty when no job ever ran). */
export async function readJobRuns(store: RecordStore): Promise<JobRuns> {
  const entries = await readEntriesWithLegacy(store, 'system', JOB_RUNS_FAMILY, LEGACY_JOB_RUNS);
  return parseJobRuns(Object.fromEntries(entries));
}

/**
 * Adds one run to its job's entry. The entry is re-read right before the write, so that two
 * runs of one job ending close together lose nothing but in the narrowest of windows (runs of
 * different jobs never touch the same entry).
 */
export async function saveJobRun(store: RecordStore, run: JobRun): Promise<void> {
  await migrateLegacyAggregate(store, 'system', JOB_RUNS_FAMILY, LEGACY_JOB_RUNS);
  const stored = await store.readEntries('system', JOB_RUNS_FAMILY, [run.job]);
  const current = parseJobRuns(Object.fromEntries(stored));
  const runs = recordRun(current, run)[run.job] ?? [run];
  await store.writeEntries('system', JOB_RUNS_FAMILY, {
    put: new Map([[run.job, runs]]),
    remove: [],
  });
}

/**
 * Runs a scheduled job and records its run (start, end, outcome, counts) in the `job-runs`
 * system document; gives back what the job gave. A job that throws is recorded as failed (with
 * the error's kind only: messages may carry data), then the error propagates unchanged.
 */
export async function recordJobRun<T>(
  ports: JobRunPorts,
  job: string,
  run: () => Promise<T>,
  summarize: (value: T) => JobSummary,
): Promise<T> {
  const startedAt = ports.clock.now();
  let value: T;
  try {
    value = await run();
  } catch (error) {
    const kind = error instanceof Error ? error.name : 'inconnue';
    const failed = makeJobRun(job, startedAt, ports.clock.now(), {
      outcome: 'failed',
      counts: {},
      message: `Échec interne (${kind}) : voir les journaux de la fonction.`,
    });
    // The job's own error matters more than a failure to record it.
    await saveJobRun(ports.store, failed).catch(() => undefined);
    throw error;
  }
  await saveJobRun(ports.store, makeJobRun(job, startedAt, ports.clock.now(), summarize(value)));
  return value;
}

/** One workbook's reconcile in a `syncSpreadsheet` run, as the function reports it. */
export type WorkbookSyncEntry = { readonly owner: string } & (
  | { readonly ok: true; readonly report: SyncReport }
  | { readonly ok: false; readonly error: DomainError }
);

/** A `syncSpreadsheet` run: failed when one workbook could not be reconciled. */
export function summarizeSync(entries: readonly WorkbookSyncEntry[]): JobSummary {
  const counts = {
    workbooks: entries.length,
    failedWorkbooks: 0,
    created: 0,
    updated: 0,
    archived: 0,
    restored: 0,
    rejected: 0,
  };
  const problems: string[] = [];
  for (const entry of entries) {
    if (!entry.ok) {
      counts.failedWorkbooks += 1;
      problems.push(`${entry.owner} : ${entry.error.message} [${entry.error.code}]`);
      continue;
    }
    counts.created += entry.report.created;
    counts.updated += entry.report.updated;
    counts.archived += entry.report.archived;
    counts.restored += entry.report.restored;
    counts.rejected += entry.report.rejected.length;
  }
  return problems.length === 0
    ? { outcome: 'ok', counts }
    : { outcome: 'failed', counts, message: problems.join(' ; ') };
}

/** A `dailyAlerts` run: failed when the run stopped or an e-mail could not be sent. */
export function summarizeAlerts(result: Result<readonly AlertRunReport[]>): JobSummary {
  if (!result.ok) {
    return {
      outcome: 'failed',
      counts: {},
      message: `${result.error.message} [${result.error.code}]`,
    };
  }
  const mails = result.value.flatMap((r) => r.mails);
  const counts = {
    workbooks: result.value.length,
    open: sum(result.value.map((r) => r.open)),
    newlyRaised: sum(result.value.map((r) => r.newlyRaised)),
    resolved: sum(result.value.map((r) => r.resolved)),
    mailsSent: mails.filter((m) => m.status === 'sent').length,
    mailsFailed: mails.filter((m) => m.status === 'failed').length,
  };
  return counts.mailsFailed === 0
    ? { outcome: 'ok', counts }
    : {
        outcome: 'failed',
        counts,
        message: `${counts.mailsFailed} e-mail(s) non envoyé(s) : nouvel essai au prochain passage.`,
      };
}

/** A `regionalConsolidation` run: failed when the C2RA workbook or the file was not written. */
export function summarizeConsolidation(report: RegionalConsolidationReport): JobSummary {
  const counts = { missions: report.missions, providers: report.providers };
  const problems = [
    report.workbook !== null && !report.workbook.ok
      ? `classeur du C2RA non mis à jour : ${report.workbook.error.message}`
      : null,
    report.file !== null && !report.file.ok
      ? `fichier non écrit : ${report.file.error.message}`
      : null,
  ].filter((p): p is string => p !== null);
  return report.complete
    ? { outcome: 'ok', counts }
    : { outcome: 'failed', counts, message: problems.join(' ; ') };
}

/** A `registerExport` run: failed when the file could not be written or a filter is unknown. */
export function summarizeRegisterExport(result: Result<RegisterExportReport>): JobSummary {
  return result.ok
    ? { outcome: 'ok', counts: { rows: result.value.written.rows } }
    : {
        outcome: 'failed',
        counts: {},
        message: `${result.error.message} [${result.error.code}]`,
      };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
