import { parsePhone } from '../../../../../shared/domain/values/phone';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parsePhone', () => {
  // The six DLA operators of Nord – Pas de Calais.
  it.each([
    ['03 59 30 67 30'],
    ['03 28 22 64 26'],
    ['03 27 44 32 58'],
    ['03 20 74 57 40'],
    ['03 21 42 68 44'],
    ['03 21 00 83 08'],
  ])('keeps the operator number %j', (phone) => {
    expect(parsePhone(phone)).toEqual({ ok: true, value: phone });
  });

  it.each<[unknown, string]>([
    ['0359306730', '03 59 30 67 30'],
    ['03.59.30.67.30', '03 59 30 67 30'],
    ['03-59-30-67-30', '03 59 30 67 30'],
    ['03/59/30/67/30', '03 59 30 67 30'],
    ['+33 3 59 30 67 30', '03 59 30 67 30'],
    ['+33 (0)3 59 30 67 30', '03 59 30 67 30'],
    ['+33(0)359306730', '03 59 30 67 30'],
    ['0033 3 59 30 67 30', '03 59 30 67 30'],
    ['+33 03 59 30 67 30', '03 59 30 67 30'],
    ['+33359306730', '03 59 30 67 30'],
    [359306730, '03 59 30 67 30'],
    [328226426, '03 28 22 64 26'],
    [33359306730, '03 59 30 67 30'],
    ['359306730', '03 59 30 67 30'],
    ['06\u00a012\u00a034\u00a056\u00a078', '06 12 34 56 78'],
    ['  07 12 34 56 78  ', '07 12 34 56 78'],
  ])('normalizes %j to %j', (raw, expected) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ['+32 2 123 45 67', '+32 2 123 45 67'],
    ['+32  2  123  45  67', '+32 2 123 45 67'],
    ['0032 2 123 45 67', '+32 2 123 45 67'],
    ['+32.2.123.45.67', '+32 2 123 45 67'],
    ['+32 (0)2 123 45 67', '+32 2 123 45 67'],
    ['+3221234567', '+3221234567'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['+1 (555) 123-4567', '+1 555 123 4567'],
  ])('keeps the foreign number %j as %j', (raw, expected) => {
    expect(parsePhone(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, unknown]>([
    ['9 digits with a leading zero', '035930673'],
    ['11 national digits', '03593067301'],
    ['a national number starting with 00 and too short', '00 59 30'],
    ['+33 with 8 digits', '+33 3 59 30 67 3'],
    ['a foreign number of 7 digits', '+32 12345'],
    ['a foreign country code starting with 0', '+032 2 123 45 67'],
    ['a foreign number of 16 digits', '+32 1234567890123456'],
    ['letters', '03 59 30 67 3O'],
    ['an extension', '03 59 30 67 30 poste 12'],
    ['a plus in the middle', '03 59 +30 67 30'],
    ['a decimal number', 359306730.5],
    ['a negative number', -359306730],
    ['a short number', 12345],
    ['a boolean', true],
  ])('refuses %s', (_label, raw) => {
    const result = parsePhone(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('PHONE_INVALID');
      expect(result.error.message).toContain('10 chiffres');
    }
  });

  it('quotes the raw value in French', () => {
    expect(parsePhone('12345')).toEqual({
      ok: false,
      error: {
        code: 'PHONE_INVALID',
        message:
          'Numéro de téléphone « 12345 » invalide : attendu 10 chiffres (par exemple 03 20 74 57 40) ou un numéro étranger commençant par + (par exemple +32 2 123 45 67).',
      },
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'PHONE_INVALID'],
    ['an array', [], 'PHONE_INVALID'],
    ['NaN', NaN, 'PHONE_INVALID'],
    ['Infinity', Infinity, 'PHONE_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'PHONE_INVALID'],
    ['a huge string of digits', '0'.repeat(100_000), 'PHONE_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'PHONE_INVALID'],
    ['an invalid date', new Date('invalid'), 'PHONE_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parsePhone(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});
