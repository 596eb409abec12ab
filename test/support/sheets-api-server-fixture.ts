/**
 * What the tests of the local Sheets API server share: a server for the enclosing `describe`
 * with a client built by hand as shared/ENVIRONMENT.md shows, a seeded DLA spreadsheet, and
 * {@link failure} to see what the client made of an error answer.
 */
import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';

import { type SheetsApiServer, startSheetsApiServer } from './sheets-api-server';

export interface CapturedError {
  readonly name: string;
  readonly status: number | undefined;
  readonly message: string;
  readonly body: unknown;
  readonly retryAfter: string | null | undefined;
}

/** Runs a call that must fail and returns what the client made of the error. */
export async function failure(call: () => Promise<unknown>): Promise<CapturedError> {
  try {
    await call();
  } catch (error: unknown) {
    const shaped = error as {
      name?: string;
      status?: number;
      message?: string;
      response?: { data?: unknown; headers?: { get?: (name: string) => string | null } };
    };
    return {
      name: shaped.constructor.name,
      status: shaped.status,
      message: shaped.message ?? '',
      body: shaped.response?.data,
      retryAfter: shaped.response?.headers?.get?.('retry-after'),
    };
  }
  throw new Error('the call was expected to fail');
}

// Built by hand as shared/ENVIRONMENT.md shows; `fetchImplementation: fetch` because gaxios 7's
// `import('node-fetch')` fails inside jest without --experimental-vm-modules.
export function client(server: SheetsApiServer, retry = false): sheets_v4.Sheets {
  const credentials = new auth.OAuth2();
  credentials.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3_600_000 });
  return sheets({
    version: 'v4',
    rootUrl: `${server.url}/`,
    auth: credentials,
    retry,
    fetchImplementation: fetch,
  });
}

/** A DLA spreadsheet: Missions (frozen header, an empty row) and Paramètres. */
export function seedDla(server: SheetsApiServer): string {
  return server.state.createSpreadsheet('DLA', [
    {
      title: 'Missions',
      frozenRowCount: 1,
      rows: [
        ['Id', 'Structure', 'Jours', 'Clos'],
        ['M-1', 'Asso A', 3, false],
        ['M-2', 'Asso B', 2.5, true],
        [],
        ['M-4', '', 1],
      ],
    },
    {
      title: 'Paramètres',
      rows: [
        ['Clé', 'Valeur', 'Note'],
        ['seuil', 10],
      ],
    },
  ]);
}

/** The server and client of the running `describe`; calls are forgotten before each case. */
export function useSheetsServer(): { server: SheetsApiServer; api: sheets_v4.Sheets } {
  const fixture = {} as { server: SheetsApiServer; api: sheets_v4.Sheets };
  beforeAll(async () => {
    fixture.server = await startSheetsApiServer();
    fixture.api = client(fixture.server);
  });
  afterAll(async () => {
    await fixture.server.close();
  });
  beforeEach(() => {
    fixture.server.resetCalls();
  });
  return fixture;
}
