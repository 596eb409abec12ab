import { consolidateRegion } from '../../../../../shared/domain/regional/regional-view';
import {
  AT,
  mission,
  operatorRecords,
  record,
  REGISTER,
  TODAY,
} from '../../../../support/builders/consolidation-fixtures';
import { indicators, view } from './regional-view.fixture';

describe('consolidateRegion — missions', () => {
  it('lists every mission not archived, operator by operator in the guide order, with its derived status', () => {
    const rows = view().missionRows;
    expect(rows.map((r) => [r.missionId, r.operator, r.statusLabel])).toEqual([
      ['MIS-CBE-LM-0001', 'CBE-LM', 'Évaluée'],
      ['MIS-CBE-LM-0002', 'CBE-LM', 'En cours'],
      ['MIS-CBE-LM-0003', 'CBE-LM', 'Brouillon'],
      ['MIS-EE-DK-0001', 'EE-DK', 'Clôturée'],
      ['MIS-EE-DK-0002', 'EE-DK', 'Arrêtée'],
      ['MIS-EE-DK-0003', 'EE-DK', 'Appel à propositions ouvert'],
      // Terms to be sent on 01/12/2026: a plan, still a draft on 27/11/2026.
      ['MIS-EE-DK-0004', 'EE-DK', 'Brouillon'],
    ]);
  });

  it('computes the delays, provider and amounts of each mission', () => {
    const byId = new Map(view().missionRows.map((r) => [r.missionId, r]));
    // MIS-CBE-LM-0001: 12/01 → 16/02 = 19 days of January + 16 of February = 35;
    // 16/02 → 26/06 = 28 (to 16/03) + 31 + 30 + 31 (to 16/06) + 10 = 130;
    // kickoff 02/03 → 26/06 = 31 + 30 + 31 (to 02/06) + 24 = 116.
    // Mid-mission note due halfway 02/03 → 30/06 (120 days): 02/03 + 60 = 01/05; received 28/04.
    expect(byId.get('MIS-CBE-LM-0001')).toMatchObject({
      daysTermsToAward: 35,
      daysAwardToRestitution: 130,
      daysKickoffToRestitution: 116,
      midNoteDueOn: '2026-05-01',
      midNoteOnTime: true,
      solicitationCount: 3,
      proposalCount: 2,
      retainedProviderId: 'PRE-0001',
      retainedProviderName: 'Cabinet Escaut Conseil',
      budgetCeilingCents: 600_000,
      retainedPriceCents: 540_000,
      sector: 'Culture',
      territory: 'Métropole lilloise',
      beneficiaryLegalForm: 'Association loi 1901',
      satisfactionScore: 4,
    });
    // MIS-CBE-LM-0002: 01/09 → 05/10 = 30 + 4 = 34; typed due date 20/11 passed, no note: late.
    // The late proposal of PRE-0001 was not admitted: 1 proposal of 3 solicitations.
    expect(byId.get('MIS-CBE-LM-0002')).toMatchObject({
      daysTermsToAward: 34,
      daysAwardToRestitution: null,
      midNoteDueOn: '2026-11-20',
      midNoteOnTime: false,
      solicitationCount: 3,
      proposalCount: 1,
      lateCount: 1,
      retainedProviderId: 'PRE-0003',
      retainedProviderName: 'Formaction Artois',
      retainedPriceCents: 430_000,
    });
    // MIS-EE-DK-0001: due halfway 23/03 → 10/07 (109 days): 23/03 + 54 = 16/05; received 20/05.
    // 02/02 → 09/03 = 26 + 9 = 35; 09/03 → 08/07 = 31 + 30 + 31 (to 09/06) + 29 = 121.
    expect(byId.get('MIS-EE-DK-0001')).toMatchObject({
      midNoteDueOn: '2026-05-16',
      midNoteOnTime: false,
      daysTermsToAward: 35,
      daysAwardToRestitution: 121,
    });
    // MIS-EE-DK-0002 was stopped on 01/07, before its note was due (26/05 + 63 = 28/07): not judged.
    expect(byId.get('MIS-EE-DK-0002')).toMatchObject({
      midNoteDueOn: '2026-07-28',
      midNoteOnTime: null,
    });
    expect(byId.get('MIS-CBE-LM-0003')).toMatchObject({
      solicitationCount: 0,
      retainedProviderId: null,
      daysTermsToAward: null,
    });
  });
});

describe('consolidateRegion: structures served by collective missions', () => {
  const CAL = 'I62-CAL' as const;
  const structure = (n: number) =>
    record('beneficiary', `STR-I62-CAL-000${n}`, CAL, { sector: 'Culture', territory: 'Calaisis' });
  const plan = (n: number) =>
    record('plan', `ACC-I62-CAL-000${n}`, CAL, { beneficiaryId: `STR-I62-CAL-000${n}` });
  const collective = consolidateRegion({
    operators: {
      ...operatorRecords(),
      [CAL]: [
        structure(1),
        structure(2),
        structure(3),
        structure(4),
        plan(1),
        plan(2),
        plan(3),
        plan(4),
        mission('MIS-I62-CAL-0001', CAL, {
          title: 'Accompagnement collectif — mutualisation des fonctions support',
          engineeringType: 'Collective',
          planId: 'ACC-I62-CAL-0001',
          otherPlanIds: ['ACC-I62-CAL-0002', 'ACC-I62-CAL-0003'],
        }),
        mission('MIS-I62-CAL-0002', CAL, {
          title: 'Modèle économique',
          planId: 'ACC-I62-CAL-0002',
        }),
      ],
    },
    register: REGISTER,
    today: TODAY,
    at: AT,
  });

  it('counts each structure a collective mission serves, once', () => {
    expect(indicators(collective, CAL).structures).toBe(4);
    expect(indicators(collective, CAL).structuresServed).toBe(3);
  });
});
