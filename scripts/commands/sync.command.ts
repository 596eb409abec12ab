import os from 'node:os';
import path from 'node:path';
import { jobKey } from '../../shared/domain/job-runs';
import { workbookOwnerSchema, type WorkbookOwner } from '../../shared/domain/operator';
import type { Result } from '../../shared/domain/result';
import type { SyncReport } from '../../shared/domain/sync/plan-sync';
import type { ProgressCallback } from '../../shared/ports/progress';
import type { RecordStore } from '../../shared/ports/record-store';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import type { WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import { summarizeSync } from '../../shared/use-cases/record-job-run';
import { syncWorkbook, type ReconcilePorts } from '../../shared/use-cases/sync-workbook';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import { isJsonOutput, printJson } from '../cli/command-output';
import { recordLocalRun } from '../cli/local-job-run';
import { withCallHooks } from '../cli/progress-ports';
import { createProgressReporter, formatDuration } from '../cli/progress-reporter';
import { cannotRun, openWorkspace } from '../workspace-context';

/** A French summary of a sync for the terminal. */
export function describeReport(report: SyncReport, elapsedMs?: number): string {
  const duration = elapsedMs === undefined ? '' : `, en ${formatDuration(elapsedMs)}`;
  const lines = [
    `Classeur ${report.operator} : ${report.created} créé(s), ${report.updated} modifié(s), ${report.unchanged} inchangé(s), ${report.archived} archivé(s), ${report.restored} restauré(s)${duration}.`,
    ...report.warnings.map((w) => `  ! ${w}`),
    ...report.rejected.map(
      (r) =>
        `  ✗ ${r.tab} ligne ${r.row}, « ${r.column} »${r.id ? ` (${r.id})` : ''} : ${r.message}`,
    ),
  ];
  return lines.join('\n');
}

/** The four steps of one sync, reported as the use case calls its ports. */
export function syncWithProgress(
  ports: ReconcilePorts,
  owner: WorkbookOwner,
  report: ProgressCallback,
): ReconcilePorts {
  const total = 4;
  let rows: number | null = null;
  const at = (done: number, step: string) => () => report({ step, done, total });
  const gateway: SpreadsheetGateway = withCallHooks(ports.gateway, {
    read: {
      before: at(0, `Lecture du classeur ${owner}`),
      after: (value) => {
        const read = value as Result<WorkbookSnapshot>;
        if (read.ok) rows = read.value.tabs.reduce((n, tab) => n + tab.rows.length, 0);
      },
    },
    write: {
      before: at(3, `Écriture du classeur ${owner}`),
      after: at(4, `Classeur ${owner} à jour`),
    },
  });
  const store: RecordStore = withCallHooks(ports.store, {
    loadOwner: {
      before: () =>
        report({
          step: `Comparaison de ${rows ?? '?'} ligne(s) avec la base`,
          done: 1,
          total,
        }),
    },
    apply: { before: at(2, 'Enregistrement dans la base') },
  });
  return { ...ports, gateway, store };
}

/**
 * `dla sync --operator CODE [--file F.xlsx] [--json]`: exit 0 when the sync ran, even with
 * refused cells. The run is recorded as a `syncSpreadsheet` run of that workbook.
 */
export async function runSync(options: {
  dir?: string;
  operator: string;
  file?: string;
  json?: boolean;
  confirmerArchivage?: boolean;
}): Promise<number> {
  const owner = workbookOwnerSchema.safeParse(options.operator);
  if (!owner.success) return cannotRun(`Opérateur inconnu : ${options.operator}`, 'OWNER_UNKNOWN');
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const gateway = options.file
      ? new XlsxWorkbookGateway(path.dirname(path.resolve(options.file)), {
          [owner.data]: path.basename(options.file),
        })
      : context.gateway;
    const progress = createProgressReporter({ json: isJsonOutput() });
    const ports = syncWithProgress({ ...context, gateway }, owner.data, progress.report);
    const result = await recordLocalRun(
      context,
      jobKey('syncSpreadsheet', owner.data),
      'dla sync',
      () =>
        syncWorkbook(ports, owner.data, `dla sync (${os.userInfo().username})`, {
          confirmArchive: options.confirmerArchivage === true,
        }),
      (r) =>
        summarizeSync([
          r.ok
            ? { owner: owner.data, ok: true, report: r.value }
            : { owner: owner.data, ok: false, error: r.error },
        ]),
    );
    const elapsed = progress.stop();
    if (!result.ok)
      return cannotRun(
        `Synchronisation impossible : ${result.error.message} [${result.error.code}]`,
      );
    if (isJsonOutput()) printJson(result.value);
    else process.stdout.write(`${describeReport(result.value, elapsed)}\n`);
    return 0;
  } finally {
    await context.close();
  }
}
