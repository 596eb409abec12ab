/** The checks of scheduled jobs: their last runs, on time and without failure. */
import { lastRun, runDurationMs, type JobRun, type JobRuns } from '../../shared/domain/job-runs';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import type { ScheduledJob } from '../deploy/deploy-plan';
import { check, type DoctorCheck, type DoctorMode } from './doctor-check';

const COUNT_LABELS: Readonly<Record<string, string>> = {
  workbooks: 'classeur(s)',
  failedWorkbooks: 'classeur(s) en échec',
  created: 'créé(s)',
  updated: 'modifié(s)',
  archived: 'archivé(s)',
  restored: 'restauré(s)',
  rejected: 'refus',
  open: 'alerte(s) ouverte(s)',
  newlyRaised: 'nouvelle(s)',
  resolved: 'résolue(s)',
  mailsSent: 'e-mail(s) envoyé(s)',
  mailsFailed: 'e-mail(s) en échec',
  missions: 'mission(s)',
  providers: 'prestataire(s)',
  rows: 'ligne(s)',
};

/** The counts of a run in French: « 7 classeur(s), 3 créé(s) ». */
export function describeCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([key, n]) => `${n} ${COUNT_LABELS[key] ?? key}`)
    .join(', ');
}

/** A run in French: when, outcome, duration, counts. */
export function describeRun(run: JobRun): string {
  const seconds = Math.round(runDurationMs(run) / 1000);
  const counts = describeCounts(run.counts);
  return `${formatParisDateTime(run.startedAt)}, ${run.outcome === 'ok' ? 'réussie' : 'en échec'} en ${seconds} s${counts === '' ? '' : ` (${counts})`}${run.message === undefined ? '' : ` — ${run.message}`}`;
}

/** A period in French: « 15 min », « 26 h », « 7 jours ». */
function describeMinutes(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  if (minutes < 72 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} jours`;
}

/**
 * The last run of each scheduled job: in a deployment each must have run recently and well;
 * locally nothing is scheduled, so only runs that happened (functions served by `dla serve`) are
 * judged.
 */
export function checkJobRuns(
  runs: JobRuns,
  jobs: readonly ScheduledJob[],
  mode: DoctorMode,
  now: Date,
  region: string | null,
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  for (const job of jobs) {
    const topic = `Tâche ${job.runKey}`;
    const run = lastRun(runs, job.runKey);
    const trigger = `gcloud scheduler jobs run ${job.name}${region === null ? '' : ` --location=${region}`}`;
    if (run === null) {
      if (mode === 'deployment') {
        checks.push(
          check(
            'warn',
            topic,
            `jamais exécutée (prévue « ${job.cron} », Europe/Paris).`,
            `vérifiez la tâche Cloud Scheduler ${job.name} (dla deploy la crée) ; pour la lancer tout de suite : ${trigger}`,
          ),
        );
      }
      continue;
    }
    if (run.outcome === 'failed') {
      checks.push(
        check(
          'fail',
          topic,
          `dernière exécution le ${describeRun(run)}.`,
          mode === 'deployment'
            ? `corrigez la cause, puis relancez-la : ${trigger} (journaux : gcloud functions logs read ${job.functionName}${region === null ? '' : ` --region=${region}`}).`
            : 'corrigez la cause, puis relancez la commande dla correspondante.',
        ),
      );
      continue;
    }
    const ageMinutes = Math.floor((now.getTime() - Date.parse(run.endedAt)) / 60_000);
    if (mode === 'deployment' && ageMinutes > job.maxAgeMinutes) {
      checks.push(
        check(
          'warn',
          topic,
          `en retard : dernière exécution le ${describeRun(run)}, il y a ${describeMinutes(ageMinutes)} (attendue toutes les ${describeMinutes(job.periodMinutes)}).`,
          `vérifiez que la tâche Cloud Scheduler ${job.name} n’est pas en pause : gcloud scheduler jobs describe ${job.name}${region === null ? '' : ` --location=${region}`}`,
        ),
      );
      continue;
    }
    checks.push(check('ok', topic, `dernière exécution le ${describeRun(run)}.`));
  }
  if (mode === 'local' && checks.length === 0) {
    checks.push(
      check(
        'ok',
        'Tâches planifiées',
        'aucune en local (« dla alerts », « dla consolidate », « dla register export » à la demande) ; en production Cloud Scheduler les lance.',
      ),
    );
  }
  return checks;
}
