import { enforceCrossFieldRules } from '../../../../../shared/domain/sync/cross-field-rules.phase';
import { aRecordOf } from '../../../../support/builders/stored-record-builder';
import { aStructure, syncStateOf, tabOf, locationOf, SYNC_AT } from './sync-state.fixture';

const active = aStructure(1);
const archived = aStructure(2, { archived: true });
const plan = aRecordOf('plan', 'ACC-CBE-LM-0001', { beneficiaryId: active.id, status: 'En cours' });

function changeBeneficiary(target: string) {
  const state = syncStateOf({ records: [active, archived, plan] });
  const draft = state.draftOf(plan);
  draft.data['beneficiaryId'] = target;
  draft.fieldTimes['beneficiaryId'] = SYNC_AT;
  draft.changed.add('beneficiaryId');
  draft.raws.set('beneficiaryId', target);
  enforceCrossFieldRules(state);
  return { state, draft };
}

describe('enforceCrossFieldRules: a changed reference must name an active record', () => {
  it.each([
    ['an archived structure', archived.id, 'REFERENCE_UNKNOWN', 'est archivé'],
    ['a structure nobody created', 'STR-CBE-LM-0404', 'REFERENCE_UNKNOWN', "n'existe pas"],
    [
      "another operator's structure",
      'STR-EE-DK-0001',
      'REFERENCE_OTHER_OPERATOR',
      'autre opérateur',
    ],
  ])('refuses %s and puts the stored value back', (_, target, code, message) => {
    const { state, draft } = changeBeneficiary(target);
    expect(draft.data['beneficiaryId']).toBe(active.id);
    expect(draft.changed.has('beneficiaryId')).toBe(false);
    expect(draft.fieldTimes['beneficiaryId']).toBeUndefined();
    expect(draft.rejected['beneficiaryId']).toMatchObject({ raw: target, code });
    expect(draft.rejected['beneficiaryId']?.message).toContain(message);
    expect(state.quarantine).toHaveLength(1);
  });

  it('takes a reference to an active structure', () => {
    const other = aStructure(3);
    const state = syncStateOf({ records: [active, other, plan] });
    const draft = state.draftOf(plan);
    draft.data['beneficiaryId'] = other.id;
    draft.changed.add('beneficiaryId');
    enforceCrossFieldRules(state);
    expect(draft.data['beneficiaryId']).toBe(other.id);
    expect(draft.rejected).toEqual({});
  });

  it('drops a new plan whose only structure was refused: no record without its required value', () => {
    const tab = tabOf('plan', [{ values: { beneficiaryId: archived.id } }]);
    const state = syncStateOf({ records: [archived], tabs: [tab] });
    const draft = state.newDraft('plan');
    draft.location = locationOf(tab, 'plan');
    draft.data['beneficiaryId'] = archived.id;
    draft.changed.add('beneficiaryId');
    enforceCrossFieldRules(state);
    expect(state.creations).toEqual([]);
    expect(state.rejectedCells).toEqual([
      expect.objectContaining({ code: 'REFERENCE_UNKNOWN', column: 'Structure (ID)' }),
    ]);
  });
});
