import { C2RA, type WorkbookOwner } from '../domain/operator';
import { kindsOwnedBy, recordTabByName } from '../domain/workbook-model';
import { fail, ok, type Result } from '../domain/result';
import type { EditScope, SyncReport } from '../domain/sync/plan-sync';
import type { CellWrite } from '../domain/workbook-writes';
import type { SnapshotCell, WorkbookSnapshot } from '../domain/workbook-snapshot';
import type { SheetEditEvent } from './sheet-edit-event';
import { loadParameters, planAndApply, withSyncLease, type SyncPorts } from './sync-workbook';

/** What `sheetEdit` answers: the cells the Apps Script writes back at once. */
export interface SheetEditAnswer {
  readonly duplicate: boolean;
  readonly cells: readonly CellWrite[];
  readonly report: SyncReport | null;
}

/** How long an edit waits for a reconcile of its workbook to finish (the function's timeout is 60 s). */
export const EDIT_LEASE_WAIT_MS = 25_000;

/** Five minutes: an edit stamped further in the future than this is stamped « now ». */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Applies one edit event of an owner's spreadsheet with the same rules as a reconcile, limited
 * to the edited rows and columns; a replayed event changes nothing, an older one never
 * overwrites a newer value. Edits to tabs the system owns are left to the next reconcile.
 */
export async function applySheetEdit(
  ports: SyncPorts,
  owner: WorkbookOwner,
  event: SheetEditEvent,
): Promise<Result<SheetEditAnswer>> {
  const recordTab = recordTabByName(event.tab);
  if (!recordTab) {
    return ok({ duplicate: false, cells: [], report: null });
  }
  if (!kindsOwnedBy(owner).includes(recordTab.kind)) {
    return fail(
      'TAB_NOT_OWNED',
      owner === C2RA
        ? `L'onglet « ${event.tab} » n'appartient pas au classeur régional.`
        : `Seul le C2RA modifie l'onglet « ${event.tab} ».`,
    );
  }
  const header = event.header.map((h) => (h === null ? '' : String(h)));
  const snapshot: WorkbookSnapshot = {
    owner,
    tabs: [
      {
        name: event.tab,
        header,
        rows: event.rows.map((r) => ({
          rowNumber: r.rowNumber,
          cells: r.values.map((value, i): SnapshotCell => {
            const note = r.notes?.[i];
            return note ? { value, note } : { value };
          }),
        })),
      },
    ],
  };
  const now = ports.clock.now().getTime();
  const stamped = Date.parse(event.timestamp);
  const at = new Date(stamped > now + CLOCK_SKEW_MS ? now : stamped).toISOString();
  const who = event.user || `classeur ${event.spreadsheetId}`;
  // The edit waits for a reconcile under way, so that both never create a record for one row.
  const applied = await withSyncLease(
    ports,
    owner,
    `modification de ${who}`,
    EDIT_LEASE_WAIT_MS,
    async () =>
      planAndApply(ports, owner, snapshot, {
        actor: { who, source: 'edit' },
        eventId: event.eventId,
        at,
        edit: editScopeOf(event),
        parameters: await loadParameters(ports.store, owner),
      }),
  );
  if (!applied.ok) return applied;
  return ok({
    duplicate: applied.value.duplicate,
    cells: applied.value.outcome.cells,
    report: applied.value.duplicate ? null : applied.value.outcome.report,
  });
}

/**
 * The edit's scope: with `sameIdRows` (the current Apps Script) the server knows only the rows
 * holding the edited rows' IDs, and addresses any other row by record ID; with `otherRowIds` (an
 * older script) every ID of the tab.
 */
export function editScopeOf(event: SheetEditEvent): EditScope {
  const wholeTab = event.sameIdRows === undefined;
  return {
    tab: event.tab,
    columns: event.editedColumns,
    otherRowIds: event.otherRowIds ?? event.sameIdRows ?? [],
    idsOfWholeTab: wholeTab,
  };
}
