import { sheets, type sheets_v4 } from '@googleapis/sheets';

/** What a Sheets client is built from: credentials, and another endpoint for tests. */
export type SheetsClientOptions = Pick<
  sheets_v4.Options,
  'auth' | 'rootUrl' | 'fetchImplementation'
>;

/**
 * The Sheets API v4 client of the gateway and of `dla provision`, with the client's own retries
 * off: the callers retry (sheets-retry-policy.ts), and two nested retry loops would turn one
 * throttled read into their product of requests (4 client tries × 5 attempts).
 */
export function createSheetsClient(options: SheetsClientOptions): sheets_v4.Sheets {
  return sheets({ version: 'v4', ...options, retry: false });
}
