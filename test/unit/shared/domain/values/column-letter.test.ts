import {
  columnLetterOfPosition,
  columnPositionOfLetters,
} from '../../../../../shared/domain/values/column-letter';

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
    expect(columnLetterOfPosition(position)).toBe(letters);
    expect(columnPositionOfLetters(letters)).toBe(position);
  });

  it.each([0, -1, 1.5])('refuses column number %d', (position) => {
    expect(() => columnLetterOfPosition(position)).toThrow(RangeError);
  });

  it.each(['', 'a', 'A1'])('refuses letters %j', (letters) => {
    expect(() => columnPositionOfLetters(letters)).toThrow(RangeError);
  });
});
