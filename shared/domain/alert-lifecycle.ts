import {
  ALERT_SEVERITIES,
  alertTitle,
  type Alert,
  type AlertAudience,
  type AlertSeverity,
} from './alerts/alert-catalogue';
import type { CellValue } from './values/cell-value';
import { daysBetween, formatFrenchDate, parseFrenchDate, type IsoDate } from './values/french-date';
import { normalizeForMatch } from './values/text-normalization';

/** What an operator typed in the « Suivi » column: seen, or hidden until a date. */
export type AlertFollowUp =
  { readonly kind: 'vu' } | { readonly kind: 'reporté'; readonly until: IsoDate };

/**
 * An alert as the system remembers it from run to run. Besides the dates the issue names,
 * `revision` counts the changes of the alert (raised = 1; +1 when its message, severity or due
 * date changes, or when its « reporté au » date arrives) and `digestedRevision` is the revision
 * last put in a digest (null: never), so a digest holds only what is new or changed since the
 * previous one, whatever the number of runs a day.
 */
export type AlertState = Alert & {
  readonly firstRaisedOn: IsoDate;
  readonly lastSeenOn: IsoDate;
  readonly resolvedOn: IsoDate | null;
  readonly followUp: AlertFollowUp | null;
  readonly revision: number;
  readonly digestedRevision: number | null;
};

/** The outcome of one run: every state to keep, and what this run raised or resolved. */
export interface Reconciliation {
  readonly states: AlertState[];
  readonly newlyRaised: AlertState[];
  readonly resolved: AlertState[];
}

/** Days a resolved alert stays at the bottom of the « Alertes » tab (and in the stored states). */
export const RESOLVED_RETENTION_DAYS = 30;

/** The tab of an operator workbook the alerts are written to. */
export const ALERTS_TAB = 'Alertes';

/** The columns of the « Alertes » tab, in order: the workbook layout builds on them. */
export const ALERTS_TAB_HEADERS = [
  'Gravité',
  'Alerte',
  'Enregistrement',
  'Message',
  'Pour',
  'Échéance',
  'Depuis le',
  'Suivi',
  'État',
] as const;

const SUIVI_COLUMN = ALERTS_TAB_HEADERS.indexOf('Suivi');

/** How each severity is written for a person. */
export const SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = {
  bloquant: 'Bloquant',
  urgent: 'Urgent',
  'à faire': 'À faire',
  info: 'Information',
};

/** How each audience is written for a person. */
export const AUDIENCE_LABELS: Readonly<Record<AlertAudience, string>> = {
  'chargé de mission': 'Chargé(e) de mission',
  C2RA: 'C2RA',
  finance: 'Finance',
};

/**
 * Reads the « Suivi » column: « vu » (any case, « vue » too) or « reporté au jj/mm/aaaa »
 * (accent optional, any date {@link parseFrenchDate} reads). Anything else, blank included, is
 * null, never an exception.
 */
export function parseFollowUp(text: unknown): AlertFollowUp | null {
  if (typeof text !== 'string') return null;
  const normalized = normalizeForMatch(text);
  if (/^vue?\.?$/.test(normalized)) return { kind: 'vu' };
  const match = /^reportee? (?:au|jusqu'au) (.+)$/.exec(normalized);
  if (match === null) return null;
  const date = parseFrenchDate(match[1] ?? '');
  return date.ok ? { kind: 'reporté', until: date.value } : null;
}

/** Writes a follow-up back as the « Suivi » column shows it: « vu » or « reporté au jj/mm/aaaa ». */
export function formatFollowUp(followUp: AlertFollowUp | null): string {
  if (followUp === null) return '';
  return followUp.kind === 'vu' ? 'vu' : `reporté au ${formatFrenchDate(followUp.until)}`;
}

/** True while a « reporté au » date is still to come: the alert is hidden until that day. */
export function isHidden(state: Pick<AlertState, 'followUp'>, today: IsoDate): boolean {
  return state.followUp?.kind === 'reporté' && today < state.followUp.until;
}

function sameFollowUp(a: AlertFollowUp | null, b: AlertFollowUp | null): boolean {
  return formatFollowUp(a) === formatFollowUp(b);
}

/**
 * The follow-up after a run: what the operator typed when the tab was read (blank clears it, an
 * unreadable text clears it too so an alert is never hidden by a text the system does not
 * understand), else the previous one.
 */
function followUpAfter(
  previous: AlertFollowUp | null,
  typed: string | undefined,
): AlertFollowUp | null {
  return typed === undefined ? previous : parseFollowUp(typed);
}

function updatedState(
  previous: AlertState,
  alert: Alert,
  today: IsoDate,
  typed: string | undefined,
): AlertState {
  const followUp = followUpAfter(previous.followUp, typed);
  const contentChanged =
    alert.message !== previous.message ||
    alert.severity !== previous.severity ||
    alert.dueOn !== previous.dueOn;
  // A postponement that runs out brings the alert back: worth telling again.
  const reportEnded =
    sameFollowUp(followUp, previous.followUp) &&
    isHidden(previous, previous.lastSeenOn) &&
    !isHidden({ followUp }, today);
  return {
    ...alert,
    firstRaisedOn: previous.firstRaisedOn,
    lastSeenOn: today,
    resolvedOn: null,
    followUp,
    revision: previous.revision + (contentChanged || reportEnded ? 1 : 0),
    digestedRevision: previous.digestedRevision,
  };
}

function raisedState(alert: Alert, today: IsoDate): AlertState {
  return {
    ...alert,
    firstRaisedOn: today,
    lastSeenOn: today,
    resolvedOn: null,
    followUp: null,
    revision: 1,
    digestedRevision: null,
  };
}

/**
 * One run of the alert lifecycle on `today`. An alert is raised once (its `firstRaisedOn` kept
 * while it holds), refreshed while it holds (message, severity, due date), resolved the first day
 * it no longer triggers (`resolvedOn` = today), and raised anew — a new alert, follow-up cleared —
 * if it triggers again after being resolved. `followUps` maps a key to the « Suivi » text read
 * from the tab (see {@link followUpsFromTab}); a key absent from it keeps its previous follow-up.
 * Resolved states are dropped {@link RESOLVED_RETENTION_DAYS} days after their resolution.
 */
export function reconcileAlerts(
  previous: readonly AlertState[],
  current: readonly Alert[],
  today: IsoDate,
  followUps: ReadonlyMap<string, string>,
): Reconciliation {
  const previousByKey = new Map(previous.map((s) => [s.key, s]));
  const currentByKey = new Map<string, Alert>();
  for (const alert of current) if (!currentByKey.has(alert.key)) currentByKey.set(alert.key, alert);

  const states: AlertState[] = [];
  const newlyRaised: AlertState[] = [];
  const resolved: AlertState[] = [];
  for (const alert of currentByKey.values()) {
    const previousState = previousByKey.get(alert.key);
    if (previousState !== undefined && previousState.resolvedOn === null) {
      states.push(updatedState(previousState, alert, today, followUps.get(alert.key)));
    } else {
      const raised = raisedState(alert, today);
      states.push(raised);
      newlyRaised.push(raised);
    }
  }
  for (const previousState of previousByKey.values()) {
    if (currentByKey.has(previousState.key)) continue;
    if (previousState.resolvedOn === null) {
      const state: AlertState = { ...previousState, resolvedOn: today };
      states.push(state);
      resolved.push(state);
    } else if (daysBetween(previousState.resolvedOn, today) <= RESOLVED_RETENTION_DAYS) {
      states.push(previousState);
    }
  }
  return { states, newlyRaised, resolved };
}

const SEVERITY_RANK = new Map<AlertSeverity, number>(ALERT_SEVERITIES.map((s, i) => [s, i]));

/** Orders alerts by severity (bloquant first), then due date (none last), then first raised, then key. */
export function compareAlertStates(a: AlertState, b: AlertState): number {
  const bySeverity = (SEVERITY_RANK.get(a.severity) ?? 0) - (SEVERITY_RANK.get(b.severity) ?? 0);
  if (bySeverity !== 0) return bySeverity;
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return 1;
    if (b.dueOn === null) return -1;
    return a.dueOn < b.dueOn ? -1 : 1;
  }
  if (a.firstRaisedOn !== b.firstRaisedOn) return a.firstRaisedOn < b.firstRaisedOn ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Where a state goes in the tab: open ones, then postponed ones, then resolved ones. */
function tabGroup(state: AlertState, today: IsoDate): number {
  if (state.resolvedOn !== null) return 2;
  return isHidden(state, today) ? 1 : 0;
}

function stateLabel(state: AlertState, today: IsoDate): string {
  if (state.resolvedOn !== null) return `Résolue le ${formatFrenchDate(state.resolvedOn)}`;
  if (isHidden(state, today)) return 'Reportée';
  return state.followUp?.kind === 'vu' ? 'Vue' : 'Ouverte';
}

function isShownInTab(state: AlertState, today: IsoDate): boolean {
  return (
    state.resolvedOn === null || daysBetween(state.resolvedOn, today) <= RESOLVED_RETENTION_DAYS
  );
}

/**
 * The data rows of the « Alertes » tab (columns {@link ALERTS_TAB_HEADERS}, dates written
 * jj/mm/aaaa): open alerts sorted by severity then due date, then those postponed by a
 * « reporté au » still to come (shown with that text, État « Reportée »), then the resolved ones,
 * kept {@link RESOLVED_RETENTION_DAYS} days after their resolution.
 */
export function alertsTabRows(states: readonly AlertState[], today: IsoDate): CellValue[][] {
  return states
    .filter((s) => isShownInTab(s, today))
    .sort((a, b) => tabGroup(a, today) - tabGroup(b, today) || compareAlertStates(a, b))
    .map((s) => [
      SEVERITY_LABELS[s.severity],
      alertTitle(s),
      s.recordId,
      s.message,
      AUDIENCE_LABELS[s.audience],
      s.dueOn === null ? '' : formatFrenchDate(s.dueOn),
      formatFrenchDate(s.firstRaisedOn),
      formatFollowUp(s.followUp),
      stateLabel(s, today),
    ]);
}

/**
 * The « Suivi » texts of the « Alertes » tab as read back, by alert key: a row is matched to its
 * state by its « Alerte » and « Enregistrement » cells (unique among the states), so rows sorted
 * or moved by a person still match. Rows that match no state are ignored.
 */
export function followUpsFromTab(
  rows: readonly (readonly CellValue[])[],
  states: readonly AlertState[],
): Map<string, string> {
  const keyOf = new Map(states.map((s) => [`${alertTitle(s)}\u0000${s.recordId}`, s.key]));
  const followUps = new Map<string, string>();
  for (const row of rows) {
    const key = keyOf.get(`${String(row[1] ?? '')}\u0000${String(row[2] ?? '')}`);
    if (key === undefined) continue;
    const cell = row[SUIVI_COLUMN];
    followUps.set(key, typeof cell === 'string' ? cell : '');
  }
  return followUps;
}

/** A French plain-text digest to send by e-mail, and the keys of the alerts it reports. */
export interface AlertDigest {
  readonly audience: AlertAudience;
  readonly subject: string;
  readonly body: string;
  readonly keys: readonly string[];
}

/** Whose digest it is and on what day: `scope` is an operator code or « C2RA ». */
export interface DigestContext {
  readonly scope: string;
  readonly today: IsoDate;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function digestSubject(
  scope: string,
  today: IsoDate,
  fresh: number,
  updated: number,
  newOnly: boolean,
): string {
  const parts = newOnly
    ? [
        ...(fresh > 0 ? [count(fresh, 'nouvelle alerte', 'nouvelles alertes')] : []),
        ...(updated > 0 ? [count(updated, 'alerte mise à jour', 'alertes mises à jour')] : []),
      ]
    : [count(fresh + updated, 'alerte en cours', 'alertes en cours')];
  return `DLA ${scope} — ${parts.join(' et ')} au ${formatFrenchDate(today)}`;
}

function digestLine(state: AlertState, newOnly: boolean): string {
  const tag = newOnly ? (state.digestedRevision === null ? '[Nouvelle] ' : '[Mise à jour] ') : '';
  const due = state.dueOn === null ? '' : `échéance le ${formatFrenchDate(state.dueOn)}, `;
  return [
    `- ${tag}${alertTitle(state)} — ${state.recordId}`,
    `  ${state.message}`,
    `  (${due}depuis le ${formatFrenchDate(state.firstRaisedOn)})`,
  ].join('\n');
}

/**
 * The daily digest of one audience, or null when there is nothing to send. With `newOnly`, only
 * the open alerts new or changed since the last digest (`revision` ≠ `digestedRevision`); else
 * every open alert. Alerts postponed by a « reporté au » still to come are left out. The body is
 * French plain text grouped by severity, most serious first; the subject reads like
 * « DLA CBE-LM — 3 nouvelles alertes au 02/06/2025 ». Once sent, record it with
 * {@link markDigested}.
 */
export function digestFor(
  states: readonly AlertState[],
  audience: AlertAudience,
  newOnly: boolean,
  context: DigestContext,
): AlertDigest | null {
  const { scope, today } = context;
  const chosen = states
    .filter(
      (s) =>
        s.audience === audience &&
        s.resolvedOn === null &&
        !isHidden(s, today) &&
        (!newOnly || s.digestedRevision !== s.revision),
    )
    .sort(compareAlertStates);
  if (chosen.length === 0) return null;
  const fresh = chosen.filter((s) => s.digestedRevision === null).length;
  const sections = ALERT_SEVERITIES.flatMap((severity) => {
    const group = chosen.filter((s) => s.severity === severity);
    if (group.length === 0) return [];
    return [
      `${SEVERITY_LABELS[severity].toUpperCase()} (${group.length})\n${group.map((s) => digestLine(s, newOnly)).join('\n')}`,
    ];
  });
  const body = [
    'Bonjour,',
    `Voici les alertes du DLA ${scope} au ${formatFrenchDate(today)} pour : ${AUDIENCE_LABELS[audience]}.`,
    ...sections,
    "Pour le suivi, ouvrez l'onglet « Alertes » du classeur et saisissez dans la colonne Suivi « vu » ou « reporté au jj/mm/aaaa ».",
    'Message automatique du Dispositif Local d’Accompagnement Nord – Pas de Calais.',
  ].join('\n\n');
  return {
    audience,
    subject: digestSubject(scope, today, fresh, chosen.length - fresh, newOnly),
    body: `${body}\n`,
    keys: chosen.map((s) => s.key),
  };
}

/** The states once a digest holding `keys` is sent: those alerts will not be sent again unchanged. */
export function markDigested(states: readonly AlertState[], keys: readonly string[]): AlertState[] {
  const sent = new Set(keys);
  return states.map((s) => (sent.has(s.key) ? { ...s, digestedRevision: s.revision } : s));
}

/** The alerts still to deal with on `today`: open and not postponed (the regional « Alertes ouvertes »). */
export function openAlertCount(states: readonly AlertState[], today: IsoDate): number {
  return states.filter((s) => s.resolvedOn === null && !isHidden(s, today)).length;
}
