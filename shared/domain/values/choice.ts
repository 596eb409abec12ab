import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { normalizeForMatch } from './text-normalization';
import { blankOrFormulaFailure, cleanCellText, EMPTY_MESSAGE } from './text';

/** How many allowed values an error message suggests. */
const MAX_SUGGESTIONS = 5;

/** Only the start of a long input is compared, to keep the distance computation cheap. */
const MAX_COMPARED_LENGTH = 60;

/** What separates the values of a multi-choice cell (Google Sheets chips are joined with « , »). */
const ITEM_SEPARATORS = /[;,\n\r]+/;

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The allowed values closest to what was typed: prefixes and containing values first, then by edit distance. */
function closest(typed: string, allowed: readonly string[]): string[] {
  const key = normalizeForMatch(typed.slice(0, MAX_COMPARED_LENGTH));
  return allowed
    .map((value, index) => {
      const candidate = normalizeForMatch(value);
      const contains =
        key !== '' &&
        (candidate.startsWith(key) || candidate.includes(key) || key.includes(candidate));
      return { value, index, score: (contains ? 0 : 1000) + levenshtein(key, candidate) };
    })
    .sort((x, y) => x.score - y.score || x.index - y.index)
    .slice(0, MAX_SUGGESTIONS)
    .map((entry) => entry.value);
}

function unknownValues(
  raw: unknown,
  unknown: readonly string[],
  allowed: readonly string[],
): Result<never> {
  if (allowed.length === 0) {
    return fail(
      'CHOICE_INVALID',
      `Valeur « ${describeRaw(raw)} » refusée : aucune valeur n'est prévue dans cette liste.`,
    );
  }
  const first = unknown[0] ?? '';
  const suggestions = closest(first, allowed).join(', ');
  const more = allowed.length > MAX_SUGGESTIONS ? ' (liste complète dans le menu déroulant)' : '';
  const listed = unknown.slice(0, MAX_SUGGESTIONS).map((item) => `« ${describeRaw(item)} »`);
  const others =
    unknown.length > MAX_SUGGESTIONS ? ` et ${unknown.length - MAX_SUGGESTIONS} autres` : '';
  const named =
    unknown.length > 1
      ? `Valeurs ${listed.join(', ')}${others} inconnues.`
      : `Valeur « ${describeRaw(first)} » inconnue.`;
  return fail('CHOICE_INVALID', `${named} Choisissez dans la liste : ${suggestions}${more}.`);
}

/**
 * The index of each list of allowed values, built once per list: a reconcile parses every choice
 * cell of the workbook against the same few lists (the field specs' constant lists).
 */
const INDEXES = new WeakMap<
  readonly string[],
  { readonly length: number; readonly index: ReadonlyMap<string, string> }
>();

/** The allowed values by their comparison key (case, accents and spaces ignored); the first spelling wins. */
function indexAllowed(allowed: readonly string[]): ReadonlyMap<string, string> {
  const known = INDEXES.get(allowed);
  if (known !== undefined && known.length === allowed.length) return known.index;
  const index = new Map<string, string>();
  for (const value of allowed) {
    const key = normalizeForMatch(value);
    if (!index.has(key)) index.set(key, value);
  }
  INDEXES.set(allowed, { length: allowed.length, index });
  return index;
}

/** The text of a choice cell: numbers count as their text, other types are not choices. */
function cellText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

/**
 * Parses a single-choice cell into the canonical spelling of one of `allowed`, ignoring case,
 * accents and extra spaces; code `CHOICE_INVALID` with up to 5 closest allowed values.
 */
export function parseChoice(raw: unknown, allowed: readonly string[]): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const text = cellText(raw);
  if (text === null) return unknownValues(raw, [describeRaw(raw)], allowed);
  const match = indexAllowed(allowed).get(normalizeForMatch(cleanCellText(text)));
  return match === undefined ? unknownValues(raw, [text], allowed) : ok(match);
}

/**
 * Parses a multi-choice cell (values separated by `;`, `,` or line breaks) into its distinct
 * canonical values in the order of `allowed`; code `CHOICE_INVALID` naming every unknown item.
 */
export function parseChoices(raw: unknown, allowed: readonly string[]): Result<string[]> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const text = cellText(raw);
  if (text === null) return unknownValues(raw, [describeRaw(raw)], allowed);
  // The whole cell is tried first: a value of another list may itself contain a comma.
  const index = indexAllowed(allowed);
  const whole = index.get(normalizeForMatch(cleanCellText(text)));
  if (whole !== undefined) return ok([whole]);
  const items = text
    .split(ITEM_SEPARATORS)
    .map((item) => cleanCellText(item))
    .filter((item) => item !== '');
  if (items.length === 0) return fail('EMPTY', EMPTY_MESSAGE);
  const found = new Set<string>();
  const unknown = new Set<string>();
  for (const item of items) {
    const match = index.get(normalizeForMatch(item));
    if (match === undefined) unknown.add(item);
    else found.add(match);
  }
  if (unknown.size > 0) return unknownValues(raw, [...unknown], allowed);
  return ok(allowed.filter((value) => found.has(value)));
}

/** Writes a list of choices as a multi-choice cell shows it: joined with « , ». */
export function formatChoices(list: readonly string[]): string {
  return list.join(', ');
}
