import { REGISTER_PROPOSAL_ALERT_RULES } from '../../../../shared/domain/register-proposal-alert-codes';
import {
  ALERT_RULES,
  evaluateAlerts,
  evaluateRegisterAlerts,
  missionEntriesOf,
  type Alert,
  type AlertAudience,
  type AlertRuleCode,
  type AlertSeverity,
  type MissionEntry,
  type ProviderEntry,
  type SolicitationEntry,
} from '../../../../shared/domain/alert-rules';
import { FINAL_REPORT_CONTENTS } from '../../../../shared/domain/final-report';
import { midNoteDueOn } from '../../../../shared/domain/mission-lifecycle';
import type { Mission } from '../../../../shared/domain/mission';
import {
  DEFAULT_PARAMETERS,
  type OperatorParameters,
} from '../../../../shared/domain/operator-parameters';
import { addDays, addMonths, type IsoDate } from '../../../../shared/domain/values/french-date';
import {
  MISSION_ID,
  REGISTER,
  aMissionEntry,
  aProviderEntry,
  aRegisterAlertInput,
  anAlertInput,
  solicitationEntries,
  solicitationId,
} from '../../../support/builders/alert-fixtures';
import { aMission, missionAtStage } from '../../../support/builders/mission-builder';
import {
  aCallForProposals,
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';
import { aStoredRecord } from '../../../support/builders/stored-record-builder';

/**
 * The builders' calendar: terms 13/01/2025, deadline 07/02/2025, award 20/02, agreement 05/03,
 * kickoff 12/03, planned end 30/06 (mid-note due 06/05), restitution 26/06, final report 03/07,
 * balance 21/07, survey sent 23/07 and answered 04/08, closure 15/09/2025.
 */
const DEADLINE = '2025-02-07';

/** Every delay longer (the warning shorter), so each parameterised day moves later. */
const ALTERED: OperatorParameters = {
  ...DEFAULT_PARAMETERS,
  replyDeadlineWarningDays: 1,
  scoringDelayDays: 8,
  awardDelayDays: 12,
  notificationDelayDays: 10,
  agreementDelayDays: 20,
  kickoffDelayDays: 21,
  midNoteGraceDays: 10,
  restitutionGraceDays: 20,
  finalReportDelayDays: 25,
  interruptionDecisionDays: 45,
  warningDecisionDays: 12,
  surveySendDelayDays: 20,
  surveyAnswerDelayDays: 40,
  followUpMonths: 9,
  providerStaleMonths: 18,
};

interface Scenario {
  readonly missions?: readonly MissionEntry[];
  readonly solicitations?: readonly SolicitationEntry[];
  readonly providers?: readonly ProviderEntry[];
  /** Register rules: the solicitations of CBE-LM seen by the C2RA. */
  readonly register?: true;
}

interface RuleCase {
  readonly name: string;
  readonly rule: AlertRuleCode;
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly audience: AlertAudience;
  readonly wording: readonly string[];
  readonly scenario: () => Scenario;
  /** The first day the alert holds, computed from the parameters. */
  readonly day: (p: OperatorParameters) => IsoDate;
  /** The due date the alert carries. */
  readonly dueOn: (p: OperatorParameters) => IsoDate | null;
  /** False when no parameter moves the day. */
  readonly parameterised: boolean;
}

function evaluate(scenario: Scenario, today: IsoDate, parameters: OperatorParameters): Alert[] {
  const providers = scenario.providers ?? REGISTER;
  if (scenario.register === true) {
    return evaluateRegisterAlerts(
      aRegisterAlertInput({
        today,
        parameters,
        providers,
        solicitationsByOperator: new Map([['CBE-LM', scenario.solicitations ?? []]]),
      }),
    );
  }
  return evaluateAlerts(
    anAlertInput({
      today,
      parameters,
      providers,
      missions: scenario.missions ?? [],
      solicitations: scenario.solicitations ?? [],
    }),
  );
}

function missionAt(mission: Mission, solicitations = aCallForProposals('draft')): () => Scenario {
  return () => ({
    missions: [aMissionEntry(mission)],
    solicitations: solicitationEntries(solicitations),
  });
}

/** The builders' call with PRE-0031 still to answer and, past the award, not told it lost. */
const callOpen = missionAt(missionAtStage('callOpen'), aCallForProposals('callOpen'));
const missionKey = (rule: AlertRuleCode) => `${rule}:${MISSION_ID}`;
const midNoteDue = missionAtStage('inProgress');
const SUSPENDED: Partial<Mission> = {
  interruptionKind: 'Suspension',
  interruptionOn: '2025-04-10',
  interruptionReason: 'Départ de la directrice',
};

const CASES: readonly RuleCase[] = [
  {
    name: 'deadline near with a solicitation pending',
    rule: 'REPLY_DEADLINE_NEAR',
    key: missionKey('REPLY_DEADLINE_NEAR'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: [
      `Mission ${MISSION_ID} « Consolidation du modèle économique »`,
      'date limite de réponse le 07/02/2025',
      "1 prestataire n'a pas encore répondu : Horizons Solidaires (PRE-0031)",
      'Relancez-le ou notez sa réponse',
    ],
    scenario: callOpen,
    day: (p) => addDays(DEADLINE, -p.replyDeadlineWarningDays),
    dueOn: () => DEADLINE,
    parameterised: true,
  },
  {
    name: 'deadline passed, a consultant never answered',
    rule: 'REPLY_MISSING',
    key: `REPLY_MISSING:${solicitationId(3)}`,
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: [
      "Horizons Solidaires (PRE-0031) n'a pas répondu à l'appel à propositions",
      'date limite le 07/02/2025',
      '« Décliné » ou « Hors délai »',
    ],
    scenario: callOpen,
    day: () => addDays(DEADLINE, 1),
    dueOn: () => DEADLINE,
    parameterised: false,
  },
  // The guide asks for consultants solicited (« 2 à 4 en général »), never for a number of
  // proposals received: fewer than 2 received is information, not a rule of the guide.
  {
    name: 'fewer than 2 proposals received once the deadline passed',
    rule: 'TOO_FEW_PROPOSALS',
    key: missionKey('TOO_FEW_PROPOSALS'),
    severity: 'info',
    audience: 'chargé de mission',
    wording: [
      '1 seule proposition reçue (Cabinet Escaut Conseil (PRE-0012)) pour 3 prestataires sollicités',
      'Pour information',
    ],
    scenario: callOpen,
    day: () => addDays(DEADLINE, 1),
    dueOn: () => DEADLINE,
    parameterised: false,
  },
  {
    name: 'every consultant answered before the deadline, none with a proposal',
    rule: 'TOO_FEW_PROPOSALS',
    key: missionKey('TOO_FEW_PROPOSALS'),
    severity: 'info',
    audience: 'chargé de mission',
    wording: ['aucune proposition reçue pour 2 prestataires sollicités'],
    scenario: missionAt(missionAtStage('callOpen'), [
      aDeclinedSolicitation(),
      aDeclinedSolicitation({ providerId: 'PRE-0031' }),
    ]),
    day: () => '2025-01-13',
    dueOn: () => DEADLINE,
    parameterised: false,
  },
  {
    name: 'proposals received but not scored',
    rule: 'PROPOSALS_NOT_SCORED',
    key: missionKey('PROPOSALS_NOT_SCORED'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: [
      "1 proposition reçue n'est pas notée : Horizons Solidaires (PRE-0031)",
      'notation attendue le',
    ],
    scenario: missionAt(missionAtStage('proposalsUnderReview'), [
      aSolicitation(),
      aSolicitation({ providerId: 'PRE-0031', methodologyByBeneficiary: null }),
    ]),
    day: (p) => addDays(DEADLINE, p.scoringDelayDays),
    dueOn: (p) => addDays(DEADLINE, p.scoringDelayDays),
    parameterised: true,
  },
  {
    name: 'proposals scored but no award',
    rule: 'AWARD_OVERDUE',
    key: missionKey('AWARD_OVERDUE'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: ['propositions notées mais mission non attribuée', "la date d'attribution"],
    scenario: missionAt(
      missionAtStage('proposalsUnderReview'),
      aCallForProposals('proposalsUnderReview'),
    ),
    day: (p) => addDays(DEADLINE, p.scoringDelayDays + p.awardDelayDays),
    dueOn: (p) => addDays(DEADLINE, p.scoringDelayDays + p.awardDelayDays),
    parameterised: true,
  },
  {
    name: 'a consultant not retained and not told',
    rule: 'NON_RETAINED_NOT_NOTIFIED',
    key: `NON_RETAINED_NOT_NOTIFIED:${solicitationId(3)}`,
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: [
      "Horizons Solidaires (PRE-0031) n'a pas été informé que sa proposition n'est pas retenue",
      'attribution du 20/02/2025',
      'par e-mail ou courrier',
    ],
    scenario: missionAt(
      missionAtStage('awarded'),
      aCallForProposals('awarded').map((s) =>
        s.providerId === 'PRE-0031' ? { ...s, notifiedOn: null } : s,
      ),
    ),
    day: (p) => addDays('2025-02-20', p.notificationDelayDays),
    dueOn: (p) => addDays('2025-02-20', p.notificationDelayDays),
    parameterised: true,
  },
  {
    name: 'tripartite agreement not signed',
    rule: 'AGREEMENT_NOT_SIGNED',
    key: missionKey('AGREEMENT_NOT_SIGNED'),
    severity: 'urgent',
    audience: 'chargé de mission',
    wording: ['convention tripartite attendue le', 'attribution du 20/02/2025', 'Faites signer'],
    scenario: missionAt(missionAtStage('awarded'), aCallForProposals('awarded')),
    day: (p) => addDays('2025-02-20', p.agreementDelayDays),
    dueOn: (p) => addDays('2025-02-20', p.agreementDelayDays),
    parameterised: true,
  },
  {
    name: 'no kickoff meeting after the agreement',
    rule: 'KICKOFF_MISSING',
    key: missionKey('KICKOFF_MISSING'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: ['aucune réunion de lancement depuis la convention du 05/03/2025', 'tripartite'],
    scenario: missionAt(missionAtStage('agreementSigned'), aCallForProposals('agreementSigned')),
    day: (p) => addDays('2025-03-05', p.kickoffDelayDays),
    dueOn: (p) => addDays('2025-03-05', p.kickoffDelayDays),
    parameterised: true,
  },
  {
    name: 'mid-mission note due at the midpoint',
    rule: 'MID_NOTE',
    key: missionKey('MID_NOTE'),
    severity: 'info',
    audience: 'chargé de mission',
    wording: ['note à mi-parcours attendue le 06/05/2025 de Cabinet Escaut Conseil (PRE-0012)'],
    scenario: missionAt(midNoteDue, aCallForProposals('inProgress')),
    day: () => '2025-05-06',
    dueOn: () => '2025-05-06',
    parameterised: false,
  },
  {
    name: 'mid-mission note due on the date typed',
    rule: 'MID_NOTE',
    key: missionKey('MID_NOTE'),
    severity: 'info',
    audience: 'chargé de mission',
    wording: ['attendue le 22/04/2025'],
    scenario: missionAt(
      missionAtStage('inProgress', { midNoteDueOn: '2025-04-22' }),
      aCallForProposals('inProgress'),
    ),
    day: () => '2025-04-22',
    dueOn: () => '2025-04-22',
    parameterised: false,
  },
  {
    name: 'mid-mission note overdue',
    rule: 'MID_NOTE',
    key: missionKey('MID_NOTE'),
    severity: 'urgent',
    audience: 'chargé de mission',
    wording: [
      'attendue le 06/05/2025 et toujours pas reçue',
      'Relancez Cabinet Escaut Conseil (PRE-0012)',
    ],
    scenario: missionAt(midNoteDue, aCallForProposals('inProgress')),
    day: (p) => addDays('2025-05-06', p.midNoteGraceDays),
    dueOn: () => '2025-05-06',
    parameterised: true,
  },
  {
    name: 'planned end passed without restitution',
    rule: 'RESTITUTION_OVERDUE',
    key: missionKey('RESTITUTION_OVERDUE'),
    severity: 'urgent',
    audience: 'chargé de mission',
    wording: ['fin prévue le 30/06/2025 et aucune restitution enregistrée'],
    scenario: missionAt(missionAtStage('midNoteReceived'), aCallForProposals('midNoteReceived')),
    day: (p) => addDays('2025-06-30', p.restitutionGraceDays),
    dueOn: (p) => addDays('2025-06-30', p.restitutionGraceDays),
    parameterised: true,
  },
  {
    name: 'restitution held but no final report',
    rule: 'FINAL_REPORT_MISSING',
    key: missionKey('FINAL_REPORT_MISSING'),
    severity: 'urgent',
    audience: 'chargé de mission',
    // Guide: « La restitution est conduite par le prestataire, sur la base d'un rapport final ».
    wording: [
      'restitution du 26/06/2025 sans rapport final reçu',
      "« sur la base d'un rapport final »",
      'version numérique et papier',
      'solde',
    ],
    scenario: missionAt(missionAtStage('restituted'), aCallForProposals('restituted')),
    day: (p) => addDays('2025-06-26', p.finalReportDelayDays),
    dueOn: (p) => addDays('2025-06-26', p.finalReportDelayDays),
    parameterised: true,
  },
  {
    name: 'suspension without decision',
    rule: 'INTERRUPTION_UNDECIDED',
    key: missionKey('INTERRUPTION_UNDECIDED'),
    severity: 'urgent',
    audience: 'chargé de mission',
    wording: ['suspendue le 10/04/2025 sans reprise ni arrêt', 'Reprise décidée le'],
    scenario: missionAt(missionAtStage('inProgress', SUSPENDED), aCallForProposals('inProgress')),
    day: (p) => addDays('2025-04-10', p.interruptionDecisionDays),
    dueOn: (p) => addDays('2025-04-10', p.interruptionDecisionDays),
    parameterised: true,
  },
  {
    // Guide, part III: the consultant « devra immédiatement en informer le DLA pour prise de
    // décision rapide : réorientation, suspension, arrêt de l'accompagnement ».
    name: 'a consultant warning without DLA decision',
    rule: 'WARNING_UNDECIDED',
    key: missionKey('WARNING_UNDECIDED'),
    severity: 'urgent',
    audience: 'chargé de mission',
    wording: [
      'Cabinet Escaut Conseil (PRE-0012) a alerté le DLA le 08/04/2025',
      "réorientation, d'une suspension ou d'un arrêt",
    ],
    scenario: missionAt(
      missionAtStage('inProgress', { warningOn: '2025-04-08', warningReason: 'Trésorerie' }),
      aCallForProposals('inProgress'),
    ),
    day: (p) => addDays('2025-04-08', p.warningDecisionDays),
    dueOn: (p) => addDays('2025-04-08', p.warningDecisionDays),
    parameterised: true,
  },
  {
    name: 'balance blocked without final report, from the planned end',
    rule: 'BALANCE_BLOCKED',
    key: `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    severity: 'bloquant',
    audience: 'finance',
    wording: [
      'solde bloqué',
      'sans le rapport final',
      'Ne versez pas le solde à Cabinet Escaut Conseil (PRE-0012)',
    ],
    scenario: missionAt(missionAtStage('midNoteReceived'), aCallForProposals('midNoteReceived')),
    day: () => '2025-06-30',
    dueOn: () => null,
    parameterised: false,
  },
  {
    name: 'balance blocked without restitution, from the planned end',
    rule: 'BALANCE_BLOCKED',
    key: `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_RESTITUTION`,
    severity: 'bloquant',
    audience: 'finance',
    wording: ['avant la restitution'],
    scenario: missionAt(missionAtStage('midNoteReceived'), aCallForProposals('midNoteReceived')),
    day: () => '2025-06-30',
    dueOn: () => null,
    parameterised: false,
  },
  {
    name: 'balance blocked by an incomplete provider sheet, from an early restitution',
    rule: 'BALANCE_BLOCKED',
    key: `${missionKey('BALANCE_BLOCKED')}:BALANCE_PROVIDER_INCOMPLETE`,
    severity: 'bloquant',
    audience: 'finance',
    wording: ['Fiche prestataire incomplète : SIRET, Adresse.'],
    scenario: () => ({
      ...missionAt(
        missionAtStage('restituted', { finalReportReceivedOn: '2025-06-26' }),
        aCallForProposals('restituted'),
      )(),
      providers: [aProviderEntry('PRE-0012', { siret: null, street: null }), ...REGISTER.slice(1)],
    }),
    day: () => '2025-06-26',
    dueOn: () => null,
    parameterised: false,
  },
  {
    name: 'satisfaction survey not sent',
    rule: 'SURVEY_NOT_SENT',
    key: missionKey('SURVEY_NOT_SENT'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: ['enquête de satisfaction non envoyée', 'restitution du 26/06/2025'],
    scenario: missionAt(missionAtStage('balancePaid'), aCallForProposals('balancePaid')),
    day: (p) => addDays('2025-06-26', p.surveySendDelayDays),
    dueOn: (p) => addDays('2025-06-26', p.surveySendDelayDays),
    parameterised: true,
  },
  {
    name: 'satisfaction survey unanswered',
    rule: 'SURVEY_UNANSWERED',
    key: missionKey('SURVEY_UNANSWERED'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: ['enquête de satisfaction envoyée le 23/07/2025 et sans réponse', 'Relancez'],
    scenario: missionAt(
      missionAtStage('balancePaid', { surveySentOn: '2025-07-23' }),
      aCallForProposals('balancePaid'),
    ),
    day: (p) => addDays('2025-07-23', p.surveyAnswerDelayDays),
    dueOn: (p) => addDays('2025-07-23', p.surveyAnswerDelayDays),
    parameterised: true,
  },
  {
    name: 'low satisfaction flagged to the C2RA',
    rule: 'LOW_SATISFACTION',
    key: missionKey('LOW_SATISFACTION'),
    severity: 'à faire',
    audience: 'C2RA',
    wording: [
      "(Comité de Bassin d'Emploi de Lille Métropole)",
      'satisfaction de 2/5',
      'Cabinet Escaut Conseil (PRE-0012)',
      'C2RA',
    ],
    scenario: missionAt(
      missionAtStage('evaluated', { satisfactionScore: 2 }),
      aCallForProposals('evaluated'),
    ),
    day: () => '2025-08-04',
    dueOn: () => null,
    parameterised: false,
  },
  {
    name: 'follow-up diagnostic due after the closure',
    rule: 'FOLLOW_UP_DIAGNOSTIC_DUE',
    key: missionKey('FOLLOW_UP_DIAGNOSTIC_DUE'),
    severity: 'info',
    audience: 'chargé de mission',
    wording: ['diagnostic de suivi post-accompagnement', 'clôture du 15/09/2025'],
    scenario: missionAt(missionAtStage('closed'), aCallForProposals('closed')),
    day: (p) => addMonths('2025-09-15', p.followUpMonths),
    dueOn: (p) => addMonths('2025-09-15', p.followUpMonths),
    parameterised: true,
  },
  {
    // Guide, part III: the final report's « Plan d'actions : préconisations et échéancier » lets
    // the operator « assurer un suivi de l'accompagnement ».
    name: 'the timetable of the recommendations is due',
    rule: 'RECOMMENDATIONS_DUE',
    key: missionKey('RECOMMENDATIONS_DUE'),
    severity: 'à faire',
    audience: 'chargé de mission',
    wording: ['échéance des préconisations du rapport final le 15/01/2026', 'diagnostic de suivi'],
    scenario: missionAt(
      missionAtStage('closed', { recommendationsDueOn: '2026-01-15' }),
      aCallForProposals('closed'),
    ),
    day: () => '2026-01-15',
    dueOn: () => '2026-01-15',
    parameterised: false,
  },
  {
    name: 'balance blocked by an incomplete final report',
    rule: 'BALANCE_BLOCKED',
    key: `${missionKey('BALANCE_BLOCKED')}:BALANCE_FINAL_REPORT_INCOMPLETE`,
    severity: 'bloquant',
    audience: 'finance',
    wording: ['Rapport final incomplet, il manque : Annexes, Version papier.'],
    scenario: missionAt(
      missionAtStage('restituted', {
        finalReportReceivedOn: '2025-06-26',
        finalReportContents: FINAL_REPORT_CONTENTS.filter(
          (c) => c !== 'Annexes' && c !== 'Version papier',
        ),
      }),
      aCallForProposals('restituted'),
    ),
    day: () => '2025-06-26',
    dueOn: () => null,
    parameterised: false,
  },
  {
    name: 'a provider solicited while their sheet is incomplete',
    rule: 'PROVIDER_SHEET_INCOMPLETE',
    key: 'PROVIDER_SHEET_INCOMPLETE:PRE-0031',
    severity: 'à faire',
    audience: 'C2RA',
    wording: [
      `Horizons Solidaires (PRE-0031) est sollicité (${MISSION_ID})`,
      'fiche type prestataire est incomplète : SIRET, Adresse',
      'ne peut pas être payé',
    ],
    scenario: () => ({
      register: true,
      solicitations: solicitationEntries(aCallForProposals('callOpen')),
      providers: [
        ...REGISTER.slice(0, 2),
        aProviderEntry('PRE-0031', { legalName: 'Horizons Solidaires', siret: null, street: null }),
      ],
    }),
    day: () => '2025-01-13',
    dueOn: () => null,
    parameterised: false,
  },
  {
    name: 'a provider not updated for months',
    rule: 'PROVIDER_STALE',
    key: 'PROVIDER_STALE:PRE-0027',
    severity: 'info',
    audience: 'C2RA',
    wording: ['Atelier Coopératif Flandre (PRE-0027) : fiche non mise à jour depuis le 04/03/2024'],
    scenario: () => ({
      register: true,
      providers: [
        aProviderEntry(
          'PRE-0027',
          { legalName: 'Atelier Coopératif Flandre' },
          { updatedAt: '2024-03-04T10:00:00.000Z' },
        ),
      ],
    }),
    day: (p) => addMonths('2024-03-04', p.providerStaleMonths),
    dueOn: (p) => addMonths('2024-03-04', p.providerStaleMonths),
    parameterised: true,
  },
];

function find(alerts: readonly Alert[], c: RuleCase): Alert | undefined {
  return alerts.find((a) => a.key === c.key && a.severity === c.severity);
}

describe('evaluateAlerts and evaluateRegisterAlerts: each rule on its day', () => {
  it('has at least one case per rule', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    // The proposals' rules have their own cases (register-proposal-alerts.test.ts).
    const elsewhere: readonly string[] = ['DUPLICATE_SIRET', ...REGISTER_PROPOSAL_ALERT_RULES];
    expect(ALERT_RULES.filter((r) => !elsewhere.includes(r) && !covered.has(r))).toEqual([]);
  });

  describe.each([
    ['default parameters', DEFAULT_PARAMETERS],
    ['altered parameters', ALTERED],
  ])('with the %s', (_label, parameters) => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s: fires on its day', (_name, c) => {
      const day = c.day(parameters);
      const alert = find(evaluate(c.scenario(), day, parameters), c);
      expect(alert).toMatchObject({
        rule: c.rule,
        severity: c.severity,
        audience: c.audience,
        dueOn: c.dueOn(parameters),
      });
      for (const words of c.wording) expect(alert?.message).toContain(words);
    });

    it.each(CASES.map((c) => [c.name, c] as const))('%s: not the day before', (_name, c) => {
      const dayBefore = addDays(c.day(parameters), -1);
      expect(find(evaluate(c.scenario(), dayBefore, parameters), c)).toBeUndefined();
    });

    it.each(CASES.map((c) => [c.name, c] as const))(
      '%s: archived records never alert',
      (_name, c) => {
        const scenario = c.scenario();
        const archived: Scenario = {
          ...scenario,
          missions: (scenario.missions ?? []).map((m) => ({ ...m, archived: true })),
          solicitations: (scenario.solicitations ?? []).map((s) => ({ ...s, archived: true })),
          providers: (scenario.providers ?? REGISTER).map((p) => ({ ...p, archived: true })),
        };
        const alerts = evaluate(archived, c.day(parameters), parameters);
        expect(alerts.filter((a) => a.key === c.key)).toEqual([]);
      },
    );
  });

  it.each(CASES.filter((c) => c.parameterised).map((c) => [c.name, c] as const))(
    '%s: the parameters move the day',
    (_name, c) => {
      const defaultDay = c.day(DEFAULT_PARAMETERS);
      expect(c.day(ALTERED) > defaultDay).toBe(true);
      expect(find(evaluate(c.scenario(), defaultDay, DEFAULT_PARAMETERS), c)).toBeDefined();
      expect(find(evaluate(c.scenario(), defaultDay, ALTERED), c)).toBeUndefined();
    },
  );

  it('keys are unique in a run and every message is French text naming the record', () => {
    const day = '2025-09-01';
    const alerts = CASES.flatMap((c) => evaluate(c.scenario(), day, DEFAULT_PARAMETERS));
    for (const c of CASES) {
      const run = evaluate(c.scenario(), c.day(DEFAULT_PARAMETERS), DEFAULT_PARAMETERS);
      expect(new Set(run.map((a) => a.key)).size).toBe(run.length);
    }
    for (const a of alerts) {
      expect(a.key.startsWith(`${a.rule}:${a.recordId}`)).toBe(true);
      expect(a.message).toMatch(/(MIS|PRE)-/);
      expect(a.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });
});

describe('evaluateAlerts: conditions that end or prevent an alert', () => {
  const at = (mission: Mission, today: IsoDate, solicitations = aCallForProposals('closed')) =>
    evaluateAlerts(
      anAlertInput({
        today,
        missions: [aMissionEntry(mission)],
        solicitations: solicitationEntries(solicitations),
      }),
    ).map((a) => a.key);

  it.each<[string, Mission, IsoDate, string]>([
    [
      'a deadline warning after the deadline',
      missionAtStage('callOpen'),
      '2025-02-08',
      missionKey('REPLY_DEADLINE_NEAR'),
    ],
    [
      'the mid-mission note once received',
      missionAtStage('midNoteReceived'),
      '2025-05-20',
      missionKey('MID_NOTE'),
    ],
    [
      'a restitution alert once the restitution is held',
      missionAtStage('restituted'),
      '2025-07-20',
      missionKey('RESTITUTION_OVERDUE'),
    ],
    [
      'the execution alerts of a suspended mission',
      missionAtStage('inProgress', SUSPENDED),
      '2025-05-20',
      missionKey('MID_NOTE'),
    ],
    [
      'the interruption alert once the resumption is decided',
      missionAtStage('inProgress', { ...SUSPENDED, interruptionDecisionOn: '2025-05-02' }),
      '2025-05-12',
      missionKey('INTERRUPTION_UNDECIDED'),
    ],
    [
      'a warning once the DLA decided',
      missionAtStage('inProgress', {
        warningOn: '2025-04-08',
        warningReason: 'Trésorerie',
        interruptionKind: 'Réorientation',
        interruptionOn: '2025-04-11',
        interruptionReason: 'Priorité à la trésorerie',
      }),
      '2025-05-01',
      missionKey('WARNING_UNDECIDED'),
    ],
    [
      'a pause of a reoriented mission: it goes on without resumption',
      missionAtStage('inProgress', { ...SUSPENDED, interruptionKind: 'Réorientation' }),
      '2025-06-01',
      missionKey('INTERRUPTION_UNDECIDED'),
    ],
    [
      'a call still open with a single proposal: the deadline has not passed',
      missionAtStage('callOpen'),
      '2025-02-07',
      missionKey('TOO_FEW_PROPOSALS'),
    ],
    [
      'any alert of a stopped mission',
      missionAtStage('midNoteReceived', {
        interruptionKind: 'Arrêt',
        interruptionOn: '2025-05-20',
        interruptionReason: "Cessation d'activité",
      }),
      '2025-08-01',
      `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    ],
    [
      'a blocked balance once it is paid',
      missionAtStage('balancePaid'),
      '2025-07-22',
      `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    ],
    [
      'a blocked balance before the restitution is due',
      missionAtStage('inProgress'),
      '2025-06-29',
      `${missionKey('BALANCE_BLOCKED')}:BALANCE_WITHOUT_FINAL_REPORT`,
    ],
    [
      'the recommendations once followed up on or after their timetable',
      missionAtStage('closed', {
        recommendationsDueOn: '2026-01-15',
        followUpDiagnosticOn: '2026-01-20',
      }),
      '2026-02-01',
      missionKey('RECOMMENDATIONS_DUE'),
    ],
    [
      'a follow-up diagnostic once held',
      missionAtStage('closed', { followUpDiagnosticOn: '2026-02-01' }),
      '2026-04-01',
      missionKey('FOLLOW_UP_DIAGNOSTIC_DUE'),
    ],
    [
      'low satisfaction above the threshold',
      missionAtStage('evaluated', { satisfactionScore: 3 }),
      '2025-08-05',
      missionKey('LOW_SATISFACTION'),
    ],
  ])('no alert for %s', (_name, mission, today, key) => {
    expect(at(mission, today)).not.toContain(key);
  });

  it('raises the blocked balance at once when a balance date was refused, before the planned end', () => {
    const [entry] = missionEntriesOf([
      aStoredRecord({
        id: MISSION_ID,
        data: { ...missionAtStage('inProgress'), balancePaidOn: null },
        rejected: {
          balancePaidOn: {
            raw: '15/04/2025',
            code: 'BALANCE_WITHOUT_FINAL_REPORT',
            message: 'Le solde ne peut pas être versé sans le rapport final.',
          },
        },
      }),
    ]);
    expect(entry?.balanceDateRejected).toBe(true);
    const alerts = evaluateAlerts(
      anAlertInput({
        today: '2025-04-15',
        missions: entry ? [entry] : [],
        solicitations: solicitationEntries(aCallForProposals('inProgress')),
      }),
    );
    const blocked = alerts.filter((a) => a.rule === 'BALANCE_BLOCKED');
    expect(blocked.map((a) => a.key.split(':')[2])).toEqual([
      'BALANCE_WITHOUT_FINAL_REPORT',
      'BALANCE_WITHOUT_RESTITUTION',
    ]);
    expect(blocked[0]?.message).toContain(
      'Une date de versement du solde a été saisie et refusée.',
    );
  });

  // A réorientation lets the mission go on: its later milestones and alerts keep running.
  it('a reoriented mission keeps its mid-mission note alert', () => {
    const mission = missionAtStage('inProgress', {
      ...SUSPENDED,
      interruptionKind: 'Réorientation',
    });
    expect(at(mission, '2025-05-06', aCallForProposals('inProgress'))).toContain(
      missionKey('MID_NOTE'),
    );
  });

  // The guide never asks for 2 proposals received, nor for admitting a late one.
  it('the too-few-proposals information neither cites the guide nor suggests a late proposal', () => {
    const alerts = evaluateAlerts(
      anAlertInput({
        today: '2025-02-08',
        missions: [aMissionEntry(missionAtStage('callOpen'))],
        solicitations: solicitationEntries(aCallForProposals('callOpen')),
      }),
    );
    const info = alerts.find((a) => a.rule === 'TOO_FEW_PROPOSALS');
    expect(info?.severity).toBe('info');
    expect(info?.message).not.toMatch(/guide|hors délai|retard/i);
  });

  // Guide: the sheet must be complete « (adresse, N° de siret, etc.) »; the rest of the list is
  // the operator's checklist, blocking payment only when the operator turns it on.
  it.each([
    ['Non', []],
    ['Oui', [`${missionKey('BALANCE_BLOCKED')}:BALANCE_PROVIDER_INCOMPLETE`]],
  ] as const)(
    'a provider without phone blocks the balance only when the checklist is required (%s)',
    (required, expected) => {
      const keys = evaluateAlerts(
        anAlertInput({
          today: '2025-07-01',
          parameters: { ...DEFAULT_PARAMETERS, providerChecklistRequired: required },
          missions: [
            aMissionEntry(missionAtStage('restituted', { finalReportReceivedOn: '2025-06-26' })),
          ],
          solicitations: solicitationEntries(aCallForProposals('restituted')),
          providers: [aProviderEntry('PRE-0012', { phone: null }), ...REGISTER.slice(1)],
        }),
      ).map((a) => a.key);
      expect(keys.filter((k) => k.includes('PROVIDER_INCOMPLETE'))).toEqual(expected);
    },
  );

  // Guide, part III: the survey evaluates « les modalités d'intervention, son déroulement, les
  // compétences du prestataire, les résultats de l'intervention, l'impact et la durabilité ».
  it.each<[string, Partial<Mission>, string | null]>([
    [
      'one low dimension, a good mean',
      {
        surveyModalities: 5,
        surveyProgress: 4,
        surveyCompetence: 2,
        surveyResults: 4,
        surveyImpact: 4,
        surveyDurability: 5,
      },
      'satisfaction de 4/5, note faible sur : compétences du prestataire (2/5) (seuil 2/5)',
    ],
    [
      'two low dimensions',
      { surveyImpact: 1, surveyDurability: 2, surveyResults: 3 },
      'satisfaction de 2/5, note faible sur : impact (1/5), durabilité (2/5) (seuil 2/5)',
    ],
    [
      'the former single score, kept as « note globale »',
      { satisfactionScore: 2 },
      'satisfaction de 2/5 (seuil 2/5)',
    ],
    ['every dimension above the threshold', { surveyModalities: 3, surveyImpact: 4 }, null],
  ])('flags a low survey to the C2RA with the dimensions named: %s', (_name, survey, wording) => {
    const mission = missionAtStage('evaluated', { satisfactionScore: null, ...survey });
    const alert = evaluateAlerts(
      anAlertInput({ today: '2025-08-04', missions: [aMissionEntry(mission)] }),
    ).find((a) => a.rule === 'LOW_SATISFACTION');
    if (wording === null) expect(alert).toBeUndefined();
    else expect(alert?.message).toContain(wording);
  });

  it('the low-satisfaction threshold is a parameter', () => {
    const mission = missionAtStage('evaluated', { satisfactionScore: 3 });
    const keys = evaluateAlerts(
      anAlertInput({
        today: '2025-08-04',
        parameters: { ...DEFAULT_PARAMETERS, lowSatisfactionThreshold: 3 },
        missions: [aMissionEntry(mission)],
      }),
    ).map((a) => a.key);
    expect(keys).toContain(missionKey('LOW_SATISFACTION'));
  });

  it('an archived solicitation is not waited for', () => {
    const [proposal, declined, pending] = solicitationEntries(aCallForProposals('callOpen'));
    const alerts = evaluateAlerts(
      anAlertInput({
        today: '2025-02-08',
        missions: [aMissionEntry(missionAtStage('callOpen'))],
        solicitations: [proposal, declined, pending && { ...pending, archived: true }].filter(
          (s): s is SolicitationEntry => s !== undefined,
        ),
      }),
    );
    expect(alerts.map((a) => a.rule)).not.toContain('REPLY_MISSING');
  });

  it('a draft mission raises nothing', () => {
    expect(at(aMission(), '2025-06-01', [])).toEqual([]);
  });

  it('the mid-mission note falls halfway between kickoff and planned end', () => {
    expect(midNoteDueOn(missionAtStage('inProgress'))).toBe('2025-05-06');
    expect(midNoteDueOn(aMission({ kickoffOn: '2025-03-01', plannedEndOn: '2025-03-04' }))).toBe(
      '2025-03-02',
    );
    expect(midNoteDueOn(aMission({ kickoffOn: '2025-03-01' }))).toBeNull();
  });
});

describe('evaluateRegisterAlerts: duplicate SIRET', () => {
  const twin = aProviderEntry('PRE-0044', { legalName: 'Escaut Conseil bis' });

  it('raises one urgent alert for the C2RA on the lowest ID, naming every provider', () => {
    const alerts = evaluateRegisterAlerts(
      aRegisterAlertInput({ today: '2025-01-02', providers: [twin, ...REGISTER] }),
    );
    expect(alerts).toEqual([
      {
        key: 'DUPLICATE_SIRET:PRE-0012',
        rule: 'DUPLICATE_SIRET',
        severity: 'urgent',
        recordId: 'PRE-0012',
        audience: 'C2RA',
        dueOn: null,
        message: expect.stringContaining(
          'SIRET 73282932000074 en double dans le registre : Cabinet Escaut Conseil (PRE-0012), Escaut Conseil bis (PRE-0044).',
        ),
      },
    ]);
  });

  it('an archived duplicate is no longer one', () => {
    const alerts = evaluateRegisterAlerts(
      aRegisterAlertInput({ providers: [{ ...twin, archived: true }, ...REGISTER] }),
    );
    expect(alerts).toEqual([]);
  });

  it('a solicitation planned later does not count yet, nor an archived one', () => {
    const incomplete = aProviderEntry('PRE-0031', { siret: null });
    const input = (solicitations: SolicitationEntry[]) =>
      aRegisterAlertInput({
        today: '2025-01-13',
        providers: [incomplete],
        solicitationsByOperator: new Map([['EE-DK', solicitations]]),
      });
    const planned = solicitationEntries([aPendingSolicitation({ solicitedOn: '2025-01-20' })]);
    const archived = solicitationEntries([aPendingSolicitation()]).map((s) => ({
      ...s,
      archived: true,
    }));
    expect(evaluateRegisterAlerts(input(planned))).toEqual([]);
    expect(evaluateRegisterAlerts(input(archived))).toEqual([]);
  });
});
