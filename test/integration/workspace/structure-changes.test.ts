/**
 * Mistakes 4 and 5 of issue 14 on a real .xlsx workbook: a renamed tab, a renamed header, an
 * emptied header and a merged cell over data rows are shown in the sheet (a note), in the
 * Journal and in the report's warnings, and lose nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbook } from 'exceljs';
import {
  createWorkbookFile,
  XlsxWorkbookGateway,
} from '../../../functions/adapters/xlsx-workbook-gateway';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { TEST_NOW } from '../../support/builders/operator-workbook';
import { InMemoryRecordStore } from '../../support/fakes/in-memory-record-store';
import { columnLetterOfPosition } from '../../../shared/domain/values/column-letter';

const FIELDS = RECORD_TABS.beneficiary.fields;
const label = (key: string) => FIELDS[key]?.label ?? key;
const STRUCTURES = [
  ['Maison de quartier Moulins', 'Lille', '59000'],
  ['Régie de quartier Épeule', 'Roubaix', '59100'],
  ['Centre social Belencontre', 'Tourcoing', '59200'],
];

let root = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-structure-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** CBE-LM's workbook with three structures, synced once; the file path and the ports. */
async function syncedWorkbook(name: string) {
  const dir = path.join(root, name);
  const created = await createWorkbookFile(dir, 'CBE-LM');
  if (!created.ok) throw new Error(created.error.message);
  const file = created.value;
  await editFile(file, (book) => {
    const sheet = book.getWorksheet('Structures');
    const header = (sheet?.getRow(1).values ?? []) as unknown[];
    const col = (key: string) => header.indexOf(label(key));
    if (!sheet) throw new Error('no Structures tab');
    STRUCTURES.forEach(([nom, town, postal], i) => {
      const row = sheet.getRow(i + 2);
      row.getCell(col('name')).value = nom ?? null;
      row.getCell(col('legalForm')).value = 'Association loi 1901';
      row.getCell(col('town')).value = town ?? null;
      row.getCell(col('postalCode')).value = postal ?? null;
    });
  });
  const ports = {
    store: new InMemoryRecordStore(),
    gateway: new XlsxWorkbookGateway(dir),
    clock: { now: () => TEST_NOW },
  };
  const first = await syncWorkbook(ports, 'CBE-LM', 'test');
  expect(first.ok && first.value.created).toBe(3);
  return { file, ports };
}

/** What a person does in a spreadsheet program: open, change, save. */
async function editFile(file: string, change: (book: Workbook) => void): Promise<void> {
  const book = new Workbook();
  await book.xlsx.readFile(file);
  change(book);
  await book.xlsx.writeFile(file);
}

async function cellOf(file: string, tab: string, address: string) {
  const book = new Workbook();
  await book.xlsx.readFile(file);
  return book.getWorksheet(tab)?.getCell(address);
}

async function journalOf(file: string): Promise<string[]> {
  const book = new Workbook();
  await book.xlsx.readFile(file);
  const lines: string[] = [];
  book.getWorksheet('Journal')?.eachRow((row, n) => {
    if (n > 1) lines.push(`${String(row.getCell(2).value)} ${String(row.getCell(7).value)}`);
  });
  return lines;
}

function townColumn(file: string): Promise<number> {
  return (async () => {
    const book = new Workbook();
    await book.xlsx.readFile(file);
    const header = (book.getWorksheet('Structures')?.getRow(1).values ?? []) as unknown[];
    return header.indexOf(label('town'));
  })();
}

describe('mistake 5: a merged cell over data rows', () => {
  it('keeps « Roubaix » for the hidden row, notes the merged cell in French, clears nothing', async () => {
    const { file, ports } = await syncedWorkbook('merge');
    const col = await townColumn(file);
    await editFile(file, (book) => book.getWorksheet('Structures')?.mergeCells(2, col, 3, col));
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value).toMatchObject({ created: 0, archived: 0 });
    const records = [...ports.store.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(records.map((r) => r.data['town'])).toEqual(['Lille', 'Roubaix', 'Tourcoing']);
    expect(report.ok && report.value.warnings.join('\n')).toMatch(/Cellules fusionnées/);
    const master = await cellOf(file, 'Structures', `${columnLetterOfPosition(col)}2`);
    expect(String(master?.note ?? '')).toMatch(/^⛔ Cellules fusionnées .* Défusionnez/);
    expect((await journalOf(file)).join('\n')).toMatch(/Structure Cellules fusionnées/);
  });
});

describe('mistake 4: structural changes are shown where people look', () => {
  it('a renamed header: its values are quarantined (never dropped), a note on it, a Journal line, a warning', async () => {
    const { file, ports } = await syncedWorkbook('renamed-header');
    const col = await townColumn(file);
    await editFile(file, (book) => {
      const sheet = book.getWorksheet('Structures');
      if (!sheet) return;
      sheet.getRow(1).getCell(col).value = 'Ville';
      sheet.getRow(3).getCell(col).value = 'Croix';
    });
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.warnings.join('\n')).toMatch(/Colonne « Ville » inconnue/);
    const quarantined = await ports.store.listQuarantine('CBE-LM');
    expect(quarantined.map((q) => q.raw)).toEqual(expect.arrayContaining(['Lille', 'Croix']));
    const header = await cellOf(file, 'Structures', `${columnLetterOfPosition(col)}1`);
    expect(String(header?.note ?? '')).toMatch(/gardées en quarantaine/);
    expect((await journalOf(file)).join('\n')).toMatch(/Colonne « Ville » inconnue/);
  });

  it('an emptied header over its values: put back, nothing lost', async () => {
    const { file, ports } = await syncedWorkbook('emptied-header');
    const col = await townColumn(file);
    await editFile(file, (book) => {
      const cell = book.getWorksheet('Structures')?.getRow(1).getCell(col);
      if (cell) cell.value = null;
    });
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.warnings.join('\n')).toMatch(/en-tête « Commune » effacé/);
    const header = await cellOf(file, 'Structures', `${columnLetterOfPosition(col)}1`);
    expect(header?.value).toBe(label('town'));
    const again = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(again.ok && again.value).toMatchObject({ updated: 0, archived: 0 });
    expect([...ports.store.records.values()].map((r) => r.data['town']).sort()).toEqual([
      'Lille',
      'Roubaix',
      'Tourcoing',
    ]);
  });

  it('a renamed tab (« Structures 2026 »): nothing archived, a note on it, a warning', async () => {
    const { file, ports } = await syncedWorkbook('renamed-tab');
    await editFile(file, (book) => {
      const sheet = book.getWorksheet('Structures');
      if (sheet) sheet.name = 'Structures 2026';
    });
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.archived).toBe(0);
    expect(report.ok && report.value.warnings.join('\n')).toMatch(
      /« Structures 2026 » : c'est l'onglet « Structures » renommé/,
    );
    const first = await cellOf(file, 'Structures 2026', 'A1');
    expect(String(first?.note ?? '')).toMatch(/redonnez-lui le nom « Structures »/);
    expect([...ports.store.records.values()].filter((r) => r.archived)).toHaveLength(0);
  });
});
