import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workbook, type Worksheet } from 'exceljs';
import { EchartsChartRenderer } from '../../../functions/adapters/echarts-chart-renderer';
import { FileExportSink } from '../../../functions/adapters/file-export-sink';
import {
  createWorkbookFile,
  XlsxWorkbookGateway,
} from '../../../functions/adapters/xlsx-workbook-gateway';
import { C2RA } from '../../../shared/domain/operator';
import type { Clock } from '../../../shared/ports/clock';
import { regionalConsolidation } from '../../../shared/use-cases/regional-consolidation';
import { allRecords, AT } from '../../support/builders/consolidation-fixtures';
import { InMemoryRecordStore } from '../../support/fakes/in-memory-record-store';
import { convertInFrench } from '../../support/libreoffice-convert';
import { pngSize } from '../../support/png-header';
import { describeWithRealTool } from '../../support/real-tools';

/*
 * The dated consolidation file (`consolidation-regionale-aaaa-mm-jj.xlsx`, written by the
 * streaming export writer) carries the « Tableau de bord » of the C2RA workbook: the same tables,
 * the six charts as PNG images beside them, readable by exceljs and by LibreOffice.
 */

jest.setTimeout(300_000);

const clock: Clock = { now: () => new Date(AT) };
const FILE_NAME = 'consolidation-regionale-2026-11-27.xlsx';
const TAB = 'Tableau de bord';

let dir = '';
let dated = '';
let c2ra = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dla-dated-dashboard-'));
  const workspace = path.join(dir, 'workspace');
  const created = await createWorkbookFile(workspace, C2RA);
  if (!created.ok) throw new Error(created.error.message);
  const store = new InMemoryRecordStore();
  for (const r of allRecords()) store.records.set(r.id, r);
  const renderer = new EchartsChartRenderer();
  const report = await regionalConsolidation({
    store,
    gateway: new XlsxWorkbookGateway(workspace, {}, renderer),
    sink: new FileExportSink(path.join(workspace, 'exports'), renderer),
    clock,
  });
  expect(report.complete).toBe(true);
  dated = path.join(workspace, 'exports', FILE_NAME);
  c2ra = path.join(workspace, 'dla-C2RA.xlsx');
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function readBack(file: string): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function dashboardOf(workbook: Workbook): Worksheet {
  const sheet = workbook.getWorksheet(TAB);
  if (sheet === undefined) throw new Error(`no « ${TAB} » tab`);
  return sheet;
}

/** Every non-empty value of a tab, with its address. */
function cellValues(sheet: Worksheet): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      values[cell.address] = cell.value;
    }),
  );
  return values;
}

/** The images of a tab: their PNG size and the text of the cell at their top-left corner's row. */
function imagesOf(workbook: Workbook, sheet: Worksheet) {
  return sheet.getImages().map((image) => {
    const medium = workbook.getImage(Number(image.imageId));
    return {
      extension: medium.extension,
      size: pngSize((medium.buffer ?? Buffer.alloc(0)) as unknown as Uint8Array),
      row: image.range.tl.nativeRow,
      col: image.range.tl.nativeCol,
      title: sheet.getRow(image.range.tl.nativeRow + 1).getCell(1).value,
    };
  });
}

describe('the dated consolidation file carries the dashboard', () => {
  it('opens on « Tableau de bord », then the three streamed tables with all their rows', async () => {
    const workbook = await readBack(dated);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      TAB,
      'Missions régionales',
      'Indicateurs',
      'Prestataires mobilisés',
    ]);
    // Title and header, then the fixtures' seven missions.
    expect(workbook.getWorksheet('Missions régionales')?.actualRowCount).toBe(2 + 7);
  });

  it('holds the same tables as the dashboard of the C2RA workbook, cell for cell', async () => {
    const fromFile = cellValues(dashboardOf(await readBack(dated)));
    const fromWorkbook = cellValues(dashboardOf(await readBack(c2ra)));
    expect(Object.keys(fromFile).length).toBeGreaterThan(40);
    expect(fromFile).toEqual(fromWorkbook);
    expect(fromFile['A1']).toMatch(/^Tableau de bord régional DLA Nord – Pas de Calais/);
  });

  it('places six PNG images of 800 × 420 pixels beside their tables, as in the C2RA workbook', async () => {
    const workbook = await readBack(dated);
    const sheet = dashboardOf(workbook);
    const images = imagesOf(workbook, sheet);
    expect(images).toHaveLength(6);
    for (const image of images) {
      expect(image.extension).toBe('png');
      expect(image.size).toEqual({ width: 800, height: 420 });
      expect(image.col).toBeGreaterThanOrEqual(sheet.getRow(image.row + 2).cellCount);
    }
    const c2raBook = await readBack(c2ra);
    const reference = imagesOf(c2raBook, dashboardOf(c2raBook));
    expect(images.map(({ row, col, title }) => ({ row, col, title }))).toEqual(
      reference.map(({ row, col, title }) => ({ row, col, title })),
    );
  });

  it('writes the tables without images when the sink has no renderer', async () => {
    const store = new InMemoryRecordStore();
    for (const r of allRecords()) store.records.set(r.id, r);
    const exports = path.join(dir, 'no-renderer');
    const report = await regionalConsolidation(
      { store, gateway: new XlsxWorkbookGateway(dir), sink: new FileExportSink(exports), clock },
      { workbook: false },
    );
    expect(report.complete).toBe(true);
    const workbook = await readBack(path.join(exports, FILE_NAME));
    const sheet = dashboardOf(workbook);
    expect(sheet.getImages()).toHaveLength(0);
    expect(cellValues(sheet)).toEqual(cellValues(dashboardOf(await readBack(dated))));
  });
});

describeWithRealTool(
  'libreoffice',
  'LibreOffice opens the dated consolidation file with its dashboard',
  () => {
    it('shows the dashboard tables and keeps the six images when it saves the file', async () => {
      const out = path.join(dir, 'libreoffice');
      // UTF-8, comma, quote, « as shown », every sheet to its own file (LibreOffice ≥ 7.2).
      await convertInFrench(
        dir,
        dated,
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
        out,
      );
      const base = FILE_NAME.replace(/\.xlsx$/, '');
      const csv = await readFile(path.join(out, `${base}-${TAB}.csv`), 'utf8');
      expect(csv).toContain('Tableau de bord régional DLA Nord – Pas de Calais');
      const missions = await readFile(path.join(out, `${base}-Missions régionales.csv`), 'utf8');
      expect(missions).toContain('MIS-CBE-LM-0001');

      await convertInFrench(dir, dated, 'xlsx', path.join(out, 'saved'));
      const saved = await readBack(path.join(out, 'saved', FILE_NAME));
      const images = imagesOf(saved, dashboardOf(saved));
      expect(images).toHaveLength(6);
      for (const image of images) expect(image.size).toEqual({ width: 800, height: 420 });
    });
  },
);
