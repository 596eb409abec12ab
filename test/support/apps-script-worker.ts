import type { CompiledScriptFile, SandboxInvocation } from './apps-script-sandbox';

/*
 * One Apps Script run, in a worker thread of its own: the stand-ins of the Apps Script services
 * the script uses, each call forwarded to the sandbox (apps-script-sandbox.ts) and blocking until
 * it answers, then the script's files loaded in `node:vm` and the run's function called.
 * Serialised with toString(): it may use only what it requires itself.
 */

/* istanbul ignore next -- serialised with toString() and run in a worker thread */
export function appsScriptWorker(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- this function runs alone in a worker */
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const vm = require('node:vm') as typeof import('node:vm');
  const v8 = require('node:v8') as typeof import('node:v8');
  const crypto = require('node:crypto') as typeof import('node:crypto');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const input = threads.workerData as {
    files: CompiledScriptFile[];
    spreadsheetId: string;
    invocation: SandboxInvocation;
    activeUser: string;
    effectiveUser: string;
    bridge: SharedArrayBuffer;
  };
  const port = threads.parentPort;
  if (port === null) throw new Error('not in a worker');
  const signal = new Int32Array(input.bridge, 0, 2);
  const bytes = new Uint8Array(input.bridge, 8);
  const TIME_ZONE = 'Europe/Paris';

  function call(op: string, ...args: unknown[]): unknown {
    Atomics.store(signal, 0, 0);
    port?.postMessage({ kind: 'rpc', op, args });
    Atomics.wait(signal, 0, 0);
    const length = Atomics.load(signal, 1);
    const answer = v8.deserialize(Buffer.from(bytes.subarray(0, length))) as
      { ok: true; value: unknown } | { ok: false; message: string };
    if (!answer.ok) throw new Error(answer.message);
    return answer.value;
  }

  function rangeOf(tab: string, row: number, column: number, numRows = 1, numColumns = 1) {
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) {
      throw new Error('Les coordonnées de la plage sont en dehors des dimensions de la feuille.');
    }
    const where = [tab, row, column, numRows, numColumns];
    const range = {
      getSheet: () => sheetOf(tab),
      getRow: () => row,
      getColumn: () => column,
      getNumRows: () => numRows,
      getNumColumns: () => numColumns,
      getLastRow: () => row + numRows - 1,
      getLastColumn: () => column + numColumns - 1,
      getValues: () => call('read', where, 'values'),
      getFormulas: () => call('read', where, 'formulas'),
      getNotes: () => call('read', where, 'notes'),
    };
    const writer = (method: string) => (argument: unknown) => (
      call('write', where, method, argument),
      range
    );
    for (const method of [
      'setValue',
      'setValues',
      'setNote',
      'setNotes',
      'setBackground',
      'setBackgrounds',
      'setNumberFormat',
    ])
      (range as Record<string, unknown>)[method] = writer(method);
    return range;
  }

  function sheetOf(tab: string): object {
    const sheet = {
      getName: () => tab,
      getRange: (row: number, column: number, numRows?: number, numColumns?: number) =>
        rangeOf(tab, row, column, numRows, numColumns),
      getLastRow: () => call('lastRow', tab),
      getLastColumn: () => call('lastColumn', tab),
      insertRowBefore: (row: number) => (call('insertRowBefore', tab, row), sheet),
    };
    return sheet;
  }

  const spreadsheet = {
    getId: () => input.spreadsheetId,
    getSheetByName: (name: string) => (call('hasSheet', name) === true ? sheetOf(name) : null),
    getSpreadsheetTimeZone: () => TIME_ZONE,
    toast: (message: string, title?: string) => call('toast', message, title ?? null),
  };

  const triggerOf = (t: { uid: string; handler: string }) => ({
    getUniqueId: () => t.uid,
    getHandlerFunction: () => t.handler,
  });
  const triggerBuilder = (handler: string) => {
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
  const properties = (store: string) => {
    const service = {
      getProperty: (key: string) => call('getProperty', store, key),
      getProperties: () => call('getProperties', store),
      setProperty: (key: string, value: string) => (
        call('setProperty', store, key, value),
        service
      ),
      deleteProperty: (key: string) => (call('deleteProperty', store, key), service),
    };
    return service;
  };
  // Apps Script's message when waitLock gives up (constants of the module are not in scope here).
  const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';
  const lock = {
    tryLock: (ms: number) => call('tryLock', ms),
    waitLock: (ms: number) => {
      if (call('tryLock', ms) !== true) throw new Error(LOCK_TIMEOUT_MESSAGE);
    },
    releaseLock: () => call('releaseLock'),
  };

  function fetch(url: string, options: Record<string, unknown>): unknown {
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

  const log =
    (prefix: string) =>
    (...args: unknown[]) =>
      port?.postMessage({ kind: 'log', text: `${prefix}${args.map(String).join(' ')}` });
  const invocation = input.invocation;
  const context = vm.createContext({
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      getUi: () => {
        // As in Apps Script: no user interface outside a run a person started.
        if (invocation.kind !== 'call')
          throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
        const menu = {
          addItem: (caption: string, fn: string) => (call('menu', `${caption} → ${fn}`), menu),
          addSeparator: () => (call('menu', '—'), menu),
          addToUi: () => undefined,
        };
        return { createMenu: (name: string) => (call('menu', `[${name}]`), menu) };
      },
    },
    UrlFetchApp: { fetch },
    Utilities: {
      Charset: { US_ASCII: 0, UTF_8: 1 },
      getUuid: (): string => crypto.randomUUID(),
      formatDate,
      computeHmacSha256Signature: (value: string, key: string): number[] =>
        [
          ...crypto.createHmac('sha256', Buffer.from(key, 'utf8')).update(value, 'utf8').digest(),
        ].map((b) => (b > 127 ? b - 256 : b)),
    },
    ScriptApp: {
      getIdentityToken: () => call('identityToken'),
      getProjectTriggers: () =>
        (call('listTriggers') as { uid: string; handler: string }[]).map(triggerOf),
      deleteTrigger: (trigger: { getUniqueId: () => string }) =>
        call('deleteTrigger', trigger.getUniqueId()),
      newTrigger: triggerBuilder,
    },
    PropertiesService: {
      getScriptProperties: () => properties('script'),
      getDocumentProperties: () => properties('document'),
    },
    LockService: { getDocumentLock: () => lock },
    Session: {
      getActiveUser: () => ({ getEmail: () => input.activeUser }),
      getEffectiveUser: () => ({ getEmail: () => input.effectiveUser }),
    },
    console: { log: log(''), warn: log('ATTENTION '), error: log('ERREUR ') },
  });
  for (const file of input.files) vm.runInContext(file.code, context, { filename: file.name });
  const globals = context as Record<string, unknown>;
  const handler = (name: string) => {
    const found = globals[name];
    if (typeof found !== 'function') throw new Error(`no function ${name} in the script`);
    return found as (event?: unknown) => void;
  };
  let thrown: string | null = null;
  try {
    if (invocation.kind === 'edit') {
      const range = rangeOf(
        invocation.tab,
        invocation.row,
        invocation.column,
        invocation.numRows,
        invocation.numColumns,
      );
      handler('onDlaEdit')({ range, source: spreadsheet, authMode: 'FULL', triggerUid: 'edit' });
    } else if (invocation.kind === 'change') {
      handler('onDlaChange')({
        changeType: invocation.changeType,
        source: spreadsheet,
        authMode: 'FULL',
      });
    } else if (invocation.kind === 'clock') {
      handler(invocation.handler)({ authMode: 'FULL', triggerUid: invocation.triggerUid });
    } else {
      handler(invocation.functionName)();
    }
  } catch (error) {
    thrown = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  port.postMessage({ kind: 'done', thrown });
}
