/**
 * What the tests of XlsxWorkbookGateway share: workbooks made from the layouts with realistic
 * data (an operator of Lille Métropole, the C2RA), temporary workspaces, and readers of what
 * exceljs sees in a saved file (notes, fills, protection, dropdown lists).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workbook, type Cell, type Worksheet } from 'exceljs';
import {
  XlsxWorkbookGateway,
  createWorkbookFile,
} from '../../functions/adapters/xlsx-workbook-gateway';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { TabSnapshot, WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import {
  C2RA_WORKBOOK_LAYOUT,
  OPERATOR_WORKBOOK_LAYOUT,
  tabLayout,
  type TabLayout,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import { columnOf } from './xlsx-sheet';

export const parisDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/** A row in layout column order from values by header label. */
export function rowFor(tab: TabLayout, values: Readonly<Record<string, CellValue>>): CellValue[] {
  const unknown = Object.keys(values).filter((l) => !tab.columns.some((c) => c.label === l));
  if (unknown.length > 0) throw new Error(`unknown labels in ${tab.name}: ${unknown.join(', ')}`);
  return tab.columns.map((c) => values[c.label] ?? null);
}

export function layoutTab(layout: WorkbookLayout, name: string): TabLayout {
  const tab = tabLayout(layout, name);
  if (!tab) throw new Error(`no tab ${name}`);
  return tab;
}

export const STRUCTURES = layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Structures');
export const MISSIONS = layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Missions');
export const JOURNAL = layoutTab(OPERATOR_WORKBOOK_LAYOUT, 'Journal');

/** Two structures and two missions of the Comité de Bassin d'Emploi de Lille Métropole. */
export function operatorData(): Record<string, CellValue[][]> {
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
export function c2raData(): Record<string, CellValue[][]> {
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

/** Makes the temporary folder of the workspaces of the file's tests, removed after them. */
export function useXlsxWorkspaces(): void {
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dla-xlsx-gateway-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
}

/** A new empty folder under the temporary folder of the file's tests. */
export async function scratchFolder(prefix: string): Promise<string> {
  return mkdtemp(path.join(root, prefix));
}

/** A fresh workspace holding the owner's workbook made from its layout. */
export async function workspaceWith(
  owner: WorkbookOwner,
  data: Record<string, CellValue[][]>,
): Promise<string> {
  const dir = await scratchFolder('ws-');
  const created = await createWorkbookFile(dir, owner, data);
  if (!created.ok) throw new Error(created.error.message);
  return dir;
}

export async function openXlsx(file: string): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

export function sheet(workbook: Workbook, name: string): Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

export function snapshotTab(snapshot: WorkbookSnapshot, name: string): TabSnapshot {
  const tab = snapshot.tabs.find((t) => t.name === name);
  if (!tab) throw new Error(`no tab ${name} in snapshot`);
  return tab;
}

export async function readOk(
  gateway: XlsxWorkbookGateway,
  owner: WorkbookOwner,
): Promise<WorkbookSnapshot> {
  const result = await gateway.read(owner);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function cellAt(ws: Worksheet, row: number, label: string): Cell {
  return ws.getRow(row).getCell(columnOf(ws, label));
}

export function noteOf(cell: Cell): string | undefined {
  const note: unknown = cell.note;
  if (typeof note === 'string') return note;
  if (typeof note === 'object' && note !== null && 'texts' in note && Array.isArray(note.texts)) {
    return note.texts.map((t: { text?: string }) => t.text ?? '').join('');
  }
  return undefined;
}

/** A visible fill (exceljs reads « no fill » as the pattern `none`). */
export const hasFill = (cell: Cell): boolean =>
  cell.fill !== undefined && !(cell.fill.type === 'pattern' && cell.fill.pattern === 'none');

export const isLocked = (style: { protection?: { locked?: boolean } }): boolean =>
  style.protection?.locked !== false;

export function protectionOf(ws: Worksheet): {
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
export function listFormula(ws: Worksheet, address: string): string | null {
  const validation = ws.getCell(address).dataValidation as
    { type?: string; formulae?: unknown[] } | undefined;
  if (!validation || validation.type !== 'list') return null;
  return String(validation.formulae?.[0] ?? '');
}

/** The values of a range formula such as 'Listes'!$A$2:$A$21. */
export function rangeValues(workbook: Workbook, formula: string): CellValue[] {
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

export function letterOf(col: number): string {
  let n = col;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export async function fileState(file: string): Promise<{ bytes: Buffer; mtimeMs: number }> {
  return { bytes: await readFile(file), mtimeMs: (await stat(file)).mtimeMs };
}
