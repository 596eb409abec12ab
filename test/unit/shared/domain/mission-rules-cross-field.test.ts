import { checkMission } from '../../../../shared/domain/mission-rules';
import type { MissionContext, RuleViolation } from '../../../../shared/domain/rule-violation';
import { providerCompleteness } from '../../../../shared/domain/provider';
import {
  aCallForProposals,
  aDeclinedSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';
import {
  INCOMPLETE_PROVIDER_SHEET,
  contextAt,
  fullContext,
  violation,
} from './mission-rules.fixture';

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
