import type { ExportColumn, ExportSheet, ExportValue } from '../export-sheet';
import { formatEuros } from '../values/amount';
import type { CellValue } from '../values/cell-value';
import { neutralizeFormula } from '../values/formula-neutralization';
import { formatFrenchDate } from '../values/french-date';
import { formatParisDateTime } from '../values/paris-time';
import type { TabReplacement } from '../workbook-writes';
import type { RegionalView } from './regional-rows';
import { REGIONAL_TAB_COLUMNS, REGIONAL_TABS } from './regional-tabs';
import {
  INDICATOR_COLUMNS,
  MISSION_COLUMNS,
  PROVIDER_COLUMNS,
  type RegionalColumn,
} from './table-columns';

/** The first line of each regional table: when it was computed, in Paris time. */
export function runStamp(at: string): string {
  const [date = '', time = ''] = formatParisDateTime(at).split(' ');
  return `Consolidation régionale DLA Nord – Pas de Calais du ${date} à ${time} (heure de Paris)`;
}

const FRENCH_DECIMALS = new Map<number, Intl.NumberFormat>();

function frenchDecimal(value: number, decimals: number): string {
  const format =
    FRENCH_DECIMALS.get(decimals) ??
    new Intl.NumberFormat('fr-FR', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  FRENCH_DECIMALS.set(decimals, format);
  return format.format(value);
}

/**
 * A value as a person reads it in a spreadsheet: French dates and amounts, decimals with a
 * comma, instants in Paris time, and text that no spreadsheet can take for a formula. Whole
 * numbers stay numbers, so that they can still be summed and sorted.
 */
export function frenchCell(column: ExportColumn, value: ExportValue): CellValue {
  if (value === null) return null;
  switch (column.type) {
    case 'text':
      return neutralizeFormula(String(value));
    case 'integer':
      return typeof value === 'number' ? value : neutralizeFormula(value);
    case 'decimal':
      return typeof value === 'number'
        ? frenchDecimal(value, column.decimals ?? 1)
        : neutralizeFormula(value);
    case 'amount':
      return typeof value === 'number' ? formatEuros(value) : neutralizeFormula(value);
    case 'date':
      return typeof value === 'string' ? formatFrenchDate(value) : value;
    case 'datetime':
      return typeof value === 'string' ? formatParisDateTime(value) : value;
  }
}

function tabRows<R>(
  labels: readonly string[],
  columns: readonly RegionalColumn<R>[],
  rows: readonly R[],
  view: RegionalView,
): CellValue[][] {
  const placed = labels.map((label) => columns.find((c) => c.header === label) ?? null);
  return [
    [runStamp(view.generatedAt)],
    ...rows.map((row) =>
      placed.map((column) =>
        column === null ? null : frenchCell(column, column.value(row, view)),
      ),
    ),
  ];
}

/**
 * The three tabs of the C2RA workbook, replaced whole: a first line stating the date and time of
 * the run, then one line per row, each value under its layout column, formatted the French way.
 */
export function toTabReplacements(view: RegionalView): TabReplacement[] {
  return [
    {
      tab: REGIONAL_TABS.missions,
      rows: tabRows(REGIONAL_TAB_COLUMNS.missions, MISSION_COLUMNS, view.missionRows, view),
    },
    {
      tab: REGIONAL_TABS.indicators,
      rows: tabRows(REGIONAL_TAB_COLUMNS.indicators, INDICATOR_COLUMNS, view.indicatorRows, view),
    },
    {
      tab: REGIONAL_TABS.providers,
      rows: tabRows(REGIONAL_TAB_COLUMNS.providers, PROVIDER_COLUMNS, view.providerRows, view),
    },
  ];
}

function exportSheet<R>(
  name: string,
  columns: readonly RegionalColumn<R>[],
  rows: readonly R[],
  view: RegionalView,
): ExportSheet {
  return {
    name,
    title: runStamp(view.generatedAt),
    columns: columns.map(({ header, type, decimals, width }) => ({
      header,
      type,
      ...(decimals === undefined ? {} : { decimals }),
      ...(width === undefined ? {} : { width }),
    })),
    // Each row's values are computed as the writer takes it, never all at once.
    rows: {
      *[Symbol.iterator]() {
        for (const row of rows) yield columns.map((c) => c.value(row, view));
      },
    },
  };
}

/**
 * The three tables as export sheets (the dated .xlsx of the consolidation), with every column
 * computed, including those the C2RA workbook's layout does not have yet.
 */
export function regionalExportSheets(view: RegionalView): ExportSheet[] {
  return [
    exportSheet(REGIONAL_TABS.missions, MISSION_COLUMNS, view.missionRows, view),
    exportSheet(REGIONAL_TABS.indicators, INDICATOR_COLUMNS, view.indicatorRows, view),
    exportSheet(REGIONAL_TABS.providers, PROVIDER_COLUMNS, view.providerRows, view),
  ];
}
