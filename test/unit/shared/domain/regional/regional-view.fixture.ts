import { consolidateRegion } from '../../../../../shared/domain/regional/regional-view';
import type {
  IndicatorRow,
  RegionalView,
} from '../../../../../shared/domain/regional/regional-rows';
import {
  AT,
  operatorRecords,
  REGISTER,
  TODAY,
} from '../../../../support/builders/consolidation-fixtures';

/** French amounts as Intl writes them: U+202F between thousands, U+00A0 before €. */
export const euros = (text: string): string => `${text.replace(/ /g, '\u202f')}\u00a0€`;

/** The regional view of the consolidation fixtures (two operators and the register). */
export function view(): RegionalView {
  return consolidateRegion({
    operators: operatorRecords(),
    register: REGISTER,
    today: TODAY,
    at: AT,
  });
}

/** The indicator row of one operator, or of the region. */
export function indicators(v: RegionalView, scope: IndicatorRow['scope']): IndicatorRow {
  const row = v.indicatorRows.find((r) => r.scope === scope);
  if (row === undefined) throw new Error(`no indicators for ${scope}`);
  return row;
}
