import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Workbook, type Worksheet } from 'exceljs';
import { writeCsvExport } from '../../functions/adapters/csv-export-writer';
import {
  FileExportSink,
  pruneExports,
  writeXlsxExport,
} from '../../functions/adapters/xlsx-export-writer';
import {
  createWorkbookFile,
  XlsxWorkbookGateway,
} from '../../functions/adapters/xlsx-workbook-gateway';
import { C2RA } from '../../shared/domain/operator';
import type { Clock } from '../../shared/ports/clock';
import type { ExportRow, ExportSheet } from '../../shared/domain/export-sheet';
import { regionalConsolidation } from '../../shared/use-cases/regional-consolidation';
import { registerExport } from '../../shared/use-cases/register-export';
import {
  allRecords,
  AT,
  registeredProvider,
  SECRET,
} from '../support/builders/consolidation-fixtures';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { describeWithRealTool } from '../support/real-tools';

/*
 * The export files as the C2RA gets them: written to a real folder, read back by exceljs, opened
 * and converted by LibreOffice, never showing a confidential value, and only the newest kept.
 */

const run = promisify(execFile);

/** LibreOffice's first start with a fresh profile takes a few seconds; a loaded CI machine, more. */
const SOFFICE_TIMEOUT_MS = 120_000;
jest.setTimeout(300_000);

const clock: Clock = { now: () => new Date(AT) };

/** A provider whose name is a formula and another whose name needs CSV quoting. */
const TRICKY_PROVIDERS = [
  registeredProvider('PRE-0004', { legalName: '=HYPERLINK("http://x.example";"clic")' }),
  registeredProvider('PRE-0005', { legalName: 'Conseil; Formation "Nord"' }),
];

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dla-exports-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function seededStore(): InMemoryRecordStore {
  const store = new InMemoryRecordStore();
  for (const r of [...allRecords(), ...TRICKY_PROVIDERS]) store.records.set(r.id, r);
  return store;
}

async function readBack(file: string): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function sheetOf(workbook: Workbook, name: string): Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (sheet === undefined) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** The cell under a header (row `headerRow`) in row `row`. */
function cellAt(sheet: Worksheet, headerRow: number, row: number, header: string) {
  const headers = (sheet.getRow(headerRow).values as unknown[]).map((v) =>
    typeof v === 'string' ? v : '',
  );
  const col = headers.indexOf(header);
  if (col < 1) throw new Error(`no column ${header} in ${sheet.name}`);
  return sheet.getRow(row).getCell(col);
}

/** Every cell text of every sheet. */
function allTexts(workbook: Workbook): string[] {
  const texts: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(cell.text))),
  );
  return texts;
}

function expectNoSecret(texts: readonly string[]): void {
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).not.toContain(SECRET);
}

describe('register export', () => {
  it('writes a dated .xlsx that exceljs reads back with the right cells', async () => {
    const result = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'xlsx' },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.written.fileName).toBe('registre-prestataires-2026-11-27.xlsx');
    expect(result.value.written.rows).toBe(5);

    const workbook = await readBack(path.join(dir, 'registre-prestataires-2026-11-27.xlsx'));
    const sheet = sheetOf(workbook, 'Registre');
    expect(sheet.getCell('A1').value).toBe(
      'Registre régional des prestataires DLA Nord – Pas de Calais, export du 27/11/2026 à 08:05 (heure de Paris)',
    );
    expect(sheet.getCell('A2').value).toBe('ID');
    expect(sheet.getCell('A3').value).toBe('PRE-0001');
    const referenced = cellAt(sheet, 2, 3, 'Référencé le');
    expect(referenced.value).toEqual(new Date(Date.UTC(2024, 10, 18)));
    expect(referenced.numFmt).toBe('dd/mm/yyyy');
    expect(cellAt(sheet, 2, 3, 'Missions retenues').value).toBe(2);
    expect(cellAt(sheet, 2, 3, 'Satisfaction moyenne').value).toBe(4.5);
    expect(cellAt(sheet, 2, 3, 'Compétence : Gouvernance').value).toBe('x');
    expect(cellAt(sheet, 2, 3, 'Compétence : Numérique').value).toBeNull();
    expect(cellAt(sheet, 2, 3, 'SIRET').value).toBe('73282932000074');
    expect(cellAt(sheet, 2, 4, 'Éléments manquants').value).toBe('SIRET');
    // A text cell that a spreadsheet would run is neutralised.
    expect(cellAt(sheet, 2, 6, 'Raison sociale').value).toBe(
      '\'=HYPERLINK("http://x.example";"clic")',
    );
    expectNoSecret(allTexts(workbook));
  });

  it('writes a French CSV: byte-order mark, semicolons, decimal commas, jj/mm/aaaa, RFC 4180 quoting', async () => {
    const result = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'csv' },
    );
    if (!result.ok) throw new Error(result.error.message);
    const bytes = await readFile(path.join(dir, 'registre-prestataires-2026-11-27.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]?.startsWith('ID;Raison sociale;SIRET;Forme juridique;')).toBe(true);
    expect(lines[1]).toMatch(/^PRE-0001;Cabinet Escaut Conseil;73282932000074;SARL;/);
    expect(lines[1]).toContain(';18/11/2024;Oui;;2;4,50;');
    expect(text).toContain('PRE-0004;"\'=HYPERLINK(""http://x.example"";""clic"")";');
    expect(text).toContain('PRE-0005;"Conseil; Formation ""Nord""";');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toContain(SECRET);
  });

  it('applies the guide’s search filters to the export', async () => {
    const result = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'csv', filters: { area: 'boulonnais' } },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.filters).toEqual({ area: 'Boulonnais' });
    const text = await readFile(result.value.written.location, 'utf8');
    expect(
      text
        .split('\r\n')
        .filter((l) => l.startsWith('PRE-'))
        .map((l) => l.slice(0, 8)),
    ).toEqual(['PRE-0002', 'PRE-0003']);
  });

  it('refuses an unknown filter without writing anything', async () => {
    const result = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'xlsx', filters: { competence: 'Astrologie' } },
    );
    expect(result.ok).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('regional consolidation', () => {
  it('replaces the C2RA workbook tabs and writes the dated .xlsx, with figures and no secret', async () => {
    const workspace = path.join(dir, 'workspace');
    const created = await createWorkbookFile(workspace, C2RA);
    if (!created.ok) throw new Error(created.error.message);
    const store = seededStore();
    const report = await regionalConsolidation({
      store,
      gateway: new XlsxWorkbookGateway(workspace),
      sink: new FileExportSink(path.join(workspace, 'exports')),
      clock,
    });
    expect(report.workbook).toEqual({ ok: true, value: undefined });
    expect(report.complete).toBe(true);
    expect(report.missions).toBe(7);
    expect(await store.readDocument('system', 'last-run-regional-consolidation')).toMatchObject({
      at: AT,
      complete: true,
    });

    const file = path.join(workspace, 'exports', 'consolidation-regionale-2026-11-27.xlsx');
    const exported = await readBack(file);
    expect(exported.worksheets.map((w) => w.name)).toEqual([
      'Tableau de bord',
      'Missions régionales',
      'Indicateurs',
      'Prestataires mobilisés',
    ]);
    const indicators = sheetOf(exported, 'Indicateurs');
    expect(indicators.getCell('A1').value).toBe(
      'Consolidation régionale DLA Nord – Pas de Calais du 27/11/2026 à 08:05 (heure de Paris)',
    );
    // Row 3 is CBE-LM, rows 3 to 8 the six operators, row 9 the region.
    expect(cellAt(indicators, 2, 9, 'Opérateur').value).toBe('Région');
    const committed = cellAt(indicators, 2, 9, 'Budget engagé (plafonds des missions attribuées)');
    expect(committed.value).toBe(23_500);
    expect(committed.numFmt).toBe('#,##0.00 "€"');
    expect(cellAt(indicators, 2, 9, 'Montant engagé').value).toBe(22_000);
    expect(cellAt(indicators, 2, 9, 'Montant soldé').value).toBe(12_900);
    expect(cellAt(indicators, 2, 9, "Délai moyen d'attribution (jours)").value).toBe(34.75);
    const missions = sheetOf(exported, 'Missions régionales');
    expect(cellAt(missions, 2, 3, 'ID mission').value).toBe('MIS-CBE-LM-0001');
    expect(cellAt(missions, 2, 3, 'Attribuée le').value).toEqual(new Date(Date.UTC(2026, 1, 16)));
    expect(cellAt(missions, 2, 3, 'Territoire').value).toBe('Métropole lilloise');
    expectNoSecret(allTexts(exported));

    const c2ra = await readBack(path.join(workspace, 'dla-C2RA.xlsx'));
    const tab = sheetOf(c2ra, 'Missions régionales');
    expect(tab.getCell('A2').value).toBe(
      'Consolidation régionale DLA Nord – Pas de Calais du 27/11/2026 à 08:05 (heure de Paris)',
    );
    expect(tab.getCell('A3').value).toBe('MIS-CBE-LM-0001');
    expect(cellAt(sheetOf(c2ra, 'Indicateurs'), 1, 9, 'Opérateur').value).toBe('Région');
    expectNoSecret(allTexts(c2ra).filter((t) => t !== ''));
  });

  it('still writes the file when the C2RA workbook cannot be written, and says so', async () => {
    const report = await regionalConsolidation({
      store: seededStore(),
      gateway: new XlsxWorkbookGateway(path.join(dir, 'no-workspace')),
      sink: new FileExportSink(dir),
      clock,
    });
    expect(report.complete).toBe(false);
    expect(report.workbook?.ok).toBe(false);
    expect(report.file).toMatchObject({
      ok: true,
      value: { fileName: 'consolidation-regionale-2026-11-27.xlsx' },
    });
  });
});

describe('retention of the previous exports', () => {
  it('keeps the newest N dated files of the export and touches nothing else', async () => {
    const others = [
      'registre-prestataires-2026-11-20.csv',
      'consolidation-regionale-2026-01-01.xlsx',
      'notes.xlsx',
      'registre-prestataires-copie.xlsx',
    ];
    const dated = ['2026-11-20', '2026-11-21', '2026-11-24', '2026-11-25', '2026-11-26'].map(
      (d) => `registre-prestataires-${d}.xlsx`,
    );
    for (const name of [...others, ...dated]) await writeFile(path.join(dir, name), 'ancien');

    const result = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'xlsx', keep: 3 },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.written.removed).toEqual(dated.slice(0, 3));
    expect((await readdir(dir)).sort()).toEqual(
      [
        ...others,
        'registre-prestataires-2026-11-25.xlsx',
        'registre-prestataires-2026-11-26.xlsx',
        'registre-prestataires-2026-11-27.xlsx',
      ].sort(),
    );
    expect(await pruneExports(dir, 'registre-prestataires', 'xlsx', 1)).toEqual([
      'registre-prestataires-2026-11-25.xlsx',
      'registre-prestataires-2026-11-26.xlsx',
    ]);
  });

  it('leaves no temporary file behind and keeps a chosen file name out of the retention', async () => {
    const sink = new FileExportSink(dir);
    const sheet: ExportSheet = {
      name: 'T',
      title: null,
      columns: [{ header: 'A', type: 'text' }],
      rows: [['a']],
    };
    const written = await sink.write({
      baseName: 'essai',
      date: '2026-11-27',
      format: 'xlsx',
      sheets: [sheet],
      keep: 1,
      fileName: 'choisi.xlsx',
    });
    expect(written).toMatchObject({ ok: true, value: { fileName: 'choisi.xlsx', removed: [] } });
    expect(await readdir(dir)).toEqual(['choisi.xlsx']);
  });
});

describe('streaming writers', () => {
  it('take rows from an async generator, one at a time', async () => {
    let produced = 0;
    async function* rows(): AsyncGenerator<ExportRow> {
      for (let i = 1; i <= 2_000; i += 1) {
        produced += 1;
        yield [`PRE-${String(i).padStart(4, '0')}`, i * 1.5, i * 100, '2026-11-27'];
      }
    }
    const columns = [
      { header: 'ID', type: 'text' },
      { header: 'Valeur', type: 'decimal', decimals: 1 },
      { header: 'Montant', type: 'amount' },
      { header: 'Date', type: 'date' },
    ] as const;
    const csv = path.join(dir, 'flux.csv');
    expect(await writeCsvExport(csv, { name: 'Flux', title: null, columns, rows: rows() })).toBe(
      2_000,
    );
    const lines = (await readFile(csv, 'utf8')).split('\r\n');
    expect(lines[1]).toBe('PRE-0001;1,5;1,00;27/11/2026');
    expect(lines[2_000]).toBe('PRE-2000;3000,0;2000,00;27/11/2026');
    const xlsx = path.join(dir, 'flux.xlsx');
    expect(
      await writeXlsxExport(xlsx, [{ name: 'Flux', title: 'Titre', columns, rows: rows() }]),
    ).toBe(2_000);
    expect(produced).toBe(4_000);
    const sheet = sheetOf(await readBack(xlsx), 'Flux');
    expect(sheet.getCell('C3').value).toBe(1);
    expect(sheet.getCell('A2002').value).toBe('PRE-2000');
  });
});

describeWithRealTool('libreoffice', 'LibreOffice opens the exports', () => {
  /** A fresh LibreOffice profile in /tmp/lo-<random>, set to French (France). */
  async function frenchProfile(): Promise<{ url: string; remove(): Promise<void> }> {
    const profile = path.join('/tmp', `lo-${randomBytes(6).toString('hex')}`);
    await mkdir(path.join(profile, 'user'), { recursive: true });
    await writeFile(
      path.join(profile, 'user', 'registrymodifications.xcu'),
      `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
`,
    );
    return {
      url: pathToFileURL(profile).href,
      remove: () => rm(profile, { recursive: true, force: true }),
    };
  }

  async function convert(
    file: string,
    target: string,
    outDir: string,
    infilter?: string,
  ): Promise<void> {
    const profile = await frenchProfile();
    try {
      await run(
        'soffice',
        [
          `-env:UserInstallation=${profile.url}`,
          '--headless',
          '--norestore',
          ...(infilter === undefined ? [] : [`--infilter=${infilter}`]),
          '--convert-to',
          target,
          '--outdir',
          outDir,
          file,
        ],
        {
          timeout: SOFFICE_TIMEOUT_MS,
          env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' },
        },
      );
    } finally {
      await profile.remove();
    }
  }

  /** UTF-8, semicolon, quote; formatted as shown; every sheet to its own file. */
  const CSV_OUT = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1';

  it('opens and converts the consolidation .xlsx and the register CSV', async () => {
    const ports = { store: seededStore(), sink: new FileExportSink(dir), clock };
    const consolidation = await regionalConsolidation({
      ...ports,
      gateway: new XlsxWorkbookGateway(path.join(dir, 'absent')),
    });
    if (consolidation.file === null || !consolidation.file.ok)
      throw new Error('no consolidation file');
    const register = await registerExport(ports, { format: 'csv' });
    if (!register.ok) throw new Error(register.error.message);
    const registerXlsx = await registerExport(ports, { format: 'xlsx' });
    if (!registerXlsx.ok) throw new Error(registerXlsx.error.message);

    const out = path.join(dir, 'converted');
    await convert(consolidation.file.value.location, CSV_OUT, out);
    const base = 'consolidation-regionale-2026-11-27';
    const missions = await readFile(path.join(out, `${base}-Missions régionales.csv`), 'utf8');
    expect(missions).toContain(
      'CBE-LM;MIS-CBE-LM-0001;Consolidation du modèle économique;Évaluée;',
    );
    expect(missions).toContain('16/02/2026');
    const indicators = await readFile(path.join(out, `${base}-Indicateurs.csv`), 'utf8');
    // Structures accompagnées; structures servies par des missions; plans; plans en cours; missions.
    expect(indicators).toMatch(/Région;Total Nord – Pas de Calais;3;3;3;2;7;/);
    expect(indicators).toMatch(/23[\s\u00a0\u202f.]?500,00 €/);
    expect(indicators).toContain('34,8');
    expect(indicators).not.toContain(SECRET);

    await convert(registerXlsx.value.written.location, CSV_OUT, out);
    const registerSheet = await readFile(
      path.join(out, 'registre-prestataires-2026-11-27-Registre.csv'),
      'utf8',
    );
    expect(registerSheet).toMatch(/^Registre régional des prestataires/);
    expect(registerSheet).toContain('PRE-0001;Cabinet Escaut Conseil;73282932000074;SARL;');
    expect(registerSheet).toContain(';18/11/2024;Oui;;2;4,50;');

    const csvOut = path.join(dir, 'converted-csv');
    await convert(register.value.written.location, CSV_OUT, csvOut, 'CSV:59,34,76,1,,1036');
    const files = await readdir(csvOut);
    expect(files).toHaveLength(1);
    const roundTrip = await readFile(path.join(csvOut, files[0] ?? ''), 'utf8');
    expect(roundTrip).toContain('PRE-0001;Cabinet Escaut Conseil;');
    // Read as a date and a number (shown in LibreOffice's default formats), not as text.
    expect(roundTrip).toMatch(/;18\/11\/(20)?24;Oui;;2;4,50?;/);
    // The formula stayed text: LibreOffice did not run it (it would show « clic »).
    expect(roundTrip).toContain('HYPERLINK(');
  });
});
