import { parseDecimal, parseInteger } from '../../../../../shared/domain/values/number';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseDecimal', () => {
  it.each<[unknown, number]>([
    ['2,5', 2.5],
    ['2.5', 2.5],
    [' 2,50 ', 2.5],
    ['1 234,5', 1234.5],
    ['1\u202f234,5', 1234.5],
    ['-3,25', -3.25],
    ['−3,25', -3.25],
    ['+4', 4],
    ['0', 0],
    [2.5, 2.5],
    [0.1 + 0.2, 0.30000000000000004],
    [-0, 0],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value: expected });
  });

  it('rounds away floating-point noise when a precision is given', () => {
    expect(parseDecimal(0.1 + 0.2, { maxDecimals: 2 })).toEqual({ ok: true, value: 0.3 });
  });

  it.each<[unknown, number]>([
    ['0', 0],
    ['5', 5],
    ['2,5', 2.5],
    [5, 5],
  ])('accepts %j within 0 and 5', (raw, expected) => {
    expect(parseDecimal(raw, { min: 0, max: 5 })).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, { min?: number; max?: number }, string]>([
    ['7', { min: 0, max: 5 }, 'entre 0 et 5'],
    ['-1', { min: 0, max: 5 }, 'entre 0 et 5'],
    ['5,01', { min: 0, max: 5 }, 'entre 0 et 5'],
    ['0,5', { min: 1, max: 2.5 }, 'entre 1 et 2,5'],
    ['-1', { min: 0 }, 'supérieur ou égal à 0'],
    ['2000', { max: 1000 }, 'inférieur ou égal à 1\u202f000'],
  ])('refuses %j out of %j, giving the bounds in French', (raw, bounds, text) => {
    const result = parseDecimal(raw, bounds);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('NUMBER_OUT_OF_RANGE');
      expect(result.error.message).toContain(text);
      expect(result.error.message).toContain(`« ${String(raw)} »`);
    }
  });

  it.each<[unknown, number, string]>([
    ['2,555', 2, '2 décimales au plus'],
    [2.555, 2, '2 décimales au plus'],
    ['2,55', 1, '1 décimale au plus'],
    ['2,5', 0, 'nombre entier'],
  ])('refuses %j with more than %j decimals', (raw, maxDecimals, text) => {
    const result = parseDecimal(raw, { maxDecimals });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('NUMBER_INVALID');
      expect(result.error.message).toContain(text);
    }
  });

  it('accepts trailing zeros beyond the precision', () => {
    expect(parseDecimal('2,500', { maxDecimals: 1 })).toEqual({ ok: true, value: 2.5 });
  });

  it.each<[unknown]>([['2,5,1'], ['2.5.1'], ['deux'], ['2,5 h'], ['1e3'], [','], ['-'], [true]])(
    'refuses %j with NUMBER_INVALID',
    (raw) => {
      const result = parseDecimal(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('NUMBER_INVALID');
        expect(result.error.message).toContain('2,5');
      }
    },
  );

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'NUMBER_INVALID'],
    ['an array', [], 'NUMBER_INVALID'],
    ['NaN', NaN, 'NUMBER_INVALID'],
    ['Infinity', Infinity, 'NUMBER_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'NUMBER_INVALID'],
    ['a huge string of digits', '9'.repeat(100_000), 'NUMBER_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'NUMBER_INVALID'],
    ['an invalid date', new Date('invalid'), 'NUMBER_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseDecimal(raw, { min: 0, max: 5, maxDecimals: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});

describe('parseInteger', () => {
  it.each<[unknown, number]>([
    ['12', 12],
    ['12,0', 12],
    ['1 000', 1000],
    [12, 12],
    [12.0, 12],
    ['-3', -3],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseInteger(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown]>([['12,5'], [12.5], ['douze'], [1e20]])(
    'refuses %j with NUMBER_INVALID',
    (raw) => {
      const result = parseInteger(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('NUMBER_INVALID');
        expect(result.error.message).toContain('entier');
      }
    },
  );

  it('refuses a value out of bounds with the bounds in French', () => {
    expect(parseInteger('5', { min: 2, max: 4 })).toEqual({
      ok: false,
      error: {
        code: 'NUMBER_OUT_OF_RANGE',
        message: 'Nombre « 5 » hors limites : il doit être entre 2 et 4.',
      },
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'NUMBER_INVALID'],
    ['an array', [], 'NUMBER_INVALID'],
    ['NaN', NaN, 'NUMBER_INVALID'],
    ['Infinity', Infinity, 'NUMBER_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'NUMBER_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'NUMBER_INVALID'],
    ['an invalid date', new Date('invalid'), 'NUMBER_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseInteger(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});
