import { createHmac, randomUUID } from 'node:crypto';
import { deserialize } from 'node:v8';
import { createContext, runInContext } from 'node:vm';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';

import type { CompiledScriptFile, SandboxInvocation } from './apps-script-sandbox';

/*
 * One Apps Script run, in a worker thread of its own: the stand-ins of the Apps Script services
 * the script uses, each call forwarded to the sandbox (apps-script-sandbox.ts) and blocking until
 * it answers, then the script's files loaded in `node:vm` and the run's function called. The
 * sandbox transpiles this file and runs it as the worker's source: it imports node modules only.
 */

/** What the sandbox gives a run. */
export interface WorkerInput {
  /** Marks the worker as one of the sandbox's (this file does nothing anywhere else). */
  readonly kind: 'apps-script-run';
  readonly files: readonly CompiledScriptFile[];
  readonly spreadsheetId: string;
  readonly invocation: SandboxInvocation;
  readonly activeUser: string;
  readonly effectiveUser: string;
  readonly bridge: SharedArrayBuffer;
}

/** A synchronous call to the sandbox: what Apps Script throws comes back as an exception. */
type Call = (op: string, ...args: unknown[]) => unknown;

const TIME_ZONE = 'Europe/Paris';
/** Apps Script's message when waitLock gives up. */
const LOCK_TIMEOUT = 'Lock timeout: another process was holding the lock for too long.';

function connect(port: MessagePort, bridge: SharedArrayBuffer): Call {
  const signal = new Int32Array(bridge, 0, 2);
  const bytes = new Uint8Array(bridge, 8);
  return (op, ...args) => {
    Atomics.store(signal, 0, 0);
    port.postMessage({ kind: 'rpc', op, args });
    Atomics.wait(signal, 0, 0);
    const length = Atomics.load(signal, 1);
    const answer = deserialize(Buffer.from(bytes.subarray(0, length))) as
      { ok: true; value: unknown } | { ok: false; message: string };
    if (!answer.ok) throw new Error(answer.message);
    return answer.value;
  };
}

function rangeStandIn(
  call: Call,
  tab: string,
  row: number,
  column: number,
  numRows = 1,
  numColumns = 1,
): Record<string, unknown> {
  if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) {
    throw new Error('Les coordonnées de la plage sont en dehors des dimensions de la feuille.');
  }
  const where = [tab, row, column, numRows, numColumns];
  const range: Record<string, unknown> = {
    getSheet: () => sheetStandIn(call, tab),
    getRow: () => row,
    getColumn: () => column,
    getNumRows: () => numRows,
    getNumColumns: () => numColumns,
    getLastRow: () => row + numRows - 1,
    getLastColumn: () => column + numColumns - 1,
    getValues: () => call('read', where, 'values'),
    getFormulas: () => call('read', where, 'formulas'),
    getNotes: () => call('read', where, 'notes'),
    createTextFinder: (text: string) => textFinderStandIn(call, where, text),
  };
  const writes = [
    'setValue',
    'setValues',
    'setNote',
    'setNotes',
    'setBackground',
    'setBackgrounds',
  ];
  for (const method of [...writes, 'setNumberFormat']) {
    range[method] = (argument: unknown) => (call('write', where, method, argument), range);
  }
  return range;
}

/**
 * `Range.createTextFinder`: as in Apps Script, case-insensitive and matching part of a cell's
 * shown text unless told otherwise; `findAll` gives the matching cells in row order.
 */
function textFinderStandIn(call: Call, where: unknown[], text: string): Record<string, unknown> {
  const options = { matchCase: false, matchEntireCell: false };
  const tab = String(where[0]);
  const finder: Record<string, unknown> = {
    matchCase: (on: boolean) => ((options.matchCase = on), finder),
    matchEntireCell: (on: boolean) => ((options.matchEntireCell = on), finder),
    findAll: () =>
      (call('findAll', where, text, options) as [number, number][]).map(([row, column]) =>
        rangeStandIn(call, tab, row, column),
      ),
  };
  return finder;
}

function sheetStandIn(call: Call, tab: string): Record<string, unknown> {
  const sheet: Record<string, unknown> = {
    getName: () => tab,
    getRange: (row: number, column: number, numRows?: number, numColumns?: number) =>
      rangeStandIn(call, tab, row, column, numRows, numColumns),
    getLastRow: () => call('lastRow', tab),
    getLastColumn: () => call('lastColumn', tab),
    insertRowBefore: (row: number) => (call('insertRowBefore', tab, row), sheet),
  };
  return sheet;
}

function spreadsheetStandIn(call: Call, spreadsheetId: string): Record<string, unknown> {
  return {
    getId: () => spreadsheetId,
    getSheetByName: (name: string) =>
      call('hasSheet', name) === true ? sheetStandIn(call, name) : null,
    getSpreadsheetTimeZone: () => TIME_ZONE,
    toast: (message: string, title?: string) => call('toast', message, title ?? null),
  };
}

/** No user interface outside a run a person started (menu item, editor), as in Apps Script. */
function uiStandIn(call: Call, invocation: SandboxInvocation): unknown {
  if (invocation.kind !== 'call') {
    throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
  }
  const menu = {
    addItem: (caption: string, fn: string) => (call('menu', `${caption} → ${fn}`), menu),
    addSeparator: () => (call('menu', '—'), menu),
    addToUi: () => undefined,
  };
  return { createMenu: (name: string) => (call('menu', `[${name}]`), menu) };
}

function scriptAppStandIn(call: Call): Record<string, unknown> {
  const triggerOf = (t: { uid: string; handler: string }) => ({
    getUniqueId: () => t.uid,
    getHandlerFunction: () => t.handler,
  });
  const newTrigger = (handler: string) => {
    let kind = '';
    let after: number | null = null;
    const builder = {
      forSpreadsheet: () => builder,
      onEdit: () => ((kind = 'edit'), builder),
      onChange: () => ((kind = 'change'), builder),
      timeBased: () => ((kind = 'clock'), builder),
      after: (ms: number) => ((after = ms), builder),
      create: () => {
        if (kind === 'clock' && after === null) throw new Error('Horaire du déclencheur manquant.');
        return triggerOf(call('createTrigger', handler, kind) as { uid: string; handler: string });
      },
    };
    return builder;
  };
  return {
    getIdentityToken: () => call('identityToken'),
    getProjectTriggers: () =>
      (call('listTriggers') as { uid: string; handler: string }[]).map(triggerOf),
    deleteTrigger: (trigger: { getUniqueId: () => string }) =>
      call('deleteTrigger', trigger.getUniqueId()),
    newTrigger,
  };
}

function propertiesStandIn(call: Call, store: 'script' | 'document'): Record<string, unknown> {
  const service: Record<string, unknown> = {
    getProperty: (key: string) => call('getProperty', store, key),
    getProperties: () => call('getProperties', store),
    setProperty: (key: string, value: string) => (call('setProperty', store, key, value), service),
    deleteProperty: (key: string) => (call('deleteProperty', store, key), service),
  };
  return service;
}

function lockStandIn(call: Call): Record<string, unknown> {
  return {
    tryLock: (ms: number) => call('tryLock', ms),
    waitLock: (ms: number) => {
      if (call('tryLock', ms) !== true) throw new Error(LOCK_TIMEOUT);
    },
    releaseLock: () => call('releaseLock'),
  };
}

function urlFetchStandIn(call: Call): Record<string, unknown> {
  const fetch = (url: string, options: Record<string, unknown>) => {
    const request = {
      url,
      method: String(options['method'] ?? 'get'),
      contentType: String(options['contentType'] ?? ''),
      payload: String(options['payload'] ?? ''),
      headers: (options['headers'] ?? {}) as Record<string, string>,
      muteHttpExceptions: options['muteHttpExceptions'] === true,
    };
    const answer = call('fetch', request) as { status: number; text: string } | { thrown: string };
    if ('thrown' in answer) throw new Error(answer.thrown);
    if (answer.status >= 400 && !request.muteHttpExceptions) {
      throw new Error(`Request failed for ${url} returned code ${answer.status}`);
    }
    return { getResponseCode: () => answer.status, getContentText: () => answer.text };
  };
  return { fetch };
}

function formatDate(date: Date, timeZone: string, pattern: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return pattern
    .replace('yyyy', part('year'))
    .replace('MM', part('month'))
    .replace('dd', part('day'))
    .replace('HH', part('hour'))
    .replace('mm', part('minute'))
    .replace('ss', part('second'));
}

const UTILITIES = {
  Charset: { US_ASCII: 0, UTF_8: 1 },
  getUuid: (): string => randomUUID(),
  formatDate,
  computeHmacSha256Signature: (value: string, key: string): number[] =>
    [...createHmac('sha256', Buffer.from(key, 'utf8')).update(value, 'utf8').digest()].map((b) =>
      b > 127 ? b - 256 : b,
    ),
};

/** The global scope the script runs in: the Apps Script services it uses. */
function appsScriptGlobals(call: Call, input: WorkerInput, port: MessagePort): object {
  const spreadsheet = spreadsheetStandIn(call, input.spreadsheetId);
  const log =
    (prefix: string) =>
    (...args: unknown[]) =>
      port.postMessage({ kind: 'log', text: `${prefix}${args.map(String).join(' ')}` });
  return {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      getUi: () => uiStandIn(call, input.invocation),
    },
    UrlFetchApp: urlFetchStandIn(call),
    Utilities: UTILITIES,
    ScriptApp: scriptAppStandIn(call),
    PropertiesService: {
      getScriptProperties: () => propertiesStandIn(call, 'script'),
      getDocumentProperties: () => propertiesStandIn(call, 'document'),
    },
    LockService: { getDocumentLock: () => lockStandIn(call) },
    Session: {
      getActiveUser: () => ({ getEmail: () => input.activeUser }),
      getEffectiveUser: () => ({ getEmail: () => input.effectiveUser }),
    },
    console: { log: log(''), warn: log('ATTENTION '), error: log('ERREUR ') },
  };
}

/** Calls the run's function with the event Apps Script gives it. */
function invoke(globals: Record<string, unknown>, call: Call, input: WorkerInput): void {
  const handler = (name: string) => {
    const found = globals[name];
    if (typeof found !== 'function') throw new Error(`no function ${name} in the script`);
    return found as (event?: unknown) => void;
  };
  const source = (
    globals['SpreadsheetApp'] as { getActiveSpreadsheet: () => unknown }
  ).getActiveSpreadsheet();
  const run = input.invocation;
  if (run.kind === 'edit') {
    const range = rangeStandIn(call, run.tab, run.row, run.column, run.numRows, run.numColumns);
    handler('onDlaEdit')({ range, source, authMode: 'FULL', triggerUid: 'edit' });
  } else if (run.kind === 'change') {
    handler('onDlaChange')({ changeType: run.changeType, source, authMode: 'FULL' });
  } else if (run.kind === 'clock') {
    handler(run.handler)({ authMode: 'FULL', triggerUid: run.triggerUid });
  } else {
    handler(run.functionName)();
  }
}

function main(port: MessagePort, input: WorkerInput): void {
  const call = connect(port, input.bridge);
  const context = createContext(appsScriptGlobals(call, input, port));
  for (const file of input.files) runInContext(file.code, context, { filename: file.name });
  let thrown: string | null = null;
  try {
    invoke(context as Record<string, unknown>, call, input);
  } catch (error) {
    thrown = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  port.postMessage({ kind: 'done', thrown });
}

const given = workerData as Partial<WorkerInput> | null;
if (!isMainThread && parentPort !== null && given?.kind === 'apps-script-run') {
  main(parentPort, given as WorkerInput);
}
