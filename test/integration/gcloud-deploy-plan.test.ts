import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runDeploy, type DeployCommandOptions } from '../../scripts/commands/deploy.command';
import { describeWithRealTool } from '../support/real-tools';

/*
 * Every gcloud command `dla deploy --dry-run` prints goes through the real gcloud's argument
 * parser: a throw-away config directory, no credentials, a fake project. A correct command gets
 * as far as asking for an account (exit 1); a wrong flag or value is a usage error (exit 2,
 * « unrecognized arguments », « Invalid choice »), which is what broke the second deploy.
 */

const run = promisify(execFile);

const PROJECT = 'dla-parser-check';
const POOL = 3;
const COMMAND_TIMEOUT_MS = 60_000;
jest.setTimeout(900_000);

function gcloudVersion(): string | null {
  const probe = spawnSync('gcloud', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error !== undefined || probe.status !== 0) return null;
  return probe.stdout.split('\n')[0] ?? '';
}

/**
 * The plans: every command of the default plan, then each command form (words and flag names)
 * that the options add or change (the seven reconcile jobs of a plan differ only in values).
 */
const PLANS: readonly Partial<DeployCommandOptions>[] = [
  {},
  {
    mail: 'smtp',
    idTokens: true,
    reconcileEvery: '10',
    region: 'europe-west9',
    exportReaders: 'group:c2ra@cress-npdc.fr,domain:cbe-lille.fr',
  },
];

async function dryRun(options: Partial<DeployCommandOptions>): Promise<string> {
  let out = '';
  const code = await runDeploy(
    {
      project: PROJECT,
      dryRun: true,
      mailFrom: 'DLA Nord – Pas de Calais <alertes@dla-npdc.fr>',
      ...options,
    },
    {
      out: (text) => (out += text),
      err: () => undefined,
      now: () => new Date('2026-12-02T09:00:00Z'),
      run: () => Promise.reject(new Error('a dry run runs nothing')),
    },
  );
  if (code !== 0) throw new Error(`dla deploy --dry-run exited ${code}`);
  return out;
}

/** The command texts of a printed script: plain lines, `probe || create`, `if probe; then`. */
function printedCommands(script: string): string[] {
  const texts: string[] = [];
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || ['else', 'fi', 'set -e'].includes(line)) continue;
    const probe = /^if (.*) >\/dev\/null 2>&1; then$/.exec(line);
    if (probe?.[1] !== undefined) {
      texts.push(probe[1]);
      continue;
    }
    texts.push(...line.split(' >/dev/null 2>&1 || '));
  }
  return texts;
}

/** The argv a POSIX shell makes of a printed command (the shell's own quoting rules). */
async function argvOf(text: string): Promise<string[]> {
  const { stdout } = await run('sh', [
    '-c',
    'eval "set -- $1"; for a in "$@"; do printf "%s\\0" "$a"; done',
    'sh',
    text,
  ]);
  return stdout.split('\0').slice(0, -1);
}

/** A command's form: its words and the names of its flags. */
function shapeOf(args: readonly string[]): string {
  return args.map((a) => (a.startsWith('--') ? a.split('=')[0] : a)).join(' ');
}

async function checkedCommands(): Promise<string[][]> {
  const seen = new Set<string>();
  const shapes = new Set<string>();
  const commands: string[][] = [];
  for (const [index, options] of PLANS.entries()) {
    for (const text of printedCommands(await dryRun(options))) {
      if (!text.startsWith('gcloud ') || seen.has(text)) continue;
      seen.add(text);
      const args = (await argvOf(text)).slice(1);
      if (index > 0 && shapes.has(shapeOf(args))) continue;
      shapes.add(shapeOf(args));
      commands.push(args);
    }
  }
  return commands;
}

interface Verdict {
  readonly command: string;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs gcloud with its own empty configuration, prompts off, no credentials of any kind. */
async function parse(args: readonly string[], root: string, index: number): Promise<Verdict> {
  const dir = path.join(root, `cmd-${index}`);
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    CLOUDSDK_CONFIG: path.join(dir, 'gcloud'),
    CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
    // On a Google Cloud machine the metadata server would lend its account.
    CLOUDSDK_CORE_CHECK_GCE_METADATA: 'false',
  };
  await run('mkdir', ['-p', env.CLOUDSDK_CONFIG]);
  const command = ['gcloud', ...args].join(' ');
  try {
    await run('gcloud', [...args], { env, cwd: dir, timeout: COMMAND_TIMEOUT_MS });
    return { command, code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { code?: number | string; stderr?: string };
    return {
      command,
      code: typeof failure.code === 'number' ? failure.code : null,
      stderr: failure.stderr ?? String(error),
    };
  }
}

async function inPool<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

const version = gcloudVersion();
describeWithRealTool(
  'gcloud',
  `every gcloud command of dla deploy --dry-run passes gcloud's own parser (${version ?? 'gcloud absent'})`,
  () => {
    let verdicts: Verdict[] = [];
    let root = '';
    let seconds = 0;

    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'dla-gcloud-parser-'));
      const commands = await checkedCommands();
      const started = Date.now();
      verdicts = await inPool(commands, POOL, (args, index) => parse(args, root, index));
      seconds = (Date.now() - started) / 1000;
      console.log(
        `gcloud parser: ${verdicts.length} commands checked in ${seconds.toFixed(1)} s (pool of ${POOL}).`,
      );
    });

    afterAll(async () => {
      if (root !== '') await rm(root, { recursive: true, force: true });
    });

    it('checks every kind of command the plan prints', () => {
      const kinds = new Set(verdicts.map((v) => v.command.split(' ').slice(1, 4).join(' ')));
      for (const kind of [
        'services enable cloudfunctions.googleapis.com',
        'functions deploy sheetEdit',
        'scheduler jobs create',
        'scheduler jobs update',
        'scheduler jobs delete',
        'secrets create dla-hmac-secrets',
      ])
        expect([...kinds].some((k) => k.startsWith(kind))).toBe(true);
      expect(verdicts.length).toBeGreaterThan(40);
    });

    it('finds no usage error: each command fails only for want of credentials (exit 1)', () => {
      const usage = verdicts.filter(
        (v) =>
          v.code === 2 ||
          /unrecognized arguments|Invalid choice|argument .*: |Bad value/i.test(v.stderr),
      );
      expect(
        usage.map((v) => `${v.command}\n  → exit ${v.code}: ${v.stderr.split('\n')[0] ?? ''}`),
      ).toEqual([]);
      const unexpected = verdicts.filter(
        (v) =>
          v.code !== 1 || !/You do not currently have an active account selected/.test(v.stderr),
      );
      expect(unexpected.map((v) => `${v.command}\n  → exit ${v.code}: ${v.stderr}`)).toEqual([]);
    });

    it('rejects, through the same check, the flag that broke the second deploy', async () => {
      const wrong = await parse(
        [
          'scheduler',
          'jobs',
          'update',
          'http',
          'dla-daily-alerts',
          '--location=europe-west1',
          '--headers=Content-Type=application/json',
          `--project=${PROJECT}`,
        ],
        root,
        9_999,
      );
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain(
        'unrecognized arguments: --headers=Content-Type=application/json',
      );
    });
  },
);
