import { SURVEY_DIMENSIONS } from '../satisfaction-survey';
import type { DashboardSources, SatisfactionDimension } from './dashboard-figures';

/**
 * The satisfaction series of the regional dashboard: the overall score (« note globale », or the
 * mean of the six dimensions when none was typed), then each of the guide's six dimensions
 * (part III « Evaluation »).
 */
export const SURVEY_SERIES: readonly SatisfactionDimension[] = [
  { label: 'Note globale', scoreOf: (row) => row.overallSatisfaction },
  ...SURVEY_DIMENSIONS.map(({ key, name }): SatisfactionDimension => ({
    label: name.charAt(0).toUpperCase() + name.slice(1),
    scoreOf: (row) => row.surveyScores[key],
  })),
];

/**
 * What the regional dashboard reads beyond the rows: the survey's dimensions and the funders'
 * contributions recorded on each mission (« Financeurs et montants »), null when none is.
 */
export const REGIONAL_DASHBOARD_SOURCES: DashboardSources = {
  dimensions: SURVEY_SERIES,
  contributionCentsOf: (row) =>
    row.funding.length === 0 ? null : row.funding.reduce((sum, line) => sum + line.amountCents, 0),
};
