/**
 * Issue 14 through the Sheets API path: the owner mark of a Google spreadsheet (developer
 * metadata written by the provisioner and by the first sync) and merged cells over data rows.
 */
import type { sheets_v4 } from '@googleapis/sheets';

import { GoogleSheetsGateway } from '../../functions/adapters/google-sheets-gateway';
import { provisionSpreadsheet } from '../../functions/adapters/google-sheets-provisioner';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import { layoutFor } from '../../sheets/layouts/workbook-layout';
import { TEST_NOW } from '../support/builders/operator-workbook';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type SheetsApiServer,
} from '../support/sheets-api-server';
import { columnLetterOfPosition } from '../../shared/domain/values/column-letter';

const FIELDS = RECORD_TABS.beneficiary.fields;
const label = (key: string): string => FIELDS[key]?.label ?? key;
const STRUCTURES = [
  ['Maison de quartier Moulins', 'Association loi 1901', 'Lille', '59000'],
  ['Régie de quartier Épeule', 'Association loi 1901', 'Roubaix', '59100'],
  ['Centre social Belencontre', 'Association loi 1901', 'Tourcoing', '59200'],
];

let server: SheetsApiServer;
let api: sheets_v4.Sheets;
beforeAll(async () => {
  server = await startSheetsApiServer();
  api = createSheetsTestClient(server);
});
afterAll(async () => {
  await server.close();
});

function batchUpdatesTo(spreadsheetId: string): number {
  return server.calls.filter(
    (c) => c.operation === 'spreadsheets.batchUpdate' && c.spreadsheetId === spreadsheetId,
  ).length;
}

/** A spreadsheet provisioned for `owner`, with three structures typed in. */
async function provisioned(owner: WorkbookOwner): Promise<string> {
  const report = await provisionSpreadsheet(api, layoutFor(owner), {
    title: `DLA ${owner}`,
    ownerMark: owner,
  });
  const header = server.state.getValues(report.spreadsheetId, 'Structures', 'A1:ZZ1')[0] ?? [];
  const row = (values: readonly string[]): string[] => {
    const cells: string[] = [];
    ['name', 'legalForm', 'town', 'postalCode'].forEach((key, i) => {
      cells[header.indexOf(label(key))] = values[i] ?? '';
    });
    return Array.from(cells, (c) => c ?? '');
  };
  server.state.setValues(report.spreadsheetId, 'Structures', 'A2', STRUCTURES.map(row), 'RAW');
  return report.spreadsheetId;
}

function portsFor(owner: WorkbookOwner, spreadsheetId: string) {
  return {
    store: new InMemoryRecordStore(),
    gateway: new GoogleSheetsGateway({ api, spreadsheetIds: { [owner]: spreadsheetId } }),
    clock: { now: () => TEST_NOW },
  };
}

describe('the owner mark of a Google spreadsheet', () => {
  it('is written once by the provisioner: a second provisioning writes nothing', async () => {
    const id = await provisioned('CBE-LM');
    const metadata = server.state.getSpreadsheet(id) as unknown as {
      developerMetadata?: { metadataKey: string; metadataValue: string; visibility: string }[];
    };
    expect(metadata.developerMetadata).toEqual([
      expect.objectContaining({
        metadataKey: 'dla-proprietaire',
        metadataValue: 'CBE-LM',
        visibility: 'DOCUMENT',
      }),
    ]);
    server.resetCalls();
    const again = await provisionSpreadsheet(api, layoutFor('CBE-LM'), {
      spreadsheetId: id,
      title: 'DLA CBE-LM',
      ownerMark: 'CBE-LM',
    });
    expect(again).toMatchObject({ requests: 0, ownerMark: 'CBE-LM' });
    expect(batchUpdatesTo(id)).toBe(0);
  });

  it.each<[string, WorkbookOwner, string]>([
    ['named under EE-DK', 'EE-DK', 'CBE-LM'],
    ['named under the C2RA', 'C2RA', 'CBE-LM'],
  ])(
    'a spreadsheet provisioned for CBE-LM %s is refused before the store, and not written',
    async (_, configured, markedFor) => {
      const id = await provisioned(markedFor as WorkbookOwner);
      server.resetCalls();
      const ports = portsFor(configured, id);
      const result = await syncWorkbook(ports, configured, 'test');
      expect(result).toMatchObject({ ok: false, error: { code: 'WORKBOOK_OTHER_OWNER' } });
      expect(!result.ok && result.error.message).toMatch(
        /appartient à CBE-LM \(marque du classeur\)/,
      );
      expect(ports.store.records.size).toBe(0);
      expect(batchUpdatesTo(id)).toBe(0);
    },
  );

  it('its own owner syncs it; the gateway reads the mark and the title', async () => {
    const id = await provisioned('CBE-LM');
    const ports = portsFor('CBE-LM', id);
    const read = await ports.gateway.read('CBE-LM');
    expect(read.ok && read.value.identity).toEqual({ mark: 'CBE-LM', name: 'DLA CBE-LM' });
    const result = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(result.ok && result.value.created).toBe(3);
  });

  it('an unmarked spreadsheet is adopted: the first sync writes the mark', async () => {
    const report = await provisionSpreadsheet(api, layoutFor('CBE-LM'), { title: 'Classeur DLA' });
    expect(report.ownerMark).toBeNull();
    const ports = portsFor('CBE-LM', report.spreadsheetId);
    const first = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(first.ok && first.value.warnings.join('\n')).toMatch(/sans marque de propriétaire/);
    const read = await ports.gateway.read('CBE-LM');
    expect(read.ok && read.value.identity?.mark).toBe('CBE-LM');
  });
});

describe('a merged cell over data rows through the Sheets API', () => {
  it('keeps « Roubaix » for the hidden row, notes the merged cell in French, clears nothing', async () => {
    const id = await provisioned('CBE-LM');
    const ports = portsFor('CBE-LM', id);
    const first = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(first.ok && first.value.created).toBe(3);
    const header = server.state.getValues(id, 'Structures', 'A1:ZZ1')[0] ?? [];
    const column = header.indexOf(label('town'));
    const sheetId = server.state.getSheetId(id, 'Structures');
    const range = { sheetId, startRowIndex: 1, endRowIndex: 3 };
    await api.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            mergeCells: {
              range: { ...range, startColumnIndex: column, endColumnIndex: column + 1 },
              mergeType: 'MERGE_ALL',
            },
          },
        ],
      },
    });
    const read = await ports.gateway.read('CBE-LM');
    const tab = read.ok ? read.value.tabs.find((t) => t.name === 'Structures') : undefined;
    expect(tab?.merges).toEqual([{ top: 2, left: column + 1, bottom: 3, right: column + 1 }]);

    const report = await syncWorkbook(ports, 'CBE-LM', 'test');
    expect(report.ok && report.value).toMatchObject({ created: 0, archived: 0 });
    const records = [...ports.store.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(records.map((r) => r.data['town'])).toEqual(['Lille', 'Roubaix', 'Tourcoing']);
    expect(report.ok && report.value.warnings.join('\n')).toMatch(/Cellules fusionnées/);
    const cell = `${columnLetterOfPosition(column + 1)}2`;
    expect(server.state.getNote(id, 'Structures', cell)).toMatch(
      /^⛔ Cellules fusionnées .* Défusionnez/,
    );
    expect(server.state.getValues(id, 'Structures', cell)).toEqual([['Lille']]);
  });
});
