import type { Mission } from '../mission';
import type { Solicitation } from '../solicitation';

/**
 * Where a proposal stands in the call:
 * - `ranked`: admissible, scored on every criterion and priced: it has a total and a rank;
 * - `toComplete`: admissible but a criterion has no score, or the price is missing;
 * - `declined`, `pending`: no proposal to score;
 * - `late`: received after the deadline and not admitted by the operator.
 */
export type ProposalStatus = 'ranked' | 'toComplete' | 'declined' | 'pending' | 'late';

/** No answer yet: blank or « En attente ». */
export function isPendingAnswer(s: Solicitation): boolean {
  return s.answer === null || s.answer === 'En attente';
}

/** A proposal was sent: received, on time or late. */
export function isProposal(s: Solicitation): boolean {
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

/** Where a solicitation stands before its scores are read: admissible, or its final status. */
export function statusBeforeScores(
  s: Solicitation,
  mission: Mission,
): ProposalStatus | 'admissible' {
  if (s.answer === 'Décliné') return 'declined';
  if (isPendingAnswer(s)) return 'pending';
  return isAdmissibleProposal(s, mission) ? 'admissible' : 'late';
}
