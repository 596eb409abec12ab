import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workbookFileName } from '../../../sheets/layouts/workbook-layout';
import { isOpenInSpreadsheet, lockFilesOf, WorkspaceWatcher } from '../../../scripts/workspace-watcher';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import { ok } from '../../../shared/domain/result';
import type { SyncReport } from '../../../shared/domain/sync/plan-sync';
import { runDla } from '../../support/dla-cli';
import { columnOf, editSheet, openSheet } from '../../support/xlsx-sheet';

describe('the local workspace a new user gets (dla init --demo, edit in a spreadsheet, dla sync)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-ws-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates seven workbooks with demo data, then shows IDs, refusals and computed columns after a sync', async () => {
    const init = await runDla('init', '--dir', dir, '--demo');
    expect(init.stdout).toContain('7 classeur(s) créé(s)');
    expect(init.stdout).toMatch(/Données de démonstration chargées : \d+ enregistrement\(s\), 0 cellule\(s\) refusée\(s\)/);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    expect(files.sort()).toEqual(['dla-C2RA.xlsx', 'dla-CBE-LM.xlsx', 'dla-EE-DK.xlsx', 'dla-I62-CAL.xlsx', 'dla-I62-LEN.xlsx', 'dla-NA-DEN.xlsx', 'dla-NA-LIL.xlsx']);

    // A person adds a provider, breaks a SIRET and edits a computed column, then saves.
    const file = path.join(dir, workbookFileName('C2RA'));
    let newRow = 0;
    await editSheet(file, 'Registre', (sheet) => {
      newRow = sheet.actualRowCount + 1;
      sheet.getRow(newRow).getCell(columnOf(sheet, 'Raison sociale')).value = 'Atelier Coopératif du Ternois';
      sheet.getRow(newRow).getCell(columnOf(sheet, 'Code postal')).value = 62130;
      sheet.getRow(newRow).getCell(columnOf(sheet, 'Commune')).value = 'Saint-Pol-sur-Ternoise';
      sheet.getRow(2).getCell(columnOf(sheet, 'SIRET')).value = '123 456 789 00000';
      sheet.getRow(3).getCell(columnOf(sheet, 'Fiche complète')).value = 'peut-être';
    });

    const sync = await runDla('sync', '--dir', dir, '--operator', 'C2RA', '--json');
    const report = JSON.parse(sync.stdout) as SyncReport;
    expect(report).toMatchObject({ operator: 'C2RA', created: 1, archived: 0 });
    expect(report.rejected).toEqual([expect.objectContaining({ tab: 'Registre', row: 2, column: 'SIRET', code: 'SIRET_INVALID' })]);

    const { sheet } = await openSheet(file, 'Registre');
    expect(String(sheet.getRow(newRow).getCell(columnOf(sheet, 'ID')).value)).toMatch(/^PRE-\d{4}$/);
    expect(sheet.getRow(newRow).getCell(columnOf(sheet, 'Fiche complète')).value).toBe('Non');
    const siret = sheet.getRow(2).getCell(columnOf(sheet, 'SIRET'));
    expect(JSON.stringify(siret.note)).toContain('SIRET');
    expect(sheet.getRow(3).getCell(columnOf(sheet, 'Fiche complète')).value).not.toBe('peut-être');
    expect(fs.existsSync(`${file}.bak`)).toBe(true);

    // Nothing changed since: a second sync writes nothing.
    const again = JSON.parse((await runDla('sync', '--dir', dir, '--operator', 'C2RA', '--json')).stdout) as SyncReport;
    expect(again).toMatchObject({ created: 0, updated: 0, archived: 0 });
  }, 180_000);

  it('puts back, with its values, a column a person deleted (the layout re-adds it empty at the next write)', async () => {
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const sectors = async () => {
      const { sheet } = await openSheet(file, 'Missions');
      const col = columnOf(sheet, 'Secteur');
      const values: unknown[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) values.push(row.getCell(col).value ?? null);
      });
      return values;
    };
    const sync = async () =>
      JSON.parse((await runDla('sync', '--dir', dir, '--operator', 'CBE-LM', '--json')).stdout) as SyncReport;
    await sync();
    const before = await sectors();
    expect(before.filter((v) => v !== null).length).toBeGreaterThan(5);
    // The person deletes « Secteur » and, in the same save, edits a title (so the sync writes back).
    await editSheet(file, 'Missions', (sheet) => {
      sheet.getRow(2).getCell(columnOf(sheet, 'Intitulé')).value = 'Diagnostic de la fonction employeur';
      sheet.spliceColumns(columnOf(sheet, 'Secteur'), 1);
    });
    expect((await sync()).warnings).toEqual([
      'Onglet « Missions » : colonnes absentes « Secteur » (valeurs enregistrées conservées).',
    ]);
    expect(await sync()).toMatchObject({ updated: 0, warnings: [] });
    expect(await sectors()).toEqual(before);
  }, 120_000);

  it('syncs a saved workbook once it is stable and closed, never while a lock file says it is open', async () => {
    const synced: WorkbookOwner[] = [];
    const said: string[] = [];
    const report: SyncReport = { operator: 'CBE-LM', created: 0, updated: 1, unchanged: 0, archived: 0, restored: 0, stale: 0, rejected: [], warnings: [] };
    const watcher = new WorkspaceWatcher(dir, ['CBE-LM'], async (owner) => {
      synced.push(owner);
      return ok(report);
    }, (m) => said.push(m));
    const file = path.join(dir, workbookFileName('CBE-LM'));
    const [excelLock, libreLock] = lockFilesOf(file);
    expect(path.basename(excelLock ?? '')).toBe('~$dla-CBE-LM.xlsx');
    expect(path.basename(libreLock ?? '')).toBe('.~lock.dla-CBE-LM.xlsx#');
    fs.writeFileSync(libreLock ?? '', 'Marie,Lefebvre;');
    expect(isOpenInSpreadsheet(file)).toBe(true);
    await watcher.tick();
    await watcher.tick();
    await watcher.tick();
    expect(synced).toEqual([]);
    expect(said.join('\n')).toContain('est ouvert dans un tableur');
    fs.rmSync(libreLock ?? '');
    await watcher.tick();
    expect(synced).toEqual(['CBE-LM']);
    await watcher.tick();
    expect(synced).toEqual(['CBE-LM']);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await watcher.tick();
    expect(synced).toEqual(['CBE-LM']);
    await watcher.tick();
    expect(synced).toEqual(['CBE-LM', 'CBE-LM']);
  });
});
