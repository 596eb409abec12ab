import { formatFrenchDate, parseFrenchDate } from '../../shared/domain/values/french-date';
import { workbookOwnerSchema, type WorkbookOwner } from '../../shared/domain/operator';
import { SEVERITY_LABELS } from '../../shared/domain/alert-lifecycle';
import { alertTitle } from '../../shared/domain/alerts/alert-catalogue';
import {
  runDailyAlerts,
  type AlertRunReport,
  type MailOutcome,
} from '../../shared/use-cases/run-alerts';
import { jobKey } from '../../shared/domain/job-runs';
import { summarizeAlerts } from '../../shared/use-cases/record-job-run';
import { recordLocalRun } from '../cli/local-job-run';
import { cannotRun, openWorkspace } from '../workspace-context';

const MAIL_STATUS_LABELS: Readonly<Record<MailOutcome['status'], string>> = {
  sent: 'envoyé',
  'already sent': 'déjà envoyé',
  failed: 'échec, nouvel essai au prochain passage',
  'not sent (simulation)': 'simulation, rien envoyé',
};

function mailLine(mail: MailOutcome): string {
  return `  ✉ ${mail.about ?? mail.subject} → ${mail.to.join(', ')} (${MAIL_STATUS_LABELS[mail.status]})`;
}

/**
 * A French listing of a run: its open alerts, most serious first, its digests, then the drafts of
 * the « non retenu » notices handed to the chargé(e)s de mission.
 */
export function describeAlerts(report: AlertRunReport): string {
  const open = report.states.filter((s) => s.resolvedOn === null);
  const drafts = report.mails.filter((m) => m.kind === 'draft');
  const lines = [
    `${report.owner} au ${formatFrenchDate(report.today)} : ${report.open} alerte(s) ouverte(s), ${report.newlyRaised} nouvelle(s), ${report.resolved} résolue(s).`,
    ...open.map(
      (s) => `  [${SEVERITY_LABELS[s.severity]}] ${alertTitle(s)} — ${s.recordId} : ${s.message}`,
    ),
    ...report.mails.filter((m) => m.kind === 'digest').map(mailLine),
    ...(drafts.length > 0
      ? [
          `  Courriels aux prestataires non retenus, à transmettre par le ou la chargé(e) de mission : ${drafts.length}`,
          ...drafts.map(mailLine),
        ]
      : []),
    ...report.warnings.map((w) => `  ! ${w}`),
  ];
  return lines.join('\n');
}

/**
 * `dla alerts [--at aaaa-mm-jj] [--operator CODE] [--dry-run]`: the rules for any date (« what
 * will be late next week »), written to the `Alertes` tabs and the outbox unless `--dry-run`.
 */
export async function runAlerts(options: {
  dir?: string;
  at?: string;
  operator?: string;
  dryRun?: boolean;
  json?: boolean;
}): Promise<number> {
  let owner: WorkbookOwner | undefined;
  if (options.operator !== undefined) {
    const parsed = workbookOwnerSchema.safeParse(options.operator);
    if (!parsed.success) return cannotRun(`Opérateur inconnu : ${options.operator}`);
    owner = parsed.data;
  }
  const at = options.at === undefined ? undefined : parseFrenchDate(options.at);
  if (at && !at.ok) return cannotRun(`--at : ${at.error.message}`);
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const run = () =>
      runDailyAlerts(
        context,
        {
          recipients: context.config.mail.recipients,
          dryRun: options.dryRun === true,
          ...(at ? { at: at.value } : {}),
        },
        owner,
      );
    // A simulation changes nothing, so it is not a run of the job (as in the function).
    const result =
      options.dryRun === true
        ? await run()
        : await recordLocalRun(
            context,
            jobKey('dailyAlerts', owner),
            'dla alerts',
            run,
            summarizeAlerts,
          );
    if (!result.ok)
      return cannotRun(`Alertes impossibles : ${result.error.message} [${result.error.code}]`);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(
            result.value.map(({ states, ...r }) => ({
              ...r,
              alerts: states.filter((s) => s.resolvedOn === null),
            })),
            null,
            2,
          )}\n`
        : `${result.value.map(describeAlerts).join('\n\n')}\n`,
    );
    return 0;
  } finally {
    await context.close();
  }
}
