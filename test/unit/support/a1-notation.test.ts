import fc from 'fast-check';

import {
  A1NotationError,
  columnIndexToLetters,
  columnLettersToIndex,
  formatA1Range,
  formatCellRange,
  parseA1Range,
  parseCellCoordinate,
  parseCellRange,
  quoteSheetName,
} from '../../support/a1-notation';

describe('column letters', () => {
  it.each([
    ['A', 0],
    ['Z', 25],
    ['AA', 26],
    ['AZ', 51],
    ['BA', 52],
    ['ZZ', 701],
    ['AAA', 702],
    ['ZZZ', 18_277],
  ])('%s is column %i', (letters, index) => {
    expect(columnLettersToIndex(letters)).toBe(index);
    expect(columnIndexToLetters(index)).toBe(letters);
  });

  it('reads lower case', () => {
    expect(columnLettersToIndex('ab')).toBe(27);
  });

  it('refuses what is not a column', () => {
    expect(() => columnLettersToIndex('AAAA')).toThrow(A1NotationError);
    expect(() => columnLettersToIndex('')).toThrow(A1NotationError);
    expect(() => columnLettersToIndex('A1')).toThrow(A1NotationError);
    expect(() => columnIndexToLetters(-1)).toThrow(RangeError);
    expect(() => columnIndexToLetters(18_278)).toThrow(RangeError);
  });

  it('round-trips every column index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18_277 }), (index) => {
        expect(columnLettersToIndex(columnIndexToLetters(index))).toBe(index);
      }),
    );
  });
});

describe('parseCellRange', () => {
  it('reads a single cell', () => {
    expect(parseCellRange('B3')).toEqual({
      startRowIndex: 2,
      endRowIndex: 3,
      startColumnIndex: 1,
      endColumnIndex: 2,
    });
    expect(parseCellRange('$B$3')).toEqual(parseCellRange('B3'));
  });

  it('reads a closed range and puts reversed corners in order', () => {
    const expected = { startRowIndex: 0, endRowIndex: 10, startColumnIndex: 0, endColumnIndex: 3 };
    expect(parseCellRange('A1:C10')).toEqual(expected);
    expect(parseCellRange('C10:A1')).toEqual(expected);
  });

  it('reads open-ended, whole-column and whole-row ranges', () => {
    expect(parseCellRange('A2:F')).toEqual({
      startRowIndex: 1,
      endRowIndex: undefined,
      startColumnIndex: 0,
      endColumnIndex: 6,
    });
    expect(parseCellRange('A:C')).toEqual({
      startRowIndex: undefined,
      endRowIndex: undefined,
      startColumnIndex: 0,
      endColumnIndex: 3,
    });
    expect(parseCellRange('2:5')).toEqual({
      startRowIndex: 1,
      endRowIndex: 5,
      startColumnIndex: undefined,
      endColumnIndex: undefined,
    });
  });

  it.each(['', 'A', '1', 'A1:B2:C3', 'A0', 'A:5', '5:A', 'AAAA1', 'A1:', ':B2', 'A-1', 'Missions'])(
    'does not read %p as cells',
    (text) => {
      expect(parseCellRange(text)).toBeUndefined();
    },
  );
});

describe('parseA1Range', () => {
  it('reads a quoted sheet with an open-ended range', () => {
    expect(parseA1Range("'Missions'!A1:Z")).toEqual({
      sheetName: 'Missions',
      bounds: { startRowIndex: 0, endRowIndex: undefined, startColumnIndex: 0, endColumnIndex: 26 },
      namesSheetOnly: false,
    });
  });

  it('reads accents and whole columns', () => {
    const parsed = parseA1Range("'Paramètres'!A:C");
    expect(parsed.sheetName).toBe('Paramètres');
    expect(parsed.bounds).toEqual({
      startRowIndex: undefined,
      endRowIndex: undefined,
      startColumnIndex: 0,
      endColumnIndex: 3,
    });
  });

  it('reads a sheet title alone as the whole sheet', () => {
    expect(parseA1Range('Missions')).toEqual({
      sheetName: 'Missions',
      bounds: {
        startRowIndex: undefined,
        endRowIndex: undefined,
        startColumnIndex: undefined,
        endColumnIndex: undefined,
      },
      namesSheetOnly: true,
    });
    expect(parseA1Range("'Suivi 2025'").sheetName).toBe('Suivi 2025');
    expect(parseA1Range("'Suivi 2025'").namesSheetOnly).toBe(true);
  });

  it("unescapes '' inside a quoted title, even with ! in it", () => {
    const parsed = parseA1Range("'L''équipe ! 1'!B2");
    expect(parsed.sheetName).toBe("L'équipe ! 1");
    expect(parsed.bounds.startRowIndex).toBe(1);
    expect(parsed.bounds.startColumnIndex).toBe(1);
  });

  it('reads unquoted sheet names and cells without a sheet', () => {
    expect(parseA1Range('Sheet1!A1').sheetName).toBe('Sheet1');
    expect(parseA1Range('Paramètres!A:C').sheetName).toBe('Paramètres');
    const noSheet = parseA1Range('A1:B2');
    expect(noSheet.sheetName).toBeUndefined();
    expect(noSheet.bounds.endRowIndex).toBe(2);
  });

  it.each([
    "'Missions",
    "'Missions'A1",
    "''!A1",
    '!A1',
    'Missions!',
    'Missions!A1:B2:C3',
    "'M'!",
    'Sheet1!ZZZZ1',
  ])('refuses %p with Google’s message', (text) => {
    expect(() => parseA1Range(text)).toThrow(`Unable to parse range: ${text}`);
  });

  it('reads one cell coordinate', () => {
    expect(parseCellCoordinate('C7')).toEqual({ rowIndex: 6, columnIndex: 2 });
    expect(() => parseCellCoordinate('A1:B2')).toThrow(A1NotationError);
    expect(() => parseCellCoordinate('A')).toThrow(A1NotationError);
  });
});

describe('formatting', () => {
  it('quotes titles only when needed', () => {
    expect(quoteSheetName('Missions')).toBe('Missions');
    expect(quoteSheetName('Suivi 2025')).toBe("'Suivi 2025'");
    expect(quoteSheetName("L'équipe")).toBe("'L''équipe'");
    expect(quoteSheetName('A1')).toBe("'A1'");
    expect(quoteSheetName('R1C1')).toBe("'R1C1'");
  });

  it('writes ranges as the API does', () => {
    expect(formatA1Range('Missions', parseA1Range('A1:Z1000').bounds)).toBe('Missions!A1:Z1000');
    expect(formatA1Range('Paramètres', parseA1Range('B3').bounds)).toBe("'Paramètres'!B3");
    expect(formatCellRange(parseA1Range('A2:F').bounds)).toBe('A2:F');
    expect(formatCellRange(parseA1Range('A:C').bounds)).toBe('A:C');
    expect(formatCellRange(parseA1Range('2:5').bounds)).toBe('2:5');
    expect(formatA1Range('Missions', parseA1Range('Missions').bounds)).toBe('Missions');
  });

  it('round-trips closed ranges through text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 18_277 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.string({ minLength: 1, maxLength: 12 }),
        (startColumn, columnSpan, startRow, rowSpan, title) => {
          const bounds = {
            startRowIndex: startRow,
            endRowIndex: startRow + rowSpan + 1,
            startColumnIndex: startColumn,
            endColumnIndex: Math.min(startColumn + columnSpan, 18_277) + 1,
          };
          const parsed = parseA1Range(formatA1Range(title, bounds));
          expect(parsed.sheetName).toBe(title);
          expect(parsed.bounds).toEqual(bounds);
        },
      ),
    );
  });
});
