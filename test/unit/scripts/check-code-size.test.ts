import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCodeSize } from '../../../scripts/check-code-size';

let root = '';
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-code-size-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes `relative` under the temporary root, creating its folders. */
function write(relative: string, text: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A file of `count` lines, each a constant, newline-terminated as the formatter leaves it. */
function linesOfCode(count: number): string {
  return Array.from({ length: count }, (_, i) => `export const c${i} = ${i};\n`).join('');
}

/** A function `name` of exactly `count` lines (its first and last line included). */
function functionOf(name: string, count: number): string {
  const body = Array.from({ length: count - 2 }, (_, i) => `  const v${i} = ${i};\n`).join('');
  return `export function ${name}(): void {\n${body}}\n`;
}

describe('measureCodeSize', () => {
  it.each([
    ['test/integration/long.test.ts', 601, ['test/integration/long.test.ts']],
    ['test/integration/at-limit.test.ts', 600, []],
    ['bench/cases/long-cases.ts', 601, ['bench/cases/long-cases.ts']],
    ['shared/domain/long-rules.ts', 601, ['shared/domain/long-rules.ts']],
    ['scripts/demo/vocabulary.data.ts', 900, []],
    ['test/support/builders/towns.data.ts', 900, []],
  ])('holds %s of %i lines to 600 lines: %j past it', (file, lines, expected) => {
    write(file, linesOfCode(lines));
    const report = measureCodeSize(root);
    expect(report.longFiles.map((m) => m.where)).toEqual(expected);
    expect(report.files.some((m) => m.where === file)).toBe(!file.endsWith('.data.ts'));
  });

  it.each([
    ['shared/domain/rules.ts', 121, 1],
    ['shared/domain/rules.ts', 120, 0],
    ['functions/adapters/store.ts', 121, 1],
    ['scripts/commands/backup.command.ts', 121, 1],
    ['sheets/apps-script/src/menu.ts', 121, 1],
    ['test/integration/table.test.ts', 300, 0],
    ['bench/cases/cases.ts', 300, 0],
  ])('in %s, a %i-line function makes %i function(s) past 120 lines', (file, lines, count) => {
    write(file, functionOf('rule', lines));
    const report = measureCodeSize(root);
    expect(report.longFunctions).toHaveLength(count);
    if (count > 0) {
      expect(report.longFunctions[0]).toEqual({ where: `${file}:1 rule`, lines });
    }
  });

  it('lists the longest first and ignores declarations, node_modules and build', () => {
    write('shared/short.ts', linesOfCode(3));
    write('shared/long.ts', linesOfCode(10));
    write('shared/types.d.ts', linesOfCode(700));
    write('functions/node_modules/pkg/index.ts', linesOfCode(700));
    write('functions/build/out.ts', linesOfCode(700));
    const report = measureCodeSize(root);
    expect(report.files).toEqual([
      { where: 'shared/long.ts', lines: 10 },
      { where: 'shared/short.ts', lines: 3 },
    ]);
    expect(report.longFiles).toEqual([]);
  });
});
