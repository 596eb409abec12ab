import { auth, type sheets_v4 } from '@googleapis/sheets';
import { Option, type Command } from 'commander';
import { createSheetsClient } from '../../functions/adapters/google-sheets-client';
import {
  provisionExistingSpreadsheet,
  type ProvisionReport,
} from '../../functions/adapters/google-sheets-provisioner';
import {
  callWithRetries,
  retryPolicy,
  statusOf,
} from '../../functions/adapters/sheets-retry-policy';
import { loadConfig, type Config } from '../../functions/config';
import {
  C2RA,
  OPERATOR_CODES,
  operatorDisplayName,
  type WorkbookOwner,
} from '../../shared/domain/operator';
import { layoutFor } from '../../sheets/layouts/workbook-layout';
import { defaultServiceAccounts } from '../deploy/deploy-targets';

/** Options of `dla provision` as typed. */
export interface ProvisionCommandOptions {
  /** An operator code, `C2RA`, or `all` (default). */
  readonly operator?: string;
  /** The account the spreadsheets are shared with, named in the messages. */
  readonly serviceAccount?: string;
}

/** Where `dla provision` writes, what it reads, and its Sheets client (replaced in tests). */
export interface ProvisionIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The environment loadConfig reads (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly api: () => sheets_v4.Sheets;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultIo: ProvisionIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  // Application default credentials: `gcloud auth application-default login
  // --impersonate-service-account=dla-functions@…`, so the sheets are edited as the functions do.
  api: () =>
    createSheetsClient({
      auth: new auth.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] }),
    }),
};

const ALL_OWNERS: readonly WorkbookOwner[] = [...OPERATOR_CODES, C2RA];

function ownerName(owner: WorkbookOwner): string {
  return owner === C2RA ? 'C2RA' : `${owner} (${operatorDisplayName(owner)})`;
}

function sharingAccount(config: Config, chosen: string | undefined): string {
  if (chosen !== undefined) return chosen;
  return config.store.kind === 'firestore'
    ? defaultServiceAccounts(config.store.projectId).functions
    : 'le compte de service des fonctions';
}

/** The French line of a workbook brought up to its layout. */
function describeReport(owner: WorkbookOwner, report: ProvisionReport): string[] {
  const lines =
    report.requests === 0
      ? [`✓ ${ownerName(owner)} : déjà conforme à la mise en page, rien écrit.`]
      : [
          `✓ ${ownerName(owner)} : mise en page appliquée (${report.requests} modification(s) en un seul envoi).`,
        ];
  if (report.addedTabs.length > 0)
    lines.push(`    onglets ajoutés : ${report.addedTabs.join(', ')}`);
  if (report.addedColumns.length > 0)
    lines.push(
      `    colonnes ajoutées : ${report.addedColumns.map((c) => `${c.tab} › ${c.label}`).join(', ')}`,
    );
  if (report.unknownColumns.length > 0)
    lines.push(
      `  ! colonnes inconnues de la mise en page, laissées telles quelles : ${report.unknownColumns.map((c) => `${c.tab} › ${c.label}`).join(', ')}`,
    );
  return lines;
}

/** Why a workbook could not be provisioned, and what to do, in French. */
function describeFailure(
  owner: WorkbookOwner,
  id: string,
  error: unknown,
  account: string,
): string {
  const status = statusOf(error);
  if (status === 404)
    return `✗ ${ownerName(owner)} : classeur ${id} introuvable. Vérifiez son identifiant dans DLA_SPREADSHEET_IDS (il est dans l'adresse du classeur, entre /d/ et /edit).`;
  if (status === 403)
    return `✗ ${ownerName(owner)} : le classeur ${id} n'est pas partagé avec ${account}. Dans le classeur : Partager › ajouter ${account} › rôle « Éditeur » (ou placez-le dans un Drive partagé dont ce compte est membre), puis relancez « dla provision ».`;
  const message = error instanceof Error ? error.message : String(error);
  return `✗ ${ownerName(owner)} : l'API Google Sheets a refusé la mise en page (${status === undefined ? 'pas de réponse' : `HTTP ${status}`}) : ${message}`;
}

/**
 * `dla provision [--operator CODE|C2RA|all]`: applies the layouts (dropdowns, formats,
 * protections, frozen headers, notes) to the existing Google spreadsheets named in
 * `DLA_SPREADSHEET_IDS`. Idempotent: a spreadsheet that already matches gets no write. It never
 * creates a spreadsheet: a service account has no Drive storage, so people create the sheets
 * and share them with it.
 */
export async function runProvision(
  options: ProvisionCommandOptions,
  io: Partial<ProvisionIo> = {},
): Promise<number> {
  const { out, err, env, api, sleep } = { ...defaultIo, ...io };
  const loaded = env === undefined ? loadConfig() : loadConfig(env);
  if (!loaded.ok) {
    err(`${loaded.error.message}\n`);
    return 1;
  }
  const config = loaded.value;
  if (config.spreadsheets.kind !== 'google') {
    err(
      "dla provision met en page les classeurs Google : réglez DLA_SPREADSHEETS=google et DLA_SPREADSHEET_IDS (l'identifiant de chaque classeur). En local, « dla init » crée déjà les classeurs .xlsx avec leur mise en page.\n",
    );
    return 1;
  }
  const chosen = options.operator ?? 'all';
  const owners = chosen === 'all' ? ALL_OWNERS : ALL_OWNERS.filter((o) => o === chosen);
  const account = sharingAccount(config, options.serviceAccount);
  const client = api();
  const policy = retryPolicy(sleep === undefined ? {} : { sleep });
  out(
    `dla provision — mise en page de ${owners.length} classeur(s) Google (DLA_SPREADSHEET_IDS)\n`,
  );
  let failures = 0;
  for (const owner of owners) {
    const id = config.spreadsheetIds[owner];
    if (id === undefined) {
      failures += 1;
      out(
        `✗ ${ownerName(owner)} : aucun classeur dans DLA_SPREADSHEET_IDS. Une personne crée le classeur, le partage en Éditeur avec ${account}, puis ajoute son identifiant au secret dla-spreadsheet-ids.\n`,
      );
      continue;
    }
    try {
      // The whole provisioning is idempotent (read, then write only what differs): a retry
      // after a throttled or lost call does no harm.
      const report = await callWithRetries(policy, 'provision', () =>
        provisionExistingSpreadsheet(client, layoutFor(owner), id, owner),
      );
      out(`${describeReport(owner, report).join('\n')}\n`);
    } catch (error) {
      failures += 1;
      out(`${describeFailure(owner, id, error, account)}\n`);
    }
  }
  out(
    failures === 0
      ? 'Terminé : chaque classeur a sa mise en page. Une nouvelle exécution ne change rien tant que personne ne la modifie.\n'
      : `${failures} classeur(s) non mis en page : corrigez ce qui est indiqué, puis relancez « dla provision » (ce qui est déjà fait n'est pas refait).\n`,
  );
  return failures === 0 ? 0 : 1;
}

/** Adds `dla provision` to the command line. */
export function registerProvisionCommand(program: Command): void {
  program
    .command('provision')
    .description(
      'applique la mise en page (listes, formats, protections, en-têtes figés) aux classeurs Google existants de DLA_SPREADSHEET_IDS',
    )
    .addOption(
      new Option('--operator <code>', `opérateur (${OPERATOR_CODES.join(', ')}), ${C2RA} ou all`)
        .choices([...ALL_OWNERS, 'all'])
        .default('all'),
    )
    .option(
      '--service-account <email>',
      'compte de service avec lequel les classeurs sont partagés (pour les messages)',
    )
    .action(async (o: ProvisionCommandOptions) => {
      process.exitCode = await runProvision(o);
    });
}
