/**
 * The demo shows the guide's « chaque acteur du dispositif […] a la possibilité de référencer un
 * prestataire »: a proposal waiting for the C2RA, one validated (in the register), one refused
 * with its reason — in the .xlsx workbooks of a local workspace, over the SQLite store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { XlsxWorkbookGateway } from '../../../functions/adapters/xlsx-workbook-gateway';
import { REGISTER_PROPOSALS_TAB } from '../../../shared/domain/register-proposal';
import { PROPOSAL_REVIEW_TAB, REVIEW_COLUMNS } from '../../../shared/domain/register-proposal-review';
import type { SyncReport } from '../../../shared/domain/sync/plan-sync';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { loadDemoRegisterProposals } from '../../../scripts/demo/demo-register-proposals';
import { createMissingWorkbooks } from '../../../scripts/workspace-setup';
import { TEST_NOW } from '../../support/builders/operator-workbook';
import { aProviderSheet } from '../../support/builders/provider-builder';

let root = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-demo-proposals-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('the demo leaves one proposal waiting, one validated into the register, one refused with its reason', async () => {
  await createMissingWorkbooks(root);
  const store = SqliteRecordStore.open(path.join(root, 'dla.sqlite'));
  const gateway = new XlsxWorkbookGateway(root);
  const ports = { store, gateway, clock: { now: () => TEST_NOW } };
  const read = await gateway.read('C2RA');
  const header = read.ok ? (read.value.tabs.find((t) => t.name === 'Registre')?.header ?? []) : [];
  const escaut = aProviderSheet();
  const row = header.map((label) =>
    label === 'Raison sociale' ? escaut.legalName : label === 'SIRET' ? escaut.siret : null,
  );
  await gateway.write('C2RA', { cells: [], tabs: [{ tab: 'Registre', rows: [row] }] });
  expect((await syncWorkbook(ports, 'C2RA', 'test')).ok).toBe(true);

  const reports: SyncReport[] = [];
  const loaded = await loadDemoRegisterProposals(ports, [{ legalName: escaut.legalName, siret: escaut.siret }], reports);
  expect(loaded).toEqual({ ok: true, value: undefined });
  expect(reports).toHaveLength(4);
  expect(reports.flatMap((r) => r.rejected)).toEqual([]);

  const review = await gateway.read('C2RA');
  const tab = review.ok ? review.value.tabs.find((t) => t.name === PROPOSAL_REVIEW_TAB) : undefined;
  const at = (label: string) => tab?.header.indexOf(label) ?? -1;
  const results = (tab?.rows ?? []).map((r) => [
    r.cells[at(REVIEW_COLUMNS.proposalId)]?.value,
    String(r.cells[at(REVIEW_COLUMNS.result)]?.value ?? '').replace(/\d+ jours?/, 'N jours'),
  ]);
  expect(results).toEqual([
    ['PRP-CBE-LM-0003', 'En attente du C2RA depuis N jours'],
    ['PRP-CBE-LM-0001', 'Validée : PRE-0002 ajouté au registre.'],
    ['PRP-CBE-LM-0002', 'Refusée : le registre n’a pas changé.'],
  ]);
  expect((await store.loadRegister()).map((r) => r.data['legalName'])).toEqual([
    'Cabinet Escaut Conseil',
    'Coopérative Tisserands du Nord',
  ]);
  const operator = await gateway.read('CBE-LM');
  const proposals = operator.ok
    ? operator.value.tabs.find((t) => t.name === REGISTER_PROPOSALS_TAB)
    : undefined;
  const outcome = proposals?.header.indexOf('Décision du C2RA') ?? -1;
  expect(proposals?.rows.map((r) => r.cells[outcome]?.value)).toEqual([
    'Validée',
    'Refusée',
    'En attente du C2RA',
  ]);
  await store.close();
}, 120_000);
