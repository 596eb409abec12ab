/**
 * The real `dla` command line, run the way a person runs it (`npm run dla -- …`): `tsx
 * scripts/dla.ts …` from the repository root, in a child process.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root, where the command line runs. */
export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The tsx binary that runs the TypeScript entry point. */
export const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
/** The entry point of the command line. */
export const DLA_SCRIPT = path.join(REPO_ROOT, 'scripts/dla.ts');

/** What a command printed. */
export interface DlaOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** How a command ended: its exit code and what it printed. */
export interface DlaExit extends DlaOutput {
  readonly code: number;
}

/** Runs `dla …args` with more environment; rejects when it exits with a non-zero code. */
async function execute(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<DlaOutput> {
  const { stdout, stderr } = await run(TSX, [DLA_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    maxBuffer: 50_000_000,
    env: { ...process.env, ...env },
  });
  return { stdout, stderr };
}

/** Runs `dla …args`; rejects (with the output in the error) when it exits with a non-zero code. */
export function runDla(...args: string[]): Promise<DlaOutput> {
  return execute(args, {});
}

/** Runs `dla …args`; never rejects: the exit code comes back with the output. */
export function dlaExit(...args: string[]): Promise<DlaExit> {
  return dlaExitWith({}, ...args);
}

/** {@link dlaExit} with more environment (e.g. `DLA_STORE=firestore`). */
export async function dlaExitWith(
  env: Readonly<Record<string, string>>,
  ...args: string[]
): Promise<DlaExit> {
  try {
    return { code: 0, ...(await execute(args, env)) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
