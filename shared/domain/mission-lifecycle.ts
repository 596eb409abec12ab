import type { Mission } from './mission';
import type { Solicitation } from './solicitation';
import { addDays, daysBetween, isIsoDate, isoDateOrNull, type IsoDate } from './values/french-date';

/** The statuses of a mission d'ingénierie, from the draft terms of reference to the closure. */
export const MISSION_STATUSES = [
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
  'suspended',
  // Never derived since a réorientation lets the mission go on; kept so that the regional
  // « Missions : Réorientée » column keeps its place.
  'reoriented',
  'stopped',
] as const;

/** A mission status code. */
export type MissionStatus = (typeof MISSION_STATUSES)[number];

/** The French label of each status, as the « Statut » column of the tab « Missions » shows it. */
export const MISSION_STATUS_LABELS: Readonly<Record<MissionStatus, string>> = {
  draft: 'Brouillon',
  callOpen: 'Appel à propositions ouvert',
  proposalsUnderReview: 'Propositions en analyse',
  awarded: 'Attribuée',
  agreementSigned: 'Convention signée',
  inProgress: 'En cours',
  midNoteReceived: 'Note à mi-parcours reçue',
  restituted: 'Restituée',
  balancePaid: 'Solde versé',
  evaluated: 'Évaluée',
  closed: 'Clôturée',
  suspended: 'Suspendue',
  reoriented: 'Réorientée',
  stopped: 'Arrêtée',
};

/** The milestone dates of a mission, from the terms of reference to the follow-up diagnostic. */
export type MilestoneField =
  | 'termsSentOn'
  | 'replyDeadline'
  | 'awardedOn'
  | 'agreementSignedOn'
  | 'kickoffOn'
  | 'plannedEndOn'
  | 'midNoteReceivedOn'
  | 'restitutionOn'
  | 'finalReportReceivedOn'
  | 'balancePaidOn'
  | 'surveySentOn'
  | 'surveyAnsweredOn'
  | 'closedOn'
  | 'followUpDiagnosticOn'
  | 'warningOn'
  | 'interruptionOn'
  | 'interruptionDecisionOn';

/** The milestones that move a mission forward, furthest first; the call for proposals is handled apart. */
const MILESTONE_STATUSES: readonly (readonly [MilestoneField, MissionStatus])[] = [
  ['closedOn', 'closed'],
  ['surveyAnsweredOn', 'evaluated'],
  ['balancePaidOn', 'balancePaid'],
  ['restitutionOn', 'restituted'],
  ['midNoteReceivedOn', 'midNoteReceived'],
  ['kickoffOn', 'inProgress'],
  ['agreementSignedOn', 'agreementSigned'],
  ['awardedOn', 'awarded'],
];

/**
 * True when the call for proposals has nothing left to wait for from the consultants: at least
 * one was solicited and every one of them answered (declined, sent a proposal or answered late).
 */
export function everySolicitedAnswered(solicitations: readonly Solicitation[]): boolean {
  return (
    solicitations.length > 0 &&
    solicitations.every((s) => s.answer !== null && s.answer !== 'En attente')
  );
}

/**
 * True once a milestone's date is today or past: a later date is a plan, and a malformed value is
 * no date. The one test of a milestone, for the status and the alerts alike.
 */
export function isMilestoneReached(date: IsoDate | null, today: IsoDate): date is IsoDate {
  return isIsoDate(date) && date <= today;
}

/** The same test as a value: the milestone's date once reached, else null (for sums and delays). */
export function reachedMilestoneDate(date: IsoDate | null, today: IsoDate): IsoDate | null {
  return isMilestoneReached(date, today) ? date : null;
}

function milestoneStatus(
  mission: Mission,
  solicitations: readonly Solicitation[],
  today: IsoDate,
): MissionStatus {
  for (const [fieldKey, status] of MILESTONE_STATUSES) {
    if (isMilestoneReached(mission[fieldKey], today)) return status;
  }
  if (!isMilestoneReached(mission.termsSentOn, today)) return 'draft';
  const deadlinePassed = mission.replyDeadline !== null && mission.replyDeadline < today;
  return deadlinePassed || everySolicitedAnswered(solicitations)
    ? 'proposalsUnderReview'
    : 'callOpen';
}

/**
 * The status a DLA decision imposes, if any: an arrêt stops the mission, a suspension pauses it
 * until a resumption; a réorientation changes the mission and lets it go on (guide, part III:
 * « réorientation, suspension, arrêt de l'accompagnement »), so its milestones decide.
 */
function interruptionStatus(mission: Mission, today: IsoDate): MissionStatus | null {
  const kind = mission.interruptionKind;
  if (kind === null || kind === 'Réorientation') return null;
  // A decision dated later than today has not been taken yet.
  if (mission.interruptionOn !== null && mission.interruptionOn > today) return null;
  if (kind === 'Arrêt') return 'stopped';
  return isMilestoneReached(mission.interruptionDecisionOn, today) ? null : 'suspended';
}

/**
 * The status of a mission on `today`, derived from its milestone dates (never typed by a person):
 * the furthest milestone reached wins, even when an earlier one is missing (the mission rules
 * report the gap). An arrêt, or a suspension until its resumption, overrides it; a
 * réorientation does not (the mission goes on); an administrative closure overrides everything.
 * `solicitations` are those of this mission only.
 */
export function deriveMissionStatus(
  mission: Mission,
  solicitations: readonly Solicitation[],
  today: IsoDate,
): MissionStatus {
  if (isMilestoneReached(mission.closedOn, today)) return 'closed';
  return interruptionStatus(mission, today) ?? milestoneStatus(mission, solicitations, today);
}

/** The French label of a status (« Convention signée », « Suspendue », …). */
export function describeMissionStatus(status: MissionStatus): string {
  return MISSION_STATUS_LABELS[status];
}

/**
 * The day the mid-mission note is due: the « Note à mi-parcours attendue le » column when set,
 * else halfway between the kickoff and the planned end, rounded down to the day (the halfway
 * point is an operator default: the guide asks for a mid-mission note without dating it).
 * The one rule both the alerts and the regional consolidation use.
 */
export function midNoteDueOn(mission: Mission): IsoDate | null {
  const typed = isoDateOrNull(mission.midNoteDueOn);
  if (typed !== null) return typed;
  const kickoff = isoDateOrNull(mission.kickoffOn);
  const end = isoDateOrNull(mission.plannedEndOn);
  if (kickoff === null || end === null || end < kickoff) return null;
  return addDays(kickoff, Math.floor(daysBetween(kickoff, end) / 2));
}
