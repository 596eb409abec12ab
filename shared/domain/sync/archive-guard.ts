import type { StoredRecord } from '../stored-record';
import type { CellWrite } from '../workbook-writes';
import { DEFAULT_PARAMETERS, PARAMETERS_TAB } from '../operator-parameters';
import type { RecordKind } from '../record-id';
import { ID_COLUMN, RECORD_TABS } from '../workbook-model';
import { archiveConfirmationCells, archiveConfirmationOf } from './parameters-sync';
import { ERROR_MARK, isSystemNote } from './sheet-cells';
import type { SyncState } from './sync-state';

/** How many IDs a held archiving lists before « … et N autre(s) ». */
const LISTED_IDS = 12;

/** The IDs of records, the first {@link LISTED_IDS} of them and how many more. */
export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, LISTED_IDS).join(', ');
  return ids.length > LISTED_IDS ? `${shown} et ${ids.length - LISTED_IDS} autre(s)` : shown;
}

/** The French explanation of an archiving the guard held, with how to confirm it or undo it. */
export function heldArchiveMessage(
  kind: RecordKind,
  removed: readonly StoredRecord[],
  active: number,
  percent: number,
  minRows: number,
): string {
  const tab = RECORD_TABS[kind].tab;
  return (
    `Onglet « ${tab} » : ${removed.length} ligne(s) retirée(s) sur ${active} — rien n'a été archivé ` +
    `(au-delà de ${percent} % des lignes et à partir de ${minRows} lignes, réglages de l'onglet Paramètres). ` +
    `Concernés : ${listIds(removed.map((r) => r.id))}. Si c'est voulu, confirmez : « Oui » dans « Confirmer l'archivage » ` +
    `(onglet Paramètres) ou « dla sync --confirmer-archivage ». Sinon remettez les lignes (la copie .bak du classeur les garde).`
  );
}

/**
 * Tells where people look what the mass-archive guard held: a Journal line and a warning per
 * tab, and a red note on « Confirmer l'archivage » (the row is added when missing). A confirmed
 * archiving puts « Non » back; a note left from a held archiving now settled is taken off.
 */
export function reportHeldArchives(
  state: SyncState,
  byKind: ReadonlyMap<RecordKind, { active: number; removed: readonly StoredRecord[] }>,
): void {
  const { request } = state;
  const { archiveGuardPercent, archiveGuardMinRows } = request.parameters ?? DEFAULT_PARAMETERS;
  const messages: string[] = [];
  for (const [kind, removed] of state.heldArchives) {
    const active = byKind.get(kind)?.active ?? removed.length;
    const message = heldArchiveMessage(
      kind,
      removed,
      active,
      archiveGuardPercent,
      archiveGuardMinRows,
    );
    messages.push(message);
    state.warnings.push(message);
    state.journalLine(
      'Archivage suspendu',
      RECORD_TABS[kind].tab,
      null,
      ID_COLUMN,
      null,
      message,
      removed.map((r) => r.id).join(' '),
    );
  }
  state.cells.push(...confirmationCells(state, messages));
}

function confirmationCells(state: SyncState, messages: readonly string[]): CellWrite[] {
  const tab = state.request.snapshot.tabs.find((t) => t.name === PARAMETERS_TAB);
  const confirmation = archiveConfirmationOf(tab);
  if (!tab || !confirmation) return [];
  if (messages.length > 0)
    return archiveConfirmationCells(
      confirmation,
      tab,
      'Non',
      `${ERROR_MARK}${messages.join('\n')}`,
    );
  if (confirmation.confirmed || isSystemNote(confirmation.note))
    return archiveConfirmationCells(confirmation, tab, 'Non', null);
  return [];
}
