import { formatEuros, parseAmount } from '../../../../../shared/domain/values/amount';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseAmount', () => {
  it.each<[unknown, number]>([
    [1500, 150000],
    [1500.5, 150050],
    [19.99, 1999],
    [0, 0],
    [0.1 + 0.2, 30], // floating-point noise of a computed cell
    [100_000_000, 10_000_000_000],
    ['1 500,50 €', 150050],
    ['1 500,50', 150050],
    ['1\u00a0500,50', 150050],
    ['1\u202f500,50', 150050],
    ['1\u2007500,50', 150050],
    ["1'500,50", 150050],
    ['1’500,50', 150050],
    ['1500,5', 150050],
    ['1500.5', 150050],
    ['1500.50', 150050],
    ['1.500,50', 150050],
    ['1.500.000,00', 150_000_000],
    ['1.500.000', 150_000_000],
    ['1 500 €', 150000],
    ['1500 EUR', 150000],
    ['1500 euros', 150000],
    ['€1500', 150000],
    ['€ 1 500,00', 150000],
    ['1500€', 150000],
    ['1 234 567,89 €', 123456789],
    ['12', 1200],
    ['0,05', 5],
    ['+1500', 150000],
    ['-0', 0],
    ['100 000 000,00 €', 10_000_000_000],
  ])('reads %j as %j cents', (raw, cents) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value: cents });
  });

  it.each<[unknown]>([['1.500'], ['12.345'], ['1.500 €']])('refuses the ambiguous %j', (raw) => {
    const result = parseAmount(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('AMOUNT_AMBIGUOUS');
      expect(result.error.message).toContain('1 500,00');
      expect(result.error.message).toContain(`« ${String(raw)} »`);
    }
  });

  it.each<[unknown]>([[-1], [-0.01], ['-1 500,00 €'], ['−1500'], ['-€1500'], ['(1 500,00 €)']])(
    'refuses the negative %j',
    (raw) => {
      const result = parseAmount(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('AMOUNT_NEGATIVE');
        expect(result.error.message).toContain('négatif');
      }
    },
  );

  it.each<[unknown]>([
    [100_000_000.01],
    ['100 000 000,01'],
    ['1 000 000 000 €'],
    ['9'.repeat(40)],
    [1e21],
  ])('refuses the too large %j', (raw) => {
    const result = parseAmount(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('AMOUNT_TOO_LARGE');
      expect(result.error.message).toContain('100 000 000 €');
    }
  });

  it.each<[unknown, string]>([
    [1.005, '2 décimales'],
    [1500.123, '2 décimales'],
    ['1500,555', '2 décimales'],
    ['12345.678', '2 décimales'],
    ['1 500 50', '1 500,00'],
    ['1 50,00', '1 500,00'],
    ['1,500,00', '1 500,00'],
    ['1.500.50', '1 500,00'],
    ['1 500.000,00', '1 500,00'],
    ['abc', '1 500,00'],
    ['12 $', '1 500,00'],
    ['1500,', '1 500,00'],
    [',50', '1 500,00'],
    ['--1500', '1 500,00'],
    [true, '1 500,00'],
  ])('refuses %j with AMOUNT_INVALID', (raw, hint) => {
    const result = parseAmount(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('AMOUNT_INVALID');
      expect(result.error.message).toContain(hint);
    }
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'AMOUNT_INVALID'],
    ['an array', [], 'AMOUNT_INVALID'],
    ['NaN', NaN, 'AMOUNT_INVALID'],
    ['Infinity', Infinity, 'AMOUNT_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'AMOUNT_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'AMOUNT_INVALID'],
    ['an invalid date', new Date('invalid'), 'AMOUNT_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseAmount(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});

describe('formatEuros', () => {
  // Node 20 ICU: U+202F between thousands, U+00A0 before the euro sign.
  it.each<[number, string]>([
    [0, '0,00\u00a0€'],
    [5, '0,05\u00a0€'],
    [150000, '1\u202f500,00\u00a0€'],
    [150050, '1\u202f500,50\u00a0€'],
    [123456789, '1\u202f234\u202f567,89\u00a0€'],
    [10_000_000_000, '100\u202f000\u202f000,00\u00a0€'],
    [-500, '-5,00\u00a0€'],
  ])('formats %j cents as %j', (cents, expected) => {
    expect(formatEuros(cents)).toBe(expected);
  });

  it.each([0, 1, 5, 99, 100, 1999, 150050, 123456789, 9_999_999_999, 10_000_000_000])(
    'round-trips %j cents through parseAmount',
    (cents) => {
      expect(parseAmount(formatEuros(cents))).toEqual({ ok: true, value: cents });
    },
  );

  it('throws a RangeError for cents that are not an integer', () => {
    expect(() => formatEuros(1.5)).toThrow(RangeError);
    expect(() => formatEuros(NaN)).toThrow(RangeError);
  });
});
