import path from 'node:path';
import { Workbook, type Cell } from 'exceljs';
import {
  SHEET_PROTECTION_PASSWORD,
  isSolidFill,
} from '../../functions/adapters/xlsx-workbook-builder';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import { LEGAL_FORMS } from '../../shared/domain/reference-lists';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { TabSnapshot } from '../../shared/domain/workbook-snapshot';
import {
  C2RA_WORKBOOK_LAYOUT,
  COLORS,
  LISTS_TAB,
  MULTI_VALUE_HINT,
  NUMBER_FORMATS,
  OPERATOR_WORKBOOK_LAYOUT,
  layoutFor,
  workbookFileName,
} from '../../sheets/layouts/workbook-layout';
import { columnDropdown } from '../../sheets/layouts/column-dropdown';
import { columnOf } from '../support/xlsx-sheet';
import {
  c2raData,
  cellAt,
  isLocked,
  letterOf,
  listFormula,
  noteOf,
  openXlsx,
  operatorData,
  parisDay,
  protectionOf,
  rangeValues,
  readOk,
  sheet,
  snapshotTab,
  useXlsxWorkspaces,
  workspaceWith,
} from '../support/xlsx-workbook-fixture';

useXlsxWorkspaces();

describe('XlsxWorkbookGateway: a workbook made from its layout reads back as laid out', () => {
  it.each([
    ['CBE-LM' as const, operatorData],
    ['C2RA' as const, c2raData],
  ])('%s: tabs, headers and data rows', async (owner, data) => {
    const dir = await workspaceWith(owner, data());
    const snapshot = await readOk(new XlsxWorkbookGateway(dir), owner);
    const layout = layoutFor(owner);
    expect(snapshot.owner).toBe(owner);
    expect(snapshot.tabs.map((t) => t.name)).toEqual([
      ...layout.tabs.map((t) => t.name),
      LISTS_TAB,
    ]);
    for (const tab of layout.tabs) {
      expect(snapshotTab(snapshot, tab.name).header).toEqual(tab.columns.map((c) => c.label));
      expect(snapshotTab(snapshot, tab.name).rows.length).toBe(data()[tab.name]?.length ?? 0);
    }
  });

  it('keeps the values typed: text, numbers, dates as Date, empty cells as null', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const structures = snapshotTab(
      await readOk(new XlsxWorkbookGateway(dir), 'CBE-LM'),
      'Structures',
    );
    const first = structures.rows[0];
    expect(first?.rowNumber).toBe(2);
    const value = (label: string): CellValue | undefined =>
      first?.cells[structures.header.indexOf(label)]?.value;
    expect(value('Nom de la structure')).toBe('Les Ateliers de la Citadelle');
    expect(value('Code postal')).toBe('59000');
    expect(value('Salariés (ETP)')).toBe(4.5);
    expect(value('Premier accueil le')).toEqual(parisDay(2025, 3, 15));
    expect(value('Notes (confidentiel)')).toBeNull();
  });

  it.each(
    [OPERATOR_WORKBOOK_LAYOUT, C2RA_WORKBOOK_LAYOUT].flatMap((layout) =>
      layout.tabs.map((tab) => [layout.owner, tab.name, tab] as const),
    ),
  )(
    '%s / %s: notes, bold header, frozen row, widths, formats, protection',
    async (owner, name, tab) => {
      const workbook = await openXlsx(
        path.join(
          await workspaceWith(owner === 'c2ra' ? 'C2RA' : 'CBE-LM', {}),
          workbookFileName(owner === 'c2ra' ? 'C2RA' : 'CBE-LM'),
        ),
      );
      const ws = sheet(workbook, name);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      // Record tabs stay sortable and their rows deletable in Excel: no sheet protection there.
      expect(protectionOf(ws).sheet === true).toBe(tab.role !== 'records');
      tab.columns.forEach((column, index) => {
        const col = index + 1;
        const header = ws.getRow(1).getCell(col);
        expect(header.value).toBe(column.label);
        expect(header.font?.bold).toBe(true);
        expect(noteOf(header)).toBe(column.note);
        expect(isLocked(header.style)).toBe(true);
        const sheetColumn = ws.getColumn(col);
        expect(sheetColumn.width).toBe(column.width);
        expect(isLocked(sheetColumn.style)).toBe(column.protected);
        expect(isSolidFill(sheetColumn.style.fill, COLORS.protectedFill)).toBe(column.protected);
        expect(sheetColumn.style.numFmt).toBe(NUMBER_FORMATS[column.format]);
      });
    },
  );
});

describe('XlsxWorkbookGateway: dropdowns', () => {
  let workbook: Workbook;
  beforeAll(async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    workbook = await openXlsx(path.join(dir, workbookFileName('CBE-LM')));
  });

  it.each([
    ['Missions', "Type d'ingénierie", '"Individuelle,Collective"'],
    ['Sollicitations', 'Admise malgré le retard', '"Oui,Non"'],
    ['Sollicitations', 'Réponse', '"En attente,Décliné,Proposition reçue,Hors délai"'],
    ['Sollicitations', 'Décision', '"Retenu,Non retenu"'],
    ['Accompagnements', 'État du plan', '"En préparation,En cours,Terminé,Abandonné"'],
    ['Structures', 'Forme juridique', "'Listes'!$A$2:$A$21"],
    ['Sollicitations', 'Prestataire (ID)', "'Prestataires'!$A$2:$A$2"],
    ['Sollicitations', 'Mission (ID)', "'Missions'!$A$2:$A$3"],
    ['Missions', 'Accompagnement (ID)', "'Accompagnements'!$A$2:$A$2"],
    ['Accompagnements', 'Structure (ID)', "'Structures'!$A$2:$A$3"],
  ])('%s / « %s » offers the list %s, down to 1000 rows below the data', (tab, label, formula) => {
    const ws = sheet(workbook, tab);
    const letter = letterOf(columnOf(ws, label));
    expect(listFormula(ws, `${letter}2`)).toBe(formula);
    expect(listFormula(ws, `${letter}1000`)).toBe(formula);
    expect(listFormula(ws, `${letter}1`)).toBeNull();
  });

  it('puts lists longer than Excel allows inline on the hidden Listes tab', () => {
    const ws = sheet(workbook, 'Structures');
    const formula = listFormula(ws, `${letterOf(columnOf(ws, 'Forme juridique'))}2`) ?? '';
    expect(rangeValues(workbook, formula)).toEqual([...LEGAL_FORMS]);
    expect(sheet(workbook, LISTS_TAB).state).toBe('hidden');
  });

  it.each([
    ['Accompagnements', 'Problématiques traitées'],
    ['Accompagnements', 'Actions prévues'],
    ['Sollicitations', 'Contenu de la proposition'],
  ])(
    '%s / « %s » (several values) has no dropdown but tells to separate by commas',
    (tab, label) => {
      const ws = sheet(workbook, tab);
      expect(listFormula(ws, `${letterOf(columnOf(ws, label))}2`)).toBeNull();
      expect(noteOf(ws.getRow(1).getCell(columnOf(ws, label)))).toContain(MULTI_VALUE_HINT);
    },
  );

  it('gives every unprotected single-choice column of the layout a dropdown, and no other', () => {
    for (const tab of OPERATOR_WORKBOOK_LAYOUT.tabs) {
      const ws = sheet(workbook, tab.name);
      tab.columns.forEach((column, index) => {
        const hasList = listFormula(ws, `${letterOf(index + 1)}2`) !== null;
        expect({ tab: tab.name, column: column.label, hasList }).toEqual({
          tab: tab.name,
          column: column.label,
          hasList: columnDropdown(column) !== null,
        });
      });
    }
  });

  it('formats dates jj/mm/aaaa and amounts in euros on the data cells', () => {
    const ws = sheet(workbook, 'Missions');
    expect(cellAt(ws, 2, 'Cahier des charges envoyé le').numFmt).toBe('dd/mm/yyyy');
    expect(cellAt(ws, 2, 'Plafond budgétaire').numFmt).toBe('#,##0.00" €"');
    expect(cellAt(ws, 2, 'Plafond budgétaire').value).toBe(1500);
    expect(isSolidFill(cellAt(ws, 2, 'ID').fill, COLORS.protectedFill)).toBe(true);
    expect(isLocked(cellAt(ws, 2, 'ID').style)).toBe(true);
    expect(isLocked(cellAt(ws, 2, 'Intitulé').style)).toBe(false);
  });

  it('protects without a password (a guard against accidents, not security)', () => {
    expect(SHEET_PROTECTION_PASSWORD).toBe('');
    const protection = (
      sheet(workbook, 'Journal') as unknown as { sheetProtection: Record<string, unknown> }
    ).sheetProtection;
    expect(protection['sheet']).toBe(true);
    expect(protection['hashValue']).toBeUndefined();
  });
});

describe('XlsxWorkbookGateway.read normalises what a person typed', () => {
  let tab: TabSnapshot;
  beforeAll(async () => {
    const dir = await workspaceWith('CBE-LM', {});
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const workbook = await openXlsx(file);
    const ws = sheet(workbook, 'Structures');
    const set = (address: string, value: Cell['value']): void => {
      ws.getCell(address).value = value;
    };
    set('B2', {
      richText: [{ text: 'Les Ateliers ', font: { bold: true } }, { text: 'de la Citadelle' }],
    });
    set('K2', {
      text: 'contact@ateliers-citadelle.fr',
      hyperlink: 'mailto:contact@ateliers-citadelle.fr',
    });
    set('I2', { formula: 'SUM(3,1.5)', result: 4.5 });
    set('C2', { error: '#N/A' });
    set('M2', parisDay(2025, 3, 15));
    ws.getCell('M2').numFmt = 'dd/mm/yyyy';
    set('H2', 59000);
    set('N2', true);
    ws.getCell('B2').note = {
      texts: [{ text: '⛔ ', font: { bold: true } }, { text: 'Nom à vérifier' }],
    };
    ws.getCell('G2').note = 'ℹ Commune déduite du code postal';
    // Rows 3 and 4 are left empty (row 4 only has a note): row 5 keeps its number.
    ws.getCell('G4').note = 'une note seule';
    set('B5', { text: 'Roubaix Sport Insertion', hyperlink: 'https://example.org' });
    set('I5', { sharedFormula: 'I2', result: 4.5 });
    set('G5', '  ');
    await workbook.xlsx.writeFile(file);
    tab = snapshotTab(await readOk(new XlsxWorkbookGateway(dir), 'CBE-LM'), 'Structures');
  });

  const cell = (rowNumber: number, label: string) => {
    const row = tab.rows.find((r) => r.rowNumber === rowNumber);
    return row?.cells[tab.header.indexOf(label)];
  };

  it.each<[number, string, CellValue, string]>([
    [2, 'Nom de la structure', 'Les Ateliers de la Citadelle', 'rich text → plain text'],
    [2, 'E-mail', 'contact@ateliers-citadelle.fr', 'hyperlink → its text'],
    [2, 'Salariés (ETP)', '=SUM(3,1.5)', 'formula → = and the formula'],
    [2, 'SIRET ou RNA', '#N/A', 'error → its text'],
    [2, 'Premier accueil le', parisDay(2025, 3, 15), 'date → Date'],
    [2, 'Code postal', 59000, 'number → number'],
    [2, 'Notes (confidentiel)', true, 'boolean → boolean'],
    [2, 'ID', null, 'empty → null'],
    [5, 'Nom de la structure', 'Roubaix Sport Insertion', 'hyperlink to a web page'],
    [5, 'Salariés (ETP)', '=SUM(3,1.5)', 'shared formula → its own formula'],
  ])('row %i « %s » reads %p (%s)', (row, label, expected) => {
    expect(cell(row, label)?.value).toEqual(expected);
  });

  it('reads notes as plain text, rich or not', () => {
    expect(cell(2, 'Nom de la structure')?.note).toBe('⛔ Nom à vérifier');
    expect(cell(2, 'Commune')?.note).toBe('ℹ Commune déduite du code postal');
    expect(cell(2, 'ID')).toEqual({ value: null });
  });

  it('omits empty rows and keeps the row numbers of the sheet', () => {
    expect(tab.rows.map((r) => r.rowNumber)).toEqual([2, 5]);
    expect(tab.rows[0]?.cells).toHaveLength(tab.header.length);
  });
});
