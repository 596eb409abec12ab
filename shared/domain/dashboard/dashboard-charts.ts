import { OPERATOR_CODES } from '../operator';
import type { RegionalView } from '../regional/regional-rows';
import { formatParisDateTime } from '../values/paris-time';
import {
  AMOUNT_QUARTERS,
  DELAY_STEPS,
  STATUS_STAGES,
  TOP_CONSULTANTS,
  dashboardFigures,
  type DashboardFigures,
  type DashboardScope,
  type DashboardSources,
} from './dashboard-figures';
import { quarterLabel, rounded } from './dashboard-statistics';

/** The tab of the C2RA workbook the dashboard fills. */
export const DASHBOARD_TAB = 'Tableau de bord';

/** How a table column shows its numbers. */
export type DashboardColumnFormat = 'text' | 'integer' | 'decimal1' | 'decimal2' | 'euros';

/** One column of a chart's table: its French header and its format. */
export interface DashboardColumn {
  readonly header: string;
  readonly format: DashboardColumnFormat;
}

/** One value of a table: the row's label (first column), or a number, or null (no data). */
export type DashboardValue = string | number | null;

/** The numbers behind a chart, shown next to it: the first column labels the rows. */
export interface DashboardTable {
  readonly columns: readonly DashboardColumn[];
  readonly rows: readonly (readonly DashboardValue[])[];
}

/** A series of a chart: one numeric column of its table. */
export interface DashboardSeries {
  /** Index of the column in the table (1 or more). */
  readonly column: number;
  readonly type: 'bar' | 'line';
  readonly axis: 'left' | 'right';
  /** `#rrggbb`. */
  readonly color: string;
}

/** The six charts of the dashboard. */
export type DashboardChartKey =
  'statuses' | 'delays' | 'satisfaction' | 'consultants' | 'calls' | 'amounts';

/** One chart: what it says, the table it is drawn from, and how. */
export interface DashboardChart {
  readonly key: DashboardChartKey;
  /** The French title; stable from one run to the next (Google's charts are found by it). */
  readonly title: string;
  /** The date of the data. */
  readonly subtitle: string;
  readonly categoryAxis: string;
  readonly valueAxis: string;
  /** The title of the right axis of a chart with two units, else null. */
  readonly rightAxis: string | null;
  /**
   * The top of the left axis when the values have a fixed scale (a note out of 5), so that a
   * bar is read against the whole scale; absent: fitted to the values.
   */
  readonly valueMax?: number;
  readonly stacked: boolean;
  readonly table: DashboardTable;
  /** The first rows of the table the chart draws (the region row is left out of counts). */
  readonly chartRows: number;
  readonly series: readonly DashboardSeries[];
}

/** The « Tableau de bord » tab: a heading, then one chart and its table per block. */
export interface Dashboard {
  readonly tab: string;
  readonly heading: string;
  readonly generatedAt: string;
  readonly charts: readonly DashboardChart[];
}

/** Colours of the series, readable side by side and by most colour-blind readers (Okabe–Ito). */
export const DASHBOARD_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

/** Pairs of a dark and a light tone, for a median and its 80th percentile. */
const PAIRED = [
  ['#0072B2', '#8CC4E8'],
  ['#D55E00', '#F4B183'],
  ['#009E73', '#8FD9BF'],
  ['#CC79A7', '#EBC2DA'],
] as const;

/** The label of a scope in a table and on an axis: the operator's code, or « Région ». */
export function scopeLabel(scope: DashboardScope): string {
  return scope === 'region' ? 'Région' : scope;
}

function color(index: number): string {
  return DASHBOARD_PALETTE[index % DASHBOARD_PALETTE.length] ?? '#000000';
}

const percent = (share: number | null): number | null =>
  share === null ? null : rounded(share * 100, 1);

/** The line under every title: the date and time the data were consolidated, in Paris. */
export function dataDateLine(generatedAt: string): string {
  const [date = '', time = ''] = formatParisDateTime(generatedAt).split(' ');
  return `Données du ${date} à ${time}`;
}

function statusesChart(f: DashboardFigures, subtitle: string): DashboardChart {
  return {
    key: 'statuses',
    title: 'Missions par étape du cycle de vie',
    subtitle,
    categoryAxis: 'Opérateur',
    valueAxis: 'Missions',
    rightAxis: null,
    stacked: true,
    table: {
      columns: [
        { header: 'Opérateur', format: 'text' },
        ...STATUS_STAGES.map((s) => ({ header: s.label, format: 'integer' as const })),
        { header: 'Total', format: 'integer' },
      ],
      rows: f.statuses.map((s) => [scopeLabel(s.scope), ...s.byStage, s.total]),
    },
    chartRows: OPERATOR_CODES.length,
    series: STATUS_STAGES.map((_s, i) => ({
      column: i + 1,
      type: 'bar',
      axis: 'left',
      color: color(i),
    })),
  };
}

function delaysChart(f: DashboardFigures, subtitle: string): DashboardChart {
  const columns = DELAY_STEPS.flatMap((step) => [
    { header: `${step.label} : médiane`, format: 'decimal1' as const },
    { header: `${step.label} : 80e centile`, format: 'decimal1' as const },
  ]);
  return {
    key: 'delays',
    title: 'Délais des étapes du guide (médiane et 80e centile)',
    subtitle,
    categoryAxis: 'Opérateur',
    valueAxis: 'Jours',
    rightAxis: null,
    stacked: false,
    table: {
      columns: [
        { header: 'Opérateur', format: 'text' },
        ...columns,
        ...DELAY_STEPS.map((step) => ({
          header: `${step.label} : missions`,
          format: 'integer' as const,
        })),
      ],
      rows: f.delays.map((d) => [
        scopeLabel(d.scope),
        ...d.steps.flatMap((s) => [rounded(s.median, 1), rounded(s.p80, 1)]),
        ...d.steps.map((s) => s.count),
      ]),
    },
    chartRows: OPERATOR_CODES.length + 1,
    series: columns.map((_c, i) => ({
      column: i + 1,
      type: 'bar',
      axis: 'left',
      color: PAIRED[Math.floor(i / 2)]?.[i % 2] ?? '#000000',
    })),
  };
}

function satisfactionChart(f: DashboardFigures, subtitle: string): DashboardChart {
  return {
    key: 'satisfaction',
    title: 'Satisfaction des structures accompagnées',
    subtitle,
    categoryAxis: 'Opérateur',
    valueAxis: 'Note moyenne (1 à 5)',
    rightAxis: null,
    valueMax: 5,
    stacked: false,
    table: {
      columns: [
        { header: 'Opérateur', format: 'text' },
        ...f.dimensions.map((d) => ({ header: `${d} (1 à 5)`, format: 'decimal2' as const })),
        { header: 'Missions notées', format: 'integer' },
      ],
      rows: f.satisfaction.map((s) => [
        scopeLabel(s.scope),
        ...s.means.map((m) => rounded(m, 2)),
        s.answers,
      ]),
    },
    chartRows: OPERATOR_CODES.length + 1,
    series: f.dimensions.map((_d, i) => ({
      column: i + 1,
      type: 'bar',
      axis: 'left',
      color: color(i),
    })),
  };
}

function consultantsChart(f: DashboardFigures, subtitle: string): DashboardChart {
  return {
    key: 'consultants',
    title: 'Prestataires mobilisés et concentration',
    subtitle,
    categoryAxis: 'Opérateur',
    valueAxis: 'Prestataires distincts',
    rightAxis: `Part des ${TOP_CONSULTANTS} plus mobilisés (%)`,
    stacked: false,
    table: {
      columns: [
        { header: 'Opérateur', format: 'text' },
        { header: 'Prestataires distincts', format: 'integer' },
        {
          header: `Part des missions des ${TOP_CONSULTANTS} plus mobilisés (%)`,
          format: 'decimal1',
        },
        { header: 'Missions attribuées', format: 'integer' },
        { header: `Missions des ${TOP_CONSULTANTS} plus mobilisés`, format: 'integer' },
      ],
      rows: f.consultants.map((c) => [
        scopeLabel(c.scope),
        c.distinct,
        percent(c.topShare),
        c.missions,
        c.topMissions,
      ]),
    },
    chartRows: OPERATOR_CODES.length,
    series: [
      { column: 1, type: 'bar', axis: 'left', color: color(0) },
      { column: 2, type: 'line', axis: 'right', color: color(5) },
    ],
  };
}

function callsChart(f: DashboardFigures, subtitle: string): DashboardChart {
  return {
    key: 'calls',
    title: 'Appels à propositions : sollicitations et réponses',
    subtitle,
    categoryAxis: 'Opérateur',
    valueAxis: 'Part des sollicitations (%)',
    rightAxis: 'Sollicitations par mission',
    stacked: false,
    table: {
      columns: [
        { header: 'Opérateur', format: 'text' },
        { header: 'Déclinées (%)', format: 'decimal1' },
        { header: 'Réponses hors délai (%)', format: 'decimal1' },
        { header: 'Sollicitations par mission', format: 'decimal2' },
        { header: 'Missions avec appel', format: 'integer' },
        { header: 'Sollicitations', format: 'integer' },
      ],
      rows: f.calls.map((c) => [
        scopeLabel(c.scope),
        percent(c.declinedShare),
        percent(c.lateShare),
        rounded(c.perCall, 2),
        c.calls,
        c.solicitations,
      ]),
    },
    chartRows: OPERATOR_CODES.length + 1,
    series: [
      { column: 1, type: 'bar', axis: 'left', color: color(5) },
      { column: 2, type: 'bar', axis: 'left', color: color(1) },
      { column: 3, type: 'line', axis: 'right', color: color(0) },
    ],
  };
}

function amountsChart(f: DashboardFigures, subtitle: string): DashboardChart {
  const withContributions = f.amounts.some((a) => a.contributions !== null);
  const euros = (cents: number | null): number | null => (cents === null ? null : cents / 100);
  return {
    key: 'amounts',
    title: `Montants attribués par trimestre (${AMOUNT_QUARTERS} derniers trimestres)`,
    subtitle,
    categoryAxis: "Trimestre d'attribution",
    valueAxis: 'Euros',
    rightAxis: null,
    stacked: true,
    table: {
      columns: [
        { header: 'Trimestre', format: 'text' },
        ...OPERATOR_CODES.map((code) => ({ header: code, format: 'euros' as const })),
        { header: 'Région', format: 'euros' },
        ...(withContributions
          ? [{ header: 'Contributions des financeurs (région)', format: 'euros' as const }]
          : []),
      ],
      rows: f.amounts.map((a) => [
        quarterLabel(a.quarter),
        ...a.byOperator.map(euros),
        euros(a.region),
        ...(withContributions ? [euros(a.contributions)] : []),
      ]),
    },
    chartRows: f.amounts.length,
    series: [
      ...OPERATOR_CODES.map((_code, i) => ({
        column: i + 1,
        type: 'bar' as const,
        axis: 'left' as const,
        color: color(i),
      })),
      ...(withContributions
        ? [
            {
              column: OPERATOR_CODES.length + 2,
              type: 'line' as const,
              axis: 'left' as const,
              color: color(7),
            },
          ]
        : []),
    ],
  };
}

/** The six charts of the figures, each with its table, in the order of the tab. */
export function dashboardCharts(figures: DashboardFigures): DashboardChart[] {
  const subtitle = dataDateLine(figures.generatedAt);
  return [
    statusesChart(figures, subtitle),
    delaysChart(figures, subtitle),
    satisfactionChart(figures, subtitle),
    consultantsChart(figures, subtitle),
    callsChart(figures, subtitle),
    amountsChart(figures, subtitle),
  ];
}

/**
 * The C2RA's « Tableau de bord »: six charts, per operator and for the region, each with the
 * numbers it is drawn from, computed from the regional view (allow-listed facts only; no
 * structure is ever named). Pure.
 */
export function buildDashboard(view: RegionalView, sources: DashboardSources = {}): Dashboard {
  return {
    tab: DASHBOARD_TAB,
    heading: `Tableau de bord régional DLA Nord – Pas de Calais — ${dataDateLine(view.generatedAt).toLowerCase()} (heure de Paris)`,
    generatedAt: view.generatedAt,
    charts: dashboardCharts(dashboardFigures(view, sources)),
  };
}

/** Where a chart's block sits on the tab (0-based rows and columns). */
export interface ChartPlacement {
  /** The row of the block's title (the chart's title, in bold). */
  readonly titleRow: number;
  /** The row of the table's header; its data rows follow. */
  readonly headerRow: number;
  /** The column the chart's top-left corner is anchored at, right of the table. */
  readonly chartColumn: number;
}

/** Rows of the heading above the first block. */
const HEADING_ROWS = 2;

/** Rows of one block: the chart's height (420 px at 20 px a row) and a margin. */
export const DASHBOARD_BLOCK_ROWS = 24;

/** The size of a chart, in pixels, on the tab and as an image. */
export const DASHBOARD_CHART_SIZE = { width: 800, height: 420 } as const;

/** The place of the `index`-th chart of a dashboard; the same for every run, so charts update in place. */
export function chartPlacement(chart: DashboardChart, index: number): ChartPlacement {
  const titleRow = HEADING_ROWS + index * DASHBOARD_BLOCK_ROWS;
  return { titleRow, headerRow: titleRow + 1, chartColumn: chart.table.columns.length + 1 };
}
