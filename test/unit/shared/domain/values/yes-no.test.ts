import { formatYesNo, parseYesNo } from '../../../../../shared/domain/values/yes-no';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseYesNo', () => {
  it.each<[unknown, boolean]>([
    ['oui', true],
    ['Oui', true],
    ['OUI', true],
    [' oui ', true],
    ['o', true],
    ['O', true],
    ['yes', true],
    ['vrai', true],
    ['VRAI', true],
    ['true', true],
    ['1', true],
    ['x', true],
    ['X', true],
    [true, true],
    [1, true],
    ['non', false],
    ['Non', false],
    ['n', false],
    ['no', false],
    ['faux', false],
    ['FAUX', false],
    ['false', false],
    ['0', false],
    [false, false],
    [0, false],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseYesNo(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown]>([['peut-être'], ['ouii'], ['2'], [2], [0.5], ['oui non'], ['nonn']])(
    'refuses %j with YES_NO_INVALID',
    (raw) => {
      expect(parseYesNo(raw)).toEqual({
        ok: false,
        error: {
          code: 'YES_NO_INVALID',
          message: `Réponse « ${String(raw)} » non reconnue : saisissez « Oui » ou « Non ».`,
        },
      });
    },
  );

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'YES_NO_INVALID'],
    ['an array', [], 'YES_NO_INVALID'],
    ['NaN', NaN, 'YES_NO_INVALID'],
    ['Infinity', Infinity, 'YES_NO_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'YES_NO_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'YES_NO_INVALID'],
    ['an invalid date', new Date('invalid'), 'YES_NO_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseYesNo(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});

describe('formatYesNo', () => {
  it.each<[boolean, string]>([
    [true, 'Oui'],
    [false, 'Non'],
  ])('formats %j as %j', (value, expected) => {
    expect(formatYesNo(value)).toBe(expected);
  });

  it.each([true, false])('round-trips %j through parseYesNo', (value) => {
    expect(parseYesNo(formatYesNo(value))).toEqual({ ok: true, value });
  });
});
