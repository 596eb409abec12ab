import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FILLS, buildWorkbook, isSolidFill } from '../../functions/adapters/xlsx-workbook-builder';
import {
  BACKUP_SUFFIX,
  XlsxWorkbookGateway,
  createWorkbookFile,
} from '../../functions/adapters/xlsx-workbook-gateway';
import type { CellValue } from '../../shared/domain/values/cell-value';
import {
  COLORS,
  OPERATOR_WORKBOOK_LAYOUT,
  workbookFileName,
} from '../../sheets/layouts/workbook-layout';
import { columnOf } from '../support/xlsx-sheet';
import {
  JOURNAL,
  STRUCTURES,
  cellAt,
  fileState,
  hasFill,
  isLocked,
  layoutTab,
  letterOf,
  listFormula,
  noteOf,
  openXlsx,
  operatorData,
  parisDay,
  readOk,
  rowFor,
  scratchFolder,
  sheet,
  snapshotTab,
  useXlsxWorkspaces,
  workspaceWith,
} from '../support/xlsx-workbook-fixture';

useXlsxWorkspaces();

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

  it('makes the backup without copying bytes, so a kill cannot leave it half written', async () => {
    const dir = await workspaceWith('CBE-LM', operatorData());
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const gateway = new XlsxWorkbookGateway(dir);
    const edit = (commune: string) =>
      gateway.write('CBE-LM', {
        cells: [{ tab: 'Structures', row: 3, column: 'Commune', columnIndex: 7, value: commune }],
        tabs: [],
      });
    expect((await edit('Tourcoing')).ok).toBe(true);
    const second = await readFile(file);
    const secondInode = (await stat(file)).ino;
    expect((await edit('Roubaix')).ok).toBe(true);
    // The old .bak is replaced by the previous version itself (same file, renamed), not a copy.
    expect((await stat(`${file}${BACKUP_SUFFIX}`)).ino).toBe(secondInode);
    expect(await readFile(`${file}${BACKUP_SUFFIX}`)).toEqual(second);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
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
    const gateway = new XlsxWorkbookGateway(await scratchFolder('empty-'));
    const read = await gateway.read('EE-DK');
    const write = await gateway.write('EE-DK', { cells: [], tabs: [{ tab: 'Journal', rows: [] }] });
    expect(read.ok ? null : read.error.code).toBe('WORKBOOK_NOT_FOUND');
    expect(write.ok ? null : write.error.code).toBe('WORKBOOK_NOT_FOUND');
    expect(read.ok ? '' : read.error.message).toContain('dla-EE-DK.xlsx');
  });

  it('reports a damaged file as WORKBOOK_UNREADABLE', async () => {
    const dir = await scratchFolder('damaged-');
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
