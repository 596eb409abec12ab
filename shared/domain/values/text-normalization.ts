/** Every apostrophe-like character a person or a word processor may type. */
const APOSTROPHES = /[\u2019\u2018\u02bc\u2032\u0060\u00b4]/g;

/** Every dash-like character (hyphen, non-breaking hyphen, figure dash, en and em dash, minus). */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;

/** Runs of whitespace, including the no-break spaces French typography inserts. */
const WHITESPACE_RUN = /[\s\u00a0\u202f\u2007]+/g;

/** Combining diacritical marks left by NFD decomposition. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * Reduces a text to the key used to compare what a person typed with an expected value: lowercase,
 * without accents, with one kind of apostrophe and of dash, single spaces, trimmed (œ → oe, æ → ae).
 */
export function normalizeForMatch(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(APOSTROPHES, "'")
    .replace(DASHES, '-')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Options of {@link stripControlCharacters}. */
export interface StripOptions {
  /** Keep line feeds and tabs (a carriage return becomes a line feed); false by default. */
  readonly keepNewlines?: boolean;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the purpose
const CONTROLS_ALL = /[\u0000-\u001f\u007f-\u009f\ufeff\u200b\u2060]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the purpose
const CONTROLS_BUT_NEWLINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u200b\u2060]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes the invisible characters a cell must never store: C0 and C1 controls (except line feed
 * and tab with `keepNewlines`), DEL, byte-order marks, zero-width spaces and lone UTF-16 surrogates.
 */
export function stripControlCharacters(s: string, options: StripOptions = {}): string {
  const withoutSurrogates = s.replace(LONE_SURROGATE, '');
  if (options.keepNewlines === true) {
    // Windows and old Mac line endings would otherwise lose their line break with the \r.
    return withoutSurrogates.replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_NEWLINES, '');
  }
  return withoutSurrogates.replace(CONTROLS_ALL, '');
}
