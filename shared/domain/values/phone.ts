import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** Longer inputs cannot be a phone number: refused before any further work. */
const MAX_INPUT_LENGTH = 40;

/** The characters a phone number may be typed with, besides a leading `+`. */
const PHONE_CHARACTERS = /^\+?[\d \u00a0\u202f\u2007.\-/()]+$/;

/** Separators between groups of digits; they become single spaces in a foreign number. */
const SEPARATORS = /[ \u00a0\u202f\u2007.\-/()]+/g;

function invalid(raw: unknown): Result<string> {
  return fail(
    'PHONE_INVALID',
    `Numéro de téléphone « ${describeRaw(raw)} » invalide : attendu 10 chiffres (par exemple 03 20 74 57 40) ou un numéro étranger commençant par + (par exemple +32 2 123 45 67).`,
  );
}

/** A French national number (0 + 9 digits) written in pairs: « 03 59 30 67 30 ». */
function nationalNumberInPairs(nineDigits: string): string {
  return `0${nineDigits}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** The 9 digits after the 0 of a French number given without its country code, or null. */
function nationalDigits(digits: string): string | null {
  if (/^0[1-9]\d{8}$/.test(digits)) return digits.slice(1);
  // A spreadsheet that took the number for a number dropped its leading zero.
  if (/^[1-9]\d{8}$/.test(digits)) return digits;
  return null;
}

function fromNumber(raw: number): Result<string> {
  if (!Number.isSafeInteger(raw) || raw <= 0) return invalid(raw);
  const digits = String(raw);
  const national = nationalDigits(digits);
  if (national !== null) return ok(nationalNumberInPairs(national));
  // « +33 3 59 30 67 30 » read as a number loses its + but keeps the country code.
  if (/^33[1-9]\d{8}$/.test(digits)) return ok(nationalNumberInPairs(digits.slice(2)));
  return invalid(raw);
}

/**
 * Parses a phone number: French numbers (national, +33, 0033, with (0), dots, dashes, or a
 * spreadsheet number without its leading zero) become « 03 59 30 67 30 »; foreign numbers of
 * 8 to 15 digits keep their typed groups after the country code (« +32 2 123 45 67 »);
 * code `PHONE_INVALID`.
 */
export function parsePhone(raw: unknown): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (typeof raw === 'number') return fromNumber(raw);
  if (typeof raw !== 'string') return invalid(raw);
  const text = cleanCellText(raw);
  if (text.length > MAX_INPUT_LENGTH || !PHONE_CHARACTERS.test(text)) return invalid(raw);
  const international = text.startsWith('+') || text.startsWith('00');
  // « (0) » after the country code is the trunk prefix, never dialled from abroad.
  const withoutTrunk = text.replace(/\(\s*0\s*\)/g, ' ');
  const withoutPrefix = international ? withoutTrunk.replace(/^(\+|00)/, '') : withoutTrunk;
  const digits = withoutPrefix.replace(SEPARATORS, '');
  if (!/^\d+$/.test(digits)) return invalid(raw);
  if (!international) {
    const national = nationalDigits(digits);
    return national === null ? invalid(raw) : ok(nationalNumberInPairs(national));
  }
  if (digits.startsWith('33')) {
    const rest = digits.slice(2);
    // « +33 03… »: the zero typed out of habit is dropped.
    const nine = rest.length === 10 && rest.startsWith('0') ? rest.slice(1) : rest;
    return /^[1-9]\d{8}$/.test(nine) ? ok(nationalNumberInPairs(nine)) : invalid(raw);
  }
  if (digits.startsWith('0') || digits.length < 8 || digits.length > 15) return invalid(raw);
  return ok(`+${withoutPrefix.replace(SEPARATORS, ' ').trim()}`);
}
