import {
  COMPETENCES,
  LEGAL_FORMS,
  SECTORS,
  TERRITORIES,
} from '../../../../shared/domain/reference-lists';
import { normalizeForMatch } from '../../../../shared/domain/values/text-normalization';

const LISTS: [string, readonly string[]][] = [
  ['COMPETENCES', COMPETENCES],
  ['SECTORS', SECTORS],
  ['TERRITORIES', TERRITORIES],
  ['LEGAL_FORMS', LEGAL_FORMS],
];

describe('reference lists', () => {
  it.each(LISTS)('%s has no duplicate once normalized for matching', (_name, list) => {
    const keys = list.map(normalizeForMatch);
    expect(new Set(keys).size).toBe(list.length);
  });

  it.each(LISTS)('%s has no value containing a separator of multi-choice cells', (_name, list) => {
    expect(list.filter((value) => /[,;\n]/.test(value))).toEqual([]);
  });

  it.each(LISTS)('%s has only trimmed, non-empty values with single spaces', (_name, list) => {
    expect(
      list.filter((value) => value === '' || value !== value.trim() || /\s{2}/.test(value)),
    ).toEqual([]);
  });

  it.each<[readonly string[], string]>([
    [COMPETENCES, 'Modèle économique'],
    [COMPETENCES, 'Fonction employeur et RH'],
    [SECTORS, "Insertion par l'activité économique"],
    [TERRITORIES, 'Lens-Liévin'],
    [TERRITORIES, 'Sambre-Avesnois'],
    [TERRITORIES, 'Nord (59) — tout le département'],
    [TERRITORIES, 'Pas-de-Calais (62) — tout le département'],
    [TERRITORIES, 'Hors région'],
    [LEGAL_FORMS, 'Association loi 1901'],
    [LEGAL_FORMS, "Chantier d'insertion (ACI)"],
  ])('contains %#: %j', (list, value) => {
    expect(list).toContain(value);
  });

  it('covers the 17 employment areas of Nord and Pas-de-Calais plus 4 wider scopes', () => {
    expect(TERRITORIES).toHaveLength(21);
  });
});
