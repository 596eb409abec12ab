import type { OperatorParameters } from '../operator-parameters';
import type { Solicitation } from '../solicitation';

/** True when the solicitation has a price to score (a zero price is no price). */
export function hasPrice(s: Solicitation): s is Solicitation & { priceCents: number } {
  return s.priceCents !== null && s.priceCents > 0;
}

/**
 * The budget points of one price among the admissible prices of the call, by the operator's
 * method (parameter « Méthode de notation du budget »). Only the admissible proposals with a
 * price take part (declined, pending and late offers that were not admitted do not set the
 * lowest price).
 *
 * - **Proportionnelle** (the classic French formula, the default):
 *   `points = weightBudget × lowest price ÷ price`. The lowest price always gets the maximum.
 *   Prices 4 000 €, 5 000 €, 8 000 € with a weight of 15:
 *   15 × 4 000 ÷ 4 000 = **15**; 15 × 4 000 ÷ 5 000 = **12**; 15 × 4 000 ÷ 8 000 = **7,5**.
 * - **Linéaire**: the lowest price gets the maximum, the highest gets the floor
 *   (`linearFloorPercent` % of the weight), and the points fall on a straight line between:
 *   `points = max − (max − floor) × (price − lowest) ÷ (highest − lowest)`; when every price is
 *   the same, each gets the maximum. Same prices, weight 15, floor 0 %:
 *   **15**; 15 − 15 × 1 000 ÷ 4 000 = **11,25**; **0**. With a floor of 20 % (3 points):
 *   15; 15 − 12 × 1 000 ÷ 4 000 = 12; 3.
 */
export function budgetPoints(
  priceCents: number,
  admissiblePrices: readonly number[],
  parameters: Pick<OperatorParameters, 'weightBudget' | 'budgetMethod' | 'linearFloorPercent'>,
): number {
  const max = parameters.weightBudget;
  const prices = admissiblePrices.length > 0 ? admissiblePrices : [priceCents];
  const lowest = Math.min(...prices);
  if (parameters.budgetMethod === 'Linéaire') {
    const highest = Math.max(...prices);
    if (highest === lowest) return max;
    const floor = (max * parameters.linearFloorPercent) / 100;
    return max - ((max - floor) * (priceCents - lowest)) / (highest - lowest);
  }
  return (max * lowest) / priceCents;
}
