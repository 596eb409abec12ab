import { columnLetter, columnNumber } from '../../../../../shared/domain/values/column-letter';

describe('column letters', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [28, 'AB'],
    [52, 'AZ'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16_384, 'XFD'],
  ])('column %d is %s, and back', (position, letters) => {
    expect(columnLetter(position)).toBe(letters);
    expect(columnNumber(letters)).toBe(position);
  });

  it.each([0, -1, 1.5])('refuses column number %d', (position) => {
    expect(() => columnLetter(position)).toThrow(RangeError);
  });

  it.each(['', 'a', 'A1'])('refuses letters %j', (letters) => {
    expect(() => columnNumber(letters)).toThrow(RangeError);
  });
});
