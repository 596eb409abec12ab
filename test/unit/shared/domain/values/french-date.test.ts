import {
  addDays,
  addMonths,
  compareIsoDates,
  daysBetween,
  formatFrenchDate,
  fromSerialNumber,
  isIsoDate,
  parisDateOf,
  parseFrenchDate,
  toSerialNumber,
} from '../../../../../shared/domain/values/french-date';

const FORMULA = '=HYPERLINK("http://evil";"clic")';

describe('parseFrenchDate', () => {
  it.each<[unknown, string]>([
    ['15/03/2024', '2024-03-15'],
    ['5/3/2024', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['15-03-2024', '2024-03-15'],
    ['15.03.2024', '2024-03-15'],
    ['  15/03/2024  ', '2024-03-15'],
    ['15/03/2024 00:00:00', '2024-03-15'],
    ['29/02/2024', '2024-02-29'],
    ['2024-03-15', '2024-03-15'],
    ['2024-03-15T10:30:00', '2024-03-15'],
    ['2024-03-15 10:30', '2024-03-15'],
    ['2024-01-14T23:30:00Z', '2024-01-15'], // 00:30 in Paris
    ['2024-07-14T22:30:00.000Z', '2024-07-15'], // 00:30 in Paris (summer time)
    ['2024-07-14T21:30:00Z', '2024-07-14'], // 23:30 in Paris
    ['2024-03-15T08:00:00+01:00', '2024-03-15'],
    ['1er mars 2024', '2024-03-01'],
    ['15 Février 2024', '2024-02-15'],
    ['1 janv. 2025', '2025-01-01'],
    ['01/01/1950', '1950-01-01'],
    ['31/12/2100', '2100-12-31'],
    [new Date(Date.UTC(2024, 0, 15)), '2024-01-15'], // exceljs: UTC midnight
    [new Date(Date.UTC(2024, 6, 14)), '2024-07-14'],
    [new Date('2024-03-30T23:30:00Z'), '2024-03-31'],
    [45306, '2024-01-15'],
    [45306.99, '2024-01-15'], // the time is ignored
    [18264, '1950-01-01'],
    [73415, '2100-12-31'],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseFrenchDate(raw)).toEqual({ ok: true, value: expected });
  });

  it('never reads mm/dd/yyyy: 03/15/2024 has no month 15', () => {
    const result = parseFrenchDate('03/15/2024');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DATE_INVALID');
      expect(result.error.message).toContain('le mois 15');
      expect(result.error.message).toContain('jj/mm/aaaa');
    }
  });

  it('reads 03/04/2024 as 3 April, never as 4 March', () => {
    expect(parseFrenchDate('03/04/2024')).toEqual({ ok: true, value: '2024-04-03' });
  });

  it.each<[unknown]>([['15/03/24'], ['1/1/25'], ['15.03.24']])(
    'refuses the two-digit year of %j',
    (raw) => {
      const result = parseFrenchDate(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('DATE_FORMAT');
        expect(result.error.message).toContain('ambiguë');
        expect(result.error.message).toContain('jj/mm/aaaa');
      }
    },
  );

  it.each<[unknown]>([
    ['31/02/2024'],
    ['29/02/2023'],
    ['31/04/2024'],
    ['00/01/2024'],
    ['2024-13-01'],
    ['2023-02-29'],
    ['32/01/2024'],
  ])('refuses the impossible date %j with DATE_INVALID', (raw) => {
    const result = parseFrenchDate(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DATE_INVALID');
      expect(result.error.message).toContain(`« ${String(raw)} »`);
    }
  });

  it.each<[unknown, string]>([
    ['31/12/1949', '31/12/1949'],
    ['01/01/2101', '01/01/2101'],
    ['1900-01-01', '01/01/1900'],
    [5, '04/01/1900'],
    [18263, '31/12/1949'],
    [73416, '01/01/2101'],
    [new Date(Date.UTC(1949, 11, 31, 12)), '31/12/1949'],
    [new Date(Date.UTC(3000, 0, 1)), '3000-01-01'],
    [-1e12, '-1000000000000'],
  ])('refuses %j with DATE_OUT_OF_RANGE showing %j', (raw, shown) => {
    const result = parseFrenchDate(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DATE_OUT_OF_RANGE');
      expect(result.error.message).toContain(`« ${shown} »`);
      expect(result.error.message).toContain('entre 1950 et 2100');
    }
  });

  it.each<[unknown]>([
    ['demain'],
    ['15/03'],
    ['2024'],
    ['15/03/202'],
    ['15/03-2024'],
    ['2024/03/15'],
    ['15 machin 2024'],
    ['2024-03-15T25:00:00'],
    [true],
  ])('refuses %j with the standard DATE_FORMAT message', (raw) => {
    expect(parseFrenchDate(raw)).toEqual({
      ok: false,
      error: {
        code: 'DATE_FORMAT',
        message: `Date illisible « ${String(raw)} » : saisissez-la au format jj/mm/aaaa.`,
      },
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'EMPTY'],
    ['undefined', undefined, 'EMPTY'],
    ['an object', {}, 'DATE_FORMAT'],
    ['an array', [], 'DATE_FORMAT'],
    ['NaN', NaN, 'DATE_FORMAT'],
    ['Infinity', Infinity, 'DATE_FORMAT'],
    ['a huge string', 'x'.repeat(100_000), 'DATE_FORMAT'],
    ['a formula', FORMULA, 'FORMULA_NOT_ALLOWED'],
    ['control characters', '\u0000\u0007', 'DATE_FORMAT'],
    ['an invalid date', new Date('invalid'), 'DATE_FORMAT'],
    ['the earliest Date', new Date(-8.64e15), 'DATE_OUT_OF_RANGE'],
    ['the latest Date', new Date(8.64e15), 'DATE_OUT_OF_RANGE'],
    ['a huge serial number', Number.MAX_VALUE, 'DATE_OUT_OF_RANGE'],
  ])('fails without throwing on %s', (_label, raw, code) => {
    const result = parseFrenchDate(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/^[A-ZÀ-Ý].*\.$/su);
      expect(result.error.message).not.toMatch(/undefined|NaN-|\[object/);
    }
  });
});

describe('calendar helpers', () => {
  it.each<[unknown, boolean]>([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-01', false],
    ['15/03/2024', false],
    [20240315, false],
    [null, false],
  ])('isIsoDate(%j) is %j', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    ['2024-03-15', '15/03/2024'],
    ['1950-01-01', '01/01/1950'],
    ['2100-12-31', '31/12/2100'],
  ])('formatFrenchDate(%j) is %j', (iso, expected) => {
    expect(formatFrenchDate(iso)).toBe(expected);
  });

  it('throws a RangeError when formatting something that is not an IsoDate', () => {
    expect(() => formatFrenchDate('15/03/2024')).toThrow(RangeError);
  });

  it.each<[string, number]>([
    ['1899-12-30', 0],
    ['1899-12-31', 1],
    ['1950-01-01', 18264],
    ['2024-01-15', 45306],
    ['2100-12-31', 73415],
  ])('%j is serial number %j, both ways', (iso, serial) => {
    expect(toSerialNumber(iso)).toBe(serial);
    expect(fromSerialNumber(serial)).toBe(iso);
  });

  it('ignores the time part of a serial number', () => {
    expect(fromSerialNumber(45306.9999)).toBe('2024-01-15');
  });

  it('throws a RangeError for a serial number that is not finite', () => {
    expect(() => fromSerialNumber(NaN)).toThrow(RangeError);
  });

  it.each<[string, number, string]>([
    ['2024-03-30', 1, '2024-03-31'], // night of the change to summer time
    ['2024-03-31', 1, '2024-04-01'],
    ['2024-10-26', 2, '2024-10-28'], // back to winter time
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-01-15', 0, '2024-01-15'],
    ['2024-01-15', 366, '2025-01-15'],
  ])('addDays(%j, %j) is %j', (iso, n, expected) => {
    expect(addDays(iso, n)).toBe(expected);
  });

  it('refuses a fractional number of days', () => {
    expect(() => addDays('2024-01-15', 1.5)).toThrow(RangeError);
  });

  it.each<[string, number, string]>([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-01-15', 1, '2024-02-15'],
    ['2024-11-30', 2, '2025-01-30'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-01-15', -13, '2022-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-05-10', 0, '2024-05-10'],
  ])('addMonths(%j, %j) is %j', (iso, n, expected) => {
    expect(addMonths(iso, n)).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['2024-03-30', '2024-04-01', 2],
    ['2024-10-26', '2024-10-28', 2],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2024-01-01', -366],
    ['2024-01-15', '2024-01-15', 0],
  ])('daysBetween(%j, %j) is %j', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ['2024-01-15', '2024-01-16', -1],
    ['2024-01-16', '2024-01-15', 1],
    ['2024-01-15', '2024-01-15', 0],
    ['2023-12-31', '2024-01-01', -1],
  ])('compareIsoDates(%j, %j) is %j', (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });

  it.each<[string, string]>([
    ['2024-01-15T00:00:00Z', '2024-01-15'],
    ['2024-01-14T22:59:59Z', '2024-01-14'],
    ['2024-01-14T23:00:00Z', '2024-01-15'],
    ['2024-07-14T21:59:59Z', '2024-07-14'],
    ['2024-07-14T22:00:00Z', '2024-07-15'],
  ])('parisDateOf(%j) is %j', (instant, expected) => {
    expect(parisDateOf(new Date(instant))).toBe(expected);
  });
});
