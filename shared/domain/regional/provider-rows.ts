import { reachedMilestoneDate } from '../mission-lifecycle';
import { OPERATOR_CODES, type OperatorCode } from '../operator';
import { SURVEY_DIMENSIONS, type SurveyDimensionKey } from '../satisfaction-survey';
import type { IsoDate } from '../values/french-date';
import type { OperatorFacts, RegisterDigest } from './mission-facts';
import { mean, ratio } from './regional-figures';
import type { ProviderRow } from './regional-rows';

interface ProviderTally {
  solicited: number;
  proposals: number;
  declined: number;
  late: number;
  retained: number;
  missionsRestituted: number;
  retainedAmountCents: number;
  operators: Set<OperatorCode>;
  lastSolicitedOn: IsoDate | null;
  scores: number[];
  dimensionScores: Record<SurveyDimensionKey, number[]>;
}

/**
 * One row per provider solicited by any of the parts, in ID order: its answers, missions,
 * amounts and satisfaction, with its name and sheet completeness from the register.
 */
export function providerRowsOf(
  parts: readonly OperatorFacts[],
  register: RegisterDigest,
  today: IsoDate,
): ProviderRow[] {
  const tallies = new Map<string, ProviderTally>();
  for (const part of parts) {
    for (const m of part.missions) {
      for (const s of m.solicitations) {
        if (s.providerId === null) continue;
        const t = tallies.get(s.providerId) ?? {
          solicited: 0,
          proposals: 0,
          declined: 0,
          late: 0,
          retained: 0,
          missionsRestituted: 0,
          retainedAmountCents: 0,
          operators: new Set<OperatorCode>(),
          lastSolicitedOn: null,
          scores: [],
          dimensionScores: emptyDimensionScores(),
        };
        t.solicited += 1;
        if (s.answer === 'Proposition reçue' || s.answer === 'Hors délai') t.proposals += 1;
        if (s.answer === 'Décliné') t.declined += 1;
        if (s.answer === 'Hors délai') t.late += 1;
        if (s.decision === 'Retenu') {
          t.retained += 1;
          t.retainedAmountCents += s.priceCents ?? 0;
          if (reachedMilestoneDate(m.mission.restitutionOn, today) !== null)
            t.missionsRestituted += 1;
          if (m.row.overallSatisfaction !== null) t.scores.push(m.row.overallSatisfaction);
          for (const { key } of SURVEY_DIMENSIONS) {
            const score = m.row.surveyScores[key];
            if (score !== null) t.dimensionScores[key].push(score);
          }
        }
        t.operators.add(part.code);
        if (
          s.solicitedOn !== null &&
          (t.lastSolicitedOn === null || s.solicitedOn > t.lastSolicitedOn)
        )
          t.lastSolicitedOn = s.solicitedOn;
        tallies.set(s.providerId, t);
      }
    }
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([providerId, t]) => {
      return {
        providerId,
        legalName: register.names.get(providerId) ?? null,
        sheetComplete: register.sheetComplete.get(providerId) ?? null,
        solicited: t.solicited,
        proposals: t.proposals,
        declined: t.declined,
        late: t.late,
        retained: t.retained,
        successRate: ratio(t.retained, t.proposals),
        missionsRestituted: t.missionsRestituted,
        retainedAmountCents: t.retainedAmountCents,
        operators: OPERATOR_CODES.filter((code) => t.operators.has(code)),
        lastSolicitedOn: t.lastSolicitedOn,
        meanSatisfaction: mean(t.scores),
        meanByDimension: meanByDimension(t.dimensionScores),
      };
    });
}

function emptyDimensionScores(): Record<SurveyDimensionKey, number[]> {
  const scores = {} as Record<SurveyDimensionKey, number[]>;
  for (const { key } of SURVEY_DIMENSIONS) scores[key] = [];
  return scores;
}

function meanByDimension(
  scores: Readonly<Record<SurveyDimensionKey, readonly number[]>>,
): Record<SurveyDimensionKey, number | null> {
  const means = {} as Record<SurveyDimensionKey, number | null>;
  for (const { key } of SURVEY_DIMENSIONS) means[key] = mean(scores[key]);
  return means;
}
