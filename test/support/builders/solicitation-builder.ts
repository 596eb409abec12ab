import { PROPOSAL_CONTENTS, type Solicitation } from '../../../shared/domain/solicitation';
import { MISSION_STAGES, type MissionStage } from './mission-builder';

/** A (CM, SB) pair of scores out of 5; null where an evaluator gave none. */
export type ScorePair = readonly [number | null, number | null];

/** The evaluators' scores on the five qualitative criteria, in the guide's order. */
export type EvaluatorScores = readonly [
  understanding: ScorePair,
  results: ScorePair,
  methodology: ScorePair,
  profile: ScorePair,
  duration: ScorePair,
];

/** The ten score fields of a solicitation: CM then SB for each criterion, in the guide's order. */
export function evaluatorScores(
  ...[understanding, results, methodology, profile, duration]: EvaluatorScores
) {
  return {
    understandingByOfficer: understanding[0],
    understandingByBeneficiary: understanding[1],
    resultsByOfficer: results[0],
    resultsByBeneficiary: results[1],
    methodologyByOfficer: methodology[0],
    methodologyByBeneficiary: methodology[1],
    profileByOfficer: profile[0],
    profileByBeneficiary: profile[1],
    durationByOfficer: duration[0],
    durationByBeneficiary: duration[1],
  };
}

/** The ID of the mission the builders' solicitations belong to. */
export const BUILDER_MISSION_ID = 'MIS-CBE-LM-0042';

/**
 * A solicitation with every field present: a complete proposal received on 03/02/2025, before
 * the deadline of the builders' call (07/02/2025), scored by both evaluators, not yet decided.
 */
export function aSolicitation(overrides: Partial<Solicitation> = {}): Solicitation {
  return {
    missionId: BUILDER_MISSION_ID,
    providerId: 'PRE-0012',
    solicitedOn: '2025-01-13',
    answer: 'Proposition reçue',
    answeredOn: '2025-02-03',
    priceCents: 540_000,
    proposedDays: 7.5,
    contents: [...PROPOSAL_CONTENTS],
    understandingByOfficer: 4,
    understandingByBeneficiary: 4.5,
    resultsByOfficer: 4,
    resultsByBeneficiary: 3.5,
    methodologyByOfficer: 4.5,
    methodologyByBeneficiary: 4,
    profileByOfficer: 5,
    profileByBeneficiary: 4,
    durationByOfficer: 3.5,
    durationByBeneficiary: 4,
    lateAdmitted: false,
    decision: null,
    notifiedOn: null,
    reasonRequested: null,
    ...overrides,
  };
}

/** A consultant who declined on receipt of the terms: no price, no days, no scores. */
export function aDeclinedSolicitation(overrides: Partial<Solicitation> = {}): Solicitation {
  return aSolicitation({
    providerId: 'PRE-0027',
    answer: 'Décliné',
    answeredOn: '2025-01-15',
    priceCents: null,
    proposedDays: null,
    contents: null,
    understandingByOfficer: null,
    understandingByBeneficiary: null,
    resultsByOfficer: null,
    resultsByBeneficiary: null,
    methodologyByOfficer: null,
    methodologyByBeneficiary: null,
    profileByOfficer: null,
    profileByBeneficiary: null,
    durationByOfficer: null,
    durationByBeneficiary: null,
    lateAdmitted: null,
    ...overrides,
  });
}

/** A consultant solicited on 13/01/2025 who has not answered yet. */
export function aPendingSolicitation(overrides: Partial<Solicitation> = {}): Solicitation {
  return aDeclinedSolicitation({
    providerId: 'PRE-0031',
    answer: 'En attente',
    answeredOn: null,
    ...overrides,
  });
}

function reached(stage: MissionStage, milestone: MissionStage): boolean {
  return MISSION_STAGES.indexOf(stage) >= MISSION_STAGES.indexOf(milestone);
}

/**
 * The three solicitations of the builders' mission (see `missionAtStage`) as they stand at
 * `stage`: PRE-0012 proposes and is retained, PRE-0027 declines, PRE-0031 answers last and is
 * told it is not retained. None before the terms are sent.
 */
export function aCallForProposals(stage: MissionStage): Solicitation[] {
  if (!reached(stage, 'callOpen')) return [];
  const awarded = reached(stage, 'awarded');
  const lastAnswer = reached(stage, 'proposalsUnderReview')
    ? aSolicitation({
        providerId: 'PRE-0031',
        answeredOn: '2025-02-06',
        priceCents: 612_000,
        proposedDays: 9,
        ...(awarded ? { decision: 'Non retenu' as const, notifiedOn: '2025-02-24' } : {}),
      })
    : aPendingSolicitation();
  return [
    aSolicitation(awarded ? { decision: 'Retenu' } : {}),
    aDeclinedSolicitation(),
    lastAnswer,
  ];
}
