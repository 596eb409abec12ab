import type { OperatorParameters } from '../operator-parameters';
import type { Solicitation } from '../solicitation';

/*
 * The qualitative criteria of the guide (part III « Procédure de sélection »): the understanding
 * of the problem, the expected results, the methodology, the profile and references of the
 * consultants, the duration. Each is scored 0 to 5 by the chargé de mission (CM) and the
 * structure bénéficiaire (SB), chosen « par concertation ». The criterion score is the mean of
 * the evaluators present, converted to points: `points = mean × weight ÷ 5`. A criterion that no
 * evaluator scored makes the proposal « à compléter »: it is never counted as zero, and the
 * proposal is not ranked until it is scored.
 */

/** The five criteria scored by the evaluators (the budget is computed from the prices). */
export const QUALITATIVE_CRITERIA = [
  {
    key: 'understanding',
    label: 'Compréhension',
    weightKey: 'weightUnderstanding',
    officer: 'understandingByOfficer',
    beneficiary: 'understandingByBeneficiary',
  },
  {
    key: 'results',
    label: 'Résultats',
    weightKey: 'weightResults',
    officer: 'resultsByOfficer',
    beneficiary: 'resultsByBeneficiary',
  },
  {
    key: 'methodology',
    label: 'Méthodologie',
    weightKey: 'weightMethodology',
    officer: 'methodologyByOfficer',
    beneficiary: 'methodologyByBeneficiary',
  },
  {
    key: 'profile',
    label: 'Profil et références',
    weightKey: 'weightProfile',
    officer: 'profileByOfficer',
    beneficiary: 'profileByBeneficiary',
  },
  {
    key: 'duration',
    label: 'Durée',
    weightKey: 'weightDuration',
    officer: 'durationByOfficer',
    beneficiary: 'durationByBeneficiary',
  },
] as const satisfies readonly {
  key: string;
  label: string;
  weightKey: keyof OperatorParameters;
  officer: keyof Solicitation;
  beneficiary: keyof Solicitation;
}[];

/** The key of a qualitative criterion. */
export type QualitativeCriterion = (typeof QUALITATIVE_CRITERIA)[number]['key'];

/** The score of one qualitative criterion: the mean of the evaluators present and its points. */
export interface CriterionScore {
  readonly criterion: QualitativeCriterion;
  readonly label: string;
  readonly weight: number;
  /** Mean of the evaluators' scores (0–5); null when no evaluator scored it. */
  readonly mean: number | null;
  /** `mean × weight ÷ 5`; null when no evaluator scored it. */
  readonly points: number | null;
}

/** The five criteria of one solicitation, with the weights of `parameters`. */
export function criterionScores(s: Solicitation, parameters: OperatorParameters): CriterionScore[] {
  return QUALITATIVE_CRITERIA.map((c) => {
    const present = [s[c.officer], s[c.beneficiary]].filter((v): v is number => v !== null);
    const weight = parameters[c.weightKey];
    const mean =
      present.length === 0 ? null : present.reduce((sum, v) => sum + v, 0) / present.length;
    // Multiplying before dividing keeps halves and quarters exact in binary floating point.
    return {
      criterion: c.key,
      label: c.label,
      weight,
      mean,
      points: mean === null ? null : (mean * weight) / 5,
    };
  });
}
