import type { Image, stream, Worksheet } from 'exceljs';
import {
  DASHBOARD_CHART_SIZE,
  chartPlacement,
  type Dashboard,
} from '../../shared/domain/dashboard/dashboard-charts';
import type { ChartRenderer } from '../../shared/ports/chart-renderer';
import { protectDashboardTab, writeDashboardTables } from './xlsx-dashboard-sheet';

/*
 * The « Tableau de bord » tab of a workbook written by exceljs' streaming writer, which can store
 * images (xl/media) but cannot anchor them in a sheet. The tables are the same code as the C2RA
 * workbook's; the images are anchored by the drawing part this file adds to the writer's own zip
 * while it streams (never by reopening the finished file, so the big tabs stay streamed and an
 * upload to Cloud Storage needs no second pass).
 */

const DRAWING_PART = 'xl/drawings/drawing1.xml';
const DRAWING_RELS_PART = 'xl/drawings/_rels/drawing1.xml.rels';
const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_IMAGE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
/** English Metric Units per pixel at 96 dpi, the unit of a drawing's sizes. */
const EMU_PER_PIXEL = 9525;

/** What the writer uses of exceljs 4.4's internals: its zip (archiver) and a sheet's writers. */
interface ZipAppender {
  append(source: unknown, data: { name: string }): unknown;
}
interface StreamedSheetInternals {
  _write(text: string): void;
  _writeLegacyData(): void;
  _sheetRelsWriter: { addRelationship(rel: { Target: string; Type: string }): string };
}

/** One image placed on the dashboard: its media name and where its top-left corner sits. */
interface PlacedImage {
  readonly media: string;
  readonly column: number;
  readonly row: number;
  readonly title: string;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function anchorXml(image: PlacedImage, index: number): string {
  const cx = DASHBOARD_CHART_SIZE.width * EMU_PER_PIXEL;
  const cy = DASHBOARD_CHART_SIZE.height * EMU_PER_PIXEL;
  return (
    `<xdr:oneCellAnchor><xdr:from><xdr:col>${image.column}</xdr:col><xdr:colOff>0</xdr:colOff>` +
    `<xdr:row>${image.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${cx}" cy="${cy}"/><xdr:pic><xdr:nvPicPr>` +
    `<xdr:cNvPr id="${index + 2}" name="Graphique ${index + 1}" descr="${escapeXml(image.title)}"/>` +
    `<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
    `<xdr:blipFill><a:blip r:embed="rId${index + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
    `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm>` +
    `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>` +
    `</xdr:oneCellAnchor>`
  );
}

/** The drawing part anchoring the images, one `oneCellAnchor` each (the chart's title as alt text). */
export function drawingXml(images: readonly PlacedImage[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    images.map(anchorXml).join('') +
    '</xdr:wsDr>'
  );
}

function drawingRelsXml(images: readonly PlacedImage[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    images
      .map(
        (image, index) =>
          `<Relationship Id="rId${index + 1}" Type="${REL_IMAGE}" Target="../media/${image.media}"/>`,
      )
      .join('') +
    '</Relationships>'
  );
}

function zipOf(workbook: stream.xlsx.WorkbookWriter): ZipAppender {
  const zip = (workbook as unknown as { zip?: Partial<ZipAppender> }).zip;
  if (typeof zip?.append !== 'function') {
    throw new Error('exceljs streaming writer without its zip: dashboard images cannot be placed');
  }
  return zip as ZipAppender;
}

/**
 * Declares the drawing part in `[Content_Types].xml`, which exceljs' streaming writer builds at
 * commit without drawings: the one append of that part is completed on its way to the zip.
 */
function declareDrawingContentType(zip: ZipAppender): void {
  const append = zip.append.bind(zip);
  const override = `<Override PartName="/${DRAWING_PART}" ContentType="${DRAWING_CONTENT_TYPE}"/>`;
  zip.append = (source, data) =>
    append(
      data.name === '[Content_Types].xml' && typeof source === 'string'
        ? source.replace('</Types>', `${override}</Types>`)
        : source,
      data,
    );
}

/** Makes the sheet refer to the drawing when exceljs closes its XML (before `legacyDrawing`). */
function referDrawing(sheet: Worksheet): void {
  const internals = sheet as unknown as Partial<StreamedSheetInternals>;
  const { _write, _writeLegacyData, _sheetRelsWriter } = internals;
  if (
    typeof _write !== 'function' ||
    typeof _writeLegacyData !== 'function' ||
    _sheetRelsWriter === undefined
  ) {
    throw new Error('exceljs streaming worksheet without its writers: dashboard images lost');
  }
  internals._writeLegacyData = function writeDrawingThenLegacy(this: StreamedSheetInternals) {
    const rId = _sheetRelsWriter.addRelationship({
      Target: '../drawings/drawing1.xml',
      Type: REL_DRAWING,
    });
    this._write(`<drawing r:id="${rId}"/>`);
    _writeLegacyData.call(this);
  };
}

/**
 * Adds the « Tableau de bord » tab to a workbook being streamed: the heading and the tables (the
 * numbers behind each chart), then, with a renderer, each chart as a PNG anchored to the right of
 * its table, as in the C2RA workbook. Call it once per workbook, before its commit; the tab is
 * committed here, so the tabs written after it stream as usual.
 */
export async function writeStreamedDashboardTab(
  workbook: stream.xlsx.WorkbookWriter,
  dashboard: Dashboard,
  renderer: ChartRenderer | null,
): Promise<void> {
  const sheet = workbook.addWorksheet(dashboard.tab);
  writeDashboardTables(sheet, dashboard);
  protectDashboardTab(sheet);
  const images: PlacedImage[] = [];
  if (renderer !== null) {
    for (const [index, chart] of dashboard.charts.entries()) {
      const png = await renderer.renderPng(chart, DASHBOARD_CHART_SIZE);
      // A buffer: the streaming writer's zip (archiver) would store a base64 string as text.
      const id = workbook.addImage({
        buffer: Buffer.from(png),
        extension: 'png',
      } as unknown as Image);
      const place = chartPlacement(chart, index);
      images.push({
        media: `image${id}.png`,
        column: place.chartColumn,
        row: place.titleRow,
        title: chart.title,
      });
    }
  }
  if (images.length > 0) {
    const zip = zipOf(workbook);
    zip.append(drawingXml(images), { name: DRAWING_PART });
    zip.append(drawingRelsXml(images), { name: DRAWING_RELS_PART });
    declareDrawingContentType(zip);
    referDrawing(sheet);
  }
  sheet.commit();
}
