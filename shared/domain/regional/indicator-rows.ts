import { type FundingLine, GUIDE_FUNDERS } from '../mission-funding';
import { MISSION_STATUSES, type MissionStatus, reachedMilestoneDate } from '../mission-lifecycle';
import type { OperatorCode } from '../operator';
import type { IsoDate } from '../values/french-date';
import type { OperatorFacts } from './mission-facts';
import { mean, ratio } from './regional-figures';
import type { IndicatorRow } from './regional-rows';

const PREPARATION: ReadonlySet<MissionStatus> = new Set([
  'draft',
  'callOpen',
  'proposalsUnderReview',
]);
const INTERRUPTED: ReadonlySet<MissionStatus> = new Set(['suspended', 'reoriented', 'stopped']);
const ANSWERED = new Set(['Décliné', 'Proposition reçue', 'Hors délai']);

function emptyStatusCounts(): Record<MissionStatus, number> {
  const counts = {} as Record<MissionStatus, number>;
  for (const status of MISSION_STATUSES) counts[status] = 0;
  return counts;
}

/** The indicators over one or several operators, pooled (a regional mean weighs every mission alike). */
export function indicatorsOf(
  scope: OperatorCode | 'region',
  name: string,
  parts: readonly OperatorFacts[],
  today: IsoDate,
): IndicatorRow {
  const missions = parts.flatMap((p) => p.missions);
  const solicitations = missions.flatMap((m) => m.solicitations);
  const byStatus = emptyStatusCounts();
  for (const m of missions) byStatus[m.row.status] += 1;
  const count = (statuses: ReadonlySet<MissionStatus>): number =>
    missions.filter((m) => statuses.has(m.row.status)).length;
  const calls = missions.filter((m) => m.solicitations.length > 0);
  const awarded = missions.filter((m) => reachedMilestoneDate(m.mission.awardedOn, today) !== null);
  const paid = missions.filter(
    (m) => reachedMilestoneDate(m.mission.balancePaidOn, today) !== null,
  );
  const scores = missions.flatMap((m) =>
    m.row.overallSatisfaction === null ? [] : [m.row.overallSatisfaction],
  );
  const judged = missions.filter((m) => m.row.midNoteOnTime !== null);
  const onTime = judged.filter((m) => m.row.midNoteOnTime === true).length;
  const answered = solicitations.filter((s) => s.answer !== null && ANSWERED.has(s.answer)).length;
  const sum = (values: readonly (number | null)[]): number =>
    values.reduce<number>((total, v) => total + (v ?? 0), 0);
  return {
    scope,
    name,
    structures: sum(parts.map((p) => p.structures)),
    structuresServed: sum(parts.map((p) => p.structuresServed)),
    plans: sum(parts.map((p) => p.plans)),
    plansInProgress: sum(parts.map((p) => p.plansInProgress)),
    missions: missions.length,
    missionsByStatus: byStatus,
    missionsInPreparation: count(PREPARATION),
    missionsOngoing: missions.filter(
      (m) =>
        !PREPARATION.has(m.row.status) &&
        !INTERRUPTED.has(m.row.status) &&
        m.row.status !== 'closed',
    ).length,
    missionsClosed: byStatus.closed,
    missionsInterrupted: count(INTERRUPTED),
    solicited: solicitations.length,
    answered,
    answerRate: ratio(answered, solicitations.length),
    calls: calls.length,
    solicitationsPerCall: ratio(sum(calls.map((m) => m.row.solicitationCount)), calls.length),
    proposalsPerCall: ratio(sum(calls.map((m) => m.row.proposalCount)), calls.length),
    committedCents: sum(awarded.map((m) => m.row.budgetCeilingCents)),
    awardedCents: sum(awarded.map((m) => m.row.retainedPriceCents)),
    paidCents: sum(paid.map((m) => m.row.retainedPriceCents)),
    meanDaysTermsToAward: mean(
      missions.flatMap((m) => (m.row.daysTermsToAward === null ? [] : [m.row.daysTermsToAward])),
    ),
    meanDaysAwardToRestitution: mean(
      missions.flatMap((m) =>
        m.row.daysAwardToRestitution === null ? [] : [m.row.daysAwardToRestitution],
      ),
    ),
    satisfactionAnswers: scores.length,
    meanSatisfaction: mean(scores),
    midNotesDue: judged.length,
    midNotesOnTime: onTime,
    midNoteOnTimeShare: ratio(onTime, judged.length),
    balancesAwaitingReport: missions.filter(
      (m) =>
        reachedMilestoneDate(m.mission.restitutionOn, today) !== null &&
        reachedMilestoneDate(m.mission.finalReportReceivedOn, today) === null &&
        reachedMilestoneDate(m.mission.balancePaidOn, today) === null,
    ).length,
    surveysSent: missions.filter(
      (m) => reachedMilestoneDate(m.mission.surveySentOn, today) !== null,
    ).length,
    fundingByFunder: fundingByFunder(missions.flatMap((m) => m.row.funding)),
    advancesPaidCents: sum(missions.map((m) => m.row.advancePaidCents)),
    balanceAmountsPaidCents: sum(missions.map((m) => m.row.balancePaidCents)),
  };
}

/** The guide's funders first (always present, 0 when none), then each partner met. */
function fundingByFunder(lines: readonly FundingLine[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const funder of GUIDE_FUNDERS) totals[funder] = 0;
  for (const line of lines) totals[line.funder] = (totals[line.funder] ?? 0) + line.amountCents;
  return totals;
}
