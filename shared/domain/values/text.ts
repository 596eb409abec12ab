import { fail, ok, type DomainError, type Result } from '../result';
import { describeRaw, isBlank, isFormula } from './cell-value';
import { stripControlCharacters } from './text-normalization';

/** A failed result, assignable to any `Result<T>`. */
export type Failure = { readonly ok: false; readonly error: DomainError };

/** The French message of a blank cell. */
export const EMPTY_MESSAGE = 'La cellule est vide.';

/** The French message of a formula typed where a plain value is expected. */
export const FORMULA_MESSAGE =
  'Les formules ne sont pas acceptées dans cette colonne : saisissez la valeur elle-même.';

/**
 * The failure every parser returns before looking at the value: `EMPTY` for a blank cell,
 * `FORMULA_NOT_ALLOWED` for a formula; null when the cell holds a value to parse.
 */
export function blankOrFormulaFailure(raw: unknown): Failure | null {
  if (isBlank(raw)) return fail('EMPTY', EMPTY_MESSAGE);
  if (isFormula(raw)) return fail('FORMULA_NOT_ALLOWED', FORMULA_MESSAGE);
  return null;
}

/**
 * Cleans the text of a one-line cell before it is parsed: line breaks and tabs become spaces,
 * invisible characters go, the ends are trimmed.
 */
export function cleanCellText(s: string): string {
  return stripControlCharacters(s.replace(/[\t\n\r\v\f]/g, ' ')).trim();
}

/** Formats a count the French way (« 5 000 », with a narrow no-break space). */
const COUNT_FORMAT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

function tooLong(raw: unknown, length: number, maxLength: number): Failure {
  return fail(
    'TEXT_TOO_LONG',
    `Texte trop long « ${describeRaw(raw)} » : ${COUNT_FORMAT.format(length)} caractères pour ${COUNT_FORMAT.format(maxLength)} au maximum.`,
  );
}

/** Turns a cell of any type into text, or explains why it is not text. */
function cellToText(raw: unknown): Result<string> {
  if (typeof raw === 'string') return ok(raw);
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return ok(String(raw));
    return fail('TEXT_INVALID', `Valeur « ${describeRaw(raw)} » illisible : saisissez un texte.`);
  }
  // French spreadsheets show booleans as VRAI / FAUX: keep what the person saw.
  if (typeof raw === 'boolean') return ok(raw ? 'VRAI' : 'FAUX');
  if (raw instanceof Date) {
    return fail(
      'TEXT_INVALID',
      `Une date « ${describeRaw(raw)} » n'est pas acceptée dans cette colonne : saisissez un texte.`,
    );
  }
  return fail('TEXT_INVALID', `Valeur « ${describeRaw(raw)} » illisible : saisissez un texte.`);
}

/** Length in characters as a person counts them (code points, not UTF-16 units). */
function charCount(s: string): number {
  return s.length - (s.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
}

/**
 * Parses a one-line text (a name, a title): numbers and booleans become text, line breaks and
 * tabs become spaces, runs of spaces collapse; codes `TEXT_INVALID`, `TEXT_TOO_LONG`.
 */
export function parseShortText(raw: unknown, maxLength = 300): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const text = cellToText(raw);
  if (!text.ok) return text;
  const cleaned = cleanCellText(text.value).replace(/[\s\u00a0\u202f\u2007]+/g, ' ');
  if (cleaned === '') return fail('EMPTY', EMPTY_MESSAGE);
  const length = charCount(cleaned);
  if (length > maxLength) return tooLong(raw, length, maxLength);
  return ok(cleaned);
}

/**
 * Parses a multi-line text (a comment, a reason): keeps line breaks (as `\n`) and tabs, drops
 * trailing spaces of each line and invisible characters; codes `TEXT_INVALID`, `TEXT_TOO_LONG`.
 */
export function parseLongText(raw: unknown, maxLength = 5000): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const text = cellToText(raw);
  if (!text.ok) return text;
  // Line by line: a regex on trailing spaces would backtrack quadratically on long runs.
  const cleaned = stripControlCharacters(text.value, { keepNewlines: true })
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  if (cleaned === '') return fail('EMPTY', EMPTY_MESSAGE);
  const length = charCount(cleaned);
  if (length > maxLength) return tooLong(raw, length, maxLength);
  return ok(cleaned);
}
