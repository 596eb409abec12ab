import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENV_SCHEMA } from '../../../functions/config';
import { VARIABLE_MEANINGS } from '../../../scripts/docs/configuration-reference';
import { DOCS_DIR, GENERATED_BLOCKS, regeneratedFiles } from '../../../scripts/docs/generate-docs';
import { LATEST_RESULTS } from '../../../scripts/docs/performance-section';
import { allColumnLabels } from '../../../scripts/docs/operator-guide-tables';

const REPO = path.join(DOCS_DIR, '..');
const read = (file: string): string => fs.readFileSync(path.join(REPO, file), 'utf8');

/** What a stale file shows next to its diff. */
const STALE = 'differs from what `npm run docs` writes: run `npm run docs` and commit the result';

/** The file as it is, with the fix named when it differs from what `npm run docs` writes. */
function asWritten(current: string, expected: string): { text: string; stale?: string } {
  return current === expected ? { text: current } : { text: current, stale: STALE };
}

/** A copy of the files `npm run docs` reads and writes, in a fresh directory. */
function copyOfCheckout(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-docs-'));
  const files = [
    LATEST_RESULTS,
    ...new Set(GENERATED_BLOCKS.map((b) => path.join('docs', b.file))),
  ];
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(repo, file));
  }
  return repo;
}

describe('the documentation cannot drift from the code', () => {
  it.each([...regeneratedFiles()].map(([file, texts]) => [path.relative(REPO, file), texts]))(
    '%s is as `npm run docs` writes it',
    (_file, { current, expected }) => {
      expect(asWritten(current, expected)).toEqual({ text: expected });
    },
  );

  describe("README.md's performance section follows bench/results/latest.json", () => {
    let repo = '';
    beforeEach(() => {
      repo = copyOfCheckout();
    });
    afterEach(() => {
      fs.rmSync(repo, { recursive: true, force: true });
    });
    const readme = () => path.join(repo, 'README.md');

    it.each<[string, (results: { issue17: { pass: boolean }[]; environment: object }) => void]>([
      [
        'an issue 17 row turns FAIL',
        (r) => {
          r.issue17.forEach((row) => (row.pass = false));
        },
      ],
      [
        'latest.json comes from a run on another commit',
        (r) => {
          r.environment = { ...r.environment, commit: 'f00dcafe' };
        },
      ],
    ])('the committed README is stale when %s, until `npm run docs`', (_change, change) => {
      const file = path.join(repo, LATEST_RESULTS);
      const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Parameters<typeof change>[0];
      change(results);
      fs.writeFileSync(file, JSON.stringify(results, null, 2));
      const before = regeneratedFiles(path.join(repo, 'docs')).get(readme());
      expect(before === undefined ? undefined : asWritten(before.current, before.expected)).toEqual(
        expect.objectContaining({ stale: STALE }),
      );
      fs.writeFileSync(readme(), before?.expected ?? '');
      const after = regeneratedFiles(path.join(repo, 'docs')).get(readme());
      expect(after === undefined ? undefined : asWritten(after.current, after.expected)).toEqual({
        text: before?.expected,
      });
    });
  });

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
    // 150 lines of prose and the defaults table, plus the generated performance section.
    expect(readme.split('\n').length).toBeLessThanOrEqual(160);
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
