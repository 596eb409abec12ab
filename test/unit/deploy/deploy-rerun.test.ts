import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSpawnRunner, runDeploy } from '../../../scripts/commands/deploy.command';

/*
 * `dla deploy` run again on a project where it already ran. The stand-in gcloud keeps the
 * project's resources in a folder and answers as Google does: `describe` fails on what is
 * missing, `create` fails on what exists (ALREADY_EXISTS), `update` and `delete` fail on what is
 * missing, and `scheduler jobs update http` refuses `--headers` (exit 2) as the real parser does.
 */

const PROJECT = 'dla-npdc-prod';
const MAIL_FROM = 'DLA Nord – Pas de Calais <alertes@dla-npdc.fr>';

const STAND_IN = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const state = process.env.DLA_FAKE_STATE;
fs.appendFileSync(path.join(state, 'calls.log'), ['gcloud', ...args].join(' ') + '\n');
const positional = args.filter((a) => !a.startsWith('--'));
const flag = (name) => (args.find((a) => a.startsWith('--' + name + '=')) || '').split('=')[1];
const words = positional.join(' ');
function key() {
  if (words.startsWith('iam service-accounts describe')) return 'sa-' + positional[3].split('@')[0];
  if (words.startsWith('iam service-accounts create')) return 'sa-' + positional[3];
  if (words.startsWith('firestore databases')) return 'firestore';
  if (words.startsWith('storage buckets describe') || words.startsWith('storage buckets create'))
    return 'bucket-' + positional[3].replace('gs://', '');
  if (words.startsWith('secrets versions describe')) return 'version-' + flag('secret');
  if (words.startsWith('secrets describe') || words.startsWith('secrets create')) return 'secret-' + positional[2];
  if (words.startsWith('scheduler jobs describe') || words.startsWith('scheduler jobs delete')) return 'job-' + positional[3];
  if (words.startsWith('scheduler jobs create http') || words.startsWith('scheduler jobs update http')) return 'job-' + positional[4];
  return null;
}
const k = key();
const file = k === null ? null : path.join(state, k);
const exists = file !== null && fs.existsSync(file);
const verb = positional.find((w) => ['describe', 'create', 'update', 'delete'].includes(w));
if (words.startsWith('scheduler jobs update http') && args.some((a) => a.startsWith('--headers='))) {
  process.stderr.write('ERROR: (gcloud.scheduler.jobs.update.http) unrecognized arguments: --headers\n');
  process.exit(2);
}
if (file === null || verb === undefined) process.exit(0);
if (verb === 'describe') process.exit(exists ? 0 : 1);
if (verb === 'create') {
  if (exists) { process.stderr.write('ERROR: ALREADY_EXISTS\n'); process.exit(1); }
  fs.writeFileSync(file, args.join(' '));
  fs.appendFileSync(path.join(state, 'created.log'), k + '\n');
  process.exit(0);
}
if (!exists) { process.stderr.write('ERROR: NOT_FOUND\n'); process.exit(1); }
if (verb === 'delete') fs.rmSync(file); else fs.writeFileSync(file, args.join(' '));
process.exit(0);
`;

describe('dla deploy reruns on a project where it already ran', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-rerun-'));
  const bin = path.join(root, 'bin');
  const state = path.join(root, 'project');

  beforeAll(() => {
    fs.mkdirSync(bin);
    fs.mkdirSync(state);
    fs.writeFileSync(path.join(bin, 'gcloud'), STAND_IN, { mode: 0o755 });
    for (const program of ['npm', 'firebase'])
      fs.writeFileSync(path.join(bin, program), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    // What an earlier version deployed: one reconcile job for every workbook.
    fs.writeFileSync(path.join(state, 'job-dla-sync-spreadsheet'), 'legacy');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function deploy(): Promise<{
    code: number;
    err: string;
    calls: string[];
    created: string[];
  }> {
    for (const log of ['calls.log', 'created.log'])
      fs.rmSync(path.join(state, log), { force: true });
    let err = '';
    const code = await runDeploy(
      { project: PROJECT, region: 'europe-west1', mailFrom: MAIL_FROM },
      {
        out: () => undefined,
        err: (t) => (err += t),
        now: () => new Date('2026-12-02T09:00:00Z'),
        run: createSpawnRunner({
          PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`,
          DLA_FAKE_STATE: state,
        }),
      },
    );
    const read = (log: string): string[] => {
      const file = path.join(state, log);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
    };
    return { code, err, calls: read('calls.log'), created: read('created.log') };
  }

  it('first run: creates what is missing, then stops where a secret has no value yet', async () => {
    const first = await deploy();
    expect(first.code).toBe(1);
    expect(first.err).toContain("Le secret dla-hmac-secrets n'a pas encore de valeur");
    expect(first.created).toEqual(
      expect.arrayContaining([
        'sa-dla-functions',
        'sa-dla-scheduler',
        'sa-dla-build',
        'firestore',
        `bucket-${PROJECT}-dla-exports`,
        'secret-dla-hmac-secrets',
      ]),
    );
  });

  it('once the secrets have values, the run goes to the end, and removes the old single reconcile job', async () => {
    for (const secret of ['dla-hmac-secrets', 'dla-spreadsheet-ids', 'dla-alert-recipients'])
      fs.writeFileSync(path.join(state, `version-${secret}`), 'added by a person');
    const second = await deploy();
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(fs.existsSync(path.join(state, 'job-dla-sync-spreadsheet'))).toBe(false);
    expect(second.created.filter((k) => k.startsWith('job-'))).toHaveLength(10);
  });

  it('a further run on the complete project succeeds, creating nothing and updating every job', async () => {
    const third = await deploy();
    expect(third.err).toBe('');
    expect(third.code).toBe(0);
    expect(third.created).toEqual([]);
    expect(
      third.calls.filter((c) => c.startsWith('gcloud scheduler jobs update http ')),
    ).toHaveLength(10);
    expect(third.calls.filter((c) => c.startsWith('gcloud functions deploy '))).toHaveLength(6);
  });
});
