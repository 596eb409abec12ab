import type { CellWrite, TabSnapshot } from '../../ports/spreadsheet-gateway';
import {
  DEFAULT_PARAMETERS,
  PARAMETERS_TAB,
  parseParameters,
  type OperatorParameters,
} from '../operator-parameters';
import { normalizeForMatch } from '../values/text-normalization';
import { ERROR_MARK } from './plan-sync';

/** The parameters a workbook's « Paramètres » tab gives, and the notes its refused values need. */
export interface ParametersReading {
  readonly parameters: OperatorParameters;
  /** True when the tab differs from the last valid parameters (so they must be saved). */
  readonly changed: boolean;
  readonly cells: readonly CellWrite[];
  readonly problems: readonly string[];
}

const LABEL_COLUMN = 'Paramètre';
const VALUE_COLUMN = 'Valeur';

/**
 * Reads the « Paramètres » tab against the last valid parameters: a refused value (out of
 * bounds, weights not summing to 100) keeps the previous one and gets a red French note; a
 * fixed value loses its note.
 */
export function readParametersTab(
  tab: TabSnapshot | undefined,
  previous: OperatorParameters = DEFAULT_PARAMETERS,
): ParametersReading {
  if (!tab) return { parameters: previous, changed: false, cells: [], problems: [] };
  const labelIndex = tab.header.findIndex(
    (h) => normalizeForMatch(h) === normalizeForMatch(LABEL_COLUMN),
  );
  const valueIndex = tab.header.findIndex(
    (h) => normalizeForMatch(h) === normalizeForMatch(VALUE_COLUMN),
  );
  if (labelIndex < 0 || valueIndex < 0) {
    return {
      parameters: previous,
      changed: false,
      cells: [],
      problems: [
        `Onglet « ${PARAMETERS_TAB} » : colonnes « ${LABEL_COLUMN} » et « ${VALUE_COLUMN} » attendues.`,
      ],
    };
  }
  const rows = tab.rows.map((r) => ({
    row: r,
    label: r.cells[labelIndex]?.value ?? null,
    value: r.cells[valueIndex]?.value ?? null,
  }));
  const { parameters, problems } = parseParameters(rows, previous);
  const problemByLabel = new Map(problems.map((p) => [normalizeForMatch(p.label), p.message]));
  const cells: CellWrite[] = [];
  for (const { row, label } of rows) {
    const desired = problemByLabel.get(normalizeForMatch(String(label ?? '')));
    const current = row.cells[valueIndex]?.note;
    const note = desired === undefined ? null : `${ERROR_MARK}${desired}`;
    if ((note ?? undefined) === current || (note === null && !current?.startsWith(ERROR_MARK)))
      continue;
    cells.push({
      tab: PARAMETERS_TAB,
      row: row.rowNumber,
      column: VALUE_COLUMN,
      columnIndex: valueIndex + 1,
      note,
      style: note ? 'error' : 'normal',
    });
  }
  const changed = Object.keys(parameters).some(
    (k) => parameters[k as keyof OperatorParameters] !== previous[k as keyof OperatorParameters],
  );
  return { parameters, changed, cells, problems: problems.map((p) => p.message) };
}
