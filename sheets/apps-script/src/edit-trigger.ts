/*
 * DLA Nord – Pas de Calais — the Apps Script bound to every DLA spreadsheet (the six operators'
 * and the C2RA's). Apps Script loads every file of src/ into one global scope: no imports, no
 * exports, and every global name starts with `dla`/`DLA_` so as not to clash with another file.
 *
 *   edit-trigger.ts    each edit → `sheetEdit`, under the document lock (this file)
 *   write-back.ts      the answer written back (IDs, notes, colours, computed columns)
 *   menu-and-setup.ts  the « DLA » menu, the installable triggers, structural changes
 *   reconcile-job.ts   a reconcile asked for runs later, in its own run, and reports in the sheet
 *   http-client.ts     the signed POST and small helpers
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
 * What a request proves: the HMAC signature, that it comes from this spreadsheet's script (whoever
 * can open the script can read the secret); the identity token, the account of whoever installed
 * the triggers. Neither proves which person edited: the `user` of an edit is the e-mail Google
 * gives for the editor, or « inconnu » (docs/securite.md, « Ce que prouve chaque justificatif »).
 *
 * Install: run `setupDla` once from the editor (it installs the two installable triggers: a
 * simple onEdit trigger may not call UrlFetchApp with authorization).
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- Apps Script: the files share one global scope */

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
/** Longest ID listed in `sameIdRows` (longer text in the ID column is not an ID). */
const DLA_MAX_ID_LENGTH = 40;
/** Most IDs of one event searched one by one with a TextFinder; past it the ID column is read once. */
const DLA_MAX_ID_SEARCHES = 20;
/** Largest body sent in one request, in UTF-8 bytes (the function refuses over 2,000,000). */
const DLA_MAX_BODY_BYTES = 1900000;

/**
 * Longest wait for the document lock: another edit's run holds it while it reads, sends and
 * writes back. Past it the edit is left to the scheduled reconcile, with a note.
 */
const DLA_EDIT_LOCK_WAIT_MS = 30000;

/**
 * Time after which a large paste stops sending events: Apps Script stops a run at 6 minutes, and
 * this run may first have waited {@link DLA_EDIT_LOCK_WAIT_MS} for the lock.
 */
const DLA_TIME_BUDGET_MS = 270000;

/** What the `user` of an edit says when Google does not give the editor's e-mail. */
const DLA_UNKNOWN_EDITOR = 'inconnu';

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
  readonly sameIdRows: { readonly row: number; readonly id: string }[];
  readonly user: string;
  readonly timestamp: string;
}

/** The edit event of an installable onEdit trigger; `value`/`oldValue` only for a single cell. */
type DlaEditTriggerEvent = Pick<GoogleAppsScript.Events.SheetsOnEdit, 'range' | 'source'>;

/**
 * Installable onEdit trigger: sends the edited rows to `sheetEdit` (several events for a large
 * paste) and writes the answer back, holding the document lock from the read to the write-back
 * so that two quick edits of one new row never both create it. Never throws: a failure, or a lock
 * not had in time, leaves a French note on the first edited cell, and the scheduled reconcile
 * takes the edit up.
 */
function onDlaEdit(e: DlaEditTriggerEvent): void {
  try {
    // Null outside a document-bound script: nothing to serialise with then.
    const lock = LockService.getDocumentLock() as GoogleAppsScript.Lock.Lock | null;
    if (lock !== null && !lock.tryLock(DLA_EDIT_LOCK_WAIT_MS)) {
      console.warn(
        'DLA : verrou du classeur non obtenu, modification laissée à la synchronisation',
      );
      dlaNoteEditFailure(
        e,
        `une autre modification était en cours de transmission depuis plus de ${DLA_EDIT_LOCK_WAIT_MS / 1000} secondes`,
      );
      return;
    }
    try {
      dlaForwardEdit(e);
    } finally {
      if (lock !== null) lock.releaseLock();
    }
  } catch (error) {
    console.error(`DLA : modification non transmise : ${dlaErrorText(error)}`);
    dlaNoteEditFailure(e, 'erreur du script');
  }
}

/** Leaves the failure note on the first edited cell below the header; never throws. */
function dlaNoteEditFailure(e: DlaEditTriggerEvent, failure: string): void {
  try {
    const range = e.range;
    const row = Math.max(2, range.getRow());
    if (row <= range.getLastRow())
      dlaNoteFailure(range.getSheet(), row, range.getColumn(), failure);
  } catch (noteError) {
    console.error(`DLA : note d'échec impossible : ${dlaErrorText(noteError)}`);
  }
}

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
  const header = dlaReadCells(sheet.getRange(1, 1, 1, width), timeZone)[0] ?? [];
  const editedColumns: number[] = [];
  for (let column = firstColumn; column <= lastColumn; column += 1) editedColumns.push(column - 1);
  const user = dlaEditorEmail();
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
    dlaSendRows(spreadsheet, sheet, { header, editedColumns, user, timeZone }, rows, firstColumn);
  }
}

/** What every event of one edit shares. */
interface DlaEditContext {
  readonly header: DlaCellValue[];
  readonly editedColumns: number[];
  readonly user: string;
  readonly timeZone: string;
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
    // Searched for each event: the IDs the previous one wrote back are on the sheet now.
    sameIdRows: dlaSameIdRows(sheet, context, rows, sent),
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

/**
 * The cells of a range as the reconcile reads them: a cell holding a formula gives its formula
 * text (`=…`), which the function refuses with the same note on both paths; any other cell its
 * value.
 */
function dlaReadCells(
  range: GoogleAppsScript.Spreadsheet.Range,
  timeZone: string,
): DlaCellValue[][] {
  const values = range.getValues();
  const formulas = range.getFormulas();
  return values.map((line, row) =>
    line.map((value, column) => {
      const formula = dlaText(formulas[row]?.[column]);
      return formula !== '' ? formula.slice(0, DLA_MAX_CELL_LENGTH) : dlaCellValue(value, timeZone);
    }),
  );
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
  const values = dlaReadCells(range, timeZone);
  const notes = range.getNotes();
  const rows: DlaEventRow[] = [];
  for (let offset = 0; offset < count; offset += 1) {
    const rowValues = values[offset] ?? [];
    const rowNotes = notes[offset] ?? [];
    rows.push({
      rowNumber: start + offset,
      values: rowValues,
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

/** The 0-based index of the `ID` column in a header, or -1. */
function dlaIdColumn(header: DlaCellValue[]): number {
  let idColumn = -1;
  header.forEach((label, index) => {
    if (idColumn < 0 && dlaText(label).trim().toLowerCase() === 'id') idColumn = index;
  });
  return idColumn;
}

/**
 * The rows outside the event holding one of its rows' IDs, so that the function recognises a
 * pasted copy without the whole ID column being sent: a TextFinder search per ID, or for a large
 * paste one read of the ID column.
 */
function dlaSameIdRows(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  context: DlaEditContext,
  rows: DlaEventRow[],
  sent: { [row: number]: boolean },
): { row: number; id: string }[] {
  const idColumn = dlaIdColumn(context.header);
  const lastRow = sheet.getLastRow();
  if (idColumn < 0 || lastRow < 2) return [];
  const wanted: { [id: string]: boolean } = {};
  for (const row of rows) {
    const id = dlaText(row.values[idColumn]).trim().toUpperCase();
    if (id !== '' && id.length <= DLA_MAX_ID_LENGTH) wanted[id] = true;
  }
  const ids = Object.keys(wanted);
  if (ids.length === 0) return [];
  const column = sheet.getRange(2, idColumn + 1, lastRow - 1, 1);
  const found: { row: number; id: string }[] = [];
  if (ids.length <= DLA_MAX_ID_SEARCHES) {
    for (const id of ids)
      for (const cell of column.createTextFinder(id).matchEntireCell(true).findAll())
        if (sent[cell.getRow()] !== true) found.push({ row: cell.getRow(), id });
    return found;
  }
  dlaReadCells(column, context.timeZone).forEach((line, offset) => {
    const id = dlaText(line[0]).trim().toUpperCase();
    if (wanted[id] === true && sent[offset + 2] !== true) found.push({ row: offset + 2, id });
  });
  return found;
}

/**
 * The editing person's e-mail as Google gives it, else « inconnu »: in an installable trigger
 * Google gives it for an editor of the installer's own domain, never for one outside it.
 */
function dlaEditorEmail(): string {
  try {
    const email = dlaText(Session.getActiveUser().getEmail()).trim().slice(0, 320);
    return email === '' ? DLA_UNKNOWN_EDITOR : email;
  } catch {
    return DLA_UNKNOWN_EDITOR;
  }
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
