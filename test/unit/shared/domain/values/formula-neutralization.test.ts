import { neutralizeFormula } from '../../../../../shared/domain/values/formula-neutralization';

describe('neutralizeFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x.example";"clic")', '\'=HYPERLINK("http://x.example";"clic")'],
    ['+33 3 20 74 57 40', "'+33 3 20 74 57 40"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('prefixes %j with an apostrophe', (text, expected) => {
    expect(neutralizeFormula(text)).toBe(expected);
  });

  it.each([
    ['Cabinet Escaut Conseil'],
    [''],
    ['3 = 4'],
    ['contact@escaut-conseil.fr'],
    ['Région entière'],
    ["'=déjà du texte"],
  ])('leaves %j as it is', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});
