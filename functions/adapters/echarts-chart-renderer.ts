import { existsSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type {
  DashboardChart,
  DashboardValue,
} from '../../shared/domain/dashboard/dashboard-charts';
import type { ChartRenderer, ImageSize } from '../../shared/ports/chart-renderer';

/** The font every text of a chart is drawn with (shipped: a serverless runtime may have no fonts). */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const FONT_FILE = 'DejaVuSans.ttf';

/**
 * The shipped font: beside the sources (`functions/assets`), or, once compiled to `dist/`, in the
 * project's `functions/assets` (tsc copies no asset).
 */
export function chartFontFile(): string {
  const candidates = [
    path.resolve(__dirname, '..', 'assets', FONT_FILE),
    path.resolve(__dirname, '..', '..', '..', 'functions', 'assets', FONT_FILE),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined)
    throw new Error(`Chart font ${FONT_FILE} not found in ${candidates.join(' or ')}`);
  return found;
}

const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** A number the French way; the narrow no-break space becomes a no-break space every font has. */
function frenchNumber(value: number): string {
  return FRENCH_NUMBER.format(value).replace(/\u202f/g, '\u00a0');
}

/** Advance widths of DejaVu Sans, in ems, for the characters that differ most from the average. */
const NARROW = new Set([..."ijlftrI.,:;!|'()[] "]);
const WIDE = new Set([...'mwMW%@→']);

/**
 * The width of a text in DejaVu Sans, approximated from its characters. ECharts measures text
 * with a canvas, absent on a server; its fallback is narrower than DejaVu Sans and let legend
 * items overlap once resvg drew them.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) ems += 0.34;
    else if (WIDE.has(ch)) ems += 0.95;
    else if (ch >= 'A' && ch <= 'Z') ems += 0.7;
    else ems += 0.64;
  }
  return ems * fontSize;
}

function fontSizeOf(font: string | undefined): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return match?.[1] === undefined ? 12 : Number(match[1]);
}

echarts.setPlatformAPI({
  measureText: (text: string, font?: string) => ({ width: textWidth(text, fontSizeOf(font)) }),
});

const LEGEND_FONT_SIZE = 11;
const LEGEND_ITEM_GAP = 14;
const LEGEND_ICON = 25 + 5;
const LEGEND_LINE = 26;

/** Lines of the legend once its items are wrapped to the chart's width. */
function legendLines(names: readonly string[], width: number): number {
  let lines = 1;
  let used = 0;
  for (const name of names) {
    const item = LEGEND_ICON + textWidth(name, LEGEND_FONT_SIZE);
    if (used > 0 && used + item > width) {
      lines += 1;
      used = 0;
    }
    used += item + LEGEND_ITEM_GAP;
  }
  return lines;
}

function numberOrNull(value: DashboardValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** The ECharts option of a chart: the same title, axes, legend and series as Google's native chart. */
export function echartsOption(chart: DashboardChart, size: ImageSize): echarts.EChartsCoreOption {
  const rows = chart.table.rows.slice(0, chart.chartRows);
  const names = chart.series.map((s) => chart.table.columns[s.column]?.header ?? '');
  const legendWidth = size.width - 40;
  const legendHeight = legendLines(names, legendWidth) * LEGEND_LINE;
  const text = { fontFamily: CHART_FONT_FAMILY, color: '#222222' };
  const valueAxis = (name: string, position: 'left' | 'right') => ({
    type: 'value' as const,
    name,
    position,
    ...(position === 'left' && chart.valueMax !== undefined ? { min: 0, max: chart.valueMax } : {}),
    nameLocation: 'middle' as const,
    nameGap: 48,
    nameTextStyle: text,
    axisLabel: { ...text, formatter: (v: number) => frenchNumber(v) },
    splitLine: { show: position === 'left' },
  });
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: text,
    title: {
      text: chart.title,
      subtext: chart.subtitle,
      left: 'center',
      textStyle: { ...text, fontSize: 16, fontWeight: 'normal' },
      subtextStyle: { ...text, color: '#555555' },
    },
    legend: {
      bottom: 4,
      left: 'center',
      width: legendWidth,
      type: 'plain',
      itemGap: LEGEND_ITEM_GAP,
      textStyle: { ...text, fontSize: LEGEND_FONT_SIZE },
    },
    grid: {
      left: 72,
      right: chart.rightAxis === null ? 24 : 72,
      top: 72,
      bottom: legendHeight + 44,
    },
    xAxis: {
      type: 'category',
      name: chart.categoryAxis,
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: text,
      axisLabel: text,
      data: rows.map((r) => String(r[0] ?? '')),
    },
    yAxis:
      chart.rightAxis === null
        ? [valueAxis(chart.valueAxis, 'left')]
        : [valueAxis(chart.valueAxis, 'left'), valueAxis(chart.rightAxis, 'right')],
    series: chart.series.map((s) => ({
      type: s.type,
      name: names[chart.series.indexOf(s)] ?? '',
      yAxisIndex: s.axis === 'right' ? 1 : 0,
      ...(chart.stacked && s.type === 'bar' ? { stack: 'total' } : {}),
      itemStyle: { color: s.color },
      lineStyle: { color: s.color, width: 2 },
      data: rows.map((r) => numberOrNull(r[s.column])),
    })),
  };
}

/**
 * Draws the dashboard's charts as PNG with ECharts' server-side SVG rendering, turned into PNG by
 * resvg with the shipped DejaVu Sans font only (no system font is read, so every machine draws the
 * same image).
 */
export class EchartsChartRenderer implements ChartRenderer {
  private readonly fontFile: string;

  constructor(fontFile: string = chartFontFile()) {
    this.fontFile = fontFile;
  }

  renderPng(chart: DashboardChart, size: ImageSize): Promise<Uint8Array> {
    const instance = echarts.init(null, null, {
      renderer: 'svg',
      ssr: true,
      width: size.width,
      height: size.height,
    });
    let svg: string;
    try {
      instance.setOption(echartsOption(chart, size));
      svg = instance.renderToSVGString();
    } finally {
      // An instance left alive keeps the process from exiting.
      instance.dispose();
    }
    const png = new Resvg(svg, {
      font: {
        fontFiles: [this.fontFile],
        loadSystemFonts: false,
        defaultFontFamily: CHART_FONT_FAMILY,
      },
      fitTo: { mode: 'width', value: size.width },
    })
      .render()
      .asPng();
    return Promise.resolve(new Uint8Array(png.buffer, png.byteOffset, png.byteLength));
  }
}
