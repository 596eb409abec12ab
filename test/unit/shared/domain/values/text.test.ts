import { parseLongText, parseShortText } from '../../../../../shared/domain/values/text';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseShortText', () => {
  it.each<[unknown, string]>([
    ['  Comité de Bassin d’Emploi  ', 'Comité de Bassin d’Emploi'],
    ['Entreprendre\nEnsemble', 'Entreprendre Ensemble'],
    ['Nord\tActif', 'Nord Actif'],
    ['Inser   action\u00a0\u00a062', 'Inser action 62'],
    ['\ufeffFondation', 'Fondation'],
    [42, '42'],
    [3.5, '3.5'],
    [true, 'VRAI'],
    [false, 'FAUX'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseShortText(raw)).toEqual({ ok: true, value: expected });
  });

  it('accepts a text of exactly the maximum length', () => {
    expect(parseShortText('a'.repeat(300))).toEqual({ ok: true, value: 'a'.repeat(300) });
  });

  it('counts an emoji as one character', () => {
    expect(parseShortText('😀'.repeat(10), 10)).toEqual({ ok: true, value: '😀'.repeat(10) });
  });

  it('refuses a text longer than the maximum, giving the limit', () => {
    const result = parseShortText('a'.repeat(301));
    expect(result).toMatchObject({ ok: false, error: { code: 'TEXT_TOO_LONG' } });
    if (!result.ok) expect(result.error.message).toContain('300 au maximum');
  });

  it('uses a custom maximum length', () => {
    const result = parseShortText('abcdef', 5);
    expect(result).toMatchObject({ ok: false, error: { code: 'TEXT_TOO_LONG' } });
    if (!result.ok) expect(result.error.message).toContain('6 caractères pour 5 au maximum');
  });

  it('refuses a date', () => {
    const result = parseShortText(new Date(Date.UTC(2024, 0, 15)));
    expect(result).toMatchObject({ ok: false, error: { code: 'TEXT_INVALID' } });
    if (!result.ok) expect(result.error.message).toContain('2024-01-15');
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['spaces only', ' \u00a0\u202f ', 'EMPTY'],
    ['an object', {}, 'TEXT_INVALID'],
    ['an array', [], 'TEXT_INVALID'],
    ['NaN', NaN, 'TEXT_INVALID'],
    ['Infinity', Infinity, 'TEXT_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'TEXT_TOO_LONG'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'EMPTY'],
    ['an invalid date', new Date('invalid'), 'TEXT_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const started = Date.now();
    const result = parseShortText(raw);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
      expect(result.error.message).not.toMatch(/undefined|\[object/);
    }
  });

  it('gives the exact French messages for empty cells and formulas', () => {
    expect(parseShortText('')).toEqual({
      ok: false,
      error: { code: 'EMPTY', message: 'La cellule est vide.' },
    });
    expect(parseShortText(FORMULA)).toEqual({
      ok: false,
      error: {
        code: 'FORMULA_NOT_ALLOWED',
        message:
          'Les formules ne sont pas acceptées dans cette colonne : saisissez la valeur elle-même.',
      },
    });
  });
});

describe('parseLongText', () => {
  it.each<[unknown, string]>([
    ['Ligne 1\nLigne 2', 'Ligne 1\nLigne 2'],
    ['Ligne 1\r\nLigne 2\r\n', 'Ligne 1\nLigne 2'],
    ['Ligne 1   \n  Ligne 2', 'Ligne 1\n  Ligne 2'],
    ['  a\u0000b  ', 'ab'],
    ['Point\tà suivre', 'Point\tà suivre'],
    [12, '12'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseLongText(raw)).toEqual({ ok: true, value: expected });
  });

  it('accepts 5 000 characters and refuses 5 001', () => {
    expect(parseLongText('a'.repeat(5000))).toEqual({ ok: true, value: 'a'.repeat(5000) });
    const result = parseLongText('a'.repeat(5001));
    expect(result).toMatchObject({ ok: false, error: { code: 'TEXT_TOO_LONG' } });
    if (!result.ok) expect(result.error.message).toContain('5\u202f000 au maximum');
  });

  it('does not slow down on a long run of spaces inside the text', () => {
    const started = Date.now();
    const result = parseLongText(`a${' '.repeat(100_000)}b`, 200_000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'TEXT_INVALID'],
    ['an array', [], 'TEXT_INVALID'],
    ['NaN', NaN, 'TEXT_INVALID'],
    ['Infinity', Infinity, 'TEXT_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'TEXT_TOO_LONG'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'EMPTY'],
    ['an invalid date', new Date('invalid'), 'TEXT_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseLongText(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});
