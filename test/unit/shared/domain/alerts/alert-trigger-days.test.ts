import { ALERT_RULES } from '../../../../../shared/domain/alerts/alert-catalogue';
import { DEFAULT_PARAMETERS } from '../../../../../shared/domain/operator-parameters';
import { addDays } from '../../../../../shared/domain/values/french-date';
import { REGISTER } from '../../../../support/builders/alert-fixtures';
import { ALTERED, Scenario, evaluate, CASES, find } from './alert-rule-cases.fixture';

describe('evaluateAlerts and evaluateRegisterAlerts: each rule on its day', () => {
  it('has at least one case per rule', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(ALERT_RULES.filter((r) => r !== 'DUPLICATE_SIRET' && !covered.has(r))).toEqual([]);
  });

  describe.each([
    ['default parameters', DEFAULT_PARAMETERS],
    ['altered parameters', ALTERED],
  ])('with the %s', (_label, parameters) => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s: fires on its day', (_name, c) => {
      const day = c.day(parameters);
      const alert = find(evaluate(c.scenario(), day, parameters), c);
      expect(alert).toMatchObject({
        rule: c.rule,
        severity: c.severity,
        audience: c.audience,
        dueOn: c.dueOn(parameters),
      });
      for (const words of c.wording) expect(alert?.message).toContain(words);
    });

    it.each(CASES.map((c) => [c.name, c] as const))('%s: not the day before', (_name, c) => {
      const dayBefore = addDays(c.day(parameters), -1);
      expect(find(evaluate(c.scenario(), dayBefore, parameters), c)).toBeUndefined();
    });

    it.each(CASES.map((c) => [c.name, c] as const))(
      '%s: archived records never alert',
      (_name, c) => {
        const scenario = c.scenario();
        const archived: Scenario = {
          ...scenario,
          missions: (scenario.missions ?? []).map((m) => ({ ...m, archived: true })),
          solicitations: (scenario.solicitations ?? []).map((s) => ({ ...s, archived: true })),
          providers: (scenario.providers ?? REGISTER).map((p) => ({ ...p, archived: true })),
        };
        const alerts = evaluate(archived, c.day(parameters), parameters);
        expect(alerts.filter((a) => a.key === c.key)).toEqual([]);
      },
    );
  });

  it.each(CASES.filter((c) => c.parameterised).map((c) => [c.name, c] as const))(
    '%s: the parameters move the day',
    (_name, c) => {
      const defaultDay = c.day(DEFAULT_PARAMETERS);
      expect(c.day(ALTERED) > defaultDay).toBe(true);
      expect(find(evaluate(c.scenario(), defaultDay, DEFAULT_PARAMETERS), c)).toBeDefined();
      expect(find(evaluate(c.scenario(), defaultDay, ALTERED), c)).toBeUndefined();
    },
  );

  it('keys are unique in a run and every message is French text naming the record', () => {
    const day = '2025-09-01';
    const alerts = CASES.flatMap((c) => evaluate(c.scenario(), day, DEFAULT_PARAMETERS));
    for (const c of CASES) {
      const run = evaluate(c.scenario(), c.day(DEFAULT_PARAMETERS), DEFAULT_PARAMETERS);
      expect(new Set(run.map((a) => a.key)).size).toBe(run.length);
    }
    for (const a of alerts) {
      expect(a.key.startsWith(`${a.rule}:${a.recordId}`)).toBe(true);
      expect(a.message).toMatch(/(MIS|PRE)-/);
      expect(a.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });
});
