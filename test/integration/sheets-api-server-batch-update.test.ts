import type { sheets_v4 } from '@googleapis/sheets';
import { type SheetsApiServer } from '../support/sheets-api-server';
import { failure, seedDla, useSheetsServer } from '../support/sheets-api-server-fixture';

describe('local Sheets API server with the real @googleapis/sheets client: spreadsheets.batchUpdate', () => {
  const fixture = useSheetsServer();
  let server: SheetsApiServer;
  let api: sheets_v4.Sheets;
  beforeEach(() => {
    ({ server, api } = fixture);
  });
  const seed = (): string => seedDla(server);

  it('applies spreadsheet batchUpdate requests and replies like Google', async () => {
    const spreadsheetId = seed();
    const missionsId = server.state.getSheetId(spreadsheetId, 'Missions');
    const response = await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          {
            addSheet: {
              properties: { title: 'Alertes', gridProperties: { rowCount: 100, columnCount: 5 } },
            },
          },
          {
            updateSheetProperties: {
              properties: { sheetId: missionsId, gridProperties: { frozenRowCount: 2 } },
              fields: 'gridProperties.frozenRowCount',
            },
          },
          {
            updateCells: {
              start: { sheetId: missionsId, rowIndex: 0, columnIndex: 0 },
              rows: [
                {
                  values: [
                    {
                      note: 'Identifiant unique de la mission',
                      userEnteredFormat: { backgroundColor: { red: 0.9, green: 0.9, blue: 0.9 } },
                    },
                  ],
                },
              ],
              fields: 'note,userEnteredFormat.backgroundColor',
            },
          },
          {
            repeatCell: {
              range: {
                sheetId: missionsId,
                startRowIndex: 0,
                endRowIndex: 1,
                startColumnIndex: 1,
                endColumnIndex: 4,
              },
              cell: { userEnteredFormat: { backgroundColor: { red: 1 } } },
              fields: 'userEnteredFormat.backgroundColor',
            },
          },
          {
            setDataValidation: {
              range: {
                sheetId: missionsId,
                startRowIndex: 1,
                startColumnIndex: 3,
                endColumnIndex: 4,
              },
              rule: {
                condition: {
                  type: 'ONE_OF_LIST',
                  values: [{ userEnteredValue: 'TRUE' }, { userEnteredValue: 'FALSE' }],
                },
                strict: true,
                showCustomUi: true,
              },
            },
          },
          {
            addProtectedRange: {
              protectedRange: {
                range: { sheetId: missionsId, startRowIndex: 0, endRowIndex: 1 },
                description: 'En-têtes',
                warningOnly: true,
              },
            },
          },
          {
            updateDimensionProperties: {
              range: { sheetId: missionsId, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 },
              properties: { pixelSize: 240 },
              fields: 'pixelSize',
            },
          },
          { appendDimension: { sheetId: missionsId, dimension: 'ROWS', length: 500 } },
        ],
      },
    });
    const replies = response.data.replies ?? [];
    expect(response.data.spreadsheetId).toBe(spreadsheetId);
    expect(replies).toHaveLength(8);
    const added = replies[0]?.addSheet?.properties;
    expect(added).toMatchObject({
      title: 'Alertes',
      index: 2,
      sheetType: 'GRID',
      gridProperties: { rowCount: 100, columnCount: 5 },
    });
    expect(added?.sheetId).toEqual(expect.any(Number));
    expect(added?.sheetId).not.toBe(missionsId);
    expect(replies[1]).toEqual({});
    const protectedRangeId = replies[5]?.addProtectedRange?.protectedRange?.protectedRangeId;
    if (typeof protectedRangeId !== 'number') {
      throw new Error('addProtectedRange replied without a protectedRangeId');
    }

    const state = server.state;
    expect(state.getNote(spreadsheetId, 'Missions', 'A1')).toBe('Identifiant unique de la mission');
    expect(state.getBackground(spreadsheetId, 'Missions', 'A1')).toEqual({
      red: 0.9,
      green: 0.9,
      blue: 0.9,
    });
    expect(state.getBackground(spreadsheetId, 'Missions', 'C1')).toEqual({ red: 1 });
    expect(state.getValues(spreadsheetId, 'Missions', 'A1:D1')).toEqual([
      ['Id', 'Structure', 'Jours', 'Clos'],
    ]);
    expect(state.getDataValidation(spreadsheetId, 'Missions', 'D700')).toMatchObject({
      condition: { type: 'ONE_OF_LIST' },
      strict: true,
    });
    expect(state.getDataValidation(spreadsheetId, 'Missions', 'D1')).toBeUndefined();
    expect(state.getDataValidation(spreadsheetId, 'Missions', 'D1200')).toBeUndefined();
    expect(state.getDimensionProperties(spreadsheetId, 'Missions', 'COLUMNS', 1)).toEqual({
      pixelSize: 240,
    });

    const read = await api.spreadsheets.get({ spreadsheetId });
    const missions = read.data.sheets?.find((sheet) => sheet.properties?.sheetId === missionsId);
    expect(missions?.properties?.gridProperties).toEqual({
      rowCount: 1500,
      columnCount: 26,
      frozenRowCount: 2,
    });
    expect(missions?.protectedRanges).toEqual([
      {
        protectedRangeId,
        range: { sheetId: missionsId, startRowIndex: 0, endRowIndex: 1 },
        description: 'En-têtes',
        warningOnly: true,
        requestingUserCanEdit: true,
      },
    ]);
    expect(read.data.sheets?.map((sheet) => sheet.properties?.title)).toEqual([
      'Missions',
      'Paramètres',
      'Alertes',
    ]);

    const withGrid = await api.spreadsheets.get({
      spreadsheetId,
      ranges: ["'Missions'!A1:B2"],
      includeGridData: true,
    });
    const cell = withGrid.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0];
    expect(cell).toMatchObject({
      userEnteredValue: { stringValue: 'Id' },
      formattedValue: 'Id',
      note: 'Identifiant unique de la mission',
    });

    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ deleteProtectedRange: { protectedRangeId } }] },
    });
    expect(server.state.getProtectedRanges(spreadsheetId)).toEqual([]);
    expect(server.calls[0]?.requestKinds).toEqual([
      'addSheet',
      'updateSheetProperties',
      'updateCells',
      'repeatCell',
      'setDataValidation',
      'addProtectedRange',
      'updateDimensionProperties',
      'appendDimension',
    ]);
  });

  it('applies a batchUpdate all-or-nothing and names an unknown request', async () => {
    const spreadsheetId = seed();
    const sheetId = server.state.getSheetId(spreadsheetId, 'Missions');
    const unknown = await failure(() =>
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            { addSheet: { properties: { title: 'Nouvelle' } } },
            {
              updateCells: {
                start: { sheetId, rowIndex: 0, columnIndex: 0 },
                rows: [{ values: [{ note: 'jamais écrite' }] }],
                fields: 'note',
              },
            },
            {
              insertDimension: {
                range: { sheetId, dimension: 'ROWS', startIndex: 1, endIndex: 2 },
              },
            },
          ],
        },
      }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect(unknown.message).toContain('insertDimension');
    expect(unknown.message).toContain('requests[2]');
    expect(server.state.sheetTitles(spreadsheetId)).toEqual(['Missions', 'Paramètres']);
    expect(server.state.getNote(spreadsheetId, 'Missions', 'A1')).toBeUndefined();

    const duplicate = await failure(() =>
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ addSheet: { properties: { title: 'paramètres' } } }] },
      }),
    );
    expect(duplicate.status).toBe(400);
    expect(duplicate.message).toContain('A sheet with the name "paramètres" already exists');

    const outside = await failure(() =>
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            {
              repeatCell: {
                range: { sheetId, startRowIndex: 0, endRowIndex: 1001 },
                cell: { note: 'x' },
                fields: 'note',
              },
            },
          ],
        },
      }),
    );
    expect(outside.status).toBe(400);
    expect(outside.message).toContain('exceeds grid limits. Max rows: 1000, max columns: 26');
  });
});
