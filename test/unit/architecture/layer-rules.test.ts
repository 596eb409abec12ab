import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function depcruise(cwd: string, targets: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(
      path.join(root, 'node_modules/.bin/depcruise'),
      ['--config', path.join(root, '.dependency-cruiser.cjs'), ...targets],
      {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return { status: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

describe('shared/ is the pure domain: it imports only zod and itself', () => {
  it('the real tree respects the layer rules', () => {
    const result = depcruise(root, ['shared', 'functions', 'scripts']);
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it.each([
    ["import fs from 'node:fs';", 'shared-no-core-modules'],
    ["import ExcelJS from 'exceljs';", 'shared-is-pure'],
    ["import { appContext } from '../functions/composition-root';", 'shared-is-pure'],
  ])('dependency-cruiser fails CI on %s in shared/', (line, rule) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-layers-'));
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.mkdirSync(path.join(dir, 'functions'));
    fs.writeFileSync(
      path.join(dir, 'functions/composition-root.ts'),
      'export const appContext = 1;\n',
    );
    fs.writeFileSync(path.join(dir, 'shared/leaky.ts'), `${line}\nexport const x = 1;\n`);
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    const result = depcruise(dir, ['shared']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(rule);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["import fs from 'node:fs';", true],
    ["import { Firestore } from '@google-cloud/firestore';", true],
    ["import { z } from 'zod';", false],
    ["import { ok } from './result';", false],
  ])('ESLint flags %s in shared/ (%s)', (line, flagged) => {
    const source = `${line}\nexport const used = [${line.match(/import (?:\{ )?(\w+)/)?.[1] ?? 'null'}];\n`;
    let output = '';
    try {
      output = execFileSync(
        path.join(root, 'node_modules/.bin/eslint'),
        ['--stdin', '--stdin-filename', 'shared/domain/leaky.ts', '--format', 'json'],
        {
          cwd: root,
          input: source,
          encoding: 'utf8',
        },
      );
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const [result] = JSON.parse(output) as { messages: { ruleId: string | null }[] }[];
    const restricted = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
    expect(restricted.length > 0).toBe(flagged);
  });
});

interface LayerViolation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly string[];
}

/** The violations dependency-cruiser's JS API finds with the project's rules, in `cwd`. */
function layerViolations(cwd: string, folders: readonly string[]): LayerViolation[] {
  const output = execFileSync(
    process.execPath,
    [path.join(root, 'test/support/layer-violations.mjs'), cwd, ...folders],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(output) as LayerViolation[];
}

describe('the model lives in the domain and no import goes in a circle', () => {
  const fixtures = path.join(root, 'test/fixtures/layers');

  it.each<[string, LayerViolation]>([
    [
      'circular-import',
      {
        rule: 'no-circular',
        from: 'shared/domain/mission-draft.ts',
        to: 'shared/domain/solicitation-draft.ts',
        cycle: ['shared/domain/solicitation-draft.ts', 'shared/domain/mission-draft.ts'],
      },
    ],
    [
      'domain-imports-port',
      {
        rule: 'domain-does-not-see-ports',
        from: 'shared/domain/register-copy.ts',
        to: 'shared/ports/record-store.ts',
      },
    ],
    [
      'domain-imports-use-case',
      {
        rule: 'domain-does-not-see-ports',
        from: 'shared/domain/alert-rules.ts',
        to: 'shared/use-cases/run-alerts.ts',
      },
    ],
  ])('test/fixtures/layers/%s breaks exactly one rule, named', (fixture, expected) => {
    expect(layerViolations(path.join(fixtures, fixture), ['shared'])).toEqual([expected]);
  });

  it('the real tree breaks none (the folders `npm run check:layers` cruises)', () => {
    expect(layerViolations(root, ['shared', 'functions', 'scripts', 'sheets/layouts'])).toEqual([]);
  });
});
