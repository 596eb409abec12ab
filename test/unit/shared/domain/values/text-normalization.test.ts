import {
  normalizeForMatch,
  stripControlCharacters,
} from '../../../../../shared/domain/values/text-normalization';

describe('normalizeForMatch', () => {
  it.each([
    ['Évaluation de l’utilité sociale', "evaluation de l'utilite sociale"],
    ['  Services   à la\u00a0personne\u202f', 'services a la personne'],
    ['HÉNIN-CARVIN', 'henin-carvin'],
    ['Nord (59) – tout le département', 'nord (59) - tout le departement'],
    ['Cœur de métier', 'coeur de metier'],
    ['Ça\tva\n', 'ca va'],
    ['l‘accueil l`accueil', "l'accueil l'accueil"],
    ['', ''],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeForMatch(input)).toBe(expected);
  });

  it('makes typographic and straight apostrophes equal', () => {
    expect(normalizeForMatch("Insertion par l'activité économique")).toBe(
      normalizeForMatch('insertion par l’activite economique'),
    );
  });

  it('keeps distinct words distinct', () => {
    expect(normalizeForMatch('Santé')).not.toBe(normalizeForMatch('Sante publique'));
  });
});

describe('stripControlCharacters', () => {
  it.each([
    ['a\u0000b\u0007c', 'abc'],
    ['\ufeffAssociation', 'Association'],
    ['suppr\u007fimé', 'supprimé'],
    ['a\u200bb', 'ab'],
    ['ligne 1\nligne 2\tfin', 'ligne 1ligne 2fin'],
    ['bad \ud800 surrogate', 'bad  surrogate'],
    ['bad \udc00 low', 'bad  low'],
    ['emoji 😀 kept', 'emoji 😀 kept'],
    ['éàç œ', 'éàç œ'],
  ])('without keepNewlines turns %j into %j', (input, expected) => {
    expect(stripControlCharacters(input)).toBe(expected);
  });

  it.each([
    ['ligne 1\nligne 2\tfin', 'ligne 1\nligne 2\tfin'],
    ['windows\r\nline', 'windows\nline'],
    ['old mac\rline', 'old mac\nline'],
    ['a\u0000\u001f\u0085b\n', 'ab\n'],
  ])('with keepNewlines turns %j into %j', (input, expected) => {
    expect(stripControlCharacters(input, { keepNewlines: true })).toBe(expected);
  });

  it('handles a 100 000-character string quickly', () => {
    const huge = 'x\u0000'.repeat(50_000);
    const started = Date.now();
    expect(stripControlCharacters(huge)).toBe('x'.repeat(50_000));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
