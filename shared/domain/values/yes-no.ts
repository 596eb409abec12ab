import { fail, ok, type Result } from '../result';
import { describeRaw } from './cell-value';
import { normalizeForMatch } from './text-normalization';
import { blankOrFormulaFailure, cleanCellText } from './text';

const YES: ReadonlySet<string> = new Set(['oui', 'o', 'yes', 'vrai', 'true', '1', 'x']);
const NO: ReadonlySet<string> = new Set(['non', 'n', 'no', 'faux', 'false', '0']);

function invalid(raw: unknown): Result<boolean> {
  return fail(
    'YES_NO_INVALID',
    `Réponse « ${describeRaw(raw)} » non reconnue : saisissez « Oui » ou « Non ».`,
  );
}

/**
 * Parses a yes/no cell: spreadsheet booleans, 1 and 0, and oui/non, o/n, yes/no, vrai/faux,
 * true/false, x (a tick means yes), whatever the case and accents; code `YES_NO_INVALID`.
 */
export function parseYesNo(raw: unknown): Result<boolean> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 1 || raw === 0) return ok(raw === 1);
  if (typeof raw !== 'string' || raw.length > 40) return invalid(raw);
  const key = normalizeForMatch(cleanCellText(raw));
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return invalid(raw);
}

/** Writes a boolean as the spreadsheets show it: « Oui » or « Non ». */
export function formatYesNo(b: boolean): 'Oui' | 'Non' {
  return b ? 'Oui' : 'Non';
}
