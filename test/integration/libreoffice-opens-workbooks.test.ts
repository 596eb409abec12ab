import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Workbook, type Worksheet } from 'exceljs';
import {
  XlsxWorkbookGateway,
  createWorkbookFile,
} from '../../functions/adapters/xlsx-workbook-gateway';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import {
  HEADER_FONT,
  LISTS_TAB,
  NUMBER_FORMATS,
  layoutFor,
  tabLayout,
  workbookFileName,
  type TabLayout,
  type WorkbookLayout,
} from '../../sheets/layouts/workbook-layout';
import { columnDropdown } from '../../sheets/layouts/column-dropdown';
import { describeWithRealTool } from '../support/real-tools';
import { columnLetterOfPosition } from '../../shared/domain/values/column-letter';

/*
 * Proves that the workbooks open in a real spreadsheet program: LibreOffice converts them to CSV
 * (the French headers are there, amounts and dates shown the French way) and saves them as .xlsx;
 * the gateway then reads what LibreOffice saved, writes it back, and the layout LibreOffice lost
 * (the frozen header) or altered (list validations) is whole again.
 */

const run = promisify(execFile);

/** LibreOffice's start with a fresh profile takes a few seconds; a loaded CI machine, more. */
const SOFFICE_TIMEOUT_MS = 120_000;
jest.setTimeout(300_000);

/** UTF-8, comma, quote; formatted « as shown »; every sheet to its own file (LibreOffice ≥ 7.2). */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dla-libreoffice-'));
});
afterAll(async () => {
  if (root !== '') await rm(root, { recursive: true, force: true });
});

/**
 * A LibreOffice profile of its own (parallel runs must not share one), set to French (France)
 * so numbers and dates are shown as operators see them.
 */
async function frenchProfile(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'user'), { recursive: true });
  await writeFile(
    path.join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>
</oor:items>
`,
  );
  return pathToFileURL(dir).href;
}

/** Runs `soffice --headless --convert-to <target>` on a file, into `outDir`. */
async function convert(
  profileUrl: string,
  file: string,
  target: string,
  outDir: string,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await run(
    'soffice',
    [
      `-env:UserInstallation=${profileUrl}`,
      '--headless',
      '--norestore',
      '--convert-to',
      target,
      '--outdir',
      outDir,
      file,
    ],
    // A UTF-8 locale for the process, or LibreOffice writes « Param?tres » in the file names.
    { timeout: SOFFICE_TIMEOUT_MS, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } },
  );
}

/** Splits one CSV line (comma, double quotes doubled inside quoted fields). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line.charAt(i + 1) === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

async function csvOf(dir: string, base: string, tab: string): Promise<string[][]> {
  const text = await readFile(path.join(dir, `${base}-${tab}.csv`), 'utf8');
  return text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map(csvFields);
}

function layoutTab(layout: WorkbookLayout, name: string): TabLayout {
  const tab = tabLayout(layout, name);
  if (!tab) throw new Error(`no tab ${name}`);
  return tab;
}

/** A row in layout column order from values by header label. */
function rowFor(tab: TabLayout, values: Readonly<Record<string, CellValue>>): CellValue[] {
  const unknown = Object.keys(values).filter((l) => !tab.columns.some((c) => c.label === l));
  if (unknown.length > 0) throw new Error(`unknown labels in ${tab.name}: ${unknown.join(', ')}`);
  return tab.columns.map((c) => values[c.label] ?? null);
}

const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

function operatorRows(layout: WorkbookLayout): Record<string, CellValue[][]> {
  const tab = (name: string) => layoutTab(layout, name);
  return {
    Structures: [
      rowFor(tab('Structures'), {
        ID: 'STR-CBE-LM-0001',
        'Nom de la structure': 'Les Ateliers de la Citadelle',
        'SIRET ou RNA': '73282932000074',
        'Forme juridique': 'Association loi 1901',
        "Secteur d'activité": 'Culture',
        Territoire: 'Métropole lilloise',
        Commune: 'Lille',
        'Code postal': '59000',
        'Salariés (ETP)': 4.5,
        'Premier accueil le': day(2025, 3, 15),
      }),
    ],
    Accompagnements: [
      rowFor(tab('Accompagnements'), {
        ID: 'ACC-CBE-LM-0001',
        'Structure (ID)': 'STR-CBE-LM-0001',
        'Diagnostic partagé le': day(2025, 3, 28),
        'Problématiques traitées': 'Modèle économique, Gestion financière',
        'État du plan': 'En cours',
      }),
    ],
    Missions: [
      rowFor(tab('Missions'), {
        ID: 'MIS-CBE-LM-0001',
        'Accompagnement (ID)': 'ACC-CBE-LM-0001',
        "Type d'ingénierie": 'Individuelle',
        Intitulé: 'Consolider le modèle économique',
        'Compétence requise': 'Modèle économique',
        'Plafond budgétaire': 1500,
        'Cahier des charges envoyé le': day(2025, 4, 1),
        Statut: 'Appel à propositions',
      }),
    ],
    Sollicitations: [
      rowFor(tab('Sollicitations'), {
        ID: 'SOL-CBE-LM-0001',
        'Mission (ID)': 'MIS-CBE-LM-0001',
        'Prestataire (ID)': 'PRE-0001',
        'Sollicité le': day(2025, 4, 1),
        Réponse: 'Proposition reçue',
        'Prix proposé': 1450,
        'Admise malgré le retard': 'Non',
      }),
    ],
    Prestataires: [
      rowFor(tab('Prestataires'), {
        ID: 'PRE-0001',
        'Raison sociale': 'Cabinet Ambroise Conseil',
        Compétences: 'Modèle économique, Gestion financière',
        "Secteurs d'activité": 'Culture',
        "Territoires d'intervention": 'Métropole lilloise',
        'Fiche complète': 'Oui',
      }),
    ],
    Alertes: [
      rowFor(tab('Alertes'), {
        Gravité: 'À faire',
        Alerte: 'Note à mi-parcours',
        Enregistrement: 'MIS-CBE-LM-0001',
        Message: 'Note à mi-parcours attendue : relancer le prestataire.',
        Échéance: day(2025, 6, 1),
        État: 'Ouverte',
      }),
    ],
    Journal: [
      rowFor(tab('Journal'), {
        Date: '27/11/2026 08:05',
        Type: 'Synchronisation',
        Message: 'Synchronisation : 4 créé(s), 0 modifié(s).',
        Par: 'claire.martin@cbe-lille.fr',
      }),
    ],
    Paramètres: [
      rowFor(tab('Paramètres'), {
        Paramètre: 'Délai de réponse minimal (jours)',
        Valeur: 15,
        Minimum: 7,
        Maximum: 60,
        Explication: 'Jours entre l’envoi du cahier des charges et la date limite de réponse.',
      }),
    ],
  };
}

function c2raRows(layout: WorkbookLayout): Record<string, CellValue[][]> {
  const tab = (name: string) => layoutTab(layout, name);
  return {
    Registre: [
      rowFor(tab('Registre'), {
        ID: 'PRE-0001',
        'Raison sociale': 'Cabinet Ambroise Conseil',
        SIRET: '73282932000074',
        'Forme juridique': 'SARL',
        'Code postal': '59000',
        Commune: 'Lille',
        Compétences: 'Modèle économique, Gestion financière',
        'Référencé le': day(2024, 1, 15),
      }),
    ],
    'Missions régionales': [
      rowFor(tab('Missions régionales'), {
        'ID mission': 'MIS-EE-DK-0007',
        Opérateur: 'EE-DK',
        Intitulé: 'Structurer la fonction employeur',
        Statut: 'En cours',
        'Plafond budgétaire': 1500,
        'Prix retenu': 1450,
        'Attribuée le': day(2025, 4, 25),
      }),
    ],
    Indicateurs: [
      rowFor(tab('Indicateurs'), {
        Opérateur: 'NA-DEN',
        Nom: 'NordActif (Denain)',
        Missions: 12,
        'Montant engagé': 18250,
      }),
    ],
    'Prestataires mobilisés': [
      rowFor(tab('Prestataires mobilisés'), {
        'ID prestataire': 'PRE-0001',
        'Raison sociale': 'Cabinet Ambroise Conseil',
        Sollicitations: 5,
        'Missions retenues': 2,
        'Montant retenu': 2900,
      }),
    ],
  };
}

/** Every tab's rows as plain values, the hidden lists tab aside. */
function valuesOf(
  snapshot: WorkbookSnapshot,
): Record<string, { header: readonly string[]; rows: CellValue[][] }> {
  return Object.fromEntries(
    snapshot.tabs
      .filter((t) => t.name !== LISTS_TAB)
      .map((t) => [
        t.name,
        { header: t.header, rows: t.rows.map((r) => r.cells.map((c) => c.value)) },
      ]),
  );
}

async function readOk(
  gateway: XlsxWorkbookGateway,
  owner: WorkbookOwner,
): Promise<WorkbookSnapshot> {
  const result = await gateway.read(owner);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function validationAt(
  ws: Worksheet,
  address: string,
): { type?: string; formulae?: unknown[] } | undefined {
  return ws.getCell(address).dataValidation as { type?: string; formulae?: unknown[] } | undefined;
}

describeWithRealTool('libreoffice', 'LibreOffice opens the workbooks', () => {
  describe.each([
    [
      'CBE-LM' as const,
      operatorRows,
      'Missions',
      ['Plafond budgétaire', '1 500,00 €'],
      ['Cahier des charges envoyé le', '01/04/2025'],
    ],
    [
      'C2RA' as const,
      c2raRows,
      'Missions régionales',
      ['Prix retenu', '1 450,00 €'],
      ['Attribuée le', '25/04/2025'],
    ],
  ] as const)(
    'LibreOffice opens the %s workbook',
    (owner, rowsOf, shownTab, [amountLabel, amountShown], [dateLabel, dateShown]) => {
      const layout = layoutFor(owner);
      const fileName = workbookFileName(owner);
      const base = fileName.replace(/\.xlsx$/, '');
      let work = '';
      let profile = '';
      let original: WorkbookSnapshot;

      beforeAll(async () => {
        work = await mkdtemp(path.join(root, `${owner}-`));
        profile = await frenchProfile(path.join(work, 'profile'));
        const created = await createWorkbookFile(path.join(work, 'made'), owner, rowsOf(layout));
        if (!created.ok) throw new Error(created.error.message);
        const gateway = new XlsxWorkbookGateway(path.join(work, 'made'));
        // A refused cell with its note and red fill, as a sync leaves it.
        const firstTab = layout.tabs[0];
        if (firstTab === undefined) throw new Error('empty layout');
        const written = await gateway.write(owner, {
          cells: [
            {
              tab: firstTab.name,
              row: 2,
              column: firstTab.columns[2]?.label ?? '',
              columnIndex: 3,
              note: '⛔ Valeur refusée : à corriger.',
              style: 'error',
            },
          ],
          tabs: [],
        });
        if (!written.ok) throw new Error(written.error.message);
        original = await readOk(gateway, owner);
      });

      it('converts every tab to CSV with its French headers, amounts and dates shown the French way', async () => {
        const out = path.join(work, 'csv');
        await convert(profile, path.join(work, 'made', fileName), CSV_FILTER, out);
        for (const tab of layout.tabs) {
          const lines = await csvOf(out, base, tab.name);
          expect({ tab: tab.name, header: lines[0] }).toEqual({
            tab: tab.name,
            header: tab.columns.map((c) => c.label),
          });
          expect(lines.length).toBe(1 + (rowsOf(layout)[tab.name]?.length ?? 0));
        }
        const lines = await csvOf(out, base, shownTab);
        const header = lines[0] ?? [];
        // French thousands are separated by a no-break space (U+00A0, or U+202F in newer locales).
        const amount = lines[1]?.[header.indexOf(amountLabel)]?.replace(/[\u00a0\u202f]/g, ' ');
        expect(amount).toBe(amountShown);
        expect(lines[1]?.[header.indexOf(dateLabel)]).toBe(dateShown);
      });

      it('saves it as .xlsx that the gateway reads back, writes back with its layout restored, and opens again', async () => {
        const saved = path.join(work, 'saved');
        await convert(profile, path.join(work, 'made', fileName), 'xlsx', saved);
        const workspace = path.join(work, 'workspace');
        await mkdir(workspace, { recursive: true });
        await copyFile(path.join(saved, fileName), path.join(workspace, fileName));

        // What a person's save keeps until the next write: formats (the amount's one included,
        // which a French LibreOffice would garble if written `#,##0.00 "€"`), header notes, fonts.
        const asSaved = new Workbook();
        await asSaved.xlsx.readFile(path.join(workspace, fileName));
        const shown = asSaved.getWorksheet(shownTab);
        if (!shown) throw new Error(`no sheet ${shownTab}`);
        const shownColumns = layoutTab(layout, shownTab).columns.map((c) => c.label);
        const shownCell = (label: string) =>
          shown.getRow(2).getCell(shownColumns.indexOf(label) + 1);
        expect(shownCell(amountLabel).numFmt).toBe(NUMBER_FORMATS.amount);
        expect(shownCell(dateLabel).numFmt).toBe(NUMBER_FORMATS.date);
        const headerNote: unknown = shown.getRow(1).getCell(1).note;
        expect(JSON.stringify(headerNote)).toContain(
          JSON.stringify(layoutTab(layout, shownTab).columns[0]?.note).slice(1, 40),
        );
        expect(shown.getRow(1).getCell(1).font?.name).toBe(HEADER_FONT.name);

        const gateway = new XlsxWorkbookGateway(workspace);
        const afterLibreOffice = await readOk(gateway, owner);
        expect(valuesOf(afterLibreOffice)).toEqual(valuesOf(original));
        const noted = afterLibreOffice.tabs[0]?.rows[0]?.cells[2];
        expect(noted?.note?.trim()).toBe('⛔ Valeur refusée : à corriger.');

        const parameters = layoutTab(layout, 'Paramètres');
        const written = await gateway.write(owner, {
          cells: [],
          tabs: [
            {
              tab: 'Paramètres',
              rows: [
                rowFor(parameters, {
                  Paramètre: 'Sollicitations minimales',
                  Valeur: 2,
                  Minimum: 2,
                  Maximum: 4,
                }),
              ],
            },
          ],
        });
        expect(written).toEqual({ ok: true, value: undefined });

        const workbook = new Workbook();
        await workbook.xlsx.readFile(path.join(workspace, fileName));
        for (const tab of layout.tabs) {
          const ws = workbook.getWorksheet(tab.name);
          if (!ws) throw new Error(`no sheet ${tab.name}`);
          expect({ tab: tab.name, view: ws.views[0] }).toMatchObject({
            tab: tab.name,
            view: { state: 'frozen', ySplit: 1 },
          });
          const protection = (ws as unknown as { sheetProtection?: { sheet?: boolean } })
            .sheetProtection;
          expect({ tab: tab.name, protected: protection?.sheet === true }).toEqual({
            tab: tab.name,
            protected: tab.role !== 'records',
          });
          tab.columns.forEach((column, index) => {
            const letter = columnLetterOfPosition(index + 1);
            const validation = validationAt(ws, `${letter}2`);
            const expected = columnDropdown(column) !== null;
            expect({
              tab: tab.name,
              column: column.label,
              dropdown: validation?.type === 'list',
            }).toEqual({
              tab: tab.name,
              column: column.label,
              dropdown: expected,
            });
            // LibreOffice adds a second formula "0" to list validations: the layout writes one.
            if (expected) expect(validation?.formulae).toHaveLength(1);
            // LibreOffice saves « unlocked » in a form exceljs reads as locked: re-applied here.
            const cell = ws.getCell(`${letter}2`);
            expect({
              tab: tab.name,
              column: column.label,
              locked: cell.protection?.locked !== false,
            }).toEqual({
              tab: tab.name,
              column: column.label,
              locked: column.protected,
            });
          });
        }
        expect(valuesOf(await readOk(gateway, owner))).toEqual({
          ...valuesOf(original),
          Paramètres: {
            header: parameters.columns.map((c) => c.label),
            rows: [['Sollicitations minimales', 2, 2, 4, null]],
          },
        });

        const out = path.join(work, 'csv-again');
        await convert(profile, path.join(workspace, fileName), CSV_FILTER, out);
        const files = await readdir(out);
        expect(files.sort()).toEqual(
          [...layout.tabs.map((t) => t.name), LISTS_TAB].map((n) => `${base}-${n}.csv`).sort(),
        );
      });
    },
  );
});
