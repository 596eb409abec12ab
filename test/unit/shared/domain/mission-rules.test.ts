import { FINAL_REPORT_CONTENTS } from '../../../../shared/domain/final-report';
import type { Mission } from '../../../../shared/domain/mission';
import {
  MILESTONE_ORDER,
  balanceBlockers,
  checkMission,
  checkSolicitation,
  type MissionContext,
  type RuleViolation,
} from '../../../../shared/domain/mission-rules';
import { providerCompleteness, type Provider } from '../../../../shared/domain/provider';
import type { Solicitation } from '../../../../shared/domain/solicitation';
import {
  MISSION_STAGES,
  missionAtStage,
  type MissionStage,
} from '../../../support/builders/mission-builder';
import {
  aCallForProposals,
  aDeclinedSolicitation,
  aPendingSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';

const COMPLETE_PROVIDER = {
  id: 'PRE-0012',
  completeness: { sheetComplete: true, missing: [] },
} as const;

/** A sheet of the register with every required field but the SIRET and the street. */
const INCOMPLETE_PROVIDER_SHEET: Partial<Provider> = {
  legalName: 'Cabinet Horizons Solidaires',
  siret: null,
  legalForm: 'SARL',
  street: null,
  postalCode: '59000',
  town: 'Lille',
  contactName: 'Nadia Lefebvre',
  email: 'contact@horizons-solidaires.fr',
  phone: '03 20 12 34 56',
  competences: ['Modèle économique'],
  sectors: ["Insertion par l'activité économique"],
  areas: ['Métropole lilloise'],
};

function contextAt(
  stage: MissionStage,
  overrides: Partial<Mission> = {},
  extra: Partial<MissionContext> = {},
): MissionContext {
  return {
    mission: missionAtStage(stage, overrides),
    solicitations: aCallForProposals(stage),
    retainedProvider:
      MISSION_STAGES.indexOf(stage) >= MISSION_STAGES.indexOf('awarded') ? COMPLETE_PROVIDER : null,
    ...extra,
  };
}

/** A closed mission with every milestone, a follow-up diagnostic, a warning followed by a resumed suspension and an authorised extension. */
const FULL: Partial<Mission> = {
  followUpDiagnosticOn: '2025-11-20',
  warningOn: '2025-04-08',
  warningReason: 'La directrice, interlocutrice de la mission, quitte la structure',
  interruptionKind: 'Suspension',
  interruptionOn: '2025-04-10',
  interruptionReason: 'Départ de la directrice, recrutement en cours',
  interruptionDecisionOn: '2025-04-28',
  scopeExtensionOn: '2025-05-15',
  scopeExtensionBy: 'Claire Dubois, chargée de mission DLA',
  scopeExtensionReason: "Demande de la structure : appui à la préparation de l'assemblée générale",
};
const fullContext = (
  overrides: Partial<Mission> = {},
  extra: Partial<MissionContext> = {},
): MissionContext => contextAt('closed', { ...FULL, ...overrides }, extra);

const violation = (
  code: string,
  field: string,
  severity: 'error' | 'warning',
  message: string,
): RuleViolation => ({
  code,
  field,
  severity,
  message,
});

describe('checkMission on valid missions', () => {
  it.each(MISSION_STAGES.map((stage) => [stage]))(
    'reports nothing on a coherent mission at stage %s',
    (stage) => {
      expect(checkMission(contextAt(stage))).toEqual([]);
    },
  );

  it('reports nothing on a closed mission with every optional milestone, interruption and extension', () => {
    expect(checkMission(fullContext())).toEqual([]);
  });
});

describe('MILESTONE_ORDER', () => {
  // Neither agreement → kickoff nor restitution → final report: the guide orders neither
  // (« Dans la mesure du possible, le lancement de la mission s'effectue au cours d'une réunion
  // tripartite » ; « La restitution est conduite par le prestataire, sur la base d'un rapport final »).
  it('orders the milestones, naming the later one', () => {
    expect(MILESTONE_ORDER).toEqual([
      ['termsSentOn', 'replyDeadline', 'DEADLINE_BEFORE_TERMS'],
      ['replyDeadline', 'awardedOn', 'AWARD_BEFORE_DEADLINE'],
      ['termsSentOn', 'awardedOn', 'MILESTONE_ORDER'],
      ['awardedOn', 'agreementSignedOn', 'MILESTONE_ORDER'],
      ['awardedOn', 'kickoffOn', 'MILESTONE_ORDER'],
      ['kickoffOn', 'midNoteReceivedOn', 'MILESTONE_ORDER'],
      ['kickoffOn', 'plannedEndOn', 'MILESTONE_ORDER'],
      ['kickoffOn', 'restitutionOn', 'MILESTONE_ORDER'],
      ['awardedOn', 'finalReportReceivedOn', 'MILESTONE_ORDER'],
      ['finalReportReceivedOn', 'balancePaidOn', 'MILESTONE_ORDER'],
      ['restitutionOn', 'surveySentOn', 'MILESTONE_ORDER'],
      ['surveySentOn', 'surveyAnsweredOn', 'MILESTONE_ORDER'],
      ['restitutionOn', 'closedOn', 'MILESTONE_ORDER'],
      ['restitutionOn', 'followUpDiagnosticOn', 'MILESTONE_ORDER'],
      ['warningOn', 'interruptionOn', 'MILESTONE_ORDER'],
      ['interruptionOn', 'interruptionDecisionOn', 'MILESTONE_ORDER'],
    ]);
  });

  // Each later milestone is moved one day before the earlier one on an otherwise valid mission.
  it.each<[string, keyof Mission, string, string]>([
    [
      'DEADLINE_BEFORE_TERMS',
      'replyDeadline',
      '2025-01-12',
      "La date limite de réponse (12/01/2025) ne peut pas précéder l'envoi du cahier des charges (13/01/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'awardedOn',
      '2025-01-12',
      "L'attribution (12/01/2025) ne peut pas précéder l'envoi du cahier des charges (13/01/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'agreementSignedOn',
      '2025-02-19',
      "La convention (19/02/2025) ne peut pas précéder l'attribution (20/02/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'kickoffOn',
      '2025-02-19',
      "La réunion de lancement (19/02/2025) ne peut pas précéder l'attribution (20/02/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'midNoteReceivedOn',
      '2025-03-11',
      'La note à mi-parcours (11/03/2025) ne peut pas précéder la réunion de lancement (12/03/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'plannedEndOn',
      '2025-03-11',
      'La fin prévue (11/03/2025) ne peut pas précéder la réunion de lancement (12/03/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'restitutionOn',
      '2025-03-11',
      'La restitution (11/03/2025) ne peut pas précéder la réunion de lancement (12/03/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'finalReportReceivedOn',
      '2025-02-19',
      "Le rapport final (19/02/2025) ne peut pas précéder l'attribution (20/02/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'balancePaidOn',
      '2025-07-02',
      'Le versement du solde (02/07/2025) ne peut pas précéder la réception du rapport final (03/07/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'surveySentOn',
      '2025-06-25',
      "L'envoi de l'enquête de satisfaction (25/06/2025) ne peut pas précéder la restitution (26/06/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'surveyAnsweredOn',
      '2025-07-22',
      "La réponse à l'enquête de satisfaction (22/07/2025) ne peut pas précéder l'envoi de l'enquête de satisfaction (23/07/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'closedOn',
      '2025-06-25',
      'La clôture (25/06/2025) ne peut pas précéder la restitution (26/06/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'followUpDiagnosticOn',
      '2025-06-25',
      'Le diagnostic de suivi (25/06/2025) ne peut pas précéder la restitution (26/06/2025).',
    ],
    [
      'MILESTONE_ORDER',
      'interruptionOn',
      '2025-04-07',
      "La décision du DLA (07/04/2025) ne peut pas précéder l'alerte du prestataire (08/04/2025).",
    ],
    [
      'MILESTONE_ORDER',
      'interruptionDecisionOn',
      '2025-04-09',
      'La reprise (09/04/2025) ne peut pas précéder la décision du DLA (10/04/2025).',
    ],
  ])('%s: %s refused when dated %s', (code, later, date, message) => {
    expect(checkMission(fullContext({ [later]: date }))).toEqual([
      violation(code, later, 'error', message),
    ]);
  });

  it.each<[keyof Mission, keyof Mission]>(
    MILESTONE_ORDER.map(([earlier, later]) => [earlier, later]),
  )('%s and %s on the same day are in order', (earlier, later) => {
    const mission = fullContext().mission;
    const codes = checkMission(fullContext({ [later]: mission[earlier] })).map((v) => v.code);
    expect(codes).not.toContain('MILESTONE_ORDER');
    expect(codes).not.toContain('DEADLINE_BEFORE_TERMS');
    expect(codes).not.toContain('AWARD_BEFORE_DEADLINE');
  });

  it('AWARD_BEFORE_DEADLINE: an award before the deadline is refused while a consultant has not answered', () => {
    const context = fullContext(
      { awardedOn: '2025-02-06' },
      {
        solicitations: [
          aSolicitation({ decision: 'Retenu' }),
          aDeclinedSolicitation(),
          aPendingSolicitation(),
        ],
      },
    );
    expect(checkMission(context)).toEqual([
      violation(
        'AWARD_BEFORE_DEADLINE',
        'awardedOn',
        'error',
        "L'attribution (06/02/2025) ne peut pas précéder la date limite de réponse (07/02/2025) tant que tous les prestataires sollicités n'ont pas répondu.",
      ),
    ]);
  });

  it('AWARD_BEFORE_DEADLINE: an award before the deadline is accepted once every consultant answered', () => {
    expect(checkMission(fullContext({ awardedOn: '2025-02-06' }))).toEqual([]);
  });

  // Guide, part III: « La restitution est conduite par le prestataire, sur la base d'un rapport
  // final » — the report exists at or before the meeting.
  it.each([
    ['the day before the restitution', '2025-06-25'],
    ['a week before the restitution', '2025-06-19'],
    ['on the restitution day', '2025-06-26'],
  ])('accepts a final report received %s', (_when, receivedOn) => {
    expect(checkMission(fullContext({ finalReportReceivedOn: receivedOn }))).toEqual([]);
  });

  // Guide, part III: the tripartite kickoff (« dans la mesure du possible ») frames the mission
  // and the « convention tripartite » writes its terms down; the guide sets no order.
  it('accepts a kickoff held before the agreement is signed', () => {
    expect(checkMission(fullContext({ kickoffOn: '2025-03-01' }))).toEqual([]);
  });

  it('skips a pair when either date is missing', () => {
    expect(checkMission(contextAt('inProgress', { plannedEndOn: null }))).toEqual([]);
  });
});

describe('checkMission cross-field rules', () => {
  const incomplete = {
    id: 'PRE-0012',
    completeness: providerCompleteness(INCOMPLETE_PROVIDER_SHEET),
  };
  const fiveSolicitations = ['PRE-0012', 'PRE-0027', 'PRE-0031', 'PRE-0044', 'PRE-0058'].map(
    (providerId) => aSolicitation({ providerId }),
  );

  it.each<[string, MissionContext, RuleViolation]>([
    [
      // Guide: « Dans la mesure du possible, le lancement de la mission s'effectue au cours d'une
      // réunion tripartite » — accepted without the agreement, only shown (the alert asks for it).
      'KICKOFF_WITHOUT_AGREEMENT',
      contextAt('inProgress', { agreementSignedOn: null }),
      violation(
        'KICKOFF_WITHOUT_AGREEMENT',
        'kickoffOn',
        'warning',
        'Réunion de lancement tenue sans convention tripartite signée : faites signer la convention, qui précise les modalités de la mission et les engagements de chacun.',
      ),
    ],
    [
      // The kickoff is « tripartite » « avec l'association, l'opérateur DLA et le prestataire ».
      'KICKOFF_WITHOUT_AWARD',
      contextAt('inProgress', { awardedOn: null, agreementSignedOn: null }),
      violation(
        'KICKOFF_WITHOUT_AWARD',
        'kickoffOn',
        'error',
        "La réunion de lancement réunit la structure, l'opérateur et le prestataire retenu : saisissez d'abord la date d'attribution.",
      ),
    ],
    [
      'AGREEMENT_WITHOUT_AWARD',
      contextAt('agreementSigned', { awardedOn: null }),
      violation(
        'AGREEMENT_WITHOUT_AWARD',
        'agreementSignedOn',
        'error',
        "La convention tripartite ne peut pas être signée avant l'attribution : saisissez d'abord la date d'attribution.",
      ),
    ],
    [
      'AWARD_WITHOUT_RETAINED',
      contextAt('awarded', {}, { solicitations: aCallForProposals('proposalsUnderReview') }),
      violation(
        'AWARD_WITHOUT_RETAINED',
        'awardedOn',
        'warning',
        'Mission attribuée le 20/02/2025 sans prestataire « Retenu » parmi les sollicitations.',
      ),
    ],
    [
      'BALANCE_WITHOUT_FINAL_REPORT',
      contextAt('balancePaid', { finalReportReceivedOn: null }),
      violation(
        'BALANCE_WITHOUT_FINAL_REPORT',
        'balancePaidOn',
        'error',
        'Le solde ne peut pas être versé sans le rapport final (version numérique et papier).',
      ),
    ],
    [
      'BALANCE_WITHOUT_RESTITUTION',
      contextAt('balancePaid', { restitutionOn: null }),
      violation(
        'BALANCE_WITHOUT_RESTITUTION',
        'balancePaidOn',
        'error',
        'Le solde ne peut pas être versé avant la restitution.',
      ),
    ],
    [
      'BALANCE_PROVIDER_INCOMPLETE (incomplete sheet)',
      contextAt('balancePaid', {}, { retainedProvider: incomplete }),
      violation(
        'BALANCE_PROVIDER_INCOMPLETE',
        'balancePaidOn',
        'error',
        'Fiche prestataire incomplète : SIRET, Adresse.',
      ),
    ],
    [
      'BALANCE_PROVIDER_INCOMPLETE (no retained provider)',
      contextAt('balancePaid', {}, { retainedProvider: null }),
      violation(
        'BALANCE_PROVIDER_INCOMPLETE',
        'balancePaidOn',
        'error',
        'Aucun prestataire retenu : sa fiche prestataire ne peut pas être vérifiée avant le solde.',
      ),
    ],
    [
      'INTERRUPTION_INCOMPLETE (no date)',
      fullContext({ interruptionOn: null, interruptionDecisionOn: null }),
      violation(
        'INTERRUPTION_INCOMPLETE',
        'interruptionKind',
        'error',
        'Décision « Suspension » du DLA incomplète : indiquez sa date.',
      ),
    ],
    [
      'INTERRUPTION_INCOMPLETE (no reason)',
      fullContext({
        interruptionKind: 'Réorientation',
        interruptionReason: null,
        interruptionDecisionOn: null,
      }),
      violation(
        'INTERRUPTION_INCOMPLETE',
        'interruptionKind',
        'error',
        'Décision « Réorientation » du DLA incomplète : indiquez son motif.',
      ),
    ],
    [
      'INTERRUPTION_INCOMPLETE (blank reason, no date)',
      contextAt('midNoteReceived', { interruptionKind: 'Arrêt', interruptionReason: '   ' }),
      violation(
        'INTERRUPTION_INCOMPLETE',
        'interruptionKind',
        'error',
        'Décision « Arrêt » du DLA incomplète : indiquez sa date et son motif.',
      ),
    ],
    [
      'DECISION_WITHOUT_INTERRUPTION',
      contextAt('inProgress', { interruptionDecisionOn: '2025-04-28' }),
      violation(
        'DECISION_WITHOUT_INTERRUPTION',
        'interruptionDecisionOn',
        'error',
        'Une reprise suit une suspension : indiquez d’abord la décision « Suspension » du DLA.',
      ),
    ],
    [
      // Guide: « réorientation, suspension, arrêt de l'accompagnement » — a réorientation
      // changes the mission, which goes on: there is no resumption to decide.
      'RESUMPTION_AFTER_REORIENTATION',
      fullContext({ interruptionKind: 'Réorientation' }),
      violation(
        'RESUMPTION_AFTER_REORIENTATION',
        'interruptionDecisionOn',
        'warning',
        'Une mission réorientée continue sans reprise à décider : la date de reprise est ignorée.',
      ),
    ],
    [
      'RESUMPTION_AFTER_STOP',
      fullContext({ interruptionKind: 'Arrêt' }),
      violation(
        'RESUMPTION_AFTER_STOP',
        'interruptionDecisionOn',
        'warning',
        'Une mission arrêtée ne reprend pas : la date de reprise est ignorée.',
      ),
    ],
    [
      'SCOPE_EXTENSION_INCOMPLETE (no author)',
      fullContext({ scopeExtensionBy: null }),
      violation(
        'SCOPE_EXTENSION_INCOMPLETE',
        'scopeExtensionOn',
        'error',
        "Travail hors cadre autorisé le 15/05/2025 : l'autorisation écrite doit indiquer la personne de l'opérateur qui l'a autorisé.",
      ),
    ],
    [
      'SCOPE_EXTENSION_INCOMPLETE (no reason)',
      fullContext({ scopeExtensionReason: ' ' }),
      violation(
        'SCOPE_EXTENSION_INCOMPLETE',
        'scopeExtensionOn',
        'error',
        "Travail hors cadre autorisé le 15/05/2025 : l'autorisation écrite doit indiquer le motif de la demande.",
      ),
    ],
    [
      'SCOPE_EXTENSION_INCOMPLETE (neither)',
      contextAt('inProgress', { scopeExtensionOn: '2025-05-15' }),
      violation(
        'SCOPE_EXTENSION_INCOMPLETE',
        'scopeExtensionOn',
        'error',
        "Travail hors cadre autorisé le 15/05/2025 : l'autorisation écrite doit indiquer la personne de l'opérateur qui l'a autorisé et le motif de la demande.",
      ),
    ],
    [
      'SCORE_WITHOUT_SURVEY_ANSWER',
      contextAt('balancePaid', { satisfactionScore: 4 }),
      violation(
        'SCORE_WITHOUT_SURVEY_ANSWER',
        'satisfactionScore',
        'warning',
        "Note de satisfaction saisie sans date de réponse à l'enquête : indiquez quand la structure a répondu.",
      ),
    ],
    [
      'SURVEY_ANSWER_WITHOUT_SENDING',
      contextAt('evaluated', { surveySentOn: null }),
      violation(
        'SURVEY_ANSWER_WITHOUT_SENDING',
        'surveyAnsweredOn',
        'error',
        "Réponse à l'enquête de satisfaction saisie sans date d'envoi de l'enquête.",
      ),
    ],
    [
      'SOLICITATION_COUNT (none)',
      contextAt('callOpen', {}, { solicitations: [] }),
      violation(
        'SOLICITATION_COUNT',
        'termsSentOn',
        'warning',
        'Le guide prévoit de solliciter des prestataires « 2 à 4 en général » (aucun sollicité).',
      ),
    ],
    [
      'SOLICITATION_COUNT (one)',
      contextAt('callOpen', {}, { solicitations: [aSolicitation()] }),
      violation(
        'SOLICITATION_COUNT',
        'termsSentOn',
        'warning',
        'Le guide prévoit de solliciter des prestataires « 2 à 4 en général » (1 sollicité).',
      ),
    ],
    [
      'SOLICITATION_COUNT (five)',
      contextAt('callOpen', {}, { solicitations: fiveSolicitations }),
      violation(
        'SOLICITATION_COUNT',
        'termsSentOn',
        'warning',
        'Le guide prévoit de solliciter des prestataires « 2 à 4 en général » (5 sollicités).',
      ),
    ],
    [
      'MULTIPLE_RETAINED',
      contextAt(
        'awarded',
        {},
        {
          solicitations: [
            aSolicitation({ decision: 'Retenu' }),
            aDeclinedSolicitation(),
            aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' }),
          ],
        },
      ),
      violation(
        'MULTIPLE_RETAINED',
        'decision',
        'error',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ),
    ],
  ])('%s fires when broken', (_rule, context, expected) => {
    expect(checkMission(context)).toEqual([expected]);
  });

  it.each<[string, MissionContext]>([
    ['KICKOFF_WITHOUT_AGREEMENT / AGREEMENT_WITHOUT_AWARD', contextAt('inProgress')],
    ['AWARD_WITHOUT_RETAINED', contextAt('awarded')],
    ['BALANCE_* without balance date', contextAt('restituted', {}, { retainedProvider: null })],
    [
      'INTERRUPTION_INCOMPLETE on a complete stop',
      contextAt('midNoteReceived', {
        interruptionKind: 'Arrêt',
        interruptionOn: '2025-05-20',
        interruptionReason: "Cessation d'activité",
      }),
    ],
    [
      'SOLICITATION_COUNT before the terms are sent',
      contextAt('draft', {}, { solicitations: [aSolicitation()] }),
    ],
    [
      'SOLICITATION_COUNT with 2 solicited',
      contextAt('callOpen', {}, { solicitations: fiveSolicitations.slice(0, 2) }),
    ],
    [
      'SOLICITATION_COUNT with 4 solicited',
      contextAt('callOpen', {}, { solicitations: fiveSolicitations.slice(0, 4) }),
    ],
    ['MULTIPLE_RETAINED with a single retained', contextAt('closed')],
  ])('%s does not fire on a valid mission', (_rule, context) => {
    expect(checkMission(context)).toEqual([]);
  });

  // Guide, part III: « Les réponses doivent être écrites et transmises […] dans les délais
  // précisés par le cahier des charges ».
  it('TERMS_WITHOUT_DEADLINE: terms are not sent without a reply deadline', () => {
    expect(checkMission(contextAt('callOpen', { replyDeadline: null }))).toEqual([
      violation(
        'TERMS_WITHOUT_DEADLINE',
        'termsSentOn',
        'error',
        "Le cahier des charges ne part pas sans date limite de réponse : les propositions arrivent « dans les délais précisés par le cahier des charges ». Saisissez d'abord la « Date limite de réponse ».",
      ),
    ]);
    expect(checkMission(contextAt('draft', { replyDeadline: null }))).toEqual([]);
  });

  // Guide, part III: « Le prestataire doit s'appuyer sur le diagnostic et le cahier des charges ».
  it.each<[string, NonNullable<MissionContext['plan']> | null, RuleViolation[]]>([
    [
      'a plan without diagnostic',
      { id: 'ACC-CBE-LM-0007', diagnosticOn: null },
      [
        violation(
          'PLAN_WITHOUT_DIAGNOSTIC',
          'termsSentOn',
          'warning',
          "L'accompagnement ACC-CBE-LM-0007 n'a pas de date de diagnostic partagé : le prestataire « doit s'appuyer sur le diagnostic et le cahier des charges ». Indiquez le diagnostic dans l'onglet Accompagnements.",
        ),
      ],
    ],
    ['a plan with its diagnostic', { id: 'ACC-CBE-LM-0007', diagnosticOn: '2024-12-10' }, []],
    ['an unknown plan (its reference is checked elsewhere)', null, []],
  ])('PLAN_WITHOUT_DIAGNOSTIC on terms sent for %s', (_name, plan, expected) => {
    expect(checkMission(contextAt('callOpen', {}, { plan }))).toEqual(expected);
  });

  it('reports one MULTIPLE_RETAINED per extra retained proposal', () => {
    const retained = ['PRE-0012', 'PRE-0031', 'PRE-0044'].map((providerId) =>
      aSolicitation({ providerId, decision: 'Retenu' }),
    );
    const violations = checkMission(contextAt('awarded', {}, { solicitations: retained }));
    expect(violations.map((v) => [v.code, v.field, v.message])).toEqual([
      [
        'MULTIPLE_RETAINED',
        'decision',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ],
      [
        'MULTIPLE_RETAINED',
        'decision',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ],
    ]);
  });

  it('reports every balance blocker at once', () => {
    const context = contextAt(
      'balancePaid',
      { restitutionOn: null, finalReportReceivedOn: null },
      { retainedProvider: incomplete },
    );
    expect(checkMission(context).map((v) => [v.code, v.field, v.severity])).toEqual([
      ['BALANCE_WITHOUT_FINAL_REPORT', 'balancePaidOn', 'error'],
      ['BALANCE_WITHOUT_RESTITUTION', 'balancePaidOn', 'error'],
      ['BALANCE_PROVIDER_INCOMPLETE', 'balancePaidOn', 'error'],
    ]);
  });
});

describe('balanceBlockers', () => {
  it('is empty once the complete report, the restitution and a complete provider sheet are there', () => {
    expect(
      balanceBlockers(
        contextAt('restituted', {
          finalReportReceivedOn: '2025-07-03',
          finalReportContents: [...FINAL_REPORT_CONTENTS],
        }),
      ),
    ).toEqual([]);
  });

  // Guide, part III: « Le rapport final […] doit comporter les éléments suivants » — page de
  // garde, note de synthèse, plan d'actions « préconisations et échéancier », annexes — and the
  // restitution is based on it « en version numérique et papier » (« pièce indispensable pour
  // procéder au versement du solde »).
  it.each<[string, string[] | null, string]>([
    [
      'not recorded',
      null,
      'Contenu du rapport final non renseigné : indiquez dans « Contenu du rapport final » les éléments présents parmi ceux exigés par le guide.',
    ],
    [
      'half done',
      FINAL_REPORT_CONTENTS.slice(0, 5),
      'Rapport final incomplet, il manque : Travail réalisé et résultats, Préconisations et échéancier, Annexes, Version numérique, Version papier.',
    ],
    [
      'without the paper version',
      FINAL_REPORT_CONTENTS.filter((c) => c !== 'Version papier'),
      'Rapport final incomplet, il manque : Version papier.',
    ],
  ])(
    'keeps the balance blocked while the final report is %s, naming what is missing',
    (_name, contents, message) => {
      const context = contextAt('restituted', {
        finalReportReceivedOn: '2025-07-03',
        finalReportContents: contents,
      });
      expect(balanceBlockers(context)).toEqual([
        { code: 'BALANCE_FINAL_REPORT_INCOMPLETE', message },
      ]);
      expect(checkMission(context)).toEqual([
        violation('FINAL_REPORT_INCOMPLETE', 'finalReportContents', 'warning', message),
      ]);
      expect(
        checkMission({ ...context, mission: { ...context.mission, balancePaidOn: '2025-07-21' } }),
      ).toEqual([violation('BALANCE_FINAL_REPORT_INCOMPLETE', 'balancePaidOn', 'error', message)]);
    },
  );

  it('explains why a balance not yet entered cannot be paid', () => {
    expect(balanceBlockers(contextAt('restituted'))).toEqual([
      {
        code: 'BALANCE_WITHOUT_FINAL_REPORT',
        message:
          'Le solde ne peut pas être versé sans le rapport final (version numérique et papier).',
      },
    ]);
  });

  it('lists every missing piece on a mission that has just started', () => {
    const context = contextAt(
      'inProgress',
      {},
      { retainedProvider: { id: 'PRE-0012', completeness: { sheetComplete: false, missing: [] } } },
    );
    expect(balanceBlockers(context)).toEqual([
      {
        code: 'BALANCE_WITHOUT_FINAL_REPORT',
        message:
          'Le solde ne peut pas être versé sans le rapport final (version numérique et papier).',
      },
      {
        code: 'BALANCE_WITHOUT_RESTITUTION',
        message: 'Le solde ne peut pas être versé avant la restitution.',
      },
      { code: 'BALANCE_PROVIDER_INCOMPLETE', message: 'Fiche prestataire incomplète.' },
    ]);
  });
});

describe('checkSolicitation', () => {
  const mission = missionAtStage('awarded');

  it.each(MISSION_STAGES.map((stage) => [stage]))(
    'reports nothing on the call for proposals at stage %s',
    (stage) => {
      const solicitations = aCallForProposals(stage);
      for (const s of solicitations)
        expect(checkSolicitation(s, missionAtStage(stage), solicitations)).toEqual([]);
    },
  );

  it.each<[keyof Solicitation, number, string]>([
    ['priceCents', 450_000, 'Prix proposé'],
    ['proposedDays', 6, 'Jours proposés'],
    ['understandingByOfficer', 3, 'Compréhension (CM)'],
    ['understandingByBeneficiary', 3, 'Compréhension (SB)'],
    ['resultsByOfficer', 3, 'Résultats attendus (CM)'],
    ['resultsByBeneficiary', 3, 'Résultats attendus (SB)'],
    ['methodologyByOfficer', 3, 'Méthodologie (CM)'],
    ['methodologyByBeneficiary', 3, 'Méthodologie (SB)'],
    ['profileByOfficer', 3, 'Profil et références (CM)'],
    ['profileByBeneficiary', 3, 'Profil et références (SB)'],
    ['durationByOfficer', 3, 'Durée (CM)'],
    ['durationByBeneficiary', 0, 'Durée (SB)'],
  ])(
    'SOLICITATION_DECLINED_WITH_PROPOSAL: a decline with %s filled is refused',
    (key, value, label) => {
      expect(checkSolicitation(aDeclinedSolicitation({ [key]: value }), mission, [])).toEqual([
        violation(
          'SOLICITATION_DECLINED_WITH_PROPOSAL',
          key,
          'error',
          `Le prestataire a décliné : la colonne « ${label} » doit rester vide.`,
        ),
      ]);
    },
  );

  it('SOLICITATION_DECLINED_WITH_PROPOSAL: one violation per offending field', () => {
    const s = aDeclinedSolicitation({ priceCents: 450_000, proposedDays: 6 });
    expect(checkSolicitation(s, mission, []).map((v) => v.field)).toEqual([
      'priceCents',
      'proposedDays',
    ]);
  });

  const retainedSibling = aSolicitation({ decision: 'Retenu' });

  it.each<[string, Solicitation, Mission | null, Solicitation[], RuleViolation]>([
    [
      'ANSWER_BEFORE_SOLICITATION',
      aSolicitation({ answeredOn: '2025-01-10' }),
      mission,
      [],
      violation(
        'ANSWER_BEFORE_SOLICITATION',
        'answeredOn',
        'error',
        'La réponse (10/01/2025) ne peut pas précéder la sollicitation (13/01/2025).',
      ),
    ],
    [
      'SOLICITED_BEFORE_TERMS',
      aSolicitation({ solicitedOn: '2025-01-10' }),
      mission,
      [],
      violation(
        'SOLICITED_BEFORE_TERMS',
        'solicitedOn',
        'error',
        "La sollicitation (10/01/2025) ne peut pas précéder l'envoi du cahier des charges de la mission (13/01/2025).",
      ),
    ],
    [
      'ANSWER_DATE_MISSING (proposal)',
      aSolicitation({ answeredOn: null }),
      mission,
      [],
      violation(
        'ANSWER_DATE_MISSING',
        'answer',
        'warning',
        'Réponse « Proposition reçue » sans date de réception : indiquez quand elle est arrivée.',
      ),
    ],
    [
      'ANSWER_DATE_MISSING (late)',
      aSolicitation({ answer: 'Hors délai', answeredOn: null }),
      mission,
      [],
      violation(
        'ANSWER_DATE_MISSING',
        'answer',
        'warning',
        'Réponse « Hors délai » sans date de réception : indiquez quand elle est arrivée.',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (declined)',
      aDeclinedSolicitation({ decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « Décliné ».',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (pending)',
      aPendingSolicitation({ decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « En attente ».',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (no answer)',
      aPendingSolicitation({ answer: null, decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « sans réponse ».',
      ),
    ],
    [
      'RETAINED_WITHOUT_PROPOSAL (late, not admitted)',
      aSolicitation({ answer: 'Hors délai', answeredOn: '2025-02-10', decision: 'Retenu' }),
      mission,
      [],
      violation(
        'RETAINED_WITHOUT_PROPOSAL',
        'decision',
        'error',
        'Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « Hors délai ».',
      ),
    ],
    [
      'MULTIPLE_RETAINED',
      aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' }),
      mission,
      [retainedSibling, aDeclinedSolicitation()],
      violation(
        'MULTIPLE_RETAINED',
        'decision',
        'error',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ),
    ],
    [
      'NOTIFIED_BUT_NOT_REJECTED (no decision)',
      aSolicitation({ notifiedOn: '2025-02-24' }),
      mission,
      [],
      violation(
        'NOTIFIED_BUT_NOT_REJECTED',
        'notifiedOn',
        'error',
        'Seul un prestataire « Non retenu » est informé du refus : indiquez la décision « Non retenu » ou videz la date.',
      ),
    ],
    [
      'NOTIFIED_BUT_NOT_REJECTED (retained)',
      aSolicitation({ decision: 'Retenu', notifiedOn: '2025-02-24' }),
      mission,
      [],
      violation(
        'NOTIFIED_BUT_NOT_REJECTED',
        'notifiedOn',
        'error',
        'Seul un prestataire « Non retenu » est informé du refus : indiquez la décision « Non retenu » ou videz la date.',
      ),
    ],
    [
      'LATE_ANSWER',
      aSolicitation({ answeredOn: '2025-02-10' }),
      mission,
      [],
      violation(
        'LATE_ANSWER',
        'answer',
        'warning',
        "Réponse reçue après la date limite du 07/02/2025 : passez-la en « Hors délai », ou saisissez « Oui » dans « Admise malgré le retard » pour la classer quand même (choix de l'opérateur).",
      ),
    ],
  ])('%s fires when broken', (_rule, s, m, siblings, expected) => {
    expect(checkSolicitation(s, m, siblings)).toEqual([expected]);
  });

  it.each<[string, Solicitation, Mission | null, Solicitation[]]>([
    [
      'ANSWER_BEFORE_SOLICITATION: answered the day it was solicited',
      aDeclinedSolicitation({ answeredOn: '2025-01-13' }),
      mission,
      [],
    ],
    [
      'SOLICITED_BEFORE_TERMS: solicited the day the terms were sent',
      aSolicitation({ solicitedOn: '2025-01-13' }),
      mission,
      [],
    ],
    [
      'SOLICITED_BEFORE_TERMS / LATE_ANSWER: mission unknown',
      aSolicitation({ solicitedOn: '2025-01-10', answeredOn: '2025-02-10' }),
      null,
      [],
    ],
    ['ANSWER_DATE_MISSING: still pending', aPendingSolicitation(), mission, []],
    [
      'RETAINED_WITHOUT_PROPOSAL: late but admitted',
      aSolicitation({
        answer: 'Hors délai',
        answeredOn: '2025-02-10',
        lateAdmitted: true,
        decision: 'Retenu',
      }),
      mission,
      [],
    ],
    [
      'MULTIPLE_RETAINED: the other retained belongs to another mission',
      aSolicitation({ decision: 'Retenu' }),
      mission,
      [aSolicitation({ missionId: 'MIS-CBE-LM-0043', providerId: 'PRE-0031', decision: 'Retenu' })],
    ],
    [
      'MULTIPLE_RETAINED: the first retained of the list',
      retainedSibling,
      mission,
      [retainedSibling, aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' })],
    ],
    [
      'NOTIFIED_BUT_NOT_REJECTED: a consultant not retained is told',
      aSolicitation({ decision: 'Non retenu', notifiedOn: '2025-02-24' }),
      mission,
      [],
    ],
    [
      'LATE_ANSWER: answered on the deadline day',
      aSolicitation({ answeredOn: '2025-02-07' }),
      mission,
      [],
    ],
    [
      'LATE_ANSWER: admitted despite the delay',
      aSolicitation({ answeredOn: '2025-02-10', lateAdmitted: true }),
      mission,
      [],
    ],
    [
      'LATE_ANSWER: already marked late',
      aSolicitation({ answer: 'Hors délai', answeredOn: '2025-02-10' }),
      mission,
      [],
    ],
  ])('%s does not fire', (_rule, s, m, siblings) => {
    expect(checkSolicitation(s, m, siblings)).toEqual([]);
  });

  it('MULTIPLE_RETAINED refuses the later of two retained when the list holds the solicitation itself', () => {
    const later = aSolicitation({ providerId: 'PRE-0031', decision: 'Retenu' });
    expect(checkSolicitation(later, mission, [retainedSibling, later])).toEqual([
      violation(
        'MULTIPLE_RETAINED',
        'decision',
        'error',
        'Un seul prestataire peut être retenu par mission : PRE-0012 est déjà retenu.',
      ),
    ]);
  });
});
