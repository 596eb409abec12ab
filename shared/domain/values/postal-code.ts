import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** The départements of the Nord – Pas de Calais DLA. */
const REGION_DEPARTMENTS: readonly string[] = ['59', '62'];

/** True for 5 digits whose prefix is a French département (01–95 with 20 for Corsica, 971–978, 98x). */
function hasFrenchPrefix(code: string): boolean {
  if (!/^\d{5}$/.test(code)) return false;
  const prefix = Number(code.slice(0, 2));
  if (prefix >= 1 && prefix <= 95) return true;
  if (prefix === 97) return /^97[1-8]/.test(code);
  return prefix === 98;
}

function invalid(raw: unknown): Result<string> {
  return fail(
    'POSTAL_CODE_INVALID',
    `Code postal « ${describeRaw(raw)} » invalide : attendu les 5 chiffres d'un code postal français (par exemple 59000).`,
  );
}

/**
 * Parses a French postal code into 5 digits, restoring the leading zero a spreadsheet drops
 * (2100 → « 02100 »); the prefix must be a real département; code `POSTAL_CODE_INVALID`.
 */
export function parsePostalCode(raw: unknown): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  let digits: string;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 1000 || raw > 99999) return invalid(raw);
    digits = String(raw);
  } else if (typeof raw === 'string') {
    const text = cleanCellText(raw);
    if (text.length > 20) return invalid(raw);
    digits = text.replace(/[ \u00a0\u202f\u2007]/g, '');
    if (!/^\d{4,5}$/.test(digits)) return invalid(raw);
  } else {
    return invalid(raw);
  }
  const code = digits.padStart(5, '0');
  return hasFrenchPrefix(code) ? ok(code) : invalid(raw);
}

/**
 * The département of a postal code: « 59 », « 62 », « 2A » / « 2B » for Corsica (200xx–201xx /
 * 202xx–209xx), three digits overseas (« 971 »…); null when it is not a French postal code.
 */
export function departmentOf(code: string): string | null {
  if (!hasFrenchPrefix(code)) return null;
  if (code.startsWith('20')) return code.startsWith('200') || code.startsWith('201') ? '2A' : '2B';
  if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
  return code.slice(0, 2);
}

/** True when the postal code lies in the Nord (59) or the Pas-de-Calais (62). */
export function isInRegion(code: string): boolean {
  const department = departmentOf(code);
  return department !== null && REGION_DEPARTMENTS.includes(department);
}
