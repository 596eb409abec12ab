import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../support/dla-cli';

/*
 * `dla` as a person types it: `npx dla …` from the checkout runs bin/dla.js (package.json `bin`),
 * which runs scripts/dla.ts through tsx in its own process.
 */

const run = promisify(execFile);

/** `npx dla …args` (npx: slower, once), or `node bin/dla.js …args`, which is what npx runs. */
async function dla(
  how: 'npx' | 'bin',
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, prefix] =
    how === 'npx' ? ['npx', ['--no-install', 'dla']] : [process.execPath, ['bin/dla.js']];
  try {
    const { stdout, stderr } = await run(command, [...prefix, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let base = '';
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'dla-command-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('npx dla', () => {
  it('prints its version and its French help, exit code 0', async () => {
    const version = await dla('npx', '--version');
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const help = await dla('bin', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Utilisation : dla \[options\] \[commande\]/);
    expect(help.stdout).not.toMatch(/Usage|display help|Commands:/);
  }, 60_000);

  it('refuses an unknown option in French, exit code 2, and in JSON with --json', async () => {
    const plain = await dla('bin', 'status', '--jsno');
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/^erreur : option inconnue « --jsno »\.\n\(Vouliez-vous dire --json \?\)/);
    const json = await dla('bin', 'status', '--json', '--jsno');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      code: 'USAGE_INVALID',
      message: 'option inconnue « --jsno ».\n(Vouliez-vous dire --json ?)',
    });
  }, 60_000);

  it.each([
    ['sync', '--operator', 'CBE-LM'],
    ['status'],
    ['register', 'search'],
    ['suggest', '--mission', 'MIS-CBE-LM-0001'],
  ])('dla %s --dir <mistyped> creates nothing and says so, in JSON with --json', async (...args) => {
    const typo = path.join(base, 'espace-mal-tape');
    const result = await dla('bin', ...args, '--dir', typo, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      code: 'WORKSPACE_NOT_FOUND',
      message: expect.stringContaining(`Dossier de travail introuvable : ${typo}.`) as unknown,
    });
    expect(await readdir(base)).toEqual([]);
  }, 60_000);

  it('dla status shows the jobs run locally, and --json prints the results as JSON', async () => {
    const dir = path.join(os.tmpdir(), `dla-status-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    try {
      const init = await dla('bin', 'init', '--dir', dir, '--json');
      expect(init.code).toBe(0);
      expect(JSON.parse(init.stdout)).toMatchObject({ ok: true, demo: null });
      const consolidate = await dla('bin', 'consolidate', '--dir', dir, '--json');
      expect(consolidate.code).toBe(0);
      expect(JSON.parse(consolidate.stdout)).toMatchObject({ complete: true, missions: 0 });
      expect(consolidate.stderr).toContain('Écriture du fichier de consolidation');
      const status = await dla('bin', 'status', '--dir', dir, '--json');
      const runs = (JSON.parse(status.stdout) as { jobRuns: Record<string, { message?: string }[]> })
        .jobRuns;
      expect(runs['regionalConsolidation']?.[0]?.message).toBe(
        'lancée en local par « dla consolidate »',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

