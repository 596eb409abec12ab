/*
 * Spreadsheet column letters, the one helper for the whole code base. By hand because exceljs's
 * own (`colCache`) is internal to it and shared/ imports nothing but zod. A position counts from
 * 1 (column A is position 1, as exceljs and A1 notation count); a 0-based index (the Sheets API's
 * `columnIndex`) is `position - 1`.
 */

/** The letters of a 1-based column position: 1 → `A`, 26 → `Z`, 28 → `AB`. */
export function columnLetterOfPosition(position: number): string {
  if (!Number.isInteger(position) || position < 1)
    throw new RangeError(`Invalid column number: ${position}`);
  let rest = position;
  let letters = '';
  while (rest > 0) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** The 1-based column position of upper-case letters: `A` → 1, `AB` → 28. */
export function columnPositionOfLetters(letters: string): number {
  if (!/^[A-Z]+$/.test(letters)) throw new RangeError(`Invalid column letters: ${letters}`);
  return [...letters].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);
}
