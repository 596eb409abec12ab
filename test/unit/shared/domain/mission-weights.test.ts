import {
  parametersForMission,
  parseMissionWeights,
} from '../../../../shared/domain/mission-weights';
import { DEFAULT_PARAMETERS } from '../../../../shared/domain/operator-parameters';

describe('« Pondération de la mission »', () => {
  it.each([
    ['30 / 10 / 25 / 15 / 5 / 15', '30 / 10 / 25 / 15 / 5 / 15'],
    ['30/10/25/15/5/15', '30 / 10 / 25 / 15 / 5 / 15'],
    ['30 ; 10 ; 25 ; 15 ; 5 ; 15', '30 / 10 / 25 / 15 / 5 / 15'],
    ['22,5 / 12,5 / 25 / 20 / 5 / 15', '22,5 / 12,5 / 25 / 20 / 5 / 15'],
    ['  0 / 0 / 50 / 0 / 0 / 50 ', '0 / 0 / 50 / 0 / 0 / 50'],
  ])('accepts « %s » and stores « %s »', (raw, stored) => {
    expect(parseMissionWeights(raw)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['30 / 10 / 25 / 15 / 5', 'WEIGHTS_COUNT', /Six poids attendus/],
    ['30, 10, 25, 15, 5, 15', 'WEIGHTS_COUNT', /séparés par « \/ »/],
    ['30 / 10 / 25 / 15 / 5 / 10', 'WEIGHTS_SUM', /fait 95 au lieu de 100/],
    ['30 / 10 / 25 / 15 / 5 / 15,5', 'WEIGHTS_SUM', /fait 100,5 au lieu de 100/],
    ['30 / dix / 25 / 15 / 5 / 15', 'NUMBER_INVALID', /^Poids : résultats attendus/],
    ['130 / -10 / 0 / 0 / 0 / -20', 'NUMBER_OUT_OF_RANGE', /^Poids : compréhension/],
    ['=SOMME(A1:A6)', 'FORMULA_NOT_ALLOWED', /formules ne sont pas acceptées/],
  ])('refuses « %s » (%s) with a French reason', (raw, code, message) => {
    const parsed = parseMissionWeights(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.message).toMatch(message);
  });

  it.each([
    ['no mission weights', null, DEFAULT_PARAMETERS.weightUnderstanding],
    ['valid mission weights', '30 / 10 / 25 / 15 / 5 / 15', 30],
    ['a stored value that no longer parses', '30 / 10', DEFAULT_PARAMETERS.weightUnderstanding],
  ])('scores with %s', (_case, weights, understanding) => {
    const parameters = parametersForMission(DEFAULT_PARAMETERS, weights);
    expect(parameters.weightUnderstanding).toBe(understanding);
    expect(parameters.budgetMethod).toBe(DEFAULT_PARAMETERS.budgetMethod);
  });
});
