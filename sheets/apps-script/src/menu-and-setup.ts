/*
 * DLA — the « DLA » menu, the installation of the installable triggers, and what a structural
 * change (rows inserted, removed, sorted) asks for. Every menu item answers at once: the work is
 * a job run later in its own run (reconcile-job.ts), never inside the menu's call.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- Apps Script: the files share one global scope */

/** Handlers of the installable triggers `setupDla` installs. */
const DLA_TRIGGER_HANDLERS = ['onDlaEdit', 'onDlaChange'];

/** Structural changes after which the whole workbook is reconciled. */
const DLA_RECONCILE_CHANGES = [
  'INSERT_ROW',
  'REMOVE_ROW',
  'INSERT_COLUMN',
  'REMOVE_COLUMN',
  'OTHER',
];

/** The change event of an installable onChange trigger. */
type DlaChangeTriggerEvent = Pick<GoogleAppsScript.Events.SheetsOnChange, 'changeType' | 'source'>;

/**
 * Installable onChange trigger: after a structural change (rows or columns inserted or removed,
 * a sort or another reorganisation) the row numbers the system knows are stale, so a reconcile of
 * the whole workbook is asked for (one for a burst of changes). Plain edits are left to `onDlaEdit`.
 */
function onDlaChange(e: DlaChangeTriggerEvent): void {
  try {
    if (DLA_RECONCILE_CHANGES.indexOf(String(e.changeType)) < 0) return;
    dlaRequestJob('sync', `après une modification de structure (${String(e.changeType)})`);
  } catch (error) {
    console.error(`DLA : synchronisation non demandée : ${dlaErrorText(error)}`);
  }
}

/** Simple onOpen trigger: the « DLA » menu. */
function onOpen(): void {
  SpreadsheetApp.getUi()
    .createMenu('DLA')
    .addItem('Synchroniser maintenant', 'dlaSyncNow')
    .addItem('Recalculer les notes', 'dlaRecomputeScores')
    .addItem('Vérifier la feuille', 'dlaCheckSheet')
    .addSeparator()
    .addItem('Installer les déclencheurs', 'setupDla')
    .addToUi();
}

/**
 * Installs the installable triggers of this spreadsheet (onEdit → `onDlaEdit`, onChange →
 * `onDlaChange`), removing this project's previous ones first: running it twice leaves one of
 * each. They run as the person who runs this, for every editor: say so, so that the right
 * person installs them.
 */
function setupDla(): void {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (DLA_TRIGGER_HANDLERS.indexOf(trigger.getHandlerFunction()) >= 0) {
      ScriptApp.deleteTrigger(trigger);
    }
  }
  ScriptApp.newTrigger('onDlaEdit').forSpreadsheet(spreadsheet).onEdit().create();
  ScriptApp.newTrigger('onDlaChange').forSpreadsheet(spreadsheet).onChange().create();
  const properties = PropertiesService.getScriptProperties();
  const missing = [
    DLA_PROPERTY.functionUrl,
    DLA_PROPERTY.syncUrl,
    DLA_PROPERTY.owner,
    DLA_PROPERTY.hmacSecret,
  ].filter((key) => dlaText(properties.getProperty(key)) === '');
  const installer = dlaText(Session.getEffectiveUser().getEmail());
  spreadsheet.toast(
    missing.length === 0
      ? `Les modifications seront transmises au système DLA, au nom du compte ${installer === '' ? 'qui a installé les déclencheurs' : installer} pour chaque personne qui modifie.`
      : `Propriétés du script à renseigner : ${missing.join(', ')}.`,
    'Déclencheurs DLA installés',
    10,
  );
}

/** Menu « Synchroniser maintenant »: a full reconcile of the workbook, run as a job. */
function dlaSyncNow(): void {
  dlaAskForJob('sync');
}

/**
 * Menu « Recalculer les notes »: the `scoreMission` function when deployed (it reconciles the
 * workbook, then scores every mission with a solicitation), else a full reconcile; run as a job.
 */
function dlaRecomputeScores(): void {
  dlaAskForJob('scores');
}

/** Menu « Vérifier la feuille »: a full reconcile, then the number of refused values; run as a job. */
function dlaCheckSheet(): void {
  dlaAskForJob('check');
}

/** Asks for a job from the menu and says at once that it is accepted (or already asked for). */
function dlaAskForJob(kind: DlaJobKind): void {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const words = DLA_JOB_WORDS[kind];
  let request: DlaJobRequest;
  try {
    request = dlaRequestJob(kind, 'depuis le menu DLA');
  } catch (error) {
    spreadsheet.toast(`${words.title} impossible à lancer (${dlaErrorText(error)}).`, 'DLA', 10);
    return;
  }
  spreadsheet.toast(
    request.accepted
      ? `${words.asked} : ${words.subject} s'exécute en arrière-plan dans la minute. Son résultat s'affichera ici et dans l'onglet Journal.`
      : `${words.asked} à ${dlaClock(request.askedAt)}, toujours en attente : son résultat s'affichera ici et dans l'onglet Journal.`,
    'DLA',
    10,
  );
}
