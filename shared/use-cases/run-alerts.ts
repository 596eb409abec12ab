import {
  ALERTS_TAB,
  alertsTabRows,
  digestFor,
  followUpsFromTab,
  markDigested,
  openAlertCount,
  reconcileAlerts,
  type AlertState,
} from '../domain/alert-lifecycle';
import type { Alert, AlertAudience } from '../domain/alerts/alert-catalogue';
import {
  activeSolicitationsByMission,
  evaluateAlerts,
  evaluateRegisterAlerts,
} from '../domain/alerts/alert-evaluation';
import {
  missionEntriesOf,
  providerEntriesOf,
  solicitationEntriesOf,
  type SolicitationEntry,
} from '../domain/alerts/alert-inputs';
import { draftDeliveryMail, nonRetainedNotifications } from '../domain/award-notification';
import { deriveMissionStatus, type MissionStatus } from '../domain/mission-lifecycle';
import type { OperatorParameters } from '../domain/operator-parameters';
import { C2RA, OPERATOR_CODES, type OperatorCode, type WorkbookOwner } from '../domain/operator';
import { ok, type Result } from '../domain/result';
import { sameTabRows } from '../domain/sync/content-hash';
import type { CellValue } from '../domain/values/cell-value';
import { parisDateOf, type IsoDate } from '../domain/values/french-date';
import type { Clock } from '../ports/clock';
import type { Mailer } from '../ports/mailer';
import type { RecordStore } from '../ports/record-store';
import type { StoredRecord } from '../domain/stored-record';
import type { SpreadsheetGateway } from '../ports/spreadsheet-gateway';
import {
  entryChanges,
  keyedEntries,
  migrateLegacyAggregate,
  objectEntries,
  readEntriesWithLegacy,
  type LegacyAggregate,
} from './store-entries';
import { loadParameters } from './sync-workbook';
import {
  proposalDecidedAlerts,
  proposalWaitingAlerts,
} from '../domain/alerts/register-proposal-alert-rules';
import { loadAllProposalDecisions, loadOwnProposalDecisions } from './register-proposals';

/** The store entries holding an owner's alert states between runs, one per alert key. */
export const ALERT_STATES_FAMILY = 'alert-states';
/** The store entries logging every e-mail sent (or failed) for an owner, one per e-mail key. */
export const MAIL_LOG_FAMILY = 'mail-log';
/** The document that held every alert state of an owner before {@link ALERT_STATES_FAMILY}. */
export const ALERT_STATES_DOCUMENT = 'alert-states';
/** The document that held an owner's whole mail log before {@link MAIL_LOG_FAMILY}. */
export const MAIL_LOG_DOCUMENT = 'mail-log';

const LEGACY_ALERT_STATES: LegacyAggregate = {
  document: ALERT_STATES_DOCUMENT,
  entriesOf: keyedEntries,
};
const LEGACY_MAIL_LOG: LegacyAggregate = { document: MAIL_LOG_DOCUMENT, entriesOf: objectEntries };

/** Who receives which digest when a mission names no chargé(e) de mission. */
export interface AlertRecipients {
  readonly operators: Readonly<
    Partial<Record<OperatorCode, Readonly<Partial<Record<AlertAudience, readonly string[]>>>>>
  >;
  readonly c2ra: readonly string[];
}

/** The ports a run of the alerts needs. */
export interface AlertPorts {
  readonly store: RecordStore;
  readonly gateway: SpreadsheetGateway;
  readonly mailer: Mailer;
  readonly clock: Clock;
}

/**
 * What an e-mail of a run carries: an alert `digest`, or a `draft` of the notice to a consultant
 * not retained, handed to the chargé(e) de mission who sends it.
 */
export type MailKind = 'digest' | 'draft';

/** One e-mail of a run and what became of it. */
export interface MailOutcome {
  readonly kind: MailKind;
  readonly key: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** For a draft, the consultant and solicitation it is for (« PRE-0031 — Horizons Solidaires, SOL-CBE-LM-0103 »); null for a digest. */
  readonly about: string | null;
  readonly status: 'sent' | 'already sent' | 'failed' | 'not sent (simulation)';
}

/** What one run did for one workbook owner. */
export interface AlertRunReport {
  readonly owner: WorkbookOwner;
  readonly today: IsoDate;
  readonly open: number;
  readonly newlyRaised: number;
  readonly resolved: number;
  readonly states: readonly AlertState[];
  /** Every e-mail of the run, digests and drafts (`kind`), with what became of it. */
  readonly mails: readonly MailOutcome[];
  readonly warnings: readonly string[];
}

/** Options of a run: the date to evaluate (default: today in Paris) and whether to change anything. */
export interface AlertRunOptions {
  readonly at?: IsoDate;
  /** Print only: no tab written, no e-mail, no state saved. */
  readonly dryRun?: boolean;
  readonly recipients: AlertRecipients;
}

/** An e-mail to send once, and the alerts it reports (none for a draft). */
interface PendingMail {
  readonly kind: MailKind;
  readonly key: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly alertKeys: readonly string[];
  readonly about?: string;
}

interface MailLogEntry {
  readonly status: 'sent' | 'failed';
  readonly attempts: number;
  readonly at: string;
}

/** An owner's alert states as stored: one entry per alert (the legacy document read too). */
async function loadAlertStates(store: RecordStore, owner: WorkbookOwner): Promise<AlertState[]> {
  const entries = await readEntriesWithLegacy(
    store,
    owner,
    ALERT_STATES_FAMILY,
    LEGACY_ALERT_STATES,
  );
  return [...entries.values()] as AlertState[];
}

/** Saves the alert states that changed, removes those dropped, and moves the legacy documents. */
async function saveAlertStates(
  store: RecordStore,
  owner: WorkbookOwner,
  previous: readonly AlertState[],
  states: readonly AlertState[],
): Promise<void> {
  await migrateLegacyAggregate(store, owner, ALERT_STATES_FAMILY, LEGACY_ALERT_STATES);
  const byKey = (list: readonly AlertState[]) => new Map(list.map((s) => [s.key, s]));
  await store.writeEntries(
    owner,
    ALERT_STATES_FAMILY,
    entryChanges(byKey(previous), byKey(states)),
  );
}

/** Sends each e-mail once: a key already sent is skipped, a failed one is retried at the next run. */
async function sendOnce(
  ports: AlertPorts,
  owner: WorkbookOwner,
  mails: readonly PendingMail[],
  dryRun: boolean,
): Promise<{ outcomes: MailOutcome[]; sentAlertKeys: string[] }> {
  if (!dryRun) await migrateLegacyAggregate(ports.store, owner, MAIL_LOG_FAMILY, LEGACY_MAIL_LOG);
  const log = dryRun
    ? new Map<string, unknown>()
    : await ports.store.readEntries(
        owner,
        MAIL_LOG_FAMILY,
        mails.map((m) => m.key),
      );
  const logged = (key: string): MailLogEntry | undefined =>
    log.get(key) as MailLogEntry | undefined;
  const outcomes: MailOutcome[] = [];
  const sentAlertKeys: string[] = [];
  const now = ports.clock.now().toISOString();
  for (const mail of mails) {
    const base = {
      kind: mail.kind,
      key: mail.key,
      to: mail.to,
      subject: mail.subject,
      about: mail.about ?? null,
    };
    if (dryRun) {
      outcomes.push({ ...base, status: 'not sent (simulation)' });
      continue;
    }
    if (logged(mail.key)?.status === 'sent') {
      outcomes.push({ ...base, status: 'already sent' });
      sentAlertKeys.push(...mail.alertKeys);
      continue;
    }
    const attempts = (logged(mail.key)?.attempts ?? 0) + 1;
    const sent = await ports.mailer.send({
      key: mail.key,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    const entry: MailLogEntry = { status: sent.ok ? 'sent' : 'failed', attempts, at: now };
    // Logged after every e-mail, so a crash between two sends never sends one twice.
    await ports.store.writeEntries(owner, MAIL_LOG_FAMILY, {
      put: new Map([[mail.key, entry]]),
      remove: [],
    });
    outcomes.push({ ...base, status: sent.ok ? 'sent' : 'failed' });
    if (sent.ok) sentAlertKeys.push(...mail.alertKeys);
  }
  return { outcomes, sentAlertKeys };
}

/** The chargé(e) de mission an alert is for: the mission's officer, through its solicitation if need be. */
function officerOf(alert: Alert, records: ReadonlyMap<string, StoredRecord>): string | null {
  const record = records.get(alert.recordId);
  // A proposal to the register names who proposed it: an e-mail there receives the decision.
  if (record?.kind === 'registerProposal') {
    const by = record.data['proposedBy'];
    return typeof by === 'string' && by.includes('@') ? by : null;
  }
  const missionId = record?.kind === 'solicitation' ? record.data['missionId'] : alert.recordId;
  const mission = typeof missionId === 'string' ? records.get(missionId) : undefined;
  const email = mission?.data['officerEmail'];
  return typeof email === 'string' ? email : null;
}

/** Missions the alert rules no longer follow day by day: no draft for them either. */
const PAUSED_STATUSES: readonly MissionStatus[] = ['closed', 'stopped', 'suspended', 'reoriented'];

/**
 * The drafts of the « non retenu » notices, each handed once to the mission's chargé(e) de
 * mission (else the operator's default « chargé de mission » recipients); a French warning for a
 * draft nobody can receive. A draft stops once « Non-retenu informé le » is filled.
 */
function draftMails(
  owner: OperatorCode,
  today: IsoDate,
  records: readonly StoredRecord[],
  register: readonly StoredRecord[],
  parameters: OperatorParameters,
  defaults: Readonly<Partial<Record<AlertAudience, readonly string[]>>>,
): { mails: PendingMail[]; warnings: string[] } {
  const providers = providerEntriesOf(register);
  const sheets = new Map(providers.map((p) => [p.id, p.provider]));
  const byMission = activeSolicitationsByMission(solicitationEntriesOf(records));
  const fallback = defaults['chargé de mission'] ?? [];
  const mails: PendingMail[] = [];
  const warnings: string[] = [];
  for (const { id, mission, archived } of missionEntriesOf(records)) {
    const solicitations = byMission.get(id) ?? [];
    if (archived || solicitations.length === 0) continue;
    const status = deriveMissionStatus(
      mission,
      solicitations.map((e) => e.solicitation),
      today,
    );
    if (PAUSED_STATUSES.includes(status)) continue;
    const officer = mission.officerEmail?.trim() ?? '';
    const to = officer === '' ? fallback : [officer];
    for (const draft of nonRetainedNotifications(
      mission,
      id,
      solicitations,
      providers,
      owner,
      parameters,
    )) {
      if (to.length === 0) {
        warnings.push(
          `Proposition de courriel au prestataire non retenu ${draft.providerId} (${draft.solicitationId}) non transmise : la mission ${id} n'a pas de « Chargé(e) de mission (e-mail) » et aucun destinataire « chargé de mission » par défaut n'est configuré pour ${owner}.`,
        );
        continue;
      }
      const sheet = sheets.get(draft.providerId);
      const name = sheet?.legalName?.trim() ?? '';
      mails.push({
        kind: 'draft',
        to,
        alertKeys: [],
        about: `${name === '' ? draft.providerId : `${draft.providerId} — ${name}`}, ${draft.solicitationId}`,
        ...draftDeliveryMail(draft, sheet),
      });
    }
  }
  return { mails, warnings };
}

/**
 * One operator's daily alerts: the guide's rules evaluated on `today`, reconciled with the
 * previous states and the « vu » / « reporté au » typed in the `Alertes` tab, the tab rewritten,
 * and one French digest per chargé(e) de mission (by the missions they follow) and one for
 * finance — only with what is new or changed, nothing when there is nothing new. Each consultant
 * not retained gets a draft notice, handed once ever to the chargé(e) de mission, who sends it
 * and fills « Non-retenu informé le ».
 */
export async function runOperatorAlerts(
  ports: AlertPorts,
  owner: OperatorCode,
  options: AlertRunOptions,
): Promise<Result<AlertRunReport>> {
  const today = options.at ?? parisDateOf(ports.clock.now());
  const [state, register, parameters, previousValue] = await Promise.all([
    ports.store.loadOwner(owner),
    ports.store.loadRegister(),
    loadParameters(ports.store, owner),
    loadAlertStates(ports.store, owner),
  ]);
  const previous = previousValue;
  const warnings: string[] = [];
  // Only the tab this run reads back: not every tab of a workbook of thousands of rows.
  const read = await ports.gateway.read(owner, { tabs: [ALERTS_TAB] });
  const tab = read.ok ? read.value.tabs.find((t) => t.name === ALERTS_TAB) : undefined;
  if (!read.ok)
    warnings.push(
      `Onglet « ${ALERTS_TAB} » non lu (${read.error.message}) : suivis précédents conservés.`,
    );
  const currentRows: CellValue[][] = tab ? tab.rows.map((r) => r.cells.map((c) => c.value)) : [];
  const followUps = followUpsFromTab(currentRows, previous);
  const alerts = [
    ...evaluateAlerts({
      owner,
      today,
      parameters,
      missions: missionEntriesOf(state.records),
      solicitations: solicitationEntriesOf(state.records),
      providers: providerEntriesOf(register),
    }),
    ...proposalDecidedAlerts(
      state.records,
      await loadOwnProposalDecisions(ports.store, owner),
      today,
      parameters,
    ),
  ];
  const reconciled = reconcileAlerts(previous, alerts, today, followUps);
  const rows = alertsTabRows(reconciled.states, today);
  if (!options.dryRun && read.ok && tab && !sameTabRows(currentRows, rows)) {
    const written = await ports.gateway.write(owner, {
      cells: [],
      tabs: [{ tab: ALERTS_TAB, rows }],
    });
    if (!written.ok) warnings.push(`Onglet « ${ALERTS_TAB} » non écrit : ${written.error.message}`);
  }

  const byId = new Map(state.records.map((r) => [r.id, r]));
  const defaults = options.recipients.operators[owner] ?? {};
  const mails: PendingMail[] = [];
  const officerGroups = new Map<string, AlertState[]>();
  for (const s of reconciled.states) {
    if (s.audience !== 'chargé de mission') continue;
    const officer = officerOf(s, byId) ?? (defaults['chargé de mission'] ?? []).join(',');
    if (officer === '') continue;
    officerGroups.set(officer, [...(officerGroups.get(officer) ?? []), s]);
  }
  for (const [officer, group] of officerGroups) {
    const digest = digestFor(group, 'chargé de mission', true, { scope: owner, today });
    if (digest)
      mails.push({
        kind: 'digest',
        key: `alertes-${owner}-${today}-${officer}`,
        to: officer.split(','),
        subject: digest.subject,
        text: digest.body,
        alertKeys: digest.keys,
      });
  }
  const finance = defaults.finance ?? [];
  const financeDigest =
    finance.length > 0
      ? digestFor(reconciled.states, 'finance', true, { scope: owner, today })
      : null;
  if (financeDigest)
    mails.push({
      kind: 'digest',
      key: `alertes-${owner}-${today}-finance`,
      to: finance,
      subject: financeDigest.subject,
      text: financeDigest.body,
      alertKeys: financeDigest.keys,
    });

  const drafts = draftMails(owner, today, state.records, register, parameters, defaults);
  mails.push(...drafts.mails);
  warnings.push(...drafts.warnings);

  const { outcomes, sentAlertKeys } = await sendOnce(ports, owner, mails, options.dryRun === true);
  const states = markDigested(reconciled.states, sentAlertKeys);
  if (!options.dryRun) await saveAlertStates(ports.store, owner, previous, states);
  return ok({
    owner,
    today,
    open: openAlertCount(states, today),
    newlyRaised: reconciled.newlyRaised.length,
    resolved: reconciled.resolved.length,
    states,
    mails: outcomes,
    warnings,
  });
}

/**
 * The C2RA's daily alerts: the register's rules (incomplete sheets of solicited providers,
 * duplicate SIRETs, stale sheets) and the alerts the operators raise for the C2RA (low
 * satisfaction), in one regional digest.
 */
export async function runRegionalAlerts(
  ports: AlertPorts,
  options: AlertRunOptions,
  operatorStates: readonly AlertState[],
): Promise<Result<AlertRunReport>> {
  const today = options.at ?? parisDateOf(ports.clock.now());
  const [register, parameters, previousValue] = await Promise.all([
    ports.store.loadRegister(),
    loadParameters(ports.store, C2RA),
    loadAlertStates(ports.store, C2RA),
  ]);
  const solicitationsByOperator = new Map<OperatorCode, readonly SolicitationEntry[]>();
  const proposals: StoredRecord[] = [];
  for (const code of OPERATOR_CODES) {
    const { records } = await ports.store.loadOwner(code);
    solicitationsByOperator.set(code, solicitationEntriesOf(records));
    proposals.push(...records.filter((r) => r.kind === 'registerProposal'));
  }
  const registerAlerts = evaluateRegisterAlerts({
    today,
    parameters,
    providers: providerEntriesOf(register),
    solicitationsByOperator,
  });
  const fromOperators: Alert[] = operatorStates.filter(
    (s) => s.audience === 'C2RA' && s.resolvedOn === null,
  );
  const waiting = proposalWaitingAlerts(
    proposals,
    await loadAllProposalDecisions(ports.store),
    today,
    parameters,
  );
  const reconciled = reconcileAlerts(
    previousValue,
    [...registerAlerts, ...waiting, ...fromOperators],
    today,
    new Map(),
  );
  const digest =
    options.recipients.c2ra.length > 0
      ? digestFor(reconciled.states, 'C2RA', true, { scope: C2RA, today })
      : null;
  const mails = digest
    ? [
        {
          kind: 'digest' as const,
          key: `alertes-C2RA-${today}`,
          to: options.recipients.c2ra,
          subject: digest.subject,
          text: digest.body,
          alertKeys: digest.keys,
        },
      ]
    : [];
  const { outcomes, sentAlertKeys } = await sendOnce(ports, C2RA, mails, options.dryRun === true);
  const states = markDigested(reconciled.states, sentAlertKeys);
  if (!options.dryRun) await saveAlertStates(ports.store, C2RA, previousValue, states);
  return ok({
    owner: C2RA,
    today,
    open: openAlertCount(states, today),
    newlyRaised: reconciled.newlyRaised.length,
    resolved: reconciled.resolved.length,
    states,
    mails: outcomes,
    warnings: [],
  });
}

/** `dailyAlerts`: the six operators, then the C2RA (which collects what they raise for it). */
export async function runDailyAlerts(
  ports: AlertPorts,
  options: AlertRunOptions,
  only?: WorkbookOwner,
): Promise<Result<AlertRunReport[]>> {
  const reports: AlertRunReport[] = [];
  for (const code of OPERATOR_CODES) {
    if (only !== undefined && only !== code && only !== C2RA) continue;
    const report = await runOperatorAlerts(ports, code, options);
    if (!report.ok) return report;
    reports.push(report.value);
  }
  if (only === undefined || only === C2RA) {
    const operatorStates =
      only === C2RA
        ? (
            await Promise.all(OPERATOR_CODES.map((code) => loadAlertStates(ports.store, code)))
          ).flat()
        : reports.flatMap((r) => r.states);
    const regional = await runRegionalAlerts(ports, options, operatorStates);
    if (!regional.ok) return regional;
    reports.push(regional.value);
  }
  return ok(only === C2RA ? reports.filter((r) => r.owner === C2RA) : reports);
}
