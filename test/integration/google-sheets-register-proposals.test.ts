/**
 * Guide, part III: « chaque acteur du dispositif […] a la possibilité de référencer un
 * prestataire », the base « alimentée et gérée par le C2RA ». Through the Sheets API stand-in:
 * the C2RA's reconcile writes a validated proposal into its « Registre » tab (a row past the last
 * one) and reads the spreadsheet again before storing it, so the path differs from the .xlsx one.
 */
import type { sheets_v4 } from '@googleapis/sheets';

import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { GoogleSheetsGateway } from '../../functions/adapters/google-sheets-gateway';
import { provisionSpreadsheet } from '../../functions/adapters/google-sheets-provisioner';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { REGISTER_PROPOSALS_TAB } from '../../shared/domain/register-proposal';
import { PROPOSAL_REVIEW_TAB, REVIEW_COLUMNS } from '../../shared/domain/register-proposal-review';
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import { layoutFor } from '../../sheets/layouts/workbook-layout';
import { TEST_NOW } from '../support/builders/operator-workbook';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type SheetsApiServer,
} from '../support/sheets-api-server';

let server: SheetsApiServer;
let api: sheets_v4.Sheets;
beforeAll(async () => {
  server = await startSheetsApiServer();
  api = createSheetsTestClient(server);
});
afterAll(async () => {
  await server.close();
});

const P = RECORD_TABS.registerProposal.fields;
const label = (key: string) => P[key]?.label ?? key;

/** Types `values` (label → text) into row `row` of a tab, as a person would. */
function typeRow(id: string, tab: string, row: number, values: Readonly<Record<string, string>>) {
  const header = server.state.getValues(id, tab, 'A1:ZZ1')[0] ?? [];
  for (const [name, value] of Object.entries(values)) {
    const col = header.indexOf(name);
    if (col < 0) throw new Error(`no column ${name} in ${tab}`);
    const letter = String.fromCharCode(65 + (col % 26));
    const a1 = col >= 26 ? `${String.fromCharCode(64 + Math.floor(col / 26))}${letter}` : letter;
    server.state.setValues(id, tab, `${a1}${row}`, [[value]], 'RAW');
  }
}

/** The data rows of a tab, label → value. */
function rowsOf(id: string, tab: string): Record<string, string>[] {
  const [header = [], ...rows] = server.state.getValues(id, tab, 'A1:ZZ100');
  return rows
    .filter((r) => r.some((c) => String(c ?? '') !== ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [String(h), String(r[i] ?? '')])));
}

describe('a register proposal through the Google Sheets API', () => {
  it('« référencer un prestataire »: proposed by CBE-LM, validated by the C2RA, in « Registre » once, the outcome shown', async () => {
    const ids = {} as Record<WorkbookOwner, string>;
    for (const owner of ['C2RA', 'CBE-LM'] as const)
      ids[owner] = (
        await provisionSpreadsheet(api, layoutFor(owner), {
          title: `DLA ${owner}`,
          ownerMark: owner,
        })
      ).spreadsheetId;
    const store = new SqliteRecordStore(':memory:');
    const ports = {
      store,
      gateway: new GoogleSheetsGateway({ api, spreadsheetIds: ids }),
      clock: { now: () => TEST_NOW },
    };
    const sync = async (owner: WorkbookOwner) => {
      const result = await syncWorkbook(ports, owner, `test ${owner}`);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    typeRow(ids.C2RA, 'Registre', 2, {
      'Raison sociale': 'Cabinet Escaut Conseil',
      SIRET: '73282932000074',
    });
    await sync('C2RA');
    typeRow(ids['CBE-LM'], REGISTER_PROPOSALS_TAB, 2, {
      [label('nature')]: 'Nouveau prestataire',
      [label('legalName')]: 'Coopérative Tisserands du Nord',
      [label('siret')]: '44306184100047',
      [label('town')]: 'Lille',
      [label('reason')]: 'Intervenante appréciée en gouvernance.',
    });
    await sync('CBE-LM');
    await sync('C2RA');
    expect(rowsOf(ids.C2RA, 'Registre')).toHaveLength(1);
    typeRow(ids.C2RA, PROPOSAL_REVIEW_TAB, 2, { [REVIEW_COLUMNS.decision]: 'Validée' });
    await sync('C2RA');
    await sync('C2RA');
    expect(
      rowsOf(ids.C2RA, 'Registre').map((r) => [r['ID'], r['Raison sociale'], r['Commune']]),
    ).toEqual([
      ['PRE-0001', 'Cabinet Escaut Conseil', ''],
      ['PRE-0002', 'Coopérative Tisserands du Nord', 'Lille'],
    ]);
    expect((await store.loadRegister()).map((r) => r.id)).toEqual(['PRE-0001', 'PRE-0002']);
    expect(rowsOf(ids.C2RA, PROPOSAL_REVIEW_TAB)[0]?.[REVIEW_COLUMNS.result]).toBe(
      'Validée : PRE-0002 ajouté au registre.',
    );
    await sync('CBE-LM');
    const proposal = rowsOf(ids['CBE-LM'], REGISTER_PROPOSALS_TAB)[0];
    expect([proposal?.['Décision du C2RA'], proposal?.['Prestataire au registre']]).toEqual([
      'Validée',
      'PRE-0002',
    ]);
    await store.close();
    // Seven syncs of two whole spreadsheets over HTTP: up to 20 s each on a loaded machine.
  }, 240_000);
});
