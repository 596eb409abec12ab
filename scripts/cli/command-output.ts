/**
 * What a `dla` command prints. Results go to stdout; messages for a person, warnings and
 * progress to stderr. With `--json`, stdout carries JSON only, failures included:
 * `{"ok":false,"code":"…","message":"…"}`.
 *
 * @packageDocumentation
 */
import { EXIT_CODES } from './french-commander';

/** The stable code of a failure with no code of its own. */
export const CANNOT_RUN = 'CANNOT_RUN';

let jsonOutput = false;

/** Set once by the entry point from the command line (`--json` anywhere in it). */
export function setJsonOutput(on: boolean): void {
  jsonOutput = on;
}

/** True when stdout must carry JSON only. */
export function isJsonOutput(): boolean {
  return jsonOutput;
}

/** A failure as printed with `--json`. */
export interface JsonFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}

/** `Synchronisation impossible : … [WORKBOOK_UNREADABLE]` → its code and message without it. */
export function splitCode(message: string): { code: string | null; message: string } {
  const match = /^([\s\S]*?)\s*\[([A-Z][A-Z0-9_]*)\]\.?$/.exec(message.trim());
  return match === null
    ? { code: null, message: message.trim() }
    : { code: match[2] ?? null, message: match[1] ?? '' };
}

/** The JSON line of a failure. */
export function jsonFailure(code: string, message: string): string {
  const failure: JsonFailure = { ok: false, code, message };
  return `${JSON.stringify(failure)}\n`;
}

/**
 * Reports that a command could not run and gives its exit code (1): the French message on
 * stderr, or with `--json` its JSON on stdout. The code is `code`, else the `[CODE]` that ends
 * the message, else {@link CANNOT_RUN}.
 */
export function cannotRun(message: string, code?: string): number {
  const split = splitCode(message);
  if (jsonOutput) {
    process.stdout.write(jsonFailure(code ?? split.code ?? CANNOT_RUN, split.message));
  } else {
    process.stderr.write(`${message}\n`);
  }
  return EXIT_CODES.couldNotRun;
}

/** Prints a command's result as JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A message for a person: stdout normally, stderr with `--json` (stdout is for JSON only). */
export function say(text: string): void {
  (jsonOutput ? process.stderr : process.stdout).write(`${text}\n`);
}
