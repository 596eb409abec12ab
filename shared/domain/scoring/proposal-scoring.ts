import type { Mission } from '../mission';
import { parametersForMission, type CriterionWeights } from '../mission-weights';
import { WEIGHT_KEYS, type OperatorParameters } from '../operator-parameters';
import type { Solicitation } from '../solicitation';
import { budgetPoints, hasPrice } from './budget-points';
import {
  isAdmissibleProposal,
  isLateProposal,
  isPendingAnswer,
  isProposal,
  statusBeforeScores,
  type ProposalStatus,
} from './proposal-admissibility';
import { criterionScores, type CriterionScore } from './proposal-criteria';
import {
  abnormallyLowFlag,
  ceilingFlag,
  contentsFlag,
  declinedFlag,
  lateFlag,
  pendingFlag,
  type ProposalFlag,
} from './proposal-flags';
import { methodologyOf, rankAll, type Ranked } from './proposal-ranking';
import { TO_COMPLETE } from './score-format';

/**
 * Scoring of a call for proposals (guide, part III « Procédure de sélection »): the proposals
 * are evaluated on the understanding of the problem, the expected results, the methodology, the
 * profile and references of the consultants, the duration, and the budget. The criteria are in
 * proposal-criteria, the two budget methods in budget-points, the total and the ties in
 * proposal-ranking, the flags in proposal-flags.
 *
 * @packageDocumentation
 */

/** The scoring of one solicitation of the call. */
export interface ProposalScoring {
  /** The solicitation's ID. */
  readonly id: string;
  readonly providerId: string | null;
  readonly priceCents: number | null;
  readonly status: ProposalStatus;
  /** Received on time, or late and admitted: it may be ranked once complete. */
  readonly admissible: boolean;
  /** The five qualitative criteria, in the guide's order (empty unless admissible). */
  readonly criteria: readonly CriterionScore[];
  /** French labels of the criteria no evaluator scored. */
  readonly missingCriteria: readonly string[];
  /** Budget points, unrounded; null when not admissible or without a price. */
  readonly budgetPoints: number | null;
  /** Total on 100, unrounded; null unless the proposal is ranked. */
  readonly totalScore: number | null;
  /** 1..n among the ranked proposals (ex aequo share a rank); null when not ranked. */
  readonly rank: number | null;
  readonly exAequo: boolean;
  readonly flags: readonly ProposalFlag[];
}

/** A warning on the call as a whole, in French. */
export interface CallWarning {
  readonly code: 'FEW_POSSIBLE_PROPOSALS' | 'ALL_DECLINED';
  readonly message: string;
}

/** The scoring of a whole call for proposals. */
export interface CallScoring {
  /** One entry per solicitation, in the order given. */
  readonly proposals: readonly ProposalScoring[];
  /** The ranked proposals, best first (ex aequo in a deterministic order). */
  readonly ranking: readonly ProposalScoring[];
  /** The six weights the call was scored with: the mission's own, else the operator's. */
  readonly weights: CriterionWeights;
  /** True when the mission's « Pondération de la mission » replaced the operator's weights. */
  readonly weightsFromMission: boolean;
  readonly warnings: readonly CallWarning[];
}

/** What {@link scoreCall} reads: the mission, its solicitations with their IDs, the weights. */
export interface CallInput {
  readonly mission: Mission;
  readonly proposals: readonly { readonly id: string; readonly solicitation: Solicitation }[];
  readonly parameters: OperatorParameters;
}

interface Draft {
  readonly id: string;
  readonly solicitation: Solicitation;
  readonly status: ProposalStatus | 'admissible';
  readonly criteria: readonly CriterionScore[];
  readonly missingCriteria: readonly string[];
  readonly budgetPoints: number | null;
  readonly flags: ProposalFlag[];
}

function draftOf(
  entry: CallInput['proposals'][number],
  input: CallInput,
  admissiblePrices: readonly { readonly id: string; readonly priceCents: number }[],
): Draft {
  const { mission, parameters } = input;
  const s = entry.solicitation;
  const status = statusBeforeScores(s, mission);
  const flags: ProposalFlag[] = [];
  if (status === 'declined') flags.push(declinedFlag(s));
  if (status === 'pending') flags.push(pendingFlag(s, mission));
  if (isProposal(s) && isLateProposal(s, mission))
    flags.push(lateFlag(s, mission, status !== 'late'));
  if (status !== 'admissible') {
    const ceiling = isProposal(s) ? ceilingFlag(s, mission) : null;
    if (ceiling) flags.push(ceiling);
    return { ...entry, status, criteria: [], missingCriteria: [], budgetPoints: null, flags };
  }
  const criteria = criterionScores(s, parameters);
  const missingCriteria = criteria.filter((c) => c.mean === null).map((c) => c.label);
  if (missingCriteria.length > 0)
    flags.push({
      code: 'SCORES_MISSING',
      message: `Notes à compléter (aucun évaluateur) : ${missingCriteria.join(', ')}.`,
    });
  let points: number | null = null;
  if (hasPrice(s)) {
    points = budgetPoints(
      s.priceCents,
      admissiblePrices.map((p) => p.priceCents),
      parameters,
    );
    const others = admissiblePrices.filter((p) => p.id !== entry.id).map((p) => p.priceCents);
    const low = abnormallyLowFlag(s.priceCents, others, parameters.abnormallyLowPercent);
    if (low) flags.push(low);
  } else {
    flags.push({
      code: 'PRICE_MISSING',
      message: `Prix proposé manquant : note budget ${TO_COMPLETE}.`,
    });
  }
  const ceiling = ceilingFlag(s, mission);
  if (ceiling) flags.push(ceiling);
  const contents = contentsFlag(s);
  if (contents) flags.push(contents);
  return { ...entry, status, criteria, missingCriteria, budgetPoints: points, flags };
}

function totalOf(draft: Draft): number | null {
  if (draft.status !== 'admissible' || draft.missingCriteria.length > 0) return null;
  if (draft.budgetPoints === null) return null;
  return draft.criteria.reduce((sum, c) => sum + (c.points ?? 0), draft.budgetPoints);
}

function finalStatus(draft: Draft, total: number | null): ProposalStatus {
  if (draft.status !== 'admissible') return draft.status;
  return total === null ? 'toComplete' : 'ranked';
}

/**
 * Scores a call for proposals: admissibility of each solicitation, the points of each criterion,
 * the budget points by the operator's method, the total on 100, the rank among the ranked
 * proposals (ex aequo shown, never broken silently), the flags with their French reasons, and
 * the warnings on the call.
 */
export function scoreCall(call: CallInput): CallScoring {
  const input: CallInput = {
    ...call,
    parameters: parametersForMission(call.parameters, call.mission.scoringWeights),
  };
  const admissiblePrices = input.proposals.flatMap((p) =>
    isAdmissibleProposal(p.solicitation, input.mission) && hasPrice(p.solicitation)
      ? [{ id: p.id, priceCents: p.solicitation.priceCents }]
      : [],
  );
  const drafts = input.proposals.map((p) => draftOf(p, input, admissiblePrices));
  const ranked: Ranked[] = [];
  for (const draft of drafts) {
    const total = totalOf(draft);
    if (total === null) continue;
    ranked.push({
      draft,
      total,
      price: draft.solicitation.priceCents ?? 0,
      methodology: methodologyOf(draft),
    });
  }
  const ranks = rankAll(ranked);
  const proposals: ProposalScoring[] = drafts.map((draft) => {
    const total = totalOf(draft);
    const place = ranks.get(draft.id);
    return {
      id: draft.id,
      providerId: draft.solicitation.providerId,
      priceCents: draft.solicitation.priceCents,
      status: finalStatus(draft, total),
      admissible: draft.status === 'admissible',
      criteria: draft.criteria,
      missingCriteria: draft.missingCriteria,
      budgetPoints: draft.budgetPoints,
      totalScore: total,
      rank: place?.rank ?? null,
      exAequo: place?.exAequo ?? false,
      flags: draft.flags,
    };
  });
  const ranking = proposals
    .filter((p) => p.rank !== null)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    proposals,
    ranking,
    weights: Object.fromEntries(
      WEIGHT_KEYS.map((key) => [key, input.parameters[key]]),
    ) as CriterionWeights,
    weightsFromMission: input.parameters !== call.parameters,
    warnings: callWarnings(
      input.mission,
      input.proposals.map((p) => p.solicitation),
    ),
  };
}

/**
 * The warnings on a call for proposals, before any proposal is « Retenu »: every consultant
 * declined (`ALL_DECLINED`), or fewer than 2 proposals are still possible, counting the pending
 * answers and the admissible proposals (`FEW_POSSIBLE_PROPOSALS`). Nothing before the first
 * solicitation, nor once the award is made.
 */
export function callWarnings(
  mission: Mission,
  solicitations: readonly Solicitation[],
): CallWarning[] {
  if (solicitations.length === 0) return [];
  if (solicitations.some((s) => s.decision === 'Retenu')) return [];
  if (solicitations.every((s) => s.answer === 'Décliné'))
    return [
      {
        code: 'ALL_DECLINED',
        message: 'Tous les prestataires sollicités ont décliné : sollicitez d’autres prestataires.',
      },
    ];
  const possible = solicitations.filter(
    (s) => isPendingAnswer(s) || isAdmissibleProposal(s, mission),
  ).length;
  if (possible >= 2) return [];
  return [
    {
      code: 'FEW_POSSIBLE_PROPOSALS',
      message: 'Moins de 2 propositions possibles : sollicitez un autre prestataire.',
    },
  ];
}
