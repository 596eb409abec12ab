import { applyAwards } from '../../../../../shared/domain/sync/award.phase';
import { INFO_MARK } from '../../../../../shared/domain/sync/plan-sync';
import type { StoredRecord } from '../../../../../shared/domain/stored-record';
import { aSolicitation, aStoredRecord } from '../../../../support/builders/stored-record-builder';
import { SYNC_AT, syncStateOf } from './sync-state.fixture';

const mission = aStoredRecord();
const proposal = (n: number, overrides: Partial<StoredRecord> = {}) =>
  aSolicitation({
    id: `SOL-CBE-LM-000${n}`,
    data: { ...aSolicitation().data, providerId: `PRE-000${n}` },
    ...overrides,
  });
const retained = proposal(1);
const sibling = proposal(2);

function award(siblingOverrides: Partial<StoredRecord> = {}) {
  const other = proposal(2, siblingOverrides);
  const state = syncStateOf({ records: [mission, retained, other] });
  const draft = state.draftOf(retained);
  draft.data['decision'] = 'Retenu';
  draft.changed.add('decision');
  applyAwards(state);
  return state;
}

describe('applyAwards: « Retenu » makes the other proposals « Non retenu »', () => {
  it('sets the sibling without decision to « Non retenu », with a note and a Journal line', () => {
    const state = award();
    const draft = state.drafts.get(sibling.id);
    expect(draft?.data['decision']).toBe('Non retenu');
    expect(draft?.fieldTimes['decision']).toBe(SYNC_AT);
    expect(state.awardNotes.get(sibling.id)).toMatch(
      new RegExp(`^${INFO_MARK}.*PRE-0001 a été retenue pour ${mission.id}`),
    );
    expect(state.journal).toEqual([expect.arrayContaining(['Attribution', 'Sollicitations'])]);
  });

  it.each([
    [
      'a newer edit of its decision is stored',
      { fieldTimes: { decision: '2025-06-03T09:00:00.000Z' } },
    ],
    [
      'its decision is refused',
      { rejected: { decision: { raw: 'Retenu', code: 'AWARD_TWICE', message: 'Deux retenus.' } } },
    ],
    ['it is archived', { archived: true }],
    ['it sent no proposal', { data: { ...sibling.data, answer: 'Pas de réponse' } }],
  ])('leaves the sibling alone when %s', (_, overrides) => {
    const state = award(overrides);
    expect(state.drafts.get(sibling.id)?.data['decision'] ?? null).toBeNull();
    expect(state.awardNotes.size).toBe(0);
  });
});
