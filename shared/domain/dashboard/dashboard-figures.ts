import { reachedMilestoneDate, type MissionStatus } from '../mission-lifecycle';
import { OPERATOR_CODES, type OperatorCode } from '../operator';
import type { RegionalMissionRow, RegionalView } from '../regional/regional-rows';
import { daysBetween, parisDateOf, type IsoDate } from '../values/french-date';
import {
  lastQuarters,
  mean,
  percentilesInc,
  quarterOf,
  ratio,
  type Quarter,
} from './dashboard-statistics';

/*
 * The figures of the C2RA's dashboard, computed only from the rows of the regional view: those
 * rows are built from the consolidation's allow-listed fields, so nothing confidential (no
 * structure, no diagnostic, no contact) can reach a chart.
 */

/** An operator, or the six together. */
export type DashboardScope = OperatorCode | 'region';

/** The scopes of every per-operator figure: the six operators in the guide's order, then the region. */
export const DASHBOARD_SCOPES: readonly DashboardScope[] = [...OPERATOR_CODES, 'region'];

/** The stages of a mission the first chart stacks: the guide's steps, fourteen statuses in seven. */
export const STATUS_STAGES = [
  {
    key: 'preparation',
    label: 'En préparation',
    statuses: ['draft', 'callOpen', 'proposalsUnderReview'],
  },
  { key: 'awarded', label: 'Attribuée', statuses: ['awarded', 'agreementSigned'] },
  { key: 'inProgress', label: 'En cours', statuses: ['inProgress', 'midNoteReceived'] },
  { key: 'restituted', label: 'Restituée', statuses: ['restituted'] },
  { key: 'paid', label: 'Soldée', statuses: ['balancePaid', 'evaluated'] },
  { key: 'closed', label: 'Clôturée', statuses: ['closed'] },
  { key: 'interrupted', label: 'Interrompue', statuses: ['suspended', 'reoriented', 'stopped'] },
] as const satisfies readonly {
  readonly key: string;
  readonly label: string;
  readonly statuses: readonly MissionStatus[];
}[];

/** The guide's steps whose delays the second chart shows, each from one milestone to the next. */
export const DELAY_STEPS = [
  {
    key: 'termsToAward',
    label: 'Cahier des charges → attribution',
    from: 'termsSentOn',
    to: 'awardedOn',
  },
  {
    key: 'awardToAgreement',
    label: 'Attribution → convention',
    from: 'awardedOn',
    to: 'agreementSignedOn',
  },
  {
    key: 'kickoffToRestitution',
    label: 'Lancement → restitution',
    from: 'kickoffOn',
    to: 'restitutionOn',
  },
  {
    key: 'reportToBalance',
    label: 'Rapport final → solde',
    from: 'finalReportReceivedOn',
    to: 'balancePaidOn',
  },
] as const satisfies readonly {
  readonly key: string;
  readonly label: string;
  readonly from: keyof RegionalMissionRow;
  readonly to: keyof RegionalMissionRow;
}[];

/** Quarters the amounts chart covers, the current one included: two years. */
export const AMOUNT_QUARTERS = 8;

/** How many of the most mobilised consultants the concentration counts. */
export const TOP_CONSULTANTS = 5;

/**
 * One dimension of the satisfaction survey (the guide lists six: modalities, how it went,
 * competence, results, impact, durability). Until the survey records them, the dashboard shows
 * the overall score as its only dimension.
 */
export interface SatisfactionDimension {
  readonly label: string;
  readonly scoreOf: (row: RegionalMissionRow) => number | null;
}

/** The overall score (1 to 5), the only dimension while the six-part survey is not recorded. */
export const OVERALL_SATISFACTION: SatisfactionDimension = {
  label: 'Satisfaction globale',
  scoreOf: (row) => row.satisfactionScore,
};

/** What the dashboard may read beyond the rows: survey dimensions and funders, once recorded. */
export interface DashboardSources {
  /** The survey's dimensions; absent or empty: the overall score. */
  readonly dimensions?: readonly SatisfactionDimension[];
  /** The funders' contribution to one mission, in cents, once recorded. */
  readonly contributionCentsOf?: (row: RegionalMissionRow) => number | null;
}

/** Missions per stage, for one scope. */
export interface StatusFigures {
  readonly scope: DashboardScope;
  readonly byStage: readonly number[];
  readonly total: number;
}

/** Median, 80th percentile and count of one step's delays, in days. */
export interface DelayFigure {
  readonly median: number | null;
  readonly p80: number | null;
  readonly count: number;
}

/** The delays of each of {@link DELAY_STEPS}, for one scope. */
export interface DelayFigures {
  readonly scope: DashboardScope;
  readonly steps: readonly DelayFigure[];
}

/** The mean of each satisfaction dimension (1 to 5), for one scope. */
export interface SatisfactionFigures {
  readonly scope: DashboardScope;
  readonly means: readonly (number | null)[];
  /** Missions with at least one score. */
  readonly answers: number;
}

/** The consultants mobilised (retained on a mission), for one scope. */
export interface ConsultantFigures {
  readonly scope: DashboardScope;
  readonly distinct: number;
  /** Missions with a retained consultant. */
  readonly missions: number;
  /** Missions held by the {@link TOP_CONSULTANTS} consultants with the most of them. */
  readonly topMissions: number;
  /** topMissions / missions, from 0 to 1. */
  readonly topShare: number | null;
}

/** The calls for proposals, for one scope. */
export interface CallFigures {
  readonly scope: DashboardScope;
  /** Missions with at least one solicitation. */
  readonly calls: number;
  readonly solicitations: number;
  readonly perCall: number | null;
  readonly declinedShare: number | null;
  readonly lateShare: number | null;
}

/** The agreed prices of the missions awarded in one quarter, per operator. */
export interface AmountFigures {
  readonly quarter: Quarter;
  /** Cents, in the order of OPERATOR_CODES. */
  readonly byOperator: readonly number[];
  readonly region: number;
  /** The funders' contributions in the quarter, region-wide; null while none are recorded. */
  readonly contributions: number | null;
}

/** Everything the six charts show. */
export interface DashboardFigures {
  readonly generatedAt: string;
  readonly today: IsoDate;
  readonly statuses: readonly StatusFigures[];
  readonly delays: readonly DelayFigures[];
  readonly dimensions: readonly string[];
  readonly satisfaction: readonly SatisfactionFigures[];
  readonly consultants: readonly ConsultantFigures[];
  readonly calls: readonly CallFigures[];
  readonly amounts: readonly AmountFigures[];
}

/** A day of a milestone once reached (days from a fixed origin), else null. */
type ReachedDay = (date: IsoDate | null) => number | null;

/**
 * {@link ReachedDay} on `today`, each date read once: a region's rows repeat a few thousand dates
 * tens of thousands of times.
 */
function reachedDays(today: IsoDate): ReachedDay {
  const known = new Map<IsoDate, number | null>();
  return (date) => {
    if (date === null) return null;
    let day = known.get(date);
    if (day === undefined) {
      const reached = reachedMilestoneDate(date, today);
      day = reached === null ? null : daysBetween(DAY_ORIGIN, reached);
      known.set(date, day);
    }
    return day;
  };
}

const DAY_ORIGIN: IsoDate = '2000-01-01';

/** Days of one step, both milestones reached and in order; else null. */
function stepDays(
  row: RegionalMissionRow,
  step: (typeof DELAY_STEPS)[number],
  reachedDay: ReachedDay,
): number | null {
  const from = reachedDay(row[step.from]);
  const to = reachedDay(row[step.to]);
  if (from === null || to === null) return null;
  const days = to - from;
  return days >= 0 ? days : null;
}

/** The index in {@link STATUS_STAGES} of each status's stage. */
const STAGE_OF_STATUS: ReadonlyMap<MissionStatus, number> = new Map(
  STATUS_STAGES.flatMap((stage, index) =>
    (stage.statuses as readonly MissionStatus[]).map((status) => [status, index] as const),
  ),
);

function statusFigures(scope: DashboardScope, rows: readonly RegionalMissionRow[]): StatusFigures {
  const byStage = STATUS_STAGES.map(() => 0);
  for (const row of rows) {
    const stage = STAGE_OF_STATUS.get(row.status);
    if (stage !== undefined) byStage[stage] = (byStage[stage] ?? 0) + 1;
  }
  return { scope, byStage, total: rows.length };
}

/** The days of each of {@link DELAY_STEPS} of one row (null where not both reached, in order). */
type RowStepDays = readonly (number | null)[];

function delayFigures(scope: DashboardScope, rows: readonly RowStepDays[]): DelayFigures {
  return {
    scope,
    steps: DELAY_STEPS.map((_step, index) => {
      const days: number[] = [];
      for (const row of rows) {
        const d = row[index] ?? null;
        if (d !== null) days.push(d);
      }
      const [middle, p80] = percentilesInc(days, [0.5, 0.8]);
      return { median: middle ?? null, p80: p80 ?? null, count: days.length };
    }),
  };
}

function satisfactionFigures(
  scope: DashboardScope,
  rows: readonly RegionalMissionRow[],
  dimensions: readonly SatisfactionDimension[],
): SatisfactionFigures {
  const scores = rows.map((r) => dimensions.map((d) => d.scoreOf(r)));
  return {
    scope,
    means: dimensions.map((_d, i) =>
      mean(scores.flatMap((s) => (s[i] === null || s[i] === undefined ? [] : [s[i]]))),
    ),
    answers: scores.filter((s) => s.some((v) => v !== null)).length,
  };
}

function consultantFigures(
  scope: DashboardScope,
  rows: readonly RegionalMissionRow[],
): ConsultantFigures {
  const perConsultant = new Map<string, number>();
  for (const r of rows) {
    if (r.retainedProviderId === null) continue;
    perConsultant.set(r.retainedProviderId, (perConsultant.get(r.retainedProviderId) ?? 0) + 1);
  }
  const counts = [...perConsultant.values()].sort((a, b) => b - a);
  const missions = counts.reduce((n, c) => n + c, 0);
  const topMissions = counts.slice(0, TOP_CONSULTANTS).reduce((n, c) => n + c, 0);
  return {
    scope,
    distinct: counts.length,
    missions,
    topMissions,
    topShare: ratio(topMissions, missions),
  };
}

function callFigures(scope: DashboardScope, rows: readonly RegionalMissionRow[]): CallFigures {
  const calls = rows.filter((r) => r.solicitationCount > 0);
  const solicitations = calls.reduce((n, r) => n + r.solicitationCount, 0);
  return {
    scope,
    calls: calls.length,
    solicitations,
    perCall: ratio(solicitations, calls.length),
    declinedShare: ratio(
      calls.reduce((n, r) => n + r.declinedCount, 0),
      solicitations,
    ),
    lateShare: ratio(
      calls.reduce((n, r) => n + r.lateCount, 0),
      solicitations,
    ),
  };
}

function sameQuarter(a: Quarter, b: Quarter): boolean {
  return a.year === b.year && a.quarter === b.quarter;
}

function amountFigures(
  rows: readonly RegionalMissionRow[],
  today: IsoDate,
  contributionCentsOf: DashboardSources['contributionCentsOf'],
): AmountFigures[] {
  const quarters = lastQuarters(today, AMOUNT_QUARTERS);
  const awarded = rows.flatMap((r) => {
    const on = reachedMilestoneDate(r.awardedOn, today);
    return on === null ? [] : [{ row: r, quarter: quarterOf(on) }];
  });
  return quarters.map((quarter) => {
    const inQuarter = awarded.filter((a) => sameQuarter(a.quarter, quarter));
    const byOperator = OPERATOR_CODES.map((code) =>
      inQuarter
        .filter((a) => a.row.operator === code)
        .reduce((sum, a) => sum + (a.row.retainedPriceCents ?? 0), 0),
    );
    const contributions =
      contributionCentsOf === undefined
        ? null
        : inQuarter.reduce((sum, a) => sum + (contributionCentsOf(a.row) ?? 0), 0);
    return {
      quarter,
      byOperator,
      region: byOperator.reduce((n, c) => n + c, 0),
      contributions,
    };
  });
}

/**
 * The figures of the six charts of the dashboard, per operator and for the region, from the
 * regional view alone (its rows hold only allow-listed facts). Pure. Delays count only milestones
 * reached on the day of the run, in order; amounts are the retained prices of the missions
 * awarded in each of the last {@link AMOUNT_QUARTERS} quarters.
 */
export function dashboardFigures(
  view: RegionalView,
  sources: DashboardSources = {},
): DashboardFigures {
  const today = parisDateOf(new Date(view.generatedAt));
  const dimensions =
    sources.dimensions === undefined || sources.dimensions.length === 0
      ? [OVERALL_SATISFACTION]
      : sources.dimensions;
  // Each row's delays are computed once, for its operator and for the region alike.
  const reachedDay = reachedDays(today);
  const stepDaysOf = new Map<RegionalMissionRow, RowStepDays>(
    view.missionRows.map((r) => [r, DELAY_STEPS.map((step) => stepDays(r, step, reachedDay))]),
  );
  const rowsOf = (scope: DashboardScope): readonly RegionalMissionRow[] =>
    scope === 'region' ? view.missionRows : view.missionRows.filter((r) => r.operator === scope);
  const scoped = DASHBOARD_SCOPES.map((scope) => ({ scope, rows: rowsOf(scope) }));
  return {
    generatedAt: view.generatedAt,
    today,
    statuses: scoped.map(({ scope, rows }) => statusFigures(scope, rows)),
    delays: scoped.map(({ scope, rows }) =>
      delayFigures(
        scope,
        rows.map((r) => stepDaysOf.get(r) ?? []),
      ),
    ),
    dimensions: dimensions.map((d) => d.label),
    satisfaction: scoped.map(({ scope, rows }) => satisfactionFigures(scope, rows, dimensions)),
    consultants: scoped.map(({ scope, rows }) => consultantFigures(scope, rows)),
    calls: scoped.map(({ scope, rows }) => callFigures(scope, rows)),
    amounts: amountFigures(view.missionRows, today, sources.contributionCentsOf),
  };
}
