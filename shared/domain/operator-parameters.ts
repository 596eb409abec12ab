import { fail, ok, type DomainError, type Result } from './result';
import { describeRaw, isBlank } from './values/cell-value';
import { normalizeForMatch } from './values/text-normalization';
import { parseDecimal } from './values/number';

/** The tab where an operator adjusts scoring weights and alert delays, within bounds. */
export const PARAMETERS_TAB = 'Paramètres';

/**
 * The columns of the « Paramètres » tab, in order: the label, the value a person adjusts, its
 * bounds and what it is for ({@link parameterRows} writes the rows). The workbook layout builds on them.
 */
export const PARAMETERS_TAB_HEADERS = [
  'Paramètre',
  'Valeur',
  'Minimum',
  'Maximum',
  'Explication',
] as const;

/** The two ways of scoring the budget criterion (see scoring/budget-points). */
export const BUDGET_METHODS = ['Proportionnelle', 'Linéaire'] as const;

/** A yes/no parameter, typed as the value to enter. */
export const YES_NO_CHOICES = ['Non', 'Oui'] as const;

interface NumberParameter {
  readonly key: string;
  readonly label: string;
  readonly help: string;
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

interface ChoiceParameter {
  readonly key: string;
  readonly label: string;
  readonly help: string;
  readonly defaultValue: string;
  readonly choices: readonly string[];
}

const n = (
  key: string,
  label: string,
  help: string,
  defaultValue: number,
  min: number,
  max: number,
): NumberParameter => ({
  key,
  label,
  help,
  defaultValue,
  min,
  max,
});

/**
 * The parameters of the « Paramètres » tab with the operator defaults: the weights of the six
 * criteria of part III (sum 100), the budget scoring method, the abnormally-low threshold, the
 * satisfaction threshold and every alert delay in days. The guide names the six criteria but
 * gives no weight, delay, threshold or scale: every number here is ours, adjustable by the
 * operator, and the tab says so on every row.
 */
export const PARAMETER_DEFINITIONS = {
  weightUnderstanding: n(
    'weightUnderstanding',
    'Poids : compréhension de la problématique',
    'Sur 100, avec les cinq autres poids.',
    20,
    0,
    100,
  ),
  weightResults: n('weightResults', 'Poids : résultats attendus', 'Sur 100.', 15, 0, 100),
  weightMethodology: n(
    'weightMethodology',
    'Poids : méthodologie proposée',
    'Sur 100.',
    25,
    0,
    100,
  ),
  weightProfile: n(
    'weightProfile',
    'Poids : profil et références des intervenants',
    'Sur 100.',
    20,
    0,
    100,
  ),
  weightDuration: n('weightDuration', "Poids : durée d'intervention", 'Sur 100.', 5, 0, 100),
  weightBudget: n('weightBudget', 'Poids : budget', 'Sur 100.', 15, 0, 100),
  budgetMethod: {
    key: 'budgetMethod',
    label: 'Méthode de notation du budget',
    help: 'Proportionnelle : note = maximum × prix le plus bas ÷ prix. Linéaire : maximum pour le moins cher, plancher pour le plus cher.',
    defaultValue: 'Proportionnelle',
    choices: BUDGET_METHODS,
  } satisfies ChoiceParameter,
  linearFloorPercent: n(
    'linearFloorPercent',
    'Plancher de la méthode linéaire (% du poids)',
    "Note de l'offre la plus chère, en % du poids du budget.",
    0,
    0,
    100,
  ),
  abnormallyLowPercent: n(
    'abnormallyLowPercent',
    'Offre anormalement basse (% de la moyenne des autres)',
    'En dessous, une justification est demandée.',
    70,
    1,
    100,
  ),
  declinedCallsToExclude: n(
    'declinedCallsToExclude',
    'Suggestions : écarter après N refus de suite',
    'Prestataires ayant décliné les N dernières sollicitations de l’opérateur ; 0 : aucun n’est écarté.',
    0,
    0,
    10,
  ),
  replyDeadlineWarningDays: n(
    'replyDeadlineWarningDays',
    'Alerte avant la date limite de réponse (jours)',
    'Sollicitations encore en attente.',
    3,
    0,
    60,
  ),
  scoringDelayDays: n(
    'scoringDelayDays',
    'Notation attendue après la date limite (jours)',
    'Propositions reçues mais non notées.',
    5,
    0,
    90,
  ),
  awardDelayDays: n(
    'awardDelayDays',
    'Attribution attendue après la notation (jours)',
    'Propositions notées mais aucune retenue.',
    10,
    0,
    90,
  ),
  notificationDelayDays: n(
    'notificationDelayDays',
    'Information des non-retenus (jours après attribution)',
    'Le guide : le DLA « s’engage à informer » le prestataire non retenu, par voie électronique ou postale ; le délai est le nôtre.',
    7,
    0,
    90,
  ),
  agreementDelayDays: n(
    'agreementDelayDays',
    'Convention tripartite attendue (jours après attribution)',
    '',
    15,
    0,
    120,
  ),
  kickoffDelayDays: n(
    'kickoffDelayDays',
    'Réunion de lancement attendue (jours après la convention)',
    '',
    15,
    0,
    120,
  ),
  midNoteGraceDays: n(
    'midNoteGraceDays',
    'Retard toléré de la note à mi-parcours (jours)',
    '',
    7,
    0,
    90,
  ),
  restitutionGraceDays: n(
    'restitutionGraceDays',
    'Restitution attendue après la fin prévue (jours)',
    '',
    15,
    0,
    120,
  ),
  finalReportDelayDays: n(
    'finalReportDelayDays',
    'Rapport final manquant signalé après la restitution (jours)',
    "0 : signalé dès la restitution, qui se tient « sur la base d'un rapport final » (guide).",
    0,
    0,
    120,
  ),
  interruptionDecisionDays: n(
    'interruptionDecisionDays',
    'Reprise ou arrêt attendu après une suspension (jours)',
    '',
    30,
    0,
    365,
  ),
  warningDecisionDays: n(
    'warningDecisionDays',
    'Décision attendue après une alerte du prestataire (jours)',
    'Le guide demande une « prise de décision rapide » ; le délai est le nôtre.',
    7,
    0,
    60,
  ),
  surveySendDelayDays: n(
    'surveySendDelayDays',
    "Envoi de l'enquête de satisfaction (jours après la restitution)",
    '',
    15,
    0,
    120,
  ),
  surveyAnswerDelayDays: n(
    'surveyAnswerDelayDays',
    "Réponse à l'enquête attendue (jours après l'envoi)",
    '',
    30,
    0,
    180,
  ),
  lowSatisfactionThreshold: n(
    'lowSatisfactionThreshold',
    'Satisfaction faible signalée au C2RA (note ≤)',
    'Sur 5.',
    2,
    1,
    5,
  ),
  followUpMonths: n('followUpMonths', 'Diagnostic de suivi (mois après la clôture)', '', 6, 1, 36),
  providerChecklistRequired: {
    key: 'providerChecklistRequired',
    label: 'Fiche prestataire : la liste de l’opérateur bloque aussi le paiement',
    help: 'Non : seuls la raison sociale, le SIRET et l’adresse (nommés par le guide) bloquent le paiement. Oui : aussi la forme juridique, le contact, l’e-mail, le téléphone, les compétences, secteurs et territoires. Saisissez « Oui » ou « Non ».',
    defaultValue: 'Non',
    choices: YES_NO_CHOICES,
  } satisfies ChoiceParameter,
  archiveGuardPercent: n(
    'archiveGuardPercent',
    'Archivage en masse : seuil (% des lignes d’un onglet)',
    'Une synchronisation qui archiverait davantage n’archive rien sans confirmation.',
    20,
    1,
    100,
  ),
  archiveGuardMinRows: n(
    'archiveGuardMinRows',
    'Archivage en masse : à partir de (lignes)',
    'En dessous, les lignes retirées sont archivées sans confirmation.',
    10,
    1,
    100000,
  ),
  providerStaleMonths: n(
    'providerStaleMonths',
    'Fiche prestataire à mettre à jour après (mois)',
    'Registre régional.',
    12,
    1,
    60,
  ),
  proposalDecisionDays: n(
    'proposalDecisionDays',
    'Décision du C2RA attendue après une proposition au registre (jours)',
    'Registre régional : au-delà, le C2RA est alerté de la proposition en attente.',
    15,
    1,
    365,
  ),
  proposalOutcomeShownDays: n(
    'proposalOutcomeShownDays',
    'Décision du C2RA sur une proposition : signalée pendant (jours)',
    'Alerte au ou à la chargé(e) de mission qui a proposé, à partir de la décision.',
    15,
    1,
    365,
  ),
} as const;

type Definitions = typeof PARAMETER_DEFINITIONS;

/** The operator's parameters, every one with a value. */
export type OperatorParameters = {
  readonly [K in keyof Definitions]: Definitions[K] extends {
    readonly choices: readonly (infer C)[];
  }
    ? C
    : number;
};

/** The keys of the six criterion weights. */
export const WEIGHT_KEYS = [
  'weightUnderstanding',
  'weightResults',
  'weightMethodology',
  'weightProfile',
  'weightDuration',
  'weightBudget',
] as const;

/** The operator defaults (ours, not the guide's: it gives no number). */
export const DEFAULT_PARAMETERS: OperatorParameters = Object.fromEntries(
  Object.values(PARAMETER_DEFINITIONS).map((d) => [d.key, d.defaultValue]),
) as OperatorParameters;

/** A refused parameter, with the row label it concerns. */
export interface ParameterProblem extends DomainError {
  readonly label: string;
}

/** The sentence every row's explanation ends with: the default is ours, never the guide's. */
export function operatorDefaultNote(defaultValue: number | string): string {
  const shown =
    typeof defaultValue === 'number' ? String(defaultValue).replace('.', ',') : defaultValue;
  return `Défaut de l'opérateur : ${shown} (le guide ne fixe pas ce chiffre).`;
}

/**
 * The « Paramètres » row where a person confirms an archiving the mass-archive guard held:
 * « Oui » lets the next sync archive the removed rows, then the sync puts « Non » back.
 */
export const CONFIRM_ARCHIVE_LABEL = "Confirmer l'archivage";

/** The « Paramètres » row of {@link CONFIRM_ARCHIVE_LABEL}, as written in a new workbook. */
export function confirmArchiveRow(): string[] {
  return [
    CONFIRM_ARCHIVE_LABEL,
    'Non',
    '',
    '',
    'Oui : la prochaine synchronisation archive les lignes retirées qu’elle avait retenues (Oui / Non).',
  ];
}

/** The rows of the « Paramètres » tab as written in a new workbook: label, value, bounds, help. */
export function parameterRows(
  parameters: OperatorParameters = DEFAULT_PARAMETERS,
): (string | number)[][] {
  return Object.values(PARAMETER_DEFINITIONS).map((d) => {
    const value = parameters[d.key as keyof OperatorParameters];
    const help = [d.help, operatorDefaultNote(d.defaultValue)].filter((t) => t !== '').join(' ');
    return 'choices' in d
      ? [d.label, value, '', '', `${help} (${d.choices.join(' / ')})`]
      : [d.label, value, d.min, d.max, help];
  });
}

/**
 * Reads the « Paramètres » tab (label → value). A value out of bounds keeps the previous one
 * with a French problem; weights that do not sum to 100 keep all the previous weights.
 */
export function parseParameters(
  rows: readonly { readonly label: unknown; readonly value: unknown }[],
  previous: OperatorParameters = DEFAULT_PARAMETERS,
): { parameters: OperatorParameters; problems: ParameterProblem[] } {
  const byLabel = new Map(rows.map((r) => [normalizeForMatch(String(r.label ?? '')), r.value]));
  const values: Record<string, number | string> = { ...previous };
  const problems: ParameterProblem[] = [];
  for (const d of Object.values(PARAMETER_DEFINITIONS)) {
    const raw = byLabel.get(normalizeForMatch(d.label));
    if (raw === undefined || isBlank(raw)) continue;
    const parsed: Result<number | string> =
      'choices' in d
        ? (() => {
            const match = d.choices.find(
              (c) => normalizeForMatch(c) === normalizeForMatch(String(raw)),
            );
            return match
              ? ok(match)
              : fail(
                  'PARAMETER_INVALID',
                  `« ${describeRaw(raw)} » : choisissez ${d.choices.join(' ou ')}.`,
                );
          })()
        : parseDecimal(raw, { min: d.min, max: d.max, maxDecimals: 2 });
    if (parsed.ok) values[d.key] = parsed.value;
    else
      problems.push({
        label: d.label,
        code: parsed.error.code,
        message: `${d.label} : ${parsed.error.message} Valeur précédente conservée.`,
      });
  }
  const sum = WEIGHT_KEYS.reduce((total, key) => total + Number(values[key]), 0);
  if (Math.abs(sum - 100) > 1e-9) {
    for (const key of WEIGHT_KEYS) values[key] = previous[key];
    problems.push({
      label: PARAMETER_DEFINITIONS.weightUnderstanding.label,
      code: 'WEIGHTS_SUM',
      message: `La somme des six poids fait ${String(sum).replace('.', ',')} au lieu de 100 : les poids précédents sont conservés.`,
    });
  }
  return { parameters: values as OperatorParameters, problems };
}
