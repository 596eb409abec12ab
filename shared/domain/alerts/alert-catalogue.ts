import type { IsoDate } from '../values/french-date';

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
