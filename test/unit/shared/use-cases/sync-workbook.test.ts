import { ERROR_MARK, INFO_MARK } from '../../../../shared/domain/sync/plan-sync';
import { C2RA } from '../../../../shared/domain/operator';
import { applySheetEdit } from '../../../../shared/use-cases/apply-sheet-edit';
import { syncWorkbook } from '../../../../shared/use-cases/sync-workbook';
import type { SheetEditEvent } from '../../../../shared/use-cases/sheet-edit-event';
import {
  operatorWorkbook,
  registerWorkbook,
  syncOrThrow,
  TEST_NOW,
} from '../../../support/builders/operator-workbook';
import { headerOf, rowOf } from '../../../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';

const NOW = TEST_NOW;
const clock = { now: () => NOW };
const setup = () => registerWorkbook();
const sync = syncOrThrow;
const operatorSetup = () => operatorWorkbook();

describe('full reconcile of a workbook', () => {
  it('creates records for rows without ID and writes the IDs and computed columns back', async () => {
    const { store, gateway, ports } = setup();
    const report = await sync(ports);
    expect(report).toMatchObject({
      operator: 'C2RA',
      created: 3,
      updated: 0,
      archived: 0,
      rejected: [],
    });
    expect(gateway.column(C2RA, 'Registre', 'ID')).toEqual(['PRE-0001', 'PRE-0002', 'PRE-0003']);
    expect(gateway.column(C2RA, 'Registre', 'Fiche complète')).toEqual(['Oui', 'Oui', 'Non']);
    expect(gateway.column(C2RA, 'Registre', 'Éléments manquants')[2]).toBe('SIRET, Adresse');
    const stored = store.records.get('PRE-0001');
    expect(stored?.data).toMatchObject({
      siret: '73282932000074',
      postalCode: '59000',
      competences: ['Modèle économique', 'Gestion financière'],
      referencedOn: '2024-01-15',
    });
    expect(
      store.audit.filter((a) => a.recordId === 'PRE-0001' && a.field === '@created'),
    ).toHaveLength(1);
  });

  it('writes nothing at all on a second reconcile with nothing changed', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    const [applyCalls, writes] = [store.applyCalls, gateway.writes];
    const report = await sync(ports);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 3, archived: 0 });
    expect(store.applyCalls).toBe(applyCalls);
    expect(gateway.writes).toBe(writes);
  });

  it('identifies rows by ID, not position: sorting the sheet changes nothing in the store', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    const grid = gateway.tab(C2RA, 'Registre');
    grid.splice(1, grid.length - 1, ...grid.slice(1).reverse());
    const applyCalls = store.applyCalls;
    const report = await sync(ports);
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(store.applyCalls).toBe(applyCalls);
    expect(gateway.column(C2RA, 'Registre', 'ID')).toEqual(['PRE-0003', 'PRE-0002', 'PRE-0001']);
  });

  it('refuses an invalid SIRET typed over a valid one: store unchanged, red note, raw value quarantined, other fields still saved', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    gateway.type(C2RA, 'Registre', 2, 'SIRET', '73282932000075');
    gateway.type(C2RA, 'Registre', 2, 'Commune', 'Villeneuve-d’Ascq');
    const report = await sync(ports);
    expect(report.rejected).toEqual([
      expect.objectContaining({
        tab: 'Registre',
        row: 2,
        column: 'SIRET',
        id: 'PRE-0001',
        code: 'SIRET_INVALID',
      }),
    ]);
    const record = store.records.get('PRE-0001');
    expect(record?.data['siret']).toBe('73282932000074');
    expect(record?.data['town']).toBe('Villeneuve-d’Ascq');
    const cell = gateway.cell(C2RA, 'Registre', 2, 'SIRET');
    expect(cell.note?.startsWith(ERROR_MARK)).toBe(true);
    expect(cell.style).toBe('error');
    const quarantined = await store.listQuarantine(C2RA);
    expect(quarantined).toEqual([
      expect.objectContaining({
        recordId: 'PRE-0001',
        column: 'SIRET',
        raw: '73282932000075',
        code: 'SIRET_INVALID',
        who: 'test',
      }),
    ]);
    // Nothing new on the next reconcile while the bad value stays; fixing it clears the note.
    const applyCalls = store.applyCalls;
    await sync(ports);
    expect(store.applyCalls).toBe(applyCalls);
    gateway.type(C2RA, 'Registre', 2, 'SIRET', '73282932000074');
    await sync(ports);
    expect(gateway.cell(C2RA, 'Registre', 2, 'SIRET').note).toBeUndefined();
    expect(gateway.cell(C2RA, 'Registre', 2, 'SIRET').style).toBe('normal');
    expect(store.records.get('PRE-0001')?.rejected).toEqual({});
  });

  it('gives a row copied with its ID a new ID and a note; the original keeps its ID', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    const grid = gateway.tab(C2RA, 'Registre');
    const copy = structuredClone(grid[1] ?? []);
    grid.push(copy);
    gateway.type(C2RA, 'Registre', 5, 'Raison sociale', 'Cabinet Ambroise Conseil — Arras');
    const report = await sync(ports);
    expect(report.created).toBe(1);
    expect(gateway.column(C2RA, 'Registre', 'ID')).toEqual([
      'PRE-0001',
      'PRE-0002',
      'PRE-0003',
      'PRE-0004',
    ]);
    expect(gateway.cell(C2RA, 'Registre', 5, 'ID').note).toBe(
      `${INFO_MARK}Ligne copiée de PRE-0001 : nouvel identifiant attribué.`,
    );
    expect(store.records.get('PRE-0001')?.data['legalName']).toBe('Cabinet Ambroise Conseil');
    expect(store.records.get('PRE-0004')?.data['legalName']).toBe(
      'Cabinet Ambroise Conseil — Arras',
    );
  });

  it('archives the record of a removed row (never deletes it) and restores it when the row comes back', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    const grid = gateway.tab(C2RA, 'Registre');
    const [removed] = grid.splice(2, 1);
    const report = await sync(ports);
    expect(report.archived).toBe(1);
    expect(store.records.get('PRE-0002')).toMatchObject({
      archived: true,
      data: expect.objectContaining({ legalName: 'Opale Stratégies' }),
    });
    expect(
      gateway
        .column(C2RA, 'Journal', 'Message')
        .some((m) => String(m).includes('PRE-0002 est archivé')),
    ).toBe(true);
    grid.push(removed ?? []);
    const back = await sync(ports);
    expect(back.restored).toBe(1);
    expect(store.records.get('PRE-0002')?.archived).toBe(false);
    expect((await store.listAudit(C2RA, 'PRE-0002')).map((a) => a.field)).toEqual(
      expect.arrayContaining(['@created', '@archived', '@restored']),
    );
  });

  it.each([
    ['an unknown ID', 'PRE-0099', 'ID_UNKNOWN'],
    ['an ID of another kind', 'MIS-CBE-LM-0001', 'ID_WRONG_KIND'],
    ['an unreadable ID', 'prestataire 12', 'ID_INVALID'],
  ])('refuses a row with %s and stores nothing for it', async (_label, id, code) => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    gateway
      .tab(C2RA, 'Registre')
      .push(
        rowOf(
          'provider',
          { legalName: 'Conseil Fantôme', postalCode: '59800', town: 'Lille' },
          id,
        ).map((value) => ({ value })),
      );
    const before = store.records.size;
    const report = await sync(ports);
    expect(report.rejected).toEqual([expect.objectContaining({ row: 5, column: 'ID', code })]);
    expect(store.records.size).toBe(before);
    expect(gateway.cell(C2RA, 'Registre', 5, 'ID').note?.startsWith(ERROR_MARK)).toBe(true);
    expect(
      (await store.listQuarantine(C2RA)).some(
        (q) => q.code === code && q.raw.includes('Conseil Fantôme'),
      ),
    ).toBe(true);
  });

  it('reverts an edit to a computed column with a note', async () => {
    const { gateway, ports } = setup();
    await sync(ports);
    gateway.type(C2RA, 'Registre', 4, 'Fiche complète', 'Oui');
    await sync(ports);
    const cell = gateway.cell(C2RA, 'Registre', 4, 'Fiche complète');
    expect(cell.value).toBe('Non');
    expect(cell.note).toContain('Colonne calculée par le système');
  });

  it('keeps a row without its required cells out of the store until it is complete', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    gateway
      .tab(C2RA, 'Registre')
      .push(rowOf('provider', { town: 'Arras', postalCode: '62000' }).map((value) => ({ value })));
    const report = await sync(ports);
    expect(report.created).toBe(0);
    expect(report.rejected).toEqual([
      expect.objectContaining({
        row: 5,
        column: 'Raison sociale',
        code: 'REQUIRED',
        message: 'Ligne non enregistrée : la colonne « Raison sociale » est obligatoire.',
      }),
    ]);
    gateway.type(C2RA, 'Registre', 5, 'Raison sociale', 'Atelier Artois Conseil');
    const done = await sync(ports);
    expect(done.created).toBe(1);
    expect(store.records.get('PRE-0004')?.data['town']).toBe('Arras');
    expect(gateway.cell(C2RA, 'Registre', 5, 'Raison sociale').note).toBeUndefined();
  });

  it('adopts a row identical to a stored record whose ID never reached the sheet, instead of duplicating it', async () => {
    const { store, gateway, ports } = setup();
    await sync(ports);
    gateway.type(C2RA, 'Registre', 3, 'ID', null);
    const report = await sync(ports);
    expect(report.created).toBe(0);
    expect(store.records.size).toBe(3);
    expect(gateway.column(C2RA, 'Registre', 'ID')).toEqual(['PRE-0001', 'PRE-0002', 'PRE-0003']);
  });

  it('refuses, on the field that broke it, a balance paid without final report nor restitution', async () => {
    const { store, gateway, ports } = await operatorSetup();
    expect(gateway.column('CBE-LM', 'Missions', 'ID')).toEqual(['MIS-CBE-LM-0001']);
    gateway.type('CBE-LM', 'Missions', 2, 'Solde versé le', '30/05/2025');
    gateway.type('CBE-LM', 'Missions', 2, 'Jours estimés', '8');
    const report = await sync(ports, 'CBE-LM');
    expect(report.rejected.map((r) => r.code)).toEqual(
      expect.arrayContaining(['BALANCE_WITHOUT_FINAL_REPORT']),
    );
    expect(report.rejected.every((r) => r.column === 'Solde versé le')).toBe(true);
    const mission = store.records.get('MIS-CBE-LM-0001');
    expect(mission?.data['balancePaidOn']).toBeNull();
    expect(mission?.data['estimatedDays']).toBe(8);
    expect(gateway.cell('CBE-LM', 'Missions', 2, 'Solde versé le').style).toBe('error');
  });

  it('refuses a reference to a record that does not exist or belongs to another operator', async () => {
    const { store, gateway, ports } = await operatorSetup();
    gateway.tab('CBE-LM', 'Missions').push(
      rowOf('mission', { planId: 'ACC-EE-DK-0001', title: 'Structuration de la fonction RH' }).map(
        (value) => ({ value }),
      ),
      rowOf('mission', { planId: 'ACC-CBE-LM-0042', title: 'Stratégie de communication' }).map(
        (value) => ({ value }),
      ),
    );
    const report = await sync(ports, 'CBE-LM');
    expect(report.rejected.map((r) => [r.row, r.column, r.code])).toEqual([
      [3, 'Accompagnement (ID)', 'REFERENCE_OTHER_OPERATOR'],
      [4, 'Accompagnement (ID)', 'REFERENCE_UNKNOWN'],
    ]);
    expect(report.created).toBe(0);
    const planIds = [...store.records.values()]
      .filter((r) => r.kind === 'mission')
      .map((r) => r.data['planId']);
    expect(planIds).toEqual(['ACC-CBE-LM-0001']);
    expect((await store.listQuarantine('CBE-LM')).map((q) => q.raw).sort()).toEqual([
      'ACC-CBE-LM-0042',
      'ACC-EE-DK-0001',
    ]);
  });

  it('shows the mission status derived from its dates', async () => {
    const { gateway } = await operatorSetup();
    expect(gateway.column('CBE-LM', 'Missions', 'Statut')).toEqual(['Propositions en analyse']);
  });
});

describe('a column deleted by a person, or added by a new layout, then put back empty', () => {
  const TOWNS = ['Lille', 'Dunkerque', 'Lens'];
  const towns = (store: InMemoryRecordStore) =>
    [...store.records.values()].map((r) => r.data['town']);

  /** The register synced, « Commune » deleted by a person and synced; the column not back yet. */
  async function communeDeleted() {
    const s = setup();
    await sync(s.ports);
    s.gateway.deleteColumn(C2RA, 'Registre', 'Commune');
    const deleted = await sync(s.ports);
    return { ...s, deleted };
  }

  it('writes the stored values into the column put back instead of reading its empty cells', async () => {
    const { store, gateway, ports, deleted } = await communeDeleted();
    expect(deleted.warnings).toEqual([
      'Onglet « Registre » : colonnes absentes « Commune » (valeurs enregistrées conservées).',
    ]);
    // The layout, re-applied by the next write to the workbook, appends the column empty.
    gateway.appendColumn(C2RA, 'Registre', 'Commune');
    const putBack = await sync(ports);
    expect(putBack).toMatchObject({ updated: 0, warnings: [] });
    expect(gateway.column(C2RA, 'Registre', 'Commune')).toEqual(TOWNS);
    expect(towns(store)).toEqual(TOWNS);
    expect(gateway.column(C2RA, 'Journal', 'Type')).toContain('Colonne');
    expect(await sync(ports)).toMatchObject({ updated: 0, warnings: [] });
  });

  it('reads a column put back with values typed in it as the person’s', async () => {
    const { store, gateway, ports } = await communeDeleted();
    gateway.appendColumn(C2RA, 'Registre', 'Commune');
    gateway.type(C2RA, 'Registre', 2, 'Commune', 'Roubaix');
    expect(await sync(ports)).toMatchObject({ updated: 3 });
    expect(towns(store)).toEqual(['Roubaix', null, null]);
  });

  it('keeps the column new until the sheet holds the stored values (a failed write changes nothing)', async () => {
    const { store, gateway, ports } = await communeDeleted();
    gateway.appendColumn(C2RA, 'Registre', 'Commune');
    gateway.failWrites = 1;
    expect((await syncWorkbook(ports, C2RA, 'test')).ok).toBe(false);
    await sync(ports);
    expect(gateway.column(C2RA, 'Registre', 'Commune')).toEqual(TOWNS);
    expect(towns(store)).toEqual(TOWNS);
  });
});

describe('single edit events (sheetEdit)', () => {
  function editEvent(overrides: Partial<SheetEditEvent>): SheetEditEvent {
    return {
      eventId: 'evt-00000001',
      spreadsheetId: 'local-C2RA',
      tab: 'Registre',
      editedColumns: [1],
      header: headerOf('provider'),
      rows: [],
      otherRowIds: [],
      user: 'claire.martin@c2ra-npdc.fr',
      timestamp: '2025-06-02T07:59:00.000Z',
      ...overrides,
    };
  }

  it('creates a record from a new row and answers the ID to write back; a replayed event changes nothing', async () => {
    const store = new InMemoryRecordStore();
    const ports = { store, clock };
    const event = editEvent({
      rows: [
        {
          rowNumber: 2,
          values: rowOf('provider', {
            legalName: 'Hauts Conseils',
            postalCode: '62000',
            town: 'Arras',
          }),
        },
      ],
    });
    const first = await applySheetEdit(ports, C2RA, event);
    expect(first.ok && first.value.cells).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: 'ID', value: 'PRE-0001' }),
      ]),
    );
    const writes = store.writes;
    const replay = await applySheetEdit(ports, C2RA, event);
    expect(replay.ok && replay.value.duplicate).toBe(true);
    expect(store.writes).toBe(writes);
    expect(store.records.size).toBe(1);
  });

  it('never lets an older event overwrite a newer value of the same field', async () => {
    const store = new InMemoryRecordStore();
    const ports = { store, clock };
    await applySheetEdit(
      ports,
      C2RA,
      editEvent({
        rows: [
          {
            rowNumber: 2,
            values: rowOf('provider', { legalName: 'Hauts Conseils', town: 'Arras' }),
          },
        ],
      }),
    );
    const townColumn = headerOf('provider').indexOf('Commune');
    const newer = editEvent({
      eventId: 'evt-00000003',
      editedColumns: [townColumn],
      timestamp: '2025-06-02T07:59:30.000Z',
      rows: [
        {
          rowNumber: 2,
          values: rowOf('provider', { legalName: 'Hauts Conseils', town: 'Béthune' }, 'PRE-0001'),
        },
      ],
    });
    const older = editEvent({
      eventId: 'evt-00000002',
      editedColumns: [townColumn],
      timestamp: '2025-06-02T07:59:10.000Z',
      rows: [
        {
          rowNumber: 2,
          values: rowOf('provider', { legalName: 'Hauts Conseils', town: 'Lens' }, 'PRE-0001'),
        },
      ],
    });
    await applySheetEdit(ports, C2RA, newer);
    const late = await applySheetEdit(ports, C2RA, older);
    expect(late.ok && late.value.report?.stale).toBe(1);
    expect(store.records.get('PRE-0001')?.data['town']).toBe('Béthune');
  });

  describe('a new row whose first answer (its ID) was lost, edited again', () => {
    const header = headerOf('provider');
    const name = header.indexOf('Raison sociale');
    const town = header.indexOf('Commune');
    /** The first edit of row 5 created PRE-0001 (« Hauts Conseils », Lens), but its ID never reached the row. */
    async function lostAnswer() {
      const store = new InMemoryRecordStore();
      const ports = { store, clock };
      await applySheetEdit(
        ports,
        C2RA,
        editEvent({
          eventId: 'evt-lost-0001',
          editedColumns: [town],
          rows: [
            {
              rowNumber: 5,
              values: rowOf('provider', { legalName: 'Hauts Conseils', town: 'Lens' }),
            },
          ],
        }),
      );
      return { store, ports };
    }

    it.each([
      [
        'the same row, another column edited',
        5,
        { legalName: 'Hauts Conseils', town: 'Liévin' },
        [town],
        [],
        ['PRE-0001'],
        'Liévin',
      ],
      [
        'another row repeating it, another column edited',
        9,
        { legalName: 'Hauts Conseils', town: 'Liévin' },
        [town],
        [],
        ['PRE-0001'],
        'Liévin',
      ],
      [
        'a row with another name',
        5,
        { legalName: 'Opale Conseil', town: 'Lens' },
        [town],
        [],
        ['PRE-0001', 'PRE-0002'],
        'Lens',
      ],
      [
        'the required column (the name) edited',
        5,
        { legalName: 'Hauts Conseils SARL', town: 'Lens' },
        [name],
        [],
        ['PRE-0001', 'PRE-0002'],
        'Lens',
      ],
      [
        'the record held by another row of the tab',
        5,
        { legalName: 'Hauts Conseils', town: 'Liévin' },
        [town],
        [{ row: 2, id: 'PRE-0001' }],
        ['PRE-0001', 'PRE-0002'],
        'Lens',
      ],
    ] as const)(
      'with %s: records %j',
      async (_case, rowNumber, values, editedColumns, otherRowIds, ids, firstTown) => {
        const { store, ports } = await lostAnswer();
        const answer = await applySheetEdit(
          ports,
          C2RA,
          editEvent({
            eventId: 'evt-lost-0002',
            editedColumns: [...editedColumns],
            otherRowIds: [...otherRowIds],
            rows: [{ rowNumber, values: rowOf('provider', values) }],
          }),
        );
        expect(answer.ok).toBe(true);
        expect([...store.records.keys()]).toEqual(ids);
        expect(store.records.get('PRE-0001')?.data['town']).toBe(firstTown);
        const idCell = answer.ok ? answer.value.cells.find((c) => c.column === 'ID') : undefined;
        expect(idCell?.value).toBe(ids[ids.length - 1]);
      },
    );
  });

  it('treats a pasted row carrying an ID that another row holds as a copy', async () => {
    const store = new InMemoryRecordStore();
    const ports = { store, clock };
    await applySheetEdit(
      ports,
      C2RA,
      editEvent({
        rows: [
          {
            rowNumber: 2,
            values: rowOf('provider', { legalName: 'Hauts Conseils', town: 'Arras' }),
          },
        ],
      }),
    );
    const paste = editEvent({
      eventId: 'evt-00000009',
      editedColumns: headerOf('provider').map((_, i) => i),
      rows: [
        {
          rowNumber: 3,
          values: rowOf('provider', { legalName: 'Hauts Conseils', town: 'Arras' }, 'PRE-0001'),
        },
      ],
      otherRowIds: [{ row: 2, id: 'PRE-0001' }],
    });
    const result = await applySheetEdit(ports, C2RA, paste);
    expect(result.ok && result.value.cells).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: 'ID', value: 'PRE-0002' }),
      ]),
    );
    expect(store.records.size).toBe(2);
  });

  it('refuses an edit of the register from an operator spreadsheet', async () => {
    const store = new InMemoryRecordStore();
    const result = await applySheetEdit(
      { store, clock },
      'CBE-LM',
      editEvent({ rows: [{ rowNumber: 2, values: rowOf('provider', { legalName: 'Intrus' }) }] }),
    );
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'TAB_NOT_OWNED' }),
    });
    expect(store.records.size).toBe(0);
  });
});
