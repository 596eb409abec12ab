/**
 * The deterministic demo data set of `dla init --demo` and of the benchmarks: a regional
 * register of consultants and, for each of the six DLA operators, structures, accompaniment
 * plans, missions at every stage of the guide's lifecycle and their solicitations.
 *
 * Rows are written the way a chargé de mission types them in a French spreadsheet (dates
 * `jj/mm/aaaa`, amounts « 6 000,00 € », multi-choices « A, B », « Oui » / « Non ») and carry no
 * ID: the sync engine allocates IDs in row order, starting at 1 per owner and kind, so every
 * reference uses the ID the row it points to will receive (`formatRecordId`).
 *
 * One file per concern in scripts/demo/: the vocabulary tables (`*.data.ts`), the seeded draws,
 * the typed values, then one generator per kind of record; `generateOperator` assembles an
 * operator's workbook.
 */
import { OPERATOR_CODES, type OperatorCode } from '../../shared/domain/operator';
import { PROVIDER_FIELDS } from '../../shared/domain/provider';
import { isIsoDate } from '../../shared/domain/values/french-date';
import {
  DEMO_BASE_COUNTS,
  type DemoData,
  type DemoOptions,
  type OperatorDemoData,
} from './demo-data-model';
import { generateOperator } from './demo-operator';
import { createContext } from './demo-random';
import { generateRegister } from './demo-register';
import { countFor, rowOf } from './demo-typed-values';

export {
  DEMO_BASE_COUNTS,
  type DemoData,
  type DemoOptions,
  type DemoRow,
  type OperatorDemoData,
} from './demo-data-model';
export { mulberry32 } from './demo-random';

/**
 * Generates the demo data set: the same options always give the same rows. At scale 1: 60
 * providers in the register and, per operator, 12 structures, 10 plans, 15 missions (every
 * lifecycle status, closed twice) and 2 to 4 solicitations per mission whose terms were sent.
 * Every row parses with its entity's schema and respects the guide's cross-field rules as
 * seen on `today`; `scale` multiplies every count (linear time).
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const { seed, scale, today } = options;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`Demo scale must be a positive number, got ${scale}.`);
  }
  if (!isIsoDate(today)) throw new RangeError(`Demo day must be aaaa-mm-jj, got ${today}.`);
  const ctx = createContext(seed, today);
  const usedSirets = new Set<string>();
  const register = generateRegister(
    ctx.rng,
    countFor(DEMO_BASE_COUNTS.providers, scale),
    usedSirets,
  );
  const operators = {} as Record<OperatorCode, OperatorDemoData>;
  for (const code of OPERATOR_CODES) {
    operators[code] = generateOperator(ctx, code, scale, register, usedSirets);
  }
  return {
    register: register.providers.map((p) =>
      rowOf(PROVIDER_FIELDS, { ...p.row, referencedOn: ctx.day(p.referencedOn) }),
    ),
    operators,
  };
}
