import { servedPlanIds } from '../collective-mission';
import { asBeneficiary, asMission, asPlan, asProvider, asSolicitation } from '../entity-view';
import type { AccompanimentPlan } from '../accompaniment-plan';
import type { Beneficiary } from '../beneficiary';
import type { Mission } from '../mission';
import { fundingOf, type FundingLine } from '../mission-funding';
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

/** One solicitation, as the regional view may see it, while its operator is read. */
interface SolicitationFacts {
  readonly id: string;
  readonly solicitation: Solicitation;
}

/** What the indicators and the providers' figures read of a solicitation. */
export type SolicitationFigures = Pick<
  Solicitation,
  'providerId' | 'answer' | 'decision' | 'priceCents' | 'solicitedOn'
>;

/** What the indicators and the providers' figures read of a mission besides its row. */
export type MissionMilestones = Pick<
  Mission,
  'awardedOn' | 'balancePaidOn' | 'restitutionOn' | 'finalReportReceivedOn' | 'surveySentOn'
>;

/**
 * What the view keeps of one mission once its operator is read: its row, and the few fields the
 * indicators and the providers' figures read besides it (kept for the whole run, so kept small).
 */
export interface MissionFacts {
  readonly row: RegionalMissionRow;
  readonly mission: MissionMilestones;
  readonly solicitations: readonly SolicitationFigures[];
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

/** What a mission's row reads of a structure. */
type BeneficiaryFacts = Pick<Beneficiary, 'sector' | 'territory' | 'legalForm'>;

/** What a mission's row and the indicators read of a plan. */
type PlanFacts = Pick<AccompanimentPlan, 'beneficiaryId' | 'status'>;

/**
 * One text shared by every row that has it: the rows of a region repeat a few dozen titles,
 * sectors and territories tens of thousands of times, each read as a string of its own.
 */
export type TextPool = Map<string, string>;

function pooled(pool: TextPool, text: string | null): string | null {
  if (text === null) return null;
  const known = pool.get(text);
  if (known !== undefined) return known;
  pool.set(text, text);
  return text;
}

/** Where a mission's row finds its structure and provider, on the day of the view. */
interface RowContext {
  readonly plans: ReadonlyMap<string, PlanFacts>;
  readonly beneficiaries: ReadonlyMap<string, BeneficiaryFacts>;
  readonly names: ReadonlyMap<string, string | null>;
  readonly today: IsoDate;
  readonly pool: TextPool;
}

function solicitationFigures(s: Solicitation): SolicitationFigures {
  return {
    providerId: s.providerId,
    answer: s.answer,
    decision: s.decision,
    priceCents: s.priceCents,
    solicitedOn: s.solicitedOn,
  };
}

function fundingLines(stored: string | null, pool: TextPool): FundingLine[] {
  return fundingOf(stored).map((line) => ({ ...line, funder: pooled(pool, line.funder) ?? '' }));
}

function missionFacts(
  code: OperatorCode,
  id: string,
  mission: Mission,
  solicitations: readonly SolicitationFacts[],
  context: RowContext,
): MissionFacts {
  const { today, pool } = context;
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
    missionId: id,
    title: pooled(pool, mission.title),
    status,
    statusLabel: describeMissionStatus(status),
    engineeringType: pooled(pool, mission.engineeringType),
    requiredCompetence: pooled(pool, mission.requiredCompetence),
    sector: pooled(pool, mission.sector ?? beneficiary?.sector ?? null),
    territory: pooled(pool, beneficiary?.territory ?? null),
    beneficiaryLegalForm: pooled(pool, beneficiary?.legalForm ?? null),
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
    funding: fundingLines(mission.funding, pool),
    agreedPriceCents: mission.agreedPriceCents ?? retained?.solicitation.priceCents ?? null,
    advancePaidCents:
      reachedMilestoneDate(mission.advancePaidOn, today) === null ? null : mission.advanceCents,
    balancePaidCents:
      reachedMilestoneDate(mission.balancePaidOn, today) === null ? null : mission.balanceCents,
  };
  return {
    row,
    mission: {
      awardedOn: mission.awardedOn,
      balancePaidOn: mission.balancePaidOn,
      restitutionOn: mission.restitutionOn,
      finalReportReceivedOn: mission.finalReportReceivedOn,
      surveySentOn: mission.surveySentOn,
    },
    solicitations: solicitations.map((s) => solicitationFigures(s.solicitation)),
  };
}

/**
 * One operator's facts taken record by record (a store's page at a time): each record is reduced
 * to its allowed fields as it comes, and only what the rows need of it is kept; the records
 * themselves can be dropped at once.
 */
export interface OperatorFactsReader {
  /** Takes one record of the operator (archived ones and other owners' are left out). */
  add(record: StoredRecord): void;
  /** The operator's facts, once every record was added. */
  facts(): OperatorFacts;
}

/**
 * An {@link OperatorFactsReader} for `code` on `today`, naming providers from `names`. Texts
 * repeated across rows are shared through `pool` (one pool for a whole region shares them across
 * operators too).
 */
export function operatorFactsReader(
  code: OperatorCode,
  names: ReadonlyMap<string, string | null>,
  today: IsoDate,
  pool: TextPool = new Map(),
): OperatorFactsReader {
  const beneficiaries = new Map<string, BeneficiaryFacts>();
  const plans = new Map<string, PlanFacts>();
  const missions: { readonly id: string; readonly mission: Mission }[] = [];
  const solicitations: SolicitationFacts[] = [];
  return {
    add(record) {
      if (record.archived || record.owner !== code) return;
      switch (record.kind) {
        case 'beneficiary': {
          const b = asBeneficiary(allowedData('beneficiary', record.data));
          beneficiaries.set(record.id, {
            sector: b.sector,
            territory: b.territory,
            legalForm: b.legalForm,
          });
          return;
        }
        case 'plan': {
          const plan = asPlan(allowedData('plan', record.data));
          plans.set(record.id, { beneficiaryId: plan.beneficiaryId, status: plan.status });
          return;
        }
        case 'mission':
          missions.push({ id: record.id, mission: asMission(allowedData('mission', record.data)) });
          return;
        case 'solicitation':
          solicitations.push({
            id: record.id,
            solicitation: asSolicitation(allowedData('solicitation', record.data)),
          });
          return;
        default:
          return;
      }
    },
    facts() {
      return factsOf(
        code,
        { beneficiaries, plans, missions, solicitations },
        { names, today, pool },
      );
    },
  };
}

function factsOf(
  code: OperatorCode,
  taken: {
    readonly beneficiaries: ReadonlyMap<string, BeneficiaryFacts>;
    readonly plans: ReadonlyMap<string, PlanFacts>;
    readonly missions: { readonly id: string; readonly mission: Mission }[];
    readonly solicitations: SolicitationFacts[];
  },
  on: {
    readonly names: ReadonlyMap<string, string | null>;
    readonly today: IsoDate;
    readonly pool: TextPool;
  },
): OperatorFacts {
  const { beneficiaries, plans } = taken;
  const missions = taken.missions.sort(byId);
  const missionIds = new Set(missions.map((m) => m.id));
  const solicitationsByMission = new Map<string, SolicitationFacts[]>();
  for (const facts of taken.solicitations.sort(byId)) {
    const { missionId } = facts.solicitation;
    if (missionId === null || !missionIds.has(missionId)) continue;
    const list = solicitationsByMission.get(missionId) ?? [];
    list.push(facts);
    solicitationsByMission.set(missionId, list);
  }
  const context: RowContext = { plans, beneficiaries, ...on };
  const served = new Set<string>();
  for (const { mission } of missions) {
    for (const planId of servedPlanIds(mission)) {
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
    missions: missions.map(({ id, mission }) =>
      missionFacts(code, id, mission, solicitationsByMission.get(id) ?? [], context),
    ),
  };
}

/** Reduces one operator's records to the allowed facts the three tables are computed from. */
export function operatorFacts(
  code: OperatorCode,
  records: readonly StoredRecord[],
  names: ReadonlyMap<string, string | null>,
  today: IsoDate,
  pool?: TextPool,
): OperatorFacts {
  const reader = operatorFactsReader(code, names, today, pool);
  for (const record of records) reader.add(record);
  return reader.facts();
}
