import { INFO_MARK } from '../../../../shared/domain/sync/plan-sync';
import { applySheetEdit } from '../../../../shared/use-cases/apply-sheet-edit';
import {
  operatorWorkbook,
  syncOrThrow,
  TEST_NOW,
} from '../../../support/builders/operator-workbook';
import { headerOf, rowOf } from '../../../support/builders/workbook-rows';

const OWNER = 'CBE-LM';
const TAB = 'Sollicitations';
const MISSION = 'MIS-CBE-LM-0001';

/** A proposal received before the deadline (28/02/2025), scored by both evaluators. */
function proposal(providerId: string, price: string, extra: Record<string, string> = {}) {
  return rowOf('solicitation', {
    missionId: MISSION,
    providerId,
    solicitedOn: '03/02/2025',
    answer: 'Proposition reçue',
    answeredOn: '20/02/2025',
    priceCents: price,
    proposedDays: '8',
    understandingByOfficer: '4',
    understandingByBeneficiary: '4',
    resultsByOfficer: '3',
    resultsByBeneficiary: '4',
    methodologyByOfficer: '4',
    methodologyByBeneficiary: '5',
    profileByOfficer: '4',
    profileByBeneficiary: '4',
    durationByOfficer: '3',
    durationByBeneficiary: '3',
    ...extra,
  });
}

/**
 * The mission of {@link operatorWorkbook} with three proposals (rows 2–4: PRE-0001, PRE-0002,
 * PRE-0003) and a fourth consultant who declined (row 5: PRE-0004), all synced.
 */
async function callWithFourSolicitations() {
  const s = await operatorWorkbook();
  s.gateway.appendRows('C2RA', 'Registre', [
    rowOf('provider', {
      legalName: 'Atelier Flandre Associations',
      siret: '552 100 554 00025',
      legalForm: 'SAS',
      street: '5 place du Général de Gaulle',
      postalCode: '59800',
      town: 'Lille',
      contactName: 'Paul Deschamps',
      email: 'paul.deschamps@atelier-flandre.fr',
      phone: '03 20 55 66 77',
      competences: 'Modèle économique',
      sectors: 'Culture',
      areas: 'Métropole lilloise',
      consultants: 'Paul Deschamps',
      referencedOn: '01/09/2024',
    }),
  ]);
  await syncOrThrow(s.ports);
  s.gateway.setTab(OWNER, TAB, headerOf('solicitation'), [
    proposal('PRE-0001', '5 400,00 €'),
    proposal('PRE-0002', '4 800,00 €', { reasonRequested: 'Oui' }),
    proposal('PRE-0003', '6 000,00 €'),
    rowOf('solicitation', {
      missionId: MISSION,
      providerId: 'PRE-0004',
      solicitedOn: '03/02/2025',
      answer: 'Décliné',
      answeredOn: '05/02/2025',
    }),
  ]);
  const report = await syncOrThrow(s.ports, OWNER);
  expect(report.rejected).toEqual([]);
  return s;
}

describe('award: marking one proposal « Retenu » decides the others', () => {
  it('writes « Non retenu » with an explaining note on the other proposals, stores and audits it; the declined one is left alone', async () => {
    const { store, gateway, ports } = await callWithFourSolicitations();
    gateway.type(OWNER, TAB, 2, 'Décision', 'Retenu');
    await syncOrThrow(ports, OWNER);

    expect(gateway.column(OWNER, TAB, 'Décision')).toEqual([
      'Retenu',
      'Non retenu',
      'Non retenu',
      null,
    ]);
    const note = `${INFO_MARK}Décision posée par le système : la proposition de PRE-0001 a été retenue pour ${MISSION}. Vous pouvez la modifier.`;
    expect([3, 4, 5].map((row) => gateway.cell(OWNER, TAB, row, 'Décision').note)).toEqual([
      note,
      note,
      undefined,
    ]);
    expect(
      ['SOL-CBE-LM-0001', 'SOL-CBE-LM-0002', 'SOL-CBE-LM-0003', 'SOL-CBE-LM-0004'].map(
        (id) => store.records.get(id)?.data['decision'],
      ),
    ).toEqual(['Retenu', 'Non retenu', 'Non retenu', null]);
    const audit = await store.listAudit(OWNER, 'SOL-CBE-LM-0002');
    expect(audit.filter((a) => a.field === 'decision')).toEqual([
      expect.objectContaining({ oldValue: null, newValue: 'Non retenu', source: 'reconcile' }),
    ]);
    const journal = gateway.tab(OWNER, 'Journal').map((row) => row[1]?.value);
    expect(journal.filter((type) => type === 'Attribution')).toHaveLength(2);
    expect(gateway.column(OWNER, 'Missions', 'Prestataire retenu')[0]).toBe(
      'PRE-0001 — Cabinet Ambroise Conseil',
    );
  });

  it('changes nothing more at the next reconcile, and does not refill a decision the person cleared', async () => {
    const { store, gateway, ports } = await callWithFourSolicitations();
    gateway.type(OWNER, TAB, 2, 'Décision', 'Retenu');
    await syncOrThrow(ports, OWNER);
    const writes = store.applyCalls;
    await syncOrThrow(ports, OWNER);
    expect(store.applyCalls).toBe(writes);
    // The explaining note was shown once; the next reconcile takes it off.
    expect(gateway.cell(OWNER, TAB, 3, 'Décision').note).toBeUndefined();

    gateway.type(OWNER, TAB, 3, 'Décision', null);
    await syncOrThrow(ports, OWNER);
    expect(gateway.column(OWNER, TAB, 'Décision')).toEqual(['Retenu', null, 'Non retenu', null]);
    expect(store.records.get('SOL-CBE-LM-0002')?.data['decision']).toBeNull();
  });

  it.each([
    [
      'a decision already typed on another row, only the undecided proposal becomes « Non retenu »',
      3,
      'Non retenu',
      ['Retenu', 'Non retenu', 'Non retenu', null],
    ],
    [
      'a second « Retenu » on the same mission (refused by the guide), nothing is decided until the person settles it',
      3,
      'Retenu',
      ['Retenu', 'Retenu', null, null],
    ],
  ])('with %s', async (_case, row, value, expected) => {
    const { gateway, ports } = await callWithFourSolicitations();
    gateway.type(OWNER, TAB, row, 'Décision', value);
    gateway.type(OWNER, TAB, 2, 'Décision', 'Retenu');
    await syncOrThrow(ports, OWNER);
    expect(gateway.column(OWNER, TAB, 'Décision')).toEqual(expected);
  });

  it('in a single edit (sheetEdit), answers the « Non retenu » cells of the other rows, found by their ID', async () => {
    const { store, gateway, ports } = await callWithFourSolicitations();
    const header = headerOf('solicitation');
    const decisionIndex = header.indexOf('Décision');
    // The Apps Script sends plain values (dates already as text).
    const row = (gateway.tab(OWNER, TAB)[1] ?? []).map((c) =>
      c.value instanceof Date ? c.value.toISOString() : c.value,
    );
    row[decisionIndex] = 'Retenu';
    const answer = await applySheetEdit(ports, OWNER, {
      eventId: 'evt-award-0001',
      spreadsheetId: 'local-CBE-LM',
      tab: TAB,
      editedColumns: [decisionIndex],
      header,
      rows: [{ rowNumber: 2, values: row }],
      otherRowIds: [
        { row: 3, id: 'SOL-CBE-LM-0002' },
        { row: 4, id: 'SOL-CBE-LM-0003' },
        { row: 5, id: 'SOL-CBE-LM-0004' },
      ],
      user: 'julie.dumont@cbe-lm.fr',
      timestamp: new Date(TEST_NOW.getTime() - 60_000).toISOString(),
    });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(
      answer.value.cells
        .filter((c) => c.columnIndex === decisionIndex + 1)
        .map((c) => [c.row, c.value]),
    ).toEqual([
      [3, 'Non retenu'],
      [4, 'Non retenu'],
    ]);
    expect(store.records.get('SOL-CBE-LM-0003')?.data['decision']).toBe('Non retenu');
    expect(store.records.get('SOL-CBE-LM-0004')?.data['decision']).toBeNull();
  });
});
