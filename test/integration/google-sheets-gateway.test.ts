import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';

import {
  GoogleSheetsGateway,
  READ_FIELDS,
  SheetsApiCallError,
  type GoogleSheetsGatewayOptions,
} from '../../functions/adapters/google-sheets-gateway';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { CellWrite } from '../../shared/domain/workbook-writes';
import type { WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import { type SheetsApiServer, startSheetsApiServer } from '../support/sheets-api-server';

const ERROR_FILL = { red: 0xf4 / 255, green: 0xcc / 255, blue: 0xcc / 255 };
const COMPUTED_FILL = { red: 0xef / 255, green: 0xef / 255, blue: 0xef / 255 };

/** Serial numbers of days (days since 1899-12-30), as Sheets stores typed dates. */
const SERIAL_2024_03_01 = 45_352;
const SERIAL_2024_09_15 = 45_550;

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

function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Column letters of a 1-based column index. */
function letters(columnIndex: number): string {
  let remaining = columnIndex;
  let text = '';
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    text = String.fromCharCode(65 + digit) + text;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return text;
}

describe('GoogleSheetsGateway against the local Sheets API server', () => {
  let server: SheetsApiServer;
  let api: sheets_v4.Sheets;
  let sleeps: number[];

  beforeAll(async () => {
    server = await startSheetsApiServer();
    api = client(server);
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.resetCalls();
    sleeps = [];
  });

  function gateway(
    ids: Partial<Record<WorkbookOwner, string>>,
    options: Partial<GoogleSheetsGatewayOptions> = {},
  ): GoogleSheetsGateway {
    return new GoogleSheetsGateway({
      api,
      spreadsheetIds: ids,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...options,
    });
  }

  /** A Denain workbook: Missions (formulas, notes, dates, an empty row), Journal, an empty tab. */
  function seedDenain(): string {
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
    row6[4] = { userEnteredValue: { errorValue: { type: 'N_A', message: 'Valeur introuvable' } } };
    missions.rows[5] = row6;
    return id;
  }

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

  describe('write', () => {
    /** 200 cells scattered over Missions: ids, computed values, error notes, cleared notes. */
    function scatteredWrites(): CellWrite[] {
      const writes: CellWrite[] = [];
      for (let i = 0; i < 200; i += 1) {
        const row = 2 + ((i * 37) % 150);
        const columnIndex = 1 + ((i * 11) % 8);
        const kind = i % 4;
        const base = { tab: 'Missions', row, column: `C${columnIndex}`, columnIndex };
        if (kind === 0) writes.push({ ...base, value: `M-${1000 + i}`, style: 'computed' });
        else if (kind === 1) writes.push({ ...base, value: i * 1.5, style: 'computed' });
        else if (kind === 2)
          writes.push({
            ...base,
            note: `Valeur refusée n°${i} : saisissez un SIRET à 14 chiffres.`,
            style: 'error',
          });
        else writes.push({ ...base, note: null, style: 'normal' });
      }
      return writes;
    }

    it('writes 200 scattered cells and replaces a tab in one batchUpdate', async () => {
      const id = server.state.createSpreadsheet('Écriture', [
        { title: 'Missions', rows: [['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']] },
        {
          title: 'Alertes',
          rows: [
            ['Date', 'Alerte'],
            ...Array.from({ length: 30 }, (_, i) => [`ancienne ${i}`, 'x']),
          ],
        },
      ]);
      const sheetsGateway = gateway({ 'CBE-LM': id });
      unwrap(await sheetsGateway.read('CBE-LM'));
      server.resetCalls();

      const writes = scatteredWrites();
      const result = await sheetsGateway.write('CBE-LM', {
        cells: writes,
        tabs: [
          {
            tab: 'Alertes',
            rows: [
              [new Date('2024-03-01T10:00:00+01:00'), 'Solde sans rapport final : M-0001'],
              [new Date('2024-03-02T00:30:00+01:00'), 'Fiche prestataire incomplète', 3],
            ],
          },
        ],
      });

      expect(result).toEqual({ ok: true, value: undefined });
      expect(server.calls).toHaveLength(1);
      expect(server.calls[0]?.operation).toBe('spreadsheets.batchUpdate');

      // The last write to a cell wins, as in the fake gateway.
      const last = new Map<string, CellWrite>();
      for (const w of writes)
        last.set(`${letters(w.columnIndex)}${w.row}`, {
          ...last.get(`${letters(w.columnIndex)}${w.row}`),
          ...w,
        });
      for (const [a1, w] of last) {
        const cell = server.state.getCell(id, 'Missions', a1);
        if (w.value !== undefined)
          expect(server.state.getValues(id, 'Missions', a1)).toEqual([[w.value]]);
        if (typeof w.note === 'string')
          expect(server.state.getNote(id, 'Missions', a1)).toBe(w.note);
        if (w.note === null) expect(server.state.getNote(id, 'Missions', a1)).toBeUndefined();
        const fill = server.state.getBackground(id, 'Missions', a1);
        if (w.style === 'error') expect(fill).toEqual(ERROR_FILL);
        if (w.style === 'computed') expect(fill).toEqual(COMPUTED_FILL);
        if (w.style === 'normal') expect(cell?.['userEnteredFormat']).toBeUndefined();
      }

      // The replaced tab: header kept, new rows, old rows gone, dates as serial numbers shown jj/mm/aaaa.
      expect(server.state.getValues(id, 'Alertes')).toEqual([
        ['Date', 'Alerte'],
        [SERIAL_2024_03_01, 'Solde sans rapport final : M-0001'],
        [SERIAL_2024_03_01 + 1, 'Fiche prestataire incomplète', 3],
      ]);
      expect(server.state.getCell(id, 'Alertes', 'A2')?.['userEnteredFormat']).toEqual({
        numberFormat: { type: 'DATE', pattern: 'dd/mm/yyyy' },
      });
      expect(server.state.getCell(id, 'Alertes', 'B2')?.['userEnteredFormat']).toBeUndefined();
    });

    it('writes a Date as the serial number of its day in Paris, read back as that number', async () => {
      const id = server.state.createSpreadsheet('Dates', [
        { title: 'Missions', rows: [['ID', 'Début']] },
      ]);
      const sheetsGateway = gateway({ 'NA-DEN': id });
      unwrap(await sheetsGateway.read('NA-DEN'));
      // 23:30 UTC on 29 February is already 1 March in Paris.
      unwrap(
        await sheetsGateway.write('NA-DEN', {
          cells: [
            {
              tab: 'Missions',
              row: 2,
              column: 'Début',
              columnIndex: 2,
              value: new Date('2024-02-29T23:30:00Z'),
            },
          ],
          tabs: [],
        }),
      );
      const snapshot = unwrap(await sheetsGateway.read('NA-DEN'));
      expect(snapshot.tabs[0]?.rows).toEqual([
        { rowNumber: 2, cells: [{ value: null }, { value: SERIAL_2024_03_01 }] },
      ]);
    });

    it('stores a value starting with = as text, never as a formula', async () => {
      const id = server.state.createSpreadsheet('Injection', [
        { title: 'Missions', rows: [['ID', 'Structure']] },
        { title: 'Journal', rows: [['Quand', 'Quoi']] },
      ]);
      const sheetsGateway = gateway({ 'I62-CAL': id });
      unwrap(await sheetsGateway.read('I62-CAL'));
      unwrap(
        await sheetsGateway.write('I62-CAL', {
          cells: [
            {
              tab: 'Missions',
              row: 2,
              column: 'Structure',
              columnIndex: 2,
              value: '=IMPORTXML("http://x";"//a")',
            },
          ],
          tabs: [{ tab: 'Journal', rows: [['=1+1', '+33 3 21 00 83 08']] }],
        }),
      );
      expect(server.state.getCell(id, 'Missions', 'B2')?.['userEnteredValue']).toEqual({
        stringValue: '=IMPORTXML("http://x";"//a")',
      });
      expect(server.state.getCell(id, 'Journal', 'A2')?.['userEnteredValue']).toEqual({
        stringValue: '=1+1',
      });
      expect(server.state.getCell(id, 'Journal', 'B2')?.['userEnteredValue']).toEqual({
        stringValue: '+33 3 21 00 83 08',
      });
    });

    it('makes no call at all for an empty write-back', async () => {
      const id = seedDenain();
      const sheetsGateway = gateway({ 'NA-DEN': id });
      expect(await sheetsGateway.write('NA-DEN', { cells: [], tabs: [] })).toEqual({
        ok: true,
        value: undefined,
      });
      // A CellWrite that sets nothing is nothing to write either.
      expect(
        await sheetsGateway.write('NA-DEN', {
          cells: [{ tab: 'Missions', row: 2, column: 'ID', columnIndex: 1 }],
          tabs: [],
        }),
      ).toEqual({ ok: true, value: undefined });
      expect(server.calls).toHaveLength(0);
    });

    it('groups adjacent cells of a row into one updateCells request', async () => {
      const id = seedDenain();
      const sheetsGateway = gateway({ 'NA-DEN': id });
      unwrap(await sheetsGateway.read('NA-DEN'));
      server.resetCalls();
      const cells: CellWrite[] = [1, 2, 3].map((columnIndex) => ({
        tab: 'Missions',
        row: 2,
        column: `C${columnIndex}`,
        columnIndex,
        note: 'Erreur',
        style: 'error',
      }));
      unwrap(await sheetsGateway.write('NA-DEN', { cells, tabs: [] }));
      expect(server.calls[0]?.requestKinds).toEqual(['updateCells']);
      // The note set, the value untouched.
      expect(server.state.getValues(id, 'Missions', 'A2:C2')).toEqual([
        ['M-0001', 'Les Jardins de Cocagne Denain', SERIAL_2024_03_01],
      ]);
      expect(server.state.getNote(id, 'Missions', 'C2')).toBe('Erreur');
    });

    it('grows the grid when a replaced tab gets more rows than it has', async () => {
      const id = server.state.createSpreadsheet('Grand journal', [
        { title: 'Journal', rowCount: 10, columnCount: 2, rows: [['Quand', 'Quoi']] },
      ]);
      const sheetsGateway = gateway({ C2RA: id });
      unwrap(await sheetsGateway.read('C2RA'));
      const rows = Array.from({ length: 2_500 }, (_, i) => [`ligne ${i + 1}`, i, i % 2 === 0]);
      unwrap(await sheetsGateway.write('C2RA', { cells: [], tabs: [{ tab: 'Journal', rows }] }));
      const values = server.state.getValues(id, 'Journal');
      expect(values).toHaveLength(2_501);
      expect(values[2_500]).toEqual(['ligne 2500', 2_499, false]);
      // A second, shorter replacement clears what the first one left.
      unwrap(
        await sheetsGateway.write('C2RA', {
          cells: [],
          tabs: [{ tab: 'Journal', rows: [['seule ligne']] }],
        }),
      );
      expect(server.state.getValues(id, 'Journal')).toEqual([['Quand', 'Quoi'], ['seule ligne']]);
    });

    it('fetches the sheet ids with one light call when the workbook was not read first', async () => {
      const id = seedDenain();
      const result = await gateway({ 'NA-DEN': id }).write('NA-DEN', {
        cells: [{ tab: 'Missions', row: 3, column: 'ID', columnIndex: 1, value: 'M-0099' }],
        tabs: [],
      });
      expect(result.ok).toBe(true);
      expect(server.calls.map((c) => c.operation)).toEqual([
        'spreadsheets.get',
        'spreadsheets.batchUpdate',
      ]);
      expect(server.calls[0]?.query['includeGridData']).toBeUndefined();
      expect(server.state.getValues(id, 'Missions', 'A3')).toEqual([['M-0099']]);
    });

    it('fails with WORKBOOK_UNREADABLE when a tab to write is missing', async () => {
      const id = seedDenain();
      const result = await gateway({ 'NA-DEN': id }).write('NA-DEN', {
        cells: [],
        tabs: [{ tab: 'Alertes', rows: [['x']] }],
      });
      expect(result).toEqual({
        ok: false,
        error: { code: 'WORKBOOK_UNREADABLE', message: expect.stringContaining('« Alertes »') },
      });
      expect(server.calls.map((c) => c.operation)).toEqual(['spreadsheets.get']);
    });

    it('splits only past the batch limits, keeping each tab replacement in one call', async () => {
      const id = server.state.createSpreadsheet('Découpage', [
        { title: 'Missions', rows: [['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']] },
        { title: 'Alertes', rows: [['Date', 'Alerte']] },
        { title: 'Journal', rows: [['Quand', 'Quoi']] },
      ]);
      const sheetsGateway = gateway({ 'NA-LIL': id }, { batchLimits: { maxRequests: 5 } });
      unwrap(await sheetsGateway.read('NA-LIL'));
      server.resetCalls();
      const alerts = Array.from({ length: 10 }, (_, i) => [
        new Date(Date.UTC(2024, 2, 1 + i, 12)),
        `alerte ${i}`,
      ]);
      const journal = Array.from({ length: 2_500 }, (_, i) => [`ligne ${i + 1}`, i]);
      unwrap(
        await sheetsGateway.write('NA-LIL', {
          cells: scatteredWrites(),
          tabs: [
            { tab: 'Alertes', rows: alerts },
            { tab: 'Journal', rows: journal },
          ],
        }),
      );
      const kinds = server.calls.map((c) => c.requestKinds);
      // Alertes (clear, rows, one date format for the run of dates) would have room for two of
      // Journal's five requests: Journal goes whole into the next call instead.
      expect(kinds[0]).toEqual(['updateCells', 'updateCells', 'repeatCell']);
      expect(kinds[1]).toEqual([
        'appendDimension',
        'updateCells',
        'updateCells',
        'updateCells',
        'updateCells',
      ]);
      expect(kinds.every((k) => k.length <= 5)).toBe(true);
      expect(
        server.calls.every((c) => c.operation === 'spreadsheets.batchUpdate' && c.status === 200),
      ).toBe(true);
      expect(server.state.getValues(id, 'Alertes')).toHaveLength(11);
      expect(server.state.getValues(id, 'Journal')).toHaveLength(2_501);
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
