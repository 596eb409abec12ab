import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';

import ts from 'typescript';

import type { WorkerInput } from './apps-script-worker';

/*
 * The Apps Script of sheets/apps-script, compiled as `build.sh` does, run in `node:vm` with
 * stand-ins for the Apps Script services it uses. Each run (a trigger firing, a menu item) is a
 * worker thread of its own, as each Apps Script execution is, so two runs can interleave. What
 * runs share — the spreadsheet, the properties, the triggers, the document lock — lives on this
 * side: Apps Script calls are synchronous, so each call blocks its worker (Atomics.wait) while
 * this side answers it (v8-serialised through a shared buffer, Dates kept).
 */

/** One compiled file of the script. */
export interface CompiledScriptFile {
  readonly name: string;
  readonly code: string;
}

/** Compiles every src/*.ts of the Apps Script the way its tsconfig does (module none, ES2019). */
export function compileAppsScript(scriptDir: string): CompiledScriptFile[] {
  const sourceDir = path.join(scriptDir, 'src');
  return readdirSync(sourceDir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => {
      const output = ts.transpileModule(readFileSync(path.join(sourceDir, name), 'utf8'), {
        fileName: name,
        reportDiagnostics: true,
        compilerOptions: { target: ts.ScriptTarget.ES2019, module: ts.ModuleKind.None },
      });
      const errors = output.diagnostics ?? [];
      if (errors.length > 0)
        throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})));
      return { name: name.replace(/\.ts$/, '.js'), code: output.outputText };
    });
}

let compiledWorker: string | null = null;

/** apps-script-worker.ts as JavaScript, the source of every run's worker. */
function workerSource(): string {
  compiledWorker ??= ts.transpileModule(
    readFileSync(path.join(__dirname, 'apps-script-worker.ts'), 'utf8'),
    {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        esModuleInterop: true,
      },
    },
  ).outputText;
  return compiledWorker;
}

/** A cell of the stand-in spreadsheet. */
export interface SandboxCell {
  value: unknown;
  /** The formula text (`=…`) of a cell holding one, else ''. */
  formula: string;
  note: string;
  background: string | null;
}

/** A formula a person types, with the result Google would show (the sandbox evaluates nothing). */
export class TypedFormula {
  constructor(
    readonly formula: string,
    readonly result: unknown,
  ) {}
}

/** A write call the script made on a range. */
export interface WriteCall {
  readonly tab: string;
  readonly method: string;
  readonly row: number;
  readonly column: number;
  readonly numRows: number;
  readonly numColumns: number;
}

/** A request the script sent through UrlFetchApp. */
export interface FetchRequest {
  readonly url: string;
  readonly method: string;
  readonly contentType: string;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly muteHttpExceptions: boolean;
}

/** What a request gets: an HTTP answer, or UrlFetch throwing (network failure, its own timeout). */
export type FetchAnswer =
  { readonly status: number; readonly text: string } | { readonly thrown: string };

/** A request the script sent, and what came back (status 0: UrlFetch threw). */
export interface Exchange {
  readonly request: FetchRequest;
  readonly status: number;
  readonly body: unknown;
}

/** What starts a run. */
export type SandboxInvocation =
  | {
      readonly kind: 'edit';
      readonly tab: string;
      readonly row: number;
      readonly column: number;
      readonly numRows: number;
      readonly numColumns: number;
    }
  | { readonly kind: 'change'; readonly changeType: string }
  /** A global function run from the menu or the editor (menu items, setupDla, onOpen). */
  | { readonly kind: 'call'; readonly functionName: string }
  | { readonly kind: 'clock'; readonly handler: string; readonly triggerUid: string };

export interface SandboxOptions {
  readonly files: readonly CompiledScriptFile[];
  readonly spreadsheetId: string;
  readonly tabs: readonly {
    readonly name: string;
    readonly rows: readonly (readonly unknown[])[];
  }[];
  readonly scriptProperties: Readonly<Record<string, string>>;
  /** Who installed the triggers: the account every installable and time-based trigger runs as. */
  readonly installer: string;
  readonly forward: (request: FetchRequest) => Promise<FetchAnswer>;
  /** Real milliseconds waited per millisecond a lock wait asks for (default 1). */
  readonly lockTimeScale?: number;
  /** `ignored` grants every lock at once: a control that shows what the lock prevents. */
  readonly lock?: 'modelled' | 'ignored';
}

/** Who a run is: the account it executes as, and what `Session.getActiveUser()` gives. */
export interface RunAs {
  readonly effectiveUser?: string;
  /** '' models an editor outside the installer's domain, whose e-mail Google does not give. */
  readonly activeUser?: string;
  /** Every UrlFetch of the run waits for this first (to interleave two runs). */
  readonly fetchGate?: Promise<unknown>;
}

/** Moments of a run a test can wait for. */
export type RunEvent = 'fetch' | 'lock-wait' | 'lock-timeout';

/** What Apps Script throws into the script (as opposed to a bug of the sandbox). */
class AppsScriptException extends Error {}

const TOO_MANY_TRIGGERS =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
/** Apps Script's limit of triggers per user per script. */
const MAX_TRIGGERS_PER_USER = 20;
const BRIDGE_BYTES = 32 * 1024 * 1024;

interface StandInTrigger {
  readonly uid: string;
  readonly handler: string;
  readonly kind: 'edit' | 'change' | 'clock';
  readonly owner: string;
  fired: boolean;
}

/** One run: a worker, and the moments a test may wait for. */
export class SandboxRun {
  readonly done: Promise<void>;
  private readonly moments = new Map<RunEvent, { promise: Promise<void>; resolve: () => void }>();
  constructor(
    readonly id: number,
    readonly as: { readonly effectiveUser: string; readonly activeUser: string },
    readonly fetchGate: Promise<unknown>,
    done: Promise<void>,
  ) {
    this.done = done;
  }
  /** Resolves once the run has reached `event` (at once if it already has). */
  reached(event: RunEvent): Promise<void> {
    return this.moment(event).promise;
  }
  mark(event: RunEvent): void {
    this.moment(event).resolve();
  }
  private moment(event: RunEvent) {
    let found = this.moments.get(event);
    if (found === undefined) {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      found = { promise, resolve };
      this.moments.set(event, found);
    }
    return found;
  }
}

/** The stand-in Apps Script world of one bound spreadsheet. */
export class AppsScriptSandbox {
  readonly toasts: string[] = [];
  readonly logs: string[] = [];
  readonly menu: string[] = [];
  readonly writes: WriteCall[] = [];
  readonly exchanges: Exchange[] = [];
  /** Each TextFinder search the script ran (`findAll`), in order. */
  readonly finds: { readonly tab: string; readonly text: string }[] = [];
  /** What a run threw out of the script (it must never happen), one entry per run. */
  readonly thrown: string[] = [];
  private readonly grids = new Map<string, SandboxCell[][]>();
  private readonly properties = {
    script: new Map<string, string>(),
    document: new Map<string, string>(),
  };
  private triggerList: StandInTrigger[] = [];
  private nextTrigger = 1;
  private nextRun = 1;
  private lockHolder: number | null = null;
  private readonly lockWaiters: { run: SandboxRun; grant: (ok: boolean) => void }[] = [];

  constructor(private readonly options: SandboxOptions) {
    for (const tab of options.tabs) {
      this.grids.set(tab.name, []);
      tab.rows.forEach((line, r) => this.type(tab.name, r + 1, 1, [line]));
    }
    for (const [key, value] of Object.entries(options.scriptProperties))
      this.properties.script.set(key, value);
  }

  /** A person types or pastes `values` from (row, column), as the sheet then holds them. */
  type(tab: string, row: number, column: number, values: readonly (readonly unknown[])[]): void {
    values.forEach((line, r) =>
      line.forEach((value, c) => {
        const cell = this.cellAt(tab, row + r, column + c);
        cell.formula = value instanceof TypedFormula ? value.formula : '';
        cell.value = value instanceof TypedFormula ? value.result : value;
      }),
    );
  }

  /** A person types `values`, then the installable onEdit trigger fires (as the installer). */
  edit(
    tab: string,
    row: number,
    column: number,
    values: readonly (readonly unknown[])[],
    as: RunAs = {},
  ): SandboxRun {
    this.type(tab, row, column, values);
    const numColumns = Math.max(...values.map((line) => line.length));
    const invocation = {
      kind: 'edit' as const,
      tab,
      row,
      column,
      numRows: values.length,
      numColumns,
    };
    return this.start(invocation, { effectiveUser: this.options.installer, ...as });
  }

  /** Starts one run of the script. */
  start(invocation: SandboxInvocation, as: RunAs = {}): SandboxRun {
    const effectiveUser = as.effectiveUser ?? this.options.installer;
    const activeUser = as.activeUser ?? effectiveUser;
    const bridge = new SharedArrayBuffer(BRIDGE_BYTES + 8);
    const workerData: WorkerInput = {
      kind: 'apps-script-run',
      files: this.options.files,
      spreadsheetId: this.options.spreadsheetId,
      invocation,
      activeUser,
      effectiveUser,
      bridge,
    };
    const worker = new Worker(workerSource(), { eval: true, workerData });
    let settle = { resolve: (): void => undefined, reject: (_: unknown): void => undefined };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const run = new SandboxRun(
      this.nextRun++,
      { effectiveUser, activeUser },
      as.fetchGate ?? Promise.resolve(),
      done.finally(() => worker.terminate()),
    );
    const signal = new Int32Array(bridge, 0, 2);
    const bytes = new Uint8Array(bridge, 8);
    const answer = (payload: unknown): void => {
      const encoded = serialize(payload);
      if (encoded.length > BRIDGE_BYTES) throw new Error('answer too large for the bridge');
      bytes.set(encoded);
      Atomics.store(signal, 1, encoded.length);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    };
    worker.on('error', settle.reject);
    worker.on('exit', (code) => settle.reject(new Error(`run exited (${code}) before finishing`)));
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'log') this.logs.push(message.text);
      else if (message.kind === 'done') {
        if (message.thrown !== null) this.thrown.push(message.thrown);
        this.releaseLock(run);
        settle.resolve();
      } else {
        this.serve(run, message.op, message.args)
          .then((value) => answer({ ok: true, value }))
          .catch((error: unknown) => {
            if (error instanceof AppsScriptException) answer({ ok: false, message: error.message });
            else settle.reject(error);
          });
      }
    });
    return run;
  }

  /** Starts a run and waits for its end. */
  async run(invocation: SandboxInvocation, as: RunAs = {}): Promise<void> {
    await this.start(invocation, as).done;
  }

  /** Fires every time-based trigger due (one run each, in order), including those they create. */
  async runTimeTriggers(): Promise<number> {
    let fired = 0;
    for (;;) {
      const next = this.triggerList.find((t) => t.kind === 'clock' && !t.fired);
      if (next === undefined) return fired;
      if (fired >= MAX_TRIGGERS_PER_USER) throw new Error('time-based triggers keep creating more');
      next.fired = true;
      fired += 1;
      const invocation = { kind: 'clock' as const, handler: next.handler, triggerUid: next.uid };
      await this.run(invocation, { effectiveUser: next.owner, activeUser: next.owner });
    }
  }

  /** The project's triggers, as `handler:kind`, every user's. */
  triggers(): string[] {
    return this.triggerList.map((t) => `${t.handler}:${t.kind}`);
  }

  documentProperties(): Record<string, string> {
    return Object.fromEntries(this.properties.document);
  }

  /** The cells of a tab, row by row (sparse). */
  cells(tab: string): SandboxCell[][] {
    const grid = this.grids.get(tab);
    if (grid === undefined) throw new Error(`no tab ${tab}`);
    return grid.map((line) => [...(line ?? [])]);
  }

  cell(tab: string, row: number, column: number): SandboxCell | undefined {
    return this.grids.get(tab)?.[row - 1]?.[column - 1];
  }

  private cellAt(tab: string, row: number, column: number): SandboxCell {
    const grid = this.grids.get(tab);
    if (grid === undefined) throw new Error(`no tab ${tab}`);
    const line = (grid[row - 1] ??= []);
    return (line[column - 1] ??= { value: '', formula: '', note: '', background: null });
  }

  private lastFilled(tab: string, axis: 'row' | 'column'): number {
    let last = 0;
    (this.grids.get(tab) ?? []).forEach((line, r) =>
      line?.forEach((cell, c) => {
        if (
          cell !== undefined &&
          ((cell.value !== '' && cell.value !== null) || cell.formula !== '')
        )
          last = Math.max(last, (axis === 'row' ? r : c) + 1);
      }),
    );
    return last;
  }

  private async serve(run: SandboxRun, op: string, args: unknown[]): Promise<unknown> {
    const owner = run.as.effectiveUser;
    switch (op) {
      case 'hasSheet':
        return this.grids.has(String(args[0]));
      case 'lastRow':
        return this.lastFilled(String(args[0]), 'row');
      case 'lastColumn':
        return this.lastFilled(String(args[0]), 'column');
      case 'insertRowBefore':
        this.grids.get(String(args[0]))?.splice(Number(args[1]) - 1, 0, []);
        return null;
      case 'read':
        return this.read(args[0] as Where, String(args[1]));
      case 'findAll':
        return this.findAll(args[0] as Where, String(args[1]), args[2] as FinderOptions);
      case 'write':
        return this.write(args[0] as Where, String(args[1]), args[2]);
      case 'toast':
        this.toasts.push(
          args[1] === null ? String(args[0]) : `${String(args[1])} — ${String(args[0])}`,
        );
        return null;
      case 'menu':
        this.menu.push(String(args[0]));
        return null;
      case 'getProperty':
        return this.store(args[0]).get(String(args[1])) ?? null;
      case 'getProperties':
        return Object.fromEntries(this.store(args[0]));
      case 'setProperty':
        this.store(args[0]).set(String(args[1]), String(args[2]));
        return null;
      case 'deleteProperty':
        this.store(args[0]).delete(String(args[1]));
        return null;
      case 'identityToken':
        return identityToken(owner);
      case 'listTriggers':
        return this.triggerList
          .filter((t) => t.owner === owner)
          .map((t) => ({ uid: t.uid, handler: t.handler }));
      case 'createTrigger':
        return this.createTrigger(owner, String(args[0]), args[1] as StandInTrigger['kind']);
      case 'deleteTrigger':
        this.triggerList = this.triggerList.filter(
          (t) => !(t.uid === args[0] && t.owner === owner),
        );
        return null;
      case 'tryLock':
        return this.tryLock(run, Number(args[0]));
      case 'releaseLock':
        this.releaseLock(run);
        return null;
      case 'fetch':
        return this.fetch(run, args[0] as FetchRequest);
      default:
        throw new Error(`the sandbox does not model ${op}`);
    }
  }

  private store(name: unknown): Map<string, string> {
    return name === 'document' ? this.properties.document : this.properties.script;
  }

  private read(where: Where, what: string): unknown[][] {
    const [tab, row, column, numRows, numColumns] = where;
    const read = (cell: SandboxCell | undefined): unknown => {
      if (what === 'values') return cell?.value ?? '';
      if (what === 'formulas') return cell?.formula ?? '';
      return cell?.note ?? '';
    };
    return Array.from({ length: numRows }, (_, r) =>
      Array.from({ length: numColumns }, (_, c) => read(this.cell(tab, row + r, column + c))),
    );
  }

  /**
   * TextFinder's `findAll` over a range: the cells whose shown text contains `text` (or equals it,
   * with `matchEntireCell`), case-insensitive unless `matchCase`, row by row.
   */
  private findAll(where: Where, text: string, options: FinderOptions): [number, number][] {
    const [tab, row, column, numRows, numColumns] = where;
    this.finds.push({ tab, text });
    const fold = (t: string) => (options.matchCase ? t : t.toLowerCase());
    const wanted = fold(text);
    const found: [number, number][] = [];
    if (wanted === '') return found;
    for (let r = 0; r < numRows; r += 1)
      for (let c = 0; c < numColumns; c += 1) {
        const cell = this.cell(tab, row + r, column + c);
        const shown = fold(
          cell?.value === null || cell?.value === undefined ? '' : String(cell.value),
        );
        if (options.matchEntireCell ? shown === wanted : shown.includes(wanted))
          found.push([row + r, column + c]);
      }
    return found;
  }

  private write(where: Where, method: string, argument: unknown): null {
    const [tab, row, column, numRows, numColumns] = where;
    const matrix = method.endsWith('s') && method !== 'setNumberFormat';
    if (
      matrix &&
      (!Array.isArray(argument) ||
        argument.length !== numRows ||
        argument.some((line) => !Array.isArray(line) || line.length !== numColumns))
    ) {
      throw new AppsScriptException(
        `Le nombre de lignes ou de colonnes des données ne correspond pas à la plage (${method}).`,
      );
    }
    this.writes.push({ tab, method, row, column, numRows, numColumns });
    for (let r = 0; r < numRows; r += 1) {
      for (let c = 0; c < numColumns; c += 1) {
        const given = matrix ? (argument as unknown[][])[r]?.[c] : argument;
        const cell = this.cellAt(tab, row + r, column + c);
        if (method.startsWith('setValue')) {
          // As in Sheets, text starting with = written by a script becomes a formula.
          const formula = typeof given === 'string' && given.startsWith('=');
          cell.formula = formula ? given : '';
          cell.value = formula ? '' : given;
        } else if (method.startsWith('setNote')) cell.note = typeof given === 'string' ? given : '';
        else if (method.startsWith('setBackground'))
          cell.background = typeof given === 'string' ? given : null;
      }
    }
    return null;
  }

  private createTrigger(owner: string, handler: string, kind: StandInTrigger['kind']): unknown {
    if (this.triggerList.filter((t) => t.owner === owner).length >= MAX_TRIGGERS_PER_USER)
      throw new AppsScriptException(TOO_MANY_TRIGGERS);
    const trigger = { uid: String(this.nextTrigger++), handler, kind, owner, fired: false };
    this.triggerList.push(trigger);
    return { uid: trigger.uid, handler };
  }

  private tryLock(run: SandboxRun, timeoutMs: number): Promise<boolean> | boolean {
    if (this.options.lock === 'ignored') return true;
    if (this.lockHolder === null || this.lockHolder === run.id) {
      this.lockHolder = run.id;
      return true;
    }
    run.mark('lock-wait');
    return new Promise<boolean>((resolve) => {
      const waiter = {
        run,
        grant: (ok: boolean) => {
          clearTimeout(timer);
          if (!ok) run.mark('lock-timeout');
          resolve(ok);
        },
      };
      const timer = setTimeout(
        () => {
          this.lockWaiters.splice(this.lockWaiters.indexOf(waiter), 1);
          waiter.grant(false);
        },
        timeoutMs * (this.options.lockTimeScale ?? 1),
      );
      this.lockWaiters.push(waiter);
    });
  }

  /** Releases the lock the run holds; Apps Script also releases it when the run ends. */
  private releaseLock(run: SandboxRun): void {
    if (this.lockHolder !== run.id) return;
    const next = this.lockWaiters.shift();
    this.lockHolder = next?.run.id ?? null;
    next?.grant(true);
  }

  private async fetch(run: SandboxRun, request: FetchRequest): Promise<FetchAnswer> {
    run.mark('fetch');
    await run.fetchGate;
    const answer = await this.options.forward(request);
    if ('thrown' in answer) {
      this.exchanges.push({ request, status: 0, body: null });
      return answer;
    }
    let body: unknown = answer.text;
    try {
      body = JSON.parse(answer.text);
    } catch {
      // Not JSON: kept as text.
    }
    this.exchanges.push({ request, status: answer.status, body });
    return answer;
  }
}

type Where = [tab: string, row: number, column: number, numRows: number, numColumns: number];

interface FinderOptions {
  readonly matchCase: boolean;
  readonly matchEntireCell: boolean;
}

/** What a run's worker sends: a blocking call, a log line, or its end. */
export type WorkerMessage =
  | { readonly kind: 'rpc'; readonly op: string; readonly args: unknown[] }
  | { readonly kind: 'log'; readonly text: string }
  | { readonly kind: 'done'; readonly thrown: string | null };

/** A token shaped like Google's (unsigned here), naming the account the run executes as. */
function identityToken(email: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://accounts.google.com', email, email_verified: true })}.c2lnbmF0dXJl`;
}

/** The e-mail inside a token of {@link identityToken}. */
export function identityTokenEmail(authorization: string | undefined): string {
  const payload = (authorization ?? '').replace(/^Bearer /, '').split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    email?: string;
  };
  return claims.email ?? '';
}
