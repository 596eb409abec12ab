import { isoDateOrNull } from '../values/french-date';
import { isMilestoneReached } from '../mission-lifecycle';
import { operatorDisplayName } from '../operator';
import { describeDimensions, lowDimensions, overallSatisfaction } from '../satisfaction-survey';
import {
  after,
  fr,
  isDue,
  makeAlert,
  monthsAfter,
  running,
  type MissionRule,
} from './mission-rule-support';

/* The rules after the mission: satisfaction survey, follow-up diagnostic, recommendations. */

const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** The rule `SURVEY_NOT_SENT` (its trigger day: docs/alertes.md). */
export const surveyNotSent: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !isMilestoneReached(mission.restitutionOn, today)) return [];
  if (isMilestoneReached(mission.surveySentOn, today)) return [];
  const due = after(mission.restitutionOn, parameters.surveySendDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('SURVEY_NOT_SENT', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : enquête de satisfaction non envoyée à la structure depuis la restitution du ${fr(mission.restitutionOn)} (envoi attendu le ${fr(due)}). Envoyez-la et indiquez sa date d'envoi.`,
    }),
  ];
};

/** The rule `SURVEY_UNANSWERED` (its trigger day: docs/alertes.md). */
export const surveyUnanswered: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !isMilestoneReached(mission.surveySentOn, today)) return [];
  if (isMilestoneReached(mission.surveyAnsweredOn, today)) return [];
  const due = after(mission.surveySentOn, parameters.surveyAnswerDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('SURVEY_UNANSWERED', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : enquête de satisfaction envoyée le ${fr(mission.surveySentOn)} et sans réponse (attendue le ${fr(due)}). Relancez la structure.`,
    }),
  ];
};

/**
 * `LOW_SATISFACTION`.
 * Guide, part III: the survey evaluates « les modalités d'intervention, son déroulement, les
 * compétences du prestataire, les résultats de l'intervention, l'impact et la durabilité »; a low
 * score on any of them, or overall, is flagged to the C2RA with the dimensions named. The
 * threshold is an operator default.
 */
export const lowSatisfaction: MissionRule = (facts, { owner, today, parameters, providers }) => {
  const { mission } = facts;
  const threshold = parameters.lowSatisfactionThreshold;
  const overall = overallSatisfaction(mission);
  const low = lowDimensions(mission, threshold);
  const overallLow = overall !== null && overall <= threshold;
  if (!overallLow && low.length === 0) return [];
  // A score without answer date counts at once: the date is only what makes it wait.
  const answeredOn = isoDateOrNull(mission.surveyAnsweredOn);
  if (answeredOn !== null && answeredOn > today) return [];
  const provider =
    facts.retainedProviderId === null
      ? 'prestataire non renseigné'
      : `prestataire ${providers.name(facts.retainedProviderId)}`;
  const what = [
    ...(overall === null ? [] : [`satisfaction de ${DECIMAL.format(overall)}/5`]),
    ...(low.length === 0 ? [] : [`note faible sur : ${describeDimensions(low)}`]),
  ].join(', ');
  return [
    makeAlert('LOW_SATISFACTION', facts.id, {
      severity: 'à faire',
      audience: 'C2RA',
      dueOn: null,
      message: `${facts.name} (${operatorDisplayName(owner)}) : ${what} (seuil ${threshold}/5), ${provider}. À examiner par le C2RA avec l'opérateur pour le suivi du registre.`,
    }),
  ];
};

/** The rule `FOLLOW_UP_DIAGNOSTIC_DUE` (its trigger day: docs/alertes.md). */
export const followUpDiagnosticDue: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (facts.status !== 'closed' || mission.closedOn === null) return [];
  if (isMilestoneReached(mission.followUpDiagnosticOn, today)) return [];
  const due = monthsAfter(mission.closedOn, parameters.followUpMonths);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('FOLLOW_UP_DIAGNOSTIC_DUE', facts.id, {
      severity: 'info',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : diagnostic de suivi post-accompagnement à prévoir à partir du ${fr(due)} (clôture du ${fr(mission.closedOn)}). Mesurez l'impact de la mission et repérez les nouveaux besoins de la structure.`,
    }),
  ];
};

/**
 * `RECOMMENDATIONS_DUE`.
 * Guide, part III: the final report lets « l'opérateur DLA […] assurer un suivi de
 * l'accompagnement », with its « Plan d'actions : préconisations et échéancier ».
 */
export const recommendationsDue: MissionRule = (facts, { today }) => {
  const { mission } = facts;
  if (facts.status === 'stopped') return [];
  const due = isoDateOrNull(mission.recommendationsDueOn);
  if (!isDue(due, today)) return [];
  const followedUp = isoDateOrNull(mission.followUpDiagnosticOn);
  if (followedUp !== null && followedUp >= due && followedUp <= today) return [];
  return [
    makeAlert('RECOMMENDATIONS_DUE', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : échéance des préconisations du rapport final le ${fr(due)}. Faites le point avec la structure sur leur mise en œuvre et indiquez la date du diagnostic de suivi.`,
    }),
  ];
};
