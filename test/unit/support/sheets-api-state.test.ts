import {
  type JsonObject,
  SheetsApiError,
  SheetsApiState,
  parseFieldMask,
  parseUserEnteredText,
} from '../../support/sheets-api-state';

function apiError(call: () => unknown): SheetsApiError {
  try {
    call();
  } catch (error) {
    if (error instanceof SheetsApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a SheetsApiError');
}

describe('field masks', () => {
  it('splits paths, nested groups and *', () => {
    expect(parseFieldMask('userEnteredValue,note')).toEqual([['userEnteredValue'], ['note']]);
    expect(parseFieldMask('userEnteredFormat(backgroundColor,textFormat.bold),note')).toEqual([
      ['userEnteredFormat', 'backgroundColor'],
      ['userEnteredFormat', 'textFormat', 'bold'],
      ['note'],
    ]);
    expect(parseFieldMask('gridProperties.frozenRowCount')).toEqual([
      ['gridProperties', 'frozenRowCount'],
    ]);
    expect(parseFieldMask('*')).toEqual([['*']]);
  });

  it.each(['', 'a,,b', 'a(b', 'a.', 'a)b'])('refuses %p', (mask) => {
    expect(apiError(() => parseFieldMask(mask)).code).toBe(400);
  });
});

describe('USER_ENTERED text', () => {
  it.each<[string, JsonObject | 'clear']>([
    ['12', { numberValue: 12 }],
    ['-3.5', { numberValue: -3.5 }],
    ['1e3', { numberValue: 1000 }],
    ['1,234.5', { numberValue: 1234.5 }],
    ['0612345678', { numberValue: 612345678 }],
    ['50%', { numberValue: 0.5 }],
    ['TRUE', { boolValue: true }],
    ['false', { boolValue: false }],
    ['=SUM(A1:A3)', { formulaValue: '=SUM(A1:A3)' }],
    ["'0612345678", { stringValue: '0612345678' }],
    ['4,5', { stringValue: '4,5' }],
    ['Asso A', { stringValue: 'Asso A' }],
    ['2025-01-15', { stringValue: '2025-01-15' }],
    ['', 'clear'],
  ])('reads %p', (text, expected) => {
    expect(parseUserEnteredText(text)).toEqual(expected);
  });
});

describe('SheetsApiState', () => {
  let state: SheetsApiState;
  let id: string;
  let sheetId: number;

  beforeEach(() => {
    state = new SheetsApiState();
    id = state.createSpreadsheet('T', [
      {
        title: 'Data',
        rows: [
          ['h1', 'h2', 'h3'],
          ['a', 1],
          ['b', 2],
        ],
      },
      { title: 'Other' },
    ]);
    sheetId = state.getSheetId(id, 'Data');
  });

  it('appends after the table found from a single cell, across its columns', () => {
    state.setValues(id, 'Data', 'C3', [['x']]);
    const response = state.appendValues(
      id,
      'Data!A1',
      { values: [['c', 3]] },
      { valueInputOption: 'RAW' },
    );
    expect(response).toMatchObject({
      tableRange: 'Data!A1:C3',
      updates: { updatedRange: 'Data!A4:B4' },
    });
    expect(state.getValues(id, 'Data', 'A4:B4')).toEqual([['c', 3]]);
  });

  it('appends with INSERT_ROWS by pushing rows below down', () => {
    state.setValues(id, 'Data', 'A10', [['en dessous']]);
    state.appendValues(
      id,
      'Data!A1:C3',
      { values: [['c', 3]] },
      { valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS' },
    );
    expect(state.getValues(id, 'Data', 'A4:A11')).toEqual([
      ['c'],
      [],
      [],
      [],
      [],
      [],
      [],
      ['en dessous'],
    ]);
    expect(state.getSheet(id, 'Data').properties.gridProperties.rowCount).toBe(1001);
  });

  it('grows the grid when values run past it, but refuses a start outside it', () => {
    const small = state.createSpreadsheet('S', [{ title: 'S', rowCount: 2, columnCount: 2 }]);
    state.updateValues(
      small,
      'S!A2',
      { values: [['a', 'b', 'c'], ['d']] },
      { valueInputOption: 'RAW' },
    );
    expect(state.getSheet(small, 'S').properties.gridProperties).toMatchObject({
      rowCount: 3,
      columnCount: 3,
    });
    const outside = apiError(() =>
      state.updateValues(small, 'S!A10', { values: [['x']] }, { valueInputOption: 'RAW' }),
    );
    expect(outside.message).toBe('Range (S!A10) exceeds grid limits. Max rows: 3, max columns: 3');
  });

  it('writes COLUMNS-major input and includes values in the response when asked', () => {
    const response = state.updateValues(
      id,
      'Other!A1:B2',
      {
        majorDimension: 'COLUMNS',
        values: [
          ['a', 'b'],
          ['1', '2'],
        ],
      },
      {
        valueInputOption: 'USER_ENTERED',
        includeValuesInResponse: true,
        responseValueRenderOption: 'UNFORMATTED_VALUE',
      },
    );
    expect(response['updatedData']).toEqual({
      range: 'Other!A1:B2',
      majorDimension: 'ROWS',
      values: [
        ['a', 1],
        ['b', 2],
      ],
    });
  });

  it('refuses a body range that differs from the path range', () => {
    const error = apiError(() =>
      state.updateValues(
        id,
        'Data!A1',
        { range: 'Data!B1', values: [['x']] },
        { valueInputOption: 'RAW' },
      ),
    );
    expect(error.code).toBe(400);
  });

  it('clears the masked fields of cells a ranged updateCells does not cover', () => {
    state.setNote(id, 'Data', 'B2', 'garde');
    state.setNote(id, 'Data', 'A2', 'efface');
    state.batchUpdate(id, {
      requests: [
        {
          updateCells: {
            range: {
              sheetId,
              startRowIndex: 1,
              endRowIndex: 2,
              startColumnIndex: 0,
              endColumnIndex: 2,
            },
            rows: [{ values: [{ userEnteredValue: { numberValue: 7 } }] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    expect(state.getValues(id, 'Data', 'A2:B2')).toEqual([[7]]);
    expect(state.getNote(id, 'Data', 'A2')).toBe('efface');
    expect(state.getNote(id, 'Data', 'B2')).toBe('garde');
  });

  it('renames, moves and deletes sheets', () => {
    const otherId = state.getSheetId(id, 'Other');
    state.batchUpdate(id, {
      requests: [
        {
          updateSheetProperties: {
            properties: { sheetId: otherId, title: 'Autre', index: 0 },
            fields: 'title,index',
          },
        },
      ],
    });
    expect(state.sheetTitles(id)).toEqual(['Autre', 'Data']);
    state.batchUpdate(id, { requests: [{ deleteSheet: { sheetId: otherId } }] });
    expect(state.sheetTitles(id)).toEqual(['Data']);
    const last = apiError(() =>
      state.batchUpdate(id, { requests: [{ deleteSheet: { sheetId } }] }),
    );
    expect(last.message).toContain("You can't remove all the sheets in a document.");
    const frozen = apiError(() =>
      state.batchUpdate(id, {
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId, gridProperties: { frozenRowCount: 1000 } },
              fields: 'gridProperties.frozenRowCount',
            },
          },
        ],
      }),
    );
    expect(frozen.message).toContain("You can't freeze all visible rows on the sheet.");
  });

  it('shifts protected ranges and drops them when their rows are deleted', () => {
    state.batchUpdate(id, {
      requests: [
        {
          addProtectedRange: {
            protectedRange: { range: { sheetId, startRowIndex: 5, endRowIndex: 8 } },
          },
        },
        {
          addProtectedRange: {
            protectedRange: { range: { sheetId, startRowIndex: 20, endRowIndex: 21 } },
          },
        },
        { insertDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 0, endIndex: 2 } } },
        {
          deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: 22, endIndex: 23 } },
        },
      ],
    });
    const ranges = state.getProtectedRanges(id).map((item) => item['range']);
    expect(ranges).toEqual([{ sheetId, startRowIndex: 7, endRowIndex: 10 }]);
  });

  it('keeps data validation and format on rows inserted inside a table', () => {
    state.batchUpdate(id, {
      requests: [
        {
          setDataValidation: {
            range: {
              sheetId,
              startRowIndex: 1,
              endRowIndex: 3,
              startColumnIndex: 1,
              endColumnIndex: 2,
            },
            rule: { condition: { type: 'NUMBER_GREATER', values: [{ userEnteredValue: '0' }] } },
          },
        },
        {
          insertDimension: {
            range: { sheetId, dimension: 'ROWS', startIndex: 2, endIndex: 3 },
            inheritFromBefore: true,
          },
        },
      ],
    });
    expect(state.getDataValidation(id, 'Data', 'B3')).toMatchObject({
      condition: { type: 'NUMBER_GREATER' },
    });
    expect(state.getValues(id, 'Data', 'A3:B4')).toEqual([[], ['b', 2]]);
  });

  it('names the request and field in errors, as Google does', () => {
    const noFields = apiError(() =>
      state.batchUpdate(id, {
        requests: [{ repeatCell: { range: { sheetId }, cell: { note: 'x' } } }],
      }),
    );
    expect(noFields.message).toMatch(/^Invalid requests\[0\]\.repeatCell: /);
    const badGrid = apiError(() =>
      state.batchUpdate(id, { requests: [{ deleteSheet: { sheetId: 424242 } }] }),
    );
    expect(badGrid.message).toBe('Invalid requests[0].deleteSheet: No grid with id: 424242');
    const empty = apiError(() => state.batchUpdate(id, { requests: [{}] }));
    expect(empty.message).toBe('Invalid requests[0]: No request set.');
  });
});
