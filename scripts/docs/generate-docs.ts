/**
 * Regenerates the generated parts of docs/ and README.md (`npm run docs`): in each file, the text between
 * `<!-- début : généré par scripts/docs/generate-docs.ts (NOM) -->` and `<!-- fin : NOM -->`.
 * A test (test/unit/docs/generated-docs.test.ts) fails when a file differs from what this writes.
 *
 * @packageDocumentation
 */
import fs from 'node:fs';
import path from 'node:path';
import { configurationTable } from './configuration-reference';
import { operatorDefaultsTable } from './operator-defaults-table';
import { performanceSectionOf } from './performance-section';
import { workbookTables } from './operator-guide-tables';

/** The docs folder of the checkout. */
export const DOCS_DIR = path.join(__dirname, '..', '..', 'docs');

/** Each generated block: its file (from docs/), its name, its content from the checkout's root. */
export const GENERATED_BLOCKS: readonly {
  readonly file: string;
  readonly name: string;
  readonly content: (repo: string) => string;
}[] = [
  { file: 'configuration.md', name: 'variables', content: configurationTable },
  {
    file: 'guide-operateur.md',
    name: 'onglets-operateur',
    content: () => workbookTables('CBE-LM'),
  },
  { file: 'guide-operateur.md', name: 'onglets-c2ra', content: () => workbookTables('C2RA') },
  { file: 'regles-du-guide.md', name: 'defauts-operateur', content: operatorDefaultsTable },
  { file: '../README.md', name: 'defauts-operateur', content: operatorDefaultsTable },
  { file: '../README.md', name: 'performances', content: performanceSectionOf },
];

function markers(name: string): [string, string] {
  return [
    `<!-- début : généré par scripts/docs/generate-docs.ts (${name}) -->`,
    `<!-- fin : ${name} -->`,
  ];
}

/** `text` with the block `name` replaced by `content`; throws when the markers are missing. */
export function withBlock(text: string, name: string, content: string): string {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`Markers of the generated block ${name} not found`);
  return `${text.slice(0, from + start.length)}\n\n${content}\n\n${text.slice(to)}`;
}

/** What each docs file should hold, generated blocks regenerated. */
export function regeneratedFiles(
  dir = DOCS_DIR,
): Map<string, { current: string; expected: string }> {
  const files = new Map<string, { current: string; expected: string }>();
  for (const block of GENERATED_BLOCKS) {
    const file = path.join(dir, block.file);
    const entry = files.get(file) ?? { current: fs.readFileSync(file, 'utf8'), expected: '' };
    const base = entry.expected === '' ? entry.current : entry.expected;
    const content = block.content(path.join(dir, '..'));
    files.set(file, { ...entry, expected: withBlock(base, block.name, content) });
  }
  return files;
}

if (require.main === module) {
  for (const [file, { current, expected }] of regeneratedFiles()) {
    if (current !== expected) fs.writeFileSync(file, expected);
    process.stdout.write(
      `${path.relative(process.cwd(), file)} : ${current === expected ? 'à jour' : 'régénéré'}\n`,
    );
  }
}
