import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { GoogleSheetsGateway } from '../../functions/adapters/google-sheets-gateway';
import {
  createWorkbookFile,
  XlsxWorkbookGateway,
} from '../../functions/adapters/xlsx-workbook-gateway';
import { workbookFileName } from '../../sheets/layouts/workbook-layout';
import type { SyncReport } from '../../shared/domain/sync/plan-sync';
import { FORMULA_MESSAGE } from '../../shared/domain/values/text';
import type { RecordStore } from '../../shared/ports/record-store';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import { TypedFormula } from '../support/apps-script-sandbox';
import {
  column,
  HEADERS,
  newSandbox,
  resetFunctions,
  useFunctions,
} from '../support/apps-script-functions';
import { rowOf } from '../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { createSheetsTestClient, startSheetsApiServer } from '../support/sheets-api-server';
import { editSheet } from '../support/xlsx-sheet';
import { columnLetterOfPosition } from '../../shared/domain/values/column-letter';

/*
 * One rule for a cell holding a formula, whichever path reads it: the formula's text is what is
 * read (not its result), refused with the same French note, and the formula stays in the sheet.
 */

/** A person computes the e-mail of a provider instead of typing it. */
const FORMULA = '=LOWER("CONTACT@OPALE-STRATEGIES.FR")';
const RESULT = 'contact@opale-strategies.fr';
const PROVIDER = rowOf('provider', { legalName: 'Opale Stratégies', town: 'Boulogne-sur-Mer' });
const EMAIL = column('E-mail') - 1;

/** What a path leaves: the refusal reported and stored, and the cell as the sheet then holds it. */
interface Outcome {
  readonly reported: { readonly code: string; readonly message: string } | undefined;
  readonly stored: { readonly email: unknown; readonly raw: string | undefined };
  readonly cell: { readonly formula: unknown; readonly note: unknown };
}

const EXPECTED: Outcome = {
  reported: { code: 'FORMULA_NOT_ALLOWED', message: FORMULA_MESSAGE },
  stored: { email: null, raw: FORMULA },
  cell: { formula: FORMULA, note: expect.stringContaining(FORMULA_MESSAGE) },
};

function reported(report: SyncReport | null | undefined): Outcome['reported'] {
  const refusal = report?.rejected.find((r) => r.column === 'E-mail');
  return refusal && { code: refusal.code, message: refusal.message };
}

async function stored(store: RecordStore): Promise<Outcome['stored']> {
  const [provider] = await store.loadRegister();
  return { email: provider?.data['email'] ?? null, raw: provider?.rejected['email']?.raw };
}

/** A full reconcile through `gateway`, then the cell as the gateway reads it back. */
async function reconcileThrough(gateway: SpreadsheetGateway): Promise<Outcome> {
  const store = new InMemoryRecordStore();
  const clock = { now: () => new Date('2026-12-03T09:00:00Z') };
  const result = await syncWorkbook({ store, gateway, clock }, 'C2RA', 'synchronisation planifiée');
  if (!result.ok) throw new Error(result.error.message);
  const read = await gateway.read('C2RA');
  if (!read.ok) throw new Error(read.error.message);
  const row = read.value.tabs.find((t) => t.name === 'Registre')?.rows[0];
  const cell = row?.cells[EMAIL];
  return {
    reported: reported(result.value),
    stored: await stored(store),
    cell: { formula: cell?.value, note: cell?.note },
  };
}

async function viaEditTrigger(): Promise<Outcome> {
  const { store } = useFunctions();
  try {
    const sandbox = newSandbox({
      spreadsheetId: 'local-C2RA',
      tabs: [{ name: 'Registre', rows: [HEADERS.Registre, PROVIDER] }],
    });
    await sandbox.edit('Registre', 2, EMAIL + 1, [[new TypedFormula(FORMULA, RESULT)]]).done;
    if (sandbox.thrown.length > 0) throw new Error(sandbox.thrown.join('\n'));
    const answer = sandbox.exchanges[0]?.body as { report: SyncReport | null } | undefined;
    const cell = sandbox.cell('Registre', 2, EMAIL + 1);
    return {
      reported: reported(answer?.report),
      stored: await stored(store),
      cell: { formula: cell?.formula, note: cell?.note },
    };
  } finally {
    resetFunctions();
  }
}

async function viaXlsxWorkbook(): Promise<Outcome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dla-formula-'));
  try {
    const created = await createWorkbookFile(dir, 'C2RA', { Registre: [PROVIDER] });
    if (!created.ok) throw new Error(created.error.message);
    await editSheet(path.join(dir, workbookFileName('C2RA')), 'Registre', (sheet) => {
      sheet.getRow(2).getCell(EMAIL + 1).value = { formula: FORMULA.slice(1), result: RESULT };
    });
    return await reconcileThrough(new XlsxWorkbookGateway(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function viaSheetsApi(): Promise<Outcome> {
  const server = await startSheetsApiServer();
  try {
    const id = server.state.createSpreadsheet('DLA C2RA', [
      { title: 'Registre', rows: [HEADERS.Registre, PROVIDER] },
    ]);
    const letter = columnLetterOfPosition(EMAIL + 1);
    server.state.setValues(id, 'Registre', `${letter}2`, [[FORMULA]]);
    const api = createSheetsTestClient(server);
    return await reconcileThrough(new GoogleSheetsGateway({ api, spreadsheetIds: { C2RA: id } }));
  } finally {
    await server.close();
  }
}

describe('a cell holding a formula: one rule on the edit path and on the reconcile', () => {
  it.each([
    ['the edit trigger (Apps Script → sheetEdit)', viaEditTrigger],
    ['the reconcile of an .xlsx workbook', viaXlsxWorkbook],
    ['the reconcile of a Google spreadsheet (Sheets API)', viaSheetsApi],
  ])('%s reads the formula, refuses it with the same French note, and keeps it', async (_, run) => {
    expect(EMAIL).toBeLessThan(26);
    expect(await run()).toEqual(EXPECTED);
  });
});
