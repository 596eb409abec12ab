import {
  canonicalJson,
  contentHash,
  sameJson,
  sameTabRows,
} from '../../../../../shared/domain/sync/content-hash';

describe('sameTabRows: a tab as written and as a spreadsheet gives it back', () => {
  it.each([
    [
      'identical rows',
      [['PRE-0001', 'Opale Stratégies', 'Oui']],
      [['PRE-0001', 'Opale Stratégies', 'Oui']],
      true,
    ],
    [
      'trailing empty cells dropped by the spreadsheet',
      [['PRE-0001', 'Opale', '', null]],
      [['PRE-0001', 'Opale']],
      true,
    ],
    [
      'an empty cell read back as null',
      [['PRE-0001', null, 'Oui']],
      [['PRE-0001', '', 'Oui']],
      true,
    ],
    ['an empty cell in the middle kept', [['PRE-0001', '', 'Oui']], [['PRE-0001', 'Oui']], false],
    ['a value changed', [['PRE-0001', 'Opale', 'Oui']], [['PRE-0001', 'Opale', 'Non']], false],
    ['a row more', [['PRE-0001']], [['PRE-0001'], ['PRE-0002']], false],
    ['the same number as text', [['PRE-0001', 3]], [['PRE-0001', '3']], false],
  ])('%s → %s', (_case, a, b, same) => {
    expect(sameTabRows(a, b)).toBe(same);
  });
});

describe('canonical JSON and content hash', () => {
  it.each([
    [{ b: 1, a: [2, { d: null, c: 'é' }] }, '{"a":[2,{"c":"é","d":null}],"b":1}'],
    [{ skipped: undefined, kept: 0 }, '{"kept":0}'],
  ])('writes %j as %s', (value, json) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it('gives the same hash to the same content in any key order, and another to other content', () => {
    expect(contentHash({ a: 1, b: 'x' })).toBe(contentHash({ b: 'x', a: 1 }));
    expect(contentHash({ a: 1, b: 'x' })).not.toBe(contentHash({ a: 1, b: 'y' }));
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
    expect(sameJson([1, { a: 2 }], [1, { a: 2 }])).toBe(true);
  });
});
