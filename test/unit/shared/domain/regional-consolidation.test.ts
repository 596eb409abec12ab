import { PLAN_FIELDS } from '../../../../shared/domain/accompaniment-plan';
import { BENEFICIARY_FIELDS } from '../../../../shared/domain/beneficiary';
import type { AnyFieldSpec } from '../../../../shared/domain/field-spec';
import { MISSION_FIELDS } from '../../../../shared/domain/mission';
import { OPERATOR_CODES } from '../../../../shared/domain/operator';
import { PROVIDER_FIELDS } from '../../../../shared/domain/provider';
import type { RecordKind } from '../../../../shared/domain/record-id';
import {
  allowedData,
  consolidateRegion,
  INDICATOR_COLUMNS,
  mergeProviderHistories,
  MISSION_COLUMNS,
  PROVIDER_COLUMNS,
  providerHistoryOf,
  REGIONAL_ALLOW_LIST,
  REGIONAL_TAB_COLUMNS,
  REGIONAL_TABS,
  regionalExportSheets,
  toTabReplacements,
  type IndicatorRow,
  type RegionalView,
} from '../../../../shared/domain/regional-consolidation';
import { registerExportRows } from '../../../../shared/domain/register-export';
import { SOLICITATION_FIELDS } from '../../../../shared/domain/solicitation';
import type { ExportRow } from '../../../../shared/domain/export-sheet';
import {
  AT,
  CBE_LM_RECORDS,
  EE_DK_RECORDS,
  mission,
  operatorRecords,
  record,
  REGISTER,
  SECRET,
  solicitation,
  TODAY,
} from '../../../support/builders/consolidation-fixtures';

/** French amounts as Intl writes them: U+202F between thousands, U+00A0 before €. */
const euros = (text: string): string => `${text.replace(/ /g, '\u202f')}\u00a0€`;

function view(): RegionalView {
  return consolidateRegion({
    operators: operatorRecords(),
    register: REGISTER,
    today: TODAY,
    at: AT,
  });
}

function indicators(v: RegionalView, scope: IndicatorRow['scope']): IndicatorRow {
  const row = v.indicatorRows.find((r) => r.scope === scope);
  if (row === undefined) throw new Error(`no indicators for ${scope}`);
  return row;
}

const FIELDS: Readonly<Record<RecordKind, Readonly<Record<string, AnyFieldSpec>>>> = {
  beneficiary: BENEFICIARY_FIELDS,
  plan: PLAN_FIELDS,
  mission: MISSION_FIELDS,
  solicitation: SOLICITATION_FIELDS,
  provider: PROVIDER_FIELDS,
};

describe('the regional allow-list', () => {
  const entries = Object.entries(REGIONAL_ALLOW_LIST) as [RecordKind, readonly string[]][];

  it.each(entries)(
    'lets out no confidential field of a %s, and no free text but the mission title',
    (kind, keys) => {
      for (const key of keys) {
        const spec = FIELDS[kind][key];
        expect(spec).toBeDefined();
        expect(spec?.confidential ?? false).toBe(false);
        expect(spec?.format).not.toBe('longText');
        if (spec?.format === 'text')
          // Neither is free text: the funding's parser accepts only « Financeur : montant » lines,
          // the other plans' only ACC-… IDs.
          expect(`${kind}.${key}`).toMatch(
            /^(mission\.title|mission\.funding|mission\.otherPlanIds|provider\.legalName)$/,
          );
      }
    },
  );

  it('never lets out who a structure is nor how to reach it', () => {
    for (const key of [
      'name',
      'identifier',
      'town',
      'postalCode',
      'contactName',
      'email',
      'phone',
      'notes',
    ]) {
      expect(REGIONAL_ALLOW_LIST.beneficiary).not.toContain(key);
    }
    expect(REGIONAL_ALLOW_LIST.plan).not.toContain('diagnosticSummary');
    expect(REGIONAL_ALLOW_LIST.mission).not.toContain('interruptionReason');
    expect(REGIONAL_ALLOW_LIST.mission).not.toContain('scopeExtensionReason');
  });

  it('drops every other key of the stored data, even one no layout knows', () => {
    expect(
      allowedData('solicitation', {
        missionId: 'MIS-CBE-LM-0001',
        notes: SECRET,
        answer: 'Décliné',
      }),
    ).toEqual({
      missionId: 'MIS-CBE-LM-0001',
      answer: 'Décliné',
    });
  });
});

describe('the C2RA workbook layout', () => {
  it.each([
    ['missions', MISSION_COLUMNS.map((c) => c.header)],
    ['indicators', INDICATOR_COLUMNS.map((c) => c.header)],
    ['providers', PROVIDER_COLUMNS.map((c) => c.header)],
  ] as const)('computes every column of the %s tab', (key, computed) => {
    const notComputed = REGIONAL_TAB_COLUMNS[key].filter((label) => !computed.includes(label));
    expect(notComputed).toEqual(key === 'indicators' ? ['Alertes ouvertes'] : []);
  });
});

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

describe('toTabReplacements', () => {
  const tabs = toTabReplacements(view());
  const tab = (name: string) => {
    const found = tabs.find((t) => t.tab === name);
    if (found === undefined) throw new Error(`no tab ${name}`);
    return found;
  };

  it('replaces the three tabs, each starting with the date and time of the run in Paris', () => {
    expect(tabs.map((t) => t.tab)).toEqual([
      'Missions régionales',
      'Indicateurs',
      'Prestataires mobilisés',
    ]);
    for (const t of tabs) {
      expect(t.rows[0]).toEqual([
        'Consolidation régionale DLA Nord – Pas de Calais du 27/11/2026 à 08:05 (heure de Paris)',
      ]);
    }
    expect(tab('Missions régionales').rows).toHaveLength(1 + 7);
    expect(tab('Indicateurs').rows).toHaveLength(1 + 7);
    expect(tab('Prestataires mobilisés').rows).toHaveLength(1 + 3);
  });

  it('writes each value under its layout column, the French way', () => {
    const missions = tab('Missions régionales');
    const labels = REGIONAL_TAB_COLUMNS.missions;
    const first = missions.rows[1] ?? [];
    expect(first).toHaveLength(labels.length);
    const cell = (label: string) => first[labels.indexOf(label as (typeof labels)[number])];
    expect(cell('ID mission')).toBe('MIS-CBE-LM-0001');
    expect(cell('Statut')).toBe('Évaluée');
    expect(cell('Attribuée le')).toBe('16/02/2026');
    expect(cell('Plafond budgétaire')).toBe(euros('6 000,00'));
    expect(cell('Prix retenu')).toBe(euros('5 400,00'));
    expect(cell("Délai d'attribution (jours)")).toBe(35);
    expect(cell('Jours estimés')).toBe('8,0');
    expect(cell('Mis à jour le')).toBe('27/11/2026 08:05');

    const region = tab('Indicateurs').rows[7] ?? [];
    const il = REGIONAL_TAB_COLUMNS.indicators;
    const at = (label: string) => region[il.indexOf(label as (typeof il)[number])];
    expect(at('Opérateur')).toBe('Région');
    expect(at('Montant engagé')).toBe(euros('22 000,00'));
    expect(at("Délai moyen d'attribution (jours)")).toBe('34,8');
    expect(at('Satisfaction moyenne')).toBe('4,50');
    expect(at('Alertes ouvertes')).toBeNull();
  });

  it('neutralises a text a spreadsheet would run as a formula', () => {
    const operators = {
      ...operatorRecords(),
      'NA-DEN': [
        mission('MIS-NA-DEN-0001', 'NA-DEN', { title: '=HYPERLINK("http://x.example";"clic")' }),
      ],
    };
    const rows =
      toTabReplacements(
        consolidateRegion({ operators, register: REGISTER, today: TODAY, at: AT }),
      )[0]?.rows ?? [];
    expect(rows.flat()).toContain('\'=HYPERLINK("http://x.example";"clic")');
  });
});

describe('confidentiality', () => {
  function everyCell(rows: Iterable<ExportRow | readonly unknown[]>): string[] {
    return [...rows].flatMap((row) =>
      row.map((value) => (value instanceof Date ? value.toISOString() : String(value))),
    );
  }

  it('the secret of the data set is really there to be leaked', () => {
    expect(JSON.stringify([...CBE_LM_RECORDS, ...EE_DK_RECORDS])).toContain(SECRET);
  });

  it('appears in no value of the view, no tab, no exported sheet', () => {
    const v = view();
    expect(JSON.stringify(v)).not.toContain(SECRET);
    for (const t of toTabReplacements(v)) {
      for (const value of everyCell(t.rows)) expect(value).not.toContain(SECRET);
    }
    for (const sheet of regionalExportSheets(v)) {
      expect(sheet.title).not.toContain(SECRET);
      for (const value of everyCell(sheet.rows as Iterable<ExportRow>))
        expect(value).not.toContain(SECRET);
    }
  });

  it('appears nowhere in the register export fed by the operators’ history', () => {
    const history = mergeProviderHistories(
      providerHistoryOf('CBE-LM', CBE_LM_RECORDS),
      providerHistoryOf('EE-DK', EE_DK_RECORDS),
    );
    expect(history.get('PRE-0001')).toEqual({
      missions: 2,
      satisfactionSum: 9,
      satisfactionCount: 2,
    });
    // The retained solicitation of the archived mission is not history.
    expect(history.get('PRE-0002')).toEqual({
      missions: 1,
      satisfactionSum: 0,
      satisfactionCount: 0,
    });
    for (const value of everyCell(registerExportRows(REGISTER, history)))
      expect(value).not.toContain(SECRET);
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
