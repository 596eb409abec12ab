import { type JsonObject, SheetsApiError, parseFieldMask } from '../../support/sheets-api-model';
import { SheetsApiState } from '../../support/sheets-api-state';
import { parseUserEnteredText } from '../../support/sheets-api-values';

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

  it('grows the grid when a person types past it, and refuses an updateCells past it', () => {
    const small = state.createSpreadsheet('S', [{ title: 'S', rowCount: 2, columnCount: 2 }]);
    state.setValues(small, 'S', 'A2', [['a', 'b', 'c'], ['d']]);
    expect(state.getSheet(small, 'S').properties.gridProperties).toMatchObject({
      rowCount: 3,
      columnCount: 3,
    });
    const outside = apiError(() =>
      state.batchUpdate(small, {
        requests: [
          {
            updateCells: {
              start: { sheetId: state.getSheetId(small, 'S'), rowIndex: 9, columnIndex: 0 },
              rows: [{ values: [{ userEnteredValue: { stringValue: 'x' } }] }],
              fields: 'userEnteredValue',
            },
          },
        ],
      }),
    );
    expect(outside.message).toBe(
      'Invalid requests[0].updateCells: Range (S!A10) exceeds grid limits. Max rows: 3, max columns: 3',
    );
  });

  it.each(['insertDimension', 'addConditionalFormatRule', 'autoResizeDimensions'])(
    'refuses the %s request no code of the project sends, naming it',
    (kind) => {
      const error = apiError(() => state.batchUpdate(id, { requests: [{ [kind]: {} }] }));
      expect(error.code).toBe(400);
      expect(error.message).toContain(`does not implement the "${kind}" request`);
    },
  );

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
