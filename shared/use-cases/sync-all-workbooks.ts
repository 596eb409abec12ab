import type { WorkbookOwner } from '../domain/operator';
import type { WorkbookSyncEntry } from './record-job-run';
import { syncWorkbook, type ReconcilePorts } from './sync-workbook';

/**
 * Reconciles several workbooks one after another, each on its own: a workbook that fails — an
 * expected failure, or one thrown by its store or spreadsheet — is recorded as failed and the
 * next one still runs. Gives one entry per owner, in order.
 */
export async function syncAllWorkbooks(
  ports: ReconcilePorts,
  owners: readonly WorkbookOwner[],
  who: string,
): Promise<WorkbookSyncEntry[]> {
  const entries: WorkbookSyncEntry[] = [];
  for (const owner of owners) {
    try {
      const result = await syncWorkbook(ports, owner, who);
      entries.push(
        result.ok
          ? { owner, ok: true, report: result.value }
          : { owner, ok: false, error: result.error },
      );
    } catch (error) {
      // Only the kind of the failure: its message may quote the workbook's data.
      const kind = error instanceof Error ? error.name : 'inconnue';
      entries.push({
        owner,
        ok: false,
        error: {
          code: 'SYNC_FAILED',
          message: `Échec interne (${kind}) : classeur non réconcilié, nouvel essai au prochain passage.`,
        },
      });
    }
  }
  return entries;
}
