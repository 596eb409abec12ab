import fs from 'node:fs';
import path from 'node:path';
import { ENV_SCHEMA } from '../../../functions/config';
import { VARIABLE_MEANINGS } from '../../../scripts/docs/configuration-reference';
import { DOCS_DIR, regeneratedFiles } from '../../../scripts/docs/generate-docs';
import { allColumnLabels } from '../../../scripts/docs/operator-guide-tables';

const REPO = path.join(DOCS_DIR, '..');
const read = (file: string): string => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('the documentation cannot drift from the code', () => {
  it.each([...regeneratedFiles()].map(([file, texts]) => [path.relative(REPO, file), texts]))(
    '%s is as `npm run docs` writes it',
    (_file, { current, expected }) => {
      expect(current).toBe(expected);
    },
  );

  const guide = read('docs/guide-operateur.md');
  it.each(allColumnLabels().map((c) => [c.tab, c.label]))(
    'the operator guide explains column « %s › %s »',
    (_tab, label) => {
      expect(guide).toContain(`| ${label.replace(/\|/g, '\\|')} |`);
    },
  );

  const configuration = read('docs/configuration.md');
  it.each(Object.keys(ENV_SCHEMA.shape))('docs/configuration.md documents %s', (name) => {
    expect(VARIABLE_MEANINGS[name]).toBeDefined();
    expect(configuration).toContain(`| \`${name}\` |`);
  });

  it('keeps the README short, and every link of README and docs/ points to a file', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
    const files = [
      'README.md',
      ...fs
        .readdirSync(DOCS_DIR)
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    for (const file of files) {
      for (const [, target] of read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        expect({
          file,
          target,
          exists: fs.existsSync(path.join(REPO, path.dirname(file), target)),
        }).toEqual({
          file,
          target,
          exists: true,
        });
      }
    }
  });
});
