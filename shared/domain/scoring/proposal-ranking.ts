import type { Solicitation } from '../solicitation';
import type { CriterionScore } from './proposal-criteria';
import type { ProposalFlag } from './proposal-flags';
import { formatPoints } from './score-format';

/*
 * The weights are the operator's (« Paramètres » tab), or the mission's own when its
 * « Pondération de la mission » holds six valid weights (see mission-weights). The total is the
 * sum of the six criteria's points, on 100 (the weights sum to 100). It is rounded to 2 decimals
 * only for display; ranks compare the unrounded totals. Ties are broken by the lower price, then
 * by the higher methodology score; a tie that survives both is shown « ex aequo » (same rank,
 * flag `EX_AEQUO`) for a human decision, never broken silently.
 */

/** Floating-point noise below this is no difference between two scores. */
const EPSILON = 1e-9;

/** The methodology mean, the second tie-breaker (0 when unscored). */
export function methodologyOf(p: { readonly criteria: readonly CriterionScore[] }): number {
  return p.criteria.find((c) => c.criterion === 'methodology')?.mean ?? 0;
}

/** What the ranking needs of a proposal: its ID, its provider, and its flags to add `EX_AEQUO` to. */
export interface RankableDraft {
  readonly id: string;
  readonly solicitation: Pick<Solicitation, 'providerId'>;
  readonly flags: ProposalFlag[];
}

/** A proposal with a total, and what breaks its ties. */
export interface Ranked {
  readonly draft: RankableDraft;
  readonly total: number;
  readonly price: number;
  readonly methodology: number;
}

/** Total (higher first), then price (lower first), then methodology (higher first); 0 = a true tie. */
function compareRanked(a: Ranked, b: Ranked): number {
  if (Math.abs(a.total - b.total) > EPSILON) return b.total - a.total;
  if (a.price !== b.price) return a.price - b.price;
  if (Math.abs(a.methodology - b.methodology) > EPSILON) return b.methodology - a.methodology;
  return 0;
}

function whoIs(draft: RankableDraft): string {
  return draft.solicitation.providerId ?? draft.id;
}

/** Ranks with shared ranks for true ties (1, 2, 2, 4) and an `EX_AEQUO` flag on each of them. */
export function rankAll(ranked: Ranked[]): Map<string, { rank: number; exAequo: boolean }> {
  const ordered = [...ranked].sort(
    (a, b) =>
      compareRanked(a, b) || (a.draft.id < b.draft.id ? -1 : a.draft.id > b.draft.id ? 1 : 0),
  );
  const ranks = new Map<string, { rank: number; exAequo: boolean }>();
  let groupStart = 0;
  while (groupStart < ordered.length) {
    let groupEnd = groupStart + 1;
    while (groupEnd < ordered.length) {
      const first = ordered[groupStart];
      const next = ordered[groupEnd];
      if (!first || !next || compareRanked(first, next) !== 0) break;
      groupEnd += 1;
    }
    const group = ordered.slice(groupStart, groupEnd);
    for (const member of group) {
      ranks.set(member.draft.id, { rank: groupStart + 1, exAequo: group.length > 1 });
      if (group.length > 1) {
        const others = group.filter((o) => o !== member).map((o) => whoIs(o.draft));
        member.draft.flags.push({
          code: 'EX_AEQUO',
          message: `Ex aequo avec ${others.join(', ')} : même note totale (${formatPoints(member.total)}/100), même prix et même note de méthodologie. À départager avec la structure.`,
        });
      }
    }
    groupStart = groupEnd;
  }
  return ranks;
}
