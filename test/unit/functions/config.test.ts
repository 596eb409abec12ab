import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, loadWorkspaceConfig, type Config } from '../../../functions/config';
import { SECRETS_FILE, workspaceSecrets } from '../../../scripts/workspace-secrets';

const SECRET_A = 'secret-cbe-lm-0123456789abcdef0123456789';
const SECRET_B = 'secret-ee-dk-0123456789abcdef01234567890';
const FIRESTORE = { DLA_STORE: 'firestore', GOOGLE_CLOUD_PROJECT: 'dla-npdc' };

function error(env: Record<string, string>): string {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected a configuration error');
  return result.error.message;
}

function config(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('loadConfig', () => {
  it('defaults to the local mode with authentication required', () => {
    const c = config({});
    expect(c.store.kind).toBe('sqlite');
    expect(c.auth).toEqual({
      mode: 'required',
      hmacSecrets: {},
      idTokenAudiences: [],
      allowedUsers: {},
      scheduler: null,
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['GOOGLE_CLOUD_PROJECT with Firestore', { DLA_STORE: 'firestore' }, 'GOOGLE_CLOUD_PROJECT'],
    [
      'the spreadsheet ids with Google Sheets',
      { DLA_SPREADSHEETS: 'google' },
      'DLA_SPREADSHEET_IDS',
    ],
    ['a credential source in production', FIRESTORE, 'DLA_HMAC_SECRETS'],
    [
      'the allowed users with identity tokens',
      { DLA_ID_TOKEN_AUDIENCE: 'client-id.apps.googleusercontent.com' },
      'DLA_ALLOWED_USERS',
    ],
    [
      "the functions' URL with the scheduler",
      { DLA_SCHEDULER_SERVICE_ACCOUNT: 'planificateur@dla-npdc.iam.gserviceaccount.com' },
      'DLA_FUNCTIONS_BASE_URL',
    ],
    ['the bucket with Cloud Storage exports', { DLA_EXPORTS: 'gcs' }, 'DLA_EXPORT_BUCKET'],
  ])('names a missing variable in French and English: %s', (_label, env, variable) => {
    const message = error(env);
    expect(message).toContain(variable);
    expect(message).toMatch(/manquante/);
    expect(message).toMatch(/missing variable/);
  });

  it('refuses DLA_AUTH=disabled with Firestore, saying it is for the local SQLite store only', () => {
    const message = error({
      ...FIRESTORE,
      DLA_AUTH: 'disabled',
      DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': SECRET_A }),
    });
    expect(message).toContain('DLA_AUTH');
    expect(message).toContain('DLA_STORE=sqlite');
    expect(message).toMatch(/machine locale/);
    expect(message).toMatch(/local machine/);
  });

  it.each<[string, Record<string, string>, number | null]>([
    ['kept for ever by default', {}, null],
    ['kept ten years when asked', { DLA_AUDIT_RETENTION_DAYS: '3650' }, 3650],
  ])('audit retention in Firestore: %s', (_label, env, days) => {
    const c = config({
      ...FIRESTORE,
      DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': SECRET_A }),
      ...env,
    });
    expect(c.store).toMatchObject({ kind: 'firestore', auditRetentionDays: days });
  });

  it.each(['0', 'dix', '2.5'])('refuses DLA_AUDIT_RETENTION_DAYS=%s, naming it', (value) => {
    expect(error({ ...FIRESTORE, DLA_AUDIT_RETENTION_DAYS: value })).toContain(
      'DLA_AUDIT_RETENTION_DAYS',
    );
  });

  it('allows DLA_AUTH=disabled with SQLite (one local machine)', () => {
    expect(config({ DLA_AUTH: 'disabled' }).auth.mode).toBe('disabled');
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unknown DLA_AUTH', { DLA_AUTH: 'parfois' }, 'DLA_AUTH'],
    ['HMAC secrets that are not JSON', { DLA_HMAC_SECRETS: 'CBE-LM=abc' }, 'DLA_HMAC_SECRETS'],
    [
      'a short HMAC secret',
      { DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': 'court' }) },
      'DLA_HMAC_SECRETS',
    ],
    [
      'three HMAC secrets for one workbook',
      { DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': [SECRET_A, SECRET_B, `${SECRET_A}x`] }) },
      'DLA_HMAC_SECRETS',
    ],
    [
      'a secret for an unknown workbook',
      { DLA_HMAC_SECRETS: JSON.stringify({ XYZ: SECRET_A }) },
      'DLA_HMAC_SECRETS',
    ],
    [
      'one secret shared by two workbooks',
      { DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': SECRET_A, 'EE-DK': SECRET_A }) },
      'DLA_HMAC_SECRETS',
    ],
    [
      'an allowed user that is not an e-mail',
      { DLA_ALLOWED_USERS: JSON.stringify({ 'CBE-LM': ['marie'] }) },
      'DLA_ALLOWED_USERS',
    ],
    [
      'a scheduler account that is not an e-mail',
      {
        DLA_SCHEDULER_SERVICE_ACCOUNT: 'planificateur',
        DLA_FUNCTIONS_BASE_URL: 'https://x.example',
      },
      'DLA_SCHEDULER_SERVICE_ACCOUNT',
    ],
    ['a port out of range', { PORT: '70000' }, 'PORT'],
    ['an unknown destination of the exports', { DLA_EXPORTS: 's3' }, 'DLA_EXPORTS'],
    [
      'a bucket given as a URL',
      { DLA_EXPORTS: 'gcs', DLA_EXPORT_BUCKET: 'gs://dla-npdc-dla-exports' },
      'DLA_EXPORT_BUCKET',
    ],
    [
      'a bucket name with capitals',
      { DLA_EXPORTS: 'gcs', DLA_EXPORT_BUCKET: 'Exports-DLA' },
      'DLA_EXPORT_BUCKET',
    ],
    [
      'a storage endpoint with a path',
      {
        DLA_EXPORTS: 'gcs',
        DLA_EXPORT_BUCKET: 'dla-npdc-dla-exports',
        DLA_STORAGE_ENDPOINT: 'http://127.0.0.1:4443/storage/v1',
      },
      'DLA_STORAGE_ENDPOINT',
    ],
  ])('names the wrong variable: %s', (_label, env, variable) => {
    const message = error(env);
    expect(message).toContain(variable);
    expect(message).toMatch(/invalide/);
    expect(message).toMatch(/invalid/);
  });

  it.each<[string, Record<string, string>, Config['exports']]>([
    [
      'the workspace folder by default',
      { DLA_WORKSPACE: '/srv/dla' },
      { kind: 'file', dir: '/srv/dla/exports' },
    ],
    [
      "Google's Cloud Storage with DLA_EXPORTS=gcs",
      { DLA_EXPORTS: 'gcs', DLA_EXPORT_BUCKET: 'dla-npdc-dla-exports' },
      { kind: 'gcs', bucket: 'dla-npdc-dla-exports', endpoint: null },
    ],
    [
      'a test server as the Cloud Storage endpoint',
      {
        DLA_EXPORTS: 'gcs',
        DLA_EXPORT_BUCKET: 'exports.dla-npdc.fr',
        DLA_STORAGE_ENDPOINT: 'http://127.0.0.1:4443/',
      },
      { kind: 'gcs', bucket: 'exports.dla-npdc.fr', endpoint: 'http://127.0.0.1:4443' },
    ],
  ])('sends the exports to %s', (_label, env, expected) => {
    expect(config(env).exports).toEqual(expected);
  });

  it('never quotes a secret in an error', () => {
    const leaked = 'secret-trop-court-mais-confidentiel';
    const message = error({ DLA_HMAC_SECRETS: JSON.stringify({ 'CBE-LM': [leaked, 'x'] }) });
    expect(message).toContain('CBE-LM');
    expect(message).not.toContain(leaked);
  });

  it('reads one secret, or two during a rotation, and the identity-token settings', () => {
    const c = config({
      ...FIRESTORE,
      DLA_HMAC_SECRETS: JSON.stringify({
        'CBE-LM': [SECRET_A, `${SECRET_A}-ancien`],
        C2RA: SECRET_B,
      }),
      DLA_ID_TOKEN_AUDIENCE:
        'client-a.apps.googleusercontent.com, client-b.apps.googleusercontent.com',
      DLA_ALLOWED_USERS: JSON.stringify({
        'CBE-LM': ['Marie.Lefebvre@CBE-Lille.fr', '@cbe-lille.fr'],
      }),
      DLA_SCHEDULER_SERVICE_ACCOUNT: 'Planificateur@dla-npdc.iam.gserviceaccount.com',
      DLA_FUNCTIONS_BASE_URL: 'https://europe-west1-dla-npdc.cloudfunctions.net/',
    });
    expect(c.auth).toEqual({
      mode: 'required',
      hmacSecrets: { 'CBE-LM': [SECRET_A, `${SECRET_A}-ancien`], C2RA: [SECRET_B] },
      idTokenAudiences: [
        'client-a.apps.googleusercontent.com',
        'client-b.apps.googleusercontent.com',
      ],
      allowedUsers: { 'CBE-LM': ['marie.lefebvre@cbe-lille.fr', '@cbe-lille.fr'] },
      scheduler: {
        serviceAccount: 'planificateur@dla-npdc.iam.gserviceaccount.com',
        functionsBaseUrl: 'https://europe-west1-dla-npdc.cloudfunctions.net',
      },
    });
  });
});

describe('local workspace secrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates .secrets.json on first use (32 random bytes in hex per owner, mode 0600), then keeps it', () => {
    const first = workspaceSecrets(dir);
    if (!first.ok) throw new Error(first.error.message);
    const file = path.join(dir, SECRETS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(first.value).sort()).toEqual([
      'C2RA',
      'CBE-LM',
      'EE-DK',
      'I62-CAL',
      'I62-LEN',
      'NA-DEN',
      'NA-LIL',
    ]);
    for (const secret of Object.values(first.value)) expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(Object.values(first.value)).size).toBe(7);
    expect(workspaceSecrets(dir)).toEqual(first);
  });

  it('completes a file missing an owner and makes it private again', () => {
    const file = path.join(dir, SECRETS_FILE);
    fs.writeFileSync(file, JSON.stringify({ 'CBE-LM': SECRET_A }), { mode: 0o644 });
    const secrets = workspaceSecrets(dir);
    if (!secrets.ok) throw new Error(secrets.error.message);
    expect(secrets.value['CBE-LM']).toBe(SECRET_A);
    expect(secrets.value.C2RA).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses an unreadable file with a French message', () => {
    fs.writeFileSync(path.join(dir, SECRETS_FILE), 'pas du json', { mode: 0o600 });
    const secrets = workspaceSecrets(dir);
    expect(secrets.ok).toBe(false);
    if (!secrets.ok) expect(secrets.error.message).toMatch(/illisible/);
  });

  it('gives the workspace configuration its secrets, unless DLA_HMAC_SECRETS is set', () => {
    const withFile = loadWorkspaceConfig(dir, {}, workspaceSecrets);
    if (!withFile.ok) throw new Error(withFile.error.message);
    expect(Object.keys(withFile.value.auth.hmacSecrets)).toHaveLength(7);
    expect(withFile.value.workspace).toBe(path.resolve(dir));
    const fromEnv = loadWorkspaceConfig(
      dir,
      { DLA_HMAC_SECRETS: JSON.stringify({ C2RA: SECRET_B }) },
      workspaceSecrets,
    );
    if (!fromEnv.ok) throw new Error(fromEnv.error.message);
    expect(fromEnv.value.auth.hmacSecrets).toEqual({ C2RA: [SECRET_B] });
  });
});

describe('mail configuration', () => {
  it.each([
    [
      'gmail with a named sender',
      { DLA_MAIL: 'gmail', DLA_MAIL_FROM: 'DLA Nord – Pas de Calais <Alertes@DLA-NPDC.fr>' },
      { kind: 'gmail', sender: 'alertes@dla-npdc.fr', serviceAccount: null },
    ],
    [
      'gmail with a bare sender and the signing account',
      {
        DLA_MAIL: 'gmail',
        DLA_MAIL_FROM: 'alertes@dla-npdc.fr',
        DLA_MAIL_SERVICE_ACCOUNT: 'dla-functions@dla-npdc.iam.gserviceaccount.com',
      },
      {
        kind: 'gmail',
        sender: 'alertes@dla-npdc.fr',
        serviceAccount: 'dla-functions@dla-npdc.iam.gserviceaccount.com',
      },
    ],
    // Loaded, so that the functions that send nothing keep working; the doctor says what is missing.
    [
      'gmail without DLA_MAIL_FROM',
      { DLA_MAIL: 'gmail' },
      { kind: 'gmail', sender: null, serviceAccount: null },
    ],
  ])('%s', (_case, env, channel) => {
    const config = loadConfig(env);
    if (!config.ok) throw new Error(config.error.message);
    expect(config.value.mail.channel).toEqual(channel);
  });

  it.each([
    ['DLA_MAIL_FROM', { DLA_MAIL_FROM: 'DLA Nord – Pas de Calais' }],
    ['DLA_MAIL_SERVICE_ACCOUNT', { DLA_MAIL_SERVICE_ACCOUNT: 'compte de service' }],
  ])('refuses a %s that is no address, naming it', (name, env) => {
    const config = loadConfig({ DLA_MAIL: 'gmail', ...env });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.error.message).toContain(`Variable ${name} invalide`);
  });
});
