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

const envSchema = z.object({
  DLA_WORKSPACE: z.string().min(1).default('workspace'),
  DLA_STORE: z.enum(['sqlite', 'firestore']).default('sqlite'),
  DLA_SQLITE_PATH: z.string().min(1).optional(),
  DLA_SPREADSHEETS: z.enum(['xlsx', 'google']).default('xlsx'),
  DLA_SPREADSHEET_IDS: spreadsheetIdsSchema.optional(),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  FIRESTORE_EMULATOR_HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  DLA_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(2_000_000),
});

/** The validated configuration every entry point builds its adapters from. */
export interface Config {
  readonly workspace: string;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string }
    | {
        readonly kind: 'firestore';
        readonly projectId: string;
        readonly emulatorHost: string | null;
      };
  readonly spreadsheets:
    { readonly kind: 'xlsx'; readonly dir: string } | { readonly kind: 'google' };
  /** Which spreadsheet belongs to which owner: the tenant of a request comes from here, never from its body. */
  readonly spreadsheetIds: Readonly<Partial<Record<WorkbookOwner, string>>>;
  readonly port: number;
  readonly maxBodyBytes: number;
}

/** Local spreadsheet ids: each workbook file is known by its owner code. */
function localSpreadsheetIds(): Partial<Record<WorkbookOwner, string>> {
  return Object.fromEntries([...OPERATOR_CODES, C2RA].map((owner) => [owner, `local-${owner}`]));
}

/**
 * Reads and validates the configuration (the only place that reads the environment). A missing
 * or wrong variable gives an error naming it, in French and English.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Result<Config> {
  const parsed = envSchema.safeParse(env);
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
  return ok({
    workspace,
    store:
      e.DLA_STORE === 'firestore'
        ? {
            kind: 'firestore',
            projectId: e.GOOGLE_CLOUD_PROJECT ?? '',
            emulatorHost: e.FIRESTORE_EMULATOR_HOST ?? null,
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
  });
}

/** The configuration of a local workspace chosen on the command line (`dla --dir DIR`). */
export function loadWorkspaceConfig(dir: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Result<Config> {
  return loadConfig(dir === undefined ? env : { ...env, DLA_WORKSPACE: dir, DLA_SQLITE_PATH: undefined });
}

/** The owner of a spreadsheet id, or null when the id is not one of ours. */
export function ownerOfSpreadsheet(config: Config, spreadsheetId: string): WorkbookOwner | null {
  const entry = Object.entries(config.spreadsheetIds).find(([, id]) => id === spreadsheetId);
  return entry ? (entry[0] as WorkbookOwner) : null;
}
