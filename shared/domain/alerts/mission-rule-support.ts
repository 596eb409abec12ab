import type { Mission } from '../mission';
import type { MissionStatus } from '../mission-lifecycle';
import type { OperatorCode } from '../operator';
import type { OperatorParameters } from '../operator-parameters';
import {
  addDays,
  addMonths,
  formatFrenchDate,
  isoDateOrNull,
  type IsoDate,
} from '../values/french-date';
import {
  alertKey,
  type Alert,
  type AlertAudience,
  type AlertRuleCode,
  type AlertSeverity,
} from './alert-catalogue';
import type { ProviderEntry, SolicitationEntry } from './alert-inputs';

/*
 * What every alert rule shares: the facts of one mission, the rule's signature, and the date
 * arithmetic of the delays of the Paramètres tab.
 */

/** Parameters may hold decimals: a delay of 2,5 days is waited in full, never cut short. */
export function wholeDays(days: number): number {
  return Math.max(0, Math.ceil(days));
}

/** The day `days` whole days after `date`, or null without a readable date. */
export function after(date: IsoDate | null, days: number): IsoDate | null {
  const from = isoDateOrNull(date);
  return from === null ? null : addDays(from, wholeDays(days));
}

/** The day `months` whole months after `date`, or null without a readable date. */
export function monthsAfter(date: IsoDate | null, months: number): IsoDate | null {
  const from = isoDateOrNull(date);
  return from === null ? null : addMonths(from, wholeDays(months));
}

/** A rule fires on its trigger day, never the day before. */
export function isDue(trigger: IsoDate | null, today: IsoDate): trigger is IsoDate {
  return trigger !== null && trigger <= today;
}

/** An alert of `rule` on `recordId`, its key built by {@link alertKey}. */
export function makeAlert(
  rule: AlertRuleCode,
  recordId: string,
  fields: {
    severity: AlertSeverity;
    audience: AlertAudience;
    message: string;
    dueOn: IsoDate | null;
    subId?: string;
  },
): Alert {
  return {
    key: alertKey(rule, recordId, fields.subId),
    rule,
    severity: fields.severity,
    recordId,
    message: fields.message,
    audience: fields.audience,
    dueOn: fields.dueOn,
  };
}

/** `singular` for one, `many` otherwise. */
export function plural(count: number, singular: string, many: string): string {
  return count === 1 ? singular : many;
}

/** jj/mm/aaaa, as every alert message writes a date. */
export const fr = formatFrenchDate;

/** Names the providers of the register in a message. */
export interface ProviderLookup {
  name(providerId: string | null): string;
  entry(providerId: string | null): ProviderEntry | null;
}

/** What a mission rule knows of one mission. */
export interface MissionFacts {
  readonly id: string;
  readonly mission: Mission;
  readonly status: MissionStatus;
  readonly solicitations: readonly SolicitationEntry[];
  /** « Mission MIS-CBE-LM-0042 « Consolidation du modèle économique » ». */
  readonly name: string;
  readonly retainedProviderId: string | null;
  readonly balanceDateRejected: boolean;
}

/** What every mission rule of one operator's run shares. */
export interface RuleContext {
  readonly owner: OperatorCode;
  readonly today: IsoDate;
  readonly parameters: OperatorParameters;
  readonly providers: ProviderLookup;
}

/** One rule of the guide on one mission: the alerts it raises as of `context.today`. */
export type MissionRule = (facts: MissionFacts, context: RuleContext) => Alert[];

/** Closed, stopped, suspended or reoriented missions are not followed day by day. */
const PAUSED_STATUSES: readonly MissionStatus[] = ['closed', 'stopped', 'suspended', 'reoriented'];

/** True while the mission is followed day by day (not closed, stopped, suspended or reoriented). */
export function running(facts: MissionFacts): boolean {
  return !PAUSED_STATUSES.includes(facts.status);
}

/** « Raison sociale (ID) », or the ID alone when the register has no name for it. */
export function providerName(id: string, entry: ProviderEntry | null): string {
  const legalName = entry?.provider.legalName ?? null;
  return legalName === null || legalName.trim() === '' ? id : `${legalName} (${id})`;
}

/** Looks providers up by ID in the register given. */
export function providerLookup(providers: readonly ProviderEntry[]): ProviderLookup {
  const byId = new Map(providers.map((p) => [p.id, p]));
  return {
    entry: (id) => (id === null ? null : (byId.get(id) ?? null)),
    name: (id) =>
      id === null ? 'prestataire non renseigné' : providerName(id, byId.get(id) ?? null),
  };
}

/** « Mission ID « titre » », or « Mission ID » without a title. */
export function missionName(id: string, mission: Mission): string {
  const title = mission.title?.trim() ?? '';
  return title === '' ? `Mission ${id}` : `Mission ${id} « ${title} »`;
}
