/**
 * The local Sheets API v4 server of the integration tests (`test/support/sheets-api-server.ts`)
 * and the real `@googleapis/sheets` client pointed at it: the Sheets API path of the benchmarks
 * runs against exactly what the tests trust, with every call recorded.
 *
 * @packageDocumentation
 */
import type { sheets_v4 } from '@googleapis/sheets';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type SheetsApiServer,
} from '../../test/support/sheets-api-server';

/** A started server and a client of it. */
export interface SheetsTestServer {
  readonly server: SheetsApiServer;
  readonly api: sheets_v4.Sheets;
}

/** Starts the server on a free local port, with a client that does not retry on its own. */
export async function sheetsTestServer(): Promise<SheetsTestServer> {
  const server = await startSheetsApiServer();
  return { server, api: createSheetsTestClient(server) };
}
