import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { blankOrFormulaFailure, cleanCellText, type Failure } from './text';

/** The SIREN of La Poste, whose establishments follow a different check rule. */
const LA_POSTE_SIREN = '356000000';

/** Separators a person or a spreadsheet puts between groups of digits. */
const DIGIT_GROUP_SEPARATORS = /[ \u00a0\u202f\u2007]/g;

/** Longer inputs cannot be an identifier: refused before any further work. */
const MAX_INPUT_LENGTH = 64;

/**
 * The digits of an identifier typed with spaces (ordinary, no-break U+00A0, narrow no-break
 * U+202F, figure U+2007) between groups; null when it holds anything else (letters, dots…).
 */
export function digitsOnly(s: string): string | null {
  const compact = s.trim().replace(DIGIT_GROUP_SEPARATORS, '');
  return /^\d+$/.test(compact) ? compact : null;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** True for 9 digits passing the Luhn check, as every SIREN does. */
export function isValidSiren(s: string): boolean {
  return /^\d{9}$/.test(s) && luhn(s);
}

/**
 * True for 14 digits passing the Luhn check, or, for La Poste (SIREN 356000000) whose
 * establishments do not follow Luhn, whose digits add up to a multiple of 5.
 */
export function isValidSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s)) return false;
  if (luhn(s)) return true;
  if (!s.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (const char of s) sum += Number(char);
  return sum % 5 === 0;
}

interface IdentifierSpec {
  readonly name: 'SIRET' | 'SIREN';
  readonly length: number;
  readonly example: string;
  readonly formatCode: string;
  readonly invalidCode: string;
  readonly isValid: (digits: string) => boolean;
}

const SIRET_SPEC: IdentifierSpec = {
  name: 'SIRET',
  length: 14,
  example: '732 829 320 00074',
  formatCode: 'SIRET_FORMAT',
  invalidCode: 'SIRET_INVALID',
  isValid: isValidSiret,
};

const SIREN_SPEC: IdentifierSpec = {
  name: 'SIREN',
  length: 9,
  example: '732 829 320',
  formatCode: 'SIREN_FORMAT',
  invalidCode: 'SIREN_INVALID',
  isValid: isValidSiren,
};

function formatError(raw: unknown, spec: IdentifierSpec, detail: string): Failure {
  return fail(
    spec.formatCode,
    `${spec.name} « ${describeRaw(raw)} » illisible : ${detail} (${spec.length} chiffres attendus, par exemple ${spec.example}).`,
  );
}

/**
 * Reads an identifier typed in scientific notation (« 7,3282932E+13 ») when every digit is
 * still there; a spreadsheet that shortened it has lost digits for good.
 */
function fromScientific(
  text: string,
): { readonly digits: string } | { readonly lost: true } | null {
  const match = /^(\d)[.,](\d+)e\+?(\d{1,2})$/i.exec(text);
  if (match === null) return null;
  const [, head = '', fraction = '', exponent = ''] = match;
  if (fraction.length !== Number(exponent)) return { lost: true };
  return { digits: head + fraction };
}

function parseIdentifier(raw: unknown, spec: IdentifierSpec): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  let digits: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || !Number.isInteger(raw) || raw < 0) {
      return formatError(raw, spec, 'un nombre entier sans décimales est attendu');
    }
    if (!Number.isSafeInteger(raw)) return formatError(raw, spec, 'nombre trop grand');
    digits = String(raw);
  } else if (typeof raw === 'string') {
    const text = cleanCellText(raw);
    if (text.length > MAX_INPUT_LENGTH) return formatError(raw, spec, 'texte trop long');
    const scientific = fromScientific(text);
    if (scientific !== null && 'lost' in scientific) {
      return formatError(
        raw,
        spec,
        "le tableur l'a converti en notation scientifique et des chiffres sont perdus, saisissez-le en texte",
      );
    }
    const found = scientific?.digits ?? digitsOnly(text);
    if (found === null) {
      return formatError(raw, spec, 'seuls des chiffres et des espaces sont acceptés');
    }
    digits = found;
  } else {
    return formatError(raw, spec, 'un numéro est attendu');
  }
  if (digits.length !== spec.length) {
    const hint = spec.name === 'SIRET' && digits.length === 9 ? " ; c'est peut-être un SIREN" : '';
    return formatError(raw, spec, `il compte ${digits.length} chiffres${hint}`);
  }
  if (!spec.isValid(digits)) {
    return fail(
      spec.invalidCode,
      `${spec.name} « ${describeRaw(raw)} » invalide : la clé de contrôle ne correspond pas, vérifiez les ${spec.length} chiffres.`,
    );
  }
  return ok(digits);
}

/**
 * Parses a SIRET (establishment number) into its 14 digits, from text with spaces or a
 * spreadsheet number; codes `SIRET_FORMAT` (not 14 digits), `SIRET_INVALID` (check digit).
 */
export function parseSiret(raw: unknown): Result<string> {
  return parseIdentifier(raw, SIRET_SPEC);
}

/**
 * Parses a SIREN (company number) into its 9 digits, from text with spaces or a spreadsheet
 * number; codes `SIREN_FORMAT` (not 9 digits), `SIREN_INVALID` (check digit).
 */
export function parseSiren(raw: unknown): Result<string> {
  return parseIdentifier(raw, SIREN_SPEC);
}
