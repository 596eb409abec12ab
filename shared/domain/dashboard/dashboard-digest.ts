import { formatEuros } from '../values/amount';
import { addDays, daysBetween, formatFrenchDate, type IsoDate } from '../values/french-date';
import type {
  Dashboard,
  DashboardChart,
  DashboardChartKey,
  DashboardColumn,
  DashboardValue,
} from './dashboard-charts';

/** The charts the weekly e-mail shows: where missions are, how long steps take, what was awarded. */
export const DIGEST_CHARTS: readonly DashboardChartKey[] = ['statuses', 'delays', 'amounts'];

/** The size of a chart in the e-mail, in pixels (narrower than in the workbook, for mail clients). */
export const DIGEST_CHART_SIZE = { width: 640, height: 400 } as const;

/** One chart of the e-mail and the name of its inline image. */
export interface DigestChart {
  readonly chart: DashboardChart;
  readonly cid: string;
  readonly fileName: string;
}

/** The weekly e-mail of the dashboard to the C2RA. */
export interface DashboardDigest {
  /** Once per ISO week: a second consolidation in the same week sends nothing. */
  readonly key: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly charts: readonly DigestChart[];
}

/** The Monday of a date's week (2024-01-01 was a Monday). */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, -(((daysBetween('2024-01-01', date) % 7) + 7) % 7));
}

/** The ISO week of a date: `2026-W24` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeekOf(date: IsoDate): string {
  const thursday = addDays(mondayOf(date), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const FRENCH_DECIMAL = new Map<number, Intl.NumberFormat>();

function frenchNumber(value: number, decimals: number): string {
  const format =
    FRENCH_DECIMAL.get(decimals) ??
    new Intl.NumberFormat('fr-FR', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  FRENCH_DECIMAL.set(decimals, format);
  return format.format(value).replace(/\u202f/g, '\u00a0');
}

/** A value of a table as a person reads it in French; « — » for no data. */
export function digestValue(column: DashboardColumn | undefined, value: DashboardValue): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  switch (column?.format) {
    case 'euros':
      return formatEuros(Math.round(value * 100));
    case 'decimal1':
      return frenchNumber(value, 1);
    case 'decimal2':
      return frenchNumber(value, 2);
    default:
      return frenchNumber(value, 0);
  }
}

/** A chart's table as text lines: « CBE-LM — En préparation : 3 ; Attribuée : 2 ; … ». */
function tableText(chart: DashboardChart): string[] {
  const columns = chart.table.columns;
  return chart.table.rows.map(
    (row) =>
      `- ${String(row[0] ?? '')} — ${row
        .slice(1)
        .map(
          (value, i) => `${columns[i + 1]?.header ?? ''} : ${digestValue(columns[i + 1], value)}`,
        )
        .join(' ; ')}`,
  );
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function tableHtml(chart: DashboardChart): string {
  const columns = chart.table.columns;
  const head = columns
    .map((c) => `<th style="border:1px solid #ccc;padding:2px 6px">${escapeHtml(c.header)}</th>`)
    .join('');
  const body = chart.table.rows
    .map(
      (row) =>
        `<tr>${row
          .map(
            (value, i) =>
              `<td style="border:1px solid #ccc;padding:2px 6px;text-align:${i === 0 ? 'left' : 'right'}">${escapeHtml(digestValue(columns[i], value))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table style="border-collapse:collapse;font-size:12px"><tr>${head}</tr>${body}</table>`;
}

/**
 * The weekly e-mail of the dashboard: three charts inline (cid images), each with the figures
 * of its table in the text and in HTML, for mail clients that block images; the other charts
 * are in the « Tableau de bord » tab of the C2RA workbook.
 */
export function dashboardDigest(dashboard: Dashboard, today: IsoDate): DashboardDigest {
  const week = isoWeekOf(today);
  const charts = DIGEST_CHARTS.flatMap((key) => {
    const chart = dashboard.charts.find((c) => c.key === key);
    return chart === undefined
      ? []
      : [{ chart, cid: `${key}@tableau-de-bord`, fileName: `${key}.png` }];
  });
  const subject = `Tableau de bord régional DLA Nord – Pas de Calais — semaine du ${formatFrenchDate(mondayOf(today))}`;
  const intro = [
    'Bonjour,',
    '',
    `${dashboard.heading}.`,
    `Les six graphiques et leurs chiffres sont dans l'onglet « ${dashboard.tab} » du classeur du C2RA ; en voici trois, avec leurs chiffres.`,
    "Aucune structure accompagnée n'y est nommée : seuls les champs autorisés de la consolidation régionale sont utilisés.",
  ];
  const text = [
    ...intro,
    ...charts.flatMap(({ chart }) => [
      '',
      `${chart.title} (${chart.subtitle.toLowerCase()})`,
      ...tableText(chart),
    ]),
    '',
    '— Message automatique de la consolidation régionale.',
  ].join('\n');
  const html = [
    '<!DOCTYPE html><html lang="fr"><body style="font-family:Arial,sans-serif;color:#222">',
    ...intro.filter((line) => line !== '').map((line) => `<p>${escapeHtml(line)}</p>`),
    ...charts.map(
      ({ chart, cid }) =>
        `<h2 style="font-size:16px">${escapeHtml(chart.title)}</h2><p style="color:#555">${escapeHtml(chart.subtitle)}</p>` +
        `<img src="cid:${cid}" width="${DIGEST_CHART_SIZE.width}" height="${DIGEST_CHART_SIZE.height}" alt="${escapeHtml(`${chart.title} : les chiffres sont dans le tableau ci-dessous.`)}">` +
        tableHtml(chart),
    ),
    '<p style="color:#555">— Message automatique de la consolidation régionale.</p>',
    '</body></html>',
  ].join('\n');
  return { key: `tableau-de-bord-C2RA-${week}`, subject, text, html, charts };
}
