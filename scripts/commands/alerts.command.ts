import { formatFrenchDate, parseFrenchDate } from '../../shared/domain/values/french-date';
import { workbookOwnerSchema, type WorkbookOwner } from '../../shared/domain/operator';
import { SEVERITY_LABELS } from '../../shared/domain/alert-lifecycle';
import { alertTitle } from '../../shared/domain/alert-rules';
import { runDailyAlerts, type AlertRunReport } from '../../shared/use-cases/run-alerts';
import { cannotRun, openWorkspace } from '../workspace-context';

/** A French listing of a run's open alerts, most serious first. */
export function describeAlerts(report: AlertRunReport): string {
  const open = report.states.filter((s) => s.resolvedOn === null);
  const lines = [
    `${report.owner} au ${formatFrenchDate(report.today)} : ${report.open} alerte(s) ouverte(s), ${report.newlyRaised} nouvelle(s), ${report.resolved} résolue(s).`,
    ...open.map(
      (s) => `  [${SEVERITY_LABELS[s.severity]}] ${alertTitle(s)} — ${s.recordId} : ${s.message}`,
    ),
    ...report.mails.map((m) => `  ✉ ${m.subject} → ${m.to.join(', ')} (${m.status})`),
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
    const result = await runDailyAlerts(
      context,
      {
        recipients: context.config.mail.recipients,
        dryRun: options.dryRun === true,
        ...(at ? { at: at.value } : {}),
      },
      owner,
    );
    if (!result.ok) return cannotRun(`Alertes impossibles : ${result.error.message}`);
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
