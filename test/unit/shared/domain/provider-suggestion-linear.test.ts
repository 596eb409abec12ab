import { OPERATOR_CODES, type OperatorCode } from '../../../../shared/domain/operator';
import {
  suggestProviders,
  type ProviderSuggestion,
} from '../../../../shared/domain/provider-suggestion';
import {
  RecordWorld,
  SharedRegister,
  suggestionInputOf,
  type WorldRecord,
} from '../../../../shared/domain/record-world';
import type { Mission } from '../../../../shared/domain/mission';
import {
  benchData,
  operatorRecords,
  recordsOf,
  scaleForProviders,
} from '../../../../bench/lib/bench-data';
import { C2RA } from '../../../../shared/domain/operator';
import { suggestProvidersBefore } from '../../../support/provider-suggestion-before';

/**
 * Issue 17: the suggestions are chosen in one pass over the providers of the mission's
 * competence (the best few kept, no sort of them all) and the register is catalogued once per
 * reconcile. The consultants, their order, their scores and their reasons must be exactly the
 * ones the sort-them-all selection gave, on the demo data and on a register of thousands.
 */

interface DataSet {
  readonly operators: ReadonlyMap<OperatorCode, WorldRecord[]>;
  readonly register: WorldRecord[];
}

function dataSet(scale: number, registerScale: number): DataSet {
  const data = benchData(scale);
  const bigger = registerScale === scale ? data : benchData(registerScale);
  const operators = new Map<OperatorCode, WorldRecord[]>(
    OPERATOR_CODES.map((code) => [code, operatorRecords(code, data.operators[code])]),
  );
  return { operators, register: recordsOf('provider', C2RA, bigger.register) };
}

/** The demo data set (scale 1) and the same operators against a register of 5,000 providers. */
const DATA_SETS: readonly (readonly [string, () => DataSet])[] = [
  ['the demo data (scale 1)', () => dataSet(1, 1)],
  ['a generated register of 5,000 providers', () => dataSet(1, scaleForProviders(5_000))],
];

/** Every active mission with a required competence, with its world's suggestion input. */
function missionsOf(world: RecordWorld, records: readonly WorldRecord[]) {
  return records
    .filter((r) => r.kind === 'mission' && !r.archived)
    .flatMap((r) => {
      const mission: Mission | null = world.mission(r.id);
      return mission !== null && mission.requiredCompetence !== null ? [{ id: r.id, mission }] : [];
    });
}

describe.each(DATA_SETS)('suggestProviders, one pass, on %s', (_name, build) => {
  let data: DataSet;
  beforeAll(() => {
    data = build();
  });

  it.each([
    { limit: 4, declined: 0 },
    { limit: 1, declined: 0 },
    { limit: 12, declined: 0 },
    { limit: 4, declined: 2 },
    { limit: 0, declined: 0 },
  ])(
    'gives the same consultants, order, scores and reasons as sorting them all (limit $limit, excluding after $declined declines)',
    ({ limit, declined }) => {
      let compared = 0;
      let suggested = 0;
      const register = new SharedRegister(data.register);
      for (const code of OPERATOR_CODES) {
        const records = data.operators.get(code) ?? [];
        const world = new RecordWorld(records, register);
        for (const { id, mission } of missionsOf(world, records)) {
          const input = { ...suggestionInputOf(world, id, mission, declined), limit };
          const now: ProviderSuggestion[] = suggestProviders(input);
          expect(now).toEqual(suggestProvidersBefore(input));
          compared += 1;
          suggested += now.length;
        }
      }
      expect(compared).toBeGreaterThan(20);
      // Most missions get suggestions; none when none are asked for.
      if (limit > 0) expect(suggested).toBeGreaterThanOrEqual(compared);
      else expect(suggested).toBe(0);
    },
  );

  it('gives the same answers from a world on the shared register as from one on its records', () => {
    const code = OPERATOR_CODES[0];
    const records = data.operators.get(code) ?? [];
    const shared = new RecordWorld(records, new SharedRegister(data.register));
    const own = new RecordWorld(records, data.register);
    const missions = missionsOf(own, records);
    expect(missions.length).toBeGreaterThan(0);
    for (const { id, mission } of missions)
      expect(suggestProviders(suggestionInputOf(shared, id, mission))).toEqual(
        suggestProviders(suggestionInputOf(own, id, mission)),
      );
  });
});
