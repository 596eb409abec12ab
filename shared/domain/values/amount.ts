import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** The largest amount the scheme accepts, in cents (100 000 000 €). */
const MAX_CENTS = 10_000_000_000;

/** Longer inputs cannot be an amount: refused before any further work. */
const MAX_INPUT_LENGTH = 60;

/** Allowed rounding noise of a spreadsheet number once multiplied by 100 (0.1 + 0.2 and the like). */
const FLOAT_TOLERANCE = 8 * Number.EPSILON;

const CURRENCY_AT_START = /^(?:€|eur(?:os?)?\b)\s*/i;
const CURRENCY_AT_END = /\s*(?:€|euros?|eur)$/i;

/**
 * French currency format of Node 20's ICU: a narrow no-break space (U+202F) between thousands,
 * a comma before the cents, a no-break space (U+00A0) before the euro sign.
 */
const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

function invalid(raw: unknown): Result<number> {
  return fail(
    'AMOUNT_INVALID',
    `Montant « ${describeRaw(raw)} » illisible : saisissez un montant en euros comme 1 500,00 (2 décimales au plus).`,
  );
}

function tooManyDecimals(raw: unknown): Result<number> {
  return fail(
    'AMOUNT_INVALID',
    `Montant « ${describeRaw(raw)} » illisible : 2 décimales au plus (les centimes), par exemple 1 500,50.`,
  );
}

function negative(raw: unknown): Result<number> {
  return fail(
    'AMOUNT_NEGATIVE',
    `Montant « ${describeRaw(raw)} » négatif : saisissez un montant positif ou nul.`,
  );
}

function tooLarge(raw: unknown): Result<number> {
  return fail(
    'AMOUNT_TOO_LARGE',
    `Montant « ${describeRaw(raw)} » trop élevé : 100 000 000 € au plus.`,
  );
}

function fromNumber(raw: number): Result<number> {
  if (!Number.isFinite(raw)) return invalid(raw);
  if (raw < 0) return negative(raw);
  if (raw > MAX_CENTS / 100) return tooLarge(raw);
  const scaled = raw * 100;
  const cents = Math.round(scaled);
  if (Math.abs(scaled - cents) > FLOAT_TOLERANCE * Math.max(1, scaled)) return tooManyDecimals(raw);
  return ok(cents);
}

/**
 * The integer written with thousands separators (a space of any kind, an apostrophe, or a dot
 * when `allowDot`), the same separator throughout; null when the groups are not of three digits.
 */
function groupedInteger(text: string, allowDot: boolean): string | null {
  if (/^\d+$/.test(text)) return text;
  const separator = text.replace(/\d/g, '').charAt(0);
  if (separator !== ' ' && separator !== "'" && !(allowDot && separator === '.')) return null;
  const groups = text.split(separator);
  const [first = '', ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) || rest.length === 0) return null;
  return rest.every((group) => /^\d{3}$/.test(group)) ? groups.join('') : null;
}

type Split =
  { readonly integer: string; readonly decimals: string } | 'ambiguous' | 'decimals' | null;

/** Splits the digits of an amount into its euros and its cents, deciding what commas and dots mean. */
function splitAmount(text: string): Split {
  const commas = text.split(',');
  if (commas.length > 2) return null;
  if (commas.length === 2) {
    const [integerText = '', decimals = ''] = commas;
    if (/^\d{3,}$/.test(decimals)) return 'decimals';
    if (!/^\d{1,2}$/.test(decimals)) return null;
    const integer = groupedInteger(integerText, true);
    return integer === null ? null : { integer, decimals };
  }
  const dots = text.split('.');
  if (dots.length === 2) {
    // « 1.500 » is a thousand and a half in French habits, one and a half in English ones.
    if (/^[1-9]\d{0,2}\.\d{3}$/.test(text)) return 'ambiguous';
    const [integerText = '', decimals = ''] = dots;
    if (/^\d{3,}$/.test(decimals)) return 'decimals';
    if (!/^\d{1,2}$/.test(decimals)) return null;
    const integer = groupedInteger(integerText, false);
    return integer === null ? null : { integer, decimals };
  }
  // Several dots and no comma can only be thousands separators (« 1.500.000 »).
  const integer = groupedInteger(text, dots.length > 2);
  return integer === null ? null : { integer, decimals: '' };
}

function fromText(raw: unknown, original: string): Result<number> {
  let text = original;
  let isNegative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised !== null) {
    // Accounting notation: (1 500,00 €) is a debit.
    isNegative = true;
    text = (parenthesised[1] ?? '').trim();
  }
  text = text.replace(CURRENCY_AT_START, '').replace(CURRENCY_AT_END, '');
  const sign = /^([-+\u2212\u2013])\s*/.exec(text);
  if (sign !== null) {
    isNegative = isNegative || sign[1] !== '+';
    text = text.slice(sign[0].length).replace(CURRENCY_AT_START, '');
  }
  const normalized = text
    .trim()
    .replace(/[ \u00a0\u202f\u2007]+/g, ' ')
    .replace(/[\u2019]/g, "'");
  if (!/^[\d ',.]+$/.test(normalized)) return invalid(raw);
  const split = splitAmount(normalized);
  if (split === 'ambiguous') {
    return fail(
      'AMOUNT_AMBIGUOUS',
      `Montant « ${describeRaw(raw)} » ambigu : mille cinq cents ou un virgule cinq ? Saisissez les euros et les centimes séparés par une virgule, par exemple 1 500,00 ou 1,50.`,
    );
  }
  if (split === 'decimals') return tooManyDecimals(raw);
  if (split === null) return invalid(raw);
  const integer = split.integer.replace(/^0+(?=\d)/, '');
  if (integer.length > 12) return tooLarge(raw);
  const cents = Number(integer) * 100 + Number(split.decimals.padEnd(2, '0'));
  if (isNegative && cents > 0) return negative(raw);
  if (cents > MAX_CENTS) return tooLarge(raw);
  return ok(cents);
}

/**
 * Parses an amount in euros into integer cents: spreadsheet numbers, « 1 500,50 € » with any
 * French thousands separator, « 1.500,50 », « 1500.5 », « 1500 EUR », « €1500 ». Codes
 * `AMOUNT_INVALID`, `AMOUNT_AMBIGUOUS` (« 1.500 »), `AMOUNT_NEGATIVE`, `AMOUNT_TOO_LARGE`
 * (over 100 000 000 €).
 */
export function parseAmount(raw: unknown): Result<number> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (typeof raw === 'number') return fromNumber(raw);
  if (typeof raw !== 'string') return invalid(raw);
  const text = cleanCellText(raw);
  if (text.length > MAX_INPUT_LENGTH) return invalid(raw);
  return fromText(raw, text);
}

/**
 * Writes cents as French euros with Intl (fr-FR, EUR), e.g. `1 500,00 €`: U+202F (narrow no-break
 * space) between thousands, U+00A0 (no-break space) before `€`, a hyphen-minus for a negative;
 * throws a RangeError unless `cents` is a safe integer.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents))
    throw new RangeError(`Montant en centimes invalide : ${cents}.`);
  return EUROS.format(cents / 100);
}
