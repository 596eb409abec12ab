/**
 * Child-process cases of the pure domain: scoring calls for proposals, the alert rules, and the
 * provider suggestions of the « Prestataires suggérés » column as the register grows. Each is
 * compared with a floor that reads the same inputs once and computes nothing.
 *
 * @packageDocumentation
 */
import { evaluateAlerts } from '../../shared/domain/alerts/alert-evaluation';
import {
  missionEntriesOf,
  providerEntriesOf,
  solicitationEntriesOf,
} from '../../shared/domain/alerts/alert-inputs';
import { deriveCells } from '../../shared/domain/derived-columns';
import { asMission, asSolicitation } from '../../shared/domain/entity-view';
import type { Mission } from '../../shared/domain/mission';
import { DEFAULT_PARAMETERS } from '../../shared/domain/operator-parameters';
import { scoreCall } from '../../shared/domain/scoring/proposal-scoring';
import { RecordWorld } from '../../shared/domain/record-world';
import type { Solicitation } from '../../shared/domain/solicitation';
import type { StoredRecord } from '../../shared/domain/stored-record';
import {
  BENCH_OPERATOR,
  BENCH_TODAY,
  benchData,
  operatorRecords,
  recordsOf,
  registerRecords,
  scaleForMissions,
  scaleForOperatorRows,
  scaleForProviders,
} from '../lib/bench-data';
import { measure, median, round } from '../lib/measure';
import { C2RA } from '../../shared/domain/operator';

/** One timed computation over `items` items, against its floor. */
export interface PerItem {
  readonly items: number;
  readonly itemName: string;
  /** Median wall time of the whole batch over the repetitions, ms. */
  readonly ms: number;
  /** The first (cold) repetition, ms. */
  readonly firstMs: number;
  readonly perItemUs: number;
  readonly floorMs: number;
  readonly floorPerItemUs: number;
  readonly repetitions: number;
}

async function timed(
  repetitions: number,
  items: number,
  itemName: string,
  run: () => number,
  floor: () => number,
): Promise<PerItem> {
  const times: number[] = [];
  const floors: number[] = [];
  let sink = 0;
  for (let i = 0; i < repetitions; i += 1) {
    const measured = await measure(run);
    times.push(measured.ms);
    sink += measured.value;
    const floored = await measure(floor);
    floors.push(floored.ms);
    sink += floored.value;
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the results alive');
  const ms = median(times);
  const floorMs = median(floors);
  return {
    items,
    itemName,
    ms: round(ms, 2),
    firstMs: round(times[0] ?? ms, 2),
    perItemUs: round((ms * 1000) / items, 2),
    floorMs: round(floorMs, 3),
    floorPerItemUs: round((floorMs * 1000) / items, 3),
    repetitions,
  };
}

/**
 * Scoring 1,000 calls for proposals of 4 proposals each (`scoreCall`, the weights of the
 * default parameters). The missions and solicitations are the generator's; a mission with fewer
 * than 4 solicitations borrows the next missions' ones (re-attached to it) so that every call
 * has exactly 4. Floor: reading every proposal's price and scores once.
 */
export async function scoringCase(args: { readonly missions: number }): Promise<PerItem> {
  const data = benchData(scaleForMissions(args.missions)).operators[BENCH_OPERATOR];
  const missions = recordsOf('mission', BENCH_OPERATOR, data.missions).slice(0, args.missions);
  const solicitations = recordsOf('solicitation', BENCH_OPERATOR, data.solicitations);
  const byMission = new Map<string, StoredRecord[]>();
  for (const s of solicitations) {
    const id = String(s.data['missionId'] ?? '');
    byMission.set(id, [...(byMission.get(id) ?? []), s]);
  }
  const pool = solicitations.filter((s) => s.data['priceCents'] !== null);
  let borrowed = 0;
  const calls: { mission: Mission; proposals: { id: string; solicitation: Solicitation }[] }[] =
    missions.map((m) => {
      const own = (byMission.get(m.id) ?? []).slice(0, 4);
      while (own.length < 4) {
        const next = pool[borrowed % pool.length];
        borrowed += 1;
        if (next === undefined) break;
        own.push({
          ...next,
          id: `${next.id}-${m.id}`,
          data: { ...next.data, missionId: m.id },
        });
      }
      return {
        mission: asMission(m.data),
        proposals: own.map((s) => ({ id: s.id, solicitation: asSolicitation(s.data) })),
      };
    });
  const proposals = calls.reduce((n, c) => n + c.proposals.length, 0);
  const result = await timed(
    7,
    calls.length,
    `missions × ${round(proposals / calls.length, 2)} proposals`,
    () =>
      calls.reduce(
        (n, c) => n + scoreCall({ ...c, parameters: DEFAULT_PARAMETERS }).ranking.length,
        0,
      ),
    () =>
      calls.reduce(
        (n, c) =>
          n +
          c.proposals.reduce(
            (m, p) =>
              m +
              (p.solicitation.priceCents ?? 0) +
              (p.solicitation.understandingByOfficer ?? 0) +
              (p.solicitation.resultsByOfficer ?? 0) +
              (p.solicitation.methodologyByOfficer ?? 0) +
              (p.solicitation.profileByOfficer ?? 0) +
              (p.solicitation.durationByOfficer ?? 0),
            0,
          ),
        0,
      ),
  );
  return result;
}

/**
 * The alert rules of one operator over `missions` missions (`evaluateAlerts` on the generated
 * day), with their solicitations and the register. Floor: reading every mission's dates once.
 */
export async function alertsCase(args: {
  readonly missions: number;
}): Promise<
  PerItem & { readonly alerts: number; readonly solicitations: number; readonly providers: number }
> {
  const data = benchData(scaleForMissions(args.missions));
  const operator = data.operators[BENCH_OPERATOR];
  const records = [
    ...recordsOf('mission', BENCH_OPERATOR, operator.missions),
    ...recordsOf('solicitation', BENCH_OPERATOR, operator.solicitations),
  ];
  const missions = missionEntriesOf(records);
  const solicitations = solicitationEntriesOf(records);
  const providers = providerEntriesOf(registerRecords(data));
  const input = {
    owner: BENCH_OPERATOR,
    today: BENCH_TODAY,
    parameters: DEFAULT_PARAMETERS,
    missions,
    solicitations,
    providers,
  };
  const alerts = evaluateAlerts(input).length;
  const dateKeys = Object.keys(missions[0]?.mission ?? {}).filter((k) => k.endsWith('On'));
  const result = await timed(
    5,
    missions.length,
    'missions',
    () => evaluateAlerts(input).length,
    () =>
      missions.reduce((n, m) => {
        let count = n;
        for (const key of dateKeys) if (Reflect.get(m.mission, key) !== null) count += 1;
        return count;
      }, 0),
  );
  return {
    ...result,
    alerts,
    solicitations: solicitations.length,
    providers: providers.length,
  };
}

/** The cost of the « Prestataires suggérés » column for one register size. */
export interface SuggestionPoint {
  readonly providers: number;
  readonly openMissions: number;
  readonly msPerOpenMission: number;
}

/**
 * The computed columns of the missions still in their call for proposals (the only ones that get
 * suggestions) of the 1,000-row workbook, with a register of each size: the generator's register
 * at that size, the operator's records unchanged. Shows how the column's cost follows the
 * register, which every open mission scans.
 */
export async function suggestionCase(args: {
  readonly registerSizes: readonly number[];
}): Promise<SuggestionPoint[]> {
  const small = benchData(scaleForOperatorRows(1_000));
  const records = operatorRecords(BENCH_OPERATOR, small.operators[BENCH_OPERATOR]);
  const missions = records.filter((r) => r.kind === 'mission');
  const points: SuggestionPoint[] = [];
  for (const size of args.registerSizes) {
    const rows =
      size <= small.register.length ? small.register : benchData(scaleForProviders(size)).register;
    const register = recordsOf('provider', C2RA, rows);
    const world = new RecordWorld(records, register);
    const open = missions.filter((m) => {
      const status = deriveCells(m, world, BENCH_TODAY)['suggestedProviders'];
      return typeof status === 'string' && status !== '';
    });
    const times: number[] = [];
    // The median of 7: with 3, one collection landing in a run moved the exponent by ±0.1.
    for (let i = 0; i < 7; i += 1) {
      const fresh = new RecordWorld(records, register);
      const measured = await measure(() =>
        open.reduce(
          (n, m) => n + String(deriveCells(m, fresh, BENCH_TODAY)['suggestedProviders']).length,
          0,
        ),
      );
      times.push(measured.ms);
    }
    points.push({
      providers: register.length,
      openMissions: open.length,
      msPerOpenMission: round(median(times) / Math.max(1, open.length), 3),
    });
  }
  return points;
}
