/**
 * Starting benchmark child processes from the orchestrator: one Node process per heavy case
 * (`bench/child.ts` through tsx), its result read back from a JSON file, its stderr kept for
 * the report when it fails.
 *
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ChildCaseName, ChildResult } from '../child';

/** The child entry point. */
const CHILD = path.join(__dirname, '..', 'child.ts');

/** Heap given to a child that ran out of the default one, and to the workspace builds. */
export const LARGE_HEAP_MB = 12_288;

/** How a child is run. */
export interface ChildOptions {
  /** Old-space size in MiB; Node's default (about 4 GiB here) when absent. */
  readonly heapMb?: number;
  /** Killed after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

/** The node arguments of a child running `name`. */
function nodeArgs(name: ChildCaseName, args: unknown, resultFile: string, heapMb?: number) {
  return [
    '--expose-gc',
    ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]),
    '--import',
    'tsx',
    CHILD,
    name,
    JSON.stringify(args),
    resultFile,
  ];
}

/** A child that failed: its exit, the end of its stderr, and whether it ran out of heap. */
export class ChildFailure extends Error {
  constructor(
    readonly caseName: string,
    readonly exit: string,
    readonly stderr: string,
  ) {
    super(`Benchmark child « ${caseName} » failed (${exit}): ${stderr.slice(-2_000)}`);
    this.name = 'ChildFailure';
  }

  /** True when V8 ran out of heap. */
  get outOfMemory(): boolean {
    return /heap out of memory|Allocation failed/i.test(this.stderr);
  }
}

let sequence = 0;

/** Runs one case in a child process and returns its result and the child's idle RSS. */
export async function runChild<T>(
  workDir: string,
  name: ChildCaseName,
  args: unknown,
  options: ChildOptions = {},
): Promise<ChildResult<T>> {
  sequence += 1;
  const resultFile = path.join(workDir, `result-${sequence}-${name}.json`);
  const child = spawn(process.execPath, nodeArgs(name, args, resultFile, options.heapMb), {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: path.join(__dirname, '..', '..'),
  });
  const stderr = collect(child);
  const exit = await exited(child, options.timeoutMs ?? 600_000);
  if (exit !== 'code 0') throw new ChildFailure(name, exit, stderr());
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult<T>;
  rmSync(resultFile, { force: true });
  return result;
}

function collect(child: ChildProcess): () => string {
  const chunks: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    if (chunks.length > 200) chunks.splice(0, chunks.length - 200);
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

function exited(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === null ? `code ${String(code)}` : `signal ${signal}`);
    });
  });
}

/** Messages the server child sends. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'marked'; readonly rssMb: number }
  | { readonly type: 'report'; readonly peakRssMb: number; readonly rssMb: number };

/** A long-running child talked to over IPC (the functions server). */
export interface ServerChild {
  readonly url: string;
  /** Sends a command and waits for the answer of the given type. */
  ask<K extends ServerMessage['type']>(
    command: string,
    answer: K,
  ): Promise<Extract<ServerMessage, { type: K }>>;
  /** Asks the server to stop and waits for the process to end. */
  stop(): Promise<void>;
}

function isServerMessage(value: unknown): value is ServerMessage {
  return (
    typeof value === 'object' && value !== null && typeof Reflect.get(value, 'type') === 'string'
  );
}

/** Starts the functions server child and waits until it listens. */
export async function startServerChild(args: unknown): Promise<ServerChild> {
  const child = spawn(process.execPath, nodeArgs('server', args, ''), {
    // The server logs one JSON line per request: not wanted here, and not free to pipe.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    cwd: path.join(__dirname, '..', '..'),
  });
  const stderr = collect(child);
  const ended = exited(child, 30 * 60_000);
  const next = <K extends ServerMessage['type']>(type: K) =>
    new Promise<Extract<ServerMessage, { type: K }>>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (isServerMessage(message) && message.type === type) {
          child.off('message', onMessage);
          resolve(message as Extract<ServerMessage, { type: K }>);
        }
      };
      child.on('message', onMessage);
      void ended.then((exit) => reject(new ChildFailure('server', exit, stderr())));
    });
  const ready = await next('ready');
  return {
    url: ready.url,
    ask: (command, answer) => {
      const reply = next(answer);
      child.send(command);
      return reply;
    },
    stop: async () => {
      child.send('stop');
      await ended;
    },
  };
}
