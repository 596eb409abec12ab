import type { RecordData, StoredRecord } from './stored-record';
import type { ExportColumn, ExportSheet, ExportValue } from './export-sheet';
import type { TabReplacement } from './workbook-writes';
import { PLAN_FIELDS } from './accompaniment-plan';
import { BENEFICIARY_FIELDS } from './beneficiary';
import { servedPlanIds } from './collective-mission';
import { asBeneficiary, asMission, asPlan, asProvider, asSolicitation } from './entity-view';
import { MISSION_FIELDS, type Mission } from './mission';
import {
  deriveMissionStatus,
  describeMissionStatus,
  midNoteDueOn,
  MISSION_STATUSES,
  type MissionStatus,
} from './mission-lifecycle';
import { OPERATOR_CODES, operatorDisplayName, type OperatorCode } from './operator';
import { PROVIDER_FIELDS, providerCompleteness } from './provider';
import type { RecordKind } from './record-id';
import { neutralizeFormula } from './values/formula-neutralization';
import { SOLICITATION_FIELDS, type Solicitation } from './solicitation';
import { fundingOf, formatFundingLines, GUIDE_FUNDERS, type FundingLine } from './mission-funding';
import {
  overallSatisfaction,
  SURVEY_DIMENSIONS,
  type SurveyDimensionKey,
} from './satisfaction-survey';
import { formatEuros } from './values/amount';
import type { CellValue } from './values/cell-value';
import { daysBetween, formatFrenchDate, type IsoDate } from './values/french-date';
import { formatParisDateTime } from './values/paris-time';
import { formatYesNo } from './values/yes-no';

/*
 * The C2RA's regional view of the six operators (guide, part I.B: one regional network), built
 * from the store without anyone copying rows by hand, and without any confidential content
 * (guide, part III: « les informations rassemblées […] ne devront, en aucun cas, être diffusées »).
 */

/** The fields of each kind of record, by key. */
interface KindFields {
  readonly beneficiary: typeof BENEFICIARY_FIELDS;
  readonly plan: typeof PLAN_FIELDS;
  readonly mission: typeof MISSION_FIELDS;
  readonly solicitation: typeof SOLICITATION_FIELDS;
  readonly provider: typeof PROVIDER_FIELDS;
}

/**
 * The only fields of an operator's records that may leave the operator for the regional view:
 * every other field is dropped before any computation, so nothing outside this list can reach
 * a regional table, file or spreadsheet, whatever a later change of the computation does.
 *
 * - Structures: legal form, sector, territory and date of first welcome only. Never the name,
 *   SIRET/RNA, town or postal code (they identify the structure), never the contact data
 *   (contact, e-mail, phone: confidential) nor the notes (free text, confidential).
 * - Plans: the link to the structure and the state of the plan. Never the diagnostic summary
 *   (confidential), nor the issues it found (diagnostic content).
 * - Missions: the operational data of the order and its milestone dates. The title is kept: it
 *   names the order (« Consolidation du modèle économique »), it is not a diagnostic; the guide's
 *   operators write it for the consultants who receive the terms of reference. The free-text
 *   reasons (interruption, work outside the scope) and the name of who authorised such work are
 *   never kept.
 * - Solicitations: who was solicited, the answer, price and days, and the decision. Never the
 *   evaluators' scores of a proposal.
 * - Providers (the C2RA's own register): the legal name. The completeness of the provider's sheet
 *   is derived from the register as a yes/no, none of its values shown.
 *
 * A field of this list is never marked confidential and, apart from the mission title, is never
 * free text (a test checks both).
 */
export const REGIONAL_ALLOW_LIST = {
  beneficiary: ['legalForm', 'sector', 'territory', 'firstWelcomedOn'],
  plan: ['beneficiaryId', 'status'],
  mission: [
    'planId',
    'otherPlanIds',
    'engineeringType',
    'title',
    'requiredCompetence',
    'sector',
    'budgetCeilingCents',
    'estimatedDays',
    'termsSentOn',
    'replyDeadline',
    'awardedOn',
    'agreementSignedOn',
    'kickoffOn',
    'plannedEndOn',
    'midNoteDueOn',
    'midNoteReceivedOn',
    'restitutionOn',
    'finalReportReceivedOn',
    'funding',
    'agreedPriceCents',
    'advanceCents',
    'advancePaidOn',
    'balanceCents',
    'balancePaidOn',
    'surveySentOn',
    'surveyAnsweredOn',
    'satisfactionScore',
    'surveyModalities',
    'surveyProgress',
    'surveyCompetence',
    'surveyResults',
    'surveyImpact',
    'surveyDurability',
    'closedOn',
    'followUpDiagnosticOn',
    'warningOn',
    'interruptionKind',
    'interruptionOn',
    'interruptionDecisionOn',
  ],
  solicitation: [
    'missionId',
    'providerId',
    'solicitedOn',
    'answer',
    'answeredOn',
    'priceCents',
    'proposedDays',
    'lateAdmitted',
    'decision',
  ],
  provider: ['legalName'],
} as const satisfies { readonly [K in RecordKind]: readonly (keyof KindFields[K] & string)[] };

/** The data of a record reduced to the fields {@link REGIONAL_ALLOW_LIST} lets out. */
export function allowedData(kind: RecordKind, data: RecordData): RecordData {
  const allowed: readonly string[] = REGIONAL_ALLOW_LIST[kind];
  const kept: Record<string, RecordData[string]> = {};
  for (const key of allowed) {
    const value = data[key];
    if (value !== undefined) kept[key] = value;
  }
  return kept;
}

const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/**
 * A record reduced to what the regional view may read of it: its identity, owner, kind, archived
 * flag and the data of {@link REGIONAL_ALLOW_LIST}, nothing else (no field times, no refused raw
 * values). The regional view and the providers' history of a reduced record are those of the
 * record.
 */
export function regionalRecord(record: StoredRecord): StoredRecord {
  return {
    id: record.id,
    kind: record.kind,
    owner: record.owner,
    data: allowedData(record.kind, record.data),
    fieldTimes: NOTHING,
    rejected: NOTHING,
    archived: record.archived,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** One mission of one operator in the regional view. */
export interface RegionalMissionRow {
  readonly operator: OperatorCode;
  readonly missionId: string;
  readonly title: string | null;
  readonly status: MissionStatus;
  readonly statusLabel: string;
  readonly engineeringType: string | null;
  readonly requiredCompetence: string | null;
  /** The mission's sector, else its structure's. */
  readonly sector: string | null;
  /** The territory of the structure (never its town). */
  readonly territory: string | null;
  readonly beneficiaryLegalForm: string | null;
  readonly termsSentOn: IsoDate | null;
  readonly replyDeadline: IsoDate | null;
  readonly awardedOn: IsoDate | null;
  readonly agreementSignedOn: IsoDate | null;
  readonly kickoffOn: IsoDate | null;
  readonly plannedEndOn: IsoDate | null;
  /** The date the mid-mission note is due: typed, else halfway from kickoff to planned end. */
  readonly midNoteDueOn: IsoDate | null;
  readonly midNoteReceivedOn: IsoDate | null;
  /** Received by its due date; false once overdue and not received; null while not judged. */
  readonly midNoteOnTime: boolean | null;
  readonly restitutionOn: IsoDate | null;
  readonly finalReportReceivedOn: IsoDate | null;
  readonly balancePaidOn: IsoDate | null;
  readonly closedOn: IsoDate | null;
  readonly solicitationCount: number;
  /** Proposals received by the deadline, or late but admitted. */
  readonly proposalCount: number;
  /** Solicitations the consultant declined. */
  readonly declinedCount: number;
  /** Solicitations answered after the deadline (« Hors délai »), admitted or not. */
  readonly lateCount: number;
  readonly retainedProviderId: string | null;
  readonly retainedProviderName: string | null;
  readonly budgetCeilingCents: number | null;
  readonly retainedPriceCents: number | null;
  readonly estimatedDays: number | null;
  /** Days from the terms of reference sent to the award, both reached. */
  readonly daysTermsToAward: number | null;
  /** Days from the award to the restitution, both reached. */
  readonly daysAwardToRestitution: number | null;
  /** Days from the kickoff meeting to the restitution, both reached. */
  readonly daysKickoffToRestitution: number | null;
  readonly satisfactionScore: number | null;
  /** The « note globale » when typed, else the mean of the six survey dimensions scored. */
  readonly overallSatisfaction: number | null;
  /** The survey's six dimensions (guide, part III « Evaluation »), by dimension key. */
  readonly surveyScores: Readonly<Record<SurveyDimensionKey, number | null>>;
  /** The funders of the mission and their amounts (guide's funders, then partners). */
  readonly funding: readonly FundingLine[];
  /** The agreed price: the agreement's, else the retained proposal's. */
  readonly agreedPriceCents: number | null;
  /** The advance, counted once its date is reached. */
  readonly advancePaidCents: number | null;
  /** The balance amount, counted once its date is reached. */
  readonly balancePaidCents: number | null;
}

/** The indicators of one operator, or of the region (`scope: 'region'`). */
export interface IndicatorRow {
  readonly scope: OperatorCode | 'region';
  readonly name: string;
  /** Structures welcomed (beneficiaries recorded, not archived). */
  readonly structures: number;
  /** Structures served by missions, each once, every structure of a collective mission counted. */
  readonly structuresServed: number;
  readonly plans: number;
  readonly plansInProgress: number;
  readonly missions: number;
  readonly missionsByStatus: Readonly<Record<MissionStatus, number>>;
  /** Draft, call open, proposals under review. */
  readonly missionsInPreparation: number;
  /** Awarded and not closed nor interrupted. */
  readonly missionsOngoing: number;
  readonly missionsClosed: number;
  /** Suspended, reoriented or stopped. */
  readonly missionsInterrupted: number;
  readonly solicited: number;
  /** Solicitations answered: declined, proposal received, or received late. */
  readonly answered: number;
  /** answered / solicited, from 0 to 1; null without any solicitation. */
  readonly answerRate: number | null;
  /** Missions with at least one solicitation (a call for proposals). */
  readonly calls: number;
  readonly solicitationsPerCall: number | null;
  readonly proposalsPerCall: number | null;
  /** Sum of the budget ceilings of the awarded missions. */
  readonly committedCents: number;
  /** Sum of the retained prices of the awarded missions. */
  readonly awardedCents: number;
  /** Sum of the retained prices of the missions whose balance is paid. */
  readonly paidCents: number;
  readonly meanDaysTermsToAward: number | null;
  readonly meanDaysAwardToRestitution: number | null;
  readonly satisfactionAnswers: number;
  readonly meanSatisfaction: number | null;
  /** Missions whose mid-mission note could be judged (received, or overdue). */
  readonly midNotesDue: number;
  readonly midNotesOnTime: number;
  /** midNotesOnTime / midNotesDue, from 0 to 1; null when none could be judged. */
  readonly midNoteOnTimeShare: number | null;
  /** Restituted, no final report yet, balance not paid: the balance cannot be paid. */
  readonly balancesAwaitingReport: number;
  readonly surveysSent: number;
  /** The funding of the missions, summed per funder (« Partenaire … » per partner). */
  readonly fundingByFunder: Readonly<Record<string, number>>;
  /** Sum of the advances paid (dates reached). */
  readonly advancesPaidCents: number;
  /** Sum of the balance amounts paid (dates reached). */
  readonly balanceAmountsPaidCents: number;
}

/** What one provider of the register did across the six operators. */
export interface ProviderRow {
  readonly providerId: string;
  /** Null when the ID is not in the register. */
  readonly legalName: string | null;
  readonly sheetComplete: boolean | null;
  readonly solicited: number;
  /** Proposals sent, late ones included. */
  readonly proposals: number;
  readonly declined: number;
  readonly late: number;
  readonly retained: number;
  /** retained / proposals, from 0 to 1; null without any proposal. */
  readonly successRate: number | null;
  /** Retained missions whose restitution took place. */
  readonly missionsRestituted: number;
  readonly retainedAmountCents: number;
  readonly operators: readonly OperatorCode[];
  readonly lastSolicitedOn: IsoDate | null;
  /** Mean overall satisfaction of the retained missions (note globale, else the six dimensions). */
  readonly meanSatisfaction: number | null;
  /** Mean of each survey dimension over the retained missions, by dimension key. */
  readonly meanByDimension: Readonly<Record<SurveyDimensionKey, number | null>>;
}

/** The regional view: three tables and the instant they were computed at. */
export interface RegionalView {
  readonly missionRows: readonly RegionalMissionRow[];
  /** One row per operator in the guide's order, then the region total. */
  readonly indicatorRows: readonly IndicatorRow[];
  readonly providerRows: readonly ProviderRow[];
  /** ISO instant of the run. */
  readonly generatedAt: string;
}

/** What {@link consolidateRegion} reads. */
export interface RegionalInput {
  /** Every record of each operator, archived ones included (they are left out here). */
  readonly operators: Readonly<Record<OperatorCode, readonly StoredRecord[]>>;
  /** The regional register of providers. */
  readonly register: readonly StoredRecord[];
  /** The day in Paris: a milestone dated later is a plan, not a fact. */
  readonly today: IsoDate;
  /** The ISO instant of the run. */
  readonly at: string;
}

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

const PREPARATION: ReadonlySet<MissionStatus> = new Set([
  'draft',
  'callOpen',
  'proposalsUnderReview',
]);
const INTERRUPTED: ReadonlySet<MissionStatus> = new Set(['suspended', 'reoriented', 'stopped']);
const ANSWERED = new Set(['Décliné', 'Proposition reçue', 'Hors délai']);

/** A milestone counts once its date is past or today (as in the mission lifecycle). */
function reached(date: IsoDate | null, today: IsoDate): IsoDate | null {
  return date !== null && date <= today ? date : null;
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

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * Whether the mid-mission note came on time: received on or before its due date (true), not
 * received once the due date is past (false), not judged otherwise (null): not yet due, or the
 * mission was stopped or suspended before the note was due (a réorientation goes on).
 */
function midNoteOnTime(mission: Mission, due: IsoDate | null, today: IsoDate): boolean | null {
  if (due === null) return null;
  const received = reached(mission.midNoteReceivedOn, today);
  if (received !== null) return received <= due;
  // A réorientation lets the mission go on: its note is still expected.
  const paused = mission.interruptionKind === 'Suspension' || mission.interruptionKind === 'Arrêt';
  const interrupted = paused ? reached(mission.interruptionOn, today) : null;
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
  const termsSent = reached(mission.termsSentOn, today);
  const awarded = reached(mission.awardedOn, today);
  const kickoff = reached(mission.kickoffOn, today);
  const restitution = reached(mission.restitutionOn, today);
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
    advancePaidCents: reached(mission.advancePaidOn, today) === null ? null : mission.advanceCents,
    balancePaidCents: reached(mission.balancePaidOn, today) === null ? null : mission.balanceCents,
  };
  return { row, mission, solicitations };
}

/** Reduces one operator's records to the allowed facts the three tables are computed from. */
function operatorFacts(
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

function emptyStatusCounts(): Record<MissionStatus, number> {
  const counts = {} as Record<MissionStatus, number>;
  for (const status of MISSION_STATUSES) counts[status] = 0;
  return counts;
}

/** The indicators over one or several operators, pooled (a regional mean weighs every mission alike). */
function indicatorsOf(
  scope: OperatorCode | 'region',
  name: string,
  parts: readonly OperatorFacts[],
  today: IsoDate,
): IndicatorRow {
  const missions = parts.flatMap((p) => p.missions);
  const solicitations = missions.flatMap((m) => m.solicitations.map((s) => s.solicitation));
  const byStatus = emptyStatusCounts();
  for (const m of missions) byStatus[m.row.status] += 1;
  const count = (statuses: ReadonlySet<MissionStatus>): number =>
    missions.filter((m) => statuses.has(m.row.status)).length;
  const calls = missions.filter((m) => m.solicitations.length > 0);
  const awarded = missions.filter((m) => reached(m.mission.awardedOn, today) !== null);
  const paid = missions.filter((m) => reached(m.mission.balancePaidOn, today) !== null);
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
        reached(m.mission.restitutionOn, today) !== null &&
        reached(m.mission.finalReportReceivedOn, today) === null &&
        reached(m.mission.balancePaidOn, today) === null,
    ).length,
    surveysSent: missions.filter((m) => reached(m.mission.surveySentOn, today) !== null).length,
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

interface ProviderTally {
  solicited: number;
  proposals: number;
  declined: number;
  late: number;
  retained: number;
  missionsRestituted: number;
  retainedAmountCents: number;
  operators: Set<OperatorCode>;
  lastSolicitedOn: IsoDate | null;
  scores: number[];
  dimensionScores: Record<SurveyDimensionKey, number[]>;
}

function providerRowsOf(
  parts: readonly OperatorFacts[],
  register: RegisterDigest,
  today: IsoDate,
): ProviderRow[] {
  const tallies = new Map<string, ProviderTally>();
  for (const part of parts) {
    for (const m of part.missions) {
      for (const { solicitation: s } of m.solicitations) {
        if (s.providerId === null) continue;
        const t = tallies.get(s.providerId) ?? {
          solicited: 0,
          proposals: 0,
          declined: 0,
          late: 0,
          retained: 0,
          missionsRestituted: 0,
          retainedAmountCents: 0,
          operators: new Set<OperatorCode>(),
          lastSolicitedOn: null,
          scores: [],
          dimensionScores: emptyDimensionScores(),
        };
        t.solicited += 1;
        if (s.answer === 'Proposition reçue' || s.answer === 'Hors délai') t.proposals += 1;
        if (s.answer === 'Décliné') t.declined += 1;
        if (s.answer === 'Hors délai') t.late += 1;
        if (s.decision === 'Retenu') {
          t.retained += 1;
          t.retainedAmountCents += s.priceCents ?? 0;
          if (reached(m.mission.restitutionOn, today) !== null) t.missionsRestituted += 1;
          if (m.row.overallSatisfaction !== null) t.scores.push(m.row.overallSatisfaction);
          for (const { key } of SURVEY_DIMENSIONS) {
            const score = m.row.surveyScores[key];
            if (score !== null) t.dimensionScores[key].push(score);
          }
        }
        t.operators.add(part.code);
        if (
          s.solicitedOn !== null &&
          (t.lastSolicitedOn === null || s.solicitedOn > t.lastSolicitedOn)
        )
          t.lastSolicitedOn = s.solicitedOn;
        tallies.set(s.providerId, t);
      }
    }
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([providerId, t]) => {
      return {
        providerId,
        legalName: register.names.get(providerId) ?? null,
        sheetComplete: register.sheetComplete.get(providerId) ?? null,
        solicited: t.solicited,
        proposals: t.proposals,
        declined: t.declined,
        late: t.late,
        retained: t.retained,
        successRate: ratio(t.retained, t.proposals),
        missionsRestituted: t.missionsRestituted,
        retainedAmountCents: t.retainedAmountCents,
        operators: OPERATOR_CODES.filter((code) => t.operators.has(code)),
        lastSolicitedOn: t.lastSolicitedOn,
        meanSatisfaction: mean(t.scores),
        meanByDimension: meanByDimension(t.dimensionScores),
      };
    });
}

function emptyDimensionScores(): Record<SurveyDimensionKey, number[]> {
  const scores = {} as Record<SurveyDimensionKey, number[]>;
  for (const { key } of SURVEY_DIMENSIONS) scores[key] = [];
  return scores;
}

function meanByDimension(
  scores: Readonly<Record<SurveyDimensionKey, readonly number[]>>,
): Record<SurveyDimensionKey, number | null> {
  const means = {} as Record<SurveyDimensionKey, number | null>;
  for (const { key } of SURVEY_DIMENSIONS) means[key] = mean(scores[key]);
  return means;
}

/**
 * The regional view of the six operators on `today`: one row per mission that is not archived,
 * the indicators of each operator and of the region, and the figures of each provider solicited.
 * Pure; only the fields of {@link REGIONAL_ALLOW_LIST} are read. A date later than `today` is a
 * plan: it is shown, but counts in no delay, amount or status.
 */
export function consolidateRegion(input: RegionalInput): RegionalView {
  const register = registerDigest(input.register);
  const parts = OPERATOR_CODES.map((code) =>
    regionalOperatorPart(code, input.operators[code], register, input.today),
  );
  return assembleRegionalView(parts, register, input.today, input.at);
}

/**
 * One operator's part of the regional view: its records reduced to the allowed facts (only the
 * fields of {@link REGIONAL_ALLOW_LIST} are read). The records can be dropped afterwards, so a
 * consolidation reading the operators one at a time holds one operator's records at most.
 */
export function regionalOperatorPart(
  code: OperatorCode,
  records: readonly StoredRecord[],
  register: RegisterDigest,
  today: IsoDate,
): OperatorFacts {
  return operatorFacts(code, records, register.names, today);
}

/**
 * The regional view from the six operators' parts, in the guide's order of the operators: the
 * same view as {@link consolidateRegion} over the records the parts were derived from.
 */
export function assembleRegionalView(
  parts: readonly OperatorFacts[],
  register: RegisterDigest,
  today: IsoDate,
  at: string,
): RegionalView {
  return {
    missionRows: parts.flatMap((p) => p.missions.map((m) => m.row)),
    indicatorRows: [
      ...parts.map((p) => indicatorsOf(p.code, operatorDisplayName(p.code), [p], today)),
      indicatorsOf('region', REGION_NAME, parts, today),
    ],
    providerRows: providerRowsOf(parts, register, today),
    generatedAt: at,
  };
}

/** The label of the region total in the « Opérateur » column. */
export const REGION_LABEL = 'Région';

/** The name of the region total. */
export const REGION_NAME = 'Total Nord – Pas de Calais';

/** The C2RA workbook's tabs this view fills, as the layout of the C2RA workbook names them. */
export const REGIONAL_TABS = {
  missions: 'Missions régionales',
  indicators: 'Indicateurs',
  providers: 'Prestataires mobilisés',
} as const;

/** A column of a regional table: how it is exported, and its value in a row. */
export interface RegionalColumn<R> extends ExportColumn {
  readonly value: (row: R, view: RegionalView) => ExportValue;
}

const yesNo = (b: boolean | null): string | null => (b === null ? null : formatYesNo(b));
const percent = (r: number | null): number | null => (r === null ? null : r * 100);

/** Every column of « Missions régionales », in the order of the exported file. */
export const MISSION_COLUMNS: readonly RegionalColumn<RegionalMissionRow>[] = [
  { header: 'Opérateur', type: 'text', width: 10, value: (r) => r.operator },
  { header: 'ID mission', type: 'text', width: 18, value: (r) => r.missionId },
  { header: 'Intitulé', type: 'text', width: 40, value: (r) => r.title },
  { header: 'Statut', type: 'text', width: 22, value: (r) => r.statusLabel },
  { header: "Type d'ingénierie", type: 'text', value: (r) => r.engineeringType },
  { header: 'Compétence requise', type: 'text', width: 30, value: (r) => r.requiredCompetence },
  { header: 'Secteur', type: 'text', width: 28, value: (r) => r.sector },
  { header: 'Territoire', type: 'text', width: 22, value: (r) => r.territory },
  { header: 'Forme juridique de la structure', type: 'text', value: (r) => r.beneficiaryLegalForm },
  { header: 'Cahier des charges envoyé le', type: 'date', value: (r) => r.termsSentOn },
  { header: 'Date limite de réponse', type: 'date', value: (r) => r.replyDeadline },
  { header: 'Attribuée le', type: 'date', value: (r) => r.awardedOn },
  { header: 'Convention signée le', type: 'date', value: (r) => r.agreementSignedOn },
  { header: 'Réunion de lancement le', type: 'date', value: (r) => r.kickoffOn },
  { header: 'Fin prévue le', type: 'date', value: (r) => r.plannedEndOn },
  { header: 'Note à mi-parcours attendue le', type: 'date', value: (r) => r.midNoteDueOn },
  { header: 'Note à mi-parcours reçue le', type: 'date', value: (r) => r.midNoteReceivedOn },
  { header: 'Note à mi-parcours à temps', type: 'text', value: (r) => yesNo(r.midNoteOnTime) },
  { header: 'Restitution le', type: 'date', value: (r) => r.restitutionOn },
  { header: 'Rapport final reçu le', type: 'date', value: (r) => r.finalReportReceivedOn },
  { header: 'Solde versé le', type: 'date', value: (r) => r.balancePaidOn },
  { header: 'Clôturée le', type: 'date', value: (r) => r.closedOn },
  { header: 'Sollicitations', type: 'integer', value: (r) => r.solicitationCount },
  { header: 'Propositions reçues', type: 'integer', value: (r) => r.proposalCount },
  { header: 'Prestataire retenu', type: 'text', value: (r) => r.retainedProviderId },
  {
    header: 'Raison sociale du prestataire',
    type: 'text',
    width: 32,
    value: (r) => r.retainedProviderName,
  },
  { header: 'Plafond budgétaire', type: 'amount', value: (r) => r.budgetCeilingCents },
  { header: 'Prix retenu', type: 'amount', value: (r) => r.retainedPriceCents },
  { header: 'Jours estimés', type: 'decimal', decimals: 1, value: (r) => r.estimatedDays },
  { header: "Délai d'attribution (jours)", type: 'integer', value: (r) => r.daysTermsToAward },
  {
    header: 'Attribution → restitution (jours)',
    type: 'integer',
    value: (r) => r.daysAwardToRestitution,
  },
  { header: 'Durée (jours)', type: 'integer', value: (r) => r.daysKickoffToRestitution },
  { header: 'Satisfaction (1 à 5)', type: 'integer', value: (r) => r.satisfactionScore },
  {
    header: 'Financeurs',
    type: 'text',
    width: 40,
    value: (r) => (r.funding.length === 0 ? null : formatFundingLines(r.funding)),
  },
  { header: 'Prix convenu', type: 'amount', value: (r) => r.agreedPriceCents },
  { header: 'Acompte versé', type: 'amount', value: (r) => r.advancePaidCents },
  { header: 'Montant du solde versé', type: 'amount', value: (r) => r.balancePaidCents },
  {
    header: 'Satisfaction globale',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.overallSatisfaction,
  },
  ...SURVEY_DIMENSIONS.map(({ key, name }): RegionalColumn<RegionalMissionRow> => ({
    header: `Enquête : ${name}`,
    type: 'integer',
    value: (r) => r.surveyScores[key],
  })),
  { header: 'Mis à jour le', type: 'datetime', value: (_r, view) => view.generatedAt },
];

/** Every column of « Indicateurs », in the order of the exported file. */
export const INDICATOR_COLUMNS: readonly RegionalColumn<IndicatorRow>[] = [
  {
    header: 'Opérateur',
    type: 'text',
    width: 10,
    value: (r) => (r.scope === 'region' ? REGION_LABEL : r.scope),
  },
  { header: 'Nom', type: 'text', width: 40, value: (r) => r.name },
  { header: 'Structures accompagnées', type: 'integer', value: (r) => r.structures },
  {
    header: 'Structures servies par des missions',
    type: 'integer',
    value: (r) => r.structuresServed,
  },
  { header: "Plans d'accompagnement", type: 'integer', value: (r) => r.plans },
  { header: "Plans d'accompagnement en cours", type: 'integer', value: (r) => r.plansInProgress },
  { header: 'Missions', type: 'integer', value: (r) => r.missions },
  { header: 'Missions en préparation', type: 'integer', value: (r) => r.missionsInPreparation },
  { header: 'Missions en cours', type: 'integer', value: (r) => r.missionsOngoing },
  { header: 'Missions clôturées', type: 'integer', value: (r) => r.missionsClosed },
  { header: 'Missions interrompues', type: 'integer', value: (r) => r.missionsInterrupted },
  ...MISSION_STATUSES.map((status): RegionalColumn<IndicatorRow> => ({
    header: `Missions : ${describeMissionStatus(status)}`,
    type: 'integer',
    value: (r) => r.missionsByStatus[status],
  })),
  { header: 'Prestataires sollicités', type: 'integer', value: (r) => r.solicited },
  { header: 'Réponses des prestataires', type: 'integer', value: (r) => r.answered },
  {
    header: 'Taux de réponse des prestataires (%)',
    type: 'decimal',
    decimals: 1,
    value: (r) => percent(r.answerRate),
  },
  { header: 'Appels à propositions', type: 'integer', value: (r) => r.calls },
  {
    header: 'Sollicitations par mission',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.solicitationsPerCall,
  },
  {
    header: 'Propositions par appel',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.proposalsPerCall,
  },
  {
    header: 'Budget engagé (plafonds des missions attribuées)',
    type: 'amount',
    value: (r) => r.committedCents,
  },
  { header: 'Montant engagé', type: 'amount', value: (r) => r.awardedCents },
  { header: 'Montant soldé', type: 'amount', value: (r) => r.paidCents },
  {
    header: "Délai moyen d'attribution (jours)",
    type: 'decimal',
    decimals: 1,
    value: (r) => r.meanDaysTermsToAward,
  },
  {
    header: 'Délai moyen attribution → restitution (jours)',
    type: 'decimal',
    decimals: 1,
    value: (r) => r.meanDaysAwardToRestitution,
  },
  {
    header: 'Soldes en attente de rapport',
    type: 'integer',
    value: (r) => r.balancesAwaitingReport,
  },
  { header: 'Enquêtes envoyées', type: 'integer', value: (r) => r.surveysSent },
  { header: 'Notes de satisfaction', type: 'integer', value: (r) => r.satisfactionAnswers },
  {
    header: 'Satisfaction moyenne',
    type: 'decimal',
    decimals: 2,
    value: (r) => r.meanSatisfaction,
  },
  { header: 'Notes à mi-parcours attendues', type: 'integer', value: (r) => r.midNotesDue },
  {
    header: 'Notes à mi-parcours à temps (%)',
    type: 'decimal',
    decimals: 1,
    value: (r) => percent(r.midNoteOnTimeShare),
  },
  ...GUIDE_FUNDERS.map((funder): RegionalColumn<IndicatorRow> => ({
    header: `Financement : ${funder}`,
    type: 'amount',
    value: (r) => r.fundingByFunder[funder] ?? 0,
  })),
  {
    header: 'Financement : partenaires',
    type: 'amount',
    value: (r) =>
      Object.entries(r.fundingByFunder)
        .filter(([funder]) => !(GUIDE_FUNDERS as readonly string[]).includes(funder))
        .reduce((total, [, cents]) => total + cents, 0),
  },
  { header: 'Acomptes versés', type: 'amount', value: (r) => r.advancesPaidCents },
  { header: 'Soldes versés (montants)', type: 'amount', value: (r) => r.balanceAmountsPaidCents },
  { header: 'Calculé le', type: 'datetime', value: (_r, view) => view.generatedAt },
];

/** Every column of « Prestataires mobilisés », in the order of the exported file. */
export const PROVIDER_COLUMNS: readonly RegionalColumn<ProviderRow>[] = [
  { header: 'ID prestataire', type: 'text', width: 14, value: (r) => r.providerId },
  { header: 'Raison sociale', type: 'text', width: 32, value: (r) => r.legalName },
  { header: 'Fiche complète', type: 'text', value: (r) => yesNo(r.sheetComplete) },
  { header: 'Sollicitations', type: 'integer', value: (r) => r.solicited },
  { header: 'Propositions reçues', type: 'integer', value: (r) => r.proposals },
  { header: 'Déclinées', type: 'integer', value: (r) => r.declined },
  { header: 'Hors délai', type: 'integer', value: (r) => r.late },
  { header: 'Missions retenues', type: 'integer', value: (r) => r.retained },
  {
    header: 'Taux de succès (%)',
    type: 'decimal',
    decimals: 1,
    value: (r) => percent(r.successRate),
  },
  { header: 'Missions restituées', type: 'integer', value: (r) => r.missionsRestituted },
  { header: 'Montant retenu', type: 'amount', value: (r) => r.retainedAmountCents },
  { header: 'Opérateurs', type: 'text', width: 30, value: (r) => r.operators.join(', ') },
  { header: 'Dernière sollicitation le', type: 'date', value: (r) => r.lastSolicitedOn },
  {
    header: 'Satisfaction moyenne',
    type: 'decimal',
    decimals: 2,
    value: (r) => r.meanSatisfaction,
  },
  ...SURVEY_DIMENSIONS.map(({ key, name }): RegionalColumn<ProviderRow> => ({
    header: `Enquête moyenne : ${name}`,
    type: 'decimal',
    decimals: 2,
    value: (r) => r.meanByDimension[key],
  })),
];

/**
 * The columns of each tab of the C2RA workbook, in order: the workbook layout
 * (`sheets/layouts/workbook-layout.ts`) builds its tabs on these labels. A label that no column
 * above computes is written empty: « Alertes ouvertes » belongs to the alerts, not to this view.
 */
export const REGIONAL_TAB_COLUMNS = {
  missions: [
    'ID mission',
    'Opérateur',
    'Intitulé',
    'Statut',
    "Type d'ingénierie",
    'Compétence requise',
    'Secteur',
    'Cahier des charges envoyé le',
    'Date limite de réponse',
    'Attribuée le',
    'Convention signée le',
    'Fin prévue le',
    'Rapport final reçu le',
    'Solde versé le',
    'Clôturée le',
    'Sollicitations',
    'Propositions reçues',
    'Prestataire retenu',
    'Raison sociale du prestataire',
    'Plafond budgétaire',
    'Prix retenu',
    'Jours estimés',
    "Délai d'attribution (jours)",
    'Durée (jours)',
    'Satisfaction (1 à 5)',
    'Mis à jour le',
  ],
  indicators: [
    'Opérateur',
    'Nom',
    'Structures accompagnées',
    "Plans d'accompagnement en cours",
    'Missions',
    'Missions en cours',
    'Missions clôturées',
    'Missions interrompues',
    'Sollicitations par mission',
    "Délai moyen d'attribution (jours)",
    'Montant engagé',
    'Soldes en attente de rapport',
    'Enquêtes envoyées',
    'Satisfaction moyenne',
    'Alertes ouvertes',
    'Calculé le',
  ],
  providers: [
    'ID prestataire',
    'Raison sociale',
    'Fiche complète',
    'Sollicitations',
    'Propositions reçues',
    'Déclinées',
    'Hors délai',
    'Missions retenues',
    'Montant retenu',
    'Opérateurs',
    'Dernière sollicitation le',
    'Satisfaction moyenne',
  ],
} as const;

/** The first line of each regional table: when it was computed, in Paris time. */
export function runStamp(at: string): string {
  const [date = '', time = ''] = formatParisDateTime(at).split(' ');
  return `Consolidation régionale DLA Nord – Pas de Calais du ${date} à ${time} (heure de Paris)`;
}

const FRENCH_DECIMALS = new Map<number, Intl.NumberFormat>();

function frenchDecimal(value: number, decimals: number): string {
  const format =
    FRENCH_DECIMALS.get(decimals) ??
    new Intl.NumberFormat('fr-FR', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  FRENCH_DECIMALS.set(decimals, format);
  return format.format(value);
}

/**
 * A value as a person reads it in a spreadsheet: French dates and amounts, decimals with a
 * comma, instants in Paris time, and text that no spreadsheet can take for a formula. Whole
 * numbers stay numbers, so that they can still be summed and sorted.
 */
export function frenchCell(column: ExportColumn, value: ExportValue): CellValue {
  if (value === null) return null;
  switch (column.type) {
    case 'text':
      return neutralizeFormula(String(value));
    case 'integer':
      return typeof value === 'number' ? value : neutralizeFormula(value);
    case 'decimal':
      return typeof value === 'number'
        ? frenchDecimal(value, column.decimals ?? 1)
        : neutralizeFormula(value);
    case 'amount':
      return typeof value === 'number' ? formatEuros(value) : neutralizeFormula(value);
    case 'date':
      return typeof value === 'string' ? formatFrenchDate(value) : value;
    case 'datetime':
      return typeof value === 'string' ? formatParisDateTime(value) : value;
  }
}

function tabRows<R>(
  labels: readonly string[],
  columns: readonly RegionalColumn<R>[],
  rows: readonly R[],
  view: RegionalView,
): CellValue[][] {
  const placed = labels.map((label) => columns.find((c) => c.header === label) ?? null);
  return [
    [runStamp(view.generatedAt)],
    ...rows.map((row) =>
      placed.map((column) =>
        column === null ? null : frenchCell(column, column.value(row, view)),
      ),
    ),
  ];
}

/**
 * The three tabs of the C2RA workbook, replaced whole: a first line stating the date and time of
 * the run, then one line per row, each value under its layout column, formatted the French way.
 */
export function toTabReplacements(view: RegionalView): TabReplacement[] {
  return [
    {
      tab: REGIONAL_TABS.missions,
      rows: tabRows(REGIONAL_TAB_COLUMNS.missions, MISSION_COLUMNS, view.missionRows, view),
    },
    {
      tab: REGIONAL_TABS.indicators,
      rows: tabRows(REGIONAL_TAB_COLUMNS.indicators, INDICATOR_COLUMNS, view.indicatorRows, view),
    },
    {
      tab: REGIONAL_TABS.providers,
      rows: tabRows(REGIONAL_TAB_COLUMNS.providers, PROVIDER_COLUMNS, view.providerRows, view),
    },
  ];
}

function exportSheet<R>(
  name: string,
  columns: readonly RegionalColumn<R>[],
  rows: readonly R[],
  view: RegionalView,
): ExportSheet {
  return {
    name,
    title: runStamp(view.generatedAt),
    columns: columns.map(({ header, type, decimals, width }) => ({
      header,
      type,
      ...(decimals === undefined ? {} : { decimals }),
      ...(width === undefined ? {} : { width }),
    })),
    // Each row's values are computed as the writer takes it, never all at once.
    rows: {
      *[Symbol.iterator]() {
        for (const row of rows) yield columns.map((c) => c.value(row, view));
      },
    },
  };
}

/**
 * The three tables as export sheets (the dated .xlsx of the consolidation), with every column
 * computed, including those the C2RA workbook's layout does not have yet.
 */
export function regionalExportSheets(view: RegionalView): ExportSheet[] {
  return [
    exportSheet(REGIONAL_TABS.missions, MISSION_COLUMNS, view.missionRows, view),
    exportSheet(REGIONAL_TABS.indicators, INDICATOR_COLUMNS, view.indicatorRows, view),
    exportSheet(REGIONAL_TABS.providers, PROVIDER_COLUMNS, view.providerRows, view),
  ];
}

/** Retained missions and their satisfaction scores, per provider: what the register export shows. */
export interface ProviderHistoryEntry {
  readonly missions: number;
  readonly satisfactionSum: number;
  readonly satisfactionCount: number;
}

/** The history of the providers, by provider ID. */
export type ProviderHistory = ReadonlyMap<string, ProviderHistoryEntry>;

/**
 * The history of the providers in one operator's records (not archived): each mission where a
 * provider is « Retenu », and the satisfaction score of that mission. Only allowed fields are read.
 */
export function providerHistoryOf(
  code: OperatorCode,
  records: readonly StoredRecord[],
): ProviderHistory {
  const live = records.filter((r) => !r.archived && r.owner === code);
  const scores = new Map<string, number | null>();
  for (const r of live) {
    if (r.kind === 'mission')
      scores.set(r.id, overallSatisfaction(asMission(allowedData('mission', r.data))));
  }
  const history = new Map<string, ProviderHistoryEntry>();
  for (const r of live) {
    if (r.kind !== 'solicitation') continue;
    const s = asSolicitation(allowedData('solicitation', r.data));
    if (s.decision !== 'Retenu' || s.providerId === null || s.missionId === null) continue;
    if (!scores.has(s.missionId)) continue;
    const score = scores.get(s.missionId) ?? null;
    const before = history.get(s.providerId) ?? {
      missions: 0,
      satisfactionSum: 0,
      satisfactionCount: 0,
    };
    history.set(s.providerId, {
      missions: before.missions + 1,
      satisfactionSum: before.satisfactionSum + (score ?? 0),
      satisfactionCount: before.satisfactionCount + (score === null ? 0 : 1),
    });
  }
  return history;
}

/** Adds two histories (operators are read one at a time, to keep memory flat). */
export function mergeProviderHistories(a: ProviderHistory, b: ProviderHistory): ProviderHistory {
  const merged = new Map(a);
  for (const [id, entry] of b) {
    const before = merged.get(id);
    merged.set(
      id,
      before === undefined
        ? entry
        : {
            missions: before.missions + entry.missions,
            satisfactionSum: before.satisfactionSum + entry.satisfactionSum,
            satisfactionCount: before.satisfactionCount + entry.satisfactionCount,
          },
    );
  }
  return merged;
}
