/** The characters a spreadsheet reads, at the start of a cell, as the beginning of a formula. */
const FORMULA_TRIGGERS: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Makes a text safe to open in a spreadsheet: a text beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading apostrophe, so that Excel, LibreOffice or Google Sheets shows it
 * as text and never runs it as a formula (CSV/formula injection: a provider's name typed
 * `=HYPERLINK(…)` or `@SUM(…)` in a sheet would otherwise run on the C2RA's computer).
 *
 * Export side only: the store keeps exactly what was typed (the sync already refuses formulas in
 * typed cells), and only what leaves towards a spreadsheet is neutralised, because a text cell of
 * an .xlsx file becomes a live formula as soon as someone edits it or saves it as CSV.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}
