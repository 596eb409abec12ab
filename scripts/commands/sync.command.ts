import os from 'node:os';
import path from 'node:path';
import { workbookOwnerSchema } from '../../shared/domain/operator';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import type { SyncReport } from '../../shared/domain/sync/plan-sync';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import { cannotRun, openWorkspace } from '../workspace-context';

/** A French summary of a sync for the terminal. */
export function describeReport(report: SyncReport): string {
  const lines = [
    `Classeur ${report.operator} : ${report.created} créé(s), ${report.updated} modifié(s), ${report.unchanged} inchangé(s), ${report.archived} archivé(s), ${report.restored} restauré(s).`,
    ...report.warnings.map((w) => `  ! ${w}`),
    ...report.rejected.map(
      (r) =>
        `  ✗ ${r.tab} ligne ${r.row}, « ${r.column} »${r.id ? ` (${r.id})` : ''} : ${r.message}`,
    ),
  ];
  return lines.join('\n');
}

/** `dla sync --operator CODE [--file F.xlsx] [--json]`: exit 0 when the sync ran, even with refused cells. */
export async function runSync(options: {
  dir?: string;
  operator: string;
  file?: string;
  json?: boolean;
  confirmerArchivage?: boolean;
}): Promise<number> {
  const owner = workbookOwnerSchema.safeParse(options.operator);
  if (!owner.success) return cannotRun(`Opérateur inconnu : ${options.operator}`);
  const opened = openWorkspace(options.dir);
  if (!opened.ok) return cannotRun(opened.message);
  const { context } = opened;
  try {
    const gateway = options.file
      ? new XlsxWorkbookGateway(path.dirname(path.resolve(options.file)), {
          [owner.data]: path.basename(options.file),
        })
      : context.gateway;
    const result = await syncWorkbook(
      { ...context, gateway },
      owner.data,
      `dla sync (${os.userInfo().username})`,
      { confirmArchive: options.confirmerArchivage === true },
    );
    if (!result.ok)
      return cannotRun(
        `Synchronisation impossible : ${result.error.message} [${result.error.code}]`,
      );
    process.stdout.write(
      options.json
        ? `${JSON.stringify(result.value, null, 2)}\n`
        : `${describeReport(result.value)}\n`,
    );
    return 0;
  } finally {
    await context.close();
  }
}
