import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workbook, type Cell, type Worksheet } from 'exceljs';
import {
  FILLS,
  SHEET_PROTECTION_PASSWORD,
  buildWorkbook,
  isSolidFill,
} from '../../functions/adapters/xlsx-workbook-builder';
import {
  BACKUP_SUFFIX,
  XlsxWorkbookGateway,
  createWorkbookFile,
} from '../../functions/adapters/xlsx-workbook-gateway';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { LEGAL_FORMS } from '../../shared/domain/reference-lists';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { TabSnapshot, WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import {
  C2RA_WORKBOOK_LAYOUT,
  COLORS,
  LISTS_TAB,
  MULTI_VALUE_HINT,
  NUMBER_FORMATS,
  OPERATOR_WORKBOOK_LAYOUT,
  columnDropdown,
  layoutFor,
  tabLayout,
  workbookFileName,
  type TabLayout,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import { columnOf } from '../support/xlsx-sheet';

// ---------------------------------------------------------------------------------------------
// Helpers

const parisDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/** A row in layout column order from values by header label. */
function rowFor(tab: TabLayout, values: Readonly<Record<string, CellValue>>): CellValue[] {
  const unknown = Object.keys(values).filter((l) => !tab.columns.some((c) => c.label === l));
  if (unknown.length > 0) throw new Error(`unknown labels in ${tab.name}: ${unknown.join(', ')}`);
  return tab.columns.map((c) => values[c.label] ?? null);
}

function layoutTab(layout: WorkbookLayout, name: string): TabLayout {
  const tab = tabLayout(layout, name);
  if (!tab) throw new Error(`no tab ${name}`);
  return tab;
}

const STRUCTURES = layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Structures');
const MISSIONS = layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Missions');
const JOURNAL = layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Journal');

/** Two structures and two missions of the Comité de Bassin d'Emploi de Lille Métropole. */
function operatorData(): Record<string, CellValue[][]> {
  return {
    Structures: [
      rowFor(STRUCTURES, {
        ID: 'STR-CBE-LM-0001',
        'Nom de la structure': 'Les Ateliers de la Citadelle',
        'SIRET ou RNA': '732 829 320 00074',
        'Forme juridique': 'Association loi 1901',
        "Secteur d'activité": 'Culture',
        Territoire: 'Métropole lilloise',
        Commune: 'Lille',
        'Code postal': '59000',
        'Salariés (ETP)': 4.5,
        Contact: 'Sophie Delattre',
        'E-mail': 'sophie.delattre@ateliers-citadelle.fr',
        Téléphone: '03 20 55 12 40',
        'Premier accueil le': parisDay(2025, 3, 15),
      }),
      rowFor(STRUCTURES, {
        ID: 'STR-CBE-LM-0002',
        'Nom de la structure': 'Roubaix Sport Insertion',
        'SIRET ou RNA': 'W595012345',
        'Forme juridique': "Chantier d'insertion (ACI)",
        "Secteur d'activité": "Insertion par l'activité économique",
        Territoire: 'Roubaix-Tourcoing',
        Commune: 'Roubaix',
        'Code postal': '59100',
        'Premier accueil le': parisDay(2025, 9, 2),
      }),
    ],
    Missions: [
      rowFor(MISSIONS, {
        ID: 'MIS-CBE-LM-0001',
        'Accompagnement (ID)': 'ACC-CBE-LM-0001',
        "Type d'ingénierie": 'Individuelle',
        Intitulé: 'Consolider le modèle économique',
        'Compétence requise': 'Modèle économique',
        'Plafond budgétaire': 1500,
        'Jours estimés': 4,
        'Cahier des charges envoyé le': parisDay(2025, 4, 1),
        'Date limite de réponse': parisDay(2025, 4, 22),
        Statut: 'Appel à propositions',
      }),
      rowFor(MISSIONS, {
        ID: 'MIS-CBE-LM-0002',
        'Accompagnement (ID)': 'ACC-CBE-LM-0002',
        Intitulé: 'Structurer la fonction employeur',
        'Plafond budgétaire': 4800.5,
      }),
    ],
  };
}

/** The Registre of the C2RA with one consultant. */
function c2raData(): Record<string, CellValue[][]> {
  const registre = layoutTab(C2RA_WORKBOOK_LAYOUT, 'Registre');
  return {
    Registre: [
      rowFor(registre, {
        ID: 'PRE-0001',
        'Raison sociale': 'Cabinet Ambroise Conseil',
        SIRET: '732 829 320 00074',
        'Forme juridique': 'SARL',
        Adresse: '12 rue Nationale',
        'Code postal': '59000',
        Commune: 'Lille',
        Compétences: 'Modèle économique, Gestion financière',
        "Secteurs d'activité": 'Culture, Éducation populaire',
        "Territoires d'intervention": 'Métropole lilloise',
        'Référencé le': parisDay(2024, 1, 15),
      }),
    ],
  };
}

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dla-xlsx-gateway-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh workspace holding the owner's workbook made from its layout. */
async function workspaceWith(
  owner: WorkbookOwner,
  data: Record<string, CellValue[][]>,
): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  const created = await createWorkbookFile(dir, owner, data);
  if (!created.ok) throw new Error(created.error.message);
  return dir;
}

async function openXlsx(file: string): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

function sheet(workbook: Workbook, name: string): Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

function snapshotTab(snapshot: WorkbookSnapshot, name: string): TabSnapshot {
  const tab = snapshot.tabs.find((t) => t.name === name);
  if (!tab) throw new Error(`no tab ${name} in snapshot`);
  return tab;
}

async function readOk(
  gateway: XlsxWorkbookGateway,
  owner: WorkbookOwner,
): Promise<WorkbookSnapshot> {
  const result = await gateway.read(owner);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function cellAt(ws: Worksheet, row: number, label: string): Cell {
  return ws.getRow(row).getCell(columnOf(ws, label));
}

function noteOf(cell: Cell): string | undefined {
  const note: unknown = cell.note;
  if (typeof note === 'string') return note;
  if (typeof note === 'object' && note !== null && 'texts' in note && Array.isArray(note.texts)) {
    return note.texts.map((t: { text?: string }) => t.text ?? '').join('');
  }
  return undefined;
}

/** A visible fill (exceljs reads « no fill » as the pattern `none`). */
const hasFill = (cell: Cell): boolean =>
  cell.fill !== undefined && !(cell.fill.type === 'pattern' && cell.fill.pattern === 'none');

const isLocked = (style: { protection?: { locked?: boolean } }): boolean =>
  style.protection?.locked !== false;

function protectionOf(ws: Worksheet): {
  sheet?: boolean;
  insertRows?: boolean;
  deleteRows?: boolean;
} {
  return (
    (
      ws as unknown as {
        sheetProtection?: { sheet?: boolean; insertRows?: boolean; deleteRows?: boolean };
      }
    ).sheetProtection ?? {}
  );
}

/** The list formula of the dropdown at an address, or null. */
function listFormula(ws: Worksheet, address: string): string | null {
  const validation = ws.getCell(address).dataValidation as
    { type?: string; formulae?: unknown[] } | undefined;
  if (!validation || validation.type !== 'list') return null;
  return String(validation.formulae?.[0] ?? '');
}

/** The values of a range formula such as 'Listes'!$A$2:$A$21. */
function rangeValues(workbook: Workbook, formula: string): CellValue[] {
  const match = /^'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(formula);
  if (!match?.[1] || !match[2] || !match[3] || !match[5])
    throw new Error(`not a range: ${formula}`);
  const ws = sheet(workbook, match[1]);
  const values: CellValue[] = [];
  for (let row = Number(match[3]); row <= Number(match[5]); row += 1) {
    values.push(ws.getCell(`${match[2]}${row}`).value as CellValue);
  }
  return values;
}

function letterOf(col: number): string {
  let n = col;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

async function fileState(file: string): Promise<{ bytes: Buffer; mtimeMs: number }> {
  return { bytes: await readFile(file), mtimeMs: (await stat(file)).mtimeMs };
}

// ---------------------------------------------------------------------------------------------

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

describe('XlsxWorkbookGateway.write', () => {
  it('sets values, notes and fills, and clears a note', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const gateway = new XlsxWorkbookGateway(dir);
    const missions = snapshotTab(await readOk(gateway, 'CBE-LM'), 'Missions');
    const at = (label: string): number => missions.header.indexOf(label) + 1;
    const first = await gateway.write('CBE-LM', {
      cells: [
        {
          tab: 'Missions',
          row: 3,
          column: 'ID',
          columnIndex: at('ID'),
          value: 'MIS-CBE-LM-0003',
          style: 'computed',
        },
        {
          tab: 'Missions',
          row: 3,
          column: 'Plafond budgétaire',
          columnIndex: at('Plafond budgétaire'),
          note: '⛔ Montant illisible : saisissez par exemple 1 500,00.',
          style: 'error',
        },
        {
          tab: 'Missions',
          row: 2,
          column: 'Intitulé',
          columnIndex: at('Intitulé'),
          note: 'ℹ Ligne copiée de MIS-CBE-LM-0001.',
        },
        {
          tab: 'Missions',
          row: 2,
          column: 'Statut',
          columnIndex: at('Statut'),
          value: 'Attribuée',
          style: 'computed',
        },
      ],
      tabs: [],
    });
    expect(first).toEqual({ ok: true, value: undefined });

    const file = path.join(dir, workbookFileName('CBE-LM'));
    let ws = sheet(await openXlsx(file), 'Missions');
    expect(cellAt(ws, 3, 'ID').value).toBe('MIS-CBE-LM-0003');
    expect(isSolidFill(cellAt(ws, 3, 'Plafond budgétaire').fill, COLORS.errorFill)).toBe(true);
    expect(noteOf(cellAt(ws, 3, 'Plafond budgétaire'))).toBe(
      '⛔ Montant illisible : saisissez par exemple 1 500,00.',
    );
    expect(cellAt(ws, 3, 'Plafond budgétaire').value).toBe(4800.5);
    expect(isLocked(cellAt(ws, 3, 'Plafond budgétaire').style)).toBe(false);
    expect(cellAt(ws, 2, 'Statut').value).toBe('Attribuée');
    expect(isSolidFill(cellAt(ws, 2, 'Statut').fill, COLORS.protectedFill)).toBe(true);
    // Only the cell written turned red: the style shared by its neighbours is untouched.
    expect(hasFill(cellAt(ws, 2, 'Plafond budgétaire'))).toBe(false);

    const second = await gateway.write('CBE-LM', {
      cells: [
        {
          tab: 'Missions',
          row: 3,
          column: 'Plafond budgétaire',
          columnIndex: at('Plafond budgétaire'),
          note: null,
          style: 'normal',
        },
        { tab: 'Missions', row: 2, column: 'Intitulé', columnIndex: at('Intitulé'), note: null },
      ],
      tabs: [],
    });
    expect(second.ok).toBe(true);
    ws = sheet(await openXlsx(file), 'Missions');
    expect(noteOf(cellAt(ws, 3, 'Plafond budgétaire'))).toBeUndefined();
    expect(hasFill(cellAt(ws, 3, 'Plafond budgétaire'))).toBe(false);
    expect(noteOf(cellAt(ws, 2, 'Intitulé'))).toBeUndefined();
    expect(cellAt(ws, 2, 'Intitulé').value).toBe('Consolider le modèle économique');

    const reread = snapshotTab(await readOk(gateway, 'CBE-LM'), 'Missions');
    expect(reread.rows.flatMap((r) => r.cells.filter((c) => c.note !== undefined))).toEqual([]);
  });

  it('keeps a refused ID red after the layout greys the ID column again', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const gateway = new XlsxWorkbookGateway(dir);
    await gateway.write('CBE-LM', {
      cells: [
        {
          tab: 'Structures',
          row: 2,
          column: 'ID',
          columnIndex: 1,
          note: '⛔ Identifiant illisible.',
          style: 'error',
        },
      ],
      tabs: [],
    });
    const ws = sheet(await openXlsx(path.join(dir, workbookFileName('CBE-LM'))), 'Structures');
    expect(isSolidFill(cellAt(ws, 2, 'ID').fill, COLORS.errorFill)).toBe(true);
    expect(isSolidFill(cellAt(ws, 3, 'ID').fill, COLORS.protectedFill)).toBe(true);
  });

  it('replaces the rows of a system tab whole', async () => {
    const dir = await workspaceWith('CBE-LM', {
      Journal: [
        rowFor(JOURNAL, {
          Date: '26/11/2026 17:40',
          Type: 'Synchronisation',
          Message: 'Synchronisation : 2 créé(s).',
          Par: 'dla',
        }),
        rowFor(JOURNAL, {
          Date: '26/11/2026 17:40',
          Type: 'Refus',
          Onglet: 'Missions',
          Ligne: 4,
          Message: 'Date illisible.',
        }),
        rowFor(JOURNAL, {
          Date: '25/11/2026 09:12',
          Type: 'Synchronisation',
          Message: 'Synchronisation : 0 créé(s).',
        }),
      ],
    });
    const gateway = new XlsxWorkbookGateway(dir);
    const line = rowFor(JOURNAL, {
      Date: '27/11/2026 08:05',
      Type: 'Refus',
      Onglet: 'Sollicitations',
      Ligne: 7,
      Colonne: 'Réponse reçue le',
      ID: 'SOL-CBE-LM-0012',
      Message: 'Date « 31/02/2026 » impossible : ce jour n’existe pas.',
      'Valeur saisie': '31/02/2026',
      Par: 'claire.martin@cbe-lille.fr',
    });
    const alert = rowFor(layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Alertes'), {
      Gravité: 'Urgent',
      Alerte: 'Rapport final manquant',
      Enregistrement: 'MIS-CBE-LM-0001',
      Message: 'Solde demandé sans rapport final : ne pas payer.',
      Pour: 'Finances',
      Échéance: parisDay(2026, 12, 1),
      'Depuis le': parisDay(2026, 11, 20),
      État: 'Ouverte',
    });
    const result = await gateway.write('CBE-LM', {
      cells: [],
      tabs: [
        { tab: 'Journal', rows: [line] },
        { tab: 'Alertes', rows: [alert] },
      ],
    });
    expect(result.ok).toBe(true);
    const snapshot = await readOk(gateway, 'CBE-LM');
    expect(snapshotTab(snapshot, 'Journal').rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      line,
    ]);
    expect(snapshotTab(snapshot, 'Alertes').rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      alert,
    ]);
    const ws = sheet(await openXlsx(path.join(dir, workbookFileName('CBE-LM'))), 'Alertes');
    expect(cellAt(ws, 2, 'Échéance').numFmt).toBe('dd/mm/yyyy');
    expect(isLocked(cellAt(ws, 2, 'Message').style)).toBe(true);
    expect(isLocked(cellAt(ws, 2, 'Suivi').style)).toBe(false);
  });

  it('keeps the previous version as .bak and leaves no temporary file', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const before = await readFile(file);
    const result = await new XlsxWorkbookGateway(dir).write('CBE-LM', {
      cells: [{ tab: 'Structures', row: 3, column: 'Commune', columnIndex: 7, value: 'Tourcoing' }],
      tabs: [],
    });
    expect(result.ok).toBe(true);
    expect(await readFile(`${file}${BACKUP_SUFFIX}`)).toEqual(before);
    expect(await readFile(file)).not.toEqual(before);
    expect((await readdir(dir)).sort()).toEqual([
      workbookFileName('CBE-LM'),
      `${workbookFileName('CBE-LM')}${BACKUP_SUFFIX}`,
    ]);
    const structures = snapshotTab(
      await readOk(new XlsxWorkbookGateway(dir), 'CBE-LM'),
      'Structures',
    );
    expect(structures.rows[1]?.cells[6]?.value).toBe('Tourcoing');
  });

  it('does not write over a version saved since it was read (rows may have moved)', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const gateway = new XlsxWorkbookGateway(dir);
    await readOk(gateway, 'CBE-LM');
    // Meanwhile the chargée de mission inserts a structure above the others and saves.
    const workbook = await openXlsx(file);
    sheet(workbook, 'Structures').insertRow(2, [null, 'Tourcoing Solidarités']);
    await workbook.xlsx.writeFile(file);
    const saved = await fileState(file);

    const idOfRow2 = {
      tab: 'Structures',
      row: 2,
      column: 'ID',
      columnIndex: 1,
      value: 'STR-CBE-LM-0001',
    };
    const refused = await gateway.write('CBE-LM', { cells: [idOfRow2], tabs: [] });
    expect(refused.ok ? null : refused.error.code).toBe('WORKBOOK_LOCKED');
    expect(refused.ok ? '' : refused.error.message).toContain('relancez la synchronisation');
    expect(await fileState(file)).toEqual(saved);

    await readOk(gateway, 'CBE-LM');
    const structures = {
      tab: 'Structures',
      row: 2,
      column: 'ID',
      columnIndex: 1,
      value: 'STR-CBE-LM-0003',
    };
    expect((await gateway.write('CBE-LM', { cells: [structures], tabs: [] })).ok).toBe(true);
    expect(
      (
        await gateway.write('CBE-LM', {
          cells: [{ ...structures, note: 'ℹ Nouvelle structure.' }],
          tabs: [],
        })
      ).ok,
    ).toBe(true);
  });

  it('writes nothing for an empty write-back', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const before = await fileState(file);
    expect(await new XlsxWorkbookGateway(dir).write('CBE-LM', { cells: [], tabs: [] })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await fileState(file)).toEqual(before);
    expect(await readdir(dir)).toEqual([workbookFileName('CBE-LM')]);
  });
});

describe('XlsxWorkbookGateway: expected failures', () => {
  it.each([
    ['Excel', '~$dla-CBE-LM.xlsx'],
    ['LibreOffice', '.~lock.dla-CBE-LM.xlsx#'],
  ])('a workbook open in %s (%s) is neither read nor written', async (_program, lockName) => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const file = path.join(dir, workbookFileName('CBE-LM'));
    await writeFile(
      path.join(dir, lockName),
      ',claire.martin,poste-12,27.11.2026 08:05,file:///home/claire;',
    );
    const before = await fileState(file);
    const gateway = new XlsxWorkbookGateway(dir);

    const read = await gateway.read('CBE-LM');
    const write = await gateway.write('CBE-LM', {
      cells: [
        { tab: 'Structures', row: 2, column: 'ID', columnIndex: 1, value: 'STR-CBE-LM-0009' },
      ],
      tabs: [{ tab: 'Journal', rows: [] }],
    });
    for (const result of [read, write]) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('WORKBOOK_LOCKED');
        expect(result.error.message).toContain('fermez-le puis réessayez');
        expect(result.error.message).toContain(lockName);
      }
    }
    expect(await fileState(file)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual([lockName, workbookFileName('CBE-LM')].sort());
  });

  it('reports a missing workbook as WORKBOOK_NOT_FOUND', async () => {
    const gateway = new XlsxWorkbookGateway(await mkdtemp(path.join(root, 'empty-')));
    const read = await gateway.read('EE-DK');
    const write = await gateway.write('EE-DK', { cells: [], tabs: [{ tab: 'Journal', rows: [] }] });
    expect(read.ok ? null : read.error.code).toBe('WORKBOOK_NOT_FOUND');
    expect(write.ok ? null : write.error.code).toBe('WORKBOOK_NOT_FOUND');
    expect(read.ok ? '' : read.error.message).toContain('dla-EE-DK.xlsx');
  });

  it('reports a damaged file as WORKBOOK_UNREADABLE', async () => {
    const dir = await mkdtemp(path.join(root, 'damaged-'));
    await writeFile(path.join(dir, 'dla-NA-DEN.xlsx'), 'ceci n’est pas un classeur');
    const read = await new XlsxWorkbookGateway(dir).read('NA-DEN');
    expect(read.ok ? null : read.error.code).toBe('WORKBOOK_UNREADABLE');
  });

  it('never overwrites an existing workbook when creating one', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const before = await fileState(path.join(dir, workbookFileName('CBE-LM')));
    const again = await createWorkbookFile(dir, 'CBE-LM');
    expect(again.ok ? null : again.error.code).toBe('WORKBOOK_EXISTS');
    expect(await fileState(path.join(dir, workbookFileName('CBE-LM')))).toEqual(before);
  });
});

describe('XlsxWorkbookGateway: columns moved or removed by a person', () => {
  /** Labels of Structures in the order the person left them: name last, postal code before town, phone deleted. */
  const personOrder = STRUCTURES.columns
    .map((c) => c.label)
    .filter((l) => l !== 'Nom de la structure' && l !== 'Téléphone' && l !== 'Commune')
    .flatMap((l) => (l === 'Code postal' ? ['Code postal', 'Commune'] : [l]))
    .concat(['Nom de la structure']);

  const PERSON_COLUMN = 'Remarques de Claire';
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await workspaceWith('CBE-LM', operatorData());
    file = path.join(dir, workbookFileName('CBE-LM'));
    const workbook = await openXlsx(file);
    const ws = sheet(workbook, 'Structures');
    const byLabel = new Map<string, CellValue[]>();
    STRUCTURES.columns.forEach((column, index) => {
      byLabel.set(
        column.label,
        [1, 2, 3].map((row) => ws.getRow(row).getCell(index + 1).value as CellValue),
      );
    });
    for (let col = 1; col <= STRUCTURES.columns.length; col += 1) {
      for (const row of [1, 2, 3]) ws.getRow(row).getCell(col).value = null;
    }
    personOrder.forEach((label, index) => {
      (byLabel.get(label) ?? []).forEach((value, rowIndex) => {
        ws.getRow(rowIndex + 1).getCell(index + 1).value = value;
      });
    });
    // And a column of her own, after the others.
    const own = personOrder.length + 1;
    ws.getRow(1).getCell(own).value = PERSON_COLUMN;
    ws.getRow(2).getCell(own).value = 'À rappeler en janvier';
    await workbook.xlsx.writeFile(file);
  });

  it('reads by the header as the person left it', async () => {
    const structures = snapshotTab(
      await readOk(new XlsxWorkbookGateway(dir), 'CBE-LM'),
      'Structures',
    );
    expect(structures.header).toEqual([...personOrder, PERSON_COLUMN]);
    const row = structures.rows[0]?.cells ?? [];
    expect(row[personOrder.indexOf('Nom de la structure')]?.value).toBe(
      'Les Ateliers de la Citadelle',
    );
    expect(row[personOrder.indexOf('Code postal')]?.value).toBe('59000');
    expect(row[personOrder.indexOf('Commune')]?.value).toBe('Lille');
  });

  it('re-applies the layout by label: data stays, the deleted column comes back at the end', async () => {
    const gateway = new XlsxWorkbookGateway(dir);
    const idIndex = personOrder.indexOf('ID') + 1;
    const result = await gateway.write('CBE-LM', {
      cells: [
        { tab: 'Structures', row: 3, column: 'ID', columnIndex: idIndex, value: 'STR-CBE-LM-0002' },
      ],
      tabs: [],
    });
    expect(result.ok).toBe(true);
    const structures = snapshotTab(await readOk(gateway, 'CBE-LM'), 'Structures');
    expect(structures.header).toEqual([...personOrder, PERSON_COLUMN, 'Téléphone']);
    const row = structures.rows[0]?.cells ?? [];
    expect(row[personOrder.indexOf('Nom de la structure')]?.value).toBe(
      'Les Ateliers de la Citadelle',
    );
    expect(row[personOrder.indexOf('Commune')]?.value).toBe('Lille');

    const ws = sheet(await openXlsx(file), 'Structures');
    const legalForm = letterOf(columnOf(ws, 'Forme juridique'));
    const townLetter = letterOf(columnOf(ws, 'Commune'));
    expect(listFormula(ws, `${legalForm}2`)).toMatch(/^'Listes'!\$[A-Z]+\$2:/);
    expect(listFormula(ws, `${townLetter}2`)).toBeNull();
    expect(noteOf(cellAt(ws, 1, 'Nom de la structure'))).toBe(
      STRUCTURES.columns.find((c) => c.label === 'Nom de la structure')?.note,
    );
    expect(isLocked(cellAt(ws, 2, 'Nom de la structure').style)).toBe(false);
    expect(isLocked(cellAt(ws, 2, 'Contrôles').style)).toBe(true);
    expect(isSolidFill(cellAt(ws, 2, 'Contrôles').fill, COLORS.protectedFill)).toBe(true);
    // Her own column stays hers: editable under the protection, untouched otherwise.
    expect(cellAt(ws, 2, PERSON_COLUMN).value).toBe('À rappeler en janvier');
    expect(isLocked(cellAt(ws, 2, PERSON_COLUMN).style)).toBe(false);
    expect(isLocked(ws.getColumn(columnOf(ws, PERSON_COLUMN)).style)).toBe(false);
  });
});

describe('buildWorkbook', () => {
  it('refuses rows for a tab the layout does not have', () => {
    expect(() => buildWorkbook(OPERATOR_WORKBOOK_LAYOUT, { Registre: [['PRE-0001']] })).toThrow(
      /Registre/,
    );
  });

  it('uses one shared fill object per colour (never mutated in place)', () => {
    expect(isSolidFill(FILLS.error, COLORS.errorFill)).toBe(true);
    expect(isSolidFill(FILLS.protected, COLORS.protectedFill)).toBe(true);
  });
});
