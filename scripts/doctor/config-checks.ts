/** The checks of the configuration: variables, deployment settings, credentials and secrets. */
import type { Config } from '../../functions/config';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { Result } from '../../shared/domain/result';
import { check, modeOf, variablesNamedIn, type DoctorCheck } from './doctor-check';

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
