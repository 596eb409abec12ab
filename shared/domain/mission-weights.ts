import { PARAMETER_DEFINITIONS, WEIGHT_KEYS, type OperatorParameters } from './operator-parameters';
import { fail, ok, type Result } from './result';
import { parseDecimal } from './values/number';
import { blankOrFormulaFailure, cleanCellText } from './values/text';

/**
 * Weights of one mission. The guide (part III) names the six criteria the proposals « seront
 * évaluées au regard de » but weighs none: the weights are the operator's. The
 * operator's « Paramètres » tab sets the weights of every call; a mission may override them in
 * its « Pondération de la mission » column, as six numbers in the guide's order — compréhension,
 * résultats attendus, méthodologie, profil et références, durée, budget — separated by « / »
 * (the comma is the French decimal separator): `30 / 10 / 25 / 15 / 5 / 15`. They must sum to
 * 100, or the cell is refused and the previous weights stay.
 *
 * @packageDocumentation
 */

/** The six criterion weights of a call. */
export type CriterionWeights = Pick<OperatorParameters, (typeof WEIGHT_KEYS)[number]>;

/** The short names of the six weights, in the order they are typed. */
export const WEIGHT_ORDER_TEXT =
  'compréhension / résultats / méthodologie / profil / durée / budget';

const NUMBER_FORMAT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** The canonical text of six weights: `30 / 10 / 25 / 15 / 5 / 15`. */
export function formatMissionWeights(weights: CriterionWeights): string {
  return WEIGHT_KEYS.map((key) => NUMBER_FORMAT.format(weights[key])).join(' / ');
}

/**
 * Reads a « Pondération de la mission » cell: six numbers from 0 to 100 (up to 2 decimals)
 * separated by « / » or « ; », summing to 100. Codes `WEIGHTS_COUNT`, `WEIGHTS_SUM` and the
 * number codes, with French messages.
 */
export function readMissionWeights(raw: unknown): Result<CriterionWeights> {
  const early = blankOrFormulaFailure(raw);
  if (early !== null) return early;
  const parts = cleanCellText(String(raw))
    .split(/[/;]/)
    .map((p) => p.trim());
  if (parts.length !== WEIGHT_KEYS.length || parts.some((p) => p === ''))
    return fail(
      'WEIGHTS_COUNT',
      `Six poids attendus, séparés par « / » (${WEIGHT_ORDER_TEXT}), par exemple « 20 / 15 / 25 / 20 / 5 / 15 ».`,
    );
  const values: number[] = [];
  for (const [index, part] of parts.entries()) {
    const parsed = parseDecimal(part, { min: 0, max: 100, maxDecimals: 2 });
    if (!parsed.ok) {
      const key = WEIGHT_KEYS[index] ?? WEIGHT_KEYS[0];
      return fail(
        parsed.error.code,
        `${PARAMETER_DEFINITIONS[key].label} : ${parsed.error.message}`,
      );
    }
    values.push(parsed.value);
  }
  const sum = values.reduce((total, v) => total + v, 0);
  if (Math.abs(sum - 100) > 1e-9)
    return fail(
      'WEIGHTS_SUM',
      `La somme des six poids fait ${NUMBER_FORMAT.format(sum)} au lieu de 100 : pondération précédente conservée.`,
    );
  return ok(weightsOf(values));
}

/** {@link readMissionWeights}, giving the canonical text to store in the cell. */
export function parseMissionWeights(raw: unknown): Result<string> {
  const read = readMissionWeights(raw);
  return read.ok ? ok(formatMissionWeights(read.value)) : read;
}

function weightsOf(values: readonly number[]): CriterionWeights {
  return Object.fromEntries(WEIGHT_KEYS.map((key, i) => [key, values[i] ?? 0])) as CriterionWeights;
}

/**
 * The parameters a mission's call is scored with: the operator's, with the six weights of the
 * mission's « Pondération de la mission » when it holds a valid one.
 */
export function parametersForMission(
  parameters: OperatorParameters,
  missionWeights: string | null,
): OperatorParameters {
  if (missionWeights === null) return parameters;
  const read = readMissionWeights(missionWeights);
  return read.ok ? { ...parameters, ...read.value } : parameters;
}
