import type { ColumnLayout, ListSource } from './workbook-layout';

/** A dropdown of a column: fixed values, the values of another tab's column, or none. */
export type ColumnDropdown =
  | { readonly kind: 'values'; readonly values: readonly string[] }
  | { readonly kind: 'column'; readonly source: ListSource }
  | null;

/**
 * The dropdown a column gets: single-value lists (choices, Oui/Non) and reference columns. A
 * multi-value column gets none (a list validation would refuse « a, b »), nor does a locked one.
 */
export function columnDropdown(column: ColumnLayout): ColumnDropdown {
  if (column.protected) return null;
  if (column.listFrom !== undefined) return { kind: 'column', source: column.listFrom };
  if (column.format === 'choices' || column.choices === undefined || column.choices.length === 0) {
    return null;
  }
  return { kind: 'values', values: column.choices };
}
