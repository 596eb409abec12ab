import {
  digitsOnly,
  isValidSiren,
  isValidSiret,
  parseSiren,
  parseSiret,
} from '../../../../../shared/domain/values/siret';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('digitsOnly', () => {
  it.each<[string, string | null]>([
    ['732 829 320 00074', '73282932000074'],
    ['732\u00a0829\u00a0320\u00a000074', '73282932000074'],
    ['732\u202f829\u202f320\u202f00074', '73282932000074'],
    ['732\u2007829\u2007320', '732829320'],
    ['  732829320  ', '732829320'],
    ['732.829.320', null],
    ['732-829-320', null],
    ['73282932O', null],
    ['FR732829320', null],
    ['', null],
  ])('turns %j into %j', (input, expected) => {
    expect(digitsOnly(input)).toBe(expected);
  });
});

describe('isValidSiret / isValidSiren', () => {
  // Check digits computed with the Luhn algorithm (and the digit sum for La Poste).
  it.each<[string, boolean]>([
    ['73282932000074', true],
    ['55208131766522', true],
    ['44306184100047', true],
    ['78467169500087', true],
    ['35600000000048', true], // La Poste head office: passes Luhn
    ['35600000049837', true], // La Poste establishment: fails Luhn, digits add up to 45
    ['73282932000075', false],
    ['55208131766523', false],
    ['44306184100048', false],
    ['35600000049838', false], // La Poste, digits add up to 46
    ['73282932000072', false], // digits add up to 35 but not La Poste: Luhn applies
    ['7328293200007', false],
    ['732829320000740', false],
    ['7328293200007a', false],
  ])('isValidSiret(%j) is %j', (siret, expected) => {
    expect(isValidSiret(siret)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['732829320', true],
    ['552081317', true],
    ['443061841', true],
    ['356000000', true],
    ['732829321', false],
    ['552081318', false],
    ['73282932', false],
    ['73282932000074', false],
  ])('isValidSiren(%j) is %j', (siren, expected) => {
    expect(isValidSiren(siren)).toBe(expected);
  });
});

describe('parseSiret', () => {
  it.each<[unknown, string]>([
    ['73282932000074', '73282932000074'],
    ['732 829 320 00074', '73282932000074'],
    ['732\u202f829\u202f320\u202f00074', '73282932000074'],
    [' 552 081 317 66522 ', '55208131766522'],
    [73282932000074, '73282932000074'],
    [35600000049837, '35600000049837'],
    ['7.3282932000074E+13', '73282932000074'],
    ['7,3282932000074e13', '73282932000074'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseSiret(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ['73282932000075', 'SIRET_INVALID'],
    [73282932000075, 'SIRET_INVALID'],
    ['732 829 320 0007', 'SIRET_FORMAT'],
    ['732.829.320.00074', 'SIRET_FORMAT'],
    ['732829320', 'SIRET_FORMAT'],
    [73282932000074.5, 'SIRET_FORMAT'],
    [-73282932000074, 'SIRET_FORMAT'],
    ['7.32829E+13', 'SIRET_FORMAT'],
    [true, 'SIRET_FORMAT'],
    [new Date(Date.UTC(2024, 0, 1)), 'SIRET_FORMAT'],
  ])('refuses %j with %s', (raw, code) => {
    const result = parseSiret(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('explains a wrong check digit in French, quoting the value', () => {
    expect(parseSiret('73282932000075')).toEqual({
      ok: false,
      error: {
        code: 'SIRET_INVALID',
        message:
          'SIRET « 73282932000075 » invalide : la clé de contrôle ne correspond pas, vérifiez les 14 chiffres.',
      },
    });
  });

  it('says how many digits were typed and suggests a SIREN for 9 digits', () => {
    const result = parseSiret('732 829 320');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('« 732 829 320 »');
      expect(result.error.message).toContain('il compte 9 chiffres');
      expect(result.error.message).toContain('SIREN');
      expect(result.error.message).toContain('14 chiffres attendus');
    }
  });

  it('explains digits lost to scientific notation', () => {
    const result = parseSiret('7,32829E+13');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('notation scientifique');
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'SIRET_FORMAT'],
    ['an array', [], 'SIRET_FORMAT'],
    ['NaN', NaN, 'SIRET_FORMAT'],
    ['Infinity', Infinity, 'SIRET_FORMAT'],
    ['a huge string', 'x'.repeat(100_000), 'SIRET_FORMAT'],
    ['a huge string of digits', '1'.repeat(100_000), 'SIRET_FORMAT'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'SIRET_FORMAT'],
    ['an invalid date', new Date('invalid'), 'SIRET_FORMAT'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const started = Date.now();
    const result = parseSiret(raw);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
      expect(result.error.message).not.toMatch(/undefined|\[object/);
    }
  });
});

describe('parseSiren', () => {
  it.each<[unknown, string]>([
    ['732829320', '732829320'],
    ['732 829 320', '732829320'],
    [552081317, '552081317'],
    ['356\u00a0000\u00a0000', '356000000'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseSiren(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ['732829321', 'SIREN_INVALID'],
    [552081318, 'SIREN_INVALID'],
    ['73282932000074', 'SIREN_FORMAT'],
    ['73282932', 'SIREN_FORMAT'],
    ['732-829-320', 'SIREN_FORMAT'],
    [732829320.1, 'SIREN_FORMAT'],
  ])('refuses %j with %s', (raw, code) => {
    const result = parseSiren(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'SIREN_FORMAT'],
    ['an array', [], 'SIREN_FORMAT'],
    ['NaN', NaN, 'SIREN_FORMAT'],
    ['Infinity', Infinity, 'SIREN_FORMAT'],
    ['a huge string', 'x'.repeat(100_000), 'SIREN_FORMAT'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'SIREN_FORMAT'],
    ['an invalid date', new Date('invalid'), 'SIREN_FORMAT'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseSiren(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});
