/**
 * docs/configuration.md's table, generated from the zod schema of the environment
 * (functions/config.ts `ENV_SCHEMA`): every variable the code reads, its default and allowed
 * values from the schema, its meaning from {@link VARIABLE_MEANINGS}.
 *
 * @packageDocumentation
 */
import type { z } from 'zod';
import { ENV_SCHEMA, type ConfigVariable } from '../../functions/config';

/** What each variable is for, in French. A variable of the schema missing here fails the docs test. */
export const VARIABLE_MEANINGS: Readonly<Record<string, string>> = {
  DLA_WORKSPACE:
    'dossier de l’espace de travail local (classeurs .xlsx, base, exports, boîte d’envoi)',
  DLA_STORE: 'base : `sqlite` (fichier local) ou `firestore` (production)',
  DLA_SQLITE_PATH: 'fichier de la base locale (défaut : `$DLA_WORKSPACE/dla.sqlite`)',
  DLA_SPREADSHEETS:
    'classeurs : `xlsx` (fichiers de l’espace de travail) ou `google` (Google Sheets)',
  DLA_SPREADSHEET_IDS:
    'JSON `{"CBE-LM": "<id du classeur>", …, "C2RA": "…"}` : l’opérateur d’une requête vient d’ici, jamais du corps',
  GOOGLE_CLOUD_PROJECT: 'projet Google Cloud ; requis avec `DLA_STORE=firestore`',
  FIRESTORE_EMULATOR_HOST: 'tests et essais : `hôte:port` d’un émulateur Firestore',
  PORT: 'port HTTP de `dla serve` et `dla start`',
  DLA_MAX_BODY_BYTES: 'taille maximale du corps d’une requête HTTP, en octets',
  DLA_AUTH:
    '`required`, ou `disabled` (accepté seulement avec `DLA_STORE=sqlite`, une seule machine locale : toute requête est crue)',
  DLA_HMAC_SECRETS:
    'JSON `{"CBE-LM": "<secret>", …}` ; pendant une rotation `{"CBE-LM": ["<nouveau>", "<ancien>"]}` ; 32 caractères au moins, un secret par classeur (en local : `workspace/.secrets.json`)',
  DLA_ID_TOKEN_AUDIENCE:
    'identifiant(s) client OAuth du projet Apps Script, séparés par des virgules',
  DLA_ALLOWED_USERS:
    'JSON `{"CBE-LM": ["prenom.nom@cbe-lille.fr", "@cbe-lille.fr"], …}` ; requise avec `DLA_ID_TOKEN_AUDIENCE`',
  DLA_SCHEDULER_SERVICE_ACCOUNT: 'e-mail du compte de service de Cloud Scheduler',
  DLA_FUNCTIONS_BASE_URL:
    '`https://REGION-PROJET.cloudfunctions.net` ; l’audience attendue du jeton du planificateur est `<base>/<fonction>`',
  DLA_MAIL: 'envoi des e-mails : `outbox` (fichiers .eml dans `outbox/`), `gmail` ou `smtp`',
  DLA_MAIL_FROM:
    'expéditeur des e-mails, « Nom <adresse> » ; avec `DLA_MAIL=gmail`, la boîte au nom de laquelle la délégation envoie',
  DLA_MAIL_SERVICE_ACCOUNT:
    'avec `DLA_MAIL=gmail` : compte de service qui signe le jeton de délégation (défaut : celui des fonctions, lu du serveur de métadonnées)',
  DLA_AUDIT_RETENTION_DAYS:
    'durée de conservation du journal d’audit en jours (Firestore, suppression par TTL) ; absente : conservé sans limite (réglage par défaut de l’opérateur)',
  DLA_SMTP_URL:
    'serveur SMTP (`smtps://utilisateur:mot-de-passe@serveur:465`) ; requis avec `DLA_MAIL=smtp`',
  DLA_ALERT_RECIPIENTS:
    'JSON `{"operators": {"CBE-LM": {"chargé de mission": ["…"], "finance": ["…"]}}, "c2ra": ["…"]}` : destinataires des récapitulatifs',
  DLA_EXPORTS:
    'destination des exports datés : `file` (dossier `exports/`) ou `gcs` (bucket Cloud Storage)',
  DLA_EXPORT_BUCKET: 'nom du bucket, sans `gs://` ; requis avec `DLA_EXPORTS=gcs`',
  DLA_STORAGE_ENDPOINT: 'tests seulement : serveur Cloud Storage local, appelé sans identifiants',
} satisfies Record<ConfigVariable, string>;

interface Described {
  readonly defaultValue: string;
  readonly values: string;
}

/** The default and allowed values of one variable, read from its zod schema. */
function describe(schema: z.ZodType): Described {
  let current: z.ZodType = schema;
  let defaultValue = '—';
  for (let depth = 0; depth < 5; depth += 1) {
    const def = (
      current as unknown as {
        def: { type: string; defaultValue?: unknown; innerType?: z.ZodType; in?: z.ZodType };
      }
    ).def;
    if (def.type === 'default') {
      defaultValue = `\`${String(def.defaultValue)}\``;
      if (def.innerType) current = def.innerType;
    } else if (def.type === 'optional' && def.innerType) {
      current = def.innerType;
    } else break;
  }
  const options = (current as unknown as { options?: readonly unknown[] }).options;
  const values = Array.isArray(options) ? options.map((o) => `\`${String(o)}\``).join(', ') : '';
  return { defaultValue, values };
}

/** The variables the code reads, in the schema's order. */
export function configurationVariables(): string[] {
  return Object.keys(ENV_SCHEMA.shape);
}

/** The generated Markdown table. */
export function configurationTable(): string {
  const rows = Object.entries(ENV_SCHEMA.shape).map(([name, schema]) => {
    const { defaultValue, values } = describe(schema as z.ZodType);
    const meaning = VARIABLE_MEANINGS[name] ?? '**(à documenter)**';
    return `| \`${name}\` | ${defaultValue} | ${values === '' ? '—' : values} | ${meaning} |`;
  });
  return ['| variable | défaut | valeurs | rôle |', '|---|---|---|---|', ...rows].join('\n');
}
