import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import '../../functions/index';
import { signRequest } from '../../functions/auth/hmac-signature';
import { GcsExportSink } from '../../functions/adapters/gcs-export-sink';
import { GoogleSheetsGateway } from '../../functions/adapters/google-sheets-gateway';
import { provisionSpreadsheet } from '../../functions/adapters/google-sheets-provisioner';
import { OAuth2Client } from 'google-auth-library';
import { createAppContext, setAppContext } from '../../functions/composition-root';
import { loadWorkspaceConfig, type Config } from '../../functions/config';
import { runDoctor, type DoctorDependencies } from '../../scripts/commands/doctor.command';
import { describeJobRuns } from '../../scripts/commands/status.command';
import { scheduledJobs } from '../../scripts/deploy/deploy-plan';
import { SECRETS_FILE, workspaceSecrets } from '../../scripts/workspace-secrets';
import { createMissingWorkbooks, loadDemoData } from '../../scripts/workspace-setup';
import { makeJobRun } from '../../shared/domain/job-runs';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import type { Clock } from '../../shared/ports/clock';
import { readJobRuns, recordJobRun, saveJobRun } from '../../shared/use-cases/record-job-run';
import { layoutFor, workbookFileName } from '../../sheets/layouts/workbook-layout';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import {
  createStorageTestClient,
  startGcsTestServer,
  type GcsTestServer,
} from '../support/gcs-test-server';
import { createSheetsTestClient, startSheetsApiServer } from '../support/sheets-api-server';
import { startGoogleMailApis, type GoogleMailSetup } from '../support/google-mail-apis-server';
import { editSheet } from '../support/xlsx-sheet';

const OWNERS: readonly WorkbookOwner[] = [C2RA, ...OPERATOR_CODES];
const NOW = new Date('2026-11-27T09:00:00.000Z');

/** Runs `dla doctor` on a directory with an environment of its own; gives the exit code and the output. */
async function doctor(
  dir: string | undefined,
  deps: DoctorDependencies = {},
): Promise<{ code: number; output: string; lines: string[] }> {
  let output = '';
  const code = await runDoctor(dir === undefined ? {} : { dir }, {
    env: {},
    now: () => NOW,
    ...deps,
    out: (text) => {
      output += text;
    },
  });
  return { code, output, lines: output.split('\n').filter((l) => /^[✓!✗] /.test(l)) };
}

/** A copy of the healthy workspace, to break without touching the original. */
function copyOf(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-doctor-broken-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('dla doctor on a local workspace', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-doctor-'));
  const healthy = path.join(root, 'healthy');
  const copies: string[] = [];

  beforeAll(async () => {
    const config = loadWorkspaceConfig(healthy, {}, workspaceSecrets);
    if (!config.ok) throw new Error(config.error.message);
    const clock: Clock = { now: () => NOW };
    const context = createAppContext(config.value, clock);
    try {
      await createMissingWorkbooks(healthy);
      const loaded = await loadDemoData(context);
      if (!loaded.ok) throw new Error(loaded.error.message);
    } finally {
      await context.close();
    }
  }, 180_000);

  afterAll(() => {
    for (const dir of [root, ...copies]) fs.rmSync(dir, { recursive: true, force: true });
  });

  function broken(): string {
    const copy = copyOf(healthy);
    copies.push(copy);
    return copy;
  }

  it('is all green on a healthy workspace, exit code 0', async () => {
    const { code, output, lines } = await doctor(healthy);
    expect(lines.length).toBeGreaterThanOrEqual(2 + OWNERS.length * 2);
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual([]);
    for (const owner of OWNERS) {
      expect(output).toContain(`✓ Classeur ${owner} : ${workbookFileName(owner)} accessible.`);
      expect(output).toContain(
        `✓ Mise en page ${owner} : onglets et colonnes conformes aux modèles.`,
      );
    }
    expect(output).toContain('✓ Configuration : complète');
    expect(output).toContain('✓ Base de données : SQLite');
    // Exports go to the workspace's exports/ folder: nothing to reach, nothing said.
    expect(output).not.toContain('Exports');
    expect(output).toContain('Tout est en ordre.');
    expect(code).toBe(0);
  });

  it('names a renamed column, its tab and the exact header to restore; exit code 1', async () => {
    const dir = broken();
    const missions = layoutFor('CBE-LM').tabs.find((t) => t.name === 'Missions');
    const column = missions?.columns[2];
    if (column === undefined) throw new Error('no third column in the Missions layout');
    await editSheet(path.join(dir, workbookFileName('CBE-LM')), 'Missions', (sheet) => {
      expect(sheet.getCell('C1').value).toBe(column.label);
      sheet.getCell('C1').value = 'Titre de la mission';
    });

    const { code, lines } = await doctor(dir);
    const layout = lines.find((l) => l.includes('Mise en page CBE-LM'));
    expect(layout).toBe(
      `✗ Mise en page CBE-LM : onglet « Missions » : colonne « ${column.label} » renommée en « Titre de la mission » (colonne C). → rétablissez l’intitulé exact « ${column.label} » en C1 de l’onglet « Missions » : les valeurs de ces colonnes ne sont pas lues tant que l’en-tête diffère.`,
    );
    // The other workbooks are still fine.
    expect(lines).toContain('✓ Mise en page EE-DK : onglets et colonnes conformes aux modèles.');
    expect(code).toBe(1);
  });

  it('flags a column a person added as a warning, and a workbook open in a spreadsheet program', async () => {
    const dir = broken();
    await editSheet(path.join(dir, workbookFileName('NA-DEN')), 'Structures', (sheet) => {
      sheet.getRow(1).getCell(sheet.getRow(1).cellCount + 1).value = 'Remarques perso';
    });
    fs.writeFileSync(path.join(dir, `.~lock.${workbookFileName('I62-CAL')}#`), 'someone');

    const { code, lines } = await doctor(dir);
    expect(lines.find((l) => l.includes('Mise en page NA-DEN'))).toMatch(
      /^! Mise en page NA-DEN : onglet « Structures » : colonne « Remarques perso » inconnue \(colonne [A-Z]+, ignorée par la synchronisation\)/,
    );
    expect(lines.find((l) => l.includes('Classeur I62-CAL'))).toMatch(
      /^✗ Classeur I62-CAL : Le classeur dla-I62-CAL\.xlsx est ouvert dans Excel ou LibreOffice.* → fermez le classeur/,
    );
    expect(code).toBe(1);
  });

  it('names the workbook whose secret is missing, and does not create it', async () => {
    const dir = broken();
    const file = path.join(dir, SECRETS_FILE);
    const secrets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    delete secrets['EE-DK'];
    fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });

    const { code, lines } = await doctor(dir);
    expect(lines.find((l) => l.startsWith('✗ Identifiants'))).toBe(
      `✗ Identifiants : aucun secret HMAC pour EE-DK (${file}) : les appels signés de ce classeur seront refusés. → lancez « dla init » : il complète ${file} sans changer les autres secrets.`,
    );
    expect(code).toBe(1);
    // The doctor only looks: the secret is still missing.
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as object)).not.toContain('EE-DK');
  });

  it('names a missing configuration variable', async () => {
    const firestoreWithoutProject = await doctor(healthy, { env: { DLA_STORE: 'firestore' } });
    expect(firestoreWithoutProject.lines).toEqual([
      expect.stringMatching(
        /^✗ Configuration : Variable GOOGLE_CLOUD_PROJECT manquante .* → définissez ou corrigez GOOGLE_CLOUD_PROJECT \(docs\/configuration\.md/,
      ),
    ]);
    expect(firestoreWithoutProject.code).toBe(1);

    const noSecrets = await doctor(undefined, {
      env: {
        DLA_STORE: 'firestore',
        GOOGLE_CLOUD_PROJECT: 'dla-npdc-test',
        DLA_SPREADSHEETS: 'google',
        DLA_SPREADSHEET_IDS: '{"C2RA": "sheet-c2ra"}',
      },
    });
    expect(noSecrets.lines).toHaveLength(1);
    expect(noSecrets.lines[0]).toMatch(
      /^✗ Configuration : Variable DLA_HMAC_SECRETS manquante .* → définissez ou corrigez DLA_HMAC_SECRETS, DLA_ID_TOKEN_AUDIENCE/,
    );
    expect(noSecrets.code).toBe(1);
  });

  it('reports the last run of a job recorded in the store, failed or not', async () => {
    const dir = broken();
    const config = loadWorkspaceConfig(dir, {}, workspaceSecrets);
    if (!config.ok) throw new Error(config.error.message);
    let tick = NOW.getTime() - 3_600_000;
    const clock: Clock = { now: () => new Date((tick += 2_000)) };
    const context = createAppContext(config.value, clock);
    try {
      await recordJobRun(
        context,
        'registerExport',
        async () => 12,
        (rows) => ({
          outcome: 'ok',
          counts: { rows },
        }),
      );
      await expect(
        recordJobRun(
          context,
          'dailyAlerts',
          async () => {
            throw new TypeError('boom with personal data jean.dupont@example.org');
          },
          () => ({ outcome: 'ok', counts: {} }),
        ),
      ).rejects.toThrow('boom');
      const stored = await readJobRuns(context.store);
      expect(stored['dailyAlerts']?.[0]?.message).toBe(
        'Échec interne (TypeError) : voir les journaux de la fonction.',
      );
    } finally {
      await context.close();
    }

    const { code, lines } = await doctor(dir);
    expect(lines.find((l) => l.includes('Tâche registerExport'))).toMatch(
      /^✓ Tâche registerExport : dernière exécution le 27\/11\/2026 09:00, réussie en 2 s \(12 ligne\(s\)\)\.$/,
    );
    expect(lines.find((l) => l.includes('Tâche dailyAlerts'))).toMatch(
      /^✗ Tâche dailyAlerts : dernière exécution le .*en échec .*Échec interne \(TypeError\)/,
    );
    expect(lines.join('\n')).not.toContain('jean.dupont');
    expect(code).toBe(1);
  });

  it('records a run of each scheduled function called over HTTP, which doctor and status show', async () => {
    const dir = broken();
    const config = loadWorkspaceConfig(dir, {}, workspaceSecrets);
    if (!config.ok) throw new Error(config.error.message);
    const context = createAppContext(config.value, { now: () => NOW });
    const secret = config.value.auth.hmacSecrets[C2RA]?.[0] ?? '';
    let second = 0;
    const post = (name: string, body: unknown) => {
      const raw = JSON.stringify(body);
      second += 1; // a new signature each time: the replay guard is shared by the functions
      return request(getTestServer(name))
        .post('/')
        .set(signRequest(secret, raw, new Date(NOW.getTime() + second * 1000)))
        .set('content-type', 'application/json')
        .send(raw);
    };
    setAppContext(context);
    try {
      // The C2RA's own spreadsheet may ask for these; the scheduler sends an empty body.
      expect((await post('regionalConsolidation', {})).status).toBe(200);
      expect((await post('registerExport', { format: 'csv' })).status).toBe(200);
      expect((await post('syncSpreadsheet', { owner: C2RA })).status).toBe(200);
      expect((await post('dailyAlerts', { owner: C2RA })).status).toBe(200);
      expect((await post('dailyAlerts', { owner: C2RA, dryRun: true })).status).toBe(200);
      const runs = await readJobRuns(context.store);
      expect(Object.keys(runs).sort()).toEqual([
        'dailyAlerts:C2RA',
        'regionalConsolidation',
        'registerExport',
        'syncSpreadsheet:C2RA',
      ]);
      // A simulation is not a run.
      expect(runs['dailyAlerts:C2RA']).toHaveLength(1);
      expect(runs['registerExport']?.[0]).toMatchObject({
        job: 'registerExport',
        outcome: 'ok',
        counts: { rows: expect.any(Number) },
      });
      expect(runs['syncSpreadsheet:C2RA']?.[0]?.counts).toMatchObject({
        workbooks: 1,
        failedWorkbooks: 0,
      });
      const status = describeJobRuns(runs).join('\n');
      expect(status).toContain('✓ regionalConsolidation : 27/11/2026 10:00, réussie');
      expect(status).toContain(
        '✓ syncSpreadsheet:C2RA : 27/11/2026 10:00, réussie en 0 s (1 classeur(s)',
      );
      expect(status).toContain('  syncSpreadsheet:CBE-LM : jamais exécutée');
    } finally {
      setAppContext(null);
      await context.close();
    }
    const { code, lines } = await doctor(dir);
    expect(lines.find((l) => l.includes('Tâche regionalConsolidation'))).toMatch(
      /^✓ Tâche regionalConsolidation : dernière exécution le 27\/11\/2026 10:00, réussie en 0 s \(\d+ mission\(s\), \d+ prestataire\(s\)\)\.$/,
    );
    expect(code).toBe(0);
  });

  it('reports a missing local store without creating it', async () => {
    const dir = broken();
    for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('dla.sqlite')))
      fs.rmSync(path.join(dir, name));
    const { code, lines } = await doctor(dir);
    expect(lines).toContain(
      `✗ Base de données : base locale absente (${path.join(dir, 'dla.sqlite')}). → lancez « dla init » dans ce dossier de travail.`,
    );
    expect(fs.existsSync(path.join(dir, 'dla.sqlite'))).toBe(false);
    expect(code).toBe(1);
  });
});

describe('dla doctor on a deployment (stand-in Sheets API and Cloud Storage servers, in-memory store)', () => {
  const PROJECT = 'dla-npdc-test';
  const SERVICE_ACCOUNT = `dla-functions@${PROJECT}.iam.gserviceaccount.com`;
  const EXPORT_BUCKET = `${PROJECT}-dla-exports`;
  let server: Awaited<ReturnType<typeof startSheetsApiServer>>;
  let storage: GcsTestServer;
  let mailApis: Awaited<ReturnType<typeof startGoogleMailApis>>;
  const SENDER = 'alertes@dla-npdc.fr';
  const WORKSPACE: GoogleMailSetup = {
    identityToken: 'jeton-identite',
    signers: [SERVICE_ACCOUNT],
    delegations: { [SERVICE_ACCOUNT]: ['https://www.googleapis.com/auth/gmail.send'] },
    users: [SENDER],
  };
  const ids: Partial<Record<WorkbookOwner, string>> = {};
  const store = new InMemoryRecordStore();

  function env(): Record<string, string> {
    return {
      DLA_STORE: 'firestore',
      GOOGLE_CLOUD_PROJECT: PROJECT,
      DLA_SPREADSHEETS: 'google',
      DLA_SPREADSHEET_IDS: JSON.stringify(ids),
      DLA_WORKSPACE: '/tmp/dla',
      DLA_MAIL: 'gmail',
      DLA_MAIL_FROM: `DLA Nord – Pas de Calais <${SENDER}>`,
      DLA_HMAC_SECRETS: JSON.stringify(
        Object.fromEntries(OWNERS.map((o) => [o, `secret-${o}-0123456789abcdef0123456789abcdef`])),
      ),
      DLA_ALERT_RECIPIENTS: JSON.stringify({ c2ra: ['c2ra@dla-npdc.fr'] }),
      DLA_SCHEDULER_SERVICE_ACCOUNT: `dla-scheduler@${PROJECT}.iam.gserviceaccount.com`,
      DLA_FUNCTIONS_BASE_URL: `https://europe-west1-${PROJECT}.cloudfunctions.net`,
      DLA_EXPORTS: 'gcs',
      DLA_EXPORT_BUCKET: EXPORT_BUCKET,
      DLA_STORAGE_ENDPOINT: storage.url,
    };
  }

  const identity = new OAuth2Client({ transporterOptions: { fetchImplementation: fetch } });
  identity.setCredentials({ access_token: 'jeton-identite', expiry_date: Date.now() + 86_400_000 });
  const deps = (changed: Record<string, string> = {}): DoctorDependencies => ({
    env: { ...env(), ...changed },
    openPorts: (config: Config) => ({
      store,
      gateway: new GoogleSheetsGateway({
        api: createSheetsTestClient(server),
        spreadsheetIds: config.spreadsheetIds,
        sleep: () => Promise.resolve(),
      }),
      close: () => Promise.resolve(),
    }),
    // The function's identity signs through the IAM Credentials stand-in (no metadata server here).
    mailEndpoints: {
      iam: identity,
      iamCredentialsUrl: mailApis.url,
      tokenUrl: `${mailApis.url}/token`,
      gmailRootUrl: `${mailApis.url}/`,
    },
  });

  beforeAll(async () => {
    mailApis = await startGoogleMailApis(WORKSPACE);
    storage = await startGcsTestServer({ buckets: [EXPORT_BUCKET] });
    // Two exports of earlier nights, and a file of the bucket outside exports/ (not counted).
    storage.put(EXPORT_BUCKET, 'exports/registre-prestataires-2026-11-25.xlsx', 'PK');
    storage.put(EXPORT_BUCKET, 'exports/registre-prestataires-2026-11-26.xlsx', 'PK');
    storage.put(EXPORT_BUCKET, 'notes/lisez-moi.txt', 'ailleurs');
    server = await startSheetsApiServer();
    const api = createSheetsTestClient(server);
    for (const owner of OWNERS) {
      const report = await provisionSpreadsheet(api, layoutFor(owner), { title: `DLA ${owner}` });
      ids[owner] = report.spreadsheetId;
    }
  });

  afterAll(async () => {
    await server.close();
    await storage.close();
    await mailApis.close();
  });

  beforeEach(() => {
    storage.resetCalls();
    mailApis.setup = WORKSPACE;
  });

  it('says Gmail can send once a delegated token is obtained (nothing sent)', async () => {
    const { lines } = await doctor(undefined, deps());
    expect(lines).toContain(
      `✓ Envoi des e-mails : canal gmail : jeton obtenu pour ${SENDER} par délégation au niveau du domaine (${SERVICE_ACCOUNT}) — l’envoi est possible.`,
    );
    expect(mailApis.traffic.signedClaims.at(-1)).toMatchObject({
      iss: SERVICE_ACCOUNT,
      sub: SENDER,
    });
    expect(mailApis.traffic.sent).toEqual([]);
  }, 120_000);

  it('says how to grant the domain-wide delegation when Google refuses it', async () => {
    mailApis.setup = { ...WORKSPACE, delegations: {} };
    const { code, lines } = await doctor(undefined, deps());
    const line = lines.find((l) => l.includes('Envoi des e-mails')) ?? '';
    expect(line).toMatch(/^✗ Envoi des e-mails : canal gmail : Google refuse la délégation/);
    expect(line).toContain('Gérer la délégation au niveau du domaine');
    expect(line).toContain(`ID unique (numérique) de ${SERVICE_ACCOUNT}`);
    expect(line).toContain('https://www.googleapis.com/auth/gmail.send');
    expect(code).toBe(1);
  }, 120_000);

  it('warns when no edit and no scheduled run was ever seen', async () => {
    const { code, lines } = await doctor(undefined, deps());
    expect(lines.filter((l) => l.startsWith('✗ '))).toEqual([]);
    expect(lines).toContain(
      '! Déclencheur Apps Script CBE-LM : aucune modification reçue de ce classeur : le déclencheur est-il installé ? → dans le classeur, Extensions › Apps Script : vérifiez les propriétés du script et exécutez « setupDla » une fois (docs/deploiement.md).',
    );
    expect(lines.find((l) => l.startsWith('! Tâche dailyAlerts'))).toContain(
      'gcloud scheduler jobs run dla-daily-alerts --location=europe-west1',
    );
    expect(code).toBe(1);
  });

  it('is all green once edits arrive and every job ran', async () => {
    for (const owner of OWNERS) {
      store.audit.push({
        at: new Date(NOW.getTime() - 3_600_000).toISOString(),
        owner,
        recordId: 'X',
        field: 'name',
        oldValue: null,
        newValue: 'y',
        who: 'apps-script',
        source: 'edit',
        eventId: `evt-${owner}`,
      });
    }
    for (const job of scheduledJobs()) {
      const start = new Date(NOW.getTime() - 5 * 60_000);
      await saveJobRun(
        store,
        makeJobRun(job.runKey, start, new Date(start.getTime() + 4_000), {
          outcome: 'ok',
          counts: { workbooks: 7 },
        }),
      );
    }
    const { code, lines, output } = await doctor(undefined, deps());
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual([]);
    expect(lines).toContain(
      `✓ Exports : bucket gs://${EXPORT_BUCKET} (serveur ${storage.url}) joignable (2 export(s)).`,
    );
    expect(output).toContain(`dla doctor — déploiement (projet ${PROJECT})`);
    expect(code).toBe(0);
    // The doctor only looks: one listing of exports/, nothing written or deleted.
    expect(storage.calls.map((c) => [c.operation, c.query['prefix']])).toEqual([
      ['objects.list', 'exports/'],
    ]);
  });

  it('says to create the export bucket, or to correct DLA_EXPORT_BUCKET, when it does not exist', async () => {
    const { code, lines } = await doctor(
      undefined,
      deps({ DLA_EXPORT_BUCKET: `${PROJECT}-dla-export` }),
    );
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual([
      `✗ Exports : bucket gs://${PROJECT}-dla-export (serveur ${storage.url}) introuvable : les exports planifiés échoueraient. → créez-le ou corrigez DLA_EXPORT_BUCKET (« dla deploy » le crée).`,
    ]);
    expect(code).toBe(1);
  });

  it('says to give the functions account its role on the bucket when Cloud Storage answers 403', async () => {
    const denied = `${SERVICE_ACCOUNT} does not have storage.objects.list access to the Google Cloud Storage bucket. Permission 'storage.objects.list' denied on resource (or it may not exist).`;
    storage.failNext(403, { operation: 'objects.list', message: denied });
    const { code, lines } = await doctor(undefined, deps());
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual([
      `✗ Exports : Cloud Storage refuse l’accès au bucket gs://${EXPORT_BUCKET} (serveur ${storage.url}) (${denied}) : les exports planifiés y échoueraient. → donnez au compte des fonctions ${SERVICE_ACCOUNT} le rôle roles/storage.objectAdmin sur ce bucket (relancez « dla deploy », qui le lui donne).`,
    ]);
    expect(code).toBe(1);
  });

  it('warns that a deployment exporting to files would lose them with the instance', async () => {
    const { code, lines } = await doctor(undefined, deps({ DLA_EXPORTS: 'file' }));
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual([
      '! Exports : DLA_EXPORTS=file : en production, les fonctions écriraient les exports datés sur leur disque temporaire (/tmp), perdu avec l’instance. → choisissez DLA_EXPORTS=gcs et DLA_EXPORT_BUCKET (« dla deploy » crée le bucket et les définit).',
    ]);
    expect(code).toBe(1);
    expect(storage.calls).toEqual([]);
  });

  it('reports Cloud Storage unavailable after the client’s retries, or silent past the timeout', async () => {
    storage.failNext(503, { operation: 'objects.list', count: 4 });
    const sink = new GcsExportSink({
      bucket: createStorageTestClient(storage).bucket(EXPORT_BUCKET),
    });
    expect(await sink.probeExportBucket()).toEqual({
      ok: false,
      error: {
        code: 'EXPORT_STORAGE_UNAVAILABLE',
        message: expect.stringContaining(`gs://${EXPORT_BUCKET} (HTTP 503`),
        detail: 'We encountered an internal error. Please try again.',
      },
    });
    expect(storage.calls.map((c) => c.status)).toEqual([503, 503, 503, 503]);

    // A server that accepts the connection and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const unanswered = new GcsExportSink({
        bucket: createStorageTestClient({ url }).bucket(EXPORT_BUCKET),
      });
      expect(await unanswered.probeExportBucket(1_000)).toEqual({
        ok: false,
        error: {
          code: 'EXPORT_STORAGE_UNAVAILABLE',
          message: expect.stringContaining('pas de réponse en 1 s'),
          detail: 'pas de réponse en 1 s',
        },
      });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('says to share a spreadsheet answering 403, and flags a job that failed or stopped running', async () => {
    server.failNext(403, { operation: 'spreadsheets.get' });
    const failedAt = new Date(NOW.getTime() - 60_000);
    await saveJobRun(
      store,
      makeJobRun('regionalConsolidation', failedAt, NOW, {
        outcome: 'failed',
        counts: { missions: 3 },
        message: 'classeur du C2RA non mis à jour',
      }),
    );
    const { code, lines } = await doctor(undefined, {
      ...deps(),
      now: () => new Date(NOW.getTime() + 3 * 86_400_000),
    });
    expect(lines.find((l) => l.startsWith('✗ Classeur C2RA'))).toMatch(
      new RegExp(
        `partagez le classeur avec ${SERVICE_ACCOUNT.replace(/\./g, '\\.')} \\(Partager › éditeur\\)\\.$`,
      ),
    );
    expect(lines.find((l) => l.startsWith('✓ Classeur CBE-LM'))).toBeDefined();
    expect(lines.find((l) => l.includes('Tâche regionalConsolidation'))).toMatch(
      /^✗ Tâche regionalConsolidation : dernière exécution le .*en échec.*classeur du C2RA non mis à jour\. → corrigez la cause, puis relancez-la : gcloud scheduler jobs run dla-regional-consolidation --location=europe-west1/,
    );
    expect(lines.find((l) => l.includes('Tâche dailyAlerts'))).toMatch(
      /^! Tâche dailyAlerts : en retard : .*attendue toutes les 24 h/,
    );
    expect(code).toBe(1);
  });
});
