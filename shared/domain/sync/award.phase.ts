import { pendingDecisions, type PendingDecision } from '../award-notification';
import { RECORD_TABS } from '../workbook-model';
import { INFO_MARK } from './sheet-cells';
import type { RecordDraft, SyncState } from './sync-state';

/**
 * Award (guide, part III): once a proposal of a mission is marked « Retenu », the other
 * proposals still without a decision become « Non retenu », so their consultants get told.
 */
export function applyAwards(state: SyncState): void {
  for (const draft of [...state.drafts.values()]) {
    if (draft.kind !== 'solicitation' || draft.archived || !draft.changed.has('decision')) continue;
    const missionId = draft.data['missionId'];
    if (draft.data['decision'] !== 'Retenu' || typeof missionId !== 'string') continue;
    const providerId = draft.data['providerId'];
    const note = `${INFO_MARK}Décision posée par le système : la proposition de ${typeof providerId === 'string' ? providerId : 'un autre prestataire'} a été retenue pour ${missionId}. Vous pouvez la modifier.`;
    const siblings = state.world.solicitationsOf(missionId);
    const refusedDecision = (id: string) =>
      (state.drafts.get(id) ?? state.stored(id))?.rejected['decision'] !== undefined;
    // While a decision of the call is refused (e.g. a second « Retenu »), the person decides.
    if (siblings.some((e) => refusedDecision(e.id))) continue;
    for (const decision of pendingDecisions(siblings)) setDecision(state, draft, decision, note);
  }
  if (state.awardNotes.size > 0) state.rebuildWorld();
}

/** Sets a sibling's decision, unless a newer edit of it is stored, and notes why on its cell. */
function setDecision(
  state: SyncState,
  retained: RecordDraft,
  decision: PendingDecision,
  note: string,
): void {
  const { at, edit } = state.request;
  const stored = state.stored(decision.solicitationId);
  const sibling =
    state.drafts.get(decision.solicitationId) ?? (stored ? state.draftOf(stored) : undefined);
  if (!sibling || sibling.archived || (sibling.fieldTimes['decision'] ?? '') > at) return;
  sibling.data['decision'] = decision.decision;
  sibling.fieldTimes['decision'] = at;
  sibling.changed.add('decision');
  sibling.dirty = true;
  state.awardNotes.set(sibling.id, note);
  state.journalLine(
    'Attribution',
    RECORD_TABS.solicitation.tab,
    sibling.location?.row.rowNumber ?? null,
    RECORD_TABS.solicitation.fields['decision']?.label ?? 'decision',
    sibling.stored ? sibling.id : null,
    note.slice(INFO_MARK.length),
    '',
  );
  // In an edit, the other rows of the tab are not sent: they are found by their ID, where the
  // event listed it, else by the Apps Script itself.
  const located = retained.location;
  const row = edit?.otherRowIds.find((o) => o.id.trim().toUpperCase() === sibling.id)?.row;
  const index = located?.columns.fieldIndexes.get('decision');
  if (sibling.location || !located || !edit || index === undefined) return;
  const address =
    row !== undefined
      ? { row }
      : edit.idsOfWholeTab === false
        ? { row: 0, recordId: sibling.id }
        : null;
  if (address)
    state.cells.push({
      tab: located.recordTab.tab,
      ...address,
      column: located.recordTab.fields['decision']?.label ?? 'decision',
      columnIndex: index + 1,
      value: decision.decision,
      note,
      style: 'normal',
    });
}
