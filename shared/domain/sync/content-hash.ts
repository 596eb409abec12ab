/** Canonical JSON: object keys sorted, so equal content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function fnv1a32(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A short hash of any JSON content (two FNV-1a 32-bit passes with different seeds): used to
 * compare a row with its stored record and to key quarantine entries, not for security.
 */
export function contentHash(value: unknown): string {
  const text = canonicalJson(value);
  return (
    fnv1a32(text, 0x811c9dc5).toString(16).padStart(8, '0') +
    fnv1a32(text, 0x050c5d1f).toString(16).padStart(8, '0')
  );
}

/** Deep equality of two JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function withoutTrailingEmpties(row: readonly unknown[]): unknown[] {
  const cells = row.map((v) => (v === null || v === undefined ? '' : v));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * True when two grids of a tab hold the same rows. Spreadsheets drop trailing empty cells, so
 * rows are compared without them (and an empty cell equals null).
 */
export function sameTabRows(
  a: readonly (readonly unknown[])[],
  b: readonly (readonly unknown[])[],
): boolean {
  return (
    canonicalJson(a.map(withoutTrailingEmpties)) === canonicalJson(b.map(withoutTrailingEmpties))
  );
}
