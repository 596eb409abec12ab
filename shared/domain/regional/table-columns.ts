import type { ExportColumn, ExportValue } from '../export-sheet';
import { formatFundingLines, GUIDE_FUNDERS } from '../mission-funding';
import { describeMissionStatus, MISSION_STATUSES } from '../mission-lifecycle';
import { SURVEY_DIMENSIONS } from '../satisfaction-survey';
import { formatYesNo } from '../values/yes-no';
import type { IndicatorRow, ProviderRow, RegionalMissionRow, RegionalView } from './regional-rows';
import { REGION_LABEL } from './regional-tabs';

/** A column of a regional table: how it is exported, and its value in a row. */
export interface RegionalColumn<R> extends ExportColumn {
  readonly value: (row: R, view: RegionalView) => ExportValue;
}

const yesNo = (b: boolean | null): string | null => (b === null ? null : formatYesNo(b));
const percent = (r: number | null): number | null => (r === null ? null : r * 100);

/** Every column of « Missions régionales », in the order of the exported file. */
export const MISSION_COLUMNS: readonly RegionalColumn<RegionalMissionRow>[] = [
  { header: 'Opérateur', type: 'text', width: 10, value: (r) => r.operator },
  { header: 'ID mission', type: 'text', width: 18, value: (r) => r.missionId },
  { header: 'Intitulé', type: 'text', width: 40, value: (r) => r.title },
  { header: 'Statut', type: 'text', width: 22, value: (r) => r.statusLabel },
  { header: "Type d'ingénierie", type: 'text', value: (r) => r.engineeringType },
  { header: 'Compétence requise', type: 'text', width: 30, value: (r) => r.requiredCompetence },
  { header: 'Secteur', type: 'text', width: 28, value: (r) => r.sector },
  { header: 'Territoire', type: 'text', width: 22, value: (r) => r.territory },
  { header: 'Forme juridique de la structure', type: 'text', value: (r) => r.beneficiaryLegalForm },
  { header: 'Cahier des charges envoyé le', type: 'date', value: (r) => r.termsSentOn },
  { header: 'Date limite de réponse', type: 'date', value: (r) => r.replyDeadline },
  { header: 'Attribuée le', type: 'date', value: (r) => r.awardedOn },
  { header: 'Convention signée le', type: 'date', value: (r) => r.agreementSignedOn },
  { header: 'Réunion de lancement le', type: 'date', value: (r) => r.kickoffOn },
  { header: 'Fin prévue le', type: 'date', value: (r) => r.plannedEndOn },
  { header: 'Note à mi-parcours attendue le', type: 'date', value: (r) => r.midNoteDueOn },
  { header: 'Note à mi-parcours reçue le', type: 'date', value: (r) => r.midNoteReceivedOn },
  { header: 'Note à mi-parcours à temps', type: 'text', value: (r) => yesNo(r.midNoteOnTime) },
  { header: 'Restitution le', type: 'date', value: (r) => r.restitutionOn },
  { header: 'Rapport final reçu le', type: 'date', value: (r) => r.finalReportReceivedOn },
  { header: 'Solde versé le', type: 'date', value: (r) => r.balancePaidOn },
  { header: 'Clôturée le', type: 'date', value: (r) => r.closedOn },
  { header: 'Sollicitations', type: 'integer', value: (r) => r.solicitationCount },
  { header: 'Propositions reçues', type: 'integer', value: (r) => r.proposalCount },
  { header: 'Prestataire retenu', type: 'text', value: (r) => r.retainedProviderId },
  {
    header: 'Raison sociale du prestataire',
    type: 'text',
    width: 32,
    value: (r) => r.retainedProviderName,
  },
  { header: 'Plafond budgétaire', type: 'amount', value: (r) => r.budgetCeilingCents },
  { header: 'Prix retenu', type: 'amount', value: (r) => r.retainedPriceCents },
  { header: 'Jours estimés', type: 'decimal', decimals: 1, value: (r) => r.estimatedDays },
  { header: "Délai d'attribution (jours)", type: 'integer', value: (r) => r.daysTermsToAward },
  {
    header: 'Attribution → restitution (jours)',
    type: 'integer',
    value: (r) => r.daysAwardToRestitution,
  },
  { header: 'Durée (jours)', type: 'integer', value: (r) => r.daysKickoffToRestitution },
  { header: 'Satisfaction (1 à 5)', type: 'integer', value: (r) => r.satisfactionScore },
  {
    header: 'Financeurs',
    type: 'text',
    width: 40,
    value: (r) => (r.funding.length === 0 ? null : formatFundingLines(r.funding)),
  },
  { header: 'Prix convenu', type: 'amount', value: (r) => r.agreedPriceCents },
  { header: 'Acompte versé', type: 'amount', value: (r) => r.advancePaidCents },
  { header: 'Montant du solde versé', type: 'amount', value: (r) => r.balancePaidCents },
  {
    header: 'Satisfaction globale',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.overallSatisfaction,
  },
  ...SURVEY_DIMENSIONS.map(({ key, name }): RegionalColumn<RegionalMissionRow> => ({
    header: `Enquête : ${name}`,
    type: 'integer',
    value: (r) => r.surveyScores[key],
  })),
  { header: 'Mis à jour le', type: 'datetime', value: (_r, view) => view.generatedAt },
];

/** Every column of « Indicateurs », in the order of the exported file. */
export const INDICATOR_COLUMNS: readonly RegionalColumn<IndicatorRow>[] = [
  {
    header: 'Opérateur',
    type: 'text',
    width: 10,
    value: (r) => (r.scope === 'region' ? REGION_LABEL : r.scope),
  },
  { header: 'Nom', type: 'text', width: 40, value: (r) => r.name },
  { header: 'Structures accompagnées', type: 'integer', value: (r) => r.structures },
  {
    header: 'Structures servies par des missions',
    type: 'integer',
    value: (r) => r.structuresServed,
  },
  { header: "Plans d'accompagnement", type: 'integer', value: (r) => r.plans },
  { header: "Plans d'accompagnement en cours", type: 'integer', value: (r) => r.plansInProgress },
  { header: 'Missions', type: 'integer', value: (r) => r.missions },
  { header: 'Missions en préparation', type: 'integer', value: (r) => r.missionsInPreparation },
  { header: 'Missions en cours', type: 'integer', value: (r) => r.missionsOngoing },
  { header: 'Missions clôturées', type: 'integer', value: (r) => r.missionsClosed },
  { header: 'Missions interrompues', type: 'integer', value: (r) => r.missionsInterrupted },
  ...MISSION_STATUSES.map((status): RegionalColumn<IndicatorRow> => ({
    header: `Missions : ${describeMissionStatus(status)}`,
    type: 'integer',
    value: (r) => r.missionsByStatus[status],
  })),
  { header: 'Prestataires sollicités', type: 'integer', value: (r) => r.solicited },
  { header: 'Réponses des prestataires', type: 'integer', value: (r) => r.answered },
  {
    header: 'Taux de réponse des prestataires (%)',
    type: 'decimal',
    decimals: 1,
    value: (r) => percent(r.answerRate),
  },
  { header: 'Appels à propositions', type: 'integer', value: (r) => r.calls },
  {
    header: 'Sollicitations par mission',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.solicitationsPerCall,
  },
  {
    header: 'Propositions par appel',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.proposalsPerCall,
  },
  {
    header: 'Budget engagé (plafonds des missions attribuées)',
    type: 'amount',
    value: (r) => r.committedCents,
  },
  { header: 'Montant engagé', type: 'amount', value: (r) => r.awardedCents },
  { header: 'Montant soldé', type: 'amount', value: (r) => r.paidCents },
  {
    header: "Délai moyen d'attribution (jours)",
    type: 'decimal',
    decimals: 1,
    value: (r) => r.meanDaysTermsToAward,
  },
  {
    header: 'Délai moyen attribution → restitution (jours)',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.meanDaysAwardToRestitution,
  },
  {
    header: 'Soldes en attente de rapport',
    type: 'integer',
    value: (r) => r.balancesAwaitingReport,
  },
  { header: 'Enquêtes envoyées', type: 'integer', value: (r) => r.surveysSent },
  { header: 'Notes de satisfaction', type: 'integer', value: (r) => r.satisfactionAnswers },
  {
    header: 'Satisfaction moyenne',
    type: 'decimal',
    decimals: 2,
    value: (r) => r.meanSatisfaction,
  },
  { header: 'Notes à mi-parcours attendues', type: 'integer', value: (r) => r.midNotesDue },
  {
    header: 'Notes à mi-parcours à temps (%)',
    type: 'decimal',
    decimals: 1,
    value: (r) => percent(r.midNoteOnTimeShare),
  },
  ...GUIDE_FUNDERS.map((funder): RegionalColumn<IndicatorRow> => ({
    header: `Financement : ${funder}`,
    type: 'amount',
    value: (r) => r.fundingByFunder[funder] ?? 0,
  })),
  {
    header: 'Financement : partenaires',
    type: 'amount',
    value: (r) =>
      Object.entries(r.fundingByFunder)
        .filter(([funder]) => !(GUIDE_FUNDERS as readonly string[]).includes(funder))
        .reduce((total, [, cents]) => total + cents, 0),
  },
  { header: 'Acomptes versés', type: 'amount', value: (r) => r.advancesPaidCents },
  { header: 'Soldes versés (montants)', type: 'amount', value: (r) => r.balanceAmountsPaidCents },
  { header: 'Calculé le', type: 'datetime', value: (_r, view) => view.generatedAt },
];

/** Every column of « Prestataires mobilisés », in the order of the exported file. */
export const PROVIDER_COLUMNS: readonly RegionalColumn<ProviderRow>[] = [
  { header: 'ID prestataire', type: 'text', width: 14, value: (r) => r.providerId },
  { header: 'Raison sociale', type: 'text', width: 32, value: (r) => r.legalName },
  { header: 'Fiche complète', type: 'text', value: (r) => yesNo(r.sheetComplete) },
  { header: 'Sollicitations', type: 'integer', value: (r) => r.solicited },
  { header: 'Propositions reçues', type: 'integer', value: (r) => r.proposals },
  { header: 'Déclinées', type: 'integer', value: (r) => r.declined },
  { header: 'Hors délai', type: 'integer', value: (r) => r.late },
  { header: 'Missions retenues', type: 'integer', value: (r) => r.retained },
  {
    header: 'Taux de succès (%)',
    type: 'decimal',
    decimals: 1,
    value: (r) => percent(r.successRate),
  },
  { header: 'Missions restituées', type: 'integer', value: (r) => r.missionsRestituted },
  { header: 'Montant retenu', type: 'amount', value: (r) => r.retainedAmountCents },
  { header: 'Opérateurs', type: 'text', width: 30, value: (r) => r.operators.join(', ') },
  { header: 'Dernière sollicitation le', type: 'date', value: (r) => r.lastSolicitedOn },
  {
    header: 'Satisfaction moyenne',
    type: 'decimal',
    decimals: 2,
    value: (r) => r.meanSatisfaction,
  },
  ...SURVEY_DIMENSIONS.map(({ key, name }): RegionalColumn<ProviderRow> => ({
    header: `Enquête moyenne : ${name}`,
    type: 'decimal',
    decimals: 2,
    value: (r) => r.meanByDimension[key],
  })),
];
