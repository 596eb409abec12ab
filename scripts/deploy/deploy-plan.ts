import type { HTTP_FUNCTIONS } from '../../functions/index';
import { fail, ok, type Result } from '../../shared/domain/result';
import { formatFrenchDate, type IsoDate } from '../../shared/domain/values/french-date';

/*
 * The deployment of the DLA system to Google Cloud, as data: every `npm`, `gcloud` and `firebase`
 * command `dla deploy` runs, in order. Pure: the plan is built from the options alone, never from
 * the environment, so no secret value can reach it — secrets are Secret Manager references.
 * `renderPlan` prints it as a shell script with the same meaning (`--dry-run`).
 */

/** A function name of the deployed source (`functions/index.ts`). */
export type FunctionName = (typeof HTTP_FUNCTIONS)[number];

/** The time zone of every scheduled job: deadlines and digests are French days. */
export const SCHEDULE_TIME_ZONE = 'Europe/Paris';

/**
 * Regions of the European Union where Cloud Functions (2nd gen), Cloud Scheduler and Firestore
 * all run: the beneficiaries' data stays in the EU (GDPR). London and Zurich are outside the EU.
 */
export const EU_REGIONS: Readonly<Record<string, string>> = {
  'europe-west1': 'Belgique',
  'europe-west3': 'Francfort',
  'europe-west4': 'Pays-Bas',
  'europe-west8': 'Milan',
  'europe-west9': 'Paris',
  'europe-west10': 'Berlin',
  'europe-west12': 'Turin',
  'europe-central2': 'Varsovie',
  'europe-north1': 'Finlande',
  'europe-southwest1': 'Madrid',
};

/** The default region: Belgium (every service available, close to Nord – Pas de Calais). */
export const DEFAULT_REGION = 'europe-west1';

/**
 * Node.js runtimes of Cloud Run functions with Google's deprecation and decommission dates
 * (runtime support schedule). After decommission, no function can be created or updated with it.
 */
export const RUNTIMES: Readonly<Record<string, { deprecated: IsoDate; decommissioned: IsoDate }>> =
  {
    nodejs20: { deprecated: '2026-04-30', decommissioned: '2026-10-30' },
    nodejs22: { deprecated: '2027-04-30', decommissioned: '2027-10-31' },
    nodejs24: { deprecated: '2028-04-30', decommissioned: '2028-10-31' },
  };

/**
 * The runtime the functions are deployed on. The project is developed on Node 20 and its whole
 * test suite also passes on Node 22 (`engines.node` of package.json allows both); Google
 * decommissioned nodejs20 on 30/10/2026.
 */
export const DEFAULT_RUNTIME = 'nodejs22';

/** Minutes between two scheduled reconciles of every workbook (safety net for missed edits). */
export const DEFAULT_RECONCILE_MINUTES = 15;

/** Reconcile periods allowed: divisors of an hour, at least 5 minutes (Sheets API quotas). */
export const RECONCILE_PERIODS: readonly number[] = [5, 6, 10, 12, 15, 20, 30, 60];

/** The schedule of a scheduled function. */
export interface ScheduleSpec {
  /** Cron in {@link SCHEDULE_TIME_ZONE}, or `reconcile` for the every-N-minutes safety net. */
  readonly cron: string;
  /** French description of the Cloud Scheduler job. */
  readonly description: string;
  /** Retries after a failed attempt (0 for the frequent reconcile: the next one comes soon). */
  readonly retries: number;
}

/** How one function is deployed. */
export interface FunctionDeployment {
  /**
   * `private`: Cloud Run refuses any caller without the invoker role (only the scheduler's
   * service account has it), and the function checks the scheduler's token again. `public`: the
   * IAM check is off because the callers are the spreadsheets' Apps Scripts, whose Google identity
   * tokens are minted for the script, not for the function URL; the function itself refuses
   * (401) every request without a valid HMAC signature or identity token before reading anything.
   */
  readonly access: 'public' | 'private';
  readonly memory: string;
  readonly timeoutSeconds: number;
  readonly maxInstances: number;
  readonly schedule: ScheduleSpec | null;
}

/** Every function of the source and how it is deployed (a function missing here does not compile). */
export const FUNCTION_DEPLOYMENTS: Readonly<Record<FunctionName, FunctionDeployment>> = {
  sheetEdit: {
    access: 'public',
    memory: '512Mi',
    timeoutSeconds: 60,
    maxInstances: 20,
    schedule: null,
  },
  syncSpreadsheet: {
    access: 'public',
    memory: '1Gi',
    timeoutSeconds: 540,
    maxInstances: 5,
    schedule: {
      cron: 'reconcile',
      description:
        'DLA : réconciliation de tous les classeurs (filet de sécurité des modifications)',
      retries: 0,
    },
  },
  dailyAlerts: {
    access: 'private',
    memory: '512Mi',
    timeoutSeconds: 540,
    maxInstances: 1,
    schedule: {
      cron: '0 7 * * *',
      description: 'DLA : alertes du jour et récapitulatifs par e-mail (07:00)',
      retries: 2,
    },
  },
  regionalConsolidation: {
    access: 'private',
    memory: '1Gi',
    timeoutSeconds: 540,
    maxInstances: 1,
    schedule: {
      cron: '0 6 * * 1',
      description: 'DLA : consolidation régionale pour le C2RA (lundi 06:00)',
      retries: 2,
    },
  },
  registerExport: {
    access: 'private',
    memory: '1Gi',
    timeoutSeconds: 540,
    maxInstances: 1,
    schedule: {
      cron: '30 2 * * *',
      description: 'DLA : export nocturne du registre des prestataires (02:30)',
      retries: 2,
    },
  },
  // Menu « Recalculer les notes »: one workbook's reconcile, while a person waits for the toast.
  scoreMission: {
    access: 'public',
    memory: '1Gi',
    timeoutSeconds: 300,
    maxInstances: 5,
    schedule: null,
  },
};

/** The functions in deployment order (the edit path first). */
export const DEPLOYED_FUNCTIONS = Object.keys(FUNCTION_DEPLOYMENTS) as FunctionName[];

/** A scheduled job as deployed: its Cloud Scheduler name, target and cron. */
export interface ScheduledJob {
  readonly name: string;
  readonly functionName: FunctionName;
  readonly cron: string;
  readonly description: string;
  readonly retries: number;
  /** Minutes between two runs. */
  readonly periodMinutes: number;
  /** How long after its last run the job is late (for `dla doctor`). */
  readonly maxAgeMinutes: number;
}

/** The Cloud Scheduler job name of a function: `dla-daily-alerts`. */
export function schedulerJobName(functionName: FunctionName): string {
  return `dla-${functionName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The cron of the reconcile every `minutes` minutes. */
export function reconcileCron(minutes: number): string {
  return minutes === 60 ? '0 * * * *' : `*/${minutes} * * * *`;
}

/** Expected period of a cron of this plan, in minutes (for lateness checks). */
function periodMinutes(cron: string, reconcileMinutes: number): number {
  if (cron === 'reconcile') return reconcileMinutes;
  const [, , , , weekday = '*'] = cron.split(' ');
  return weekday === '*' ? 24 * 60 : 7 * 24 * 60;
}

/** The scheduled jobs, with the reconcile period chosen. */
export function scheduledJobs(
  reconcileMinutes: number = DEFAULT_RECONCILE_MINUTES,
): ScheduledJob[] {
  return DEPLOYED_FUNCTIONS.flatMap((functionName) => {
    const schedule = FUNCTION_DEPLOYMENTS[functionName].schedule;
    if (schedule === null) return [];
    const period = periodMinutes(schedule.cron, reconcileMinutes);
    return [
      {
        name: schedulerJobName(functionName),
        functionName,
        cron: schedule.cron === 'reconcile' ? reconcileCron(reconcileMinutes) : schedule.cron,
        description: schedule.description,
        retries: schedule.retries,
        periodMinutes: period,
        // Late after two missed periods (one missed run may be a retry still under way).
        maxAgeMinutes: 2 * period + 30,
      },
    ];
  });
}

/** A secret mounted as an environment variable: the variable and its Secret Manager secret. */
export interface SecretReference {
  readonly variable: string;
  readonly secret: string;
  /** French: what the value looks like, for the person who adds it. */
  readonly expected: string;
}

/** How to mail in production. */
export type MailChannel = 'gmail' | 'smtp';

/** What `dla deploy` was asked for. */
export interface DeployOptions {
  readonly project: string;
  readonly region: string;
  readonly runtime?: string;
  readonly reconcileMinutes?: number;
  /** The functions' identity (default `dla-functions@PROJECT.iam.gserviceaccount.com`). */
  readonly serviceAccount?: string;
  /** Cloud Scheduler's identity (default `dla-scheduler@PROJECT.iam.gserviceaccount.com`). */
  readonly schedulerServiceAccount?: string;
  readonly mail?: MailChannel;
  /** Also accept the Apps Script's Google identity tokens (audience and allowed users as secrets). */
  readonly idTokens?: boolean;
  /** The Cloud Storage bucket of the exports (default `PROJECT-dla-exports`, see {@link defaultExportBucket}). */
  readonly exportBucket?: string;
  /**
   * Who may read the exports (the C2RA, finance, funders): IAM members `group:…`, `user:…` or
   * `domain:…`, given `roles/storage.objectViewer` on the export bucket only.
   */
  readonly exportReaders?: readonly string[];
  /** Today (Paris), to compare with the runtime's decommission date. */
  readonly today: IsoDate;
}

/** One command: a program and its arguments, run without a shell. */
export interface Command {
  readonly program: 'npm' | 'gcloud' | 'firebase';
  readonly args: readonly string[];
}

/** One step of the deployment. */
export type DeployStep =
  | {
      readonly kind: 'run';
      readonly title: string;
      readonly command: Command;
      readonly hint?: string;
    }
  | {
      /** Creates something only when the probe says it is missing. */
      readonly kind: 'ensure';
      readonly title: string;
      readonly probe: Command;
      readonly create: Command;
      readonly hint?: string;
    }
  | {
      /** Updates something the probe finds, creates it otherwise. */
      readonly kind: 'upsert';
      readonly title: string;
      readonly probe: Command;
      readonly update: Command;
      readonly create: Command;
      readonly hint?: string;
    };

/** Everything `dla deploy` will do. */
export interface DeployPlan {
  readonly project: string;
  readonly region: string;
  readonly runtime: string;
  readonly serviceAccount: string;
  readonly schedulerServiceAccount: string;
  readonly functionsBaseUrl: string;
  /** The bucket where the functions write the dated exports (`DLA_EXPORT_BUCKET`). */
  readonly exportBucket: string;
  readonly secrets: readonly SecretReference[];
  readonly jobs: readonly ScheduledJob[];
  readonly steps: readonly DeployStep[];
  /** French warnings printed before the commands. */
  readonly warnings: readonly string[];
  /** French reasons that make the real deployment refuse to start (the plan is still printed). */
  readonly blockers: readonly string[];
}

/** APIs the deployment uses. */
export const REQUIRED_APIS: readonly string[] = [
  'cloudfunctions.googleapis.com',
  'run.googleapis.com',
  'cloudbuild.googleapis.com',
  'artifactregistry.googleapis.com',
  'cloudscheduler.googleapis.com',
  'firestore.googleapis.com',
  'secretmanager.googleapis.com',
  'sheets.googleapis.com',
  'gmail.googleapis.com',
  'iam.googleapis.com',
  'storage.googleapis.com',
];

/** The service accounts a project gets when none is chosen. */
export function defaultServiceAccounts(project: string): {
  functions: string;
  scheduler: string;
} {
  return {
    functions: `dla-functions@${project}.iam.gserviceaccount.com`,
    scheduler: `dla-scheduler@${project}.iam.gserviceaccount.com`,
  };
}

/**
 * The bucket of the exports when none is chosen: `PROJECT-dla-exports`. Bucket names are shared
 * by every Cloud Storage user; the project id in it makes a clash unlikely.
 */
export function defaultExportBucket(project: string): string {
  return `${project}-dla-exports`;
}

/** The base URL of the functions: `https://REGION-PROJECT.cloudfunctions.net`. */
export function functionsBaseUrl(project: string, region: string): string {
  return `https://${region}-${project}.cloudfunctions.net`;
}

/** The secrets the functions read, as Secret Manager references (never values). */
export function secretReferences(options: {
  mail: MailChannel;
  idTokens: boolean;
}): SecretReference[] {
  const secrets: SecretReference[] = [
    {
      variable: 'DLA_HMAC_SECRETS',
      secret: 'dla-hmac-secrets',
      expected: '{"CBE-LM": "<secret de 32 caractères ou plus>", …, "C2RA": "…"}',
    },
    {
      variable: 'DLA_SPREADSHEET_IDS',
      secret: 'dla-spreadsheet-ids',
      expected: '{"CBE-LM": "<identifiant du classeur Google>", …, "C2RA": "…"}',
    },
    {
      variable: 'DLA_ALERT_RECIPIENTS',
      secret: 'dla-alert-recipients',
      expected:
        '{"operators": {"CBE-LM": {"chargé de mission": ["…"], "finance": ["…"]}}, "c2ra": ["…"]}',
    },
  ];
  if (options.idTokens) {
    secrets.push(
      {
        variable: 'DLA_ID_TOKEN_AUDIENCE',
        secret: 'dla-id-token-audience',
        expected: 'identifiant(s) client OAuth du projet Apps Script, séparés par des virgules',
      },
      {
        variable: 'DLA_ALLOWED_USERS',
        secret: 'dla-allowed-users',
        expected: '{"CBE-LM": ["prenom.nom@cbe-lille.fr", "@cbe-lille.fr"], …}',
      },
    );
  }
  if (options.mail === 'smtp') {
    secrets.push({
      variable: 'DLA_SMTP_URL',
      secret: 'dla-smtp-url',
      expected: 'smtps://utilisateur:mot-de-passe@serveur:465',
    });
  }
  return secrets;
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const SERVICE_ACCOUNT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/;
/** A bucket name without dots (a dotted name must be a verified domain): 3 to 63 characters. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

/** An IAM member who may read the exports: a Google group, a person, or a whole domain. */
const EXPORT_READER =
  /^(?:(?:group|user):[^\s@,]+@[^\s@,]+\.[a-z]{2,}|domain:[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

/** The French list of allowed regions. */
function euRegionList(): string {
  return Object.entries(EU_REGIONS)
    .map(([region, place]) => `${region} (${place})`)
    .join(', ');
}

/** Joins KEY=VALUE pairs for gcloud, switching delimiter when a value holds a comma. */
export function keyValueList(pairs: readonly (readonly [string, string])[]): string {
  const joined = pairs.map(([k, v]) => `${k}=${v}`);
  if (!joined.some((p) => p.includes(','))) return joined.join(',');
  const delimiter = ['|', ';', '#', '@'].find((d) => !joined.some((p) => p.includes(d)));
  if (delimiter === undefined) throw new Error('no delimiter left for gcloud key=value list');
  return `^${delimiter}^${joined.join(delimiter)}`;
}

const gcloud = (...args: string[]): Command => ({ program: 'gcloud', args });

/**
 * Builds the deployment plan, or a French refusal: a region outside the EU (GDPR), an unknown
 * runtime, a malformed project or service account, a reconcile period that is not allowed.
 */
export function buildDeployPlan(options: DeployOptions): Result<DeployPlan> {
  const { project, region } = options;
  if (!PROJECT_ID.test(project)) {
    return fail(
      'DEPLOY_PROJECT_INVALID',
      `Identifiant de projet Google Cloud invalide : « ${project} » (6 à 30 caractères : minuscules, chiffres, tirets).`,
    );
  }
  if (EU_REGIONS[region] === undefined) {
    return fail(
      'DEPLOY_REGION_OUTSIDE_EU',
      `Région « ${region} » refusée : les données des structures accompagnées doivent rester dans l'Union européenne (RGPD). Choisissez une région de l'UE : ${euRegionList()}.`,
    );
  }
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  const support = RUNTIMES[runtime];
  if (support === undefined) {
    return fail(
      'DEPLOY_RUNTIME_UNKNOWN',
      `Environnement d'exécution inconnu : « ${runtime} » (attendu : ${Object.keys(RUNTIMES).join(', ')}).`,
    );
  }
  const reconcileMinutes = options.reconcileMinutes ?? DEFAULT_RECONCILE_MINUTES;
  if (!RECONCILE_PERIODS.includes(reconcileMinutes)) {
    return fail(
      'DEPLOY_RECONCILE_INVALID',
      `--reconcile-every : ${reconcileMinutes} minute(s) refusé ; choisissez parmi ${RECONCILE_PERIODS.join(', ')} (un diviseur de l'heure, 5 minutes au moins à cause des quotas de l'API Sheets).`,
    );
  }
  const defaults = defaultServiceAccounts(project);
  const serviceAccount = options.serviceAccount ?? defaults.functions;
  const schedulerServiceAccount = options.schedulerServiceAccount ?? defaults.scheduler;
  for (const account of [serviceAccount, schedulerServiceAccount]) {
    if (!SERVICE_ACCOUNT.test(account)) {
      return fail(
        'DEPLOY_SERVICE_ACCOUNT_INVALID',
        `Compte de service invalide : « ${account} » (attendu nom@projet.iam.gserviceaccount.com).`,
      );
    }
  }

  const exportBucket = options.exportBucket ?? defaultExportBucket(project);
  if (!BUCKET_NAME.test(exportBucket) || /^goog|google/.test(exportBucket)) {
    return fail(
      'DEPLOY_EXPORT_BUCKET_INVALID',
      `Nom de bucket des exports invalide : « ${exportBucket} » (3 à 63 caractères : minuscules, chiffres, tirets ; sans « gs:// », sans point, sans « google »).`,
    );
  }
  const readers = options.exportReaders ?? [];
  const badReader = readers.find((member) => !EXPORT_READER.test(member));
  if (badReader !== undefined)
    return fail(
      'DEPLOY_EXPORT_READER_INVALID',
      `Lecteur des exports invalide : « ${badReader} » (attendu group:adresse, user:adresse ou domain:domaine, par exemple group:c2ra@cress-npdc.fr).`,
    );

  const warnings: string[] = [];
  const blockers: string[] = [];
  if (options.today >= support.decommissioned) {
    blockers.push(
      `L'environnement ${runtime} est retiré par Google depuis le ${formatFrenchDate(support.decommissioned)} : aucune fonction ne peut plus être créée ni mise à jour avec lui. Passez le projet à une version de Node.js encore prise en charge (package.json « engines », dépendances vérifiées sur cette version) puis relancez avec --runtime ${nextRuntime(runtime) ?? '<version>'}.`,
    );
  } else if (options.today >= support.deprecated) {
    warnings.push(
      `L'environnement ${runtime} est obsolète depuis le ${formatFrenchDate(support.deprecated)} et sera retiré le ${formatFrenchDate(support.decommissioned)} : prévoyez la migration.`,
    );
  }

  const mail = options.mail ?? 'gmail';
  const secrets = secretReferences({ mail, idTokens: options.idTokens === true });
  const baseUrl = functionsBaseUrl(project, region);
  const jobs = scheduledJobs(reconcileMinutes);
  const p = `--project=${project}`;
  const steps: DeployStep[] = [];

  steps.push({
    kind: 'run',
    title: 'Compilation TypeScript (le code est vérifié avant tout envoi)',
    command: { program: 'npm', args: ['run', 'build'] },
    hint: 'Corrigez les erreurs de compilation affichées.',
  });
  steps.push({
    kind: 'run',
    title: 'Activation des API Google Cloud utilisées',
    command: gcloud('services', 'enable', ...REQUIRED_APIS, p),
    hint: 'Vérifiez que la facturation est activée sur le projet et que vous en êtes propriétaire.',
  });
  for (const [account, label] of [
    [serviceAccount, 'DLA fonctions'],
    [schedulerServiceAccount, 'DLA planificateur'],
  ] as const) {
    steps.push({
      kind: 'ensure',
      title: `Compte de service ${account} (créé s'il manque)`,
      probe: gcloud('iam', 'service-accounts', 'describe', account, p),
      create: gcloud(
        'iam',
        'service-accounts',
        'create',
        account.slice(0, account.indexOf('@')),
        `--display-name=${label}`,
        p,
      ),
    });
  }
  steps.push({
    kind: 'run',
    title: `Rôle Firestore (roles/datastore.user) pour ${serviceAccount}`,
    command: gcloud(
      'projects',
      'add-iam-policy-binding',
      project,
      `--member=serviceAccount:${serviceAccount}`,
      '--role=roles/datastore.user',
      '--condition=None',
    ),
  });
  steps.push({
    kind: 'ensure',
    title: `Base Firestore (default) en ${region} (créée si elle manque)`,
    probe: gcloud('firestore', 'databases', 'describe', '--database=(default)', p),
    create: gcloud(
      'firestore',
      'databases',
      'create',
      '--database=(default)',
      `--location=${region}`,
      '--type=firestore-native',
      p,
    ),
  });
  const bucketUrl = `gs://${exportBucket}`;
  steps.push({
    kind: 'ensure',
    title: `Bucket des exports ${bucketUrl} en ${region} (créé s'il manque : accès uniforme, jamais public)`,
    probe: gcloud('storage', 'buckets', 'describe', bucketUrl, p),
    create: gcloud(
      'storage',
      'buckets',
      'create',
      bucketUrl,
      `--location=${region}`,
      '--uniform-bucket-level-access',
      '--public-access-prevention',
      p,
    ),
    hint: `Les noms de bucket sont uniques dans tout Cloud Storage : si ${exportBucket} est déjà pris par un autre projet, choisissez un autre nom de bucket des exports.`,
  });
  steps.push({
    kind: 'run',
    title: `Rôle roles/storage.objectAdmin pour ${serviceAccount} sur ${bucketUrl} seulement (écrire, lister et supprimer les exports)`,
    command: gcloud(
      'storage',
      'buckets',
      'add-iam-policy-binding',
      bucketUrl,
      `--member=serviceAccount:${serviceAccount}`,
      '--role=roles/storage.objectAdmin',
      p,
    ),
  });
  for (const member of readers)
    steps.push({
      kind: 'run',
      title: `Lecture des exports (roles/storage.objectViewer) pour ${member} sur ${bucketUrl} seulement`,
      command: gcloud(
        'storage',
        'buckets',
        'add-iam-policy-binding',
        bucketUrl,
        `--member=${member}`,
        '--role=roles/storage.objectViewer',
        p,
      ),
    });
  for (const secret of secrets) {
    steps.push({
      kind: 'ensure',
      title: `Secret ${secret.secret} → ${secret.variable} (créé sans valeur s'il manque, répliqué en ${region} seulement)`,
      probe: gcloud('secrets', 'describe', secret.secret, p),
      create: gcloud(
        'secrets',
        'create',
        secret.secret,
        '--replication-policy=user-managed',
        `--locations=${region}`,
        p,
      ),
    });
    steps.push({
      kind: 'run',
      title: `Le secret ${secret.secret} a une valeur`,
      command: gcloud('secrets', 'versions', 'describe', 'latest', `--secret=${secret.secret}`, p),
      hint: `Le secret ${secret.secret} n'a pas encore de valeur : ajoutez-la sans la taper dans l'historique du terminal, par exemple « gcloud secrets versions add ${secret.secret} --data-file=fichier.json ${p} » (format : ${secret.expected}), supprimez le fichier, puis relancez « dla deploy ».`,
    });
    steps.push({
      kind: 'run',
      title: `Lecture du secret ${secret.secret} par ${serviceAccount}`,
      command: gcloud(
        'secrets',
        'add-iam-policy-binding',
        secret.secret,
        `--member=serviceAccount:${serviceAccount}`,
        '--role=roles/secretmanager.secretAccessor',
        p,
      ),
    });
  }
  steps.push({
    kind: 'run',
    title: 'Règles Firestore (tout accès client refusé) et index composites',
    command: {
      program: 'firebase',
      args: [
        'deploy',
        '--only',
        'firestore:rules,firestore:indexes',
        '--project',
        project,
        '--non-interactive',
      ],
    },
    hint: 'Installez Firebase CLI (npm install -g firebase-tools) et connectez-vous (firebase login).',
  });

  const envVars = keyValueList([
    ['DLA_STORE', 'firestore'],
    ['DLA_SPREADSHEETS', 'google'],
    ['GOOGLE_CLOUD_PROJECT', project],
    // The functions' file system is read-only except /tmp.
    ['DLA_WORKSPACE', '/tmp/dla'],
    ['DLA_AUTH', 'required'],
    ['DLA_MAIL', mail],
    ['DLA_SCHEDULER_SERVICE_ACCOUNT', schedulerServiceAccount],
    ['DLA_FUNCTIONS_BASE_URL', baseUrl],
    // /tmp/dla disappears with the instance: the dated exports go to the bucket.
    ['DLA_EXPORTS', 'gcs'],
    ['DLA_EXPORT_BUCKET', exportBucket],
  ]);
  const secretList = keyValueList(secrets.map((s) => [s.variable, `${s.secret}:latest`] as const));
  for (const name of DEPLOYED_FUNCTIONS) {
    const spec = FUNCTION_DEPLOYMENTS[name];
    steps.push({
      kind: 'run',
      title: `Fonction ${name} (2e génération, ${runtime}, ${spec.access === 'private' ? 'appel réservé au planificateur' : 'authentification vérifiée par la fonction'})`,
      command: gcloud(
        'functions',
        'deploy',
        name,
        '--gen2',
        `--runtime=${runtime}`,
        `--region=${region}`,
        '--source=.',
        `--entry-point=${name}`,
        '--trigger-http',
        spec.access === 'private' ? '--no-allow-unauthenticated' : '--allow-unauthenticated',
        `--service-account=${serviceAccount}`,
        `--memory=${spec.memory}`,
        `--timeout=${spec.timeoutSeconds}s`,
        `--max-instances=${spec.maxInstances}`,
        `--set-env-vars=${envVars}`,
        `--set-secrets=${secretList}`,
        p,
      ),
    });
  }
  for (const job of jobs) {
    steps.push({
      kind: 'run',
      title: `Droit d'appel de ${job.functionName} pour ${schedulerServiceAccount}`,
      command: gcloud(
        'functions',
        'add-invoker-policy-binding',
        job.functionName,
        `--region=${region}`,
        `--member=serviceAccount:${schedulerServiceAccount}`,
        p,
      ),
    });
  }
  for (const job of jobs) {
    const url = `${baseUrl}/${job.functionName}`;
    const flags = [
      `--location=${region}`,
      `--schedule=${job.cron}`,
      `--time-zone=${SCHEDULE_TIME_ZONE}`,
      `--uri=${url}`,
      '--http-method=POST',
      '--headers=Content-Type=application/json',
      '--message-body={}',
      `--oidc-service-account-email=${schedulerServiceAccount}`,
      `--oidc-token-audience=${url}`,
      `--attempt-deadline=${FUNCTION_DEPLOYMENTS[job.functionName].timeoutSeconds}s`,
      `--max-retry-attempts=${job.retries}`,
      `--description=${job.description}`,
      p,
    ];
    steps.push({
      kind: 'upsert',
      title: `Tâche planifiée ${job.name} → ${job.functionName} (« ${job.cron} », ${SCHEDULE_TIME_ZONE})`,
      probe: gcloud('scheduler', 'jobs', 'describe', job.name, `--location=${region}`, p),
      update: gcloud('scheduler', 'jobs', 'update', 'http', job.name, ...flags),
      create: gcloud('scheduler', 'jobs', 'create', 'http', job.name, ...flags),
    });
  }
  return ok({
    project,
    region,
    runtime,
    serviceAccount,
    schedulerServiceAccount,
    functionsBaseUrl: baseUrl,
    exportBucket,
    secrets,
    jobs,
    steps,
    warnings,
    blockers,
  });
}

/** The next runtime still listed after this one, if any. */
function nextRuntime(runtime: string): string | undefined {
  const names = Object.keys(RUNTIMES);
  return names[names.indexOf(runtime) + 1];
}

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as one shell line. */
export function commandLine(command: Command): string {
  return [command.program, ...command.args].map(shellQuote).join(' ');
}

/** A step as the shell lines that do the same thing (what `--dry-run` prints). */
export function stepLines(step: DeployStep): string[] {
  const comment = `# ${step.title}`;
  switch (step.kind) {
    case 'run':
      return [comment, commandLine(step.command)];
    case 'ensure':
      return [comment, `${commandLine(step.probe)} >/dev/null 2>&1 || ${commandLine(step.create)}`];
    case 'upsert':
      return [
        comment,
        `if ${commandLine(step.probe)} >/dev/null 2>&1; then`,
        `  ${commandLine(step.update)}`,
        'else',
        `  ${commandLine(step.create)}`,
        'fi',
      ];
  }
}

/** The whole plan as a shell script: the exact commands `dla deploy` runs, in order. */
export function renderPlan(plan: DeployPlan): string {
  const lines = [
    '#!/bin/sh',
    `# dla deploy — projet ${plan.project}, région ${plan.region} (${EU_REGIONS[plan.region] ?? ''}), ${plan.runtime}`,
    `# Fonctions : ${plan.functionsBaseUrl}/<nom> ; identité ${plan.serviceAccount} ; planificateur ${plan.schedulerServiceAccount}`,
    `# Exports datés : gs://${plan.exportBucket}/exports/`,
    `# Secrets (références Secret Manager, jamais de valeur) : ${plan.secrets.map((s) => `${s.variable}=${s.secret}:latest`).join(', ')}`,
    ...plan.warnings.map((w) => `# ! ${w}`),
    ...plan.blockers.map((b) => `# ✗ ${b}`),
    'set -e',
  ];
  for (const step of plan.steps) lines.push('', ...stepLines(step));
  return `${lines.join('\n')}\n`;
}
