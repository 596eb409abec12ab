import fc from 'fast-check';

/**
 * One character people and programs put in cells that they should not: any grapheme, control
 * characters, lone surrogates, invisible and special spaces, quotes and backslashes.
 */
export const nastyCharacter: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u00a0',
      '\u202f',
      '\ufeff',
      '\u200b',
      '\u2028',
      '\u007f',
      '"',
      '\\',
    ),
  },
);
