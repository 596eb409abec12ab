import { servedPlanIds } from '../collective-mission';
import { asBeneficiary, asMission, asPlan, asProvider, asSolicitation } from '../entity-view';
import type { Mission } from '../mission';
import { fundingOf } from '../mission-funding';
import {
  deriveMissionStatus,
  describeMissionStatus,
  midNoteDueOn,
  reachedMilestoneDate,
} from '../mission-lifecycle';
import type { OperatorCode } from '../operator';
import { providerCompleteness } from '../provider';
import {
  overallSatisfaction,
  SURVEY_DIMENSIONS,
  type SurveyDimensionKey,
} from '../satisfaction-survey';
import type { Solicitation } from '../solicitation';
import type { StoredRecord } from '../stored-record';
import { daysBetween, type IsoDate } from '../values/french-date';
import { allowedData } from './allow-list';
import type { RegionalMissionRow } from './regional-rows';

/** One solicitation, as the regional view may see it. */
interface SolicitationFacts {
  readonly id: string;
  readonly solicitation: Solicitation;
}

/** What the view knows of one mission before it becomes a row. */
interface MissionFacts {
  readonly row: RegionalMissionRow;
  readonly mission: Mission;
  readonly solicitations: readonly SolicitationFacts[];
}

/**
 * One operator's allowed facts: what the three tables are computed from, without the records they
 * were derived from (see {@link regionalOperatorPart}).
 */
export interface OperatorFacts {
  readonly code: OperatorCode;
  readonly structures: number;
  readonly plans: number;
  readonly plansInProgress: number;
  readonly missions: readonly MissionFacts[];
  /** Structures served by at least one mission, each once (a collective mission serves several). */
  readonly structuresServed: number;
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whole days between two reached dates, null when either is missing or they are in the wrong order. */
function elapsed(from: IsoDate | null, to: IsoDate | null): number | null {
  if (from === null || to === null) return null;
  const days = daysBetween(from, to);
  return days >= 0 ? days : null;
}

/**
 * Whether the mid-mission note came on time: received on or before its due date (true), not
 * received once the due date is past (false), not judged otherwise (null): not yet due, or the
 * mission was stopped or suspended before the note was due (a réorientation goes on).
 */
function midNoteOnTime(mission: Mission, due: IsoDate | null, today: IsoDate): boolean | null {
  if (due === null) return null;
  const received = reachedMilestoneDate(mission.midNoteReceivedOn, today);
  if (received !== null) return received <= due;
  // A réorientation lets the mission go on: its note is still expected.
  const paused = mission.interruptionKind === 'Suspension' || mission.interruptionKind === 'Arrêt';
  const interrupted = paused ? reachedMilestoneDate(mission.interruptionOn, today) : null;
  if (interrupted !== null && interrupted <= due) return null;
  return due < today ? false : null;
}

function surveyScoresOf(mission: Mission): Record<SurveyDimensionKey, number | null> {
  const scores = {} as Record<SurveyDimensionKey, number | null>;
  for (const { key } of SURVEY_DIMENSIONS) scores[key] = mission[key];
  return scores;
}

/** A proposal received in time, or late and admitted by the operator. */
function isValidProposal(s: Solicitation): boolean {
  return s.answer === 'Proposition reçue' || (s.answer === 'Hors délai' && s.lateAdmitted === true);
}

/**
 * What the regional view needs of the register, by provider ID: the legal name and the yes/no of
 * the sheet's completeness. Small enough to keep while the operators are read one by one, so the
 * register's records can be dropped once it is built.
 */
export interface RegisterDigest {
  readonly names: ReadonlyMap<string, string | null>;
  readonly sheetComplete: ReadonlyMap<string, boolean>;
}

/** The {@link RegisterDigest} of the register's providers (archived ones included). */
export function registerDigest(register: readonly StoredRecord[]): RegisterDigest {
  const names = new Map<string, string | null>();
  const sheetComplete = new Map<string, boolean>();
  for (const record of register) {
    if (record.kind !== 'provider') continue;
    names.set(record.id, asProvider(allowedData('provider', record.data)).legalName);
    // Only the yes/no leaves the register, none of the sheet's values.
    sheetComplete.set(record.id, providerCompleteness(asProvider(record.data)).sheetComplete);
  }
  return { names, sheetComplete };
}

function missionFacts(
  code: OperatorCode,
  record: StoredRecord,
  solicitations: readonly SolicitationFacts[],
  context: {
    readonly plans: ReadonlyMap<string, { readonly beneficiaryId: string | null }>;
    readonly beneficiaries: ReadonlyMap<
      string,
      {
        readonly sector: string | null;
        readonly territory: string | null;
        readonly legalForm: string | null;
      }
    >;
    readonly names: ReadonlyMap<string, string | null>;
    readonly today: IsoDate;
  },
): MissionFacts {
  const { today } = context;
  const mission = asMission(allowedData('mission', record.data));
  const status = deriveMissionStatus(
    mission,
    solicitations.map((s) => s.solicitation),
    today,
  );
  const plan = mission.planId === null ? undefined : context.plans.get(mission.planId);
  const beneficiary =
    plan?.beneficiaryId === null || plan?.beneficiaryId === undefined
      ? undefined
      : context.beneficiaries.get(plan.beneficiaryId);
  const retained = solicitations.find((s) => s.solicitation.decision === 'Retenu');
  const retainedProviderId = retained?.solicitation.providerId ?? null;
  const termsSent = reachedMilestoneDate(mission.termsSentOn, today);
  const awarded = reachedMilestoneDate(mission.awardedOn, today);
  const kickoff = reachedMilestoneDate(mission.kickoffOn, today);
  const restitution = reachedMilestoneDate(mission.restitutionOn, today);
  const due = midNoteDueOn(mission);
  const row: RegionalMissionRow = {
    operator: code,
    missionId: record.id,
    title: mission.title,
    status,
    statusLabel: describeMissionStatus(status),
    engineeringType: mission.engineeringType,
    requiredCompetence: mission.requiredCompetence,
    sector: mission.sector ?? beneficiary?.sector ?? null,
    territory: beneficiary?.territory ?? null,
    beneficiaryLegalForm: beneficiary?.legalForm ?? null,
    termsSentOn: mission.termsSentOn,
    replyDeadline: mission.replyDeadline,
    awardedOn: mission.awardedOn,
    agreementSignedOn: mission.agreementSignedOn,
    kickoffOn: mission.kickoffOn,
    plannedEndOn: mission.plannedEndOn,
    midNoteDueOn: due,
    midNoteReceivedOn: mission.midNoteReceivedOn,
    midNoteOnTime: midNoteOnTime(mission, due, today),
    restitutionOn: mission.restitutionOn,
    finalReportReceivedOn: mission.finalReportReceivedOn,
    balancePaidOn: mission.balancePaidOn,
    closedOn: mission.closedOn,
    solicitationCount: solicitations.length,
    proposalCount: solicitations.filter((s) => isValidProposal(s.solicitation)).length,
    declinedCount: solicitations.filter((s) => s.solicitation.answer === 'Décliné').length,
    lateCount: solicitations.filter((s) => s.solicitation.answer === 'Hors délai').length,
    retainedProviderId,
    retainedProviderName:
      retainedProviderId === null ? null : (context.names.get(retainedProviderId) ?? null),
    budgetCeilingCents: mission.budgetCeilingCents,
    retainedPriceCents: retained?.solicitation.priceCents ?? null,
    estimatedDays: mission.estimatedDays,
    daysTermsToAward: elapsed(termsSent, awarded),
    daysAwardToRestitution: elapsed(awarded, restitution),
    daysKickoffToRestitution: elapsed(kickoff, restitution),
    satisfactionScore: mission.satisfactionScore,
    overallSatisfaction: overallSatisfaction(mission),
    surveyScores: surveyScoresOf(mission),
    funding: fundingOf(mission.funding),
    agreedPriceCents: mission.agreedPriceCents ?? retained?.solicitation.priceCents ?? null,
    advancePaidCents:
      reachedMilestoneDate(mission.advancePaidOn, today) === null ? null : mission.advanceCents,
    balancePaidCents:
      reachedMilestoneDate(mission.balancePaidOn, today) === null ? null : mission.balanceCents,
  };
  return { row, mission, solicitations };
}

/** Reduces one operator's records to the allowed facts the three tables are computed from. */
export function operatorFacts(
  code: OperatorCode,
  records: readonly StoredRecord[],
  names: ReadonlyMap<string, string | null>,
  today: IsoDate,
): OperatorFacts {
  const live = records.filter((r) => !r.archived && r.owner === code);
  const beneficiaries = new Map(
    live
      .filter((r) => r.kind === 'beneficiary')
      .map((r) => [r.id, asBeneficiary(allowedData('beneficiary', r.data))] as const),
  );
  const planRecords = live.filter((r) => r.kind === 'plan');
  const plans = new Map(
    planRecords.map((r) => [r.id, asPlan(allowedData('plan', r.data))] as const),
  );
  const missionRecords = live.filter((r) => r.kind === 'mission').sort(byId);
  const missionIds = new Set(missionRecords.map((r) => r.id));
  const solicitationsByMission = new Map<string, SolicitationFacts[]>();
  for (const record of live.filter((r) => r.kind === 'solicitation').sort(byId)) {
    const solicitation = asSolicitation(allowedData('solicitation', record.data));
    if (solicitation.missionId === null || !missionIds.has(solicitation.missionId)) continue;
    const list = solicitationsByMission.get(solicitation.missionId) ?? [];
    list.push({ id: record.id, solicitation });
    solicitationsByMission.set(solicitation.missionId, list);
  }
  const context = { plans, beneficiaries, names, today };
  const served = new Set<string>();
  for (const r of missionRecords) {
    for (const planId of servedPlanIds(asMission(allowedData('mission', r.data)))) {
      const beneficiaryId = plans.get(planId)?.beneficiaryId ?? null;
      if (beneficiaryId !== null && beneficiaries.has(beneficiaryId)) served.add(beneficiaryId);
    }
  }
  return {
    code,
    structuresServed: served.size,
    structures: beneficiaries.size,
    plans: plans.size,
    plansInProgress: [...plans.values()].filter((p) => p.status === 'En cours').length,
    missions: missionRecords.map((r) =>
      missionFacts(code, r, solicitationsByMission.get(r.id) ?? [], context),
    ),
  };
}
