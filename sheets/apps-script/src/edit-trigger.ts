/*
 * DLA Nord – Pas de Calais — the Apps Script bound to every DLA spreadsheet (the six operators'
 * and the C2RA's).
 *
 * It forwards each edit to the `sheetEdit` function and writes back at once what the function
 * answers (IDs, notes, colours, computed columns); it asks the `syncSpreadsheet` function for a
 * full reconcile after a structural change (rows inserted or removed, a sort) and from the
 * « DLA » menu. Apps Script runs this file in its global scope: no imports, no exports, and every
 * global name starts with `dla`/`DLA_` so as not to clash with another file of the project.
 *
 * Script Properties (Extensions › Apps Script › Project Settings › Script Properties):
 *   DLA_FUNCTION_URL  URL of the sheetEdit function (required)
 *   DLA_SYNC_URL      URL of the syncSpreadsheet function (full reconcile)
 *   DLA_SCORE_URL     URL of the scoreMission function, if deployed (else « Recalculer les
 *                     notes » runs a full reconcile, which recomputes the scores too)
 *   DLA_OWNER         code of this workbook's owner: CBE-LM, EE-DK, NA-DEN, NA-LIL, I62-LEN,
 *                     I62-CAL or C2RA
 *   DLA_HMAC_SECRET   this spreadsheet's HMAC secret (the same as in DLA_HMAC_SECRETS on the
 *                     functions' side)
 *
 * Every request carries both credentials the functions accept: the user's Google identity token
 * (`Authorization: Bearer …`, scope openid) and an HMAC-SHA256 signature of
 * `${timestamp}.${body}` (`X-DLA-Timestamp` in unix seconds, `X-DLA-Signature` in hex).
 *
 * Install: run `setupDla` once from the editor (it installs the two installable triggers: a
 * simple onEdit trigger may not call UrlFetchApp with authorization).
 */

/** Names of the Script Properties this script reads. */
const DLA_PROPERTY = {
  functionUrl: 'DLA_FUNCTION_URL',
  syncUrl: 'DLA_SYNC_URL',
  scoreUrl: 'DLA_SCORE_URL',
  owner: 'DLA_OWNER',
  hmacSecret: 'DLA_HMAC_SECRET',
} as const;

/** Most rows one edit event carries (the function refuses more). */
const DLA_MAX_EVENT_ROWS = 5000;
/** Most cells one edit event carries (the function refuses more). */
const DLA_MAX_EVENT_CELLS = 10000;
/** Most columns a row of an event carries. */
const DLA_MAX_COLUMNS = 500;
/** Longest cell text sent: one character more than the function stores, so that it refuses it with a note. */
const DLA_MAX_CELL_LENGTH = 50001;
/** Longest note sent. */
const DLA_MAX_NOTE_LENGTH = 50000;
/** Longest ID listed in `otherRowIds` (longer text in the ID column is not an ID). */
const DLA_MAX_ID_LENGTH = 40;
/** Largest body sent in one request, in UTF-8 bytes (the function refuses over 2,000,000). */
const DLA_MAX_BODY_BYTES = 1900000;

/** Time after which a large paste stops sending events (Apps Script stops a run at 6 minutes). */
const DLA_TIME_BUDGET_MS = 270000;

/** Fills of the styles the function answers; `normal` removes the fill. */
const DLA_FILLS: { readonly [style: string]: string | null } = {
  error: '#F4CCCC',
  computed: '#EFEFEF',
  normal: null,
};

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

/** A cell value as the function reads it. */
type DlaCellValue = string | number | boolean | null;

/** One row of an edit event (`sheetEditEventSchema`). */
interface DlaEventRow {
  readonly rowNumber: number;
  readonly values: DlaCellValue[];
  readonly notes: (string | null)[];
}

/** An edit event, exactly as `sheetEditEventSchema` reads it. */
interface DlaEditEvent {
  readonly eventId: string;
  readonly spreadsheetId: string;
  readonly tab: string;
  readonly editedColumns: number[];
  readonly header: DlaCellValue[];
  readonly rows: DlaEventRow[];
  readonly otherRowIds: { readonly row: number; readonly id: string }[];
  readonly user: string;
  readonly timestamp: string;
}

/** One cell the function asks to write (`CellWrite`). */
interface DlaCellWrite {
  readonly tab: string;
  readonly row: number;
  readonly column: string;
  readonly columnIndex: number;
  readonly value?: DlaCellValue;
  readonly note?: string | null;
  readonly style?: string;
}

/** The outcome of a call to a function. */
interface DlaCallResult {
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;
  /** The parsed JSON answer, or null. */
  readonly body: unknown;
  /** A French description of the failure, or '' on success. */
  readonly failure: string;
}

/** What one cell of the answer changes, once every write to it is merged. */
interface DlaPendingCell {
  value?: DlaCellValue;
  note?: string | null;
  fill?: string | null;
}

/** The edit event of an installable onEdit trigger; `value`/`oldValue` only for a single cell. */
type DlaEditTriggerEvent = Pick<GoogleAppsScript.Events.SheetsOnEdit, 'range' | 'source'>;

/** The change event of an installable onChange trigger. */
type DlaChangeTriggerEvent = Pick<GoogleAppsScript.Events.SheetsOnChange, 'changeType' | 'source'>;

// ---------------------------------------------------------------------------------------------
// Triggers
// ---------------------------------------------------------------------------------------------

/**
 * Installable onEdit trigger: sends the edited rows to `sheetEdit` (several events for a large
 * paste) and writes the answer back. Never throws: a failure leaves a French note on the first
 * edited cell, and the next reconcile takes the edit up.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
function onDlaEdit(e: DlaEditTriggerEvent): void {
  try {
    dlaForwardEdit(e);
  } catch (error) {
    console.error(`DLA : modification non transmise : ${dlaErrorText(error)}`);
    try {
      const range = e.range;
      const sheet = range.getSheet();
      const row = Math.max(2, range.getRow());
      if (row <= range.getLastRow()) {
        dlaNoteFailure(sheet, row, range.getColumn(), 'erreur du script');
      }
    } catch (noteError) {
      console.error(`DLA : note d'échec impossible : ${dlaErrorText(noteError)}`);
    }
  }
}

/**
 * Installable onChange trigger: after a structural change (rows or columns inserted or removed,
 * a sort or another reorganisation) the row numbers the system knows are stale, so the whole
 * workbook is reconciled. Plain edits are left to `onDlaEdit`.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
function onDlaChange(e: DlaChangeTriggerEvent): void {
  try {
    if (DLA_RECONCILE_CHANGES.indexOf(String(e.changeType)) < 0) return;
    const result = dlaReconcile();
    if (result.failure !== '') {
      console.error(
        `DLA : synchronisation après « ${e.changeType} » impossible : ${result.failure}`,
      );
    }
  } catch (error) {
    console.error(`DLA : synchronisation impossible : ${dlaErrorText(error)}`);
  }
}

/** Simple onOpen trigger: the « DLA » menu. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
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
 * `onDlaChange`), removing this project's previous ones first: running it twice leaves one of each.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
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
  spreadsheet.toast(
    missing.length === 0
      ? 'Les modifications seront transmises au système DLA.'
      : `Propriétés du script à renseigner : ${missing.join(', ')}.`,
    'Déclencheurs DLA installés',
    10,
  );
}

// ---------------------------------------------------------------------------------------------
// Menu
// ---------------------------------------------------------------------------------------------

/** Menu « Synchroniser maintenant »: a full reconcile of the workbook. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
function dlaSyncNow(): void {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  spreadsheet.toast('Synchronisation en cours…', 'DLA', 5);
  const result = dlaReconcile();
  spreadsheet.toast(dlaReconcileSummary(result), 'DLA', 10);
}

/**
 * Menu « Recalculer les notes »: the `scoreMission` function when deployed (it reconciles the
 * workbook, then scores every mission with a solicitation), else a full reconcile. The C2RA's
 * workbook has no call for proposals: it is only reconciled.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
function dlaRecomputeScores(): void {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const scoreUrl = dlaProperty(DLA_PROPERTY.scoreUrl);
  const owner = dlaProperty(DLA_PROPERTY.owner);
  spreadsheet.toast('Calcul des notes en cours…', 'DLA', 5);
  if (scoreUrl === '' || owner === 'C2RA') {
    spreadsheet.toast(dlaReconcileSummary(dlaReconcile()), 'DLA', 10);
    return;
  }
  // dlaPost adds the requestId that keeps two recomputes in the same second apart.
  const result = dlaPost(scoreUrl, { owner });
  if (result.failure !== '') {
    spreadsheet.toast(`Calcul des notes impossible (${result.failure}).`, 'DLA', 10);
    return;
  }
  const missions = dlaField(result.body, 'missions');
  spreadsheet.toast(
    Array.isArray(missions)
      ? `Notes recalculées : ${missions.length} mission(s).`
      : 'Notes recalculées.',
    'DLA',
    10,
  );
}

/** Menu « Vérifier la feuille »: a full reconcile, then the number of refused values. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by Apps Script
function dlaCheckSheet(): void {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  spreadsheet.toast('Vérification en cours…', 'DLA', 5);
  const result = dlaReconcile();
  if (result.failure !== '') {
    spreadsheet.toast(`Vérification impossible (${result.failure}).`, 'DLA', 10);
    return;
  }
  const rejected = dlaRejectedCount(result.body);
  spreadsheet.toast(
    rejected === 0
      ? 'Vérification terminée : aucune valeur refusée.'
      : `Vérification terminée : ${rejected} valeur${rejected > 1 ? 's' : ''} refusée${rejected > 1 ? 's' : ''} — voir les cellules en rouge et leurs notes, et l’onglet Journal.`,
    'DLA',
    15,
  );
}

// ---------------------------------------------------------------------------------------------
// Edit events
// ---------------------------------------------------------------------------------------------

/** Builds the edit events of an edit (one per chunk of rows), sends each and applies its answer. */
function dlaForwardEdit(e: DlaEditTriggerEvent): void {
  const range = e.range;
  const sheet = range.getSheet();
  const spreadsheet = e.source;
  const firstRow = Math.max(2, range.getRow());
  const lastRow = range.getLastRow();
  // An edit of the header row alone changes no record: the next reconcile reports the columns.
  if (firstRow > lastRow) return;
  const firstColumn = range.getColumn();
  const lastColumn = Math.min(range.getLastColumn(), DLA_MAX_COLUMNS);
  if (firstColumn > lastColumn) return;
  const width = Math.min(Math.max(sheet.getLastColumn(), lastColumn, 1), DLA_MAX_COLUMNS);
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const header =
    sheet
      .getRange(1, 1, 1, width)
      .getValues()[0]
      ?.map((value) => dlaCellValue(value, timeZone)) ?? [];
  const editedColumns: number[] = [];
  for (let column = firstColumn; column <= lastColumn; column += 1) editedColumns.push(column - 1);
  const user = dlaUserEmail();
  const rowsPerEvent = Math.max(
    1,
    Math.min(DLA_MAX_EVENT_ROWS, Math.floor(DLA_MAX_EVENT_CELLS / width)),
  );
  const startedAt = Date.now();
  for (let start = firstRow; start <= lastRow; start += rowsPerEvent) {
    if (Date.now() - startedAt > DLA_TIME_BUDGET_MS) {
      // Apps Script stops a run after 6 minutes: the rest is left to the next reconcile.
      dlaNoteFailure(sheet, start, firstColumn, 'collage trop long pour être transmis en une fois');
      return;
    }
    const count = Math.min(rowsPerEvent, lastRow - start + 1);
    const rows = dlaReadRows(sheet, start, count, width, timeZone);
    // Read again for each event: the IDs the previous one wrote back are the tab's IDs now.
    const ids = dlaRowIds(sheet, header);
    dlaSendRows(spreadsheet, sheet, { header, editedColumns, ids, user }, rows, firstColumn);
  }
}

/** What every event of one edit shares. */
interface DlaEditContext {
  readonly header: DlaCellValue[];
  readonly editedColumns: number[];
  readonly ids: { readonly row: number; readonly id: string }[];
  readonly user: string;
}

/**
 * Sends the rows as one event and applies the answer; a body too large for the function is
 * split in two halves, recursively.
 */
function dlaSendRows(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  context: DlaEditContext,
  rows: DlaEventRow[],
  firstColumn: number,
): void {
  const first = rows[0];
  if (first === undefined) return;
  const sent: { [row: number]: boolean } = {};
  for (const row of rows) sent[row.rowNumber] = true;
  const event: DlaEditEvent = {
    eventId: Utilities.getUuid(),
    spreadsheetId: spreadsheet.getId(),
    tab: sheet.getName(),
    editedColumns: context.editedColumns,
    header: context.header,
    rows,
    otherRowIds: context.ids.filter((entry) => sent[entry.row] !== true),
    user: context.user,
    timestamp: new Date().toISOString(),
  };
  const body = JSON.stringify(event);
  if (rows.length > 1 && dlaUtf8Length(body) > DLA_MAX_BODY_BYTES) {
    const half = Math.ceil(rows.length / 2);
    dlaSendRows(spreadsheet, sheet, context, rows.slice(0, half), firstColumn);
    dlaSendRows(spreadsheet, sheet, context, rows.slice(half), firstColumn);
    return;
  }
  const result = dlaPostBody(dlaProperty(DLA_PROPERTY.functionUrl), body);
  if (result.failure !== '') {
    dlaNoteFailure(sheet, first.rowNumber, firstColumn, result.failure);
    return;
  }
  dlaApplyAnswer(spreadsheet, result.body);
}

/** The whole rows `start`…`start + count - 1`, values and notes, as the function reads them. */
function dlaReadRows(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  start: number,
  count: number,
  width: number,
  timeZone: string,
): DlaEventRow[] {
  const range = sheet.getRange(start, 1, count, width);
  const values = range.getValues();
  const notes = range.getNotes();
  const rows: DlaEventRow[] = [];
  for (let offset = 0; offset < count; offset += 1) {
    const rowValues = values[offset] ?? [];
    const rowNotes = notes[offset] ?? [];
    rows.push({
      rowNumber: start + offset,
      values: rowValues.map((value) => dlaCellValue(value, timeZone)),
      notes: rowValues.map((_, column) => {
        const note = dlaText(rowNotes[column]);
        return note === '' ? null : note.slice(0, DLA_MAX_NOTE_LENGTH);
      }),
    });
  }
  return rows;
}

/**
 * A cell value as the function reads it: a date becomes its spreadsheet serial number (days
 * since 30/12/1899 in the spreadsheet's time zone, the time as a fraction), which the domain's
 * date parser reads; text longer than the function stores is cut one character past the limit,
 * so that it is refused with a note rather than the whole event.
 */
function dlaCellValue(value: unknown, timeZone: string): DlaCellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.slice(0, DLA_MAX_CELL_LENGTH);
  if (Object.prototype.toString.call(value) === '[object Date]') {
    return dlaSerialNumber(value as GoogleAppsScript.Base.Date, timeZone);
  }
  return String(value).slice(0, DLA_MAX_CELL_LENGTH);
}

/** The spreadsheet serial number of a date, read in the spreadsheet's time zone. */
function dlaSerialNumber(date: GoogleAppsScript.Base.Date, timeZone: string): number | null {
  const text = Utilities.formatDate(date, timeZone, 'yyyy-MM-dd HH:mm:ss');
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (match === null) return null;
  const utc = Date.UTC(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6]),
  );
  const days = utc / 86400000 + 25569;
  return Math.round(days * 86400) / 86400;
}

/** The IDs of the tab's rows, from its `ID` column (none when it has no such column). */
function dlaRowIds(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  header: DlaCellValue[],
): { row: number; id: string }[] {
  let idColumn = -1;
  header.forEach((label, index) => {
    if (idColumn < 0 && dlaText(label).trim().toLowerCase() === 'id') idColumn = index;
  });
  const lastRow = sheet.getLastRow();
  if (idColumn < 0 || lastRow < 2) return [];
  const values = sheet.getRange(2, idColumn + 1, lastRow - 1, 1).getValues();
  const ids: { row: number; id: string }[] = [];
  values.forEach((cells, offset) => {
    const id = dlaText(cells[0]).trim();
    if (id !== '' && id.length <= DLA_MAX_ID_LENGTH) ids.push({ row: offset + 2, id });
  });
  return ids;
}

/** The editing person's e-mail, or '' when Google does not give it (outside the domain). */
function dlaUserEmail(): string {
  try {
    return dlaText(Session.getActiveUser().getEmail()).slice(0, 320);
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Writing the answer back
// ---------------------------------------------------------------------------------------------

/**
 * Writes the cells of the function's answer: value, note (null removes it) and fill by style.
 * Writes to the same cell are merged, and each row's adjacent cells are written by one call per
 * kind (values, notes, fills).
 */
function dlaApplyAnswer(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  answer: unknown,
): void {
  const cells = dlaAnswerCells(answer);
  const byTab: { [tab: string]: { [row: number]: { [column: number]: DlaPendingCell } } } = {};
  for (const cell of cells) {
    const rows = byTab[cell.tab] ?? (byTab[cell.tab] = {});
    const columns = rows[cell.row] ?? (rows[cell.row] = {});
    const pending = columns[cell.columnIndex] ?? (columns[cell.columnIndex] = {});
    if (cell.value !== undefined) pending.value = cell.value;
    if (cell.note !== undefined) pending.note = cell.note;
    if (cell.style !== undefined && Object.prototype.hasOwnProperty.call(DLA_FILLS, cell.style)) {
      pending.fill = DLA_FILLS[cell.style] ?? null;
    }
  }
  for (const tab of Object.keys(byTab)) {
    const sheet = spreadsheet.getSheetByName(tab);
    const rows = byTab[tab];
    if (sheet === null || rows === undefined) continue;
    for (const rowKey of Object.keys(rows)) {
      const row = Number(rowKey);
      const columns = rows[row];
      if (columns === undefined) continue;
      dlaWriteRow(sheet, row, columns);
    }
  }
}

/** Writes one row's pending cells, one call per run of adjacent cells and per kind. */
function dlaWriteRow(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  row: number,
  columns: { [column: number]: DlaPendingCell },
): void {
  const indexes = Object.keys(columns)
    .map(Number)
    .sort((a, b) => a - b);
  const cellAt = (column: number): DlaPendingCell => columns[column] ?? {};
  for (const run of dlaRuns(indexes, (c) => cellAt(c).value !== undefined)) {
    const values = run.map((c) => dlaSheetValue(cellAt(c).value));
    const range = sheet.getRange(row, dlaFirst(run), 1, run.length);
    if (run.length === 1) range.setValue(values[0]);
    else range.setValues([values]);
  }
  for (const run of dlaRuns(indexes, (c) => cellAt(c).note !== undefined)) {
    const notes = run.map((c) => cellAt(c).note ?? null);
    const range = sheet.getRange(row, dlaFirst(run), 1, run.length);
    if (run.length === 1) range.setNote(notes[0] ?? null);
    else range.setNotes([notes]);
  }
  for (const run of dlaRuns(indexes, (c) => cellAt(c).fill !== undefined)) {
    const fills = run.map((c) => cellAt(c).fill ?? null);
    const range = sheet.getRange(row, dlaFirst(run), 1, run.length);
    if (run.length === 1) range.setBackground(fills[0] ?? null);
    else range.setBackgrounds([fills]);
  }
}

/** Runs of adjacent column indexes (sorted) that pass `keep`. */
function dlaRuns(indexes: number[], keep: (column: number) => boolean): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  for (const column of indexes) {
    const last = current[current.length - 1];
    if (!keep(column) || (last !== undefined && column !== last + 1)) {
      if (current.length > 0) runs.push(current);
      current = [];
    }
    if (keep(column)) current.push(column);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

function dlaFirst(run: number[]): number {
  return run[0] ?? 1;
}

/** A value to write: nothing for null. */
function dlaSheetValue(value: DlaCellValue | undefined): string | number | boolean {
  return value === null || value === undefined ? '' : value;
}

/** The cells of an answer, each checked (a malformed one is skipped). */
function dlaAnswerCells(answer: unknown): DlaCellWrite[] {
  const cells = dlaField(answer, 'cells');
  if (!Array.isArray(cells)) return [];
  const valid: DlaCellWrite[] = [];
  for (const cell of cells as unknown[]) {
    const tab = dlaField(cell, 'tab');
    const row = dlaField(cell, 'row');
    const columnIndex = dlaField(cell, 'columnIndex');
    if (typeof tab !== 'string' || typeof row !== 'number' || typeof columnIndex !== 'number') {
      continue;
    }
    if (
      row < 1 ||
      columnIndex < 1 ||
      Math.floor(row) !== row ||
      Math.floor(columnIndex) !== columnIndex
    ) {
      continue;
    }
    const value = dlaField(cell, 'value');
    const note = dlaField(cell, 'note');
    const style = dlaField(cell, 'style');
    valid.push({
      tab,
      row,
      column: dlaText(dlaField(cell, 'column')),
      columnIndex,
      ...(value === null || ['string', 'number', 'boolean'].indexOf(typeof value) >= 0
        ? { value: value as DlaCellValue }
        : {}),
      ...(note === null || typeof note === 'string' ? { note } : {}),
      ...(typeof style === 'string' ? { style } : {}),
    });
  }
  return valid;
}

/** Leaves a French note on the cell where an edit could not be transmitted. */
function dlaNoteFailure(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  row: number,
  column: number,
  failure: string,
): void {
  sheet
    .getRange(row, column, 1, 1)
    .setNote(
      `Modification non transmise (${failure}) : elle sera reprise à la prochaine synchronisation.`,
    );
}

// ---------------------------------------------------------------------------------------------
// Full reconcile
// ---------------------------------------------------------------------------------------------

/** Asks `syncSpreadsheet` for a full reconcile of this workbook. */
function dlaReconcile(): DlaCallResult {
  const url = dlaProperty(DLA_PROPERTY.syncUrl);
  if (url === '') {
    return { status: 0, body: null, failure: `propriété ${DLA_PROPERTY.syncUrl} non renseignée` };
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

/** A French summary of a reconcile, for a toast. */
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

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

/**
 * POSTs a JSON object to a function, with a `requestId` of its own: two identical bodies signed
 * in the same second would carry the same signature, and the second would be refused as a replay.
 */
function dlaPost(url: string, payload: { readonly [key: string]: unknown }): DlaCallResult {
  const body: { [key: string]: unknown } = {};
  for (const key of Object.keys(payload)) body[key] = payload[key];
  body['requestId'] = Utilities.getUuid();
  return dlaPostBody(url, JSON.stringify(body));
}

/**
 * POSTs a JSON body, authenticated both ways (identity token and HMAC signature); never throws:
 * a network failure or a non-2xx answer is described in French in `failure`.
 */
function dlaPostBody(url: string, body: string): DlaCallResult {
  if (url === '') {
    return {
      status: 0,
      body: null,
      failure: `propriété ${DLA_PROPERTY.functionUrl} non renseignée`,
    };
  }
  const headers: { [name: string]: string } = {};
  const token = dlaIdentityToken();
  if (token !== '') headers['Authorization'] = `Bearer ${token}`;
  const secret = dlaProperty(DLA_PROPERTY.hmacSecret);
  if (secret !== '') {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers['X-DLA-Timestamp'] = timestamp;
    headers['X-DLA-Signature'] = dlaHex(
      Utilities.computeHmacSha256Signature(`${timestamp}.${body}`, secret, Utilities.Charset.UTF_8),
    );
  }
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    response = UrlFetchApp.fetch(url, {
      method: 'post',
      contentType: 'application/json; charset=utf-8',
      payload: body,
      headers,
      muteHttpExceptions: true,
    });
  } catch (error) {
    return { status: 0, body: null, failure: `erreur réseau : ${dlaErrorText(error)}` };
  }
  const status = response.getResponseCode();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(response.getContentText());
  } catch {
    parsed = null;
  }
  if (status >= 200 && status < 300) return { status, body: parsed, failure: '' };
  const message = dlaText(dlaField(dlaField(parsed, 'error'), 'message'));
  const detail = status >= 400 && status < 500 && message !== '' ? ` : ${message}` : '';
  return { status, body: parsed, failure: `erreur ${status}${detail}` };
}

/** The user's Google identity token ('' when unavailable, e.g. without the openid scope). */
function dlaIdentityToken(): string {
  try {
    return dlaText(ScriptApp.getIdentityToken());
  } catch {
    return '';
  }
}

/** Lowercase hex of signed bytes. */
function dlaHex(bytes: GoogleAppsScript.Byte[]): string {
  return bytes
    .map((byte) => {
      const unsigned = (byte + 256) % 256;
      return (unsigned < 16 ? '0' : '') + unsigned.toString(16);
    })
    .join('');
}

/** Bytes of a text in UTF-8. */
function dlaUtf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** A Script Property, '' when unset. */
function dlaProperty(key: string): string {
  return dlaText(PropertiesService.getScriptProperties().getProperty(key)).trim();
}

/** A field of a parsed JSON object, undefined when absent. */
function dlaField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as { [key: string]: unknown })[key];
}

/** Text of a value ('' for null and undefined). */
function dlaText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The message of a thrown value. */
function dlaErrorText(error: unknown): string {
  return error instanceof Error ? error.message : dlaText(error);
}
