/**
 * Prints the ten longest functions and the ten longest source files of shared/, functions/,
 * scripts/ and sheets/, and exits 1 when one is past its limit (issue 19: a function reads in
 * one screen or two, a file holds one concern). `npm run check:size`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const FOLDERS = ['shared', 'functions', 'scripts', 'sheets'];
const MAX_FUNCTION_LINES = 120;
const MAX_FILE_LINES = 600;
/** Test data that is data, not logic (vocabulary tables), is not held to the file limit. */
const DATA_FILE = /(^|\/)[a-z-]+\.data\.ts$/;

interface Measure {
  readonly where: string;
  readonly lines: number;
}

function sourceFiles(folder: string): string[] {
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
  walk(path.join(ROOT, folder));
  return found;
}

function measure(file: string): { file: Measure; functions: Measure[] } {
  const text = fs.readFileSync(file, 'utf8');
  const relative = path.relative(ROOT, file);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
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
  return { file: { where: relative, lines: text.split('\n').length }, functions };
}

function top(measures: readonly Measure[]): Measure[] {
  return [...measures].sort((a, b) => b.lines - a.lines).slice(0, 10);
}

function main(): number {
  const files: Measure[] = [];
  const functions: Measure[] = [];
  for (const file of FOLDERS.flatMap(sourceFiles)) {
    const measured = measure(file);
    if (!DATA_FILE.test(measured.file.where)) files.push(measured.file);
    functions.push(...measured.functions);
  }
  const print = (title: string, list: Measure[], limit: number): number => {
    console.log(`${title} (limite ${limit} lignes)`);
    for (const m of top(list)) console.log(`${m.lines > limit ? '✗' : ' '} ${m.lines}\t${m.where}`);
    return list.filter((m) => m.lines > limit).length;
  };
  const longFunctions = print('Fonctions les plus longues', functions, MAX_FUNCTION_LINES);
  const longFiles = print('Fichiers les plus longs', files, MAX_FILE_LINES);
  if (longFunctions + longFiles === 0) return 0;
  console.error(`${longFunctions} fonction(s) et ${longFiles} fichier(s) au-delà des limites.`);
  return 1;
}

process.exitCode = main();
