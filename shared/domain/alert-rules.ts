import type { StoredRecord } from './stored-record';
import { asMission, asProvider, asSolicitation } from './entity-view';
import type { Mission } from './mission';
import { deriveMissionStatus, midNoteDueOn, type MissionStatus } from './mission-lifecycle';
import { balanceBlockers, type BalanceBlocker } from './mission-rules';
import { operatorDisplayName, type OperatorCode } from './operator';
import type { OperatorParameters } from './operator-parameters';
import { providerCompleteness, type Provider, type ProviderCompleteness } from './provider';
import { describeDimensions, lowDimensions, overallSatisfaction } from './satisfaction-survey';
import type { Solicitation } from './solicitation';
import {
  addDays,
  addMonths,
  formatFrenchDate,
  isIsoDate,
  parisDateOf,
  type IsoDate,
} from './values/french-date';

/**
 * The alert rules of the guide, one code each, in the order of a mission's life: call for
 * proposals, award, execution, payment, after the mission, then the regional register.
 */
export const ALERT_RULES = [
  'REPLY_DEADLINE_NEAR',
  'REPLY_MISSING',
  'TOO_FEW_PROPOSALS',
  'PROPOSALS_NOT_SCORED',
  'AWARD_OVERDUE',
  'NON_RETAINED_NOT_NOTIFIED',
  'AGREEMENT_NOT_SIGNED',
  'KICKOFF_MISSING',
  'MID_NOTE',
  'RESTITUTION_OVERDUE',
  'FINAL_REPORT_MISSING',
  'INTERRUPTION_UNDECIDED',
  'WARNING_UNDECIDED',
  'BALANCE_BLOCKED',
  'SURVEY_NOT_SENT',
  'SURVEY_UNANSWERED',
  'LOW_SATISFACTION',
  'FOLLOW_UP_DIAGNOSTIC_DUE',
  'RECOMMENDATIONS_DUE',
  'PROVIDER_SHEET_INCOMPLETE',
  'DUPLICATE_SIRET',
  'PROVIDER_STALE',
] as const;

/** The code of an alert rule. */
export type AlertRuleCode = (typeof ALERT_RULES)[number];

/** The severities, most serious first: the order of the « Alertes » tab and of a digest. */
export const ALERT_SEVERITIES = ['bloquant', 'urgent', 'à faire', 'info'] as const;

/** How serious an alert is. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Who must act on an alert. */
export const ALERT_AUDIENCES = ['chargé de mission', 'C2RA', 'finance'] as const;

/** The person or service an alert is for. */
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

/**
 * Something the guide expects that has not happened by its date, as of one day. `key` is stable
 * while the same situation lasts: `RULE:recordId` or `RULE:recordId:subId` (see {@link alertKey}).
 */
export interface Alert {
  readonly key: string;
  readonly rule: AlertRuleCode;
  readonly severity: AlertSeverity;
  /** The record to look at: a mission, a solicitation or a provider ID. */
  readonly recordId: string;
  /** French: names the record and says what to do. Never depends on today's date, only on the data. */
  readonly message: string;
  readonly audience: AlertAudience;
  /** The date the expected action was (or is) due, when there is one. */
  readonly dueOn: IsoDate | null;
}

/** The short French name of each rule, shown in the « Alerte » column. */
export const ALERT_RULE_LABELS: Readonly<Record<AlertRuleCode, string>> = {
  REPLY_DEADLINE_NEAR: 'Date limite de réponse proche',
  REPLY_MISSING: 'Prestataire sans réponse',
  TOO_FEW_PROPOSALS: 'Moins de 2 propositions reçues',
  PROPOSALS_NOT_SCORED: 'Propositions non notées',
  AWARD_OVERDUE: 'Attribution en attente',
  NON_RETAINED_NOT_NOTIFIED: 'Non-retenu non informé',
  AGREEMENT_NOT_SIGNED: 'Convention non signée',
  KICKOFF_MISSING: 'Réunion de lancement manquante',
  MID_NOTE: 'Note à mi-parcours',
  RESTITUTION_OVERDUE: 'Restitution en retard',
  FINAL_REPORT_MISSING: 'Rapport final manquant',
  INTERRUPTION_UNDECIDED: 'Suspension sans reprise ni arrêt',
  WARNING_UNDECIDED: 'Alerte du prestataire sans décision',
  BALANCE_BLOCKED: 'Solde bloqué',
  SURVEY_NOT_SENT: 'Enquête non envoyée',
  SURVEY_UNANSWERED: 'Enquête sans réponse',
  LOW_SATISFACTION: 'Satisfaction faible',
  FOLLOW_UP_DIAGNOSTIC_DUE: 'Diagnostic de suivi à prévoir',
  RECOMMENDATIONS_DUE: 'Échéance des préconisations',
  PROVIDER_SHEET_INCOMPLETE: 'Fiche prestataire incomplète',
  DUPLICATE_SIRET: 'SIRET en double',
  PROVIDER_STALE: 'Fiche prestataire à mettre à jour',
};

/** The French name of each balance blocker, appended to « Solde bloqué ». */
const BLOCKER_LABELS: Readonly<Record<string, string>> = {
  BALANCE_WITHOUT_FINAL_REPORT: 'rapport final',
  BALANCE_FINAL_REPORT_INCOMPLETE: 'rapport final incomplet',
  BALANCE_WITHOUT_RESTITUTION: 'restitution',
  BALANCE_PROVIDER_INCOMPLETE: 'fiche prestataire',
};

/** The stable key of an alert: the rule, the record, and a sub-ID when a record has several. */
export function alertKey(rule: AlertRuleCode, recordId: string, subId?: string): string {
  return subId === undefined ? `${rule}:${recordId}` : `${rule}:${recordId}:${subId}`;
}

/**
 * The French title of an alert for the « Alerte » column: the rule's label, with the reason for
 * a blocked balance. Together with the record ID it is unique among the alerts of one run.
 */
export function alertTitle(alert: Pick<Alert, 'key' | 'rule' | 'recordId'>): string {
  const label = ALERT_RULE_LABELS[alert.rule];
  if (alert.rule !== 'BALANCE_BLOCKED') return label;
  const subId = alert.key.slice(alertKey(alert.rule, alert.recordId).length + 1);
  const reason = BLOCKER_LABELS[subId];
  return reason === undefined ? label : `${label} : ${reason}`;
}

/** A mission of the operator, with its ID. */
export interface MissionEntry {
  readonly id: string;
  readonly mission: Mission;
  readonly archived: boolean;
  /** True when a balance date was typed and refused because the balance is blocked. */
  readonly balanceDateRejected?: boolean;
}

/** A solicitation, with its ID. */
export interface SolicitationEntry {
  readonly id: string;
  readonly solicitation: Solicitation;
  readonly archived: boolean;
}

/** A provider of the regional register, with its ID and the instant its record last changed. */
export interface ProviderEntry {
  readonly id: string;
  readonly provider: Provider;
  /** ISO instant (or date) of the last change of the record (`StoredRecord.updatedAt`). */
  readonly updatedAt: string;
  readonly archived: boolean;
}

/** What the rules of one operator look at, as of `today`. */
export interface AlertInput {
  readonly owner: OperatorCode;
  readonly today: IsoDate;
  readonly parameters: OperatorParameters;
  readonly missions: readonly MissionEntry[];
  readonly solicitations: readonly SolicitationEntry[];
  /** The regional register, to name providers and check the retained one's sheet. */
  readonly providers: readonly ProviderEntry[];
}

/** What the register rules of the C2RA look at, as of `today`. */
export interface RegisterAlertInput {
  readonly today: IsoDate;
  readonly parameters: OperatorParameters;
  readonly providers: readonly ProviderEntry[];
  readonly solicitationsByOperator: ReadonlyMap<OperatorCode, readonly SolicitationEntry[]>;
}

/** Stored records as mission entries (other kinds ignored); a refused balance date is noted. */
export function missionEntriesOf(records: readonly StoredRecord[]): MissionEntry[] {
  return records
    .filter((r) => r.kind === 'mission')
    .map((r) => ({
      id: r.id,
      mission: asMission(r.data),
      archived: r.archived,
      balanceDateRejected: r.rejected['balancePaidOn']?.code.startsWith('BALANCE_') === true,
    }));
}

/** Stored records as solicitation entries (other kinds ignored). */
export function solicitationEntriesOf(records: readonly StoredRecord[]): SolicitationEntry[] {
  return records
    .filter((r) => r.kind === 'solicitation')
    .map((r) => ({ id: r.id, solicitation: asSolicitation(r.data), archived: r.archived }));
}

/** Stored records of the register as provider entries (other kinds ignored). */
export function providerEntriesOf(records: readonly StoredRecord[]): ProviderEntry[] {
  return records
    .filter((r) => r.kind === 'provider')
    .map((r) => ({
      id: r.id,
      provider: asProvider(r.data),
      updatedAt: r.updatedAt,
      archived: r.archived,
    }));
}

// ————————————————————————————————————————————————————————————————— helpers

/** A date the data holds, or null when it is missing or malformed (a bad value must not stop the run). */
function dateOf(value: IsoDate | null): IsoDate | null {
  return isIsoDate(value) ? value : null;
}

/** A milestone counts as done only once its date is today or past, as for the mission status. */
function reached(value: IsoDate | null, today: IsoDate): value is IsoDate {
  const date = dateOf(value);
  return date !== null && date <= today;
}

/** Parameters may hold decimals: a delay of 2,5 days is waited in full, never cut short. */
function wholeDays(days: number): number {
  return Math.max(0, Math.ceil(days));
}

function after(date: IsoDate | null, days: number): IsoDate | null {
  const from = dateOf(date);
  return from === null ? null : addDays(from, wholeDays(days));
}

function monthsAfter(date: IsoDate | null, months: number): IsoDate | null {
  const from = dateOf(date);
  return from === null ? null : addMonths(from, wholeDays(months));
}

function isDue(trigger: IsoDate | null, today: IsoDate): trigger is IsoDate {
  return trigger !== null && trigger <= today;
}

function makeAlert(
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

function plural(count: number, singular: string, many: string): string {
  return count === 1 ? singular : many;
}

const fr = formatFrenchDate;

const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

// ————————————————————————————————————————————————————————————————— mission rules

interface ProviderLookup {
  name(providerId: string | null): string;
  entry(providerId: string | null): ProviderEntry | null;
}

interface MissionFacts {
  readonly id: string;
  readonly mission: Mission;
  readonly status: MissionStatus;
  readonly solicitations: readonly SolicitationEntry[];
  /** « Mission MIS-CBE-LM-0042 « Consolidation du modèle économique » ». */
  readonly name: string;
  readonly retainedProviderId: string | null;
  readonly balanceDateRejected: boolean;
}

interface RuleContext {
  readonly owner: OperatorCode;
  readonly today: IsoDate;
  readonly parameters: OperatorParameters;
  readonly providers: ProviderLookup;
}

type MissionRule = (facts: MissionFacts, context: RuleContext) => Alert[];

const SCORE_KEYS = [
  'understandingByOfficer',
  'understandingByBeneficiary',
  'resultsByOfficer',
  'resultsByBeneficiary',
  'methodologyByOfficer',
  'methodologyByBeneficiary',
  'profileByOfficer',
  'profileByBeneficiary',
  'durationByOfficer',
  'durationByBeneficiary',
] as const satisfies readonly (keyof Solicitation)[];

function isPending(s: Solicitation): boolean {
  return s.answer === null || s.answer === 'En attente';
}

/** A proposal that takes part in the ranking: on time, or late and admitted by the operator. */
function isRankable(s: Solicitation, deadline: IsoDate | null): boolean {
  if (s.answer === 'Hors délai') return s.lateAdmitted === true;
  if (s.answer !== 'Proposition reçue') return false;
  const answeredOn = dateOf(s.answeredOn);
  const late = deadline !== null && answeredOn !== null && answeredOn > deadline;
  return !late || s.lateAdmitted === true;
}

/** Scored when both evaluators gave every criterion they score by hand (the budget is computed). */
function isScored(s: Solicitation): boolean {
  return SCORE_KEYS.every((key) => s[key] !== null);
}

function providerList(entries: readonly SolicitationEntry[], providers: ProviderLookup): string {
  return entries.map((e) => providers.name(e.solicitation.providerId)).join(', ');
}

/** The call for proposals is followed only until a milestone beyond it is reached. */
const CALL_STATUSES: readonly MissionStatus[] = ['draft', 'callOpen', 'proposalsUnderReview'];

function inCall(facts: MissionFacts): boolean {
  return CALL_STATUSES.includes(facts.status);
}

const replyDeadlineNear: MissionRule = (facts, { today, parameters, providers }) => {
  const deadline = dateOf(facts.mission.replyDeadline);
  if (!inCall(facts) || deadline === null || today > deadline) return [];
  const warnFrom = addDays(deadline, -wholeDays(parameters.replyDeadlineWarningDays));
  const pending = facts.solicitations.filter((e) => isPending(e.solicitation));
  if (today < warnFrom || pending.length === 0) return [];
  const who = plural(
    pending.length,
    `1 prestataire n'a pas encore répondu : ${providerList(pending, providers)}. Relancez-le ou notez sa réponse`,
    `${pending.length} prestataires n'ont pas encore répondu : ${providerList(pending, providers)}. Relancez-les ou notez leur réponse`,
  );
  return [
    makeAlert('REPLY_DEADLINE_NEAR', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: deadline,
      message: `${facts.name} : date limite de réponse le ${fr(deadline)} et ${who} dans l'onglet Sollicitations.`,
    }),
  ];
};

const replyMissing: MissionRule = (facts, { today, providers }) => {
  const deadline = dateOf(facts.mission.replyDeadline);
  if (!inCall(facts) || deadline === null || today <= deadline) return [];
  return facts.solicitations
    .filter((e) => isPending(e.solicitation))
    .map((e) =>
      makeAlert('REPLY_MISSING', e.id, {
        severity: 'à faire',
        audience: 'chargé de mission',
        dueOn: deadline,
        message: `${facts.name} : ${providers.name(e.solicitation.providerId)} n'a pas répondu à l'appel à propositions (date limite le ${fr(deadline)}). Indiquez sa réponse (« Décliné » ou « Hors délai ») dans l'onglet Sollicitations.`,
      }),
    );
};

/**
 * Ours, not the guide's: the guide asks for consultants *solicited* (« 2 à 4 en général »), never
 * for a number of proposals received. Under two there is nothing to compare: worth knowing.
 */
const MIN_PROPOSALS = 2;

const tooFewProposals: MissionRule = (facts, { providers }) => {
  if (facts.status !== 'proposalsUnderReview') return [];
  const received = rankableProposals(facts);
  if (received.length >= MIN_PROPOSALS) return [];
  const count =
    received.length === 0
      ? 'aucune proposition reçue'
      : `1 seule proposition reçue (${providerList(received, providers)})`;
  const solicited = plural(
    facts.solicitations.length,
    '1 prestataire sollicité',
    `${facts.solicitations.length} prestataires sollicités`,
  );
  return [
    makeAlert('TOO_FEW_PROPOSALS', facts.id, {
      severity: 'info',
      audience: 'chargé de mission',
      dueOn: dateOf(facts.mission.replyDeadline),
      message: `${facts.name} : ${count} pour ${solicited}. Pour information : le choix se fera avec la structure sur ce qui a été reçu, ou par un nouvel appel à propositions.`,
    }),
  ];
};

/** The day the scores are expected: `scoringDelayDays` after the reply deadline. */
function scoringDueOn(mission: Mission, parameters: OperatorParameters): IsoDate | null {
  return after(mission.replyDeadline, parameters.scoringDelayDays);
}

function rankableProposals(facts: MissionFacts): SolicitationEntry[] {
  const deadline = dateOf(facts.mission.replyDeadline);
  return facts.solicitations.filter((e) => isRankable(e.solicitation, deadline));
}

const proposalsNotScored: MissionRule = (facts, { today, parameters, providers }) => {
  const due = scoringDueOn(facts.mission, parameters);
  if (!inCall(facts) || !isDue(due, today)) return [];
  const unscored = rankableProposals(facts).filter((e) => !isScored(e.solicitation));
  if (unscored.length === 0) return [];
  const what = plural(
    unscored.length,
    `1 proposition reçue n'est pas notée : ${providerList(unscored, providers)}`,
    `${unscored.length} propositions reçues ne sont pas notées : ${providerList(unscored, providers)}`,
  );
  return [
    makeAlert('PROPOSALS_NOT_SCORED', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : ${what} (notation attendue le ${fr(due)}). Notez chaque critère, chargé(e) de mission et structure.`,
    }),
  ];
};

const awardOverdue: MissionRule = (facts, { today, parameters }) => {
  const due = after(scoringDueOn(facts.mission, parameters), parameters.awardDelayDays);
  if (!inCall(facts) || !isDue(due, today)) return [];
  const proposals = rankableProposals(facts);
  if (proposals.length === 0 || !proposals.every((e) => isScored(e.solicitation))) return [];
  return [
    makeAlert('AWARD_OVERDUE', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : propositions notées mais mission non attribuée (attribution attendue le ${fr(due)}). Choisissez le prestataire avec la structure, puis indiquez « Retenu » et la date d'attribution.`,
    }),
  ];
};

/** Closed, stopped, suspended or reoriented missions are not followed day by day. */
const PAUSED_STATUSES: readonly MissionStatus[] = ['closed', 'stopped', 'suspended', 'reoriented'];

function running(facts: MissionFacts): boolean {
  return !PAUSED_STATUSES.includes(facts.status);
}

const nonRetainedNotNotified: MissionRule = (facts, { today, parameters, providers }) => {
  const awardedOn = facts.mission.awardedOn;
  if (!running(facts) || !reached(awardedOn, today)) return [];
  const due = after(awardedOn, parameters.notificationDelayDays);
  if (!isDue(due, today)) return [];
  return facts.solicitations
    .filter((e) => {
      const s = e.solicitation;
      const proposed = s.answer === 'Proposition reçue' || s.answer === 'Hors délai';
      return proposed && s.decision !== 'Retenu' && s.notifiedOn === null;
    })
    .map((e) => {
      const decide =
        e.solicitation.decision === null
          ? 'Indiquez la décision « Non retenu », informez-le'
          : 'Informez-le';
      return makeAlert('NON_RETAINED_NOT_NOTIFIED', e.id, {
        severity: 'à faire',
        audience: 'chargé de mission',
        dueOn: due,
        message: `${facts.name} : ${providers.name(e.solicitation.providerId)} n'a pas été informé que sa proposition n'est pas retenue (attribution du ${fr(awardedOn)}, information attendue le ${fr(due)}). ${decide} par e-mail ou courrier et indiquez la date dans « Non-retenu informé le ».`,
      });
    });
};

const agreementNotSigned: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !reached(mission.awardedOn, today)) return [];
  if (reached(mission.agreementSignedOn, today)) return [];
  const due = after(mission.awardedOn, parameters.agreementDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('AGREEMENT_NOT_SIGNED', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : convention tripartite attendue le ${fr(due)} (attribution du ${fr(mission.awardedOn)}) et toujours pas signée. Faites signer la convention DLA / structure / prestataire et indiquez sa date.`,
    }),
  ];
};

const kickoffMissing: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !reached(mission.agreementSignedOn, today)) return [];
  // Once the restitution is held, a kickoff meeting is no longer worth asking for.
  if (reached(mission.kickoffOn, today) || reached(mission.restitutionOn, today)) return [];
  const due = after(mission.agreementSignedOn, parameters.kickoffDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('KICKOFF_MISSING', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : aucune réunion de lancement depuis la convention du ${fr(mission.agreementSignedOn)} (attendue le ${fr(due)}). Organisez la réunion tripartite avec la structure et le prestataire, ou indiquez sa date.`,
    }),
  ];
};

const midNote: MissionRule = (facts, { today, parameters, providers }) => {
  const { mission } = facts;
  if (!running(facts)) return [];
  if (reached(mission.midNoteReceivedOn, today) || reached(mission.restitutionOn, today)) return [];
  const due = midNoteDueOn(mission);
  if (!isDue(due, today)) return [];
  const overdue = isDue(after(due, parameters.midNoteGraceDays), today);
  const known = facts.retainedProviderId !== null;
  const provider = providers.name(facts.retainedProviderId);
  return [
    makeAlert('MID_NOTE', facts.id, {
      severity: overdue ? 'urgent' : 'info',
      audience: 'chargé de mission',
      dueOn: due,
      message: overdue
        ? `${facts.name} : note à mi-parcours attendue le ${fr(due)} et toujours pas reçue. Relancez ${known ? provider : 'le prestataire'} : le guide l'oblige à l'envoyer par e-mail.`
        : `${facts.name} : note à mi-parcours attendue le ${fr(due)} ${known ? `de ${provider}` : 'du prestataire'}. Indiquez sa date de réception dès qu'elle arrive.`,
    }),
  ];
};

const restitutionOverdue: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || reached(mission.restitutionOn, today)) return [];
  const due = after(mission.plannedEndOn, parameters.restitutionGraceDays);
  if (!isDue(due, today) || mission.plannedEndOn === null) return [];
  return [
    makeAlert('RESTITUTION_OVERDUE', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : fin prévue le ${fr(mission.plannedEndOn)} et aucune restitution enregistrée (attendue le ${fr(due)}). Organisez la restitution avec la structure et le prestataire, ou reportez la fin prévue.`,
    }),
  ];
};

/** Guide, part III: « La restitution est conduite par le prestataire, sur la base d'un rapport final ». */
const finalReportMissing: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !reached(mission.restitutionOn, today)) return [];
  if (reached(mission.finalReportReceivedOn, today)) return [];
  const due = after(mission.restitutionOn, parameters.finalReportDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('FINAL_REPORT_MISSING', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : restitution du ${fr(mission.restitutionOn)} sans rapport final reçu, alors que la restitution se tient « sur la base d'un rapport final ». Réclamez-le au prestataire en version numérique et papier : sans lui, le solde ne peut pas être versé.`,
    }),
  ];
};

/** A suspension waits for the DLA to resume or stop the mission; a réorientation does not pause it. */
const interruptionUndecided: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (facts.status !== 'suspended') return [];
  const due = after(mission.interruptionOn, parameters.interruptionDecisionDays);
  if (!isDue(due, today) || mission.interruptionOn === null) return [];
  return [
    makeAlert('INTERRUPTION_UNDECIDED', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : suspendue le ${fr(mission.interruptionOn)} sans reprise ni arrêt depuis (attendu le ${fr(due)}). Décidez de la reprise (« Reprise décidée le ») ou de l'arrêt de la mission.`,
    }),
  ];
};

/**
 * Guide, part III: the consultant warns the DLA « immédiatement […] pour prise de décision
 * rapide : réorientation, suspension, arrêt de l'accompagnement ». How quick is ours to set.
 */
const warningUndecided: MissionRule = (facts, { today, parameters, providers }) => {
  const { mission } = facts;
  if (facts.status === 'closed' || facts.status === 'stopped') return [];
  const warnedOn = dateOf(mission.warningOn);
  if (warnedOn === null || warnedOn > today) return [];
  if (mission.interruptionKind !== null && reached(mission.interruptionOn, today)) return [];
  const due = after(warnedOn, parameters.warningDecisionDays);
  if (!isDue(due, today)) return [];
  const who =
    facts.retainedProviderId === null ? 'le prestataire' : providers.name(facts.retainedProviderId);
  return [
    makeAlert('WARNING_UNDECIDED', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : ${who} a alerté le DLA le ${fr(warnedOn)} et aucune décision n'est enregistrée (attendue le ${fr(due)}). Décidez vite d'une réorientation, d'une suspension ou d'un arrêt, et indiquez-la avec sa date et son motif.`,
    }),
  ];
};

/**
 * The day finance must start watching the balance: the restitution when it is held, else the
 * planned end (the consultant may invoice from then), whichever comes first.
 */
function balanceWatchedFrom(mission: Mission): IsoDate | null {
  const dates = [dateOf(mission.restitutionOn), dateOf(mission.plannedEndOn)].filter(
    (d): d is IsoDate => d !== null,
  );
  return dates.length === 0 ? null : dates.reduce((a, b) => (a < b ? a : b));
}

function retainedCompleteness(
  providerId: string | null,
  providers: ProviderLookup,
  parameters: OperatorParameters,
): { id: string; completeness: ProviderCompleteness } | null {
  if (providerId === null) return null;
  const entry = providers.entry(providerId);
  const completeness: ProviderCompleteness =
    entry === null
      ? { sheetComplete: false, missing: ['fiche absente du registre'] }
      : providerCompleteness(entry.provider, {
          checklistRequired: parameters.providerChecklistRequired === 'Oui',
        });
  return { id: providerId, completeness };
}

const balanceBlocked: MissionRule = (facts, { today, parameters, providers }) => {
  const { mission } = facts;
  if (!running(facts) || mission.balancePaidOn !== null) return [];
  const watchedFrom = balanceWatchedFrom(mission);
  if (!facts.balanceDateRejected && !isDue(watchedFrom, today)) return [];
  const blockers: BalanceBlocker[] = balanceBlockers({
    mission,
    solicitations: facts.solicitations.map((e) => e.solicitation),
    retainedProvider: retainedCompleteness(facts.retainedProviderId, providers, parameters),
  });
  const refused = facts.balanceDateRejected
    ? ' Une date de versement du solde a été saisie et refusée.'
    : '';
  const provider =
    facts.retainedProviderId === null ? '' : ` à ${providers.name(facts.retainedProviderId)}`;
  return blockers.map((blocker) =>
    makeAlert('BALANCE_BLOCKED', facts.id, {
      severity: 'bloquant',
      audience: 'finance',
      dueOn: null,
      subId: blocker.code,
      message: `${facts.name} : solde bloqué. ${blocker.message}${refused} Ne versez pas le solde${provider} avant régularisation.`,
    }),
  );
};

const surveyNotSent: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !reached(mission.restitutionOn, today)) return [];
  if (reached(mission.surveySentOn, today)) return [];
  const due = after(mission.restitutionOn, parameters.surveySendDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('SURVEY_NOT_SENT', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : enquête de satisfaction non envoyée à la structure depuis la restitution du ${fr(mission.restitutionOn)} (envoi attendu le ${fr(due)}). Envoyez-la et indiquez sa date d'envoi.`,
    }),
  ];
};

const surveyUnanswered: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !reached(mission.surveySentOn, today)) return [];
  if (reached(mission.surveyAnsweredOn, today)) return [];
  const due = after(mission.surveySentOn, parameters.surveyAnswerDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('SURVEY_UNANSWERED', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : enquête de satisfaction envoyée le ${fr(mission.surveySentOn)} et sans réponse (attendue le ${fr(due)}). Relancez la structure.`,
    }),
  ];
};

/**
 * Guide, part III: the survey evaluates « les modalités d'intervention, son déroulement, les
 * compétences du prestataire, les résultats de l'intervention, l'impact et la durabilité »; a low
 * score on any of them, or overall, is flagged to the C2RA with the dimensions named. The
 * threshold is an operator default.
 */
const lowSatisfaction: MissionRule = (facts, { owner, today, parameters, providers }) => {
  const { mission } = facts;
  const threshold = parameters.lowSatisfactionThreshold;
  const overall = overallSatisfaction(mission);
  const low = lowDimensions(mission, threshold);
  const overallLow = overall !== null && overall <= threshold;
  if (!overallLow && low.length === 0) return [];
  // A score without answer date counts at once: the date is only what makes it wait.
  const answeredOn = dateOf(mission.surveyAnsweredOn);
  if (answeredOn !== null && answeredOn > today) return [];
  const provider =
    facts.retainedProviderId === null
      ? 'prestataire non renseigné'
      : `prestataire ${providers.name(facts.retainedProviderId)}`;
  const what = [
    ...(overall === null ? [] : [`satisfaction de ${DECIMAL.format(overall)}/5`]),
    ...(low.length === 0 ? [] : [`note faible sur : ${describeDimensions(low)}`]),
  ].join(', ');
  return [
    makeAlert('LOW_SATISFACTION', facts.id, {
      severity: 'à faire',
      audience: 'C2RA',
      dueOn: null,
      message: `${facts.name} (${operatorDisplayName(owner)}) : ${what} (seuil ${threshold}/5), ${provider}. À examiner par le C2RA avec l'opérateur pour le suivi du registre.`,
    }),
  ];
};

const followUpDiagnosticDue: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (facts.status !== 'closed' || mission.closedOn === null) return [];
  if (reached(mission.followUpDiagnosticOn, today)) return [];
  const due = monthsAfter(mission.closedOn, parameters.followUpMonths);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('FOLLOW_UP_DIAGNOSTIC_DUE', facts.id, {
      severity: 'info',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : diagnostic de suivi post-accompagnement à prévoir à partir du ${fr(due)} (clôture du ${fr(mission.closedOn)}). Mesurez l'impact de la mission et repérez les nouveaux besoins de la structure.`,
    }),
  ];
};

/**
 * Guide, part III: the final report lets « l'opérateur DLA […] assurer un suivi de
 * l'accompagnement », with its « Plan d'actions : préconisations et échéancier ».
 */
const recommendationsDue: MissionRule = (facts, { today }) => {
  const { mission } = facts;
  if (facts.status === 'stopped') return [];
  const due = dateOf(mission.recommendationsDueOn);
  if (!isDue(due, today)) return [];
  const followedUp = dateOf(mission.followUpDiagnosticOn);
  if (followedUp !== null && followedUp >= due && followedUp <= today) return [];
  return [
    makeAlert('RECOMMENDATIONS_DUE', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : échéance des préconisations du rapport final le ${fr(due)}. Faites le point avec la structure sur leur mise en œuvre et indiquez la date du diagnostic de suivi.`,
    }),
  ];
};

const MISSION_RULES: readonly MissionRule[] = [
  replyDeadlineNear,
  replyMissing,
  tooFewProposals,
  proposalsNotScored,
  awardOverdue,
  nonRetainedNotNotified,
  agreementNotSigned,
  kickoffMissing,
  midNote,
  restitutionOverdue,
  finalReportMissing,
  interruptionUndecided,
  warningUndecided,
  balanceBlocked,
  surveyNotSent,
  surveyUnanswered,
  lowSatisfaction,
  followUpDiagnosticDue,
  recommendationsDue,
];

function providerName(id: string, entry: ProviderEntry | null): string {
  const legalName = entry?.provider.legalName ?? null;
  return legalName === null || legalName.trim() === '' ? id : `${legalName} (${id})`;
}

function providerLookup(providers: readonly ProviderEntry[]): ProviderLookup {
  const byId = new Map(providers.map((p) => [p.id, p]));
  return {
    entry: (id) => (id === null ? null : (byId.get(id) ?? null)),
    name: (id) =>
      id === null ? 'prestataire non renseigné' : providerName(id, byId.get(id) ?? null),
  };
}

function missionName(id: string, mission: Mission): string {
  const title = mission.title?.trim() ?? '';
  return title === '' ? `Mission ${id}` : `Mission ${id} « ${title} »`;
}

/** The active (not archived) solicitations of each mission, by mission ID, in the order given. */
export function activeSolicitationsByMission(
  solicitations: readonly SolicitationEntry[],
): Map<string, SolicitationEntry[]> {
  const byMission = new Map<string, SolicitationEntry[]>();
  for (const entry of solicitations) {
    const missionId = entry.solicitation.missionId;
    if (entry.archived || missionId === null) continue;
    const list = byMission.get(missionId);
    if (list) list.push(entry);
    else byMission.set(missionId, [entry]);
  }
  return byMission;
}

/**
 * Every alert of one operator's missions as of `today`, with the delays of its `Paramètres` tab.
 * Each rule fires ON its trigger day (today ≥ trigger), never the day before; archived missions
 * and solicitations never alert. A milestone counts as done once its date is today or past (a
 * later date is a plan, as for the mission status). A stopped mission raises nothing but low
 * satisfaction; a suspended one only « Suspension sans reprise ni arrêt » (and low
 * satisfaction) until the resumption; a reoriented one goes on as any other; a closed one only
 * low satisfaction and the follow-up diagnostic. Every delay is an operator default of the
 * Paramètres tab, not a number of the guide. Trigger days (in whole days, rounded up):
 *
 * - `REPLY_DEADLINE_NEAR` (à faire): from deadline − replyDeadlineWarningDays to the deadline,
 *   while a solicitation is « En attente » (or blank), during the call.
 * - `REPLY_MISSING` (à faire, per solicitation): from the day after the deadline, while it is
 *   still « En attente », during the call.
 * - `TOO_FEW_PROPOSALS` (info): once the proposals are under review (deadline passed or every
 *   consultant answered), while fewer than 2 rankable proposals were received.
 * - `PROPOSALS_NOT_SCORED` (à faire): from deadline + scoringDelayDays, while a rankable proposal
 *   lacks a score of either evaluator.
 * - `AWARD_OVERDUE` (à faire): from deadline + scoringDelayDays + awardDelayDays (the award is
 *   expected awardDelayDays after the day the scores were expected, there being no scoring date),
 *   while every rankable proposal is scored and no award date is reached.
 * - `NON_RETAINED_NOT_NOTIFIED` (à faire, per solicitation): from award + notificationDelayDays,
 *   for each proposal (received or late) not « Retenu » without « Non-retenu informé le ».
 * - `AGREEMENT_NOT_SIGNED` (urgent): from award + agreementDelayDays, kickoff held or not.
 * - `KICKOFF_MISSING` (à faire): from agreement + kickoffDelayDays, until a kickoff or restitution.
 * - `MID_NOTE`: info from the due day ({@link midNoteDueOn}), urgent from due + midNoteGraceDays,
 *   until the note is received or the restitution held.
 * - `RESTITUTION_OVERDUE` (urgent): from planned end + restitutionGraceDays.
 * - `FINAL_REPORT_MISSING` (urgent): from restitution + finalReportDelayDays (0 by default: the
 *   restitution is held « sur la base d'un rapport final »).
 * - `INTERRUPTION_UNDECIDED` (urgent): from the suspension + interruptionDecisionDays, while it
 *   has no resumption.
 * - `WARNING_UNDECIDED` (urgent): from the consultant's warning + warningDecisionDays, while no
 *   DLA decision (réorientation, suspension, arrêt) is dated.
 * - `BALANCE_BLOCKED` (bloquant, finance, one per blocker of `balanceBlockers`): while the
 *   balance is unpaid, from the restitution or the planned end, whichever comes first — or at
 *   once when a balance date was typed and refused.
 * - `SURVEY_NOT_SENT` (à faire): from restitution + surveySendDelayDays.
 * - `SURVEY_UNANSWERED` (à faire): from survey sent + surveyAnswerDelayDays.
 * - `LOW_SATISFACTION` (à faire, C2RA): from the survey answer (at once without its date),
 *   when the overall score or any of the six dimensions ≤ lowSatisfactionThreshold.
 * - `FOLLOW_UP_DIAGNOSTIC_DUE` (info): from closure + followUpMonths months, until the diagnostic.
 * - `RECOMMENDATIONS_DUE` (à faire): from the « Échéance des préconisations » of the final
 *   report, until a follow-up diagnostic dated on or after it (not for a stopped mission).
 */
export function evaluateAlerts(input: AlertInput): Alert[] {
  const { today } = input;
  const providers = providerLookup(input.providers);
  const context: RuleContext = {
    owner: input.owner,
    today,
    parameters: input.parameters,
    providers,
  };
  const byMission = activeSolicitationsByMission(input.solicitations);
  return input.missions
    .filter((m) => !m.archived)
    .flatMap((m) => {
      const solicitations = byMission.get(m.id) ?? [];
      const retained = solicitations.find((e) => e.solicitation.decision === 'Retenu');
      const facts: MissionFacts = {
        id: m.id,
        mission: m.mission,
        status: deriveMissionStatus(
          m.mission,
          solicitations.map((e) => e.solicitation),
          today,
        ),
        solicitations,
        name: missionName(m.id, m.mission),
        retainedProviderId: retained?.solicitation.providerId ?? null,
        balanceDateRejected: m.balanceDateRejected === true,
      };
      return MISSION_RULES.flatMap((rule) => rule(facts, context));
    });
}

// ————————————————————————————————————————————————————————————————— register rules

/** The calendar day (Paris) of a stored instant, or null when unreadable. */
function dayOfInstant(instant: string): IsoDate | null {
  if (isIsoDate(instant)) return instant;
  const time = Date.parse(instant);
  return Number.isNaN(time) ? null : parisDateOf(new Date(time));
}

function incompleteSheetAlerts(
  input: RegisterAlertInput,
  active: readonly ProviderEntry[],
): Alert[] {
  const { today } = input;
  const solicited = new Map<string, SolicitationEntry[]>();
  for (const entries of input.solicitationsByOperator.values()) {
    for (const entry of entries) {
      const s = entry.solicitation;
      if (entry.archived || s.providerId === null) continue;
      // A solicitation dated later is a plan: the provider is not solicited yet.
      const solicitedOn = dateOf(s.solicitedOn);
      if (solicitedOn !== null && solicitedOn > today) continue;
      solicited.set(s.providerId, [...(solicited.get(s.providerId) ?? []), entry]);
    }
  }
  return active.flatMap((p) => {
    const entries = solicited.get(p.id);
    const completeness = providerCompleteness(p.provider, {
      checklistRequired: input.parameters.providerChecklistRequired === 'Oui',
    });
    if (entries === undefined || completeness.sheetComplete) return [];
    const missions = [
      ...new Set(entries.map((e) => e.solicitation.missionId).filter((id) => id !== null)),
    ].sort();
    const where = missions.length === 0 ? '' : ` (${missions.join(', ')})`;
    return [
      makeAlert('PROVIDER_SHEET_INCOMPLETE', p.id, {
        severity: 'à faire',
        audience: 'C2RA',
        dueOn: null,
        message: `${providerName(p.id, p)} est sollicité${where} mais sa fiche type prestataire est incomplète : ${completeness.missing.join(', ')}. Complétez-la avec le prestataire : sans elle, il ne peut pas être payé.`,
      }),
    ];
  });
}

function duplicateSiretAlerts(active: readonly ProviderEntry[]): Alert[] {
  const bySiret = new Map<string, ProviderEntry[]>();
  for (const p of active) {
    const siret = p.provider.siret?.replace(/\D/g, '') ?? '';
    if (siret === '') continue;
    bySiret.set(siret, [...(bySiret.get(siret) ?? []), p]);
  }
  return [...bySiret.entries()].flatMap(([siret, group]) => {
    const [first, ...others] = [...group].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (first === undefined || others.length === 0) return [];
    const names = [first, ...others].map((p) => providerName(p.id, p)).join(', ');
    return [
      makeAlert('DUPLICATE_SIRET', first.id, {
        severity: 'urgent',
        audience: 'C2RA',
        dueOn: null,
        message: `SIRET ${siret} en double dans le registre : ${names}. Corrigez le SIRET ou archivez le doublon pour qu'un seul prestataire reste payable.`,
      }),
    ];
  });
}

function staleProviderAlerts(input: RegisterAlertInput, active: readonly ProviderEntry[]): Alert[] {
  return active.flatMap((p) => {
    const updatedOn = dayOfInstant(p.updatedAt);
    const due = monthsAfter(updatedOn, input.parameters.providerStaleMonths);
    if (!isDue(due, input.today) || updatedOn === null) return [];
    return [
      makeAlert('PROVIDER_STALE', p.id, {
        severity: 'info',
        audience: 'C2RA',
        dueOn: due,
        message: `${providerName(p.id, p)} : fiche non mise à jour depuis le ${fr(updatedOn)} (à revoir le ${fr(due)}). Vérifiez avec le prestataire ses coordonnées, son SIRET et ses compétences.`,
      }),
    ];
  });
}

/**
 * The C2RA's alerts on the regional register as of `today`; archived providers and
 * solicitations never alert. Trigger days:
 *
 * - `PROVIDER_SHEET_INCOMPLETE` (à faire, C2RA): from the first day the provider is solicited
 *   (`solicitedOn`, at once when blank) by any operator while the sheet lacks a required field.
 * - `DUPLICATE_SIRET` (urgent, C2RA): at once, one alert per SIRET held by two active providers or
 *   more, on the provider with the lowest ID.
 * - `PROVIDER_STALE` (info, C2RA): from the last change of the record + providerStaleMonths months.
 */
export function evaluateRegisterAlerts(input: RegisterAlertInput): Alert[] {
  const active = input.providers.filter((p) => !p.archived);
  return [
    ...incompleteSheetAlerts(input, active),
    ...duplicateSiretAlerts(active),
    ...staleProviderAlerts(input, active),
  ];
}
