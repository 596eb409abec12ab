import type { CellWrite } from '../workbook-writes';
import type { TabSnapshot } from '../workbook-snapshot';
import {
  CONFIRM_ARCHIVE_LABEL,
  DEFAULT_PARAMETERS,
  PARAMETERS_TAB,
  PARAMETERS_TAB_HEADERS,
  parseParameters,
  type OperatorParameters,
} from '../operator-parameters';
import { normalizeForMatch } from '../values/text-normalization';
import { ERROR_MARK } from './sheet-cells';

/** The parameters a workbook's « Paramètres » tab gives, and the notes its refused values need. */
export interface ParametersReading {
  readonly parameters: OperatorParameters;
  /** True when the tab differs from the last valid parameters (so they must be saved). */
  readonly changed: boolean;
  readonly cells: readonly CellWrite[];
  readonly problems: readonly string[];
}

const [LABEL_COLUMN, VALUE_COLUMN] = PARAMETERS_TAB_HEADERS;

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

/** Where the « Confirmer l'archivage » value sits in the « Paramètres » tab, and what it says. */
export interface ArchiveConfirmation {
  /** True when the cell says « Oui ». */
  readonly confirmed: boolean;
  /** The row of the value cell, or the row to add it on when the tab lacks it. */
  readonly row: number;
  readonly columnIndex: number;
  /** True when the tab has the row already. */
  readonly present: boolean;
  /** The note on the value cell, if any. */
  readonly note?: string;
}

/**
 * The « Confirmer l'archivage » cell of the « Paramètres » tab (see {@link CONFIRM_ARCHIVE_LABEL});
 * null when the workbook has no usable « Paramètres » tab.
 */
export function archiveConfirmationOf(tab: TabSnapshot | undefined): ArchiveConfirmation | null {
  if (!tab) return null;
  const find = (label: string) =>
    tab.header.findIndex((h) => normalizeForMatch(String(h ?? '')) === normalizeForMatch(label));
  const labelIndex = find(LABEL_COLUMN);
  const valueIndex = find(VALUE_COLUMN);
  if (labelIndex < 0 || valueIndex < 0) return null;
  const wanted = normalizeForMatch(CONFIRM_ARCHIVE_LABEL);
  const row = tab.rows.find(
    (r) => normalizeForMatch(String(r.cells[labelIndex]?.value ?? '')) === wanted,
  );
  if (!row) {
    const last = tab.rows.reduce((max, r) => Math.max(max, r.rowNumber), 1);
    return { confirmed: false, row: last + 1, columnIndex: valueIndex + 1, present: false };
  }
  const cell = row.cells[valueIndex];
  const value = normalizeForMatch(String(cell?.value ?? ''));
  return {
    confirmed: value === 'oui',
    row: row.rowNumber,
    columnIndex: valueIndex + 1,
    present: true,
    ...(cell?.note === undefined ? {} : { note: cell.note }),
  };
}

/**
 * The cells of the « Confirmer l'archivage » row: the value (and its note), plus the label when
 * the tab lacks the row, so a person finds where to confirm.
 */
export function archiveConfirmationCells(
  confirmation: ArchiveConfirmation,
  tab: TabSnapshot,
  value: string,
  note: string | null,
): CellWrite[] {
  const cells: CellWrite[] = [
    {
      tab: PARAMETERS_TAB,
      row: confirmation.row,
      column: VALUE_COLUMN,
      columnIndex: confirmation.columnIndex,
      value,
      note,
      style: note === null ? 'normal' : 'error',
    },
  ];
  if (confirmation.present) return cells;
  const labelIndex = tab.header.findIndex(
    (h) => normalizeForMatch(String(h ?? '')) === normalizeForMatch(LABEL_COLUMN),
  );
  cells.push({
    tab: PARAMETERS_TAB,
    row: confirmation.row,
    column: LABEL_COLUMN,
    columnIndex: labelIndex + 1,
    value: CONFIRM_ARCHIVE_LABEL,
  });
  return cells;
}
