import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HTTP_FUNCTIONS } from '../../../functions/index';
import {
  createSpawnRunner,
  runDeploy,
  type CommandRunner,
  type DeployCommandOptions,
} from '../../../scripts/commands/deploy.command';
import {
  EU_REGIONS,
  FUNCTION_DEPLOYMENTS,
  buildDeployPlan,
  renderPlan,
  shellQuote,
  type Command,
} from '../../../scripts/deploy/deploy-plan';

const PROJECT = 'dla-npdc-prod';
const REGION = 'europe-west1';
const BASE = `https://${REGION}-${PROJECT}.cloudfunctions.net`;
/** A day when every runtime used here is supported (the plan is date-aware: see the decommission test). */
const SUPPORTED_DAY = new Date('2026-03-02T10:00:00.000Z');

/** Every scheduled job: name, function, cron (Europe/Paris), body. */
const SCHEDULED_JOBS: readonly (readonly [string, string, string, string])[] = [
  ['dla-sync-spreadsheet-cbe-lm', 'syncSpreadsheet', '0,15,30,45 * * * *', '{"owner":"CBE-LM"}'],
  ['dla-sync-spreadsheet-ee-dk', 'syncSpreadsheet', '1,16,31,46 * * * *', '{"owner":"EE-DK"}'],
  ['dla-sync-spreadsheet-na-den', 'syncSpreadsheet', '2,17,32,47 * * * *', '{"owner":"NA-DEN"}'],
  ['dla-sync-spreadsheet-na-lil', 'syncSpreadsheet', '3,18,33,48 * * * *', '{"owner":"NA-LIL"}'],
  ['dla-sync-spreadsheet-i62-len', 'syncSpreadsheet', '4,19,34,49 * * * *', '{"owner":"I62-LEN"}'],
  ['dla-sync-spreadsheet-i62-cal', 'syncSpreadsheet', '5,20,35,50 * * * *', '{"owner":"I62-CAL"}'],
  ['dla-sync-spreadsheet-c2ra', 'syncSpreadsheet', '6,21,36,51 * * * *', '{"owner":"C2RA"}'],
  ['dla-daily-alerts', 'dailyAlerts', '0 7 * * *', '{}'],
  ['dla-regional-consolidation', 'regionalConsolidation', '0 6 * * 1', '{}'],
  ['dla-register-export', 'registerExport', '30 2 * * *', '{}'],
];

/** The sender every deploy of these tests names (`--mail-from`). */
const MAIL_FROM = 'DLA Nord – Pas de Calais <alertes@dla-npdc.fr>';

/** Fake values of every secret, set in the environment: none may reach the commands. */
const FAKE_SECRETS: Readonly<Record<string, string>> = {
  DLA_HMAC_SECRETS: '{"CBE-LM":"fake-hmac-secret-value-0123456789abcdef0123"}',
  DLA_SPREADSHEET_IDS: '{"CBE-LM":"1FakeSpreadsheetIdValueXYZ"}',
  DLA_ALERT_RECIPIENTS: '{"c2ra":["fake.person@secret-domain.example"]}',
  DLA_ALLOWED_USERS: '{"CBE-LM":["fake.user@secret-domain.example"]}',
  DLA_ID_TOKEN_AUDIENCE: 'fake-oauth-client-id.apps.googleusercontent.com',
  DLA_SMTP_URL: 'smtps://fakeuser:fake-password-value@smtp.secret-domain.example:465',
};

interface Captured {
  code: number;
  out: string;
  err: string;
  commands: Command[];
}

/** Runs `dla deploy` with a recording runner (every command succeeds unless `fails` says so). */
async function deploy(
  options: Partial<DeployCommandOptions>,
  setup: { now?: Date; fails?: (command: Command) => boolean; run?: CommandRunner } = {},
): Promise<Captured> {
  const captured: Captured = { code: -1, out: '', err: '', commands: [] };
  const run: CommandRunner =
    setup.run ??
    (async (command) => {
      captured.commands.push(command);
      return { kind: 'exited', code: setup.fails?.(command) === true ? 1 : 0 };
    });
  captured.code = await runDeploy(
    { project: PROJECT, region: REGION, mailFrom: MAIL_FROM, ...options },
    {
      out: (t) => {
        captured.out += t;
      },
      err: (t) => {
        captured.err += t;
      },
      run,
      now: () => setup.now ?? SUPPORTED_DAY,
    },
  );
  return captured;
}

const neverRun: CommandRunner = () => {
  throw new Error('a dry run must not run any command');
};

/** The command lines of a dry-run output (comments and shell keywords left out). */
function commandLines(out: string): string[] {
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !['else', 'fi', 'set -e'].includes(l));
}

describe('dla deploy --dry-run', () => {
  let dry: Captured;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [name, value] of Object.entries(FAKE_SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    dry = await deploy({ dryRun: true }, { run: neverRun });
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('prints the plan, runs nothing and exits 0', () => {
    expect(dry.code).toBe(0);
    expect(dry.err).toBe('');
    expect(dry.out).toContain("aucune commande n'a été lancée");
  });

  it.each([...HTTP_FUNCTIONS])('deploys %s: 2nd gen, Node 22, EU region, HTTP trigger', (name) => {
    const line = commandLines(dry.out).find((l) =>
      l.startsWith(`gcloud functions deploy ${name} `),
    );
    expect(line).toBeDefined();
    expect(line).toContain(
      `gcloud functions deploy ${name} --gen2 --runtime=nodejs22 --region=${REGION} --source=. --entry-point=${name} --trigger-http`,
    );
    expect(line).toContain(`--service-account=dla-functions@${PROJECT}.iam.gserviceaccount.com`);
    expect(line).toContain(
      '--set-secrets=DLA_HMAC_SECRETS=dla-hmac-secrets:latest,DLA_SPREADSHEET_IDS=dla-spreadsheet-ids:latest,DLA_ALERT_RECIPIENTS=dla-alert-recipients:latest',
    );
    expect(line).toContain(
      shellQuote(
        `--set-env-vars=DLA_STORE=firestore,DLA_SPREADSHEETS=google,GOOGLE_CLOUD_PROJECT=${PROJECT},DLA_WORKSPACE=/tmp/dla,DLA_AUTH=required,DLA_MAIL=gmail,DLA_MAIL_FROM=${MAIL_FROM},DLA_SCHEDULER_SERVICE_ACCOUNT=dla-scheduler@${PROJECT}.iam.gserviceaccount.com,DLA_FUNCTIONS_BASE_URL=${BASE},DLA_EXPORTS=gcs,DLA_EXPORT_BUCKET=${PROJECT}-dla-exports,DLA_MAX_BODY_BYTES=2000000`,
      ),
    );
    expect(line).toContain(
      `--build-service-account=projects/${PROJECT}/serviceAccounts/dla-build@${PROJECT}.iam.gserviceaccount.com`,
    );
  });

  it('creates the bucket of the exports in the same EU region, never public, and lets only the functions write in it', () => {
    const bucket = `gs://${PROJECT}-dla-exports`;
    const lines = commandLines(dry.out);
    expect(lines).toContain(
      `gcloud storage buckets describe ${bucket} --project=${PROJECT} >/dev/null 2>&1 || gcloud storage buckets create ${bucket} --location=${REGION} --uniform-bucket-level-access --public-access-prevention --project=${PROJECT}`,
    );
    expect(lines).toContain(
      `gcloud storage buckets add-iam-policy-binding ${bucket} --member=serviceAccount:dla-functions@${PROJECT}.iam.gserviceaccount.com --role=roles/storage.objectAdmin --project=${PROJECT}`,
    );
    // The functions' role is granted on the bucket only, never on the project.
    expect(dry.out).not.toMatch(/projects add-iam-policy-binding .*dla-functions@.*storage/);
    expect(dry.out).toContain(
      `# Bucket des exports ${bucket} en ${REGION} (créé s'il manque : accès uniforme, jamais public)`,
    );
    expect(dry.out).toContain(`# Exports datés : ${bucket}/exports/`);
    expect(lines.find((l) => l.startsWith('gcloud services enable '))).toContain(
      'storage.googleapis.com',
    );
    // The bucket and its role exist before the first function that writes in it is deployed.
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(at('gcloud iam service-accounts describe dla-functions@')).toBeLessThan(
      at('gcloud storage buckets add-iam-policy-binding'),
    );
    expect(at('gcloud storage buckets add-iam-policy-binding')).toBeLessThan(
      at('gcloud functions deploy '),
    );
  });

  it('keeps the scheduler-only functions private and lets the Apps Script reach the edit path', () => {
    const lines = commandLines(dry.out);
    const deployOf = (name: string) =>
      lines.find((l) => l.startsWith(`gcloud functions deploy ${name} `)) ?? '';
    for (const name of ['dailyAlerts', 'regionalConsolidation', 'registerExport']) {
      expect(deployOf(name)).toContain('--no-allow-unauthenticated');
      expect(lines).toContain(
        `gcloud functions add-invoker-policy-binding ${name} --region=${REGION} --member=serviceAccount:dla-scheduler@${PROJECT}.iam.gserviceaccount.com --project=${PROJECT}`,
      );
    }
    // The callers are Apps Scripts (identity tokens minted for the script, not the URL): the
    // function itself refuses any request without a valid signature or token.
    for (const name of ['sheetEdit', 'syncSpreadsheet', 'scoreMission']) {
      expect(deployOf(name)).toContain(' --allow-unauthenticated ');
    }
    // Only the Apps Scripts call these two: the scheduler gets no invoker right on them.
    for (const name of ['sheetEdit', 'scoreMission']) {
      expect(
        lines.some((l) => l.startsWith(`gcloud functions add-invoker-policy-binding ${name} `)),
      ).toBe(false);
    }
  });

  it('has one scheduler job per scheduled function and per workbook for the reconcile', () => {
    const scheduled = HTTP_FUNCTIONS.filter((f) => FUNCTION_DEPLOYMENTS[f].schedule !== null);
    expect([...scheduled].sort()).toEqual(
      [...new Set(SCHEDULED_JOBS.map(([, name]) => name))].sort(),
    );
    expect(HTTP_FUNCTIONS.filter((f) => !scheduled.includes(f))).toEqual([
      'sheetEdit',
      'scoreMission',
    ]);
    const jobLines = commandLines(dry.out).filter((l) =>
      l.startsWith('gcloud scheduler jobs create http '),
    );
    expect(jobLines).toHaveLength(SCHEDULED_JOBS.length);
  });

  it.each(SCHEDULED_JOBS)(
    'job %s calls %s at « %s », Europe/Paris, body %s, OIDC for the function URL',
    (job, name, cron, body) => {
      const url = `${BASE}/${name}`;
      const create = commandLines(dry.out).find((l) =>
        l.startsWith(`gcloud scheduler jobs create http ${job} `),
      );
      expect(create).toBeDefined();
      for (const flag of [
        `--location=${REGION}`,
        `'--schedule=${cron}'`,
        '--time-zone=Europe/Paris',
        `--uri=${url}`,
        '--http-method=POST',
        '--headers=Content-Type=application/json',
        shellQuote(`--message-body=${body}`),
        `--oidc-service-account-email=dla-scheduler@${PROJECT}.iam.gserviceaccount.com`,
        `--oidc-token-audience=${url}`,
      ]) {
        expect(create).toContain(flag);
      }
      // An existing job is updated with the same settings; `update http` names the header flag
      // differently (gcloud refuses --headers there).
      expect(commandLines(dry.out)).toContain(
        (create ?? '')
          .replace('jobs create http', 'jobs update http')
          .replace('--headers=', '--update-headers='),
      );
    },
  );

  it('removes the single reconcile job of earlier deployments when it exists', () => {
    expect(dry.out).toContain(
      `if gcloud scheduler jobs describe dla-sync-spreadsheet --location=${REGION} --project=${PROJECT} >/dev/null 2>&1; then\n  gcloud scheduler jobs delete dla-sync-spreadsheet --location=${REGION} --quiet --project=${PROJECT}\nfi`,
    );
    expect(dry.out).not.toContain('sheetEdit --location');
  });

  it('deploys the Firestore rules and indexes', () => {
    expect(commandLines(dry.out)).toContain(
      `firebase deploy --only firestore:rules,firestore:indexes --project ${PROJECT} --non-interactive`,
    );
  });

  it('creates missing secrets without a value, replicated in the region only, and mounts references', () => {
    for (const secret of ['dla-hmac-secrets', 'dla-spreadsheet-ids', 'dla-alert-recipients']) {
      expect(commandLines(dry.out)).toContain(
        `gcloud secrets describe ${secret} --project=${PROJECT} >/dev/null 2>&1 || gcloud secrets create ${secret} --replication-policy=user-managed --locations=${REGION} --project=${PROJECT}`,
      );
    }
    expect(dry.out).not.toContain('--data-file');
    expect(dry.out).not.toContain('versions add');
  });

  it('never prints a secret value set in the environment', () => {
    for (const value of Object.values(FAKE_SECRETS)) expect(dry.out).not.toContain(value);
    for (const piece of ['fake-hmac-secret', 'fake.person', 'fake-password', '1FakeSpreadsheet']) {
      expect(dry.out).not.toContain(piece);
    }
  });

  it('prints a valid shell script', () => {
    expect(() => execFileSync('sh', ['-n'], { input: dry.out })).not.toThrow();
  });

  it('takes the reconcile period from --reconcile-every, and refuses one that is not allowed', async () => {
    const ten = await deploy({ dryRun: true, reconcileEvery: '10' }, { run: neverRun });
    expect(ten.out).toContain(`'--schedule=0,10,20,30,40,50 * * * *' --time-zone=Europe/Paris`);
    const odd = await deploy({ dryRun: true, reconcileEvery: '7' }, { run: neverRun });
    expect(odd.code).toBe(1);
    expect(odd.err).toContain('--reconcile-every : 7 minute(s) refusé');
    expect(odd.out).toBe('');
  });

  it('adds the identity-token and SMTP secrets as references when asked', async () => {
    const more = await deploy({ dryRun: true, idTokens: true, mail: 'smtp' }, { run: neverRun });
    expect(more.out).toContain(
      'DLA_ID_TOKEN_AUDIENCE=dla-id-token-audience:latest,DLA_ALLOWED_USERS=dla-allowed-users:latest,DLA_SMTP_URL=dla-smtp-url:latest',
    );
    expect(more.out).toContain('DLA_MAIL=smtp');
    for (const value of Object.values(FAKE_SECRETS)) expect(more.out).not.toContain(value);
  });
});

describe('dla deploy refuses what would break the rules', () => {
  it.each(['us-central1', 'europe-west2', 'europe-west6', 'asia-northeast1'])(
    'refuses the region %s (outside the EU: GDPR), printing no command',
    async (region) => {
      const refused = await deploy({ region, dryRun: true }, { run: neverRun });
      expect(refused.code).toBe(1);
      expect(refused.out).toBe('');
      expect(refused.err).toContain(`Région « ${region} » refusée`);
      expect(refused.err).toContain("l'Union européenne (RGPD)");
      expect(refused.err).toContain('europe-west9 (Paris)');
    },
  );

  it('accepts every listed EU region', () => {
    for (const region of Object.keys(EU_REGIONS)) {
      expect(buildDeployPlan({ project: PROJECT, region, today: '2026-03-02' }).ok).toBe(true);
    }
  });

  it('takes a chosen bucket for the exports, and refuses a name Cloud Storage would refuse', () => {
    const chosen = buildDeployPlan({
      project: PROJECT,
      region: 'europe-west9',
      today: '2026-03-02',
      exportBucket: 'c2ra-npdc-exports',
    });
    if (!chosen.ok) throw new Error(chosen.error.message);
    expect(chosen.value.exportBucket).toBe('c2ra-npdc-exports');
    expect(renderPlan(chosen.value)).toContain(
      'gcloud storage buckets create gs://c2ra-npdc-exports --location=europe-west9 ',
    );
    expect(renderPlan(chosen.value)).toContain('DLA_EXPORT_BUCKET=c2ra-npdc-exports');
    for (const name of [
      'gs://c2ra-exports',
      'Exports',
      'ab',
      'exports.dla-npdc.fr',
      'google-dla',
    ]) {
      const refused = buildDeployPlan({
        project: PROJECT,
        region: REGION,
        today: '2026-03-02',
        exportBucket: name,
      });
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'DEPLOY_EXPORT_BUCKET_INVALID',
          message: expect.stringContaining(
            `Nom de bucket des exports invalide : « ${name} »`,
          ) as string,
        },
      });
    }
  });

  it('refuses a malformed project id', async () => {
    const refused = await deploy({ project: 'Mon Projet', dryRun: true }, { run: neverRun });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Identifiant de projet Google Cloud invalide');
  });

  it.each([
    [{}, `${PROJECT}-dla-exports`],
    [{ exportBucket: 'c2ra-npdc-exports' }, 'c2ra-npdc-exports'],
  ])(
    'puts the exports in a Cloud Storage bucket (options %j → gs://%s)',
    async (options, bucket) => {
      const plan = await deploy(
        { ...options, dryRun: true },
        { now: SUPPORTED_DAY, run: neverRun },
      );
      expect(plan.code).toBe(0);
      expect(plan.out).toContain(`gs://${bucket}`);
      expect(plan.out).toContain(`DLA_EXPORT_BUCKET=${bucket}`);
    },
  );

  it('lets the C2RA, finance and funders read the exports, on the export bucket only', async () => {
    const plan = await deploy(
      { dryRun: true, exportReaders: 'group:c2ra@cress-npdc.fr, user:compta@cbe-lille.fr' },
      { now: SUPPORTED_DAY, run: neverRun },
    );
    expect(plan.code).toBe(0);
    for (const member of ['group:c2ra@cress-npdc.fr', 'user:compta@cbe-lille.fr'])
      expect(plan.out).toContain(
        `gcloud storage buckets add-iam-policy-binding gs://${PROJECT}-dla-exports --member=${member} --role=roles/storage.objectViewer --project=${PROJECT}`,
      );
    expect(
      plan.out.match(/buckets add-iam-policy-binding .*--role=roles\/storage\.objectViewer/g)
        ?.length,
    ).toBe(2);
  });

  it.each(['c2ra@cress-npdc.fr', 'group:c2ra', 'allUsers', 'user:a@b.fr;rm -rf /'])(
    'refuses the export reader « %s » with a French reason',
    async (member) => {
      const refused = await deploy({ dryRun: true, exportReaders: member }, { run: neverRun });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('Lecteur des exports invalide');
    },
  );

  it('deploys on nodejs22 by default, nodejs20 being decommissioned', async () => {
    const late = new Date('2026-11-27T08:00:00Z');
    const plan = await deploy({ dryRun: true }, { now: late, run: neverRun });
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('--runtime=nodejs22');
    expect(plan.out).not.toContain('# ✗');
    expect(plan.out).not.toContain('# !');
  });

  it('warns about a deprecated runtime and refuses a decommissioned one (Google no longer deploys it)', async () => {
    const deprecated = await deploy(
      { runtime: 'nodejs20', dryRun: true },
      { now: new Date('2026-06-01T08:00:00Z') },
    );
    expect(deprecated.out).toContain(
      "# ! L'environnement nodejs20 est obsolète depuis le 30/04/2026 et sera retiré le 30/10/2026",
    );
    const late = new Date('2026-11-27T08:00:00Z');
    const dryLate = await deploy(
      { runtime: 'nodejs20', dryRun: true },
      { now: late, run: neverRun },
    );
    expect(dryLate.code).toBe(0);
    expect(dryLate.out).toContain(
      "# ✗ L'environnement nodejs20 est retiré par Google depuis le 30/10/2026",
    );
    const realLate = await deploy({ runtime: 'nodejs20' }, { now: late, run: neverRun });
    expect(realLate.code).toBe(1);
    expect(realLate.err).toContain('Déploiement refusé');
    expect(realLate.err).toContain('--runtime nodejs22');
    const next = await deploy({ runtime: 'nodejs22', dryRun: true }, { now: late, run: neverRun });
    expect(next.out).toContain('--runtime=nodejs22');
    expect(next.out).not.toContain('# ✗');
  });
});

describe('dla deploy (without --dry-run)', () => {
  it('runs every command in order: build first, probes before creations', async () => {
    const ran = await deploy(
      {},
      { fails: (c) => c.args.includes('describe') && !c.args.includes('versions') },
    );
    expect(ran.code).toBe(0);
    expect(ran.commands[0]).toEqual({ program: 'npm', args: ['run', 'build'] });
    const lines = ran.commands.map((c) => [c.program, ...c.args].join(' '));
    const deployed = lines.filter((l) => l.startsWith('gcloud functions deploy '));
    expect(deployed.map((l) => l.split(' ')[3])).toEqual([...HTTP_FUNCTIONS]);
    expect(lines.filter((l) => l.startsWith('gcloud scheduler jobs create http '))).toHaveLength(
      SCHEDULED_JOBS.length,
    );
    expect(lines.filter((l) => l.startsWith('gcloud scheduler jobs update http '))).toHaveLength(0);
    expect(ran.out).toContain('Déploiement terminé');
  });

  it('updates the scheduler jobs that exist', async () => {
    const ran = await deploy({});
    const lines = ran.commands.map((c) => [c.program, ...c.args].join(' '));
    expect(lines.filter((l) => l.startsWith('gcloud scheduler jobs update http '))).toHaveLength(
      SCHEDULED_JOBS.length,
    );
    expect(lines.filter((l) => l.startsWith('gcloud secrets create '))).toHaveLength(0);
  });

  it('stops at the first failure with a French message naming the step and the fix', async () => {
    const ran = await deploy(
      {},
      {
        fails: (c) =>
          c.args.includes('versions') && c.args.includes('--secret=dla-spreadsheet-ids'),
      },
    );
    expect(ran.code).toBe(1);
    expect(ran.err).toContain("Échec de l'étape « Le secret dla-spreadsheet-ids a une valeur »");
    expect(ran.err).toContain(
      "Le secret dla-spreadsheet-ids n'a pas encore de valeur : ajoutez-la sans la taper dans l'historique du terminal",
    );
    expect(ran.err).toContain("Rien d'autre n'a été lancé.");
    const last = ran.commands.at(-1);
    expect(last?.args).toContain('--secret=dla-spreadsheet-ids');
    expect(ran.commands.some((c) => c.args[1] === 'deploy')).toBe(false);
  });

  it('says what to install when gcloud is missing', async () => {
    const ran = await deploy(
      {},
      {
        run: async (c) =>
          c.program === 'gcloud' ? { kind: 'missing' } : { kind: 'exited', code: 0 },
      },
    );
    expect(ran.code).toBe(1);
    expect(ran.err).toContain(
      'la commande « gcloud » est introuvable : installez Google Cloud CLI',
    );
  });

  it('passes no secret value to any command', async () => {
    const ran = await deploy({ idTokens: true, mail: 'smtp' });
    const all = JSON.stringify(ran.commands);
    for (const value of Object.values(FAKE_SECRETS)) expect(all).not.toContain(value);
  });
});

describe('the dry-run output is exactly what the real run executes (stand-in gcloud, firebase, npm)', () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-fake-bin-'));
  const log = path.join(bin, 'calls.log');
  /** The stand-ins come first on the PATH given to every child process (never the real tools). */
  const env = (extra: Record<string, string> = {}): Record<string, string | undefined> => ({
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`,
    DLA_FAKE_LOG: log,
    ...extra,
  });

  beforeAll(() => {
    // Each stand-in logs its argv; gcloud answers « absent » to existence probes, and firebase
    // fails when DLA_FAKE_FIREBASE_FAILS is set.
    const logger = `printf '%s' "$(basename "$0")" >> "$DLA_FAKE_LOG"; for a in "$@"; do printf '|%s' "$a" >> "$DLA_FAKE_LOG"; done; printf '\\n' >> "$DLA_FAKE_LOG"`;
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\n${logger}\nexit 0\n`, { mode: 0o755 });
    fs.writeFileSync(
      path.join(bin, 'gcloud'),
      `#!/bin/sh\n${logger}\ncase " $* " in *" versions "*) exit 0;; *" describe "*) exit 1;; esac\nexit 0\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(bin, 'firebase'),
      `#!/bin/sh\n${logger}\n[ -n "$DLA_FAKE_FIREBASE_FAILS" ] && exit 3\nexit 0\n`,
      { mode: 0o755 },
    );
  });

  afterAll(() => {
    fs.rmSync(bin, { recursive: true, force: true });
  });

  function calls(): string[] {
    const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    fs.rmSync(log, { force: true });
    return lines;
  }

  it('runs the same commands, in the same order, as the printed script run by sh', async () => {
    const planned = buildDeployPlan({
      project: PROJECT,
      region: REGION,
      mailFrom: MAIL_FROM,
      today: '2026-03-02',
    });
    if (!planned.ok) throw new Error(planned.error.message);
    execFileSync('sh', ['-c', renderPlan(planned.value)], { env: env(), stdio: 'ignore' });
    const byShell = calls();

    const code = await runDeploy(
      { project: PROJECT, region: REGION, mailFrom: MAIL_FROM },
      {
        out: () => undefined,
        err: () => undefined,
        now: () => SUPPORTED_DAY,
        run: createSpawnRunner(env()),
      },
    );
    expect(code).toBe(0);
    const byDeploy = calls();

    expect(byDeploy.length).toBeGreaterThan(30);
    expect(byDeploy).toEqual(byShell);
    expect(byDeploy[0]).toBe('npm|run|build');
  });

  it('stops at the first failing child process with its exit code', async () => {
    let err = '';
    const code = await runDeploy(
      { project: PROJECT, region: REGION, mailFrom: MAIL_FROM },
      {
        out: () => undefined,
        err: (t) => (err += t),
        now: () => SUPPORTED_DAY,
        run: createSpawnRunner(env({ DLA_FAKE_FIREBASE_FAILS: '1' })),
      },
    );
    expect(code).toBe(1);
    expect(err).toContain(
      'la commande a échoué (code 3) : firebase deploy --only firestore:rules,firestore:indexes',
    );
    expect(err).toContain('Installez Firebase CLI');
    const made = calls();
    expect(made.at(-1)).toMatch(/^firebase\|deploy\|/);
    expect(made.some((l) => l.startsWith('gcloud|functions|deploy'))).toBe(false);
  });
});
