/*
 * Spreadsheet column letters, the one helper for the whole code base. By hand because exceljs's
 * own (`colCache`) is internal to it and shared/ imports nothing but zod.
 */

/** The letters of a 1-based column number: 1 → `A`, 26 → `Z`, 28 → `AB`. */
export function columnLetter(position: number): string {
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

/** The 1-based column number of upper-case letters: `A` → 1, `AB` → 28. */
export function columnNumber(letters: string): number {
  if (!/^[A-Z]+$/.test(letters)) throw new RangeError(`Invalid column letters: ${letters}`);
  return [...letters].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);
}
