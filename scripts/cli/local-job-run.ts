import type { JobSummary } from '../../shared/domain/job-runs';
import { recordJobRun, type JobRunPorts } from '../../shared/use-cases/record-job-run';

/**
 * Runs a job from the command line and records the run under the scheduled job's key, so that
 * `dla status` and `dla doctor` show local runs too; the run says which command started it.
 */
export function recordLocalRun<T>(
  ports: JobRunPorts,
  job: string,
  command: string,
  run: () => Promise<T>,
  summarize: (value: T) => JobSummary,
): Promise<T> {
  const local = `lancée en local par « ${command} »`;
  return recordJobRun(ports, job, run, (value) => {
    const summary = summarize(value);
    return {
      ...summary,
      message: summary.message === undefined ? local : `${local} : ${summary.message}`,
    };
  });
}
