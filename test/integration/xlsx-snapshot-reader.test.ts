/**
 * The streamed reading of an .xlsx workbook (worksheet by worksheet, never exceljs's whole
 * workbook) gives exactly the snapshot the whole-workbook reading gives: same tabs in the same
 * order, same headers, rows, values (dates, numbers, booleans, rich text, formulas, errors,
 * hyperlinks), notes, merged ranges and owner mark. Compared on the demonstration workspace,
 * on workbooks with every kind of cell (as exceljs writes them, as LibreOffice saves them, and
 * with parts written the way Excel writes them), and on randomly generated workbooks.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workbook, type CellValue as ExcelValue, type Worksheet } from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { readWorkbookStreamed } from '../../functions/adapters/xlsx-snapshot-reader';
import {
  XlsxWorkbookGateway,
  ownerMarkOf,
  ownerMarkOfKeywords,
  tabSnapshotOf,
} from '../../functions/adapters/xlsx-workbook-gateway';
import { openWorkspace } from '../../scripts/workspace-context';
import { createMissingWorkbooks, loadDemoData } from '../../scripts/workspace-setup';
import { workbookFileName } from '../../sheets/layouts/workbook-layout';
import type { TabSnapshot } from '../../shared/domain/workbook-snapshot';
import { convertInFrench } from '../support/libreoffice-convert';
import { nastyCharacter } from '../support/nasty-characters';
import { describeWithRealTool } from '../support/real-tools';

interface Reading {
  readonly tabs: readonly TabSnapshot[];
  readonly mark: string | null;
}

/** The reference: exceljs loads the whole workbook, the gateway reads each worksheet. */
async function wholeReading(bytes: Uint8Array): Promise<Reading> {
  const workbook = new Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return { tabs: workbook.worksheets.map(tabSnapshotOf), mark: ownerMarkOf(workbook) };
}

async function streamedReading(bytes: Uint8Array): Promise<Reading> {
  const streamed = await readWorkbookStreamed(bytes);
  return { tabs: streamed.tabs, mark: ownerMarkOfKeywords(streamed.keywords) };
}

/** Dates as their instant (an invalid date too, which `toStrictEqual` never finds equal). */
function comparable(reading: Reading): unknown {
  return JSON.parse(
    JSON.stringify(reading, function (this: Record<string, unknown>, key, value: unknown) {
      const raw = this[key];
      return raw instanceof Date ? { date: String(raw.getTime()) } : value;
    }),
  );
}

/** Both readings give the same snapshot, or both refuse the file with the same error. */
async function expectSameReadings(bytes: Uint8Array): Promise<Reading> {
  let whole: Reading;
  try {
    whole = await wholeReading(bytes);
  } catch (error) {
    await expect(streamedReading(bytes)).rejects.toThrow(String((error as Error).message));
    return { tabs: [], mark: null };
  }
  const streamed = await streamedReading(bytes);
  expect(comparable(streamed)).toStrictEqual(comparable(whole));
  return whole;
}

const PARIS_DAY = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/** A workbook holding every kind of cell a person or a program leaves in a tab. */
function everyKindOfCell(options: { date1904?: boolean } = {}): Workbook {
  const workbook = new Workbook();
  if (options.date1904) workbook.properties.date1904 = true;
  workbook.keywords = 'budget dla-proprietaire=CBE-LM 2025';
  const missions = workbook.addWorksheet('Missions');
  missions.addRow(['ID', 'Intitulé', 'Montant', 'Début', 'Clôturée', 'Calcul', 'Texte', 'Lien']);
  missions.getColumn(4).numFmt = 'dd/mm/yyyy';
  missions.addRow([
    'MIS-CBE-LM-0001',
    'Diagnostic partagé « été » — œuvre',
    1500.5,
    PARIS_DAY(2025, 6, 2),
    true,
    { formula: 'C2*2', result: 3001 },
    { richText: [{ text: 'Très ' }, { font: { bold: true }, text: 'important' }] },
    { text: 'site du DLA', hyperlink: 'https://www.example.org/dla' },
  ]);
  missions.getCell('D2').numFmt = 'dd/mm/yyyy';
  // Row 3 left empty; row 4 has a note on a valued cell, row 6 a note alone.
  missions.getCell('B4').value = 'Accompagnement collectif';
  missions.getCell('B4').note = 'À relire avant le comité du 12/06';
  missions.getCell('C6').note = 'Montant à confirmer';
  missions.getCell('B5').value = 'Cellules fusionnées';
  missions.mergeCells('B5:D5');
  missions.getCell('A7').value = 'MIS-CBE-LM-0002';
  missions.getCell('B7').value = 'Fusion sur deux lignes';
  missions.mergeCells('B7:B8');
  missions.getCell('D7').value = { formula: 'D2+30', result: PARIS_DAY(2025, 7, 2) };
  missions.getCell('D7').numFmt = 'dd/mm/yyyy';
  // The master of a shared formula (exceljs's types omit `shareType` and `ref`).
  missions.getCell('F7').value = {
    formula: 'C7+1',
    result: 1,
    shareType: 'shared',
    ref: 'F7:F9',
  } as ExcelValue;
  missions.getCell('F8').value = { sharedFormula: 'F7', result: 2 };
  missions.getCell('F9').value = { sharedFormula: 'F7', result: 3 };
  missions.getCell('G8').value = { error: '#N/A' };
  missions.getCell('A9').value = '   ';
  missions.getCell('B9').value = '\u00a0';
  missions.getCell('C9').value = -12.75;
  missions.getCell('E9').value = 0;
  missions.getCell('A10').value = 'MIS-CBE-LM-0003';
  missions.getCell('C10').value = 1e15;
  missions.getRow(10).hidden = true;
  missions.getCell('K10').value = 'au-delà de l’en-tête';
  missions.getCell('M11').note = 'note hors en-tête';
  missions.getCell('A11').value = 'MIS-CBE-LM-0004';
  missions.getCell('H11').value = { text: 'lien seul', hyperlink: 'mailto:contact@example.org' };
  missions.getCell('A12').value = 'MIS-CBE-LM-0005';
  missions.getCell('B12').value = 'Sauts\nde ligne\tet tabulation _x000D_ & <balises>';
  missions.name = 'Missions (copie)';

  const parameters = workbook.addWorksheet('Paramètres');
  parameters.addRow(['Paramètre', 'Valeur']);
  parameters.addRow(['Délai de relance (jours)', 15]);
  parameters.addRow(['Date de référence', PARIS_DAY(2024, 2, 29)]);
  parameters.getCell('B3').numFmt = 'dd/mm/yyyy';
  const hidden = workbook.addWorksheet('Listes', { state: 'hidden' });
  hidden.addRow(['Formes juridiques']);
  hidden.addRow(['Association']);
  workbook.addWorksheet('Vide');
  return workbook;
}

async function bytesOf(workbook: Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The workbook's first sheet part rewritten with cells the way Excel writes them. */
async function withExcelStyleCells(bytes: Uint8Array): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const part = 'xl/worksheets/sheet1.xml';
  const xml = await zip.file(part)?.async('string');
  if (xml === undefined) throw new Error('no sheet1.xml');
  const rows =
    '<row r="20"><c r="A20" t="inlineStr"><is><t>Ligne saisie</t></is></c>' +
    '<c r="B20" t="inlineStr"><is><r><t>Bon</t></r><r><rPr><b/></rPr><t xml:space="preserve">jour à tous</t></r></is></c>' +
    '<c t="str"><v>a &amp;amp; b</v></c>' +
    '<c r="E20"><f t="shared" ref="E20:E22" si="7">A20&amp;"x"</f><v>0</v></c></row>' +
    '<row r="21"><c r="E21"><f t="shared" si="7"/><v>0</v></c><c r="F21" t="b"><v>1</v></c>' +
    '<c r="G21" t="str"><f>"é"&amp;"t"</f><v>ét</v></c></row>' +
    '<row r="22"><c r="A22"/><c r="B22" s="0"/><c r="E22"><f t="shared" si="7"/></c></row>';
  zip.file(part, xml.replace('</sheetData>', `${rows}</sheetData>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('the streamed reading of an .xlsx workbook equals the whole-workbook reading', () => {
  let work = '';
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'dla-xlsx-stream-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it.each([
    ['as exceljs writes it', {}],
    ['with 1904 dates', { date1904: true }],
  ])('on a workbook with every kind of cell, %s', async (_label, options) => {
    const reading = await expectSameReadings(await bytesOf(everyKindOfCell(options)));
    expect(reading.mark).toBe('CBE-LM');
    expect(reading.tabs.map((t) => t.name)).toEqual([
      'Missions (copie)',
      'Paramètres',
      'Listes',
      'Vide',
    ]);
    const missions = reading.tabs[0];
    expect(missions?.merges).toEqual([
      { top: 5, left: 2, bottom: 5, right: 4 },
      { top: 7, left: 2, bottom: 8, right: 2 },
    ]);
    const row4 = missions?.rows.find((r) => r.rowNumber === 4);
    expect(row4?.cells[1]).toEqual({
      value: 'Accompagnement collectif',
      note: 'À relire avant le comité du 12/06',
    });
    const row2 = missions?.rows.find((r) => r.rowNumber === 2);
    expect(row2?.cells.map((c) => c.value)).toEqual([
      'MIS-CBE-LM-0001',
      'Diagnostic partagé « été » — œuvre',
      1500.5,
      PARIS_DAY(2025, 6, 2),
      true,
      '=C2*2',
      'Très important',
      'site du DLA',
    ]);
    expect(missions?.rows.find((r) => r.rowNumber === 9)?.cells[5]?.value).toBe('=C9+1');
  });

  it('on a workbook with parts written the way Excel writes them (inline strings, shared formulas, cells without address)', async () => {
    const bytes = await withExcelStyleCells(await bytesOf(everyKindOfCell()));
    const reading = await expectSameReadings(bytes);
    const row = (n: number) => reading.tabs[0]?.rows.find((r) => r.rowNumber === n);
    expect(
      row(20)
        ?.cells.slice(0, 3)
        .map((c) => c.value),
    ).toEqual(['Ligne saisie', 'Bonjour à tous', 'a & b']);
    expect(row(21)?.cells[4]?.value).toBe('=A21&"x"');
  });

  it('keeps every accented character whole across the chunks of a long part', async () => {
    const workbook = new Workbook();
    const structures = workbook.addWorksheet('Structures');
    structures.addRow(['ID', 'Nom', 'Commune']);
    for (let i = 0; i < 6000; i += 1) {
      structures.addRow([
        `STR-CBE-LM-${String(i + 1).padStart(4, '0')}`,
        `Association « Élan ${i} » — Ça été, œuvre à Hénin-Beaumont`,
        i % 2 === 0 ? 'Béthune' : 'Liévin ✓ 😀',
      ]);
    }
    const reading = await expectSameReadings(await bytesOf(workbook));
    expect(reading.tabs[0]?.rows[5999]?.cells[1]?.value).toBe(
      'Association « Élan 5999 » — Ça été, œuvre à Hénin-Beaumont',
    );
    expect(
      reading.tabs[0]?.rows.filter((r) => String(r.cells[2]?.value).includes('\ufffd')),
    ).toEqual([]);
  });

  it('refuses, like the whole reading, a file that is not a workbook', async () => {
    const gatewayDir = path.join(work, 'broken');
    await mkdir(gatewayDir, { recursive: true });
    await writeFile(path.join(gatewayDir, workbookFileName('CBE-LM')), 'pas un classeur');
    const read = await new XlsxWorkbookGateway(gatewayDir).read('CBE-LM');
    expect(read.ok ? null : read.error.code).toBe('WORKBOOK_UNREADABLE');
  });

  it('on random workbooks (values, notes, merges, empty rows, tabs)', async () => {
    const value: fc.Arbitrary<ExcelValue> = fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      nastyCharacter,
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      fc.integer({ min: -1000, max: 100000 }),
      fc.boolean(),
      fc
        .date({ min: PARIS_DAY(1901, 1, 1), max: PARIS_DAY(2099, 12, 31), noInvalidDate: true })
        .map((d) => new Date(Math.round(d.getTime() / 1000) * 1000)),
      fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }).map((texts) => ({
        richText: texts.map((text, i) => ({ text, font: { bold: i % 2 === 0 } })),
      })),
      fc.integer({ min: 1, max: 99 }).map((n) => ({ formula: `A${n}*2`, result: n * 2 })),
      fc.constantFrom({ error: '#N/A' as const }, { error: '#DIV/0!' as const }),
      fc.string({ maxLength: 6 }).map((text) => ({ text, hyperlink: 'https://example.org/' })),
    );
    const cell = fc.record({
      value,
      note: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }), {
        nil: undefined,
      }),
      dateFormat: fc.boolean(),
    });
    const sheet = fc.record({
      name: fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ]{0,14}$/),
      cells: fc.array(
        fc.tuple(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 9 }), cell),
        { maxLength: 40 },
      ),
      merges: fc.array(
        fc.tuple(
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 0, max: 2 }),
        ),
        { maxLength: 3 },
      ),
      hiddenRow: fc.option(fc.integer({ min: 2, max: 14 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(sheet, {
          minLength: 1,
          maxLength: 3,
          selector: (s) => s.name.toLowerCase(),
        }),
        fc.option(fc.constantFrom('CBE-LM', 'C2RA', ''), { nil: undefined }),
        async (sheets, mark) => {
          const workbook = new Workbook();
          if (mark !== undefined) workbook.keywords = `dla-proprietaire=${mark}`;
          for (const spec of sheets) fillRandomSheet(workbook.addWorksheet(spec.name), spec);
          await expectSameReadings(await bytesOf(workbook));
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('on the demonstration workspace, every workbook', async () => {
    const dir = path.join(work, 'demo');
    await createMissingWorkbooks(dir);
    const opened = openWorkspace(dir);
    if (!opened.ok) throw new Error(opened.message);
    try {
      const loaded = await loadDemoData(opened.context, { scale: 0.2 });
      if (!loaded.ok) throw new Error(loaded.error.message);
    } finally {
      await opened.context.close();
    }
    const files = (await readdir(dir)).filter((f) => f.endsWith('.xlsx'));
    expect(files).toHaveLength(7);
    for (const file of files) {
      const reading = await expectSameReadings(await readFile(path.join(dir, file)));
      expect(reading.tabs.some((t) => t.rows.length > 0)).toBe(true);
    }
  }, 240_000);

  describeWithRealTool('libreoffice', 'saved by LibreOffice', () => {
    it('a workbook with every kind of cell, and one with parts written the way Excel writes them', async () => {
      const made = path.join(work, 'made');
      const saved = path.join(work, 'saved');
      await mkdir(made, { recursive: true });
      await writeFile(path.join(made, 'toutes-cellules.xlsx'), await bytesOf(everyKindOfCell()));
      await writeFile(
        path.join(made, 'facon-excel.xlsx'),
        await withExcelStyleCells(await bytesOf(everyKindOfCell())),
      );
      for (const name of ['toutes-cellules.xlsx', 'facon-excel.xlsx']) {
        await convertInFrench(work, path.join(made, name), 'xlsx', saved);
        const reading = await expectSameReadings(await readFile(path.join(saved, name)));
        expect(reading.mark).toBe('CBE-LM');
        expect(reading.tabs[0]?.name).toBe('Missions (copie)');
        expect(reading.tabs[0]?.rows.find((r) => r.rowNumber === 4)?.cells[1]?.note).toBe(
          'À relire avant le comité du 12/06',
        );
      }
    }, 240_000);
  });
});

type RandomSheet = {
  readonly cells: readonly (readonly [
    number,
    number,
    { value: ExcelValue; note: string | undefined; dateFormat: boolean },
  ])[];
  readonly merges: readonly (readonly [number, number, number, number])[];
  readonly hiddenRow: number | undefined;
};

function fillRandomSheet(worksheet: Worksheet, spec: RandomSheet): void {
  for (const [row, col, cell] of spec.cells) {
    const target = worksheet.getCell(row, col);
    target.value = cell.value;
    if (cell.note !== undefined) target.note = cell.note;
    if (cell.dateFormat) target.numFmt = 'dd/mm/yyyy';
  }
  const taken: { top: number; left: number; bottom: number; right: number }[] = [];
  for (const [top, left, down, across] of spec.merges) {
    const range = { top, left, bottom: top + down, right: left + across };
    if (down + across === 0) continue;
    const overlaps = taken.some(
      (r) =>
        r.top <= range.bottom &&
        range.top <= r.bottom &&
        r.left <= range.right &&
        range.left <= r.right,
    );
    if (overlaps) continue;
    taken.push(range);
    worksheet.mergeCells(range.top, range.left, range.bottom, range.right);
  }
  if (spec.hiddenRow !== undefined) worksheet.getRow(spec.hiddenRow).hidden = true;
}
