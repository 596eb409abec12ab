import { C2RA } from '../../../../shared/domain/operator';
import { ID_COLUMN } from '../../../../shared/domain/workbook-model';
import { restoreRecord } from '../../../../shared/use-cases/restore-record';
import { registerWorkbook, syncOrThrow } from '../../../support/builders/operator-workbook';
import { PROVIDER_ROWS } from '../../../support/builders/workbook-rows';

// `dla restore-record` over the ports: the register of three consultants synced, the row of
// PRE-0002 deleted by mistake and archived by the next sync, then brought back.

const WHO = 'dla restore-record (marie.lefebvre)';

async function registerWithArchivedProvider() {
  const built = registerWorkbook();
  await syncOrThrow(built.ports);
  // Row 3 holds PRE-0002: a person deletes it, the next sync archives the record.
  built.gateway.tab(C2RA, 'Registre').splice(2, 1);
  const archived = await syncOrThrow(built.ports);
  expect(archived.archived).toBe(1);
  return built;
}

describe('restoreRecord', () => {
  it('un-archives the record, audited @restored, and puts its row back at the end of its tab', async () => {
    const { ports, store, gateway } = await registerWithArchivedProvider();
    const restored = await restoreRecord(ports, 'pre-0002', WHO);
    expect(restored).toEqual({
      ok: true,
      value: { id: 'PRE-0002', owner: C2RA, tab: 'Registre', unarchived: true, row: 4 },
    });
    const [record] = await store.getRecords(C2RA, ['PRE-0002']);
    expect(record?.archived).toBe(false);
    expect((await store.listAudit(C2RA, 'PRE-0002')).at(-1)).toMatchObject({
      field: '@restored',
      oldValue: true,
      newValue: false,
      who: WHO,
      source: 'system',
    });
    expect(gateway.column(C2RA, 'Registre', ID_COLUMN)).toEqual([
      'PRE-0001',
      'PRE-0003',
      'PRE-0002',
    ]);
    expect(gateway.cell(C2RA, 'Registre', 4, 'Raison sociale').value).toBe(
      PROVIDER_ROWS[1]?.['legalName'],
    );
    // The next sync keeps it as it is.
    expect(await syncOrThrow(ports)).toMatchObject({ created: 0, updated: 0, archived: 0 });
    expect((await store.getRecords(C2RA, ['PRE-0002']))[0]?.archived).toBe(false);
  });

  it('is safe to run again: an active record whose row is there changes nothing', async () => {
    const { ports, gateway } = await registerWithArchivedProvider();
    await restoreRecord(ports, 'PRE-0002', WHO);
    const writes = gateway.writes;
    expect(await restoreRecord(ports, 'PRE-0002', WHO)).toEqual({
      ok: true,
      value: { id: 'PRE-0002', owner: C2RA, tab: 'Registre', unarchived: false, row: null },
    });
    expect(gateway.writes).toBe(writes);
  });

  it('writes the row again when the store restored it but the workbook could not be written', async () => {
    const { ports, store, gateway } = await registerWithArchivedProvider();
    gateway.failWrites = 1;
    const first = await restoreRecord(ports, 'PRE-0002', WHO);
    expect(first.ok).toBe(false);
    if (!first.ok) {
      expect(first.error.code).toBe('WORKBOOK_UNWRITABLE');
      expect(first.error.message).toMatch(
        /^PRE-0002 est restauré dans la base, mais sa ligne n'a pas pu être écrite .*Relancez « dla restore-record PRE-0002 »/,
      );
    }
    expect((await store.getRecords(C2RA, ['PRE-0002']))[0]?.archived).toBe(false);
    expect(await restoreRecord(ports, 'PRE-0002', WHO)).toMatchObject({
      ok: true,
      value: { unarchived: false, row: 4 },
    });
  });

  it.each([
    [
      'an ID that is not one',
      'PRE-ABC',
      () => undefined,
      'ID_INVALID',
      /^Identifiant « PRE-ABC » illisible/,
    ],
    [
      'an ID the store does not know',
      'PRE-0099',
      () => undefined,
      'RECORD_UNKNOWN',
      /^PRE-0099 n'existe pas dans la base/,
    ],
    [
      'a workbook without its tab',
      'PRE-0002',
      (built: ReturnType<typeof registerWorkbook>) => {
        built.gateway.workbooks.get(C2RA)?.delete('Registre');
      },
      'WORKBOOK_UNREADABLE',
      /^L'onglet « Registre » est absent du classeur C2RA/,
    ],
    [
      'a tab without its ID column',
      'PRE-0002',
      (built: ReturnType<typeof registerWorkbook>) => {
        built.gateway.deleteColumn(C2RA, 'Registre', ID_COLUMN);
      },
      'WORKBOOK_UNREADABLE',
      /^L'onglet « Registre » n'a pas de colonne « ID »/,
    ],
    [
      'a sync that keeps changing the record',
      'PRE-0002',
      (built: ReturnType<typeof registerWorkbook>) => {
        jest
          .spyOn(built.store, 'apply')
          .mockResolvedValue({ status: 'conflict', recordId: 'PRE-0002' });
      },
      'SYNC_CONFLICT',
      /^PRE-0002 est modifié en ce moment par une synchronisation/,
    ],
  ])('refuses %s, in French, and changes nothing', async (_case, id, breakIt, code, message) => {
    const built = await registerWithArchivedProvider();
    const before = await built.store.exportAll();
    breakIt(built);
    const writes = built.gateway.writes;
    const result = await restoreRecord(built.ports, id, WHO);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
    }
    jest.restoreAllMocks();
    expect(await built.store.exportAll()).toStrictEqual(before);
    expect(built.gateway.writes).toBe(writes);
  });
});
