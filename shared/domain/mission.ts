import { z } from 'zod';
import { rowSchema } from './field-spec';
import {
  amountColumn,
  choiceColumn,
  choicesColumn,
  dateColumn,
  decimalColumn,
  emailColumn,
  integerColumn,
  referenceColumn,
  textColumn,
} from './field-kinds';
import { field } from './field-spec';
import { parsePlanIds } from './plan-id-list';
import { FINAL_REPORT_CONTENTS } from './final-report';
import { GUIDE_FUNDERS, PARTNER_PREFIX, parseFunding } from './mission-funding';
import { parseMissionWeights, WEIGHT_ORDER_TEXT } from './mission-weights';
import { COMPETENCES, SECTORS } from './reference-lists';

/** Individual or collective engineering (ingénierie individuelle / collective). */
export const ENGINEERING_TYPES = ['Individuelle', 'Collective'] as const;

/**
 * The DLA's « prise de décision rapide » once the consultant warned it (guide, part III):
 * a réorientation changes the mission and lets it go on; a suspension waits for a resumption;
 * an arrêt ends it.
 */
export const INTERRUPTION_KINDS = ['Réorientation', 'Suspension', 'Arrêt'] as const;

/** One of the six dimensions of the satisfaction survey (guide, part III « Evaluation »). */
function surveyDimension(name: string, withArticle: string) {
  return integerColumn(
    `Enquête : ${name} (1 à 5)`,
    `Note de la structure sur ${withArticle}, de 1 à 5 (échelle de l’opérateur).`,
    { min: 1, max: 5 },
  );
}

/**
 * The columns of a mission d'ingénierie (tab « Missions »): one date per milestone of the guide,
 * from the terms of reference to the follow-up diagnostic. The status is never typed: it is
 * derived from these dates (see mission-lifecycle).
 */
export const MISSION_FIELDS = {
  planId: referenceColumn(
    'Accompagnement (ID)',
    "Identifiant ACC-… du plan d'accompagnement.",
    'plan',
    { required: true },
  ),
  engineeringType: choiceColumn(
    "Type d'ingénierie",
    'Ingénierie individuelle ou collective.',
    ENGINEERING_TYPES,
  ),
  otherPlanIds: field({
    label: 'Autres accompagnements (ID)',
    note: 'Mission collective : identifiants ACC-… des accompagnements des autres structures servies, séparés par des virgules.',
    format: 'text',
    parse: parsePlanIds,
  }),
  title: textColumn('Intitulé', 'Objet de la mission.', { required: true }),
  officerEmail: emailColumn(
    'Chargé(e) de mission (e-mail)',
    'Qui suit la mission : reçoit les alertes de la mission dans son récapitulatif quotidien.',
  ),
  requiredCompetence: choiceColumn(
    'Compétence requise',
    'Compétence principale attendue du prestataire.',
    COMPETENCES,
  ),
  sector: choiceColumn('Secteur', "Secteur d'activité concerné.", SECTORS),
  budgetCeilingCents: amountColumn('Plafond budgétaire', 'Budget maximum de la mission, en euros.'),
  estimatedDays: decimalColumn('Jours estimés', "Nombre de jours d'intervention prévus.", {
    min: 0,
    max: 365,
    maxDecimals: 1,
  }),
  scoringWeights: field({
    label: 'Pondération de la mission',
    note: `Facultatif : poids propres à cette mission, sur 100 (${WEIGHT_ORDER_TEXT}), par exemple « 30 / 10 / 25 / 15 / 5 / 15 ». Vide : les poids de l’onglet Paramètres.`,
    format: 'text',
    parse: parseMissionWeights,
  }),
  termsSentOn: dateColumn(
    'Cahier des charges envoyé le',
    "Date d'envoi du cahier des charges aux prestataires sollicités.",
  ),
  replyDeadline: dateColumn(
    'Date limite de réponse',
    'Date limite de réception des propositions, précisée par le cahier des charges : à saisir avant la date d’envoi.',
  ),
  awardedOn: dateColumn('Attribuée le', 'Date du choix du prestataire, avec la structure.'),
  agreementSignedOn: dateColumn(
    'Convention signée le',
    'Date de signature de la convention tripartite DLA / structure / prestataire.',
  ),
  kickoffOn: dateColumn('Réunion de lancement le', 'Date de la réunion tripartite de lancement.'),
  plannedEndOn: dateColumn('Fin prévue le', "Date de fin prévue de l'intervention."),
  midNoteDueOn: dateColumn(
    'Note à mi-parcours attendue le',
    'Laisser vide : mi-chemin entre le lancement et la fin prévue.',
  ),
  midNoteReceivedOn: dateColumn(
    'Note à mi-parcours reçue le',
    'Date de réception de la note à mi-parcours (par e-mail).',
  ),
  restitutionOn: dateColumn('Restitution le', 'Date de la réunion de restitution.'),
  finalReportReceivedOn: dateColumn(
    'Rapport final reçu le',
    'Date de réception du rapport final (numérique et papier) : indispensable au solde.',
  ),
  finalReportContents: choicesColumn(
    'Contenu du rapport final',
    'Éléments présents parmi ceux exigés par le guide : le solde reste bloqué tant qu’il en manque un.',
    FINAL_REPORT_CONTENTS,
  ),
  recommendationsDueOn: dateColumn(
    'Échéance des préconisations',
    "Date de l'échéancier du plan d'actions du rapport final à laquelle faire le point avec la structure.",
  ),
  funding: field({
    label: 'Financeurs et montants',
    note: `« Financeur : montant » séparés par des points-virgules, par exemple « DDTEFP : 2 000 ; Conseil Régional : 1 500 ». Financeurs nommés par le guide : ${GUIDE_FUNDERS.join(', ')} ; tout autre partenaire : « ${PARTNER_PREFIX} <nom> : montant ».`,
    format: 'text',
    parse: parseFunding,
  }),
  agreedPriceCents: amountColumn(
    'Prix convenu',
    'Prix de la mission fixé par la convention. Vide : le prix de la proposition retenue.',
  ),
  advanceCents: amountColumn('Acompte', "Montant de l'acompte versé au prestataire."),
  advancePaidOn: dateColumn('Acompte versé le', "Date du versement de l'acompte."),
  balanceCents: amountColumn('Montant du solde', 'Montant du solde versé au prestataire.'),
  balancePaidOn: dateColumn('Solde versé le', 'Date du versement du solde au prestataire.'),
  surveySentOn: dateColumn(
    'Enquête envoyée le',
    "Date d'envoi de l'enquête de satisfaction à la structure.",
  ),
  surveyAnsweredOn: dateColumn('Enquête reçue le', "Date de réponse à l'enquête de satisfaction."),
  satisfactionScore: integerColumn(
    'Satisfaction (1 à 5)',
    'Note globale de la structure, de 1 à 5 (la note unique d’avant les six dimensions reste lue ainsi). Vide : la moyenne des six dimensions.',
    { min: 1, max: 5 },
  ),
  surveyModalities: surveyDimension("modalités d'intervention", "les modalités d'intervention"),
  surveyProgress: surveyDimension('déroulement', 'le déroulement de la mission'),
  surveyCompetence: surveyDimension('compétences du prestataire', 'les compétences du prestataire'),
  surveyResults: surveyDimension('résultats', "les résultats de l'intervention"),
  surveyImpact: surveyDimension('impact', "l'impact de l'intervention"),
  surveyDurability: surveyDimension('durabilité', "la durabilité de l'intervention"),
  closedOn: dateColumn('Clôturée le', 'Date de clôture administrative de la mission.'),
  followUpDiagnosticOn: dateColumn(
    'Diagnostic de suivi le',
    'Date du diagnostic de suivi post-accompagnement.',
  ),
  warningOn: dateColumn(
    'Alerte du prestataire le',
    "Date à laquelle le prestataire a informé le DLA qu'il pressent une réorientation nécessaire ou une inefficience de son action (il doit le faire « immédiatement »).",
  ),
  warningReason: textColumn(
    "Objet de l'alerte du prestataire",
    'Ce que le prestataire a signalé (réorientation nécessaire, contraintes externes…).',
    { maxLength: 500 },
  ),
  interruptionKind: choiceColumn(
    'Réorientation / suspension / arrêt',
    "Décision rapide du DLA après l'alerte du prestataire : Réorientation (la mission continue, réorientée), Suspension (jusqu'à une reprise) ou Arrêt.",
    INTERRUPTION_KINDS,
  ),
  interruptionOn: dateColumn('Décision du DLA le', 'Date de la décision du DLA.'),
  interruptionReason: textColumn(
    'Motif de la décision',
    'Motif de la décision du DLA (obligatoire avec la décision).',
    { maxLength: 500 },
  ),
  interruptionDecisionOn: dateColumn(
    'Reprise décidée le',
    'Après une suspension seulement : date de la reprise décidée par le DLA.',
  ),
  scopeExtensionOn: dateColumn(
    'Hors cadre autorisé le',
    "Date de l'autorisation écrite de travail hors du cadre prescrit.",
  ),
  scopeExtensionBy: textColumn(
    'Hors cadre autorisé par',
    "Personne de l'opérateur qui a autorisé par écrit.",
  ),
  scopeExtensionReason: textColumn('Motif du hors cadre', 'Demande motivée de la structure.', {
    maxLength: 500,
  }),
} as const;

/** Validates a mission row. */
export const missionSchema = rowSchema(MISSION_FIELDS);

/** A mission d'ingénierie. */
export type Mission = z.output<typeof missionSchema>;
