/**
 * One case per alert rule (its first day, its due date, its wording) and the run that evaluates
 * a case, shared by the alert tests.
 */
import type {
  Alert,
  AlertAudience,
  AlertRuleCode,
  AlertSeverity,
} from '../../../../../shared/domain/alerts/alert-catalogue';
import {
  evaluateAlerts,
  evaluateRegisterAlerts,
} from '../../../../../shared/domain/alerts/alert-evaluation';
import type {
  MissionEntry,
  ProviderEntry,
  SolicitationEntry,
} from '../../../../../shared/domain/alerts/alert-inputs';
import { FINAL_REPORT_CONTENTS } from '../../../../../shared/domain/final-report';
import type { Mission } from '../../../../../shared/domain/mission';
import {
  type OperatorParameters,
  DEFAULT_PARAMETERS,
} from '../../../../../shared/domain/operator-parameters';
import { addDays, addMonths, type IsoDate } from '../../../../../shared/domain/values/french-date';
import {
  MISSION_ID,
  REGISTER,
  aMissionEntry,
  aProviderEntry,
  aRegisterAlertInput,
  anAlertInput,
  solicitationEntries,
  solicitationId,
} from '../../../../support/builders/alert-fixtures';
import { missionAtStage } from '../../../../support/builders/mission-builder';
import {
  aCallForProposals,
  aDeclinedSolicitation,
  aSolicitation,
} from '../../../../support/builders/solicitation-builder';

/**
 * The builders' calendar: terms 13/01/2025, deadline 07/02/2025, award 20/02, agreement 05/03,
 * kickoff 12/03, planned end 30/06 (mid-note due 06/05), restitution 26/06, final report 03/07,
 * balance 21/07, survey sent 23/07 and answered 04/08, closure 15/09/2025.
 */
export const DEADLINE = '2025-02-07';

/** Every delay longer (the warning shorter), so each parameterised day moves later. */
export const ALTERED: OperatorParameters = {
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

export interface Scenario {
  readonly missions?: readonly MissionEntry[];
  readonly solicitations?: readonly SolicitationEntry[];
  readonly providers?: readonly ProviderEntry[];
  /** Register rules: the solicitations of CBE-LM seen by the C2RA. */
  readonly register?: true;
}

export interface RuleCase {
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

export function evaluate(
  scenario: Scenario,
  today: IsoDate,
  parameters: OperatorParameters,
): Alert[] {
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

export function missionAt(
  mission: Mission,
  solicitations = aCallForProposals('draft'),
): () => Scenario {
  return () => ({
    missions: [aMissionEntry(mission)],
    solicitations: solicitationEntries(solicitations),
  });
}

/** The builders' call with PRE-0031 still to answer and, past the award, not told it lost. */
export const callOpen = missionAt(missionAtStage('callOpen'), aCallForProposals('callOpen'));
export const missionKey = (rule: AlertRuleCode) => `${rule}:${MISSION_ID}`;
export const midNoteDue = missionAtStage('inProgress');
export const SUSPENDED: Partial<Mission> = {
  interruptionKind: 'Suspension',
  interruptionOn: '2025-04-10',
  interruptionReason: 'Départ de la directrice',
};

export const CASES: readonly RuleCase[] = [
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

export function find(alerts: readonly Alert[], c: RuleCase): Alert | undefined {
  return alerts.find((a) => a.key === c.key && a.severity === c.severity);
}
