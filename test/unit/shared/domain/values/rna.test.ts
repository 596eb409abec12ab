import { parseRna, parseSiretOrRna } from '../../../../../shared/domain/values/rna';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseRna', () => {
  it.each<[unknown, string]>([
    ['W595012345', 'W595012345'],
    ['w595012345', 'W595012345'],
    [' W 595 012 345 ', 'W595012345'],
    ['W622\u00a0001\u00a0234', 'W622001234'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(parseRna(raw)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, unknown]>([
    ['8 digits', 'W59501234'],
    ['10 digits', 'W5950123456'],
    ['another letter', 'X595012345'],
    ['no letter', '595012345'],
    ['a dot', 'W595.012.345'],
    ['a number', 595012345],
    ['a boolean', true],
  ])('refuses %s with RNA_INVALID', (_label, raw) => {
    const result = parseRna(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('RNA_INVALID');
      expect(result.error.message).toContain('W suivie de 9 chiffres');
    }
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'RNA_INVALID'],
    ['an array', [], 'RNA_INVALID'],
    ['NaN', NaN, 'RNA_INVALID'],
    ['Infinity', Infinity, 'RNA_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'RNA_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'RNA_INVALID'],
    ['an invalid date', new Date('invalid'), 'RNA_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseRna(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});

describe('parseSiretOrRna', () => {
  it.each<[unknown, { kind: 'siret' | 'rna'; value: string }]>([
    ['732 829 320 00074', { kind: 'siret', value: '73282932000074' }],
    [73282932000074, { kind: 'siret', value: '73282932000074' }],
    ['w595012345', { kind: 'rna', value: 'W595012345' }],
    ['W 622 001 234', { kind: 'rna', value: 'W622001234' }],
  ])('accepts %j', (raw, expected) => {
    expect(parseSiretOrRna(raw)).toEqual({ ok: true, value: expected });
  });

  it('keeps the checksum error of 14 digits with a wrong check digit', () => {
    const result = parseSiretOrRna('73282932000075');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('SIRET_INVALID');
      expect(result.error.message).toContain('clé de contrôle');
    }
  });

  it.each<[unknown]>([
    ['W59501234'],
    ['732829320'],
    ['association'],
    ['732.829.320.00074'],
    [true],
  ])('refuses %j with SIRET_OR_RNA_INVALID naming both formats', (raw) => {
    const result = parseSiretOrRna(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('SIRET_OR_RNA_INVALID');
      expect(result.error.message).toContain('SIRET (14 chiffres)');
      expect(result.error.message).toContain('RNA (W suivi de 9 chiffres)');
    }
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'SIRET_OR_RNA_INVALID'],
    ['an array', [], 'SIRET_OR_RNA_INVALID'],
    ['NaN', NaN, 'SIRET_OR_RNA_INVALID'],
    ['Infinity', Infinity, 'SIRET_OR_RNA_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'SIRET_OR_RNA_INVALID'],
    ['a huge W string', 'W'.repeat(100_000), 'SIRET_OR_RNA_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'SIRET_OR_RNA_INVALID'],
    ['an invalid date', new Date('invalid'), 'SIRET_OR_RNA_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseSiretOrRna(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý«].*\.$/su);
    }
  });
});
