import { deriveCells } from '../derived-columns';
import { DEFAULT_PARAMETERS } from '../operator-parameters';
import { isBlank, type CellValue } from '../values/cell-value';
import { cellAt, INFO_MARK, isSystemNote, rawText, sameCellValue } from './sheet-cells';
import { worldRecordOf, type RecordDraft, type RowLocation, type SyncState } from './sync-state';

/**
 * Writes the record's computed cells where the sheet shows another value. A value a person
 * typed over is replaced with a note saying so; an empty cell (cleared, or a column just put
 * back) is refilled without a word, and a system note left on a right value is taken off.
 */
export function writeComputedCells(
  state: SyncState,
  draft: RecordDraft,
  location: RowLocation,
): void {
  const { request } = state;
  const { recordTab, columns, row } = location;
  if (columns.computedIndexes.size === 0) return;
  const parameters = request.parameters ?? DEFAULT_PARAMETERS;
  // An edit reads only the records around its rows: the suggestions, which read the whole
  // register and the operator's history, are refreshed by the reconcile.
  const desired = deriveCells(worldRecordOf(draft), state.world, request.today, parameters, {
    registerWide: request.edit === null,
    ...(request.proposalDecisions ? { proposalDecisions: request.proposalDecisions } : {}),
  });
  const editedColumns = request.edit ? new Set(request.edit.columns) : null;
  let previous: Readonly<Record<string, CellValue>> | null = null;
  for (const column of recordTab.computed) {
    const index = columns.computedIndexes.get(column.key);
    if (index === undefined || !(column.key in desired)) continue;
    const current = cellAt(row, index);
    const value = desired[column.key] ?? '';
    const target = { tab: recordTab.tab, row: row.rowNumber, column: column.label };
    if (sameCellValue(current.value, value)) {
      if (isSystemNote(current.note))
        state.cells.push({ ...target, columnIndex: index + 1, note: null, style: 'computed' });
      continue;
    }
    let personEdited = editedColumns?.has(index) ?? false;
    if (!request.edit && draft.stored && !isBlank(current.value)) {
      const prior = draft.stored;
      previous ??= deriveCells(
        { id: prior.id, kind: prior.kind, data: prior.data, archived: prior.archived },
        state.priorWorld(),
        request.today,
        parameters,
      );
      personEdited = !sameCellValue(current.value, previous[column.key] ?? '');
    }
    if (column.key === 'outcome' && draft.stored) journalDecision(state, location, draft.id, value);
    const note = personEdited
      ? `${INFO_MARK}Colonne calculée par le système : votre saisie « ${rawText(current.value).slice(0, 40)} » a été remplacée.`
      : undefined;
    state.cells.push({
      ...target,
      columnIndex: index + 1,
      value,
      ...(note ? { note } : {}),
      style: 'computed',
    });
  }
}

/** The C2RA's decision on a proposal, newly shown: a Journal line for the chargé(e) de mission. */
function journalDecision(
  state: SyncState,
  location: RowLocation,
  id: string,
  outcome: CellValue,
): void {
  if (outcome !== 'Validée' && outcome !== 'Refusée') return;
  const decision = state.request.proposalDecisions?.get(id);
  const detail =
    outcome === 'Validée'
      ? `validée par le C2RA${decision?.registerProviderId ? ` : ${decision.registerProviderId} au registre` : ''}.`
      : `refusée par le C2RA : ${decision?.reason ?? ''}`;
  state.journalLine(
    'Décision du C2RA',
    location.recordTab.tab,
    location.row.rowNumber,
    'Décision du C2RA',
    id,
    `Proposition ${id} ${detail}`,
    '',
  );
}
