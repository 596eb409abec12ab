import type { Mission } from './mission';

/**
 * The six dimensions of the satisfaction survey (guide, part III « Evaluation »: « une enquête
 * de satisfaction est adressée par le DLA à l'association bénéficiaire pour évaluer les
 * modalités d'intervention, son déroulement, les compétences du prestataire, les résultats de
 * l'intervention, l'impact et la durabilité de l'intervention »), each scored 1 to 5 (our scale).
 */
export const SURVEY_DIMENSIONS = [
  { key: 'surveyModalities', name: "modalités d'intervention" },
  { key: 'surveyProgress', name: 'déroulement' },
  { key: 'surveyCompetence', name: 'compétences du prestataire' },
  { key: 'surveyResults', name: 'résultats' },
  { key: 'surveyImpact', name: 'impact' },
  { key: 'surveyDurability', name: 'durabilité' },
] as const satisfies readonly { key: keyof Mission; name: string }[];

/** The mission key of one survey dimension. */
export type SurveyDimensionKey = (typeof SURVEY_DIMENSIONS)[number]['key'];

/** The survey answers of a mission: its « note globale » and its six dimensions. */
export type SurveyAnswers = Pick<Mission, 'satisfactionScore' | SurveyDimensionKey>;

/** One dimension scored, with the score. */
export interface DimensionScore {
  readonly name: string;
  readonly score: number;
}

/** The dimensions a survey scored, in the guide's order. */
export function dimensionScores(answers: Partial<SurveyAnswers>): DimensionScore[] {
  return SURVEY_DIMENSIONS.flatMap(({ key, name }) => {
    const score = answers[key];
    return typeof score === 'number' ? [{ name, score }] : [];
  });
}

/**
 * The overall satisfaction of a mission: the « note globale » when typed (the single score of
 * before the six dimensions stays readable), else the mean of the dimensions scored; null when
 * the survey has no score at all.
 */
export function overallSatisfaction(answers: Partial<SurveyAnswers>): number | null {
  const typed = answers.satisfactionScore;
  if (typeof typed === 'number') return typed;
  const scores = dimensionScores(answers).map((d) => d.score);
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** The dimensions scored at or below `threshold` (the operator's « satisfaction faible »). */
export function lowDimensions(
  answers: Partial<SurveyAnswers>,
  threshold: number,
): DimensionScore[] {
  return dimensionScores(answers).filter((d) => d.score <= threshold);
}

/** « compétences du prestataire (2/5), impact (1/5) ». */
export function describeDimensions(dimensions: readonly DimensionScore[]): string {
  return dimensions.map((d) => `${d.name} (${d.score}/5)`).join(', ');
}
