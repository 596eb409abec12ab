import { collectiveViolations } from './collective-mission';
import { finalReportShortfall } from './final-report';
import { paymentViolations } from './payment-rules';
import type { Mission } from './mission';
import { dimensionScores } from './satisfaction-survey';
import { everySolicitedAnswered, type MilestoneField } from './mission-lifecycle';
import { SOLICITATION_FIELDS, type Solicitation } from './solicitation';
import { formatFrenchDate, type IsoDate } from './values/french-date';
import type { BalanceBlocker, MissionContext, RuleViolation } from './rule-violation';

/**
 * The order between milestones, as [earlier, later, code]: when both dates are entered, the
 * later one may not precede the earlier one, and the later one is refused. The guide sets no
 * order between the kickoff and the agreement, and the final report exists at the restitution
 * (« La restitution est conduite par le prestataire, sur la base d'un rapport final »): neither
 * pair is here.
 */
export const MILESTONE_ORDER: readonly (readonly [MilestoneField, MilestoneField, string])[] = [
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
];

/** How a milestone is named in a sentence: as its subject, and after « précéder ». */
const MILESTONE_NAMES: Readonly<
  Record<MilestoneField, { readonly subject: string; readonly object: string }>
> = {
  termsSentOn: {
    subject: "L'envoi du cahier des charges",
    object: "l'envoi du cahier des charges",
  },
  replyDeadline: { subject: 'La date limite de réponse', object: 'la date limite de réponse' },
  awardedOn: { subject: "L'attribution", object: "l'attribution" },
  agreementSignedOn: { subject: 'La convention', object: 'la signature de la convention' },
  kickoffOn: { subject: 'La réunion de lancement', object: 'la réunion de lancement' },
  plannedEndOn: { subject: 'La fin prévue', object: 'la fin prévue' },
  midNoteReceivedOn: { subject: 'La note à mi-parcours', object: 'la note à mi-parcours' },
  restitutionOn: { subject: 'La restitution', object: 'la restitution' },
  finalReportReceivedOn: { subject: 'Le rapport final', object: 'la réception du rapport final' },
  balancePaidOn: { subject: 'Le versement du solde', object: 'le versement du solde' },
  surveySentOn: {
    subject: "L'envoi de l'enquête de satisfaction",
    object: "l'envoi de l'enquête de satisfaction",
  },
  surveyAnsweredOn: {
    subject: "La réponse à l'enquête de satisfaction",
    object: "la réponse à l'enquête de satisfaction",
  },
  closedOn: { subject: 'La clôture', object: 'la clôture' },
  followUpDiagnosticOn: { subject: 'Le diagnostic de suivi', object: 'le diagnostic de suivi' },
  warningOn: { subject: "L'alerte du prestataire", object: "l'alerte du prestataire" },
  interruptionOn: { subject: 'La décision du DLA', object: 'la décision du DLA' },
  interruptionDecisionOn: { subject: 'La reprise', object: 'la reprise' },
};

/** The guide's range for the consultants solicited: « 2 à 4 en général » (a warning, never a refusal). */
const MIN_SOLICITED = 2;
const MAX_SOLICITED = 4;

const error = (code: string, field: string, message: string): RuleViolation => ({
  code,
  field,
  message,
  severity: 'error',
});
const warning = (code: string, field: string, message: string): RuleViolation => ({
  code,
  field,
  message,
  severity: 'warning',
});

function isFilled(value: string | null): value is string {
  return value !== null && value.trim() !== '';
}

function milestoneOrderViolations(context: MissionContext): RuleViolation[] {
  const { mission } = context;
  const violations: RuleViolation[] = [];
  for (const [earlierField, laterField, code] of MILESTONE_ORDER) {
    const earlier: IsoDate | null = mission[earlierField];
    const later: IsoDate | null = mission[laterField];
    if (earlier === null || later === null || later >= earlier) continue;
    // Once every consultant has answered, waiting for the deadline serves nobody.
    if (code === 'AWARD_BEFORE_DEADLINE' && everySolicitedAnswered(context.solicitations)) continue;
    const sentence = `${MILESTONE_NAMES[laterField].subject} (${formatFrenchDate(later)}) ne peut pas précéder ${MILESTONE_NAMES[earlierField].object} (${formatFrenchDate(earlier)})`;
    const condition =
      code === 'AWARD_BEFORE_DEADLINE'
        ? " tant que tous les prestataires sollicités n'ont pas répondu"
        : '';
    violations.push(error(code, laterField, `${sentence}${condition}.`));
  }
  return violations;
}

function prerequisiteViolations(context: MissionContext): RuleViolation[] {
  const { mission } = context;
  const violations: RuleViolation[] = [];
  if (mission.kickoffOn !== null && mission.awardedOn === null) {
    violations.push(
      error(
        'KICKOFF_WITHOUT_AWARD',
        'kickoffOn',
        "La réunion de lancement réunit la structure, l'opérateur et le prestataire retenu : saisissez d'abord la date d'attribution.",
      ),
    );
  }
  // « Dans la mesure du possible » a tripartite kickoff frames the mission, and the agreement
  // writes its terms down: the guide orders neither, so a kickoff without agreement is shown,
  // not refused (the AGREEMENT_NOT_SIGNED alert keeps asking for the signature).
  if (
    mission.kickoffOn !== null &&
    mission.awardedOn !== null &&
    mission.agreementSignedOn === null
  ) {
    violations.push(
      warning(
        'KICKOFF_WITHOUT_AGREEMENT',
        'kickoffOn',
        'Réunion de lancement tenue sans convention tripartite signée : faites signer la convention, qui précise les modalités de la mission et les engagements de chacun.',
      ),
    );
  }
  if (mission.agreementSignedOn !== null && mission.awardedOn === null) {
    violations.push(
      error(
        'AGREEMENT_WITHOUT_AWARD',
        'agreementSignedOn',
        "La convention tripartite ne peut pas être signée avant l'attribution : saisissez d'abord la date d'attribution.",
      ),
    );
  }
  if (mission.awardedOn !== null && !context.solicitations.some((s) => s.decision === 'Retenu')) {
    violations.push(
      warning(
        'AWARD_WITHOUT_RETAINED',
        'awardedOn',
        `Mission attribuée le ${formatFrenchDate(mission.awardedOn)} sans prestataire « Retenu » parmi les sollicitations.`,
      ),
    );
  }
  return violations;
}

/**
 * Why the balance of a mission cannot be paid (guide: the final report is « pièce indispensable
 * pour procéder au versement du solde » and « doit comporter » the elements of part III, and a
 * provider whose sheet is incomplete cannot be paid), whether or not a payment date is entered;
 * empty when it can be paid.
 */
export function balanceBlockers(context: MissionContext): BalanceBlocker[] {
  const { mission, retainedProvider } = context;
  const blockers: BalanceBlocker[] = [];
  const report = finalReportShortfall(mission.finalReportReceivedOn, mission.finalReportContents);
  if (report !== null) blockers.push(report);
  if (mission.restitutionOn === null) {
    blockers.push({
      code: 'BALANCE_WITHOUT_RESTITUTION',
      message: 'Le solde ne peut pas être versé avant la restitution.',
    });
  }
  if (retainedProvider === null) {
    blockers.push({
      code: 'BALANCE_PROVIDER_INCOMPLETE',
      message:
        'Aucun prestataire retenu : sa fiche prestataire ne peut pas être vérifiée avant le solde.',
    });
  } else if (!retainedProvider.completeness.sheetComplete) {
    const missing = retainedProvider.completeness.missing;
    blockers.push({
      code: 'BALANCE_PROVIDER_INCOMPLETE',
      message:
        missing.length > 0
          ? `Fiche prestataire incomplète : ${missing.join(', ')}.`
          : 'Fiche prestataire incomplète.',
    });
  }
  return blockers;
}

function balanceViolations(context: MissionContext): RuleViolation[] {
  const { mission } = context;
  if (mission.balancePaidOn === null) {
    // Shown as soon as the report arrives, so that nobody discovers it on the day of paying.
    const report = finalReportShortfall(mission.finalReportReceivedOn, mission.finalReportContents);
    return mission.finalReportReceivedOn !== null && report !== null
      ? [warning('FINAL_REPORT_INCOMPLETE', 'finalReportContents', report.message)]
      : [];
  }
  return balanceBlockers(context).map((b) => error(b.code, 'balancePaidOn', b.message));
}

function decisionCompleteness(mission: Mission): RuleViolation[] {
  const kind = mission.interruptionKind;
  if (kind === null) return [];
  const missing = [
    ...(mission.interruptionOn === null ? ['sa date'] : []),
    ...(isFilled(mission.interruptionReason) ? [] : ['son motif']),
  ];
  if (missing.length === 0) return [];
  return [
    error(
      'INTERRUPTION_INCOMPLETE',
      'interruptionKind',
      `Décision « ${kind} » du DLA incomplète : indiquez ${missing.join(' et ')}.`,
    ),
  ];
}

/**
 * The consultant's warning and the DLA's decision are recorded apart (guide, part III: the
 * consultant « devra immédiatement en informer le DLA pour prise de décision rapide :
 * réorientation, suspension, arrêt de l'accompagnement »); only a suspension waits for a resumption.
 */
function interruptionViolations(mission: Mission): RuleViolation[] {
  const violations = decisionCompleteness(mission);
  const kind = mission.interruptionKind;
  if (mission.interruptionDecisionOn === null) return violations;
  if (kind === null) {
    violations.push(
      error(
        'DECISION_WITHOUT_INTERRUPTION',
        'interruptionDecisionOn',
        'Une reprise suit une suspension : indiquez d’abord la décision « Suspension » du DLA.',
      ),
    );
  } else if (kind === 'Arrêt') {
    violations.push(
      warning(
        'RESUMPTION_AFTER_STOP',
        'interruptionDecisionOn',
        'Une mission arrêtée ne reprend pas : la date de reprise est ignorée.',
      ),
    );
  } else if (kind === 'Réorientation') {
    violations.push(
      warning(
        'RESUMPTION_AFTER_REORIENTATION',
        'interruptionDecisionOn',
        'Une mission réorientée continue sans reprise à décider : la date de reprise est ignorée.',
      ),
    );
  }
  return violations;
}

function scopeExtensionViolations(mission: Mission): RuleViolation[] {
  if (mission.scopeExtensionOn === null) return [];
  const missing = [
    ...(isFilled(mission.scopeExtensionBy) ? [] : ["la personne de l'opérateur qui l'a autorisé"]),
    ...(isFilled(mission.scopeExtensionReason) ? [] : ['le motif de la demande']),
  ];
  if (missing.length === 0) return [];
  return [
    error(
      'SCOPE_EXTENSION_INCOMPLETE',
      'scopeExtensionOn',
      `Travail hors cadre autorisé le ${formatFrenchDate(mission.scopeExtensionOn)} : l'autorisation écrite doit indiquer ${missing.join(' et ')}.`,
    ),
  ];
}

function surveyViolations(mission: Mission): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const scored = mission.satisfactionScore !== null || dimensionScores(mission).length > 0;
  if (scored && mission.surveyAnsweredOn === null) {
    violations.push(
      warning(
        'SCORE_WITHOUT_SURVEY_ANSWER',
        'satisfactionScore',
        "Note de satisfaction saisie sans date de réponse à l'enquête : indiquez quand la structure a répondu.",
      ),
    );
  }
  if (mission.surveyAnsweredOn !== null && mission.surveySentOn === null) {
    violations.push(
      error(
        'SURVEY_ANSWER_WITHOUT_SENDING',
        'surveyAnsweredOn',
        "Réponse à l'enquête de satisfaction saisie sans date d'envoi de l'enquête.",
      ),
    );
  }
  return violations;
}

function solicitedCountText(count: number): string {
  if (count === 0) return 'aucun sollicité';
  return count === 1 ? '1 sollicité' : `${count} sollicités`;
}

function solicitationCountViolations(context: MissionContext): RuleViolation[] {
  const count = context.solicitations.length;
  if (context.mission.termsSentOn === null || (count >= MIN_SOLICITED && count <= MAX_SOLICITED))
    return [];
  return [
    warning(
      'SOLICITATION_COUNT',
      'termsSentOn',
      `Le guide prévoit de solliciter des prestataires « ${MIN_SOLICITED} à ${MAX_SOLICITED} en général » (${solicitedCountText(count)}).`,
    ),
  ];
}

/**
 * A call needs its groundwork (guide, part III): replies come « dans les délais précisés par le
 * cahier des charges », and the consultant « doit s'appuyer sur le diagnostic et le cahier des
 * charges ».
 */
function callGroundworkViolations(context: MissionContext): RuleViolation[] {
  const { mission, plan } = context;
  if (mission.termsSentOn === null) return [];
  const violations: RuleViolation[] = [];
  if (mission.replyDeadline === null) {
    violations.push(
      error(
        'TERMS_WITHOUT_DEADLINE',
        'termsSentOn',
        "Le cahier des charges ne part pas sans date limite de réponse : les propositions arrivent « dans les délais précisés par le cahier des charges ». Saisissez d'abord la « Date limite de réponse ».",
      ),
    );
  }
  if (plan !== undefined && plan !== null && plan.diagnosticOn === null) {
    violations.push(
      warning(
        'PLAN_WITHOUT_DIAGNOSTIC',
        'termsSentOn',
        `L'accompagnement ${plan.id} n'a pas de date de diagnostic partagé : le prestataire « doit s'appuyer sur le diagnostic et le cahier des charges ». Indiquez le diagnostic dans l'onglet Accompagnements.`,
      ),
    );
  }
  return violations;
}

function multipleRetainedMessage(first: Solicitation): string {
  const who = first.providerId === null ? 'un autre prestataire' : first.providerId;
  return `Un seul prestataire peut être retenu par mission : ${who} est déjà retenu.`;
}

function multipleRetainedViolations(solicitations: readonly Solicitation[]): RuleViolation[] {
  const retained = solicitations.filter((s) => s.decision === 'Retenu');
  const [first, ...others] = retained;
  if (first === undefined) return [];
  return others.map(() => error('MULTIPLE_RETAINED', 'decision', multipleRetainedMessage(first)));
}

/**
 * The guide's cross-field rules on a mission: milestone order, milestones reached without their
 * prerequisite, balance paid without final report or complete provider sheet, incomplete
 * decision or scope extension, survey, number of consultants solicited, the call's groundwork
 * (reply deadline, the plan's diagnostic), single award.
 */
export function checkMission(context: MissionContext): RuleViolation[] {
  const { mission } = context;
  return [
    ...milestoneOrderViolations(context),
    ...prerequisiteViolations(context),
    ...balanceViolations(context),
    ...paymentViolations(context),
    ...collectiveViolations(mission),
    ...interruptionViolations(mission),
    ...scopeExtensionViolations(mission),
    ...surveyViolations(mission),
    ...solicitationCountViolations(context),
    ...callGroundworkViolations(context),
    ...multipleRetainedViolations(context.solicitations),
  ];
}

/** The proposal fields a consultant who declined cannot have filled in. */
const PROPOSAL_FIELDS = [
  'priceCents',
  'proposedDays',
  'understandingByOfficer',
  'understandingByBeneficiary',
  'resultsByOfficer',
  'resultsByBeneficiary',
  'methodologyByOfficer',
  'methodologyByBeneficiary',
  'profileByOfficer',
  'profileByBeneficiary',
  'durationByOfficer',
  'durationByBeneficiary',
] as const satisfies readonly (keyof Solicitation)[];

function declinedViolations(s: Solicitation): RuleViolation[] {
  if (s.answer !== 'Décliné') return [];
  return PROPOSAL_FIELDS.filter((key) => s[key] !== null).map((key) =>
    error(
      'SOLICITATION_DECLINED_WITH_PROPOSAL',
      key,
      `Le prestataire a décliné : la colonne « ${SOLICITATION_FIELDS[key].label} » doit rester vide.`,
    ),
  );
}

function solicitationDateViolations(s: Solicitation, mission: Mission | null): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (s.answeredOn !== null && s.solicitedOn !== null && s.answeredOn < s.solicitedOn) {
    violations.push(
      error(
        'ANSWER_BEFORE_SOLICITATION',
        'answeredOn',
        `La réponse (${formatFrenchDate(s.answeredOn)}) ne peut pas précéder la sollicitation (${formatFrenchDate(s.solicitedOn)}).`,
      ),
    );
  }
  const termsSentOn = mission?.termsSentOn ?? null;
  if (s.solicitedOn !== null && termsSentOn !== null && s.solicitedOn < termsSentOn) {
    violations.push(
      error(
        'SOLICITED_BEFORE_TERMS',
        'solicitedOn',
        `La sollicitation (${formatFrenchDate(s.solicitedOn)}) ne peut pas précéder l'envoi du cahier des charges de la mission (${formatFrenchDate(termsSentOn)}).`,
      ),
    );
  }
  if ((s.answer === 'Proposition reçue' || s.answer === 'Hors délai') && s.answeredOn === null) {
    violations.push(
      warning(
        'ANSWER_DATE_MISSING',
        'answer',
        `Réponse « ${s.answer} » sans date de réception : indiquez quand elle est arrivée.`,
      ),
    );
  }
  const deadline = mission?.replyDeadline ?? null;
  if (
    s.answer === 'Proposition reçue' &&
    s.lateAdmitted !== true &&
    s.answeredOn !== null &&
    deadline !== null &&
    s.answeredOn > deadline
  ) {
    violations.push(
      warning(
        'LATE_ANSWER',
        'answer',
        `Réponse reçue après la date limite du ${formatFrenchDate(deadline)} : passez-la en « Hors délai », ou saisissez « Oui » dans « Admise malgré le retard » pour la classer quand même (choix de l'opérateur).`,
      ),
    );
  }
  return violations;
}

/** The same mission's other solicitations that come before `s`: all of them when `s` is not in the list. */
function solicitationsBefore(
  s: Solicitation,
  siblings: readonly Solicitation[],
): readonly Solicitation[] {
  const index = siblings.indexOf(s);
  const before = index < 0 ? siblings : siblings.slice(0, index);
  return before.filter((other) => other.missionId === s.missionId);
}

function decisionViolations(s: Solicitation, siblings: readonly Solicitation[]): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (s.decision === 'Retenu') {
    const admissible =
      s.answer === 'Proposition reçue' || (s.answer === 'Hors délai' && s.lateAdmitted === true);
    if (!admissible) {
      const answer = s.answer ?? 'sans réponse';
      violations.push(
        error(
          'RETAINED_WITHOUT_PROPOSAL',
          'decision',
          `Seule une proposition reçue (ou admise malgré le retard) peut être retenue ; réponse actuelle : « ${answer} ».`,
        ),
      );
    }
    const firstRetained = solicitationsBefore(s, siblings).find(
      (other) => other.decision === 'Retenu',
    );
    if (firstRetained !== undefined)
      violations.push(
        error('MULTIPLE_RETAINED', 'decision', multipleRetainedMessage(firstRetained)),
      );
  }
  if (s.notifiedOn !== null && s.decision !== 'Non retenu') {
    violations.push(
      error(
        'NOTIFIED_BUT_NOT_REJECTED',
        'notifiedOn',
        'Seul un prestataire « Non retenu » est informé du refus : indiquez la décision « Non retenu » ou videz la date.',
      ),
    );
  }
  return violations;
}

/**
 * The guide's rules on one solicitation, given its mission (null when unknown) and the other
 * solicitations of that mission in row order. `siblings` may contain `s` itself (the same
 * object): then only the rows before it count, so of two « Retenu » only the later is refused.
 */
export function checkSolicitation(
  s: Solicitation,
  mission: Mission | null,
  siblings: readonly Solicitation[],
): RuleViolation[] {
  return [
    ...declinedViolations(s),
    ...solicitationDateViolations(s, mission),
    ...decisionViolations(s, siblings),
  ];
}
