import type { CriterionScore } from './proposal-criteria';
import type { ProposalFlag } from './proposal-flags';

/** The label of the budget criterion in the score detail. */
export const BUDGET_LABEL = 'Budget';

/** The words shown where a score cannot be computed yet (never a silent zero). */
export const TO_COMPLETE = 'à compléter';

const POINTS_FORMAT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** Rounds a score to 2 decimals, for display only (ranks compare unrounded scores). */
export function roundScore(points: number): number {
  return Math.round(points * 100) / 100;
}

/** A score written the French way, up to 2 decimals: `11,25`, `7,5`, `15`. */
export function formatPoints(points: number): string {
  return POINTS_FORMAT.format(roundScore(points));
}

/**
 * The per-criterion points of a proposal in French, for the « Détail de la note » column and the
 * notifications: « Compréhension 16/20 ; Résultats 10,5/15 ; … ; Budget 12/15 », with
 * « à compléter » where a score or the price is missing; empty when not admissible.
 */
export function formatScoreDetail(
  p: {
    readonly admissible: boolean;
    readonly criteria: readonly CriterionScore[];
    readonly budgetPoints: number | null;
  },
  weightBudget: number,
): string {
  if (!p.admissible) return '';
  const parts = p.criteria.map((c) =>
    c.points === null
      ? `${c.label} ${TO_COMPLETE}`
      : `${c.label} ${formatPoints(c.points)}/${formatPoints(c.weight)}`,
  );
  parts.push(
    p.budgetPoints === null
      ? `${BUDGET_LABEL} ${TO_COMPLETE}`
      : `${BUDGET_LABEL} ${formatPoints(p.budgetPoints)}/${formatPoints(weightBudget)}`,
  );
  return parts.join(' ; ');
}

/** The « Rang » cell: the rank, « ex aequo 2 » for a surviving tie, or empty when not ranked. */
export function rankCell(p: {
  readonly rank: number | null;
  readonly exAequo: boolean;
}): number | string {
  if (p.rank === null) return '';
  return p.exAequo ? `ex aequo ${p.rank}` : p.rank;
}

/** The French reasons of a proposal's flags, for the « Signalements » column. */
export function formatFlags(p: { readonly flags: readonly ProposalFlag[] }): string {
  return p.flags.map((f) => f.message).join(' ; ');
}
