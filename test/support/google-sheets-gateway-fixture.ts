/**
 * What the tests of GoogleSheetsGateway share: the local Sheets API server with a client of it,
 * a gateway whose waits are recorded instead of slept, and a seeded Denain workbook.
 */
import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';

import {
  GoogleSheetsGateway,
  type GoogleSheetsGatewayOptions,
} from '../../functions/adapters/google-sheets-gateway';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { type SheetsApiServer, startSheetsApiServer } from './sheets-api-server';

/** Serial numbers of days (days since 1899-12-30), as Sheets stores typed dates. */
export const SERIAL_2024_03_01 = 45_352;
export const SERIAL_2024_09_15 = 45_550;

function client(server: SheetsApiServer): sheets_v4.Sheets {
  const credentials = new auth.OAuth2();
  credentials.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3_600_000 });
  return sheets({
    version: 'v4',
    rootUrl: `${server.url}/`,
    auth: credentials,
    retry: false,
    fetchImplementation: fetch,
  });
}

/** The server, the waits of the running case, and the gateway and seed built on them. */
export interface GatewayFixture {
  server: SheetsApiServer;
  api: sheets_v4.Sheets;
  sleeps: number[];
  gateway(
    ids: Partial<Record<WorkbookOwner, string>>,
    options?: Partial<GoogleSheetsGatewayOptions>,
  ): GoogleSheetsGateway;
  /** A Denain workbook: Missions (formulas, notes, dates, an empty row), Journal, an empty tab. */
  seedDenain(): string;
}

/**
 * Starts a server for the enclosing `describe` (closed after it) and forgets its calls and the
 * recorded waits before each case.
 */
export function useGatewayFixture(): GatewayFixture {
  const fixture = {
    sleeps: [] as number[],
    gateway(
      ids: Partial<Record<WorkbookOwner, string>>,
      options: Partial<GoogleSheetsGatewayOptions> = {},
    ): GoogleSheetsGateway {
      return new GoogleSheetsGateway({
        api: fixture.api,
        spreadsheetIds: ids,
        sleep: (ms) => {
          fixture.sleeps.push(ms);
          return Promise.resolve();
        },
        ...options,
      });
    },
    seedDenain(): string {
      const server = fixture.server;
      const id = server.state.createSpreadsheet('DLA NordActif Denain', [
        {
          title: 'Missions',
          frozenRowCount: 1,
          rows: [
            ['ID', 'Structure', 'Début', 'Jours', 'Clos', 'Total'],
            ['M-0001', 'Les Jardins de Cocagne Denain', SERIAL_2024_03_01, 3, false],
            [
              'M-0002',
              'Association Culture et Loisirs de Valenciennes',
              SERIAL_2024_09_15,
              2.5,
              true,
            ],
            [],
            ['', '   '],
            ['M-0004', '', '', 1],
          ],
        },
        {
          title: 'Journal',
          rows: [
            ['Quand', 'Quoi'],
            ['01/03/2024 10:15', 'Synchronisation'],
          ],
        },
        { title: 'Paramètres' },
      ]);
      server.state.setValues(id, 'Missions', 'F2', [['=D2*450'], ['=D3*450']]);
      server.state.setNote(id, 'Missions', 'B2', 'Raison sociale à vérifier');
      server.state.setNote(id, 'Missions', 'A1', 'Identifiant attribué par le système');
      // A note alone on an otherwise empty row: the row still counts as empty.
      server.state.setNote(id, 'Missions', 'C4', 'Ancienne remarque');
      const missions = server.state.getSheet(id, 'Missions');
      const row6 = missions.rows[5] ?? [];
      row6[4] = {
        userEnteredValue: { errorValue: { type: 'N_A', message: 'Valeur introuvable' } },
      };
      missions.rows[5] = row6;
      return id;
    },
  } as GatewayFixture;

  beforeAll(async () => {
    fixture.server = await startSheetsApiServer();
    fixture.api = client(fixture.server);
  });

  afterAll(async () => {
    await fixture.server.close();
  });

  beforeEach(() => {
    fixture.server.resetCalls();
    fixture.sleeps = [];
  });

  return fixture;
}
