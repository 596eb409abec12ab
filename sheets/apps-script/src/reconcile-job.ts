/*
 * DLA — a reconcile (or a scoring) asked for from the menu or by a structural change runs as a
 * job: a one-off time-based trigger runs it in a run of its own, so the menu answers at once,
 * and its end is shown in the sheet (a toast and a line of the Journal tab). A reconcile longer
 * than UrlFetch waits for goes on in the function: the job says so, never « impossible ».
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- Apps Script: the files share one global scope */

/** What a job does: a full reconcile, a reconcile that counts refusals, or the scoring. */
type DlaJobKind = 'sync' | 'check' | 'scores';

/** The French words of each kind of job. */
const DLA_JOB_WORDS: {
  readonly [kind in DlaJobKind]: {
    readonly title: string;
    readonly asked: string;
    readonly subject: string;
    readonly journalType: string;
  };
} = {
  sync: {
    title: 'Synchronisation',
    asked: 'Synchronisation demandée',
    subject: 'elle',
    journalType: 'Synchronisation',
  },
  check: {
    title: 'Vérification',
    asked: 'Vérification demandée',
    subject: 'elle',
    journalType: 'Vérification',
  },
  scores: {
    title: 'Calcul des notes',
    asked: 'Calcul des notes demandé',
    subject: 'il',
    journalType: 'Calcul des notes',
  },
};

/** Document Properties holding each job asked for, keyed by its trigger's unique id. */
const DLA_JOB_PROPERTY_PREFIX = 'DLA_JOB_';
/** The handler of the one-off time-based triggers. */
const DLA_JOB_HANDLER = 'dlaRunJob';
/** Delay before a job runs (Apps Script runs it at the earliest then, usually within a minute). */
const DLA_JOB_DELAY_MS = 1000;
/** A job asked for longer ago than this and never run is forgotten (its trigger was lost). */
const DLA_JOB_FORGOTTEN_MS = 15 * 60 * 1000;
/** The tab where the end of each job is written. */
const DLA_JOURNAL_TAB = 'Journal';

/** A job asked for, as kept in the Document Properties. */
interface DlaJob {
  readonly kind: DlaJobKind;
  readonly askedAt: number;
  /** The e-mail of whoever asked for it as Google gives it, or « inconnu ». */
  readonly by: string;
  readonly reason: string;
}

/** The answer to a request for a job. */
interface DlaJobRequest {
  /** False when the same kind of job is already waiting to run. */
  readonly accepted: boolean;
  readonly askedAt: number;
}

/**
 * Asks for a job: a one-off time-based trigger runs `dlaRunJob` soon, in a run of its own. The
 * same kind of job already waiting is not asked for twice (a burst of structural changes gives
 * one reconcile). Throws when Apps Script refuses the trigger (e.g. too many triggers).
 */
function dlaRequestJob(kind: DlaJobKind, reason: string): DlaJobRequest {
  const properties = PropertiesService.getDocumentProperties();
  const now = Date.now();
  const stored = properties.getProperties();
  for (const key of Object.keys(stored)) {
    if (key.indexOf(DLA_JOB_PROPERTY_PREFIX) !== 0) continue;
    const job = dlaParseJob(stored[key]);
    if (job === null || now - job.askedAt > DLA_JOB_FORGOTTEN_MS) {
      properties.deleteProperty(key);
    } else if (job.kind === kind) {
      return { accepted: false, askedAt: job.askedAt };
    }
  }
  const trigger = ScriptApp.newTrigger(DLA_JOB_HANDLER)
    .timeBased()
    .after(DLA_JOB_DELAY_MS)
    .create();
  const job: DlaJob = { kind, askedAt: now, by: dlaEditorEmail(), reason };
  properties.setProperty(DLA_JOB_PROPERTY_PREFIX + trigger.getUniqueId(), JSON.stringify(job));
  return { accepted: true, askedAt: now };
}

/**
 * Handler of the one-off time-based triggers: deletes its trigger (a fired one-off trigger stays
 * in the project's list, and a person has at most 20), runs the job and shows its end. Never throws.
 */
function dlaRunJob(e: Pick<GoogleAppsScript.Events.TimeDriven, 'triggerUid'>): void {
  try {
    const uid = dlaText(e.triggerUid);
    for (const trigger of ScriptApp.getProjectTriggers()) {
      if (trigger.getUniqueId() === uid) ScriptApp.deleteTrigger(trigger);
    }
    const properties = PropertiesService.getDocumentProperties();
    const job = dlaParseJob(properties.getProperty(DLA_JOB_PROPERTY_PREFIX + uid));
    properties.deleteProperty(DLA_JOB_PROPERTY_PREFIX + uid);
    if (job === null) return;
    dlaReportJob(job, dlaRunJobKind(job.kind));
  } catch (error) {
    console.error(`DLA : tâche en arrière-plan interrompue : ${dlaErrorText(error)}`);
  }
}

/** Runs one job; its outcome in French. */
function dlaRunJobKind(kind: DlaJobKind): string {
  const owner = dlaProperty(DLA_PROPERTY.owner);
  const scoreUrl = dlaProperty(DLA_PROPERTY.scoreUrl);
  // The C2RA's workbook has no call for proposals: « Recalculer les notes » only reconciles it.
  if (kind === 'scores' && scoreUrl !== '' && owner !== 'C2RA') {
    const scored = dlaPost(scoreUrl, { owner });
    if (scored.unanswered) return dlaUnansweredText(kind, scored);
    if (scored.failure !== '') return `Calcul des notes impossible (${scored.failure}).`;
    const missions = dlaField(scored.body, 'missions');
    return Array.isArray(missions)
      ? `Notes recalculées : ${missions.length} mission(s).`
      : 'Notes recalculées.';
  }
  const result = dlaReconcile();
  if (result.unanswered) return dlaUnansweredText(kind, result);
  return kind === 'check' ? dlaCheckSummary(result) : dlaReconcileSummary(result);
}

/**
 * A job whose request got no answer: UrlFetch gave up waiting, or the network failed. The
 * function goes on with a request it received, so this is not told as a failure.
 */
function dlaUnansweredText(kind: DlaJobKind, result: DlaCallResult): string {
  const words = DLA_JOB_WORDS[kind];
  return (
    `${words.title} sans réponse à temps (${result.failure}) : ce n'est pas un échec, ` +
    `${words.subject} se poursuit sans doute côté serveur. Son résultat s'inscrira dans l'onglet ` +
    `Journal s'il change quelque chose, et la synchronisation planifiée reprendra ce qui manquerait.`
  );
}

/** Shows the end of a job: a toast, and a line on top of the Journal tab. */
function dlaReportJob(job: DlaJob, outcome: string): void {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const words = DLA_JOB_WORDS[job.kind];
  spreadsheet.toast(outcome, 'DLA', 15);
  try {
    dlaJournalLine(spreadsheet, {
      Date: dlaDateTime(Date.now()),
      Type: words.journalType,
      Message: `${outcome} ${words.asked} ${job.reason} à ${dlaClock(job.askedAt)}.`,
      Par: job.by,
    });
  } catch (error) {
    console.error(`DLA : ligne du Journal non écrite : ${dlaErrorText(error)}`);
  }
}

/**
 * Writes a line on top of the Journal tab (below its header), each value under the column of
 * that label, as plain text; nothing when the workbook has no Journal tab.
 */
function dlaJournalLine(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  values: { readonly [label: string]: string },
): void {
  const sheet = spreadsheet.getSheetByName(DLA_JOURNAL_TAB);
  if (sheet === null) return;
  const width = Math.max(sheet.getLastColumn(), 1);
  const header = sheet.getRange(1, 1, 1, width).getValues()[0] ?? [];
  const line = header.map((label) => values[dlaText(label).trim()] ?? '');
  sheet.insertRowBefore(2);
  // Plain text: the date must stay as the functions write it, not become a serial number.
  sheet.getRange(2, 1, 1, line.length).setNumberFormat('@').setValues([line]);
}

/** A job read back from its property; null when absent or unreadable. */
function dlaParseJob(text: string | null | undefined): DlaJob | null {
  if (text === null || text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const kind = dlaField(parsed, 'kind');
  const askedAt = dlaField(parsed, 'askedAt');
  if ((kind !== 'sync' && kind !== 'check' && kind !== 'scores') || typeof askedAt !== 'number') {
    return null;
  }
  return {
    kind,
    askedAt,
    by: dlaText(dlaField(parsed, 'by')),
    reason: dlaText(dlaField(parsed, 'reason')),
  };
}

/** An instant as « 03/12/2026 14:05 » in the spreadsheet's time zone. */
function dlaDateTime(at: number): string {
  const timeZone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  return Utilities.formatDate(new Date(at), timeZone, 'dd/MM/yyyy HH:mm');
}

/** An instant as « 14:05 » in the spreadsheet's time zone. */
function dlaClock(at: number): string {
  const timeZone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  return Utilities.formatDate(new Date(at), timeZone, 'HH:mm');
}

/** Asks `syncSpreadsheet` for a full reconcile of this workbook, and waits for its answer. */
function dlaReconcile(): DlaCallResult {
  const url = dlaProperty(DLA_PROPERTY.syncUrl);
  if (url === '') {
    return {
      status: 0,
      body: null,
      failure: `propriété ${DLA_PROPERTY.syncUrl} non renseignée`,
      unanswered: false,
    };
  }
  return dlaPost(url, { owner: dlaProperty(DLA_PROPERTY.owner) });
}

/** The report of this workbook in a `syncSpreadsheet` answer (`{ reports: [{ report }] }`). */
function dlaReport(body: unknown): unknown {
  const reports = dlaField(body, 'reports');
  if (!Array.isArray(reports)) return null;
  const first: unknown = reports[0];
  return dlaField(first, 'report');
}

/** How many values the reconcile refused. */
function dlaRejectedCount(body: unknown): number {
  const rejected = dlaField(dlaReport(body), 'rejected');
  return Array.isArray(rejected) ? rejected.length : 0;
}

/** A French summary of a reconcile. */
function dlaReconcileSummary(result: DlaCallResult): string {
  if (result.failure !== '') return `Synchronisation impossible (${result.failure}).`;
  const report = dlaReport(result.body);
  const count = (key: string): number => {
    const value = dlaField(report, key);
    return typeof value === 'number' ? value : 0;
  };
  const rejected = dlaRejectedCount(result.body);
  return (
    `Synchronisation terminée : ${count('created')} ajout(s), ${count('updated')} modification(s), ` +
    `${count('archived')} archivage(s), ${rejected} valeur(s) refusée(s).`
  );
}

/** A French summary of « Vérifier la feuille »: the number of refused values. */
function dlaCheckSummary(result: DlaCallResult): string {
  if (result.failure !== '') return `Vérification impossible (${result.failure}).`;
  const rejected = dlaRejectedCount(result.body);
  return rejected === 0
    ? 'Vérification terminée : aucune valeur refusée.'
    : `Vérification terminée : ${rejected} valeur${rejected > 1 ? 's' : ''} refusée${rejected > 1 ? 's' : ''} — voir les cellules en rouge et leurs notes, et l’onglet Journal.`;
}
