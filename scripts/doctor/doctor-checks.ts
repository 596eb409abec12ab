import type {
  ExportBucketContents,
  ExportBucketProbeError,
} from '../../functions/adapters/gcs-export-sink';
import type { Config } from '../../functions/config';
import { lastRun, runDurationMs, type JobRun, type JobRuns } from '../../shared/domain/job-runs';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { DomainError, Result } from '../../shared/domain/result';
import { formatParisDateTime } from '../../shared/domain/values/paris-time';
import { normalizeForMatch } from '../../shared/domain/values/text-normalization';
import type { WorkbookSnapshot } from '../../shared/domain/workbook-snapshot';
import { workbookFileName, type WorkbookLayout } from '../../sheets/layouts/workbook-layout';
import type { ScheduledJob } from '../deploy/deploy-plan';
import { columnLetterOfPosition as columnLetter } from '../../shared/domain/values/column-letter';

/*
 * The checks of `dla doctor`, pure: each takes what the command observed (configuration, files,
 * store, workbooks, job runs) and says in French what is right, what is wrong and how to fix it.
 */

/** ✓ right, ! worth a look, ✗ wrong. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the diagnosis. */
export interface DoctorCheck {
  readonly status: CheckStatus;
  /** What was checked (« Configuration », « Classeur CBE-LM »…). */
  readonly topic: string;
  /** What was found, in French. */
  readonly message: string;
  /** How to fix it, in French (absent when nothing is to be done). */
  readonly fix?: string;
}

/** The mark of each status. */
export const STATUS_MARKS: Readonly<Record<CheckStatus, string>> = {
  ok: '✓',
  warn: '!',
  fail: '✗',
};

/** Local workspace (SQLite + .xlsx) or deployment (Firestore and/or Google Sheets). */
export type DoctorMode = 'local' | 'deployment';

/** The mode a configuration describes. */
export function modeOf(config: Config): DoctorMode {
  return config.store.kind === 'sqlite' && config.spreadsheets.kind === 'xlsx'
    ? 'local'
    : 'deployment';
}

/** One check as a line: mark, topic, message, then the fix after an arrow. */
export function formatCheck(check: DoctorCheck): string {
  const fix = check.fix === undefined ? '' : ` → ${check.fix}`;
  return `${STATUS_MARKS[check.status]} ${check.topic} : ${check.message}${fix}`;
}

/** 0 when every check is right, 1 otherwise. */
export function exitCodeOf(checks: readonly DoctorCheck[]): 0 | 1 {
  return checks.every((c) => c.status === 'ok') ? 0 : 1;
}

function check(status: CheckStatus, topic: string, message: string, fix?: string): DoctorCheck {
  return fix === undefined ? { status, topic, message } : { status, topic, message, fix };
}

/** The variable names a configuration error is about (« Variable X manquante »), else every one it mentions. */
export function variablesNamedIn(message: string): string[] {
  const named = [...message.matchAll(/\b[Vv]ariable ([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? '');
  const alternatives = [...message.matchAll(/\bou ((?:DLA|GOOGLE)_[A-Z0-9_]+)/g)].map(
    (m) => m[1] ?? '',
  );
  const mentioned = [...message.matchAll(/\b((?:DLA|GOOGLE|FIRESTORE)_[A-Z0-9_]+|PORT)\b/g)].map(
    (m) => m[1] ?? '',
  );
  return [...new Set(named.length > 0 ? [...named, ...alternatives] : mentioned)];
}

/** The configuration loads: every variable present and valid. */
export function checkConfig(config: Result<Config>): DoctorCheck {
  if (!config.ok) {
    const names = variablesNamedIn(config.error.message);
    return check(
      'fail',
      'Configuration',
      config.error.message,
      names.length === 0
        ? 'corrigez les variables d’environnement (docs/configuration.md et docs/securite.md).'
        : `définissez ou corrigez ${names.join(', ')} (docs/configuration.md et docs/securite.md), puis relancez « dla doctor ».`,
    );
  }
  const c = config.value;
  const where =
    modeOf(c) === 'local'
      ? `espace de travail local ${c.workspace} (SQLite + classeurs .xlsx)`
      : `déploiement (${c.store.kind === 'firestore' ? `Firestore, projet ${c.store.projectId}` : 'SQLite'}, ${c.spreadsheets.kind === 'google' ? 'Google Sheets' : 'classeurs .xlsx'})`;
  return check('ok', 'Configuration', `complète — ${where}.`);
}

/**
 * What a deployment needs beyond a loadable configuration: the scheduler's identity, a
 * spreadsheet per workbook, real recipients and a real mail channel.
 */
export function checkDeploymentConfig(
  config: Config,
  owners: readonly WorkbookOwner[],
  placeholderRecipients: boolean,
): DoctorCheck[] {
  const topic = 'Configuration de production';
  const checks: DoctorCheck[] = [];
  if (config.auth.scheduler === null) {
    checks.push(
      check(
        'fail',
        topic,
        'DLA_SCHEDULER_SERVICE_ACCOUNT et DLA_FUNCTIONS_BASE_URL manquent : les appels de Cloud Scheduler seraient refusés (401).',
        'redéployez avec « dla deploy », qui les définit.',
      ),
    );
  }
  const missing = owners.filter((o) => config.spreadsheetIds[o] === undefined);
  if (config.spreadsheets.kind === 'google' && missing.length > 0) {
    checks.push(
      check(
        'fail',
        topic,
        `DLA_SPREADSHEET_IDS ne donne aucun classeur pour ${missing.join(', ')}.`,
        'ajoutez leurs identifiants de classeur Google au secret dla-spreadsheet-ids (gcloud secrets versions add dla-spreadsheet-ids --data-file=…), puis redéployez.',
      ),
    );
  }
  if (placeholderRecipients) {
    checks.push(
      check(
        'fail',
        topic,
        'DLA_ALERT_RECIPIENTS n’est pas définie : les récapitulatifs d’alertes partiraient vers des adresses d’exemple.',
        'renseignez le secret dla-alert-recipients (chargés de mission, finances, C2RA), puis redéployez.',
      ),
    );
  }
  // The mail channel has its own line (scripts/doctor/mail-check.ts): it probes it too.
  if (checks.length === 0) {
    checks.push(
      check('ok', topic, 'planificateur, classeurs de chaque opérateur et destinataires définis.'),
    );
  }
  return checks;
}

/** What the command saw of the local secrets file. */
export interface SecretsFileObservation {
  readonly path: string;
  readonly exists: boolean;
  /** Permission bits, or null when absent. */
  readonly mode: number | null;
  /** Owners that have a usable secret in the file. */
  readonly owners: readonly WorkbookOwner[];
}

/**
 * Every workbook can authenticate its calls. Locally: a secret per workbook (`.secrets.json`, or
 * DLA_HMAC_SECRETS); in a deployment: a secret or an identity-token audience with allowed users.
 */
export function checkCredentials(
  config: Config,
  owners: readonly WorkbookOwner[],
  secretsFile: SecretsFileObservation | null,
): DoctorCheck[] {
  const topic = 'Identifiants';
  const { auth } = config;
  if (auth.mode === 'disabled') {
    return [
      check(
        'warn',
        topic,
        'DLA_AUTH=disabled : toute requête est crue (une seule machine locale seulement).',
        'retirez DLA_AUTH pour vérifier les signatures.',
      ),
    ];
  }
  const lacking = owners.filter(
    (o) =>
      (auth.hmacSecrets[o]?.length ?? 0) === 0 &&
      !(auth.idTokenAudiences.length > 0 && (auth.allowedUsers[o]?.length ?? 0) > 0),
  );
  const checks: DoctorCheck[] = [];
  if (lacking.length > 0) {
    const list = lacking.join(', ');
    if (secretsFile === null) {
      checks.push(
        check(
          'fail',
          topic,
          `aucun secret HMAC ni utilisateur autorisé pour ${list} : les appels de ${lacking.length > 1 ? 'ces classeurs' : 'ce classeur'} seront refusés (401).`,
          `ajoutez ${lacking.length > 1 ? 'leurs secrets' : 'son secret'} à DLA_HMAC_SECRETS (secret dla-hmac-secrets de Secret Manager) ou leurs utilisateurs à DLA_ALLOWED_USERS, puis redéployez.`,
        ),
      );
    } else if (!secretsFile.exists) {
      checks.push(
        check(
          'fail',
          topic,
          `fichier de secrets absent (${secretsFile.path}) : aucun secret HMAC pour ${list}.`,
          'lancez « dla init » : il crée le fichier (un secret aléatoire par classeur, mode 0600).',
        ),
      );
    } else {
      const inFile = lacking.filter((o) => secretsFile.owners.includes(o));
      checks.push(
        check(
          'fail',
          topic,
          `aucun secret HMAC pour ${list} (${inFile.length > 0 ? 'la variable DLA_HMAC_SECRETS remplace le fichier' : secretsFile.path}) : les appels signés de ${lacking.length > 1 ? 'ces classeurs' : 'ce classeur'} seront refusés.`,
          inFile.length > 0
            ? 'complétez DLA_HMAC_SECRETS, ou retirez-la pour utiliser le fichier de secrets.'
            : `lancez « dla init » : il complète ${secretsFile.path} sans changer les autres secrets.`,
        ),
      );
    }
  }
  if (secretsFile !== null && secretsFile.mode !== null && (secretsFile.mode & 0o077) !== 0) {
    checks.push(
      check(
        'warn',
        topic,
        `${secretsFile.path} est lisible par d’autres comptes de la machine.`,
        `chmod 600 ${secretsFile.path}`,
      ),
    );
  }
  if (checks.length === 0) {
    const how =
      auth.idTokenAudiences.length > 0
        ? 'secrets HMAC et jetons d’identité Google'
        : 'secrets HMAC';
    checks.push(
      check(
        'ok',
        topic,
        `chaque classeur peut s’authentifier (${how}${secretsFile === null ? '' : `, ${secretsFile.path}`}).`,
      ),
    );
  }
  return checks;
}

/** What the command saw of the store. */
export type StoreObservation =
  | { readonly kind: 'reachable' }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** The store answers. */
export function checkStore(config: Config, observed: StoreObservation): DoctorCheck {
  const topic = 'Base de données';
  const name =
    config.store.kind === 'sqlite'
      ? `SQLite ${config.store.path}`
      : `Firestore, projet ${config.store.projectId}${config.store.emulatorHost === null ? '' : ` (émulateur ${config.store.emulatorHost})`}`;
  switch (observed.kind) {
    case 'reachable':
      return check('ok', topic, `${name} répond.`);
    case 'missing':
      return check(
        'fail',
        topic,
        `base locale absente (${observed.path}).`,
        'lancez « dla init » dans ce dossier de travail.',
      );
    case 'unreachable':
      return check(
        'fail',
        topic,
        `${name} ne répond pas (${observed.reason}).`,
        config.store.kind === 'sqlite'
          ? 'vérifiez que le fichier est lisible et qu’aucun autre programme ne le verrouille.'
          : 'vérifiez GOOGLE_CLOUD_PROJECT, que la base Firestore existe (dla deploy la crée) et vos identifiants (gcloud auth application-default login).',
      );
  }
}

/** What the command saw of the export bucket: the listing of `exports/`, or why it failed. */
export type ExportBucketObservation = Result<ExportBucketContents, ExportBucketProbeError>;

/**
 * Where the dated exports go. With DLA_EXPORTS=gcs the bucket must answer (`observed` is the
 * probe's result); with DLA_EXPORTS=file a Firestore deployment is warned that its functions would
 * write them to /tmp, and a local workspace gets no line (`observed` is then not looked at).
 */
export function checkExportBucket(
  config: Config,
  observed: ExportBucketObservation | null,
  serviceAccount: string | null = null,
): DoctorCheck[] {
  const topic = 'Exports';
  const target = config.exports;
  if (target.kind === 'file') {
    return config.store.kind === 'firestore'
      ? [
          check(
            'warn',
            topic,
            'DLA_EXPORTS=file : en production, les fonctions écriraient les exports datés sur leur disque temporaire (/tmp), perdu avec l’instance.',
            'choisissez DLA_EXPORTS=gcs et DLA_EXPORT_BUCKET (« dla deploy » crée le bucket et les définit).',
          ),
        ]
      : [];
  }
  if (observed === null) throw new Error('DLA_EXPORTS=gcs: the export bucket was not probed');
  const bucket = `gs://${target.bucket}${target.endpoint === null ? '' : ` (serveur ${target.endpoint})`}`;
  if (observed.ok) {
    const { objects, more } = observed.value;
    return [
      check(
        'ok',
        topic,
        `bucket ${bucket} joignable (${more ? `plus de ${objects} exports` : `${objects} export(s)`}).`,
      ),
    ];
  }
  const { code, detail } = observed.error;
  switch (code) {
    case 'EXPORT_STORAGE_FORBIDDEN':
      return [
        check(
          'fail',
          topic,
          `Cloud Storage refuse l’accès au bucket ${bucket} (${detail}) : les exports planifiés y échoueraient.`,
          `donnez au compte des fonctions${serviceAccount === null ? '' : ` ${serviceAccount}`} le rôle roles/storage.objectAdmin sur ce bucket (relancez « dla deploy », qui le lui donne).`,
        ),
      ];
    case 'EXPORT_BUCKET_NOT_FOUND':
      return [
        check(
          'fail',
          topic,
          `bucket ${bucket} introuvable : les exports planifiés échoueraient.`,
          'créez-le ou corrigez DLA_EXPORT_BUCKET (« dla deploy » le crée).',
        ),
      ];
    case 'EXPORT_STORAGE_UNAVAILABLE':
      return [
        check(
          'fail',
          topic,
          `bucket ${bucket} injoignable (${detail}).`,
          'réessayez ; vérifiez la connexion et vos identifiants Google (gcloud auth application-default login).',
        ),
      ];
    default:
      return [
        check(
          'fail',
          topic,
          observed.error.message,
          'relancez « dla doctor » ; si cela persiste, consultez les journaux.',
        ),
      ];
  }
}

/** What the command saw of one workbook: the read's result, or the error it threw. */
export type WorkbookObservation =
  | { readonly kind: 'read'; readonly result: Result<WorkbookSnapshot> }
  | { readonly kind: 'thrown'; readonly reason: string };

/** The workbook can be read (locally: exists, not open, readable; Google: shared with the service account). */
export function checkWorkbookReachable(
  owner: WorkbookOwner,
  config: Config,
  observed: WorkbookObservation,
  serviceAccount: string | null,
): DoctorCheck {
  const topic = `Classeur ${owner}`;
  const google = config.spreadsheets.kind === 'google';
  if (observed.kind === 'thrown') {
    return check(
      'fail',
      topic,
      `injoignable (${observed.reason}).`,
      google
        ? `vérifiez les identifiants Google du compte de service${serviceAccount === null ? '' : ` ${serviceAccount}`} (gcloud auth application-default login) et l’accès au réseau.`
        : 'vérifiez le dossier de travail et ses droits.',
    );
  }
  if (observed.result.ok) {
    return check(
      'ok',
      topic,
      google
        ? `classeur Google ${config.spreadsheetIds[owner] ?? ''} accessible.`
        : `${workbookFileName(owner)} accessible.`,
    );
  }
  return check(
    'fail',
    topic,
    observed.result.error.message,
    workbookFix(observed.result.error, google, serviceAccount),
  );
}

function workbookFix(error: DomainError, google: boolean, serviceAccount: string | null): string {
  const account = serviceAccount ?? 'le compte de service des fonctions';
  switch (error.code) {
    case 'WORKBOOK_FORBIDDEN':
      return `partagez le classeur avec ${account} (Partager › éditeur).`;
    case 'WORKBOOK_NOT_FOUND':
      return google
        ? 'vérifiez son identifiant dans DLA_SPREADSHEET_IDS (secret dla-spreadsheet-ids).'
        : 'lancez « dla init » : il crée les classeurs manquants sans toucher aux autres.';
    case 'WORKBOOK_LOCKED':
      return 'fermez le classeur dans Excel ou LibreOffice, puis relancez « dla doctor ».';
    case 'WORKBOOK_UNREADABLE':
      return 'restaurez la version précédente (fichier .bak à côté) ou rouvrez-le et réenregistrez-le au format .xlsx.';
    default:
      return 'relancez « dla doctor » ; si cela persiste, consultez les journaux.';
  }
}

/** One difference between a workbook and its layout. */
export type LayoutDifference =
  | { readonly kind: 'missing-tab'; readonly tab: string }
  | {
      readonly kind: 'missing-column';
      readonly tab: string;
      readonly label: string;
      readonly column: string;
    }
  | {
      readonly kind: 'renamed-column';
      readonly tab: string;
      readonly label: string;
      readonly found: string;
      readonly column: string;
    }
  | {
      readonly kind: 'extra-column';
      readonly tab: string;
      readonly label: string;
      readonly column: string;
    };

/**
 * Compares the header row of every layout tab with the layout, labels matched as the sync engine
 * matches them (case, accents, spaces ignored). A layout column missing where the sheet has an
 * unknown label in its place is reported as renamed; other unknown labels are extra columns
 * (kept, ignored by the sync). Tabs the layout does not know are not looked at.
 */
export function compareLayout(
  layout: WorkbookLayout,
  snapshot: WorkbookSnapshot,
): LayoutDifference[] {
  const differences: LayoutDifference[] = [];
  for (const tab of layout.tabs) {
    const sheet = snapshot.tabs.find(
      (t) => normalizeForMatch(t.name) === normalizeForMatch(tab.name),
    );
    if (sheet === undefined) {
      differences.push({ kind: 'missing-tab', tab: tab.name });
      continue;
    }
    const header = sheet.header.map((h) => normalizeForMatch(h));
    const known = new Set(tab.columns.map((c) => normalizeForMatch(c.label)));
    const unknown = new Map<number, string>();
    sheet.header.forEach((label, index) => {
      const key = header[index] ?? '';
      if (key !== '' && !known.has(key)) unknown.set(index, label.trim());
    });
    let previous = -1;
    for (const column of tab.columns) {
      const at = header.indexOf(normalizeForMatch(column.label));
      if (at >= 0) {
        previous = at;
        continue;
      }
      const expectedAt = previous + 1;
      const found = unknown.get(expectedAt);
      if (found !== undefined) {
        unknown.delete(expectedAt);
        differences.push({
          kind: 'renamed-column',
          tab: tab.name,
          label: column.label,
          found,
          column: columnLetter(expectedAt + 1),
        });
        previous = expectedAt;
      } else {
        differences.push({
          kind: 'missing-column',
          tab: tab.name,
          label: column.label,
          column: columnLetter(expectedAt + 1),
        });
      }
    }
    for (const [index, label] of unknown) {
      differences.push({
        kind: 'extra-column',
        tab: tab.name,
        label,
        column: columnLetter(index + 1),
      });
    }
  }
  return differences;
}

/** The workbook's header rows match the current layouts. */
export function checkLayout(
  owner: WorkbookOwner,
  differences: readonly LayoutDifference[],
): DoctorCheck {
  const topic = `Mise en page ${owner}`;
  if (differences.length === 0)
    return check('ok', topic, 'onglets et colonnes conformes aux modèles.');
  const problems = differences.map((d) => {
    switch (d.kind) {
      case 'missing-tab':
        return `onglet « ${d.tab} » absent`;
      case 'missing-column':
        return `onglet « ${d.tab} » : colonne « ${d.label} » absente`;
      case 'renamed-column':
        return `onglet « ${d.tab} » : colonne « ${d.label} » renommée en « ${d.found} » (colonne ${d.column})`;
      case 'extra-column':
        return `onglet « ${d.tab} » : colonne « ${d.label} » inconnue (colonne ${d.column}, ignorée par la synchronisation)`;
    }
  });
  const fixes = differences.flatMap((d) => {
    switch (d.kind) {
      case 'missing-tab':
        return [
          `recréez l’onglet « ${d.tab} » (copiez-le d’un classeur neuf créé par « dla init »)`,
        ];
      case 'missing-column':
        return [`ajoutez la colonne « ${d.label} » en ligne 1 de l’onglet « ${d.tab} »`];
      case 'renamed-column':
        return [
          `rétablissez l’intitulé exact « ${d.label} » en ${d.column}1 de l’onglet « ${d.tab} »`,
        ];
      case 'extra-column':
        return [];
    }
  });
  const blocking = fixes.length > 0;
  return check(
    blocking ? 'fail' : 'warn',
    topic,
    `${problems.join(' ; ')}.`,
    blocking
      ? `${fixes.join(' ; ')} : les valeurs de ces colonnes ne sont pas lues tant que l’en-tête diffère.`
      : 'rien d’obligatoire : retirez ces colonnes ou laissez-les, elles ne sont ni lues ni écrites.',
  );
}

/** The Apps Script trigger of a Google spreadsheet sends edits (last edit event seen). */
export function checkEditTrigger(
  owner: WorkbookOwner,
  lastEditAt: string | null,
  now: Date,
  maxDays: number,
): DoctorCheck {
  const topic = `Déclencheur Apps Script ${owner}`;
  const fix =
    'dans le classeur, Extensions › Apps Script : vérifiez les propriétés du script et exécutez « setupDla » une fois (docs/deploiement.md).';
  if (lastEditAt === null) {
    return check(
      'warn',
      topic,
      'aucune modification reçue de ce classeur : le déclencheur est-il installé ?',
      fix,
    );
  }
  const days = Math.floor((now.getTime() - Date.parse(lastEditAt)) / 86_400_000);
  if (days >= maxDays) {
    return check(
      'warn',
      topic,
      `aucune modification reçue depuis ${days} jours (dernière le ${formatParisDateTime(lastEditAt)}).`,
      `si le classeur a été modifié depuis, ${fix}`,
    );
  }
  return check('ok', topic, `dernière modification reçue le ${formatParisDateTime(lastEditAt)}.`);
}

/** Locally, edits come from saving the .xlsx files, not from an Apps Script. */
export function checkLocalEditPath(): DoctorCheck {
  return check(
    'ok',
    'Déclencheur Apps Script',
    'sans objet en local : chaque classeur .xlsx enregistré est synchronisé (« dla start » ou « dla sync »).',
  );
}

const COUNT_LABELS: Readonly<Record<string, string>> = {
  workbooks: 'classeur(s)',
  failedWorkbooks: 'classeur(s) en échec',
  created: 'créé(s)',
  updated: 'modifié(s)',
  archived: 'archivé(s)',
  restored: 'restauré(s)',
  rejected: 'refus',
  open: 'alerte(s) ouverte(s)',
  newlyRaised: 'nouvelle(s)',
  resolved: 'résolue(s)',
  mailsSent: 'e-mail(s) envoyé(s)',
  mailsFailed: 'e-mail(s) en échec',
  missions: 'mission(s)',
  providers: 'prestataire(s)',
  rows: 'ligne(s)',
};

/** The counts of a run in French: « 7 classeur(s), 3 créé(s) ». */
export function describeCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([key, n]) => `${n} ${COUNT_LABELS[key] ?? key}`)
    .join(', ');
}

/** A run in French: when, outcome, duration, counts. */
export function describeRun(run: JobRun): string {
  const seconds = Math.round(runDurationMs(run) / 1000);
  const counts = describeCounts(run.counts);
  return `${formatParisDateTime(run.startedAt)}, ${run.outcome === 'ok' ? 'réussie' : 'en échec'} en ${seconds} s${counts === '' ? '' : ` (${counts})`}${run.message === undefined ? '' : ` — ${run.message}`}`;
}

/** A period in French: « 15 min », « 26 h », « 7 jours ». */
function describeMinutes(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  if (minutes < 72 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} jours`;
}

/**
 * The last run of each scheduled job: in a deployment each must have run recently and well;
 * locally nothing is scheduled, so only runs that happened (functions served by `dla serve`) are
 * judged.
 */
export function checkJobRuns(
  runs: JobRuns,
  jobs: readonly ScheduledJob[],
  mode: DoctorMode,
  now: Date,
  region: string | null,
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  for (const job of jobs) {
    const topic = `Tâche ${job.runKey}`;
    const run = lastRun(runs, job.runKey);
    const trigger = `gcloud scheduler jobs run ${job.name}${region === null ? '' : ` --location=${region}`}`;
    if (run === null) {
      if (mode === 'deployment') {
        checks.push(
          check(
            'warn',
            topic,
            `jamais exécutée (prévue « ${job.cron} », Europe/Paris).`,
            `vérifiez la tâche Cloud Scheduler ${job.name} (dla deploy la crée) ; pour la lancer tout de suite : ${trigger}`,
          ),
        );
      }
      continue;
    }
    if (run.outcome === 'failed') {
      checks.push(
        check(
          'fail',
          topic,
          `dernière exécution le ${describeRun(run)}.`,
          mode === 'deployment'
            ? `corrigez la cause, puis relancez-la : ${trigger} (journaux : gcloud functions logs read ${job.functionName}${region === null ? '' : ` --region=${region}`}).`
            : 'corrigez la cause, puis relancez la commande dla correspondante.',
        ),
      );
      continue;
    }
    const ageMinutes = Math.floor((now.getTime() - Date.parse(run.endedAt)) / 60_000);
    if (mode === 'deployment' && ageMinutes > job.maxAgeMinutes) {
      checks.push(
        check(
          'warn',
          topic,
          `en retard : dernière exécution le ${describeRun(run)}, il y a ${describeMinutes(ageMinutes)} (attendue toutes les ${describeMinutes(job.periodMinutes)}).`,
          `vérifiez que la tâche Cloud Scheduler ${job.name} n’est pas en pause : gcloud scheduler jobs describe ${job.name}${region === null ? '' : ` --location=${region}`}`,
        ),
      );
      continue;
    }
    checks.push(check('ok', topic, `dernière exécution le ${describeRun(run)}.`));
  }
  if (mode === 'local' && checks.length === 0) {
    checks.push(
      check(
        'ok',
        'Tâches planifiées',
        'aucune en local (« dla alerts », « dla consolidate », « dla register export » à la demande) ; en production Cloud Scheduler les lance.',
      ),
    );
  }
  return checks;
}
