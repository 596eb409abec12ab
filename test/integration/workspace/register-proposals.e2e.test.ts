/**
 * Guide, part III « Référencement des prestataires »: « chaque acteur du dispositif (DLA, C2RA,
 * CNAR...) a la possibilité de référencer un prestataire », and « Les DLA et le C2RA du Nord -
 * Pas de Calais sont libres de faire évoluer cette base de données », which « est alimentée et
 * gérée par le C2RA ». Through the real sync (SQLite store, .xlsx workbooks): an operator
 * proposes, the C2RA decides in its workbook, the register changes once, the operator sees the
 * outcome.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import {
  createWorkbookFile,
  XlsxWorkbookGateway,
} from '../../../functions/adapters/xlsx-workbook-gateway';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import { REGISTER_PROPOSALS_TAB } from '../../../shared/domain/register-proposal';
import {
  PROPOSAL_REVIEW_TAB,
  REVIEW_COLUMNS,
} from '../../../shared/domain/register-proposal-review';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { TEST_NOW } from '../../support/builders/operator-workbook';

type Row = Readonly<Record<string, string>>;

let root = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-proposals-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const fileOf = (dir: string, owner: WorkbookOwner) => path.join(dir, `dla-${owner}.xlsx`);

/** What a person does in a spreadsheet program: open, type in cells by column label, save. */
async function typeRows(file: string, tab: string, rows: Readonly<Record<number, Row>>) {
  const book = new Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(tab);
  if (!sheet) throw new Error(`no tab ${tab}`);
  const header = (sheet.getRow(1).values ?? []) as unknown[];
  for (const [rowNumber, values] of Object.entries(rows))
    for (const [label, value] of Object.entries(values)) {
      const col = header.indexOf(label);
      if (col < 1) throw new Error(`no column ${label} in ${tab}`);
      sheet.getRow(Number(rowNumber)).getCell(col).value = value;
    }
  await book.xlsx.writeFile(file);
}

/** The data rows of a tab, each as label → shown text. */
async function rowsOf(file: string, tab: string): Promise<Row[]> {
  const book = new Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(tab);
  if (!sheet) throw new Error(`no tab ${tab}`);
  const header = (sheet.getRow(1).values ?? []) as unknown[];
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values: Record<string, string> = {};
    header.forEach((label, col) => {
      if (typeof label !== 'string') return;
      const value = row.getCell(col).value;
      values[label] =
        value === null || value === undefined
          ? ''
          : value instanceof Date
            ? value.toISOString()
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value as string | number | boolean);
    });
    rows.push(values);
  });
  return rows;
}

const P = RECORD_TABS.registerProposal.fields;
const label = (key: string) => P[key]?.label ?? key;

async function workspace(name: string) {
  const dir = path.join(root, name);
  for (const owner of ['C2RA', 'CBE-LM'] as const) {
    const created = await createWorkbookFile(dir, owner);
    if (!created.ok) throw new Error(created.error.message);
  }
  const store = SqliteRecordStore.open(path.join(dir, 'dla.sqlite'));
  const ports = { store, gateway: new XlsxWorkbookGateway(dir), clock: { now: () => TEST_NOW } };
  const sync = async (owner: WorkbookOwner) => {
    const result = await syncWorkbook(ports, owner, `test ${owner}`);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  // The register before any proposal: Cabinet Escaut Conseil, PRE-0001.
  await typeRows(fileOf(dir, 'C2RA'), 'Registre', {
    2: {
      'Raison sociale': 'Cabinet Escaut Conseil',
      SIRET: '73282932000074',
      Adresse: '12 rue Nationale',
      'Code postal': '59000',
      Commune: 'Lille',
      Téléphone: '03 20 12 34 56',
    },
  });
  await sync('C2RA');
  return { dir, store, sync };
}

const NEW_PROVIDER: Row = {
  [label('nature')]: 'Nouveau prestataire',
  [label('legalName')]: 'Coopérative Tisserands du Nord',
  [label('siret')]: '44306184100047',
  [label('street')]: '5 place du Concert',
  [label('postalCode')]: '59800',
  [label('town')]: 'Lille',
  [label('competences')]: 'Gouvernance',
  [label('reason')]: 'Intervenante appréciée sur deux missions de gouvernance en 2026.',
  [label('proposedBy')]: 'Camille Lefebvre',
  [label('proposedOn')]: '01/06/2025',
};

const PHONE_CHANGE: Row = {
  [label('nature')]: "Modification d'un prestataire",
  [label('providerId')]: 'PRE-0001',
  [label('phone')]: '03 20 99 88 77',
  [label('reason')]: 'Nouveau standard du cabinet.',
  [label('proposedBy')]: 'Camille Lefebvre',
  [label('proposedOn')]: '01/06/2025',
};

describe('« chaque acteur du dispositif […] a la possibilité de référencer un prestataire »', () => {
  it('an operator proposes; nothing reaches the register before the C2RA validates; the register row and the outcome follow', async () => {
    const { dir, store, sync } = await workspace('full');
    const operatorFile = fileOf(dir, 'CBE-LM');
    const c2raFile = fileOf(dir, 'C2RA');
    await typeRows(operatorFile, REGISTER_PROPOSALS_TAB, { 2: NEW_PROVIDER, 3: PHONE_CHANGE });
    expect(await sync('CBE-LM')).toMatchObject({ created: 2, rejected: [] });
    let proposals = await rowsOf(operatorFile, REGISTER_PROPOSALS_TAB);
    expect(proposals.map((r) => [r['ID'], r['Décision du C2RA']])).toEqual([
      ['PRP-CBE-LM-0001', 'En attente du C2RA'],
      ['PRP-CBE-LM-0002', 'En attente du C2RA'],
    ]);
    // Nothing reaches the register before validation.
    await sync('C2RA');
    const register = await store.loadRegister();
    expect(register.map((r) => [r.id, r.data['phone']])).toEqual([['PRE-0001', '03 20 12 34 56']]);
    const review = await rowsOf(c2raFile, PROPOSAL_REVIEW_TAB);
    expect(review.map((r) => [r[REVIEW_COLUMNS.proposalId], r[REVIEW_COLUMNS.current]])).toEqual([
      ['PRP-CBE-LM-0001', ''],
      ['PRP-CBE-LM-0002', 'Téléphone : 03 20 12 34 56'],
    ]);

    // « une décision enregistrée » needs a reason when it refuses.
    await typeRows(c2raFile, PROPOSAL_REVIEW_TAB, {
      2: { [REVIEW_COLUMNS.decision]: 'Validée' },
      3: { [REVIEW_COLUMNS.decision]: 'Refusée' },
    });
    await sync('C2RA');
    const afterFirst = await rowsOf(c2raFile, PROPOSAL_REVIEW_TAB);
    const refusedRow = afterFirst.find((r) => r[REVIEW_COLUMNS.proposalId] === 'PRP-CBE-LM-0002');
    expect(refusedRow?.[REVIEW_COLUMNS.result]).toMatch(/Un refus demande un motif/);
    expect(refusedRow?.[REVIEW_COLUMNS.decision]).toBe('Refusée');
    const registerRows = await rowsOf(c2raFile, 'Registre');
    expect(registerRows.map((r) => [r['ID'], r['Raison sociale'], r['Référencé le']])).toEqual([
      ['PRE-0001', 'Cabinet Escaut Conseil', ''],
      ['PRE-0002', 'Coopérative Tisserands du Nord', expect.stringMatching(/2025-06-02|02\/06\/2025/)],
    ]);
    const created = (await store.loadRegister()).find((r) => r.id === 'PRE-0002');
    expect(created?.data).toMatchObject({ siret: '44306184100047', competences: ['Gouvernance'] });
    const audit = await store.listAudit('C2RA', 'PRE-0002');
    expect(audit.find((a) => a.field === '@created')?.who).toMatch(/PRP-CBE-LM-0001 de CBE-LM/);

    // Applied once only: more syncs add no row and no provider.
    await typeRows(c2raFile, PROPOSAL_REVIEW_TAB, {
      [afterFirst.indexOf(refusedRow ?? {}) + 2]: {
        [REVIEW_COLUMNS.decisionReason]: 'Le standard n’a pas changé (vérifié le 02/06/2025).',
      },
    });
    await sync('C2RA');
    // A decision is final: « Refusée » typed over the validation changes nothing, and says so.
    const validatedAt = (await rowsOf(c2raFile, PROPOSAL_REVIEW_TAB)).findIndex(
      (r) => r[REVIEW_COLUMNS.proposalId] === 'PRP-CBE-LM-0001',
    );
    await typeRows(c2raFile, PROPOSAL_REVIEW_TAB, {
      [validatedAt + 2]: { [REVIEW_COLUMNS.decision]: 'Refusée' },
    });
    await sync('C2RA');
    const retyped = (await rowsOf(c2raFile, PROPOSAL_REVIEW_TAB))[validatedAt];
    expect(retyped?.[REVIEW_COLUMNS.decision]).toBe('Validée');
    expect(retyped?.[REVIEW_COLUMNS.result]).toMatch(/est définitive ; votre saisie « Refusée »/);
    expect((await store.loadRegister()).map((r) => r.id)).toEqual(['PRE-0001', 'PRE-0002']);
    expect(await rowsOf(c2raFile, 'Registre')).toHaveLength(2);
    expect((await store.loadRegister())[0]?.data['phone']).toBe('03 20 12 34 56');

    // The proposer's next sync shows the outcome, and a Journal line tells of each decision.
    await sync('CBE-LM');
    proposals = await rowsOf(operatorFile, REGISTER_PROPOSALS_TAB);
    expect(
      proposals.map((r) => [r['Décision du C2RA'], r['Motif du C2RA'], r['Prestataire au registre']]),
    ).toEqual([
      ['Validée', '', 'PRE-0002'],
      ['Refusée', 'Le standard n’a pas changé (vérifié le 02/06/2025).', ''],
    ]);
    const journal = (await rowsOf(operatorFile, 'Journal')).map((r) => r['Message']).join('\n');
    expect(journal).toMatch(/PRP-CBE-LM-0001 validée par le C2RA : PRE-0002 au registre/);
    expect(journal).toMatch(/PRP-CBE-LM-0002 refusée par le C2RA/);

    // A proposal changed after the decision is not applied again: a new proposal is needed.
    await typeRows(operatorFile, REGISTER_PROPOSALS_TAB, { 2: { [label('town')]: 'Roubaix' } });
    await sync('CBE-LM');
    await sync('C2RA');
    expect((await store.loadRegister()).find((r) => r.id === 'PRE-0002')?.data['town']).toBe('Lille');
    proposals = await rowsOf(operatorFile, REGISTER_PROPOSALS_TAB);
    expect(proposals[0]?.['Contrôles']).toMatch(/modifiée après la décision du C2RA/);
    await store.close();
  });

  it('a C2RA workbook without the review tab says how many proposals wait, and nothing reaches the register', async () => {
    const { dir, store, sync } = await workspace('old-c2ra-layout');
    await typeRows(fileOf(dir, 'CBE-LM'), REGISTER_PROPOSALS_TAB, { 2: NEW_PROVIDER });
    await sync('CBE-LM');
    const book = new Workbook();
    await book.xlsx.readFile(fileOf(dir, 'C2RA'));
    const review = book.getWorksheet(PROPOSAL_REVIEW_TAB);
    if (review) book.removeWorksheet(review.id);
    await book.xlsx.writeFile(fileOf(dir, 'C2RA'));
    const report = await sync('C2RA');
    expect(report.warnings).toContain(
      'Onglet « Propositions des opérateurs » absent : 1 proposition(s) des opérateurs au registre attendent votre décision ; mettez à jour la mise en page du classeur (dla provision) pour les voir.',
    );
    expect((await store.loadRegister()).map((r) => r.id)).toEqual(['PRE-0001']);
    await store.close();
  });
});
