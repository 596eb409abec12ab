import { auth, sheets } from '@googleapis/sheets';
import { READ_FIELDS, SheetsApiCallError } from '../../functions/adapters/google-sheets-gateway';
import type { WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import { type SheetsApiServer, startSheetsApiServer } from '../support/sheets-api-server';
import {
  SERIAL_2024_03_01,
  SERIAL_2024_09_15,
  useGatewayFixture,
} from '../support/google-sheets-gateway-fixture';

function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('GoogleSheetsGateway against the local Sheets API server: reads and retries', () => {
  const fixture = useGatewayFixture();
  const { gateway, seedDenain } = fixture;
  let server: SheetsApiServer;
  let sleeps: number[];
  beforeEach(() => {
    ({ server, sleeps } = fixture);
  });

  describe('read', () => {
    it('reads three tabs with formulas, notes, serial dates and empty rows in one call', async () => {
      const id = seedDenain();
      const result = await gateway({ 'NA-DEN': id }).read('NA-DEN');

      const expected: WorkbookSnapshot = {
        owner: 'NA-DEN',
        identity: { mark: null, name: 'DLA NordActif Denain' },
        tabs: [
          {
            name: 'Missions',
            header: ['ID', 'Structure', 'Début', 'Jours', 'Clos', 'Total'],
            rows: [
              {
                rowNumber: 2,
                cells: [
                  { value: 'M-0001' },
                  { value: 'Les Jardins de Cocagne Denain', note: 'Raison sociale à vérifier' },
                  { value: SERIAL_2024_03_01 },
                  { value: 3 },
                  { value: false },
                  { value: '=D2*450' },
                ],
              },
              {
                rowNumber: 3,
                cells: [
                  { value: 'M-0002' },
                  { value: 'Association Culture et Loisirs de Valenciennes' },
                  { value: SERIAL_2024_09_15 },
                  { value: 2.5 },
                  { value: true },
                  { value: '=D3*450' },
                ],
              },
              {
                rowNumber: 6,
                cells: [
                  { value: 'M-0004' },
                  { value: null },
                  { value: null },
                  { value: 1 },
                  { value: '#N/A' },
                ],
              },
            ],
          },
          {
            name: 'Journal',
            header: ['Quand', 'Quoi'],
            rows: [
              {
                rowNumber: 2,
                cells: [{ value: '01/03/2024 10:15' }, { value: 'Synchronisation' }],
              },
            ],
          },
          { name: 'Paramètres', header: [], rows: [] },
        ],
      };
      expect(result).toEqual({ ok: true, value: expected });
      expect(server.calls).toHaveLength(1);
      const [call] = server.calls;
      expect(call?.operation).toBe('spreadsheets.get');
      expect(call?.query['includeGridData']).toEqual(['true']);
      expect(call?.query['fields']).toEqual([READ_FIELDS]);
    });

    it('reads 5,000 rows in one call', async () => {
      const rows = Array.from({ length: 5_000 }, (_, i) => [
        `M-${String(i + 1).padStart(4, '0')}`,
        `Structure ${i + 1}`,
        SERIAL_2024_03_01 + (i % 300),
        i % 7,
      ]);
      const id = server.state.createSpreadsheet('Gros classeur', [
        { title: 'Missions', rows: [['ID', 'Structure', 'Début', 'Jours'], ...rows] },
      ]);
      const snapshot = unwrap(await gateway({ 'NA-LIL': id }).read('NA-LIL'));
      expect(server.calls).toHaveLength(1);
      const tab = snapshot.tabs[0];
      expect(tab?.rows).toHaveLength(5_000);
      expect(tab?.rows[4_999]).toEqual({
        rowNumber: 5_001,
        cells: [
          { value: 'M-5000' },
          { value: 'Structure 5000' },
          { value: SERIAL_2024_03_01 + (4_999 % 300) },
          { value: 1 },
        ],
      });
    });

    it('fails with WORKBOOK_NOT_FOUND when no spreadsheet is configured, without any call', async () => {
      const result = await gateway({}).read('EE-DK');
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'WORKBOOK_NOT_FOUND',
          message: expect.stringContaining('Entreprendre Ensemble'),
        },
      });
      expect(server.calls).toHaveLength(0);
    });

    it('fails with WORKBOOK_NOT_FOUND on a 404, not retried', async () => {
      const result = await gateway({ 'I62-LEN': 'inconnu' }).read('I62-LEN');
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'WORKBOOK_NOT_FOUND',
          message: expect.stringContaining("d'Inseraction 62 (Lens)"),
        },
      });
      expect(server.calls.map((c) => c.status)).toEqual([404]);
      expect(sleeps).toEqual([]);
    });

    it('fails with WORKBOOK_FORBIDDEN on a 403', async () => {
      const id = seedDenain();
      server.failNext(403);
      const result = await gateway({ 'NA-DEN': id }).read('NA-DEN');
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'WORKBOOK_FORBIDDEN',
          message: expect.stringContaining(
            "Le classeur n'est pas partagé avec le compte de service",
          ),
        },
      });
      expect(server.calls).toHaveLength(1);
    });
  });

  describe('retries', () => {
    it('retries a 503 twice with exponential backoff, then succeeds', async () => {
      const id = seedDenain();
      server.failNext(503, { count: 2 });
      const result = await gateway({ 'NA-DEN': id }).read('NA-DEN');
      expect(result.ok).toBe(true);
      expect(server.calls.map((c) => c.status)).toEqual([503, 503, 200]);
      expect(sleeps).toHaveLength(2);
      expect(sleeps[0]).toBeGreaterThanOrEqual(1_000);
      expect(sleeps[0]).toBeLessThan(2_000);
      expect(sleeps[1]).toBeGreaterThanOrEqual(2_000);
      expect(sleeps[1]).toBeLessThan(3_000);
    });

    it('waits at least Retry-After on a 429', async () => {
      const id = seedDenain();
      server.failNext(429, { retryAfterSeconds: 7 });
      const result = await gateway({ 'NA-DEN': id }).read('NA-DEN');
      expect(result.ok).toBe(true);
      expect(server.calls.map((c) => c.status)).toEqual([429, 200]);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThanOrEqual(7_000);
    });

    it('retries a batchUpdate answered 500: replaying updateCells is harmless', async () => {
      const id = seedDenain();
      const sheetsGateway = gateway({ 'NA-DEN': id });
      unwrap(await sheetsGateway.read('NA-DEN'));
      server.resetCalls();
      server.failNext(500, { operation: 'spreadsheets.batchUpdate' });
      const result = await sheetsGateway.write('NA-DEN', {
        cells: [{ tab: 'Missions', row: 2, column: 'Jours', columnIndex: 4, value: 4 }],
        tabs: [],
      });
      expect(result.ok).toBe(true);
      expect(server.calls.map((c) => c.status)).toEqual([500, 200]);
      expect(server.state.getValues(id, 'Missions', 'D2')).toEqual([[4]]);
    });

    it('gives up after maxAttempts and throws', async () => {
      const id = seedDenain();
      server.failNext(503, { count: 10 });
      const read = gateway({ 'NA-DEN': id }, { maxAttempts: 3 }).read('NA-DEN');
      await expect(read).rejects.toBeInstanceOf(SheetsApiCallError);
      await expect(read).rejects.toMatchObject({ status: 503, attempts: 3 });
      expect(server.calls).toHaveLength(3);
      expect(sleeps).toHaveLength(2);
    });

    it('does not retry a 400: it throws at once', async () => {
      const id = seedDenain();
      server.failNext(400, { message: 'Invalid requests[0].updateCells: bad field mask' });
      const sheetsGateway = gateway({ 'NA-DEN': id });
      const read = sheetsGateway.read('NA-DEN');
      await expect(read).rejects.toMatchObject({
        name: 'SheetsApiCallError',
        status: 400,
        attempts: 1,
        message: expect.stringContaining('bad field mask'),
      });
      expect(server.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('does not wait for a Retry-After longer than a minute', async () => {
      const id = seedDenain();
      server.failNext(429, { retryAfterSeconds: 3_600 });
      await expect(gateway({ 'NA-DEN': id }).read('NA-DEN')).rejects.toMatchObject({
        status: 429,
        attempts: 1,
      });
      expect(sleeps).toEqual([]);
    });

    it('retries when the server cannot be reached', async () => {
      const closed = await startSheetsApiServer();
      await closed.close();
      const credentials = new auth.OAuth2();
      credentials.setCredentials({ access_token: 'test', expiry_date: Date.now() + 3_600_000 });
      const unreachable = sheets({
        version: 'v4',
        rootUrl: `${closed.url}/`,
        auth: credentials,
        retry: false,
        fetchImplementation: fetch,
      });
      const read = gateway({ 'NA-DEN': 'x' }, { api: unreachable, maxAttempts: 2 }).read('NA-DEN');
      await expect(read).rejects.toMatchObject({ status: undefined, attempts: 2 });
      expect(sleeps).toHaveLength(1);
    });
  });
});
