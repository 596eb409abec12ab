import type { Mission } from '../../../../../shared/domain/mission';
import {
  DEFAULT_PARAMETERS,
  type OperatorParameters,
} from '../../../../../shared/domain/operator-parameters';

import {
  scoreCall,
  type CallScoring,
  type ProposalScoring,
} from '../../../../../shared/domain/scoring/proposal-scoring';

import type { Solicitation } from '../../../../../shared/domain/solicitation';
import { missionAtStage } from '../../../../support/builders/mission-builder';
import {
  aSolicitation,
  evaluatorScores,
  type EvaluatorScores,
} from '../../../../support/builders/solicitation-builder';

/**
 * Every example is worked by hand with the operator default weights (the guide gives none):
 * Compréhension 20, Résultats 15, Méthodologie 25, Profil et références 20, Durée 5, Budget 15.
 * A criterion's points = mean of the evaluators (CM, SB) × weight ÷ 5.
 * The mission's call closes on 07/02/2025 and its budget ceiling is 6 000 €.
 */
export const MISSION: Mission = missionAtStage('proposalsUnderReview');

export const ALL_FOURS: EvaluatorScores = [
  [4, 4],
  [4, 4],
  [4, 4],
  [4, 4],
  [4, 4],
];

/** A proposal received on time from `providerId` at `euros`, with these evaluator scores. */
export function proposal(
  providerId: string,
  euros: number | null,
  scores: EvaluatorScores,
  overrides: Partial<Solicitation> = {},
): Solicitation {
  return aSolicitation({
    providerId,
    priceCents: euros === null ? null : euros * 100,
    ...evaluatorScores(...scores),
    ...overrides,
  });
}

/** Scores a call whose solicitations are SOL-1, SOL-2, … in the order given. */
export function score(
  solicitations: readonly Solicitation[],
  parameters: Partial<OperatorParameters> = {},
  mission: Mission = MISSION,
): CallScoring {
  return scoreCall({
    mission,
    proposals: solicitations.map((solicitation, i) => ({ id: `SOL-${i + 1}`, solicitation })),
    parameters: { ...DEFAULT_PARAMETERS, ...parameters },
  });
}

export function byProvider(scoring: CallScoring, providerId: string): ProposalScoring {
  const found = scoring.proposals.find((p) => p.providerId === providerId);
  if (!found) throw new Error(`No proposal of ${providerId}`);
  return found;
}

export function codes(p: ProposalScoring): string[] {
  return p.flags.map((f) => f.code);
}

/** French amounts use narrow and ordinary no-break spaces: compare them as plain spaces. */
export function plain(s: string): string {
  return s.replace(/[\u202f\u00a0]/g, ' ');
}

// ─── The worked example ───────────────────────────────────────────────────────────────────
//
// | criterion (weight) | A: PRE-0012, 4 000 €    | B: PRE-0027, 5 000 €      | C: PRE-0031, 8 000 €   |
// | Compréhension (20) | 4 / 4 → 4 → 16          | 5 / 4,5 → 4,75 → 19       | 3 / 3 → 3 → 12         |
// | Résultats (15)     | 4 / 3 → 3,5 → 10,5      | 4 / 4 → 4 → 12            | 3 / 2 → 2,5 → 7,5      |
// | Méthodologie (25)  | 3 / 4 → 3,5 → 17,5      | 5 / 4 → 4,5 → 22,5        | 4 / 4 → 4 → 20         |
// | Profil (20)        | 4 / 4 → 4 → 16          | 4,5 / 4,5 → 4,5 → 18      | 5 / 5 → 5 → 20         |
// | Durée (5)          | 4 / 3 → 3,5 → 3,5       | 4 / 4 → 4 → 4             | 2 / 3 → 2,5 → 2,5      |
// | Budget (15), prop. | 15 × 4000/4000 = 15     | 15 × 4000/5000 = 12       | 15 × 4000/8000 = 7,5   |
// | total              | 63,5 + 15 = 78,5        | 75,5 + 12 = 87,5          | 62 + 7,5 = 69,5        |
// | rank               | 2                       | 1                         | 3                      |
export const A = proposal('PRE-0012', 4000, [
  [4, 4],
  [4, 3],
  [3, 4],
  [4, 4],
  [4, 3],
]);
export const B = proposal('PRE-0027', 5000, [
  [5, 4.5],
  [4, 4],
  [5, 4],
  [4.5, 4.5],
  [4, 4],
]);
export const C = proposal('PRE-0031', 8000, [
  [3, 3],
  [3, 2],
  [4, 4],
  [5, 5],
  [2, 3],
]);
