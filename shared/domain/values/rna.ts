import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { parseSiret } from './siret';
import { blankOrFormulaFailure, cleanCellText } from './text';

/** Longer inputs cannot be an identifier: refused before any further work. */
const MAX_INPUT_LENGTH = 64;

/** The compact form of a text that may be an RNA number: no spaces, uppercase. */
function compactRna(text: string): string {
  return text.replace(/[ \u00a0\u202f\u2007]/g, '').toUpperCase();
}

/**
 * Parses the RNA number of an association (répertoire national des associations): `W` then 9
 * digits, accepting a lowercase w and spaces; code `RNA_INVALID`.
 */
export function parseRna(raw: unknown): Result<string> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (typeof raw === 'string') {
    const text = cleanCellText(raw);
    if (text.length <= MAX_INPUT_LENGTH) {
      const compact = compactRna(text);
      if (/^W\d{9}$/.test(compact)) return ok(compact);
    }
  }
  return fail(
    'RNA_INVALID',
    `Numéro RNA « ${describeRaw(raw)} » invalide : attendu la lettre W suivie de 9 chiffres (par exemple W595012345).`,
  );
}

/** An identifier of a structure: its SIRET, or for an association without one, its RNA number. */
export interface SiretOrRna {
  readonly kind: 'siret' | 'rna';
  readonly value: string;
}

/**
 * Parses a cell holding either a SIRET (14 digits) or an RNA number (W + 9 digits); code
 * `SIRET_OR_RNA_INVALID` for neither shape, `SIRET_INVALID` for 14 digits with a wrong check digit.
 */
export function parseSiretOrRna(raw: unknown): Result<SiretOrRna> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (typeof raw === 'string' && /^w/i.test(cleanCellText(raw))) {
    const rna = parseRna(raw);
    if (rna.ok) return ok({ kind: 'rna', value: rna.value });
  } else {
    const siret = parseSiret(raw);
    if (siret.ok) return ok({ kind: 'siret', value: siret.value });
    if (siret.error.code === 'SIRET_INVALID') return siret;
  }
  return fail(
    'SIRET_OR_RNA_INVALID',
    `Identifiant « ${describeRaw(raw)} » illisible : saisissez un SIRET (14 chiffres) ou, pour une association sans SIRET, son numéro RNA (W suivi de 9 chiffres).`,
  );
}
