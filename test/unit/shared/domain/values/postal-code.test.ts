import {
  departmentOf,
  isInRegion,
  parsePostalCode,
} from '../../../../../shared/domain/values/postal-code';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parsePostalCode', () => {
  it.each<[unknown, string]>([
    ['59000', '59000'], // Lille
    ['59140', '59140'], // Dunkerque
    ['62300', '62300'], // Lens
    ['62100', '62100'], // Calais
    ['59300', '59300'], // Valenciennes
    ['62000', '62000'], // Arras
    ['75011', '75011'], // Paris
    [59000, '59000'],
    [2100, '02100'], // Saint-Quentin, leading zero dropped by the sheet
    ['2100', '02100'],
    [' 59 000 ', '59000'],
    ['20000', '20000'], // Ajaccio
    ['20200', '20200'], // Bastia
    ['97400', '97400'], // Saint-Denis (La Réunion)
    ['98000', '98000'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parsePostalCode(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, unknown]>([
    ['département 00', '00100'],
    ['département 96', '96000'],
    ['département 99', '99000'],
    ['970xx overseas', '97000'],
    ['979xx overseas', '97900'],
    ['3 digits', '590'],
    ['6 digits', '590000'],
    ['letters', '59OOO'],
    ['a decimal number', 59000.5],
    ['a small number', 999],
    ['a large number', 100000],
    ['a negative number', -59000],
    ['a dash', '59-000'],
    ['a boolean', true],
  ])('refuses %s', (_label, raw) => {
    const result = parsePostalCode(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('POSTAL_CODE_INVALID');
      expect(result.error.message).toContain('5 chiffres');
    }
  });

  it('quotes the raw value in French quotes', () => {
    const result = parsePostalCode('96000');
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'POSTAL_CODE_INVALID',
        message:
          "Code postal « 96000 » invalide : attendu les 5 chiffres d'un code postal français (par exemple 59000).",
      },
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'POSTAL_CODE_INVALID'],
    ['an array', [], 'POSTAL_CODE_INVALID'],
    ['NaN', NaN, 'POSTAL_CODE_INVALID'],
    ['Infinity', Infinity, 'POSTAL_CODE_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'POSTAL_CODE_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'POSTAL_CODE_INVALID'],
    ['an invalid date', new Date('invalid'), 'POSTAL_CODE_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parsePostalCode(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});

describe('departmentOf', () => {
  it.each<[string, string | null]>([
    ['59000', '59'],
    ['59140', '59'],
    ['62300', '62'],
    ['62100', '62'],
    ['75011', '75'],
    ['02100', '02'],
    ['20000', '2A'],
    ['20167', '2A'],
    ['20200', '2B'],
    ['20600', '2B'],
    ['97100', '971'],
    ['97600', '976'],
    ['96000', null],
    ['5900', null],
    ['abcde', null],
  ])('departmentOf(%j) is %j', (code, expected) => {
    expect(departmentOf(code)).toBe(expected);
  });
});

describe('isInRegion', () => {
  it.each<[string, boolean]>([
    ['59000', true],
    ['59300', true],
    ['62000', true],
    ['62100', true],
    ['75011', false],
    ['60000', false],
    ['80000', false],
    ['02100', false],
    ['59', false],
  ])('isInRegion(%j) is %j', (code, expected) => {
    expect(isInRegion(code)).toBe(expected);
  });
});
