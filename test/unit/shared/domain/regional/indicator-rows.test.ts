import { OPERATOR_CODES } from '../../../../../shared/domain/operator';
import { consolidateRegion } from '../../../../../shared/domain/regional/regional-view';
import { REGIONAL_TABS } from '../../../../../shared/domain/regional/regional-tabs';
import { regionalExportSheets } from '../../../../../shared/domain/regional/regional-output';
import {
  AT,
  mission,
  operatorRecords,
  REGISTER,
  TODAY,
} from '../../../../support/builders/consolidation-fixtures';
import { indicators, view } from './regional-view.fixture';

describe('consolidateRegion — indicators recomputed by hand', () => {
  it('gives CBE-LM its figures', () => {
    // 2 structures (the third is archived), 2 plans (1 « En cours »), 3 missions.
    // Solicited 3 + 3 = 6, answered all but the pending SOL-CBE-LM-0006: 5 / 6.
    // Calls: 2 missions; proposals 2 + 1 = 3 → 1,5 per call; 6 / 2 = 3 solicitations per call.
    // Committed: ceilings of the awarded 6 000 + 4 500 = 10 500 €; awarded 5 400 + 4 300 = 9 700 €;
    // paid: only MIS-CBE-LM-0001, 5 400 €. Terms → award (35 + 34) / 2 = 34,5; award →
    // restitution 130 (one mission). Mid-mission notes: 1 on time of 2 judged.
    const cbe = indicators(view(), 'CBE-LM');
    expect(cbe).toMatchObject({
      name: "Comité de Bassin d'Emploi de Lille Métropole",
      structures: 2,
      plans: 2,
      plansInProgress: 1,
      missions: 3,
      missionsInPreparation: 1,
      missionsOngoing: 2,
      missionsClosed: 0,
      missionsInterrupted: 0,
      solicited: 6,
      answered: 5,
      calls: 2,
      solicitationsPerCall: 3,
      proposalsPerCall: 1.5,
      committedCents: 1_050_000,
      awardedCents: 970_000,
      paidCents: 540_000,
      meanDaysTermsToAward: 34.5,
      meanDaysAwardToRestitution: 130,
      satisfactionAnswers: 1,
      meanSatisfaction: 4,
      midNotesDue: 2,
      midNotesOnTime: 1,
      midNoteOnTimeShare: 0.5,
      balancesAwaitingReport: 0,
      surveysSent: 1,
    });
    expect(cbe.answerRate).toBeCloseTo(5 / 6, 10);
    expect(cbe.missionsByStatus).toMatchObject({
      evaluated: 1,
      inProgress: 1,
      draft: 1,
      closed: 0,
    });
  });

  it('gives EE-DK its figures, a future date counting for nothing', () => {
    // 4 missions: closed, stopped, call open, draft (terms planned for 01/12).
    // Solicited 2 + 2 + 3 = 7, answered all but SOL-EE-DK-0005: 6 / 7.
    // Proposals 2 + 1 + 1 = 4 over 3 calls. Committed 8 000 + 5 000 = 13 000 €; awarded
    // 7 500 + 4 800 = 12 300 €; paid 7 500 €. Terms → award 35 and 35. One judged note, late.
    const ee = indicators(view(), 'EE-DK');
    expect(ee).toMatchObject({
      structures: 1,
      plans: 1,
      plansInProgress: 1,
      missions: 4,
      missionsInPreparation: 2,
      missionsOngoing: 0,
      missionsClosed: 1,
      missionsInterrupted: 1,
      solicited: 7,
      answered: 6,
      calls: 3,
      committedCents: 1_300_000,
      awardedCents: 1_230_000,
      paidCents: 750_000,
      meanDaysTermsToAward: 35,
      meanDaysAwardToRestitution: 121,
      meanSatisfaction: 5,
      midNotesDue: 1,
      midNotesOnTime: 0,
      midNoteOnTimeShare: 0,
      surveysSent: 1,
    });
    expect(ee.answerRate).toBeCloseTo(6 / 7, 10);
    expect(ee.solicitationsPerCall).toBeCloseTo(7 / 3, 10);
    expect(ee.proposalsPerCall).toBeCloseTo(4 / 3, 10);
  });

  it('gives the region total pooled over every mission, and empty operators zeros', () => {
    // 3 structures, 3 plans (2 in progress), 7 missions; solicited 13, answered 11.
    // Calls 5: 13 / 5 = 2,6 solicitations and 7 / 5 = 1,4 proposals per call.
    // Committed 10 500 + 13 000 = 23 500 €; awarded 9 700 + 12 300 = 22 000 €; paid 12 900 €.
    // Terms → award (35 + 34 + 35 + 35) / 4 = 34,75; award → restitution (130 + 121) / 2 = 125,5.
    // Satisfaction (4 + 5) / 2 = 4,5. Notes: 1 on time of 3 judged.
    const v = view();
    expect(v.indicatorRows.map((r) => r.scope)).toEqual([...OPERATOR_CODES, 'region']);
    const region = indicators(v, 'region');
    expect(region).toMatchObject({
      name: 'Total Nord – Pas de Calais',
      structures: 3,
      plans: 3,
      plansInProgress: 2,
      missions: 7,
      solicited: 13,
      answered: 11,
      calls: 5,
      solicitationsPerCall: 2.6,
      proposalsPerCall: 1.4,
      committedCents: 2_350_000,
      awardedCents: 2_200_000,
      paidCents: 1_290_000,
      meanDaysTermsToAward: 34.75,
      meanDaysAwardToRestitution: 125.5,
      meanSatisfaction: 4.5,
      midNotesDue: 3,
      midNotesOnTime: 1,
    });
    expect(region.answerRate).toBeCloseTo(11 / 13, 10);
    expect(indicators(v, 'NA-DEN')).toMatchObject({
      structures: 0,
      missions: 0,
      answerRate: null,
      proposalsPerCall: null,
      meanSatisfaction: null,
      committedCents: 0,
    });
  });
});

describe('consolidateRegion: funders and payments', () => {
  const NA = 'NA-DEN' as const;
  const LEN = 'I62-LEN' as const;
  const funded = consolidateRegion({
    operators: {
      ...operatorRecords(),
      [NA]: [
        mission('MIS-NA-DEN-0001', NA, {
          title: 'Consolidation du modèle économique',
          awardedOn: '2026-03-02',
          funding: 'DDTEFP : 2 000,00 € ; Caisse des Dépôts : 1 500,00 €',
          agreedPriceCents: 500_000,
          advanceCents: 150_000,
          advancePaidOn: '2026-03-20',
          balanceCents: 350_000,
          balancePaidOn: '2026-09-10',
        }),
      ],
      [LEN]: [
        mission('MIS-I62-LEN-0001', LEN, {
          title: 'Stratégie de mutualisation',
          awardedOn: '2026-05-04',
          funding:
            'DDTEFP : 1 000,00 € ; Partenaire Communauté d’agglomération de Lens-Liévin : 800,00 €',
          advanceCents: 90_000,
          advancePaidOn: '2026-12-15',
        }),
      ],
    },
    register: REGISTER,
    today: TODAY,
    at: AT,
  });

  it('reports the funding per funder for each operator and for the region', () => {
    expect(indicators(funded, NA).fundingByFunder).toMatchObject({
      DDTEFP: 200_000,
      'Caisse des Dépôts': 150_000,
      'Conseil Régional': 0,
    });
    expect(indicators(funded, 'region').fundingByFunder).toMatchObject({
      DDTEFP: 300_000,
      'Caisse des Dépôts': 150_000,
      'Partenaire Communauté d’agglomération de Lens-Liévin': 80_000,
    });
  });

  it('sums the payments whose date is reached, a planned one not yet', () => {
    expect(indicators(funded, NA).advancesPaidCents).toBe(150_000);
    expect(indicators(funded, NA).balanceAmountsPaidCents).toBe(350_000);
    expect(indicators(funded, LEN).advancesPaidCents).toBe(0);
    expect(indicators(funded, 'region').advancesPaidCents).toBe(150_000);
  });

  it('exports the funders of the region in French', () => {
    const sheet = regionalExportSheets(funded).find((s) => s.name === REGIONAL_TABS.indicators);
    const headers = sheet?.columns.map((c) => c.header) ?? [];
    expect(headers).toEqual(
      expect.arrayContaining([
        'Financement : DDTEFP',
        'Financement : Conseil Général du Pas-de-Calais',
        'Financement : partenaires',
        'Acomptes versés',
      ]),
    );
  });
});
