import { OPERATOR_CODES, type OperatorCode, operatorDisplayName } from '../operator';
import type { StoredRecord } from '../stored-record';
import type { IsoDate } from '../values/french-date';
import { indicatorsOf } from './indicator-rows';
import {
  type OperatorFacts,
  operatorFacts,
  type RegisterDigest,
  registerDigest,
  type TextPool,
} from './mission-facts';
import { providerRowsOf } from './provider-rows';
import type { RegionalInput, RegionalView } from './regional-rows';
import { REGION_NAME } from './regional-tabs';

/*
 * The C2RA's regional view of the six operators (guide, part I.B: one regional network), built
 * from the store without anyone copying rows by hand, and without any confidential content
 * (guide, part III: « les informations rassemblées […] ne devront, en aucun cas, être diffusées »).
 */

/**
 * The regional view of the six operators on `today`: one row per mission that is not archived,
 * the indicators of each operator and of the region, and the figures of each provider solicited.
 * Pure; only the fields of {@link REGIONAL_ALLOW_LIST} are read. A date later than `today` is a
 * plan: it is shown, but counts in no delay, amount or status.
 */
export function consolidateRegion(input: RegionalInput): RegionalView {
  const register = registerDigest(input.register);
  const pool: TextPool = new Map();
  const parts = OPERATOR_CODES.map((code) =>
    regionalOperatorPart(code, input.operators[code], register, input.today, pool),
  );
  return assembleRegionalView(parts, register, input.today, input.at);
}

/**
 * One operator's part of the regional view: its records reduced to the allowed facts (only the
 * fields of {@link REGIONAL_ALLOW_LIST} are read). The records can be dropped afterwards, so a
 * consolidation reading the operators one at a time holds one operator's records at most.
 */
export function regionalOperatorPart(
  code: OperatorCode,
  records: readonly StoredRecord[],
  register: RegisterDigest,
  today: IsoDate,
  pool?: TextPool,
): OperatorFacts {
  return operatorFacts(code, records, register.names, today, pool);
}

/**
 * The regional view from the six operators' parts, in the guide's order of the operators: the
 * same view as {@link consolidateRegion} over the records the parts were derived from.
 */
export function assembleRegionalView(
  parts: readonly OperatorFacts[],
  register: RegisterDigest,
  today: IsoDate,
  at: string,
): RegionalView {
  return {
    missionRows: parts.flatMap((p) => p.missions.map((m) => m.row)),
    indicatorRows: [
      ...parts.map((p) => indicatorsOf(p.code, operatorDisplayName(p.code), [p], today)),
      indicatorsOf('region', REGION_NAME, parts, today),
    ],
    providerRows: providerRowsOf(parts, register, today),
    generatedAt: at,
  };
}
