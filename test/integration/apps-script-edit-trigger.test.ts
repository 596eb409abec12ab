import { createHmac } from 'node:crypto';
import { RecordingMailer } from '../support/fakes/recording-mailer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import ts from 'typescript';

import '../../functions/sheet-edit.http';
import '../../functions/sync-spreadsheet.http';
import '../../functions/score-mission.http';
import { setAuthenticationDependencies } from '../../functions/auth/with-authentication';
import { ReplayGuard } from '../../functions/auth/hmac-signature';
import { IdTokenVerifier } from '../../functions/auth/id-token-verifier';
import { setAppContext, type AppContext } from '../../functions/composition-root';
import { loadConfig } from '../../functions/config';
import { formatRecordId } from '../../shared/domain/record-id';
import type { OwnerState, RecordStore } from '../../shared/ports/record-store';
import { sheetEditEventSchema } from '../../shared/use-cases/sheet-edit-event';
import { aCallForProposalsWorkbook } from '../support/builders/call-for-proposals-workbook';
import { headerOf, PROVIDER_ROWS, rowOf } from '../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../support/fakes/in-memory-workbook-gateway';

/*
 * The Apps Script, compiled from TypeScript as `build.sh` does, runs in `node:vm` with stand-ins
 * for the Apps Script services. Apps Script is synchronous (UrlFetchApp.fetch blocks), the real
 * `sheetEdit` function is not: the script runs in a worker thread, and each UrlFetchApp.fetch
 * blocks that thread (Atomics.wait) while this thread forwards the request to the real function
 * (Functions Framework test server, in-memory store) and hands back its answer.
 */

const SCRIPT_DIR = path.join(__dirname, '..', '..', 'sheets', 'apps-script');
const SHEET_EDIT_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net/sheetEdit';
const SYNC_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net/syncSpreadsheet';
const SCORE_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net/scoreMission';

/** Each spreadsheet's HMAC secret, as its Script Properties and the functions' config hold it. */
const SECRETS = {
  C2RA: 'secret-de-test-du-classeur-regional-c2ra-0001',
  'CBE-LM': 'secret-de-test-du-classeur-cbe-lille-metropole',
} as const;

const REGISTER_HEADER = headerOf('provider');

/** The header of each record tab, as a freshly provisioned spreadsheet has it. */
const HEADERS = {
  Registre: REGISTER_HEADER,
  Structures: headerOf('beneficiary'),
  Accompagnements: headerOf('plan'),
  Missions: headerOf('mission'),
} as const;

function headerFor(tabName: string): readonly string[] {
  return tabName in HEADERS ? HEADERS[tabName as keyof typeof HEADERS] : [];
}

// ---------------------------------------------------------------------------------------------
// The sandbox, run in a worker thread: stand-ins for the Apps Script services, then the script.
// ---------------------------------------------------------------------------------------------

/** One action of a sandbox run. */
type SandboxAction =
  /** A person types or pastes `values` from (row, column), then the installable onEdit fires. */
  | {
      readonly kind: 'edit';
      readonly tab: string;
      readonly row: number;
      readonly column: number;
      readonly values: readonly (readonly unknown[])[];
    }
  /** The installable onChange trigger fires. */
  | { readonly kind: 'change'; readonly changeType: string }
  /** A global function of the script runs (a menu item, setupDla, onOpen). */
  | { readonly kind: 'call'; readonly functionName: string };

interface SandboxInput {
  readonly script: string;
  readonly spreadsheetId: string;
  readonly tabs: readonly {
    readonly name: string;
    readonly rows: readonly (readonly unknown[])[];
  }[];
  readonly properties: Readonly<Record<string, string>>;
  readonly userEmail: string;
  readonly actions: readonly SandboxAction[];
  readonly bridge: SharedArrayBuffer;
}

/** A cell of the stand-in sheet. */
interface SandboxCell {
  value: unknown;
  note: string;
  background: string | null;
}

/** A write call the script made on a range. */
interface WriteCall {
  readonly tab: string;
  readonly method: string;
  readonly row: number;
  readonly column: number;
  readonly numRows: number;
  readonly numColumns: number;
}

interface SandboxOutput {
  readonly tabs: { readonly name: string; readonly cells: SandboxCell[][] }[];
  readonly toasts: string[];
  readonly logs: string[];
  readonly triggers: string[];
  readonly menu: string[];
  readonly writes: WriteCall[];
  /** What a trigger or function threw (it must never happen), per action. */
  readonly thrown: string[];
}

/** A request the script sent through UrlFetchApp. */
interface FetchRequest {
  readonly url: string;
  readonly method: string;
  readonly contentType: string;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly muteHttpExceptions: boolean;
}

/* istanbul ignore next -- serialised with toString() and run in a worker thread */
function appsScriptSandbox(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- this function runs alone in a worker */
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const vm = require('node:vm') as typeof import('node:vm');
  const crypto = require('node:crypto') as typeof import('node:crypto');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const input = threads.workerData as SandboxInput;
  const port = threads.parentPort;
  if (port === null) throw new Error('not in a worker');
  const signal = new Int32Array(input.bridge, 0, 3);
  const bytes = new Uint8Array(input.bridge, 12);
  const toasts: string[] = [];
  const logs: string[] = [];
  const menu: string[] = [];
  const writes: WriteCall[] = [];
  const thrown: string[] = [];
  const TIME_ZONE = 'Europe/Paris';

  class StandInSheet {
    readonly grid: SandboxCell[][] = [];
    constructor(readonly name: string) {}
    cell(row: number, column: number): SandboxCell {
      const line = (this.grid[row - 1] ??= []);
      return (line[column - 1] ??= { value: '', note: '', background: null });
    }
    peek(row: number, column: number): SandboxCell | undefined {
      return this.grid[row - 1]?.[column - 1];
    }
    getName(): string {
      return this.name;
    }
    getRange(row: number, column: number, numRows = 1, numColumns = 1): StandInRange {
      if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) {
        throw new Error(`Les coordonnées de la plage sont en dehors des dimensions de la feuille.`);
      }
      return new StandInRange(this, row, column, numRows, numColumns);
    }
    getLastRow(): number {
      let last = 0;
      this.grid.forEach((line, index) => {
        if (line?.some((c) => c !== undefined && c.value !== '' && c.value !== null))
          last = index + 1;
      });
      return last;
    }
    getLastColumn(): number {
      let last = 0;
      for (const line of this.grid) {
        line?.forEach((c, index) => {
          if (c !== undefined && c.value !== '' && c.value !== null)
            last = Math.max(last, index + 1);
        });
      }
      return last;
    }
  }

  class StandInRange {
    constructor(
      readonly sheet: StandInSheet,
      readonly row: number,
      readonly column: number,
      readonly numRows: number,
      readonly numColumns: number,
    ) {}
    getSheet(): StandInSheet {
      return this.sheet;
    }
    getRow(): number {
      return this.row;
    }
    getColumn(): number {
      return this.column;
    }
    getNumRows(): number {
      return this.numRows;
    }
    getNumColumns(): number {
      return this.numColumns;
    }
    getLastRow(): number {
      return this.row + this.numRows - 1;
    }
    getLastColumn(): number {
      return this.column + this.numColumns - 1;
    }
    private map<T>(read: (cell: SandboxCell | undefined) => T): T[][] {
      const rows: T[][] = [];
      for (let r = 0; r < this.numRows; r += 1) {
        const line: T[] = [];
        for (let c = 0; c < this.numColumns; c += 1) {
          line.push(read(this.sheet.peek(this.row + r, this.column + c)));
        }
        rows.push(line);
      }
      return rows;
    }
    getValues(): unknown[][] {
      return this.map((cell) => cell?.value ?? '');
    }
    getNotes(): string[][] {
      return this.map((cell) => cell?.note ?? '');
    }
    getBackgrounds(): string[][] {
      return this.map((cell) => cell?.background ?? '#ffffff');
    }
    private record(method: string): void {
      writes.push({
        tab: this.sheet.name,
        method,
        row: this.row,
        column: this.column,
        numRows: this.numRows,
        numColumns: this.numColumns,
      });
    }
    private each(
      method: string,
      matrix: readonly (readonly unknown[])[],
      write: (cell: SandboxCell, value: unknown) => void,
    ): this {
      if (
        matrix.length !== this.numRows ||
        matrix.some((line) => line.length !== this.numColumns)
      ) {
        throw new Error(
          `Le nombre de lignes ou de colonnes des données ne correspond pas à la plage (${method}).`,
        );
      }
      this.record(method);
      matrix.forEach((line, r) =>
        line.forEach((value, c) => write(this.sheet.cell(this.row + r, this.column + c), value)),
      );
      return this;
    }
    private single(method: string, write: (cell: SandboxCell) => void): this {
      this.record(method);
      for (let r = 0; r < this.numRows; r += 1) {
        for (let c = 0; c < this.numColumns; c += 1)
          write(this.sheet.cell(this.row + r, this.column + c));
      }
      return this;
    }
    setValue(value: unknown): this {
      return this.single('setValue', (cell) => (cell.value = value));
    }
    setValues(values: unknown[][]): this {
      return this.each('setValues', values, (cell, value) => (cell.value = value));
    }
    setNote(note: string | null): this {
      return this.single('setNote', (cell) => (cell.note = note ?? ''));
    }
    setNotes(notes: (string | null)[][]): this {
      return this.each(
        'setNotes',
        notes,
        (cell, note) => (cell.note = typeof note === 'string' ? note : ''),
      );
    }
    setBackground(color: string | null): this {
      return this.single('setBackground', (cell) => (cell.background = color));
    }
    setBackgrounds(colors: (string | null)[][]): this {
      return this.each('setBackgrounds', colors, (cell, color) => {
        cell.background = typeof color === 'string' ? color : null;
      });
    }
  }

  const sheets = input.tabs.map((tab) => {
    const sheet = new StandInSheet(tab.name);
    tab.rows.forEach((line, r) =>
      line.forEach((value, c) => (sheet.cell(r + 1, c + 1).value = value)),
    );
    return sheet;
  });

  const spreadsheet = {
    getId: (): string => input.spreadsheetId,
    getSheetByName: (name: string): StandInSheet | null =>
      sheets.find((s) => s.name === name) ?? null,
    getSpreadsheetTimeZone: (): string => TIME_ZONE,
    toast: (message: string, title?: string): void => {
      toasts.push(title === undefined ? message : `${title} — ${message}`);
    },
  };

  const menuBuilder = {
    addItem(caption: string, functionName: string) {
      menu.push(`${caption} → ${functionName}`);
      return menuBuilder;
    },
    addSeparator() {
      menu.push('—');
      return menuBuilder;
    },
    addToUi(): void {},
  };

  interface StandInTrigger {
    readonly handler: string;
    readonly event: string;
  }
  let triggers: StandInTrigger[] = [];

  function fetch(url: string, options: Record<string, unknown>): unknown {
    const request: FetchRequest = {
      url,
      method: String(options['method'] ?? 'get'),
      contentType: String(options['contentType'] ?? ''),
      payload: String(options['payload'] ?? ''),
      headers: (options['headers'] ?? {}) as Record<string, string>,
      muteHttpExceptions: options['muteHttpExceptions'] === true,
    };
    Atomics.store(signal, 0, 0);
    port?.postMessage({ kind: 'fetch', request });
    Atomics.wait(signal, 0, 0);
    const status = Atomics.load(signal, 1);
    const length = Atomics.load(signal, 2);
    const text = Buffer.from(bytes.slice(0, length)).toString('utf8');
    if (status >= 400 && !request.muteHttpExceptions) {
      throw new Error(`Request failed for ${url} returned code ${status}`);
    }
    return { getResponseCode: () => status, getContentText: () => text };
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

  const context = vm.createContext({
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      getUi: () => ({ createMenu: (name: string) => (menu.push(`[${name}]`), menuBuilder) }),
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
      getIdentityToken: (): string =>
        'eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6ImNvbnRyb2xlIn0.c2lnbmF0dXJl',
      getProjectTriggers: () =>
        triggers.map((t) => ({ getHandlerFunction: () => t.handler, trigger: t })),
      deleteTrigger: (trigger: { trigger: StandInTrigger }) => {
        triggers = triggers.filter((t) => t !== trigger.trigger);
      },
      newTrigger: (handler: string) => ({
        forSpreadsheet: () => {
          let event = '';
          const builder = {
            onEdit: () => ((event = 'edit'), builder),
            onChange: () => ((event = 'change'), builder),
            create: () => {
              triggers.push({ handler, event });
              return {};
            },
          };
          return builder;
        },
      }),
    },
    PropertiesService: {
      getScriptProperties: () => ({
        getProperty: (key: string): string | null => input.properties[key] ?? null,
      }),
    },
    Session: { getActiveUser: () => ({ getEmail: () => input.userEmail }) },
    console: {
      log: (...args: unknown[]) => logs.push(args.map(String).join(' ')),
      error: (...args: unknown[]) => logs.push(`ERREUR ${args.map(String).join(' ')}`),
    },
  });
  vm.runInContext(input.script, context, { filename: 'edit-trigger.js' });
  const globals = context as Record<string, unknown>;

  for (const action of input.actions) {
    try {
      if (action.kind === 'edit') {
        const sheet = spreadsheet.getSheetByName(action.tab);
        if (sheet === null) throw new Error(`no tab ${action.tab}`);
        action.values.forEach((line, r) =>
          line.forEach((value, c) => (sheet.cell(action.row + r, action.column + c).value = value)),
        );
        const range = sheet.getRange(
          action.row,
          action.column,
          action.values.length,
          Math.max(...action.values.map((line) => line.length)),
        );
        const single = range.getNumRows() === 1 && range.getNumColumns() === 1;
        const handler = globals['onDlaEdit'] as (e: unknown) => void;
        handler({
          range,
          source: spreadsheet,
          ...(single ? { value: String(action.values[0]?.[0] ?? '') } : {}),
          authMode: 'FULL',
          triggerUid: '1',
        });
      } else if (action.kind === 'change') {
        const handler = globals['onDlaChange'] as (e: unknown) => void;
        handler({
          changeType: action.changeType,
          source: spreadsheet,
          authMode: 'FULL',
          triggerUid: '2',
        });
      } else {
        const fn = globals[action.functionName] as () => void;
        fn();
      }
    } catch (error) {
      thrown.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }

  const output: SandboxOutput = {
    tabs: sheets.map((sheet) => ({
      name: sheet.name,
      cells: sheet.grid.map((line) => [...(line ?? [])]),
    })),
    toasts,
    logs,
    triggers: triggers.map((t) => `${t.handler}:${t.event}`),
    menu,
    writes,
    thrown,
  };
  port.postMessage({ kind: 'done', output });
}

// ---------------------------------------------------------------------------------------------
// This side: compile, run, forward each request to the real function
// ---------------------------------------------------------------------------------------------

/** A request the script sent, and what the function answered. */
interface Exchange {
  readonly request: FetchRequest;
  readonly status: number;
  readonly body: unknown;
}

/** A result of a sandbox run. */
interface Run extends SandboxOutput {
  readonly exchanges: Exchange[];
}

function compileScript(): string {
  const source = readFileSync(path.join(SCRIPT_DIR, 'src', 'edit-trigger.ts'), 'utf8');
  const output = ts.transpileModule(source, {
    fileName: 'edit-trigger.ts',
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2019,
      module: ts.ModuleKind.None,
      strict: true,
    },
  });
  const errors = output.diagnostics ?? [];
  if (errors.length > 0) {
    throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})));
  }
  return output.outputText;
}

const BRIDGE_BYTES = 32 * 1024 * 1024;

async function forward(fetchRequest: FetchRequest): Promise<{ status: number; text: string }> {
  const target =
    fetchRequest.url === SHEET_EDIT_URL
      ? getTestServer('sheetEdit')
      : fetchRequest.url === SYNC_URL
        ? getTestServer('syncSpreadsheet')
        : fetchRequest.url === SCORE_URL
          ? getTestServer('scoreMission')
          : null;
  if (target === null) return { status: 404, text: 'introuvable' };
  let call = request(target).post('/');
  for (const [name, value] of Object.entries(fetchRequest.headers)) call = call.set(name, value);
  const response = await call
    .set('content-type', fetchRequest.contentType)
    .send(fetchRequest.payload);
  return { status: response.status, text: response.text };
}

function isMessage(
  value: unknown,
): value is { kind: 'fetch'; request: FetchRequest } | { kind: 'done'; output: SandboxOutput } {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

async function runScript(
  options: Omit<SandboxInput, 'bridge' | 'script' | 'properties' | 'userEmail'> & {
    readonly properties?: Readonly<Record<string, string>>;
    readonly userEmail?: string;
  },
): Promise<Run> {
  const bridge = new SharedArrayBuffer(BRIDGE_BYTES + 12);
  const signal = new Int32Array(bridge, 0, 3);
  const bytes = new Uint8Array(bridge, 12);
  const owner = options.spreadsheetId === 'local-C2RA' ? 'C2RA' : 'CBE-LM';
  const input: SandboxInput = {
    script,
    bridge,
    userEmail: options.userEmail ?? 'julie.dubois@c2ra-npdc.fr',
    properties: options.properties ?? {
      DLA_FUNCTION_URL: SHEET_EDIT_URL,
      DLA_SYNC_URL: SYNC_URL,
      DLA_OWNER: owner,
      DLA_HMAC_SECRET: SECRETS[owner],
    },
    spreadsheetId: options.spreadsheetId,
    tabs: options.tabs,
    actions: options.actions,
  };
  const exchanges: Exchange[] = [];
  const worker = new Worker(`(${appsScriptSandbox.toString()})()`, {
    eval: true,
    workerData: input,
  });
  try {
    return await new Promise<Run>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`sandbox exited (${code}) before finishing`)));
      worker.on('message', (message: unknown) => {
        if (!isMessage(message)) return;
        if (message.kind === 'done') {
          resolve({ ...message.output, exchanges });
          return;
        }
        forward(message.request)
          .then(({ status, text }) => {
            let body: unknown = null;
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
            exchanges.push({ request: message.request, status, body });
            const encoded = Buffer.from(text, 'utf8');
            if (encoded.length > BRIDGE_BYTES) throw new Error('answer too large for the bridge');
            bytes.set(encoded);
            Atomics.store(signal, 1, status);
            Atomics.store(signal, 2, encoded.length);
            Atomics.store(signal, 0, 1);
            Atomics.notify(signal, 0);
          })
          .catch(reject);
      });
    });
  } finally {
    await worker.terminate();
  }
}

let script: string;

function useContext(store: RecordStore = new InMemoryRecordStore()): {
  store: RecordStore;
  gateway: InMemoryWorkbookGateway;
} {
  const config = loadConfig({ DLA_HMAC_SECRETS: JSON.stringify(SECRETS) });
  if (!config.ok) throw new Error(config.error.message);
  const gateway = new InMemoryWorkbookGateway();
  const context: AppContext = {
    config: config.value,
    store,
    gateway,
    clock: { now: () => new Date() },
    mailer: new RecordingMailer(),
    close: () => store.close(),
  };
  setAppContext(context);
  // Every request is HMAC-signed; a stray identity-token check must not reach Google.
  setAuthenticationDependencies({
    replays: new ReplayGuard(),
    idTokens: new IdTokenVerifier(() => Promise.resolve({})),
  });
  return { store, gateway };
}

function tab(run: Run, name: string): SandboxCell[][] {
  const found = run.tabs.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no tab ${name}`);
  return found.cells;
}

function column(label: string, tabName = 'Registre'): number {
  const index = headerFor(tabName).indexOf(label);
  if (index < 0) throw new Error(`no column ${label} in ${tabName}`);
  return index + 1;
}

function cell(run: Run, name: string, row: number, label: string): SandboxCell | undefined {
  return tab(run, name)[row - 1]?.[column(label, name) - 1];
}

/** A person types one value in one cell. */
function edit(tabName: string, row: number, label: string, value: unknown): SandboxAction {
  return { kind: 'edit', tab: tabName, row, column: column(label, tabName), values: [[value]] };
}

/** The edit events the script sent, each checked against the function's schema. */
function editEvents(run: Run) {
  return run.exchanges
    .filter((e) => e.request.url === SHEET_EDIT_URL)
    .map((e) => {
      const parsed = sheetEditEventSchema.safeParse(JSON.parse(e.request.payload));
      if (!parsed.success)
        throw new Error(`payload refused by the schema: ${parsed.error.message}`);
      return parsed.data;
    });
}

function expectSigned(exchange: Exchange, secret: string): void {
  const { headers, payload } = exchange.request;
  const timestamp = headers['X-DLA-Timestamp'] ?? '';
  expect(timestamp).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  expect(headers['X-DLA-Signature']).toBe(
    createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex'),
  );
  expect(headers['Authorization']).toMatch(/^Bearer \S+\.\S+\.\S+$/);
}

/** Runs of adjacent column indexes. */
function runsOf(columns: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const index of [...columns].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[last.length - 1] === index - 1) last.push(index);
    else runs.push([index]);
  }
  return runs;
}

/** No two write calls of the same kind on one row touch adjacent cells: each run is one call. */
function expectGroupedPerRow(writes: readonly WriteCall[]): void {
  const kind = (method: string): string => method.replace(/s$/, '');
  for (const a of writes) {
    for (const b of writes) {
      if (a === b || a.tab !== b.tab || a.row !== b.row || kind(a.method) !== kind(b.method))
        continue;
      expect(a.column + a.numColumns).not.toBe(b.column);
    }
  }
}

beforeAll(() => {
  script = compileScript();
});

afterEach(() => {
  setAppContext(null);
  setAuthenticationDependencies(null);
});

describe('the Apps Script edit trigger, run in node:vm against the real sheetEdit function', () => {
  it('type-checks against @types/google-apps-script with its own tsconfig', () => {
    const configPath = path.join(SCRIPT_DIR, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('no tsconfig');
    expect(config.options.module).toBe(ts.ModuleKind.None);
    expect(config.options.types).toEqual(['google-apps-script']);
    const program = ts.createProgram({
      rootNames: config.fileNames,
      options: { ...config.options, noEmit: true },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))).toBe('');
    expect(script).not.toMatch(/\b(require|exports|import)\b\s*[(.{]/);
  });

  it('sends a single-cell edit of a new Registre row and writes back the new ID', async () => {
    const { store } = useContext();
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [
        {
          kind: 'edit',
          tab: 'Registre',
          row: 2,
          column: column('Raison sociale'),
          values: [['Atelier Flandre Conseil']],
        },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => e.status)).toEqual([200]);
    const [event] = editEvents(run);
    expect(event).toMatchObject({
      spreadsheetId: 'local-C2RA',
      tab: 'Registre',
      editedColumns: [1],
      header: REGISTER_HEADER,
      otherRowIds: [],
      user: 'julie.dubois@c2ra-npdc.fr',
    });
    expect(event?.rows).toHaveLength(1);
    expect(event?.rows[0]?.rowNumber).toBe(2);
    expect(event?.rows[0]?.values).toHaveLength(REGISTER_HEADER.length);
    expect(event?.rows[0]?.values[1]).toBe('Atelier Flandre Conseil');
    expect(event?.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const [exchange] = run.exchanges;
    if (exchange === undefined) throw new Error('no request');
    expect(exchange.request).toMatchObject({ method: 'post', muteHttpExceptions: true });
    expect(exchange.request.contentType).toMatch(/^application\/json/);
    expectSigned(exchange, SECRETS.C2RA);

    expect(cell(run, 'Registre', 2, 'ID')?.value).toBe('PRE-0001');
    expect(cell(run, 'Registre', 2, 'Raison sociale')?.value).toBe('Atelier Flandre Conseil');
    const register = await store.loadRegister();
    expect(register.map((r) => [r.id, r.data['legalName']])).toEqual([
      ['PRE-0001', 'Atelier Flandre Conseil'],
    ]);
    // One call per run of adjacent cells: e.g. « Fiche complète » and « Éléments manquants » together.
    const answer = exchange.body as { cells: { columnIndex: number; value?: unknown }[] };
    const valueColumns = answer.cells
      .filter((c) => c.value !== undefined)
      .map((c) => c.columnIndex);
    expect(valueColumns).toEqual(
      expect.arrayContaining([1, column('Fiche complète'), column('Éléments manquants')]),
    );
    expect(
      run.writes
        .filter((w) => w.method === 'setValue' || w.method === 'setValues')
        .map((w) => [w.row, w.column, w.numColumns]),
    ).toEqual(runsOf(valueColumns).map((run) => [2, run[0], run.length]));
    expectGroupedPerRow(run.writes);
  });

  it('follows an operator through a new mission: a refused row gets a red note, the next single-cell edit gets the ID and clears it', async () => {
    const { store } = useContext();
    const beneficiaryId = formatRecordId({ kind: 'beneficiary', operator: 'CBE-LM', sequence: 1 });
    const planId = formatRecordId({ kind: 'plan', operator: 'CBE-LM', sequence: 1 });
    const missionId = formatRecordId({ kind: 'mission', operator: 'CBE-LM', sequence: 1 });
    const run = await runScript({
      spreadsheetId: 'local-CBE-LM',
      userEmail: '',
      tabs: [
        { name: 'Structures', rows: [HEADERS.Structures] },
        { name: 'Accompagnements', rows: [HEADERS.Accompagnements] },
        { name: 'Missions', rows: [HEADERS.Missions] },
      ],
      actions: [
        edit('Structures', 2, 'Nom de la structure', 'Les Jardins de la Lys'),
        edit('Accompagnements', 2, 'Structure (ID)', beneficiaryId),
        edit('Missions', 2, 'Accompagnement (ID)', planId),
        edit('Missions', 2, 'Intitulé', 'Structurer la fonction employeur'),
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => e.status)).toEqual([200, 200, 200, 200]);
    const events = editEvents(run);
    expect(events.map((e) => [e.spreadsheetId, e.tab, e.editedColumns, e.user])).toEqual([
      ['local-CBE-LM', 'Structures', [column('Nom de la structure', 'Structures') - 1], ''],
      ['local-CBE-LM', 'Accompagnements', [column('Structure (ID)', 'Accompagnements') - 1], ''],
      ['local-CBE-LM', 'Missions', [column('Accompagnement (ID)', 'Missions') - 1], ''],
      ['local-CBE-LM', 'Missions', [column('Intitulé', 'Missions') - 1], ''],
    ]);
    for (const exchange of run.exchanges) expectSigned(exchange, SECRETS['CBE-LM']);
    expect(cell(run, 'Structures', 2, 'ID')?.value).toBe(beneficiaryId);
    expect(cell(run, 'Accompagnements', 2, 'ID')?.value).toBe(planId);
    // The third edit was refused (no title yet): the function's answer said so on the title cell.
    const refusal = (run.exchanges[2]?.body as { cells: { column: string; style?: string }[] })
      .cells;
    expect(refusal.find((c) => c.column === 'Intitulé')?.style).toBe('error');
    // The fourth, a single cell, completed the row: the ID is in the sheet, the red note is gone.
    const missionRow = events[3]?.rows[0];
    expect(missionRow?.values[column('Accompagnement (ID)', 'Missions') - 1]).toBe(planId);
    expect(cell(run, 'Missions', 2, 'ID')?.value).toBe(missionId);
    expect(cell(run, 'Missions', 2, 'Intitulé')?.note ?? '').toBe('');
    expect(cell(run, 'Missions', 2, 'Intitulé')?.background ?? null).toBeNull();
    expect(cell(run, 'Missions', 2, 'Statut')?.value).not.toBe('');
    const { records } = await store.loadOwner('CBE-LM');
    expect(records.map((r) => r.id).sort()).toEqual([beneficiaryId, missionId, planId].sort());
    expectGroupedPerRow(run.writes);
  });

  it('sends a paste of 3 rows as one event, with dates as serial numbers, and writes the 3 IDs back', async () => {
    const { store } = useContext();
    // 15/01/2024 at midnight in Paris, as Apps Script gives a date cell.
    const referencedOn = new Date(Date.UTC(2024, 0, 14, 23, 0, 0));
    const pasted = PROVIDER_ROWS.map((values, index) => {
      const row = rowOf('provider', values).slice(1, column('Référencé le'));
      return index === 0 ? [...row.slice(0, -1), referencedOn] : row;
    });
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [{ kind: 'edit', tab: 'Registre', row: 2, column: 2, values: pasted }],
    });
    expect(run.thrown).toEqual([]);
    const events = editEvents(run);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(event?.editedColumns).toEqual(
      Array.from({ length: pasted[0]?.length ?? 0 }, (_, i) => i + 1),
    );
    expect(event?.rows[0]?.values[column('Référencé le') - 1]).toBe(45_306);
    expect(event?.rows[1]?.values[column('Référencé le') - 1]).toBe('2024-03-02');
    expect(run.exchanges[0]?.status).toBe(200);

    const ids = [2, 3, 4].map((row) => cell(run, 'Registre', row, 'ID')?.value);
    expect(ids).toEqual(['PRE-0001', 'PRE-0002', 'PRE-0003']);
    const register = await store.loadRegister();
    expect(register.find((r) => r.id === 'PRE-0001')?.data['referencedOn']).toBe('2024-01-15');
    expectGroupedPerRow(run.writes);
    // Every cell of the answer is written, grouped by row: never more calls than cells.
    const answer = run.exchanges[0]?.body as { cells: unknown[] };
    expect(run.writes.length).toBeLessThanOrEqual(answer.cells.length * 3);
  });

  it('colours a refused cell red and leaves the function’s French note on it', async () => {
    useContext();
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [
        {
          name: 'Registre',
          rows: [REGISTER_HEADER, rowOf('provider', { legalName: 'Opale Stratégies' })],
        },
      ],
      actions: [edit('Registre', 2, 'E-mail', 'contact(at)opale-strategies.fr')],
    });
    expect(run.thrown).toEqual([]);
    const answer = run.exchanges[0]?.body as {
      cells: { column: string; style?: string; note?: string }[];
    };
    const refused = answer.cells.find((c) => c.column === 'E-mail');
    expect(refused?.style).toBe('error');
    const email = cell(run, 'Registre', 2, 'E-mail');
    expect(email?.background).toBe('#F4CCCC');
    expect(email?.note).toBe(refused?.note);
    expect(email?.note).toMatch(/e-mail|adresse/i);
    expect(email?.value).toBe('contact(at)opale-strategies.fr');
    // The rest of the row is stored: it gets its ID.
    expect(cell(run, 'Registre', 2, 'ID')?.value).toBe('PRE-0001');
  });

  it('leaves a French note and does not throw when sheetEdit answers 500', async () => {
    class BrokenStore extends InMemoryRecordStore {
      override async loadOwner(): Promise<OwnerState> {
        throw new Error('Firestore indisponible');
      }
      override async loadRegister(): Promise<never> {
        throw new Error('Firestore indisponible');
      }
    }
    useContext(new BrokenStore());
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [
        {
          kind: 'edit',
          tab: 'Registre',
          row: 2,
          column: 2,
          values: [['Cabinet Ambroise'], ['Opale Stratégies']],
        },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => e.status)).toEqual([500]);
    const first = cell(run, 'Registre', 2, 'Raison sociale');
    expect(first?.note).toBe(
      'Modification non transmise (erreur 500) : elle sera reprise à la prochaine synchronisation.',
    );
    expect(first?.value).toBe('Cabinet Ambroise');
    expect(cell(run, 'Registre', 3, 'Raison sociale')?.note ?? '').toBe('');
    expect(cell(run, 'Registre', 2, 'ID')?.value ?? '').toBe('');
  });

  it('leaves a note when the function URL is not configured, without throwing', async () => {
    useContext();
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      properties: {},
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [
        { kind: 'edit', tab: 'Registre', row: 2, column: 2, values: [['Cabinet Ambroise']] },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges).toEqual([]);
    expect(cell(run, 'Registre', 2, 'Raison sociale')?.note).toMatch(
      /^Modification non transmise \(propriété DLA_FUNCTION_URL/,
    );
  });

  it('splits a paste over 10,000 cells into several events, each accepted', async () => {
    const { store } = useContext();
    const pasted = Array.from({ length: 600 }, (_, i) => [`Cabinet n° ${i + 1}`]);
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [{ kind: 'edit', tab: 'Registre', row: 2, column: 2, values: pasted }],
    });
    expect(run.thrown).toEqual([]);
    const events = editEvents(run);
    // 18 columns: 555 rows (9,990 cells) per event.
    expect(events.map((e) => e.rows.length)).toEqual([555, 45]);
    expect(events.every((e) => e.rows.length * REGISTER_HEADER.length <= 10_000)).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(run.exchanges.map((e) => e.status)).toEqual([200, 200]);
    // The second event knows the IDs the first one wrote back.
    expect(events[1]?.otherRowIds).toHaveLength(555);
    const ids = Array.from({ length: 600 }, (_, i) => cell(run, 'Registre', i + 2, 'ID')?.value);
    expect(new Set(ids).size).toBe(600);
    expect((await store.loadRegister()).length).toBe(600);
  });
});

describe('the Apps Script structural changes, menu and setup', () => {
  it('asks for a full reconcile after rows are inserted, removed or sorted, not after a plain edit', async () => {
    const { gateway } = useContext();
    gateway.setTab('C2RA', 'Registre', REGISTER_HEADER, []);
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [
        { kind: 'change', changeType: 'EDIT' },
        { kind: 'change', changeType: 'FORMAT' },
        { kind: 'change', changeType: 'INSERT_ROW' },
        { kind: 'change', changeType: 'REMOVE_ROW' },
        { kind: 'change', changeType: 'OTHER' },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => [e.request.url, e.status])).toEqual([
      [SYNC_URL, 200],
      [SYNC_URL, 200],
      [SYNC_URL, 200],
    ]);
    const bodies = run.exchanges.map(
      (e) => JSON.parse(e.request.payload) as Record<string, unknown>,
    );
    expect(bodies.map((b) => b['owner'])).toEqual(['C2RA', 'C2RA', 'C2RA']);
    // Each body is unique, so that its signature is too (identical ones would look replayed).
    expect(new Set(bodies.map((b) => b['requestId'])).size).toBe(3);
    for (const exchange of run.exchanges) expectSigned(exchange, SECRETS.C2RA);
  });

  it('« Vérifier la feuille » reconciles and tells how many values were refused', async () => {
    const { gateway } = useContext();
    gateway.setTab('C2RA', 'Registre', REGISTER_HEADER, [
      rowOf('provider', { legalName: 'Opale Stratégies', email: 'contact(at)opale.fr' }),
      rowOf('provider', { legalName: 'Terrils & Co', email: 'pas-un-email' }),
    ]);
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [
        { kind: 'call', functionName: 'dlaCheckSheet' },
        { kind: 'call', functionName: 'dlaSyncNow' },
        { kind: 'call', functionName: 'dlaRecomputeScores' },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => e.status)).toEqual([200, 200, 200]);
    const report = (run.exchanges[0]?.body as { reports: { report: { rejected: unknown[] } }[] })
      .reports[0]?.report;
    expect(report?.rejected.length).toBe(2);
    expect(run.toasts).toContain(
      'DLA — Vérification terminée : 2 valeurs refusées — voir les cellules en rouge et leurs notes, et l’onglet Journal.',
    );
    expect(run.toasts.some((t) => t.startsWith('DLA — Synchronisation terminée : '))).toBe(true);
  });

  it('« Recalculer les notes » asks scoreMission for its own workbook and tells how many missions were scored', async () => {
    const { store, gateway } = useContext();
    await aCallForProposalsWorkbook({ store, gateway, clock: { now: () => new Date() } });
    const run = await runScript({
      spreadsheetId: 'local-CBE-LM',
      tabs: [{ name: 'Missions', rows: [HEADERS.Missions] }],
      userEmail: 'marie.lefebvre@cbe-lille.fr',
      properties: {
        DLA_FUNCTION_URL: SHEET_EDIT_URL,
        DLA_SYNC_URL: SYNC_URL,
        DLA_SCORE_URL: SCORE_URL,
        DLA_OWNER: 'CBE-LM',
        DLA_HMAC_SECRET: SECRETS['CBE-LM'],
      },
      actions: [
        { kind: 'call', functionName: 'dlaRecomputeScores' },
        { kind: 'call', functionName: 'dlaRecomputeScores' },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => [e.request.url, e.status])).toEqual([
      [SCORE_URL, 200],
      [SCORE_URL, 200],
    ]);
    const bodies = run.exchanges.map(
      (e) => JSON.parse(e.request.payload) as Record<string, unknown>,
    );
    expect(bodies.map((b) => Object.keys(b).sort())).toEqual([
      ['owner', 'requestId'],
      ['owner', 'requestId'],
    ]);
    expect(bodies.map((b) => b['owner'])).toEqual(['CBE-LM', 'CBE-LM']);
    // Each body is unique: two recomputes signed in the same second must not look replayed.
    expect(new Set(bodies.map((b) => b['requestId'])).size).toBe(2);
    for (const exchange of run.exchanges) expectSigned(exchange, SECRETS['CBE-LM']);
    expect(run.toasts).toEqual([
      'DLA — Calcul des notes en cours…',
      'DLA — Notes recalculées : 2 mission(s).',
      'DLA — Calcul des notes en cours…',
      'DLA — Notes recalculées : 2 mission(s).',
    ]);
    expect(gateway.column('CBE-LM', 'Sollicitations', 'Rang')).toEqual([2, 1, 3, null]);
  });

  it('« Recalculer les notes » of the C2RA workbook only reconciles it (no call for proposals there)', async () => {
    useContext();
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      properties: {
        DLA_FUNCTION_URL: SHEET_EDIT_URL,
        DLA_SYNC_URL: SYNC_URL,
        DLA_SCORE_URL: SCORE_URL,
        DLA_OWNER: 'C2RA',
        DLA_HMAC_SECRET: SECRETS.C2RA,
      },
      actions: [{ kind: 'call', functionName: 'dlaRecomputeScores' }],
    });
    expect(run.thrown).toEqual([]);
    expect(run.exchanges.map((e) => e.request.url)).toEqual([SYNC_URL]);
  });

  it('builds the « DLA » menu, and setupDla installs the two triggers once however often it runs', async () => {
    useContext();
    const run = await runScript({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [REGISTER_HEADER] }],
      actions: [
        { kind: 'call', functionName: 'onOpen' },
        { kind: 'call', functionName: 'setupDla' },
        { kind: 'call', functionName: 'setupDla' },
      ],
    });
    expect(run.thrown).toEqual([]);
    expect(run.menu).toEqual([
      '[DLA]',
      'Synchroniser maintenant → dlaSyncNow',
      'Recalculer les notes → dlaRecomputeScores',
      'Vérifier la feuille → dlaCheckSheet',
      '—',
      'Installer les déclencheurs → setupDla',
    ]);
    expect(run.triggers).toEqual(['onDlaEdit:edit', 'onDlaChange:change']);
    expect(run.toasts).toContain(
      'Déclencheurs DLA installés — Les modifications seront transmises au système DLA.',
    );
  });
});
