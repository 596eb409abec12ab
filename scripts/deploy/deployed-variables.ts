import type { ConfigVariable } from '../../functions/config';
import { gcloud, keyValueList, type DeployStep } from './deploy-step';

/*
 * What each variable of loadConfig (functions/config.ts) is in production: a plain value, a
 * Secret Manager reference, or left out for a stated reason. The table is keyed by the config's
 * own list of variables, so a variable added to the config and forgotten here does not compile.
 */

/** How to mail in production. */
export type MailChannel = 'gmail' | 'smtp';

/** A secret mounted as an environment variable: the variable and its Secret Manager secret. */
export interface SecretReference {
  readonly variable: ConfigVariable;
  readonly secret: string;
  /** French: what the value looks like, for the person who adds it. */
  readonly expected: string;
}

/** What one config variable is in production. */
export type DeployedVariable =
  | { readonly kind: 'env'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: string; readonly expected: string }
  | { readonly kind: 'omitted'; readonly reason: string };

/** The choices the deployed variables depend on. */
export interface VariableChoices {
  readonly project: string;
  readonly mail: MailChannel;
  readonly mailFrom: string;
  readonly idTokens: boolean;
  readonly schedulerServiceAccount: string;
  readonly functionsBaseUrl: string;
  readonly exportBucket: string;
  readonly maxBodyBytes: number;
}

const env = (value: string): DeployedVariable => ({ kind: 'env', value });
const omitted = (reason: string): DeployedVariable => ({ kind: 'omitted', reason });
const secret = (name: string, expected: string): DeployedVariable => ({
  kind: 'secret',
  secret: name,
  expected,
});

/** Every config variable, as deployed (a variable missing here does not compile). */
export function deployedVariables(c: VariableChoices): Record<ConfigVariable, DeployedVariable> {
  return {
    DLA_STORE: env('firestore'),
    DLA_SPREADSHEETS: env('google'),
    GOOGLE_CLOUD_PROJECT: env(c.project),
    // The functions' file system is read-only except /tmp.
    DLA_WORKSPACE: env('/tmp/dla'),
    DLA_AUTH: env('required'),
    DLA_MAIL: env(c.mail),
    DLA_MAIL_FROM: env(c.mailFrom),
    DLA_SCHEDULER_SERVICE_ACCOUNT: env(c.schedulerServiceAccount),
    DLA_FUNCTIONS_BASE_URL: env(c.functionsBaseUrl),
    // /tmp/dla disappears with the instance: the dated exports go to the bucket.
    DLA_EXPORTS: env('gcs'),
    DLA_EXPORT_BUCKET: env(c.exportBucket),
    DLA_MAX_BODY_BYTES: env(String(c.maxBodyBytes)),
    DLA_HMAC_SECRETS: secret(
      'dla-hmac-secrets',
      '{"CBE-LM": "<secret de 32 caractères ou plus>", …, "C2RA": "…"}',
    ),
    DLA_SPREADSHEET_IDS: secret(
      'dla-spreadsheet-ids',
      '{"CBE-LM": "<identifiant du classeur Google>", …, "C2RA": "…"}',
    ),
    DLA_ALERT_RECIPIENTS: secret(
      'dla-alert-recipients',
      '{"operators": {"CBE-LM": {"chargé de mission": ["…"], "finance": ["…"]}}, "c2ra": ["…"]}',
    ),
    DLA_ID_TOKEN_AUDIENCE: c.idTokens
      ? secret(
          'dla-id-token-audience',
          'identifiant(s) client OAuth du projet Apps Script, séparés par des virgules',
        )
      : omitted('jetons d’identité non acceptés (sans --id-tokens)'),
    DLA_ALLOWED_USERS: c.idTokens
      ? secret('dla-allowed-users', '{"CBE-LM": ["prenom.nom@cbe-lille.fr", "@cbe-lille.fr"], …}')
      : omitted('jetons d’identité non acceptés (sans --id-tokens)'),
    DLA_SMTP_URL:
      c.mail === 'smtp'
        ? secret('dla-smtp-url', 'smtps://utilisateur:mot-de-passe@serveur:465')
        : omitted('envoi par Gmail (--mail gmail)'),
    DLA_MAIL_SERVICE_ACCOUNT: omitted(
      'lu du serveur de métadonnées : le compte de service des fonctions lui-même',
    ),
    DLA_AUDIT_RETENTION_DAYS: omitted(
      'journal d’audit conservé sans limite (réglage par défaut de l’opérateur) ; à ajouter à la main pour une durée de conservation',
    ),
    DLA_SQLITE_PATH: omitted('base SQLite locale seulement ; en production, Firestore'),
    FIRESTORE_EMULATOR_HOST: omitted('émulateur des tests seulement'),
    DLA_STORAGE_ENDPOINT: omitted('serveur Cloud Storage des tests seulement'),
    PORT: omitted('fixée par Cloud Run lui-même'),
  };
}

/** The secrets among the deployed variables, in the table's order. */
export function secretReferences(
  variables: Readonly<Record<ConfigVariable, DeployedVariable>>,
): SecretReference[] {
  return (Object.entries(variables) as [ConfigVariable, DeployedVariable][]).flatMap(
    ([variable, deployed]) =>
      deployed.kind === 'secret'
        ? [{ variable, secret: deployed.secret, expected: deployed.expected }]
        : [],
  );
}

/** `--set-env-vars` and `--set-secrets` of every function (they replace the whole lists: a rerun converges). */
export function variableFlags(
  variables: Readonly<Record<ConfigVariable, DeployedVariable>>,
): string[] {
  const entries = Object.entries(variables) as [ConfigVariable, DeployedVariable][];
  const plain = entries.flatMap(([name, d]) =>
    d.kind === 'env' ? [[name, d.value] as const] : [],
  );
  const secrets = entries.flatMap(([name, d]) =>
    d.kind === 'secret' ? [[name, `${d.secret}:latest`] as const] : [],
  );
  return [`--set-env-vars=${keyValueList(plain)}`, `--set-secrets=${keyValueList(secrets)}`];
}

/** What the secret steps need to know of the plan. */
export interface SecretContext {
  readonly project: string;
  readonly region: string;
  readonly serviceAccount: string;
}

/** Each secret created without a value when missing, checked to have one, readable by the functions only. */
export function secretSteps(secrets: readonly SecretReference[], ctx: SecretContext): DeployStep[] {
  const p = `--project=${ctx.project}`;
  return secrets.flatMap((s): DeployStep[] => [
    {
      kind: 'ensure',
      title: `Secret ${s.secret} → ${s.variable} (créé sans valeur s'il manque, répliqué en ${ctx.region} seulement)`,
      probe: gcloud('secrets', 'describe', s.secret, p),
      create: gcloud(
        'secrets',
        'create',
        s.secret,
        '--replication-policy=user-managed',
        `--locations=${ctx.region}`,
        p,
      ),
    },
    {
      kind: 'run',
      title: `Le secret ${s.secret} a une valeur`,
      command: gcloud('secrets', 'versions', 'describe', 'latest', `--secret=${s.secret}`, p),
      hint: `Le secret ${s.secret} n'a pas encore de valeur : ajoutez-la sans la taper dans l'historique du terminal, par exemple « gcloud secrets versions add ${s.secret} --data-file=fichier.json ${p} » (format : ${s.expected}), supprimez le fichier, puis relancez « dla deploy ».`,
    },
    {
      kind: 'run',
      title: `Lecture du secret ${s.secret} par ${ctx.serviceAccount}`,
      command: gcloud(
        'secrets',
        'add-iam-policy-binding',
        s.secret,
        `--member=serviceAccount:${ctx.serviceAccount}`,
        '--role=roles/secretmanager.secretAccessor',
        p,
      ),
    },
  ]);
}
