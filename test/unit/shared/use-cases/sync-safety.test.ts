import { confirmArchiveRow, parameterRows } from '../../../../shared/domain/operator-parameters';
import { exceedsArchiveGuard } from '../../../../shared/domain/sync/archive-restore.phase';
import { checkWorkbookOwner, ownerNamedIn } from '../../../../shared/domain/workbook-identity';
import type { WorkbookSnapshot } from '../../../../shared/domain/workbook-snapshot';
import { syncWorkbook } from '../../../../shared/use-cases/sync-workbook';
import { TEST_NOW } from '../../../support/builders/operator-workbook';
import { headerOf, JOURNAL_HEADER, rowOf } from '../../../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../../../support/fakes/in-memory-workbook-gateway';

const TOWNS = ['Lille', 'Roubaix', 'Tourcoing', 'Villeneuve-d’Ascq', 'Wattrelos', 'Lomme'];

/** Structures of CBE-LM as typed: « Association n », a town of the métropole. */
function structureRows(count: number) {
  return Array.from({ length: count }, (_, i) =>
    rowOf('beneficiary', {
      name: `Association du quartier n° ${i + 1}`,
      legalForm: 'Association loi 1901',
      town: TOWNS[i % TOWNS.length] ?? 'Lille',
      postalCode: '59000',
    }),
  );
}

/** CBE-LM's workbook with `count` structures, a Journal and a « Paramètres » tab, synced once. */
async function syncedWorkbook(count: number) {
  const store = new InMemoryRecordStore();
  const gateway = new InMemoryWorkbookGateway();
  const ports = { store, gateway, clock: { now: () => TEST_NOW } };
  gateway.setTab('CBE-LM', 'Structures', headerOf('beneficiary'), structureRows(count));
  gateway.setTab('CBE-LM', 'Journal', JOURNAL_HEADER);
  gateway.setTab(
    'CBE-LM',
    'Paramètres',
    ['Paramètre', 'Valeur', 'Minimum', 'Maximum', 'Explication'],
    [...parameterRows(), confirmArchiveRow()],
  );
  const first = await syncWorkbook(ports, 'CBE-LM', 'test');
  if (!first.ok) throw new Error(first.error.message);
  expect(first.value.created).toBe(count);
  return { store, gateway, ports };
}

const activeCount = (store: InMemoryRecordStore) =>
  [...store.records.values()].filter((r) => !r.archived).length;

function removeRows(gateway: InMemoryWorkbookGateway, count: number): void {
  const grid = gateway.tab('CBE-LM', 'Structures');
  grid.splice(1, count);
}

function confirmCell(gateway: InMemoryWorkbookGateway) {
  const grid = gateway.tab('CBE-LM', 'Paramètres');
  const row = grid.findIndex((line) => line[0]?.value === "Confirmer l'archivage");
  return grid[row]?.[1];
}

describe('mass-archive guard (operator defaults: more than 20 % and at least 10 rows)', () => {
  it.each([
    [10, 100, false],
    [9, 20, false],
    [11, 50, true],
    [20, 100, false],
    [21, 100, true],
  ])('%i rows removed of %i: held=%s', (removed, active, held) => {
    expect(exceedsArchiveGuard(removed, active)).toBe(held);
  });

  it('archives nothing when 30 of 40 rows disappear: a warning, a Journal line and a note on « Confirmer l’archivage » say which and how to confirm', async () => {
    const { store, gateway, ports } = await syncedWorkbook(40);
    removeRows(gateway, 30);
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.archived).toBe(0);
    expect(activeCount(store)).toBe(40);
    const warning = report.ok ? report.value.warnings.join('\n') : '';
    expect(warning).toMatch(/30 ligne\(s\) retirée\(s\) sur 40 — rien n'a été archivé/);
    expect(warning).toContain('dla sync --confirmer-archivage');
    expect(confirmCell(gateway)?.note).toMatch(/^⛔ Onglet « Structures » : 30 ligne/);
    const journal = gateway.tab('CBE-LM', 'Journal').map((line) => line[1]?.value);
    expect(journal).toContain('Archivage suspendu');
  });

  it.each([
    ['the command flag', true, false],
    ['« Oui » in « Confirmer l’archivage »', false, true],
  ])('archives them once confirmed by %s, then puts « Non » back', async (_, flag, cell) => {
    const { store, gateway, ports } = await syncedWorkbook(40);
    removeRows(gateway, 30);
    await syncWorkbook(ports, 'CBE-LM', 'test');
    const confirm = confirmCell(gateway);
    if (cell && confirm) confirm.value = 'Oui';
    const report = await syncWorkbook(ports, 'CBE-LM', 'test', { confirmArchive: flag });
    expect(report.ok && report.value.archived).toBe(30);
    expect(activeCount(store)).toBe(10);
    expect(confirmCell(gateway)).toMatchObject({ value: 'Non' });
    expect(confirmCell(gateway)?.note).toBeUndefined();
  });

  it('archives a few removed rows at once without asking (below the guard)', async () => {
    const { store, gateway, ports } = await syncedWorkbook(40);
    removeRows(gateway, 5);
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.archived).toBe(5);
    expect(activeCount(store)).toBe(35);
  });
});

describe('an empty tab is never a reason to archive: it is rebuilt from the store', () => {
  it('writes every active record back, values and IDs, and archives nothing', async () => {
    const { store, gateway, ports } = await syncedWorkbook(25);
    const before = gateway.column('CBE-LM', 'Structures', 'Nom de la structure');
    expect(before).toHaveLength(25);
    removeRows(gateway, 25);
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value).toMatchObject({ archived: 0, created: 0 });
    expect(report.ok && report.value.warnings.join()).toContain(
      '25 enregistrement(s) réécrit(s) depuis la base',
    );
    expect(activeCount(store)).toBe(25);
    const after = gateway.column('CBE-LM', 'Structures', 'Nom de la structure');
    expect([...after].sort()).toEqual([...before].sort());
    const again = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(again.ok && again.value).toMatchObject({ created: 0, updated: 0, archived: 0 });
    expect(store.records.size).toBe(25);
  });
});

describe('whose workbook it is', () => {
  const snapshot = (mark: string | null, name: string, ids: string[] = []): WorkbookSnapshot => ({
    owner: 'CBE-LM',
    identity: { mark, name },
    tabs: [
      {
        name: 'Structures',
        header: headerOf('beneficiary'),
        rows: ids.map((id, i) => ({ rowNumber: i + 2, cells: [{ value: id }] })),
      },
    ],
  });

  it.each([
    ['marked CBE-LM', 'ok', false, snapshot('CBE-LM', 'dla-CBE-LM.xlsx')],
    ['marked EE-DK', 'WORKBOOK_OTHER_OWNER', false, snapshot('EE-DK', 'dla-CBE-LM.xlsx')],
    ['unmarked, named EE-DK', 'WORKBOOK_OTHER_OWNER', false, snapshot(null, 'dla-EE-DK.xlsx')],
    [
      'unmarked, holding EE-DK IDs',
      'WORKBOOK_OTHER_OWNER',
      false,
      snapshot(null, 'copie.xlsx', ['STR-EE-DK-0001', 'STR-EE-DK-0002']),
    ],
    ['unmarked, its own', 'ok', true, snapshot(null, 'dla-CBE-LM.xlsx', ['STR-CBE-LM-0001'])],
  ])('a workbook %s synced as CBE-LM: %s (adopted: %s)', (_, outcome, adopt, snap) => {
    const checked = checkWorkbookOwner('CBE-LM', snap);
    if (outcome === 'ok') expect(checked).toMatchObject({ ok: true, value: { adopt } });
    else expect(checked).toMatchObject({ ok: false, error: { code: outcome } });
  });

  it('names both owners in French', () => {
    const checked = checkWorkbookOwner('CBE-LM', snapshot('EE-DK', 'dla-EE-DK.xlsx'));
    expect(!checked.ok && checked.error.message).toBe(
      "Le classeur dla-EE-DK.xlsx appartient à EE-DK (marque du classeur), pas à CBE-LM : rien n'a été lu ni écrit. Synchronisez-le sous EE-DK, ou choisissez le classeur de CBE-LM.",
    );
  });

  it.each([
    ['dla-NA-DEN.xlsx', 'NA-DEN'],
    ['DLA EE-DK — 2026', 'EE-DK'],
    ['dla-C2RA.xlsx', 'C2RA'],
    ['mon classeur.xlsx', null],
  ])('%s names %s', (name, owner) => {
    expect(ownerNamedIn(name)).toBe(owner);
  });
});

describe('referential warnings', () => {
  it('a structure still referenced by a plan is archived, and the Journal and the plan’s « Contrôles » say so', async () => {
    const { store, gateway, ports } = await syncedWorkbook(12);
    const structureId = gateway.column('CBE-LM', 'Structures', 'ID')[0];
    gateway.setTab('CBE-LM', 'Accompagnements', headerOf('plan'), [
      rowOf('plan', { beneficiaryId: String(structureId), status: 'En cours' }),
    ]);
    const planned = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(planned.ok && planned.value.created).toBe(1);
    removeRows(gateway, 1);
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.archived).toBe(1);
    expect(store.records.get(String(structureId))?.archived).toBe(true);
    const journal = gateway.tab('CBE-LM', 'Journal').map((line) => String(line[6]?.value ?? ''));
    expect(journal.join('\n')).toMatch(/encore référencé par ACC-CBE-LM-0001/);
    expect(gateway.column('CBE-LM', 'Accompagnements', 'Contrôles')[0]).toMatch(
      new RegExp(`${String(structureId)} est archivé`),
    );
  });

  it('a copied structure row with the same SIRET is warned on both rows', async () => {
    const { gateway, ports } = await syncedWorkbook(2);
    const siret = '73282932000074';
    const grid = gateway.tab('CBE-LM', 'Structures');
    const siretColumn = (grid[0] ?? []).findIndex((c) => c.value === 'SIRET ou RNA');
    for (const line of grid.slice(1)) {
      const cell = line[siretColumn];
      if (cell) cell.value = siret;
    }
    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value.updated).toBe(2);
    const controls = gateway.column('CBE-LM', 'Structures', 'Contrôles');
    expect(controls[0]).toMatch(new RegExp(`SIRET/RNA ${siret} en double : aussi STR-CBE-LM-0002`));
    expect(controls[1]).toMatch(/en double : aussi STR-CBE-LM-0001/);
  });
});
