import { collectiveViolations, servedPlanIds } from '../../../../shared/domain/collective-mission';
import { parsePlanIds } from '../../../../shared/domain/plan-id-list';
import { aMission } from '../../../support/builders/mission-builder';

// Guide, part I.C: the DLA carries out « ingénieries individuelles ou collectives »; a collective
// mission serves several structures, each with its plan d'accompagnement.
describe('collective missions', () => {
  it.each([
    ['ACC-CBE-LM-0008, ACC-CBE-LM-0009', ['ACC-CBE-LM-0008', 'ACC-CBE-LM-0009']],
    ['acc-cbe-lm-0008 ; ACC-CBE-LM-0010', ['ACC-CBE-LM-0008', 'ACC-CBE-LM-0010']],
  ])('reads the other plans « %s »', (typed, ids) => {
    expect(parsePlanIds(typed)).toEqual({ ok: true, value: ids });
  });

  it.each([
    ['ACC-CBE-LM-0008, ACC-CBE-LM-0008', 'PLAN_LISTED_TWICE'],
    ['STR-CBE-LM-0008', 'REFERENCE_WRONG_KIND'],
  ])('refuses « %s » (%s)', (typed, code) => {
    const result = parsePlanIds(typed);
    expect(result.ok ? null : result.error.code).toBe(code);
  });

  it('names every structure served, the main plan first', () => {
    const mission = aMission({
      engineeringType: 'Collective',
      otherPlanIds: ['ACC-CBE-LM-0008', 'ACC-CBE-LM-0009'],
    });
    expect(servedPlanIds(mission)).toEqual([
      'ACC-CBE-LM-0007',
      'ACC-CBE-LM-0008',
      'ACC-CBE-LM-0009',
    ]);
    expect(collectiveViolations(mission)).toEqual([]);
  });

  it.each([
    [
      'a collective mission naming one structure',
      aMission({ engineeringType: 'Collective' }),
      'COLLECTIVE_SINGLE_STRUCTURE',
    ],
    [
      'an individual mission naming other plans',
      aMission({ otherPlanIds: ['ACC-CBE-LM-0008'] }),
      'OTHER_PLANS_ON_INDIVIDUAL',
    ],
    [
      'its own plan listed again',
      aMission({ engineeringType: 'Collective', otherPlanIds: ['ACC-CBE-LM-0007'] }),
      'PLAN_LISTED_TWICE',
    ],
  ])('flags %s', (_name, mission, code) => {
    expect(collectiveViolations(mission).map((v) => v.code)).toContain(code);
  });
});
