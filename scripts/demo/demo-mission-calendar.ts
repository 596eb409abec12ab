/**
 * A mission's lifecycle laid out on a calendar: the whole chain of its milestones, and the day
 * today falls on so that the mission is at the stage asked for.
 */
import type { MissionStatus } from '../../shared/domain/mission-lifecycle';
import type { MilestoneKey } from './demo-drafts';
import type { Random } from './demo-random';

export type Chain = Record<MilestoneKey, number>;

/** The stages of the guide in order; interruptions are laid out apart. */
export const STAGE_ORDER: readonly MissionStatus[] = [
  'draft',
  'callOpen',
  'proposalsUnderReview',
  'awarded',
  'agreementSigned',
  'inProgress',
  'midNoteReceived',
  'restituted',
  'balancePaid',
  'evaluated',
  'closed',
];

/** The stage from which each milestone is filled in. */
export const MILESTONE_STAGE: Readonly<Record<MilestoneKey, MissionStatus>> = {
  termsSentOn: 'callOpen',
  replyDeadline: 'callOpen',
  awardedOn: 'awarded',
  agreementSignedOn: 'agreementSigned',
  plannedEndOn: 'agreementSigned',
  kickoffOn: 'inProgress',
  midNoteReceivedOn: 'midNoteReceived',
  restitutionOn: 'restituted',
  finalReportReceivedOn: 'restituted',
  surveySentOn: 'restituted',
  balancePaidOn: 'balancePaid',
  surveyAnsweredOn: 'evaluated',
  closedOn: 'closed',
  followUpDiagnosticOn: 'evaluated',
};

/** Dates that are plans, kept even when later than today. */
export const PLANNED_MILESTONES: ReadonlySet<MilestoneKey> = new Set([
  'replyDeadline',
  'plannedEndOn',
]);

const THREE_YEARS = 3 * 365;

/** The whole calendar of a mission, in days after the terms of reference were sent. */
export function drawChain(rng: Random): Chain {
  const replyDeadline = rng.int(21, 35);
  const awardedOn = replyDeadline + rng.int(5, 20);
  const agreementSignedOn = awardedOn + rng.int(7, 30);
  const kickoffOn = agreementSignedOn + rng.int(5, 25);
  const plannedEndOn = kickoffOn + rng.int(60, 180);
  const midNoteReceivedOn = Math.max(
    kickoffOn + 1,
    kickoffOn + Math.floor((plannedEndOn - kickoffOn) / 2) + rng.int(-10, 10),
  );
  const restitutionOn = Math.max(midNoteReceivedOn + 10, plannedEndOn + rng.int(-15, 20));
  const finalReportReceivedOn = restitutionOn + rng.int(0, 20);
  const balancePaidOn = finalReportReceivedOn + rng.int(10, 45);
  const surveySentOn = restitutionOn + rng.int(7, 30);
  const surveyAnsweredOn = surveySentOn + rng.int(5, 40);
  const closedOn = Math.max(balancePaidOn, surveyAnsweredOn) + rng.int(10, 60);
  const followUpDiagnosticOn = restitutionOn + rng.int(180, 365);
  return {
    termsSentOn: 0,
    replyDeadline,
    awardedOn,
    agreementSignedOn,
    kickoffOn,
    plannedEndOn,
    midNoteReceivedOn,
    restitutionOn,
    finalReportReceivedOn,
    balancePaidOn,
    surveySentOn,
    surveyAnsweredOn,
    closedOn,
    followUpDiagnosticOn,
  };
}

/** The milestone that brings a mission to a stage (draft and call stages handled apart). */
const STAGE_MILESTONE: Partial<Record<MissionStatus, MilestoneKey>> = {
  awarded: 'awardedOn',
  agreementSigned: 'agreementSignedOn',
  inProgress: 'kickoffOn',
  midNoteReceived: 'midNoteReceivedOn',
  restituted: 'restitutionOn',
  balancePaid: 'balancePaidOn',
  evaluated: 'surveyAnsweredOn',
  closed: 'closedOn',
};

/** The milestones whose date, once reached, moves the mission to a later stage. */
const LATER_STAGE_MILESTONES: Readonly<Record<MissionStatus, readonly MilestoneKey[]>> = {
  draft: [],
  callOpen: ['replyDeadline'],
  proposalsUnderReview: ['awardedOn'],
  awarded: ['agreementSignedOn'],
  agreementSigned: ['kickoffOn'],
  inProgress: ['midNoteReceivedOn'],
  midNoteReceived: ['restitutionOn'],
  restituted: ['balancePaidOn', 'surveyAnsweredOn', 'closedOn'],
  balancePaid: ['surveyAnsweredOn', 'closedOn'],
  evaluated: ['closedOn'],
  closed: [],
  suspended: [],
  reoriented: [],
  stopped: [],
};

/** One block of the lifecycle: every status once, closed twice; repeated per scale. */
export const STAGE_BLOCK: readonly {
  stage: MissionStatus;
  scopeExtension?: true;
  resumedSuspension?: true;
  lowSatisfaction?: true;
}[] = [
  { stage: 'draft' },
  { stage: 'callOpen' },
  { stage: 'proposalsUnderReview' },
  { stage: 'awarded' },
  { stage: 'agreementSigned' },
  { stage: 'inProgress' },
  { stage: 'midNoteReceived', scopeExtension: true },
  { stage: 'restituted' },
  { stage: 'balancePaid' },
  { stage: 'evaluated' },
  { stage: 'closed', lowSatisfaction: true },
  { stage: 'closed', resumedSuspension: true },
  { stage: 'suspended' },
  { stage: 'reoriented' },
  { stage: 'stopped' },
];

export function stageRank(stage: MissionStatus): number {
  return STAGE_ORDER.indexOf(stage);
}

/** Days since the terms were sent, chosen so that today falls within the stage. */
export function daysSinceTerms(
  rng: Random,
  stage: MissionStatus,
  chain: Chain,
  interruptionAt: number,
) {
  switch (stage) {
    case 'callOpen':
      return rng.int(0, Math.min(chain.replyDeadline - 1, 20));
    case 'proposalsUnderReview':
      return rng.int(chain.replyDeadline + 1, chain.awardedOn - 1);
    case 'suspended':
    case 'reoriented':
      return rng.int(interruptionAt, interruptionAt + 60);
    case 'stopped':
      return rng.int(interruptionAt, Math.max(interruptionAt, THREE_YEARS));
    case 'closed':
      return rng.int(chain.closedOn, Math.max(chain.closedOn, THREE_YEARS));
    default: {
      const milestone = STAGE_MILESTONE[stage];
      if (milestone === undefined) return 0;
      const lo = chain[milestone];
      const later = LATER_STAGE_MILESTONES[stage].map((k) => chain[k]).filter((d) => d > lo);
      const hi = later.length > 0 ? Math.min(...later) - 1 : lo + 120;
      return rng.int(lo, Math.min(hi, lo + 240));
    }
  }
}
