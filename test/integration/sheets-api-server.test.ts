import { sheets, type sheets_v4 } from '@googleapis/sheets';
import {
  type SheetsApiServer,
  createSheetsTestClient,
  startSheetsApiServer,
} from '../support/sheets-api-server';
import { client, failure, seedDla, useSheetsServer } from '../support/sheets-api-server-fixture';

describe('local Sheets API server with the real @googleapis/sheets client: reads, errors, faults', () => {
  const fixture = useSheetsServer();
  let server: SheetsApiServer;
  let api: sheets_v4.Sheets;
  beforeEach(() => {
    ({ server, api } = fixture);
  });
  const seed = (): string => seedDla(server);

  it('creates a spreadsheet and reads it back with real-shaped properties', async () => {
    const created = await api.spreadsheets.create({
      requestBody: {
        properties: { title: 'Opérateur 59', locale: 'fr_FR', timeZone: 'Europe/Paris' },
        sheets: [
          {
            properties: {
              title: 'Missions',
              gridProperties: { rowCount: 50, columnCount: 8, frozenRowCount: 1 },
            },
          },
          { properties: { title: 'Paramètres' } },
        ],
      },
    });
    expect(created.status).toBe(200);
    const spreadsheetId = created.data.spreadsheetId ?? '';
    expect(spreadsheetId).toMatch(/^[A-Za-z0-9_-]{44}$/);

    const read = await api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties' });
    expect(read.data.properties).toMatchObject({
      title: 'Opérateur 59',
      locale: 'fr_FR',
      timeZone: 'Europe/Paris',
    });
    const [missions, parameters] = read.data.sheets ?? [];
    expect(missions?.properties).toEqual({
      sheetId: 0,
      title: 'Missions',
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 50, columnCount: 8, frozenRowCount: 1 },
    });
    expect(parameters?.properties).toMatchObject({
      title: 'Paramètres',
      index: 1,
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });
    expect(parameters?.properties?.gridProperties?.frozenRowCount).toBeUndefined();
    expect(parameters?.properties?.sheetId).toEqual(expect.any(Number));
    expect(server.calls.map((call) => [call.method, call.operation, call.status])).toEqual([
      ['POST', 'spreadsheets.create', 200],
      ['GET', 'spreadsheets.get', 200],
    ]);
  });

  it('answers batchGet with trimmed rows and both render options', async () => {
    const spreadsheetId = seed();
    const response = await api.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: ["'Missions'!A1:Z", 'Missions', "'Paramètres'!A:C", "'Missions'!A10:B12"],
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    const [open, whole, parameters, empty] = response.data.valueRanges ?? [];
    const expected = [
      ['Id', 'Structure', 'Jours', 'Clos'],
      ['M-1', 'Asso A', 3, false],
      ['M-2', 'Asso B', 2.5, true],
      [],
      ['M-4', '', 1],
    ];
    expect(open).toEqual({ range: 'Missions!A1:Z1000', majorDimension: 'ROWS', values: expected });
    expect(whole?.values).toEqual(expected);
    expect(parameters).toEqual({
      range: "'Paramètres'!A1:C1000",
      majorDimension: 'ROWS',
      values: [
        ['Clé', 'Valeur', 'Note'],
        ['seuil', 10],
      ],
    });
    expect(empty).toEqual({ range: 'Missions!A10:B12', majorDimension: 'ROWS' });

    const formatted = await api.spreadsheets.values.get({
      spreadsheetId,
      range: "'Missions'!B2:D3",
    });
    expect(formatted.data.values).toEqual([
      ['Asso A', '3', 'FALSE'],
      ['Asso B', '2.5', 'TRUE'],
    ]);

    const columns = await api.spreadsheets.values.get({
      spreadsheetId,
      range: 'Missions!A1:B3',
      majorDimension: 'COLUMNS',
    });
    expect(columns.data.values).toEqual([
      ['Id', 'M-1', 'M-2'],
      ['Structure', 'Asso A', 'Asso B'],
    ]);

    const batchGet = server.calls.find((call) => call.operation === 'values.batchGet');
    expect(batchGet?.ranges).toEqual([
      "'Missions'!A1:Z",
      'Missions',
      "'Paramètres'!A:C",
      "'Missions'!A10:B12",
    ]);
    expect(batchGet?.query['valueRenderOption']).toEqual(['UNFORMATTED_VALUE']);
    expect(server.calls[1]?.path).toBe(`/v4/spreadsheets/${spreadsheetId}/values/'Missions'!B2:D3`);
    expect(server.calls[1]?.ranges).toEqual(["'Missions'!B2:D3"]);
  });

  it.each([
    ['PUT', "values/'Missions'!A1"],
    ['POST', "values/'Missions'!A1:append"],
    ['POST', 'values:batchUpdate'],
    ['POST', 'values:batchClear'],
  ])(
    'answers %s %s (a values write no code of ours sends) 404, as an unknown method',
    async (method, path) => {
      const spreadsheetId = seed();
      const response = await fetch(`${server.url}/v4/spreadsheets/${spreadsheetId}/${path}`, {
        method,
        headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
        body: JSON.stringify({ values: [['x']] }),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
      expect(server.state.getValues(spreadsheetId, 'Missions', 'A1')).toEqual([['Id']]);
    },
  );

  it('refuses unknown sheets, malformed ranges and unknown spreadsheets', async () => {
    const spreadsheetId = seed();
    const unknownSheet = await failure(() =>
      api.spreadsheets.values.get({ spreadsheetId, range: "'Absent'!A1:B2" }),
    );
    expect(unknownSheet.status).toBe(400);
    expect(unknownSheet.body).toEqual({
      error: {
        code: 400,
        message: "Unable to parse range: 'Absent'!A1:B2",
        status: 'INVALID_ARGUMENT',
      },
    });

    const badRange = await failure(() =>
      api.spreadsheets.values.get({ spreadsheetId, range: 'Missions!A1:B2:C3' }),
    );
    expect(badRange.status).toBe(400);

    const missing = await failure(() =>
      api.spreadsheets.get({ spreadsheetId: 'no-such-spreadsheet' }),
    );
    expect(missing).toMatchObject({ name: 'GaxiosError', status: 404 });
    expect(missing.body).toEqual({
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
    expect(server.calls.map((call) => call.status)).toEqual([400, 400, 404]);
  });

  it('shows a person’s edits made through the state helpers', async () => {
    const spreadsheetId = seed();
    server.state.setValues(spreadsheetId, 'Missions', 'C2', [['4,5'], ['7']]);
    const response = await api.spreadsheets.values.get({
      spreadsheetId,
      range: 'Missions!C2:C3',
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(response.data.values).toEqual([['4,5'], [7]]);
  });

  it('injects 503 and 429 faults with Google’s error bodies and Retry-After', async () => {
    const spreadsheetId = seed();
    server.failNext(503);
    const unavailable = await failure(() =>
      api.spreadsheets.values.get({ spreadsheetId, range: 'Missions!A1' }),
    );
    expect(unavailable).toMatchObject({ name: 'GaxiosError', status: 503 });
    expect(unavailable.body).toEqual({
      error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' },
    });

    server.failNext(429, { retryAfterSeconds: 7, count: 2 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const exhausted = await failure(() =>
        api.spreadsheets.batchUpdate({
          spreadsheetId,
          requestBody: {
            requests: [
              {
                updateCells: {
                  start: { sheetId: 0, rowIndex: 1, columnIndex: 0 },
                  rows: [{ values: [{ userEnteredValue: { stringValue: 'X' } }] }],
                  fields: 'userEnteredValue',
                },
              },
            ],
          },
        }),
      );
      expect(exhausted).toMatchObject({ status: 429, retryAfter: '7' });
      expect(exhausted.body).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    }
    const ok = await api.spreadsheets.values.get({ spreadsheetId, range: 'Missions!A2' });
    expect(ok.data.values).toEqual([['M-1']]);
    expect(server.state.getValues(spreadsheetId, 'Missions', 'A2')).toEqual([['M-1']]);

    server.failNext(503, { operation: 'spreadsheets.batchUpdate' });
    await api.spreadsheets.values.get({ spreadsheetId, range: 'Missions!A1' });
    const targeted = await failure(() =>
      api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [] } }),
    );
    expect(targeted.status).toBe(503);

    expect(server.calls.map((call) => [call.operation, call.status, call.injected])).toEqual([
      ['values.get', 503, true],
      ['spreadsheets.batchUpdate', 429, true],
      ['spreadsheets.batchUpdate', 429, true],
      ['values.get', 200, false],
      ['values.get', 200, false],
      ['spreadsheets.batchUpdate', 503, true],
    ]);
  });

  it('is retried by the client’s default retry config on a GET 503', async () => {
    const spreadsheetId = seed();
    const retrying = client(server, true);
    server.failNext(503, { count: 2 });
    const response = await retrying.spreadsheets.values.get({
      spreadsheetId,
      range: 'Missions!A1',
    });
    expect(response.data.values).toEqual([['Id']]);
    expect(server.calls.map((call) => call.status)).toEqual([503, 503, 200]);
  });

  it('offers a ready-made client with the same settings', async () => {
    const spreadsheetId = seed();
    const ready = createSheetsTestClient(server, { accessToken: 'jeton' });
    const response = await ready.spreadsheets.values.get({ spreadsheetId, range: 'Missions!A1' });
    expect(response.data.values).toEqual([['Id']]);
    expect(server.calls[0]?.authorization).toBe('Bearer jeton');
  });

  it('answers 401 without credentials, and enforces a per-minute quota when asked', async () => {
    const spreadsheetId = seed();
    const anonymous = sheets({
      version: 'v4',
      rootUrl: `${server.url}/`,
      retry: false,
      fetchImplementation: fetch,
    });
    const unauthenticated = await failure(() => anonymous.spreadsheets.get({ spreadsheetId }));
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body).toMatchObject({ error: { status: 'UNAUTHENTICATED' } });

    let clock = 0;
    const limited = await startSheetsApiServer({
      quota: { readRequestsPerMinute: 2, now: () => clock },
    });
    try {
      const limitedApi = client(limited);
      const id = limited.state.createSpreadsheet('Quota', [{ title: 'S', rows: [['a']] }]);
      await limitedApi.spreadsheets.values.get({ spreadsheetId: id, range: 'S!A1' });
      await limitedApi.spreadsheets.values.get({ spreadsheetId: id, range: 'S!A1' });
      const over = await failure(() =>
        limitedApi.spreadsheets.values.get({ spreadsheetId: id, range: 'S!A1' }),
      );
      expect(over.status).toBe(429);
      expect(over.message).toContain("'Read requests per minute per user'");
      clock += 60_000;
      await expect(
        limitedApi.spreadsheets.values.get({ spreadsheetId: id, range: 'S!A1' }),
      ).resolves.toMatchObject({
        status: 200,
      });
    } finally {
      await limited.close();
    }
  });
});
