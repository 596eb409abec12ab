import { consolidateRegion } from '../../../../../shared/domain/regional/regional-view';
import {
  AT,
  mission,
  operatorRecords,
  REGISTER,
  solicitation,
  TODAY,
} from '../../../../support/builders/consolidation-fixtures';
import { view } from './regional-view.fixture';

describe('consolidateRegion — mobilised providers', () => {
  it('counts what each provider did across the operators', () => {
    const rows = view().providerRows;
    expect(rows.map((r) => r.providerId)).toEqual(['PRE-0001', 'PRE-0002', 'PRE-0003']);
    // PRE-0001: solicited for CBE 0001, 0002 and EE 0001, 0002, 0003 = 5; proposals 0001
    // (retained), the late one for CBE 0002, EE 0001 (retained) = 3; 1 declined, 1 late;
    // success 2 / 3; both retained missions restituted; 5 400 + 7 500 = 12 900 €; last
    // solicitation 16/11/2026; satisfaction (4 + 5) / 2.
    expect(rows[0]).toMatchObject({
      legalName: 'Cabinet Escaut Conseil',
      sheetComplete: true,
      solicited: 5,
      proposals: 3,
      declined: 1,
      late: 1,
      retained: 2,
      missionsRestituted: 2,
      retainedAmountCents: 1_290_000,
      operators: ['CBE-LM', 'EE-DK'],
      lastSolicitedOn: '2026-11-16',
      meanSatisfaction: 4.5,
    });
    expect(rows[0]?.successRate).toBeCloseTo(2 / 3, 10);
    // PRE-0002: 4 solicitations (the archived mission's is ignored), 1 proposal, retained on
    // the stopped mission; its sheet lacks the SIRET.
    expect(rows[1]).toMatchObject({
      sheetComplete: false,
      solicited: 4,
      proposals: 1,
      declined: 2,
      retained: 1,
      successRate: 1,
      missionsRestituted: 0,
      retainedAmountCents: 480_000,
      meanSatisfaction: null,
    });
    // PRE-0003: 4 proposals, 1 retained (CBE 0002, in progress).
    expect(rows[2]).toMatchObject({
      solicited: 4,
      proposals: 4,
      retained: 1,
      successRate: 0.25,
      retainedAmountCents: 430_000,
    });
  });
});

describe('consolidateRegion: the satisfaction survey in six dimensions', () => {
  // Guide, part III « Evaluation »: « évaluer les modalités d'intervention, son déroulement, les
  // compétences du prestataire, les résultats de l'intervention, l'impact et la durabilité ».
  const NA = 'NA-DEN' as const;
  const surveyed = consolidateRegion({
    operators: {
      ...operatorRecords(),
      [NA]: [
        mission('MIS-NA-DEN-0001', NA, {
          title: 'Structuration de la fonction employeur',
          awardedOn: '2026-03-02',
          restitutionOn: '2026-06-20',
          surveySentOn: '2026-06-25',
          surveyAnsweredOn: '2026-07-06',
          surveyModalities: 4,
          surveyProgress: 5,
          surveyCompetence: 2,
          surveyResults: 4,
          surveyImpact: 3,
          surveyDurability: 3,
        }),
        solicitation('SOL-NA-DEN-0001', NA, {
          missionId: 'MIS-NA-DEN-0001',
          providerId: 'PRE-0003',
          answer: 'Proposition reçue',
          decision: 'Retenu',
        }),
      ],
    },
    register: REGISTER,
    today: TODAY,
    at: AT,
  });

  it('reads the overall score from the six dimensions when no « note globale » is typed', () => {
    const row = surveyed.missionRows.find((r) => r.missionId === 'MIS-NA-DEN-0001');
    expect(row?.satisfactionScore).toBeNull();
    expect(row?.overallSatisfaction).toBeCloseTo(3.5);
    expect(row?.surveyScores.surveyCompetence).toBe(2);
  });

  it('keeps a former single score readable as the « note globale »', () => {
    const row = surveyed.missionRows.find((r) => r.missionId === 'MIS-CBE-LM-0001');
    expect(row?.overallSatisfaction).toBe(row?.satisfactionScore);
  });

  it('gives the provider quality per dimension', () => {
    const provider = surveyed.providerRows.find((r) => r.providerId === 'PRE-0003');
    expect(provider?.meanByDimension.surveyCompetence).toBe(2);
    expect(provider?.meanByDimension.surveyProgress).toBe(5);
  });
});
