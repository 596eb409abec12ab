import type { RecordKind } from '../../../../../shared/domain/record-id';
import { editReadNeeds, NO_NEEDS } from '../../../../../shared/domain/sync/edit-reads';
import { RECORD_TABS } from '../../../../../shared/domain/workbook-model';
import { headerOf, rowOf } from '../../../../support/builders/workbook-rows';

function tabOf(kind: RecordKind, rows: ReturnType<typeof rowOf>[]) {
  return {
    name: RECORD_TABS[kind].tab,
    header: headerOf(kind),
    rows: rows.map((values, i) => ({
      rowNumber: i + 2,
      cells: values.map((value) => ({ value })),
    })),
  };
}

describe('what an edit reads first, from its event alone', () => {
  it.each([
    [
      'a mission title: the mission and its solicitations',
      'mission' as const,
      [rowOf('mission', { planId: 'ACC-CBE-LM-0001', title: 'Gouvernance' }, 'MIS-CBE-LM-0007')],
      {
        ids: ['MIS-CBE-LM-0007', 'ACC-CBE-LM-0001'],
        referencesTo: ['MIS-CBE-LM-0007'],
        retainedProviderOf: ['MIS-CBE-LM-0007'],
        adoptableKind: null,
      },
    ],
    [
      'a solicitation: it, its mission, its provider and the mission’s solicitations',
      'solicitation' as const,
      [
        rowOf(
          'solicitation',
          { missionId: 'mis-cbe-lm-0001', providerId: 'PRE-0002', decision: 'Retenu' },
          'SOL-CBE-LM-0003',
        ),
      ],
      {
        ids: ['SOL-CBE-LM-0003', 'MIS-CBE-LM-0001', 'PRE-0002'],
        referencesTo: ['MIS-CBE-LM-0001'],
        retainedProviderOf: [],
        adoptableKind: null,
      },
    ],
    [
      'a new row without ID: the records it may adopt',
      'beneficiary' as const,
      [rowOf('beneficiary', { name: 'Jardins de Cocagne' })],
      { ids: [], referencesTo: [], retainedProviderOf: [], adoptableKind: 'beneficiary' },
    ],
    [
      'another operator’s ID, or an empty row: nothing',
      'beneficiary' as const,
      [
        rowOf('beneficiary', { name: 'Les Amis du Théâtre' }, 'STR-EE-DK-0001'),
        rowOf('beneficiary', {}),
      ],
      { ids: [], referencesTo: [], retainedProviderOf: [], adoptableKind: null },
    ],
  ])('%s', (_case, kind, rows, expected) => {
    const needs = editReadNeeds('CBE-LM', tabOf(kind, rows));
    expect({ ...needs, ids: [...needs.ids].sort() }).toEqual({
      ...expected,
      ids: [...expected.ids].sort(),
      everything: false,
    });
  });

  it('reads nothing for a tab that holds no records', () => {
    expect(editReadNeeds('CBE-LM', { name: 'Alertes', header: ['ID'], rows: [] })).toBe(NO_NEEDS);
  });
});
