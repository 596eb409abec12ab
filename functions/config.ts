import path from 'node:path';
import { z } from 'zod';
import {
  OPERATOR_CODES,
  C2RA,
  workbookOwnerSchema,
  type WorkbookOwner,
} from '../shared/domain/operator';
import { formatZodError } from '../shared/domain/field-spec';
import { fail, ok, type Result } from '../shared/domain/result';
import type { AlertRecipients } from '../shared/use-cases/run-alerts';

const spreadsheetIdsSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message:
          'DLA_SPREADSHEET_IDS doit être un objet JSON {"CBE-LM": "id…"} / must be a JSON object.',
      });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(workbookOwnerSchema, z.string().min(1)));

/** Every environment variable the code reads, validated (docs/configuration.md is generated from it). */
export const ENV_SCHEMA = z.object({
  DLA_WORKSPACE: z.string().min(1).default('workspace'),
  DLA_STORE: z.enum(['sqlite', 'firestore']).default('sqlite'),
  DLA_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  DLA_SQLITE_PATH: z.string().min(1).optional(),
  DLA_SPREADSHEETS: z.enum(['xlsx', 'google']).default('xlsx'),
  DLA_SPREADSHEET_IDS: spreadsheetIdsSchema.optional(),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  FIRESTORE_EMULATOR_HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  DLA_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(2_000_000),
  DLA_AUTH: z.enum(['required', 'disabled']).default('required'),
  DLA_HMAC_SECRETS: z.string().min(1).optional(),
  DLA_ID_TOKEN_AUDIENCE: z.string().min(1).optional(),
  DLA_ALLOWED_USERS: z.string().min(1).optional(),
  DLA_SCHEDULER_SERVICE_ACCOUNT: z.string().min(1).optional(),
  DLA_FUNCTIONS_BASE_URL: z.string().min(1).optional(),
  DLA_MAIL: z.enum(['outbox', 'gmail', 'smtp']).default('outbox'),
  DLA_MAIL_FROM: z.string().trim().min(3).optional(),
  DLA_MAIL_SERVICE_ACCOUNT: z.string().trim().min(3).optional(),
  DLA_SMTP_URL: z.string().min(1).optional(),
  DLA_ALERT_RECIPIENTS: z.string().min(1).optional(),
  DLA_EXPORTS: z.enum(['file', 'gcs']).default('file'),
  DLA_EXPORT_BUCKET: z.string().min(1).optional(),
  DLA_STORAGE_ENDPOINT: z.string().min(1).optional(),
});

/** Every environment variable {@link loadConfig} reads (the deploy sets or names each one). */
export const CONFIG_VARIABLES = ENV_SCHEMA.keyof().options;

/** One of {@link CONFIG_VARIABLES}. */
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Shortest HMAC secret accepted (32 characters, e.g. 16 random bytes in hex). */
export const MIN_SECRET_LENGTH = 32;

/** How callers of the HTTP functions are authenticated (see README « Sécurité »). */
export interface AuthConfig {
  /** `disabled` only with the local SQLite store: every request is trusted. */
  readonly mode: 'required' | 'disabled';
  /** HMAC secrets of each workbook's spreadsheet; two during a rotation. */
  readonly hmacSecrets: Readonly<Partial<Record<WorkbookOwner, readonly string[]>>>;
  /** Accepted audiences (OAuth client ids) of the Apps Script's Google identity tokens. */
  readonly idTokenAudiences: readonly string[];
  /** Who may call for each workbook with an identity token: e-mails, or `@domain`. */
  readonly allowedUsers: Readonly<Partial<Record<WorkbookOwner, readonly string[]>>>;
  /** Cloud Scheduler's identity: its service account, and the functions' base URL (audience `${baseUrl}/${functionName}`). */
  readonly scheduler: { readonly serviceAccount: string; readonly functionsBaseUrl: string } | null;
}

/** The validated configuration every entry point builds its adapters from. */
export interface Config {
  readonly workspace: string;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string }
    | {
        readonly kind: 'firestore';
        readonly projectId: string;
        readonly emulatorHost: string | null;
        /** Days an audit entry is kept before Firestore's TTL deletes it; null (default): kept for ever. */
        readonly auditRetentionDays: number | null;
      };
  readonly spreadsheets:
    { readonly kind: 'xlsx'; readonly dir: string } | { readonly kind: 'google' };
  /** Which spreadsheet belongs to which owner: the tenant of a request comes from here, never from its body. */
  readonly spreadsheetIds: Readonly<Partial<Record<WorkbookOwner, string>>>;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
  readonly exports: ExportsConfig;
}

/**
 * Where the dated export files go: the workspace's `exports/` folder locally, a Cloud Storage
 * bucket in production (the functions' disk is a temporary folder lost with the instance).
 */
export type ExportsConfig =
  | { readonly kind: 'file'; readonly dir: string }
  | {
      readonly kind: 'gcs';
      readonly bucket: string;
      /** Another Cloud Storage endpoint (`http://127.0.0.1:PORT` of a test server); null for Google's. */
      readonly endpoint: string | null;
    };

/** Where e-mail goes: the workspace outbox (`.eml` files) locally, Gmail or SMTP in production. */
export interface MailConfig {
  readonly channel:
    | { readonly kind: 'outbox'; readonly dir: string }
    | {
        readonly kind: 'gmail';
        /** The mailbox sent from (DLA_MAIL_FROM's address), null when the variable is unset. */
        readonly sender: string | null;
        /** The account that signs the delegation (DLA_MAIL_SERVICE_ACCOUNT); null: the function's own. */
        readonly serviceAccount: string | null;
      }
    | { readonly kind: 'smtp'; readonly url: string };
  /** The `From` header (DLA_MAIL_FROM, or a local placeholder). */
  readonly from: string;
  /** Who gets each digest when a mission names no chargé(e) de mission; the C2RA's regional digest. */
  readonly recipients: AlertRecipients;
}

const emailList = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/),
  )
  .max(50);
const recipientsSchema = z.object({
  operators: z
    .partialRecord(
      z.enum(OPERATOR_CODES),
      z.partialRecord(z.enum(['chargé de mission', 'C2RA', 'finance']), emailList),
    )
    .default({}),
  c2ra: emailList.default([]),
});

/** Local placeholder addresses, so the outbox of a fresh workspace shows every digest. */
function localRecipients(): AlertRecipients {
  const slug = (code: string) => code.toLowerCase();
  return {
    operators: Object.fromEntries(
      OPERATOR_CODES.map((code) => [
        code,
        {
          'chargé de mission': [`charges-de-mission@${slug(code)}.dla-npdc.fr`],
          finance: [`finances@${slug(code)}.dla-npdc.fr`],
        },
      ]),
    ),
    c2ra: ['c2ra@dla-npdc.fr'],
  };
}

/** The `From` of the local outbox when DLA_MAIL_FROM is unset. */
export const DEFAULT_MAIL_FROM = 'DLA Nord – Pas de Calais <ne-pas-repondre@dla-npdc.fr>';

const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

/** The address of « Nom <adresse> » or of a bare address, lowercase; null when there is none. */
function addressOf(from: string): string | null {
  const address = (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim().toLowerCase();
  return EMAIL.test(address) ? address : null;
}

function loadMail(e: z.output<typeof ENV_SCHEMA>, workspace: string): Result<MailConfig> {
  if (e.DLA_MAIL === 'smtp' && e.DLA_SMTP_URL === undefined) {
    return missingVariable(
      'DLA_SMTP_URL',
      'requise avec DLA_MAIL=smtp',
      'required with DLA_MAIL=smtp',
    );
  }
  let recipients = localRecipients();
  if (e.DLA_ALERT_RECIPIENTS !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(e.DLA_ALERT_RECIPIENTS);
    } catch {
      return badVariable('DLA_ALERT_RECIPIENTS', 'JSON illisible.', 'unreadable JSON.');
    }
    const parsed = recipientsSchema.safeParse(json);
    if (!parsed.success) {
      return badVariable(
        'DLA_ALERT_RECIPIENTS',
        `attendu {"operators": {"CBE-LM": {"chargé de mission": ["…"], "finance": ["…"]}}, "c2ra": ["…"]} (${formatZodError(parsed.error)})`,
        'expected {"operators": {…}, "c2ra": […]}',
      );
    }
    recipients = parsed.data;
  }
  const sender = e.DLA_MAIL_FROM === undefined ? null : addressOf(e.DLA_MAIL_FROM);
  if (e.DLA_MAIL_FROM !== undefined && sender === null) {
    return badVariable(
      'DLA_MAIL_FROM',
      'attendu une adresse, seule ou « Nom <adresse> », par exemple « DLA Nord – Pas de Calais <dla@votre-domaine.fr> ».',
      'expected an address, alone or "Name <address>".',
    );
  }
  const account = e.DLA_MAIL_SERVICE_ACCOUNT?.toLowerCase() ?? null;
  if (account !== null && !EMAIL.test(account)) {
    return badVariable(
      'DLA_MAIL_SERVICE_ACCOUNT',
      'attendu l’e-mail d’un compte de service (…@PROJET.iam.gserviceaccount.com).',
      'expected a service account e-mail.',
    );
  }
  const channel: MailConfig['channel'] =
    e.DLA_MAIL === 'gmail'
      ? { kind: 'gmail', sender, serviceAccount: account }
      : e.DLA_MAIL === 'smtp'
        ? { kind: 'smtp', url: e.DLA_SMTP_URL ?? '' }
        : { kind: 'outbox', dir: path.join(workspace, 'outbox') };
  return ok({ channel, from: e.DLA_MAIL_FROM ?? DEFAULT_MAIL_FROM, recipients });
}

/** A bucket name as Cloud Storage accepts it (3 to 63 characters, no `gs://`). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;

function loadExports(e: z.output<typeof ENV_SCHEMA>, workspace: string): Result<ExportsConfig> {
  if (e.DLA_EXPORTS === 'file') return ok({ kind: 'file', dir: path.join(workspace, 'exports') });
  if (e.DLA_EXPORT_BUCKET === undefined) {
    return missingVariable(
      'DLA_EXPORT_BUCKET',
      'requise avec DLA_EXPORTS=gcs : le bucket Cloud Storage des exports',
      'required with DLA_EXPORTS=gcs: the Cloud Storage bucket of the exports',
    );
  }
  if (!BUCKET_NAME.test(e.DLA_EXPORT_BUCKET) || e.DLA_EXPORT_BUCKET.includes('..')) {
    return badVariable(
      'DLA_EXPORT_BUCKET',
      'attendu le nom du bucket seul, sans « gs:// » (3 à 63 caractères : minuscules, chiffres, tirets, points), par exemple dla-npdc-dla-exports.',
      'expected the bare bucket name, without "gs://" (3 to 63 characters: lowercase letters, digits, dashes, dots), e.g. dla-npdc-dla-exports.',
    );
  }
  let endpoint: string | null = null;
  if (e.DLA_STORAGE_ENDPOINT !== undefined) {
    if (!/^https?:\/\/[^\s/]+\/?$/.test(e.DLA_STORAGE_ENDPOINT)) {
      return badVariable(
        'DLA_STORAGE_ENDPOINT',
        'attendu une URL http(s)://hôte[:port] sans chemin (serveur de test de Cloud Storage).',
        'expected a URL http(s)://host[:port] without a path (a Cloud Storage test server).',
      );
    }
    endpoint = e.DLA_STORAGE_ENDPOINT.replace(/\/+$/, '');
  }
  return ok({ kind: 'gcs', bucket: e.DLA_EXPORT_BUCKET, endpoint });
}

/** Local spreadsheet ids: each workbook file is known by its owner code. */
function localSpreadsheetIds(): Partial<Record<WorkbookOwner, string>> {
  return Object.fromEntries([...OPERATOR_CODES, C2RA].map((owner) => [owner, `local-${owner}`]));
}

/** A configuration error naming the variable, in French then English. */
function badVariable(name: string, french: string, english: string): Result<never> {
  return fail(
    'CONFIG_INVALID',
    `Variable ${name} invalide : ${french} / invalid variable ${name}: ${english}`,
  );
}

/** A missing variable, named in French then English. */
function missingVariable(name: string, french: string, english: string): Result<never> {
  return fail(
    'CONFIG_MISSING',
    `Variable ${name} manquante (${french}) / missing variable ${name} (${english}).`,
  );
}

/** Parses a JSON object keyed by workbook owner; the message never quotes a value (secrets). */
function ownerMap<T>(
  name: string,
  text: string | undefined,
  value: z.ZodType<T>,
  expected: { fr: string; en: string },
): Result<Partial<Record<WorkbookOwner, T>>> {
  if (text === undefined) return ok({});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return badVariable(
      name,
      `JSON illisible, attendu ${expected.fr}.`,
      `unreadable JSON, expected ${expected.en}.`,
    );
  }
  const parsed = z.partialRecord(workbookOwnerSchema, value).safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const keys = parsed.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys : [String(i.path[0] ?? '')],
  );
  // Only short key-like names are quoted: a misplaced secret is never echoed.
  const where = [...new Set(keys)].filter((k) => /^[A-Za-z0-9-]{1,12}$/.test(k)).join(', ');
  const at = where === '' ? '' : ` (${where})`;
  return badVariable(name, `attendu ${expected.fr}${at}.`, `expected ${expected.en}${at}.`);
}

const secretSchema = z.string().min(MIN_SECRET_LENGTH);
const secretsSchema = z
  .union([secretSchema, z.array(secretSchema).min(1).max(2)])
  .transform((s) => (typeof s === 'string' ? [s] : s));
const allowedUserSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([^@\s]+@|@)[^@\s]+\.[^@\s]+$/);

/** Validates the authentication variables together with the store they protect. */
function loadAuth(e: z.output<typeof ENV_SCHEMA>): Result<AuthConfig> {
  if (e.DLA_AUTH === 'disabled' && e.DLA_STORE !== 'sqlite') {
    return badVariable(
      'DLA_AUTH',
      '« disabled » n’est permis qu’avec DLA_STORE=sqlite (une seule machine locale) ; en production, l’authentification est obligatoire.',
      '"disabled" is allowed only with DLA_STORE=sqlite (one local machine); authentication is required in production.',
    );
  }
  const secrets = ownerMap('DLA_HMAC_SECRETS', e.DLA_HMAC_SECRETS, secretsSchema, {
    fr: `un objet {"CBE-LM": "secret"} ou {"CBE-LM": ["nouveau", "ancien"]}, au plus deux secrets de ${MIN_SECRET_LENGTH} caractères au moins par classeur`,
    en: `an object {"CBE-LM": "secret"} or {"CBE-LM": ["new", "old"]}, at most two secrets of at least ${MIN_SECRET_LENGTH} characters per workbook`,
  });
  if (!secrets.ok) return secrets;
  const all = Object.values(secrets.value).flat();
  if (new Set(all).size !== all.length) {
    return badVariable(
      'DLA_HMAC_SECRETS',
      'un même secret sert deux fois ; chaque classeur a le sien.',
      'a secret is used twice; each workbook needs its own.',
    );
  }
  const users = ownerMap(
    'DLA_ALLOWED_USERS',
    e.DLA_ALLOWED_USERS,
    z.array(allowedUserSchema).min(1),
    {
      fr: 'un objet {"CBE-LM": ["prenom.nom@cbe-lille.fr", "@cbe-lille.fr"]} (e-mails, ou @domaine)',
      en: 'an object {"CBE-LM": ["first.last@cbe-lille.fr", "@cbe-lille.fr"]} (e-mails, or @domain)',
    },
  );
  if (!users.ok) return users;
  const audiences = (e.DLA_ID_TOKEN_AUDIENCE ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (audiences.length > 0 && Object.keys(users.value).length === 0) {
    return missingVariable(
      'DLA_ALLOWED_USERS',
      'requise avec DLA_ID_TOKEN_AUDIENCE : qui peut appeler pour quel classeur',
      'required with DLA_ID_TOKEN_AUDIENCE: who may call for which workbook',
    );
  }
  let scheduler: AuthConfig['scheduler'] = null;
  if (e.DLA_SCHEDULER_SERVICE_ACCOUNT !== undefined) {
    const account = e.DLA_SCHEDULER_SERVICE_ACCOUNT.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(account)) {
      return badVariable(
        'DLA_SCHEDULER_SERVICE_ACCOUNT',
        'attendu l’e-mail du compte de service de Cloud Scheduler.',
        "expected Cloud Scheduler's service account e-mail.",
      );
    }
    if (e.DLA_FUNCTIONS_BASE_URL === undefined) {
      return missingVariable(
        'DLA_FUNCTIONS_BASE_URL',
        'requise avec DLA_SCHEDULER_SERVICE_ACCOUNT : audience des jetons du planificateur',
        "required with DLA_SCHEDULER_SERVICE_ACCOUNT: audience of the scheduler's tokens",
      );
    }
    if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(e.DLA_FUNCTIONS_BASE_URL)) {
      return badVariable(
        'DLA_FUNCTIONS_BASE_URL',
        'attendu une URL https://REGION-PROJET.cloudfunctions.net.',
        'expected a URL https://REGION-PROJECT.cloudfunctions.net.',
      );
    }
    scheduler = {
      serviceAccount: account,
      functionsBaseUrl: e.DLA_FUNCTIONS_BASE_URL.replace(/\/+$/, ''),
    };
  }
  if (
    e.DLA_AUTH === 'required' &&
    e.DLA_STORE === 'firestore' &&
    all.length === 0 &&
    audiences.length === 0
  ) {
    return missingVariable(
      'DLA_HMAC_SECRETS',
      'ou DLA_ID_TOKEN_AUDIENCE : sans elles, aucun classeur ne peut s’authentifier',
      'or DLA_ID_TOKEN_AUDIENCE: without them no spreadsheet can authenticate',
    );
  }
  return ok({
    mode: e.DLA_AUTH,
    hmacSecrets: secrets.value,
    idTokenAudiences: audiences,
    allowedUsers: users.value,
    scheduler,
  });
}

/**
 * Reads and validates the configuration (the only place that reads the environment). A missing
 * or wrong variable gives an error naming it, in French and English; no message ever quotes a
 * secret.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Result<Config> {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success)
    return fail(
      'CONFIG_INVALID',
      `Configuration invalide / invalid configuration : ${formatZodError(parsed.error)}`,
    );
  const e = parsed.data;
  const workspace = path.resolve(e.DLA_WORKSPACE);
  if (e.DLA_STORE === 'firestore' && !e.GOOGLE_CLOUD_PROJECT) {
    return fail(
      'CONFIG_MISSING',
      'Variable GOOGLE_CLOUD_PROJECT manquante (requise avec DLA_STORE=firestore) / missing variable GOOGLE_CLOUD_PROJECT.',
    );
  }
  if (e.DLA_SPREADSHEETS === 'google' && !e.DLA_SPREADSHEET_IDS) {
    return fail(
      'CONFIG_MISSING',
      'Variable DLA_SPREADSHEET_IDS manquante (requise avec DLA_SPREADSHEETS=google) / missing variable DLA_SPREADSHEET_IDS.',
    );
  }
  const auth = loadAuth(e);
  if (!auth.ok) return auth;
  const mail = loadMail(e, workspace);
  if (!mail.ok) return mail;
  const exportsConfig = loadExports(e, workspace);
  if (!exportsConfig.ok) return exportsConfig;
  return ok({
    workspace,
    store:
      e.DLA_STORE === 'firestore'
        ? {
            kind: 'firestore',
            projectId: e.GOOGLE_CLOUD_PROJECT ?? '',
            emulatorHost: e.FIRESTORE_EMULATOR_HOST ?? null,
            auditRetentionDays: e.DLA_AUDIT_RETENTION_DAYS ?? null,
          }
        : {
            kind: 'sqlite',
            path: path.resolve(e.DLA_SQLITE_PATH ?? path.join(workspace, 'dla.sqlite')),
          },
    spreadsheets:
      e.DLA_SPREADSHEETS === 'google' ? { kind: 'google' } : { kind: 'xlsx', dir: workspace },
    spreadsheetIds: e.DLA_SPREADSHEET_IDS ?? localSpreadsheetIds(),
    port: e.PORT,
    maxBodyBytes: e.DLA_MAX_BODY_BYTES,
    auth: auth.value,
    mail: mail.value,
    exports: exportsConfig.value,
  });
}

/** Reads (or creates) the HMAC secrets of a local workspace's spreadsheets. */
export type WorkspaceSecrets = (
  workspace: string,
) => Result<Readonly<Partial<Record<WorkbookOwner, string>>>>;

/**
 * The configuration of a local workspace chosen on the command line (`dla --dir DIR`). With
 * `secrets`, the workspace's own HMAC secrets (`workspace/.secrets.json`) are used unless
 * `DLA_HMAC_SECRETS` is set in the environment.
 */
export function loadWorkspaceConfig(
  dir: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  secrets?: WorkspaceSecrets,
): Result<Config> {
  const local =
    dir === undefined ? env : { ...env, DLA_WORKSPACE: dir, DLA_SQLITE_PATH: undefined };
  if (secrets === undefined || local['DLA_HMAC_SECRETS'] !== undefined) return loadConfig(local);
  const workspace = path.resolve(local['DLA_WORKSPACE'] ?? 'workspace');
  const found = secrets(workspace);
  if (!found.ok) return found;
  return loadConfig({ ...local, DLA_HMAC_SECRETS: JSON.stringify(found.value) });
}

/** The owner of a spreadsheet id, or null when the id is not one of ours. */
export function ownerOfSpreadsheet(config: Config, spreadsheetId: string): WorkbookOwner | null {
  const entry = Object.entries(config.spreadsheetIds).find(([, id]) => id === spreadsheetId);
  return entry ? (entry[0] as WorkbookOwner) : null;
}
