import fs from 'node:fs';
import path from 'node:path';
import type { MailProbe } from '../../functions/adapters/mail-failure-cause';
import {
  createAppContext,
  createMailer,
  exportSinkFor,
  systemClock,
  type GoogleMailEndpoints,
} from '../../functions/composition-root';
import { GcsExportSink } from '../../functions/adapters/gcs-export-sink';
import { XlsxWorkbookGateway } from '../../functions/adapters/xlsx-workbook-gateway';
import {
  MIN_SECRET_LENGTH,
  loadConfig,
  loadWorkspaceConfig,
  type Config,
  type WorkspaceSecrets,
} from '../../functions/config';
import {
  C2RA,
  OPERATOR_CODES,
  workbookOwnerSchema,
  type WorkbookOwner,
} from '../../shared/domain/operator';
import { ok } from '../../shared/domain/result';
import { canonicalJson } from '../../shared/domain/sync/content-hash';
import type { RecordStore } from '../../shared/ports/record-store';
import type { SpreadsheetGateway } from '../../shared/ports/spreadsheet-gateway';
import { readJobRuns } from '../../shared/use-cases/record-job-run';
import { layoutFor } from '../../sheets/layouts/workbook-layout';
import {
  DEFAULT_RECONCILE_MINUTES,
  RECONCILE_PERIODS,
  defaultServiceAccounts,
  scheduledJobs,
} from '../deploy/deploy-plan';
import {
  checkConfig,
  checkCredentials,
  checkDeploymentConfig,
  type SecretsFileObservation,
} from '../doctor/config-checks';
import { exitCodeOf, formatCheck, modeOf, type DoctorCheck } from '../doctor/doctor-check';
import { checkJobRuns } from '../doctor/job-run-checks';
import {
  checkExportBucket,
  checkStore,
  type ExportBucketObservation,
  type StoreObservation,
} from '../doctor/store-checks';
import {
  checkEditTrigger,
  checkLayout,
  checkLocalEditPath,
  checkWorkbookReachable,
  compareLayout,
  type WorkbookObservation,
} from '../doctor/workbook-checks';
import { checkMail } from '../doctor/mail-check';
import { SECRETS_FILE } from '../workspace-secrets';

/** Every workbook of the region: the C2RA's and the six operators'. */
const OWNERS: readonly WorkbookOwner[] = [C2RA, ...OPERATOR_CODES];

/** Days without an edit event after which a Google spreadsheet's trigger is questioned. */
export const DEFAULT_EDIT_DAYS = 7;

/** Longest wait for one answer of the store or of a spreadsheet. */
const TIMEOUT_MS = 60_000;

/** What the doctor opens: the store (null when the local file is missing) and the workbooks. */
export interface DoctorPorts {
  readonly store: RecordStore | null;
  readonly gateway: SpreadsheetGateway;
  close(): Promise<void>;
}

/** What `dla doctor` depends on (replaced in tests: environment, stand-in servers, clock). */
export interface DoctorDependencies {
  /** The environment to check (default: the process's, read by functions/config.ts). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly openPorts?: (config: Config, withStore: boolean) => DoctorPorts;
  readonly now?: () => Date;
  readonly out?: (text: string) => void;
  /** Google's endpoints for the Gmail probe (tests: stand-ins; default: Google's). */
  readonly mailEndpoints?: GoogleMailEndpoints;
}

/** Options of `dla doctor` as typed. */
export interface DoctorOptions {
  readonly dir?: string;
  readonly serviceAccount?: string;
  readonly editDays?: string;
  readonly reconcileEvery?: string;
  readonly json?: boolean;
}

/** The default ports: the configured adapters, without creating a missing local store. */
function defaultPorts(config: Config, withStore: boolean): DoctorPorts {
  if (withStore) {
    const context = createAppContext(config);
    return { store: context.store, gateway: context.gateway, close: () => context.close() };
  }
  const dir = config.spreadsheets.kind === 'xlsx' ? config.spreadsheets.dir : config.workspace;
  return { store: null, gateway: new XlsxWorkbookGateway(dir), close: () => Promise.resolve() };
}

/** Reads the local secrets file without creating or completing it. */
function observeSecretsFile(workspace: string): {
  observation: SecretsFileObservation;
  secrets: Partial<Record<WorkbookOwner, string>>;
} {
  const file = path.join(workspace, SECRETS_FILE);
  const secrets: Partial<Record<WorkbookOwner, string>> = {};
  let mode: number | null = null;
  try {
    mode = fs.statSync(file).mode & 0o777;
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      for (const [key, value] of Object.entries(json)) {
        const owner = workbookOwnerSchema.safeParse(key);
        if (owner.success && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
          secrets[owner.data] = value;
      }
    }
  } catch {
    // Absent or unreadable: reported as missing secrets.
  }
  return {
    observation: {
      path: file,
      exists: mode !== null,
      mode,
      owners: OWNERS.filter((o) => secrets[o] !== undefined),
    },
    secrets,
  };
}

/** Rejects after `ms` so that an unreachable service cannot hang the diagnosis. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de réponse en ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Gmail probed as the functions' account, not as whoever runs `dla doctor`. */
function signedBy(config: Config, serviceAccount: string | null): Config {
  const channel = config.mail.channel;
  if (channel.kind !== 'gmail' || channel.serviceAccount !== null || serviceAccount === null) {
    return config;
  }
  return { ...config, mail: { ...config.mail, channel: { ...channel, serviceAccount } } };
}

/** Lists the export bucket when the exports go to Cloud Storage (null otherwise: nothing to reach). */
async function observeExportBucket(config: Config): Promise<ExportBucketObservation | null> {
  if (config.exports.kind !== 'gcs') return null;
  const sink = exportSinkFor(config);
  if (!(sink instanceof GcsExportSink)) throw new Error('DLA_EXPORTS=gcs without a bucket sink');
  return sink.probeExportBucket(TIMEOUT_MS);
}

/** The region of the functions, read from their base URL (`https://REGION-PROJECT.cloudfunctions.net`). */
function regionOf(config: Config): string | null {
  const url = config.auth.scheduler?.functionsBaseUrl ?? '';
  return /^https:\/\/([a-z]+-[a-z]+\d+)-/.exec(url)?.[1] ?? null;
}

/** What the diagnosis found, in the order it is printed. */
export interface Diagnosis {
  readonly title: string;
  readonly checks: readonly DoctorCheck[];
}

/** Each workbook reachable and laid out as its layout. */
async function workbookChecks(
  gateway: SpreadsheetGateway,
  config: Config,
  serviceAccount: string | null,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const owner of OWNERS) {
    let observed: WorkbookObservation;
    try {
      observed = { kind: 'read', result: await withTimeout(gateway.read(owner), TIMEOUT_MS) };
    } catch (error) {
      observed = { kind: 'thrown', reason: reasonOf(error) };
    }
    checks.push(checkWorkbookReachable(owner, config, observed, serviceAccount));
    if (observed.kind === 'read' && observed.result.ok)
      checks.push(checkLayout(owner, compareLayout(layoutFor(owner), observed.result.value)));
  }
  return checks;
}

/**
 * Checks a local workspace or a deployment (the configuration decides): configuration complete,
 * credentials usable, store reachable, each workbook reachable and laid out as the current
 * layouts, the Apps Script triggers sending edits (Google), the export bucket (Cloud Storage), the
 * last scheduled runs.
 */
export async function diagnose(
  options: DoctorOptions,
  deps: DoctorDependencies = {},
): Promise<Diagnosis> {
  const now = (deps.now ?? (() => new Date()))();
  const editDays = options.editDays === undefined ? DEFAULT_EDIT_DAYS : Number(options.editDays);
  const reconcile =
    options.reconcileEvery === undefined
      ? DEFAULT_RECONCILE_MINUTES
      : Number(options.reconcileEvery);
  const checks: DoctorCheck[] = [];

  // 1. Configuration. The local secrets file is only read, never created (dla init creates it).
  const plain = loadWorkspaceConfig(options.dir, deps.env);
  let secretsFile: SecretsFileObservation | null = null;
  let loaded = plain;
  if (plain.ok && modeOf(plain.value) === 'local') {
    const observed = observeSecretsFile(plain.value.workspace);
    secretsFile = observed.observation;
    const readOnly: WorkspaceSecrets = () => ok(observed.secrets);
    loaded = loadWorkspaceConfig(options.dir, deps.env, readOnly);
  }
  checks.push(checkConfig(loaded));
  if (!loaded.ok) {
    return { title: 'dla doctor — configuration illisible', checks };
  }
  const config = loaded.value;
  const mode = modeOf(config);
  const title =
    mode === 'local'
      ? `dla doctor — espace de travail local ${config.workspace}`
      : `dla doctor — déploiement${config.store.kind === 'firestore' ? ` (projet ${config.store.projectId})` : ''}`;
  if (mode === 'deployment') {
    const local = loadConfig({});
    const placeholder =
      local.ok &&
      canonicalJson(local.value.mail.recipients) === canonicalJson(config.mail.recipients);
    checks.push(...checkDeploymentConfig(config, OWNERS, placeholder));
  }

  // 2. Credentials.
  checks.push(...checkCredentials(config, OWNERS, secretsFile));

  // 3. Store.
  const storeMissing = config.store.kind === 'sqlite' && !fs.existsSync(config.store.path);
  const ports = (deps.openPorts ?? defaultPorts)(config, !storeMissing);
  try {
    let store: StoreObservation;
    const runs = ports.store === null ? null : readJobRuns(ports.store);
    if (config.store.kind === 'sqlite' && storeMissing) {
      store = { kind: 'missing', path: config.store.path };
    } else {
      try {
        if (runs === null) throw new Error('base non ouverte');
        await withTimeout(runs, TIMEOUT_MS);
        store = { kind: 'reachable' };
      } catch (error) {
        store = { kind: 'unreachable', reason: reasonOf(error) };
      }
    }
    checks.push(checkStore(config, store));

    // 4. Workbooks: reachable, laid out as the layouts.
    const serviceAccount =
      options.serviceAccount ??
      (config.store.kind === 'firestore'
        ? defaultServiceAccounts(config.store.projectId).functions
        : null);
    checks.push(...(await workbookChecks(ports.gateway, config, serviceAccount)));

    // 5. Edits arriving from the Apps Script of each Google spreadsheet.
    if (
      config.spreadsheets.kind === 'google' &&
      ports.store !== null &&
      store.kind === 'reachable'
    ) {
      for (const owner of OWNERS) {
        const audit = await withTimeout(ports.store.listAudit(owner), TIMEOUT_MS);
        const lastEdit = audit.filter((a) => a.source === 'edit').at(-1)?.at ?? null;
        checks.push(checkEditTrigger(owner, lastEdit, now, editDays));
      }
    } else if (config.spreadsheets.kind === 'xlsx') {
      checks.push(checkLocalEditPath());
    }

    // 6. The export bucket (DLA_EXPORTS=gcs), or exports a deployment would lose in /tmp.
    checks.push(...checkExportBucket(config, await observeExportBucket(config), serviceAccount));

    // 7. The mail channel, and whether it can send (a token, or the SMTP login; nothing sent).
    const mail = await withTimeout(
      createMailer(signedBy(config, serviceAccount), systemClock, deps.mailEndpoints).probe(),
      TIMEOUT_MS,
    ).catch((error: unknown): MailProbe => ({
      ok: false,
      cause: { code: 'TIMEOUT', message: reasonOf(error) },
    }));
    checks.push(checkMail(config, mail, mode, serviceAccount));

    // 8. The last scheduled runs.
    if (runs !== null && store.kind === 'reachable') {
      const jobs = scheduledJobs(
        RECONCILE_PERIODS.includes(reconcile) ? reconcile : DEFAULT_RECONCILE_MINUTES,
      );
      checks.push(...checkJobRuns(await runs, jobs, mode, now, regionOf(config)));
    }
  } finally {
    await ports.close();
  }
  return { title, checks };
}

/**
 * `dla doctor [--dir DIR] [--service-account EMAIL] [--json]`: one line per check with ✓, ! or
 * ✗ and, when something is wrong, how to fix it, in French. Exit code 0 when every check is ✓,
 * 1 otherwise.
 */
export async function runDoctor(
  options: DoctorOptions,
  deps: DoctorDependencies = {},
): Promise<number> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  const { title, checks } = await diagnose(options, deps);
  const code = exitCodeOf(checks);
  if (options.json === true) {
    out(`${JSON.stringify({ ok: code === 0, checks }, null, 2)}\n`);
    return code;
  }
  const failed = checks.filter((c) => c.status !== 'ok').length;
  out(
    `${title}\n${checks.map(formatCheck).join('\n')}\n\n${
      failed === 0
        ? 'Tout est en ordre.'
        : `${failed} point(s) à regarder (✗ à corriger, ! à vérifier).`
    }\n`,
  );
  return code;
}
