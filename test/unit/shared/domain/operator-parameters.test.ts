import {
  DEFAULT_PARAMETERS,
  PARAMETER_DEFINITIONS,
  parameterRows,
  parseParameters,
} from '../../../../shared/domain/operator-parameters';
import { readParametersTab } from '../../../../shared/domain/sync/parameters-sync';
import { ERROR_MARK } from '../../../../shared/domain/sync/plan-sync';
import type { TabSnapshot } from '../../../../shared/domain/workbook-snapshot';

const D = PARAMETER_DEFINITIONS;

function tabOf(values: Record<string, unknown>): TabSnapshot {
  const rows = parameterRows().map((row, i) => {
    const label = String(row[0]);
    const value = label in values ? values[label] : row[1];
    return {
      rowNumber: i + 2,
      cells: [{ value: label }, { value: value as string | number | null }],
    };
  });
  return {
    name: 'Paramètres',
    header: ['Paramètre', 'Valeur', 'Minimum', 'Maximum', 'Explication'],
    rows,
  };
}

describe('operator parameters (« Paramètres » tab)', () => {
  it.each(parameterRows().map((row) => [String(row[0]), String(row[4])]))(
    '« %s » says its default is the operator’s, not the guide’s',
    (_label, help) => {
      expect(help).toMatch(/Défaut de l'opérateur : [^ ]+ \(le guide ne fixe pas ce chiffre\)\./);
    },
  );

  // The guide names the six criteria (« compréhension de la problématique, […] budget ») but
  // gives no weight: 20/15/25/20/5/15 and the 70 % threshold are operator defaults.
  it('gives the operator defaults: weights 20/15/25/20/5/15 summing to 100', () => {
    expect(DEFAULT_PARAMETERS).toMatchObject({
      weightUnderstanding: 20,
      weightResults: 15,
      weightMethodology: 25,
      weightProfile: 20,
      weightDuration: 5,
      weightBudget: 15,
      budgetMethod: 'Proportionnelle',
      abnormallyLowPercent: 70,
    });
  });

  it.each([
    [
      'a new reply-deadline warning of 5 days',
      { [D.replyDeadlineWarningDays.label]: '5' },
      { replyDeadlineWarningDays: 5 },
      [],
    ],
    [
      'weights moved but still summing to 100',
      { [D.weightMethodology.label]: 30, [D.weightDuration.label]: 0 },
      { weightMethodology: 30, weightDuration: 0 },
      [],
    ],
    [
      'the linear budget method typed in lower case',
      { [D.budgetMethod.label]: 'linéaire' },
      { budgetMethod: 'Linéaire' },
      [],
    ],
    [
      'weights summing to 105: all previous weights stay',
      { [D.weightBudget.label]: 20 },
      { weightBudget: 15, weightUnderstanding: 20 },
      ['WEIGHTS_SUM'],
    ],
    [
      'a delay out of bounds: previous value stays',
      { [D.agreementDelayDays.label]: 400 },
      { agreementDelayDays: 15 },
      ['NUMBER_OUT_OF_RANGE'],
    ],
    [
      'an unknown budget method',
      { [D.budgetMethod.label]: 'au doigt mouillé' },
      { budgetMethod: 'Proportionnelle' },
      ['PARAMETER_INVALID'],
    ],
  ])('reads %s', (_label, typed, expected, codes) => {
    const rows = Object.entries(typed).map(([label, value]) => ({ label, value }));
    const { parameters, problems } = parseParameters(rows, DEFAULT_PARAMETERS);
    expect(parameters).toMatchObject(expected);
    expect(problems.map((p) => p.code)).toEqual(codes);
  });

  it('puts a red French note on a refused value, and removes it once fixed', () => {
    const bad = readParametersTab(tabOf({ [D.weightBudget.label]: 40 }));
    expect(bad.parameters.weightBudget).toBe(15);
    expect(bad.changed).toBe(false);
    expect(bad.cells).toEqual([
      expect.objectContaining({
        tab: 'Paramètres',
        column: 'Valeur',
        note: expect.stringContaining('au lieu de 100'),
        style: 'error',
      }),
    ]);
    const fixedTab = tabOf({ [D.weightBudget.label]: 10, [D.weightDuration.label]: 10 });
    const noted = fixedTab.rows.map((r) =>
      r.cells[0]?.value === D.weightUnderstanding.label
        ? {
            ...r,
            cells: [
              r.cells[0] ?? { value: null },
              { value: 20, note: `${ERROR_MARK}ancienne erreur` },
            ],
          }
        : r,
    );
    const fixed = readParametersTab({ ...fixedTab, rows: noted });
    expect(fixed.parameters).toMatchObject({ weightBudget: 10, weightDuration: 10 });
    expect(fixed.changed).toBe(true);
    expect(fixed.cells).toEqual([expect.objectContaining({ note: null, style: 'normal' })]);
  });
});
