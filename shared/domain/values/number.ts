import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** Bounds and precision of a decimal number. */
export interface DecimalOptions {
  /** Smallest accepted value, included. */
  readonly min?: number;
  /** Largest accepted value, included. */
  readonly max?: number;
  /** Most digits accepted after the decimal comma; any number when absent. */
  readonly maxDecimals?: number;
}

/** Bounds of an integer. */
export interface IntegerOptions {
  /** Smallest accepted value, included. */
  readonly min?: number;
  /** Largest accepted value, included. */
  readonly max?: number;
}

/** Longer inputs cannot be a number: refused before any further work. */
const MAX_INPUT_LENGTH = 40;

/** French number format for messages: « 2,5 », « 1 000 » (U+202F between thousands). */
const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 10 });

function invalid(raw: unknown, expected: string): Result<number> {
  return fail('NUMBER_INVALID', `Nombre « ${describeRaw(raw)} » illisible : ${expected}.`);
}

function expectedText(maxDecimals: number | undefined): string {
  if (maxDecimals === 0) return 'saisissez un nombre entier, par exemple 12';
  if (maxDecimals === undefined) return 'saisissez un nombre, par exemple 2,5';
  const plural = maxDecimals > 1 ? 's' : '';
  return `saisissez un nombre avec ${maxDecimals} décimale${plural} au plus, par exemple 2,5`;
}

function checkRange(
  raw: unknown,
  value: number,
  min: number | undefined,
  max: number | undefined,
): Result<number> {
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return ok(value);
  const bounds =
    min !== undefined && max !== undefined
      ? `entre ${FRENCH_NUMBER.format(min)} et ${FRENCH_NUMBER.format(max)}`
      : min !== undefined
        ? `supérieur ou égal à ${FRENCH_NUMBER.format(min)}`
        : `inférieur ou égal à ${FRENCH_NUMBER.format(max ?? 0)}`;
  return fail(
    'NUMBER_OUT_OF_RANGE',
    `Nombre « ${describeRaw(raw)} » hors limites : il doit être ${bounds}.`,
  );
}

/** The value of a typed number (French comma or dot decimal, spaces between thousands), or null. */
function readText(text: string): { readonly value: number; readonly decimals: number } | null {
  const compact = text.replace(/[ \u00a0\u202f\u2007]/g, '').replace(/^[\u2212\u2013]/, '-');
  const match = /^([-+]?)(\d+)(?:[.,](\d+))?$/.exec(compact);
  if (match === null) return null;
  const [, sign = '', integer = '', fraction = ''] = match;
  // Trailing zeros are not precision a person asked for: « 12,0 » is an integer.
  const decimals = fraction.replace(/0+$/, '').length;
  const value = Number(`${sign}${integer}.${fraction === '' ? '0' : fraction}`);
  return Number.isFinite(value) ? { value, decimals } : null;
}

/** Decimals of a spreadsheet number, beyond floating-point noise. */
function decimalsOf(value: number): number {
  for (let decimals = 0; decimals <= 15; decimals += 1) {
    const scaled = value * 10 ** decimals;
    if (
      Math.abs(scaled - Math.round(scaled)) <=
      8 * Number.EPSILON * Math.max(1, Math.abs(scaled))
    ) {
      return decimals;
    }
  }
  return 16;
}

/**
 * Parses a decimal number (French comma or dot: « 2,5 », « 2.5 », « 1 234,5 ») within optional
 * bounds and precision; codes `NUMBER_INVALID`, `NUMBER_OUT_OF_RANGE` (bounds in French format).
 */
export function parseDecimal(raw: unknown, options: DecimalOptions = {}): Result<number> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const { min, max, maxDecimals } = options;
  let read: { readonly value: number; readonly decimals: number } | null = null;
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) read = { value: raw, decimals: decimalsOf(raw) };
  } else if (typeof raw === 'string') {
    const text = cleanCellText(raw);
    if (text.length <= MAX_INPUT_LENGTH) read = readText(text);
  }
  if (read === null) return invalid(raw, expectedText(maxDecimals));
  if (maxDecimals !== undefined && read.decimals > maxDecimals)
    return invalid(raw, expectedText(maxDecimals));
  const value =
    maxDecimals === undefined
      ? read.value
      : Math.round(read.value * 10 ** maxDecimals) / 10 ** maxDecimals;
  // -0 would print as « -0 » in some places.
  return checkRange(raw, value === 0 ? 0 : value, min, max);
}

/**
 * Parses a whole number (« 12 », « 12,0 », « 1 000 ») within optional bounds; codes
 * `NUMBER_INVALID`, `NUMBER_OUT_OF_RANGE` (bounds in French format).
 */
export function parseInteger(raw: unknown, options: IntegerOptions = {}): Result<number> {
  const parsed = parseDecimal(raw, { ...options, maxDecimals: 0 });
  if (parsed.ok && !Number.isSafeInteger(parsed.value))
    return invalid(raw, 'nombre entier trop grand');
  return parsed;
}
