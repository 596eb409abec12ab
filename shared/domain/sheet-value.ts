import type { FieldJson } from './stored-record';
import type { AnyFieldSpec } from './field-spec';
import { formatEuros } from './values/amount';
import type { CellValue } from './values/cell-value';
import { formatChoices } from './values/choice';
import { formatFrenchDate, isIsoDate } from './values/french-date';
import { formatYesNo } from './values/yes-no';

/**
 * The value a person would type in a cell for a stored value (jj/mm/aaaa, « 1 500,00 € »,
 * « Oui », a list separated by commas), so that a sync reads it back the same; null for none.
 */
export function sheetValueOf(spec: AnyFieldSpec, value: FieldJson | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return formatChoices(value);
  if (spec.format === 'date' && isIsoDate(value)) return formatFrenchDate(value);
  if (spec.format === 'amount' && typeof value === 'number' && Number.isSafeInteger(value))
    return formatEuros(value);
  if (typeof value === 'boolean') return formatYesNo(value);
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}
