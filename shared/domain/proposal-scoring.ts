import type { Mission } from './mission';
import { parametersForMission, type CriterionWeights } from './mission-weights';
import { WEIGHT_KEYS, type OperatorParameters } from './operator-parameters';
import { PROPOSAL_CONTENTS, type Solicitation } from './solicitation';
import { formatEuros } from './values/amount';
import { formatFrenchDate } from './values/french-date';

/**
 * Scoring of a call for proposals (guide, part III « Procédure de sélection »): the proposals
 * are evaluated on the understanding of the problem, the expected results, the methodology, the
 * profile and references of the consultants, the duration, and the budget.
 *
 * ## Qualitative criteria
 *
 * Each of the five qualitative criteria is scored 0 to 5 by the chargé de mission (CM) and the
 * structure bénéficiaire (SB), chosen « par concertation ». The criterion score is the mean of
 * the evaluators present, converted to points: `points = mean × weight ÷ 5`. A criterion that no
 * evaluator scored makes the proposal « à compléter »: it is never counted as zero, and the
 * proposal is not ranked until it is scored.
 *
 * ## Budget: two methods (parameter « Méthode de notation du budget »)
 *
 * Only the admissible proposals with a price take part (declined, pending and late offers that
 * were not admitted do not set the lowest price).
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
 *
 * ## Total and rank
 *
 * The weights are the operator's (« Paramètres » tab), or the mission's own when its
 * « Pondération de la mission » holds six valid weights (see mission-weights).
 *
 * The total is the sum of the six criteria's points, on 100 (the weights sum to 100). It is
 * rounded to 2 decimals only for display; ranks compare the unrounded totals. Ties are broken by
 * the lower price, then by the higher methodology score; a tie that survives both is shown
 * « ex aequo » (same rank, flag `EX_AEQUO`) for a human decision, never broken silently.
 *
 * @packageDocumentation
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

/** The label of the budget criterion in the score detail. */
export const BUDGET_LABEL = 'Budget';

/** The words shown where a score cannot be computed yet (never a silent zero). */
export const TO_COMPLETE = 'à compléter';

/** The codes of the flags a proposal can carry. */
export const PROPOSAL_FLAG_CODES = [
  'DECLINED',
  'PENDING',
  'LATE',
  'SCORES_MISSING',
  'PRICE_MISSING',
  'INCOMPLETE_PROPOSAL',
  'ABNORMALLY_LOW',
  'ABOVE_CEILING',
  'EX_AEQUO',
] as const;

/** A flag code. */
export type ProposalFlagCode = (typeof PROPOSAL_FLAG_CODES)[number];

/** Something the operator should look at on one proposal, with its French reason. */
export interface ProposalFlag {
  readonly code: ProposalFlagCode;
  readonly message: string;
}

/**
 * Where a proposal stands in the call:
 * - `ranked`: admissible, scored on every criterion and priced: it has a total and a rank;
 * - `toComplete`: admissible but a criterion has no score, or the price is missing;
 * - `declined`, `pending`: no proposal to score;
 * - `late`: received after the deadline and not admitted by the operator.
 */
export type ProposalStatus = 'ranked' | 'toComplete' | 'declined' | 'pending' | 'late';

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

/** Floating-point noise below this is no difference between two scores. */
const EPSILON = 1e-9;

const POINTS_FORMAT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** Rounds a score to 2 decimals, for display only (ranks compare unrounded scores). */
export function roundScore(points: number): number {
  return Math.round(points * 100) / 100;
}

/** A score written the French way, up to 2 decimals: `11,25`, `7,5`, `15`. */
export function formatPoints(points: number): string {
  return POINTS_FORMAT.format(roundScore(points));
}

function isPendingAnswer(s: Solicitation): boolean {
  return s.answer === null || s.answer === 'En attente';
}

function isProposal(s: Solicitation): boolean {
  return s.answer === 'Proposition reçue' || s.answer === 'Hors délai';
}

/** Late: answered « Hors délai », or received after the mission's reply deadline. */
export function isLateProposal(s: Solicitation, mission: Mission): boolean {
  if (s.answer === 'Hors délai') return true;
  if (s.answer !== 'Proposition reçue') return false;
  const deadline = mission.replyDeadline;
  return deadline !== null && s.answeredOn !== null && s.answeredOn > deadline;
}

/** A proposal that may be ranked: received on time, or late and admitted by the operator. */
export function isAdmissibleProposal(s: Solicitation, mission: Mission): boolean {
  return isProposal(s) && (!isLateProposal(s, mission) || s.lateAdmitted === true);
}

function statusBeforeScores(s: Solicitation, mission: Mission): ProposalStatus | 'admissible' {
  if (s.answer === 'Décliné') return 'declined';
  if (isPendingAnswer(s)) return 'pending';
  return isAdmissibleProposal(s, mission) ? 'admissible' : 'late';
}

function hasPrice(s: Solicitation): s is Solicitation & { priceCents: number } {
  return s.priceCents !== null && s.priceCents > 0;
}

function criterionScores(s: Solicitation, parameters: OperatorParameters): CriterionScore[] {
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

/**
 * The budget points of one price among the admissible prices of the call, by the operator's
 * method (see the module documentation for both formulas and worked examples).
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

function percentText(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

function declinedFlag(s: Solicitation): ProposalFlag {
  return {
    code: 'DECLINED',
    message:
      s.answeredOn === null
        ? 'A décliné la sollicitation : non classé.'
        : `A décliné la sollicitation le ${formatFrenchDate(s.answeredOn)} : non classé.`,
  };
}

function pendingFlag(s: Solicitation, mission: Mission): ProposalFlag {
  const somethingTyped =
    s.priceCents !== null ||
    QUALITATIVE_CRITERIA.some((c) => s[c.officer] !== null || s[c.beneficiary] !== null);
  if (somethingTyped)
    return {
      code: 'PENDING',
      message:
        'Réponse non renseignée alors qu’un prix ou des notes sont saisis : indiquez « Proposition reçue » pour classer cette proposition.',
    };
  return {
    code: 'PENDING',
    message:
      mission.replyDeadline === null
        ? 'En attente de réponse : non classé.'
        : `En attente de réponse (date limite du ${formatFrenchDate(mission.replyDeadline)}) : non classé.`,
  };
}

function lateFlag(s: Solicitation, mission: Mission, admitted: boolean): ProposalFlag {
  const when = s.answeredOn === null ? '' : ` le ${formatFrenchDate(s.answeredOn)}`;
  const deadline =
    mission.replyDeadline === null
      ? ''
      : `, date limite du ${formatFrenchDate(mission.replyDeadline)}`;
  return {
    code: 'LATE',
    message: admitted
      ? `Reçue hors délai${when}${deadline} : admise malgré le retard, classée.`
      : `Reçue hors délai${when}${deadline} : non classée. Indiquez « Oui » dans « Admise malgré le retard » pour la classer.`,
  };
}

function contentsFlag(s: Solicitation): ProposalFlag | null {
  if (s.contents === null || s.contents.length === 0)
    return {
      code: 'INCOMPLETE_PROPOSAL',
      message:
        'Contenu de la proposition non renseigné : saisissez les éléments présents parmi ceux exigés par le guide, séparés par des virgules.',
    };
  const present = new Set<string>(s.contents);
  const missing = PROPOSAL_CONTENTS.filter((item) => !present.has(item));
  if (missing.length === 0) return null;
  return {
    code: 'INCOMPLETE_PROPOSAL',
    message: `Proposition incomplète, il manque : ${missing.join(', ')}.`,
  };
}

function ceilingFlag(s: Solicitation, mission: Mission): ProposalFlag | null {
  const ceiling = mission.budgetCeilingCents;
  if (ceiling === null || s.priceCents === null || s.priceCents <= ceiling) return null;
  return {
    code: 'ABOVE_CEILING',
    message: `Prix de ${formatEuros(s.priceCents)} supérieur au plafond budgétaire de la mission (${formatEuros(ceiling)}).`,
  };
}

/**
 * The flag of an abnormally low offer: a price below `abnormallyLowPercent` % of the mean of the
 * OTHER admissible offers, so that the operator asks for a justification; null otherwise or when
 * there is no other offer to compare with.
 */
export function abnormallyLowFlag(
  priceCents: number,
  otherPrices: readonly number[],
  abnormallyLowPercent: number,
): ProposalFlag | null {
  if (otherPrices.length === 0) return null;
  const mean = otherPrices.reduce((sum, p) => sum + p, 0) / otherPrices.length;
  if (priceCents >= (mean * abnormallyLowPercent) / 100) return null;
  return {
    code: 'ABNORMALLY_LOW',
    message: `Offre anormalement basse : ${formatEuros(priceCents)} contre ${formatEuros(Math.round(mean))} en moyenne pour les autres offres (${percentText(priceCents / mean)}) : demander une justification.`,
  };
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

function methodologyOf(p: { readonly criteria: readonly CriterionScore[] }): number {
  return p.criteria.find((c) => c.criterion === 'methodology')?.mean ?? 0;
}

interface Ranked {
  readonly draft: Draft;
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

function whoIs(draft: Draft): string {
  return draft.solicitation.providerId ?? draft.id;
}

/** Ranks with shared ranks for true ties (1, 2, 2, 4) and an `EX_AEQUO` flag on each of them. */
function rankAll(ranked: Ranked[]): Map<string, { rank: number; exAequo: boolean }> {
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

function finalStatus(draft: Draft, total: number | null): ProposalStatus {
  if (draft.status !== 'admissible') return draft.status;
  return total === null ? 'toComplete' : 'ranked';
}

/**
 * Scores a call for proposals: admissibility of each solicitation, the points of each criterion,
 * the budget points by the operator's method, the total on 100, the rank among the ranked
 * proposals (ex aequo shown, never broken silently), the flags with their French reasons, and
 * the warnings on the call. See the module documentation for the formulas.
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

/**
 * The per-criterion points of a proposal in French, for the « Détail de la note » column and the
 * notifications: « Compréhension 16/20 ; Résultats 10,5/15 ; … ; Budget 12/15 », with
 * « à compléter » where a score or the price is missing; empty when not admissible.
 */
export function formatScoreDetail(
  p: Pick<ProposalScoring, 'admissible' | 'criteria' | 'budgetPoints'>,
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
export function rankCell(p: Pick<ProposalScoring, 'rank' | 'exAequo'>): number | string {
  if (p.rank === null) return '';
  return p.exAequo ? `ex aequo ${p.rank}` : p.rank;
}

/** The French reasons of a proposal's flags, for the « Signalements » column. */
export function formatFlags(p: Pick<ProposalScoring, 'flags'>): string {
  return p.flags.map((f) => f.message).join(' ; ');
}
