import { z } from 'zod';
import { rowSchema } from './field-spec';
import {
  amountColumn,
  choiceColumn,
  choicesColumn,
  dateColumn,
  decimalColumn,
  referenceColumn,
  yesNoColumn,
} from './field-kinds';

/** How a solicited consultant answered (guide: a decline is said on receipt of the terms). */
export const ANSWER_STATES = ['En attente', 'Décliné', 'Proposition reçue', 'Hors délai'] as const;

/** An answer state. */
export type AnswerState = (typeof ANSWER_STATES)[number];

/** The award decision on one proposal. */
export const DECISIONS = ['Retenu', 'Non retenu'] as const;

/** The contents the guide requires in a proposal (part III « Contenu des propositions »). */
export const PROPOSAL_CONTENTS = [
  'Page de garde',
  'Rappel de la commande',
  "Méthodologie et modalités d'intervention",
  'Personnes ressources',
  'Connaissance du secteur',
  'Nombre de jours et planning',
  'Budget',
  'CV et références des intervenants',
] as const;

const score = (criterion: string, evaluator: string) =>
  decimalColumn(
    `${criterion} (${evaluator})`,
    `Note de 0 à 5 donnée par ${evaluator === 'CM' ? 'le ou la chargé(e) de mission' : 'la structure bénéficiaire'}.`,
    {
      min: 0,
      max: 5,
      maxDecimals: 1,
    },
  );

/**
 * The columns of a sollicitation (tab « Sollicitations »): one consultant solicited for one
 * mission, their answer, their proposal, and the scores of the two evaluators the guide names
 * (the chargé de mission « CM » and the structure « SB », chosen « par concertation »).
 */
export const SOLICITATION_FIELDS = {
  missionId: referenceColumn('Mission (ID)', 'Identifiant MIS-… de la mission.', 'mission', {
    required: true,
  }),
  providerId: referenceColumn(
    'Prestataire (ID)',
    'Identifiant PRE-… du prestataire, dans le registre régional.',
    'provider',
    { required: true },
  ),
  solicitedOn: dateColumn('Sollicité le', "Date d'envoi du cahier des charges à ce prestataire."),
  answer: choiceColumn(
    'Réponse',
    'En attente, Décliné (à dire dès réception), Proposition reçue ou Hors délai.',
    ANSWER_STATES,
  ),
  answeredOn: dateColumn('Réponse reçue le', 'Date de la réponse écrite (ou du refus).'),
  priceCents: amountColumn('Prix proposé', 'Budget de la proposition, en euros.'),
  proposedDays: decimalColumn('Jours proposés', "Nombre de jours d'intervention proposés.", {
    min: 0,
    max: 365,
    maxDecimals: 1,
  }),
  contents: choicesColumn(
    'Contenu de la proposition',
    'Éléments présents parmi ceux exigés par le guide.',
    PROPOSAL_CONTENTS,
  ),
  understandingByOfficer: score('Compréhension', 'CM'),
  understandingByBeneficiary: score('Compréhension', 'SB'),
  resultsByOfficer: score('Résultats attendus', 'CM'),
  resultsByBeneficiary: score('Résultats attendus', 'SB'),
  methodologyByOfficer: score('Méthodologie', 'CM'),
  methodologyByBeneficiary: score('Méthodologie', 'SB'),
  profileByOfficer: score('Profil et références', 'CM'),
  profileByBeneficiary: score('Profil et références', 'SB'),
  durationByOfficer: score('Durée', 'CM'),
  durationByBeneficiary: score('Durée', 'SB'),
  lateAdmitted: yesNoColumn(
    'Admise malgré le retard',
    'Oui pour classer une proposition reçue après la date limite.',
  ),
  decision: choiceColumn(
    'Décision',
    'Retenu ou Non retenu (un seul Retenu par mission).',
    DECISIONS,
  ),
  notifiedOn: dateColumn(
    'Non-retenu informé le',
    'Date à laquelle le prestataire non retenu a été informé (e-mail ou courrier).',
  ),
  reasonRequested: yesNoColumn(
    'Motif demandé',
    'Oui si le prestataire a demandé le motif du refus.',
  ),
} as const;

/** Validates a solicitation row. */
export const solicitationSchema = rowSchema(SOLICITATION_FIELDS);

/** A sollicitation of one consultant for one mission, with their proposal. */
export type Solicitation = z.output<typeof solicitationSchema>;
