import {
  formatChoices,
  parseChoice,
  parseChoices,
} from '../../../../../shared/domain/values/choice';
import { LEGAL_FORMS, SECTORS, TERRITORIES } from '../../../../../shared/domain/reference-lists';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseChoice', () => {
  it.each<[unknown, readonly string[], string]>([
    ['Culture', SECTORS, 'Culture'],
    ['culture', SECTORS, 'Culture'],
    ['  SANTE ', SECTORS, 'Santé'],
    ['insertion par l’activite   economique', SECTORS, "Insertion par l'activité économique"],
    ['medico-social', SECTORS, 'Médico-social'],
    ['henin-carvin', TERRITORIES, 'Hénin-Carvin'],
    ['Nord (59) - tout le département', TERRITORIES, 'Nord (59) — tout le département'],
    ['scop', LEGAL_FORMS, 'SCOP'],
    ['etablissement public', LEGAL_FORMS, 'Établissement public'],
    [1, ['1', '2', '3'], '1'],
  ])('reads %j as the canonical value', (raw, allowed, expected) => {
    expect(parseChoice(raw, allowed)).toEqual({ ok: true, value: expected });
  });

  it('refuses an unknown value and suggests the closest ones first', () => {
    const result = parseChoice('Cultur', SECTORS);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CHOICE_INVALID');
      expect(result.error.message).toMatch(
        /^Valeur « Cultur » inconnue\. Choisissez dans la liste : Culture, /u,
      );
      const listed = result.error.message.split(' : ')[1] ?? '';
      expect(listed.split(', ')).toHaveLength(5);
    }
  });

  it('lists every allowed value when there are at most five, without the dropdown hint', () => {
    expect(parseChoice('Peut-être', ['Oui', 'Non'])).toEqual({
      ok: false,
      error: {
        code: 'CHOICE_INVALID',
        message: 'Valeur « Peut-être » inconnue. Choisissez dans la liste : Oui, Non.',
      },
    });
  });

  it('suggests Santé first for « sant »', () => {
    const result = parseChoice('sant', SECTORS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('Choisissez dans la liste : Santé,');
  });

  it('refuses any value when nothing is allowed', () => {
    const result = parseChoice('Culture', []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('CHOICE_INVALID');
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'CHOICE_INVALID'],
    ['an array', [], 'CHOICE_INVALID'],
    ['NaN', NaN, 'CHOICE_INVALID'],
    ['Infinity', Infinity, 'CHOICE_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'CHOICE_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'CHOICE_INVALID'],
    ['an invalid date', new Date('invalid'), 'CHOICE_INVALID'],
    ['a boolean', true, 'CHOICE_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const started = Date.now();
    const result = parseChoice(raw, SECTORS);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
      expect(result.error.message).not.toMatch(/undefined|\[object/);
    }
  });
});

describe('parseChoices', () => {
  it.each<[unknown, string[]]>([
    ['Sport', ['Sport']],
    ['Sport, Culture', ['Culture', 'Sport']], // Google Sheets chips
    ['santé;sport', ['Sport', 'Santé']],
    ['Santé\nJeunesse\r\nCulture', ['Culture', 'Jeunesse', 'Santé']],
    ['sport, Culture, SPORT', ['Culture', 'Sport']],
    ['Sport,, ;Culture;', ['Culture', 'Sport']],
  ])('reads %j as %j in the order of the list', (raw, expected) => {
    expect(parseChoices(raw, SECTORS)).toEqual({ ok: true, value: expected });
  });

  it('accepts a whole cell matching a value that contains a comma', () => {
    expect(parseChoices('Paris, Lyon', ['Paris, Lyon', 'Lille'])).toEqual({
      ok: true,
      value: ['Paris, Lyon'],
    });
  });

  it('names the unknown item', () => {
    const result = parseChoices('Culture, Cultur', SECTORS);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CHOICE_INVALID');
      expect(result.error.message).toMatch(
        /^Valeur « Cultur » inconnue\. Choisissez dans la liste : Culture/u,
      );
    }
  });

  it('names every unknown item', () => {
    const result = parseChoices('Foot; Culture; Théâtre', SECTORS);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CHOICE_INVALID');
      expect(result.error.message).toContain('Valeurs « Foot », « Théâtre » inconnues.');
    }
  });

  it('treats a cell of separators only as empty', () => {
    expect(parseChoices(' ; , ', SECTORS)).toEqual({
      ok: false,
      error: { code: 'EMPTY', message: 'La cellule est vide.' },
    });
  });

  it('stays fast and short on thousands of unknown items', () => {
    const started = Date.now();
    const result = parseChoices('a,'.repeat(50_000), SECTORS);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(400);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'CHOICE_INVALID'],
    ['an array', [], 'CHOICE_INVALID'],
    ['NaN', NaN, 'CHOICE_INVALID'],
    ['Infinity', Infinity, 'CHOICE_INVALID'],
    ['a huge string', 'x'.repeat(100_000), 'CHOICE_INVALID'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'EMPTY'],
    ['an invalid date', new Date('invalid'), 'CHOICE_INVALID'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseChoices(raw, SECTORS);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
    }
  });
});

describe('formatChoices', () => {
  it.each<[string[], string]>([
    [['Culture', 'Sport'], 'Culture, Sport'],
    [['Culture'], 'Culture'],
    [[], ''],
  ])('formats %j as %j', (list, expected) => {
    expect(formatChoices(list)).toBe(expected);
  });

  it('round-trips through parseChoices', () => {
    const list = ['Culture', 'Sport', "Insertion par l'activité économique"].sort(
      (a, b) => SECTORS.indexOf(a) - SECTORS.indexOf(b),
    );
    expect(parseChoices(formatChoices(list), SECTORS)).toEqual({ ok: true, value: list });
  });
});
