/**
 * A value as a spreadsheet gives it once the adapter has flattened rich text, hyperlinks and
 * formulas: formulas arrive as their text, starting with `=`.
 */
export type CellValue = string | number | boolean | Date | null;

const BLANK = /^[\s\u00a0\u202f\u2007\ufeff]*$/u;

/** True for an empty cell: nothing, or only spaces of any kind. */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && BLANK.test(raw));
}

/** True for a value a person typed as a spreadsheet formula. */
export function isFormula(raw: unknown): boolean {
  return typeof raw === 'string' && raw.trimStart().startsWith('=');
}

/** Short description of a raw value for a French error message, never longer than 40 characters. */
export function describeRaw(raw: unknown): string {
  if (raw === null || raw === undefined) return '(vide)';
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime()) ? '(date invalide)' : raw.toISOString().slice(0, 10);
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    const text = String(raw);
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  }
  return '(valeur illisible)';
}
