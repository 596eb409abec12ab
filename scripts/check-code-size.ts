/**
 * Prints the ten longest functions and the ten longest source files, and exits 1 when one is
 * past its limit (issue 19: a function reads in one screen or two, a file holds one concern).
 * Files are held to 600 lines in shared/, functions/, scripts/, sheets/, test/ and bench/ (data
 * tables `*.data.ts` excepted); functions to 120 lines in the production folders only, since a
 * test's length is its table of cases. `npm run check:size`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** What is measured where, and the limits. */
export interface SizeRules {
  /** Folders (relative to the root) whose files are held to `maxFileLines`. */
  readonly fileFolders: readonly string[];
  /** Folders whose functions are held to `maxFunctionLines`. */
  readonly functionFolders: readonly string[];
  readonly maxFileLines: number;
  readonly maxFunctionLines: number;
}

export const SIZE_RULES: SizeRules = {
  fileFolders: ['shared', 'functions', 'scripts', 'sheets', 'test', 'bench'],
  functionFolders: ['shared', 'functions', 'scripts', 'sheets'],
  maxFileLines: 600,
  maxFunctionLines: 120,
};

/** A file (`path`) or a function (`path:line name`) and its length in lines. */
export interface Measure {
  readonly where: string;
  readonly lines: number;
}

/** Every file and function measured, longest first, and those past their limit. */
export interface SizeReport {
  readonly files: readonly Measure[];
  readonly functions: readonly Measure[];
  readonly longFiles: readonly Measure[];
  readonly longFunctions: readonly Measure[];
}

/** Data that is data, not logic (vocabulary tables), is not held to the file limit. */
const DATA_FILE = /(^|\/)[a-z0-9-]+\.data\.ts$/;

function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'build') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(path.join(root, folder));
  return found;
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function functionsOf(relative: string, text: string): Measure[] {
  const source = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true);
  const functions: Measure[] = [];
  const lineOf = (position: number): number =>
    source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = lineOf(node.getStart(source));
      const name = node.name?.getText(source) ?? '(anonymous)';
      functions.push({
        where: `${relative}:${first} ${name}`,
        lines: lineOf(node.end) - first + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return functions;
}

const longestFirst = (a: Measure, b: Measure): number => b.lines - a.lines;

/** Measures the files and functions under `root` as `rules` say. */
export function measureCodeSize(root: string, rules: SizeRules = SIZE_RULES): SizeReport {
  const files: Measure[] = [];
  const functions: Measure[] = [];
  const folders = [...new Set([...rules.fileFolders, ...rules.functionFolders])];
  for (const folder of folders) {
    for (const file of sourceFiles(root, folder)) {
      const relative = path.relative(root, file).split(path.sep).join('/');
      const text = fs.readFileSync(file, 'utf8');
      if (rules.fileFolders.includes(folder) && !DATA_FILE.test(relative)) {
        files.push({ where: relative, lines: lineCount(text) });
      }
      if (rules.functionFolders.includes(folder)) functions.push(...functionsOf(relative, text));
    }
  }
  files.sort(longestFirst);
  functions.sort(longestFirst);
  return {
    files,
    functions,
    longFiles: files.filter((m) => m.lines > rules.maxFileLines),
    longFunctions: functions.filter((m) => m.lines > rules.maxFunctionLines),
  };
}

function main(): number {
  const report = measureCodeSize(path.resolve(__dirname, '..'));
  const print = (title: string, list: readonly Measure[], limit: number): void => {
    console.log(`${title} (limite ${limit} lignes)`);
    for (const m of list.slice(0, 10)) {
      console.log(`${m.lines > limit ? '✗' : ' '} ${m.lines}\t${m.where}`);
    }
  };
  print('Fonctions les plus longues', report.functions, SIZE_RULES.maxFunctionLines);
  print('Fichiers les plus longs', report.files, SIZE_RULES.maxFileLines);
  const { longFiles, longFunctions } = report;
  if (longFunctions.length + longFiles.length === 0) return 0;
  console.error(
    `${longFunctions.length} fonction(s) et ${longFiles.length} fichier(s) au-delà des limites.`,
  );
  return 1;
}

if (require.main === module) process.exitCode = main();
