/**
 * One line of `dla doctor`: its status, topic, message and fix, and how lines are printed and
 * turned into an exit code. The checks themselves, pure, are grouped by family beside this file.
 */
import type { Config } from '../../functions/config';

/** ✓ right, ! worth a look, ✗ wrong. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the diagnosis. */
export interface DoctorCheck {
  readonly status: CheckStatus;
  /** What was checked (« Configuration », « Classeur CBE-LM »…). */
  readonly topic: string;
  /** What was found, in French. */
  readonly message: string;
  /** How to fix it, in French (absent when nothing is to be done). */
  readonly fix?: string;
}

/** The mark of each status. */
export const STATUS_MARKS: Readonly<Record<CheckStatus, string>> = {
  ok: '✓',
  warn: '!',
  fail: '✗',
};

/** Local workspace (SQLite + .xlsx) or deployment (Firestore and/or Google Sheets). */
export type DoctorMode = 'local' | 'deployment';

/** The mode a configuration describes. */
export function modeOf(config: Config): DoctorMode {
  return config.store.kind === 'sqlite' && config.spreadsheets.kind === 'xlsx'
    ? 'local'
    : 'deployment';
}

/** One check as a line: mark, topic, message, then the fix after an arrow. */
export function formatCheck(check: DoctorCheck): string {
  const fix = check.fix === undefined ? '' : ` → ${check.fix}`;
  return `${STATUS_MARKS[check.status]} ${check.topic} : ${check.message}${fix}`;
}

/** 0 when every check is right, 1 otherwise. */
export function exitCodeOf(checks: readonly DoctorCheck[]): 0 | 1 {
  return checks.every((c) => c.status === 'ok') ? 0 : 1;
}

/** A check line; `fix` only when something is to be done. */
export function check(
  status: CheckStatus,
  topic: string,
  message: string,
  fix?: string,
): DoctorCheck {
  return fix === undefined ? { status, topic, message } : { status, topic, message, fix };
}

/** The variable names a configuration error is about (« Variable X manquante »), else every one it mentions. */
export function variablesNamedIn(message: string): string[] {
  const named = [...message.matchAll(/\b[Vv]ariable ([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? '');
  const alternatives = [...message.matchAll(/\bou ((?:DLA|GOOGLE)_[A-Z0-9_]+)/g)].map(
    (m) => m[1] ?? '',
  );
  const mentioned = [...message.matchAll(/\b((?:DLA|GOOGLE|FIRESTORE)_[A-Z0-9_]+|PORT)\b/g)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set(named.length > 0 ? [...named, ...alternatives] : mentioned)];
}
