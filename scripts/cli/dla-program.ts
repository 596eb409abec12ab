/**
 * The commands of `dla`, their options and help texts (French), each action handing its options to
 * the command module under scripts/commands/. Built by {@link buildDlaProgram} for the entry point
 * (scripts/dla.ts) and for the tests of the help texts.
 *
 * @packageDocumentation
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { C2RA, OPERATOR_CODES } from '../../shared/domain/operator';
import { runAlerts } from '../commands/alerts.command';
import { runBackup, runRestore, runRestoreRecord } from '../commands/backup.command';
import { runConsolidate } from '../commands/consolidate.command';
import { runInit } from '../commands/init.command';
import { registerProvisionCommand } from '../commands/provision.command';
import { runRegisterExport, runRegisterSearch } from '../commands/register.command';
import { runServe } from '../commands/serve.command';
import { runStart } from '../commands/start.command';
import { runSuggest } from '../commands/suggest.command';
import { runSync } from '../commands/sync.command';
import { frenchProgram, type CliWriters } from './french-commander';

/** The version of the checkout (package.json). */
export function dlaVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'inconnue';
}

const owners = [...OPERATOR_CODES, C2RA];
const dirOption = () =>
  new Option('--dir <dossier>', 'dossier de travail (défaut : $DLA_WORKSPACE, sinon ./workspace)');
const ownerOption = () =>
  new Option('--operator <code>', 'code de l’opérateur, ou C2RA').choices(owners);
const jsonOption = () =>
  new Option('--json', 'résultat en JSON sur la sortie standard, erreurs comprises');

/** init, sync, serve, start: the local workspace. */
function addWorkspaceCommands(program: Command): void {
  program
    .command('init')
    .description("crée l'espace de travail : un classeur .xlsx par opérateur et celui du C2RA")
    .addOption(dirOption())
    .option('--demo', 'avec un jeu de données de démonstration réaliste')
    .addOption(jsonOption())
    .action(async (o: { dir?: string; demo?: boolean }) => {
      process.exitCode = await runInit(o);
    });

  program
    .command('sync')
    .description('synchronise un classeur avec la base : identifiants, erreurs, colonnes calculées')
    .addOption(dirOption())
    .addOption(ownerOption().makeOptionMandatory())
    .option(
      '--file <fichier>',
      'classeur .xlsx à synchroniser (défaut : celui de l’espace de travail)',
    )
    .addOption(jsonOption())
    .option(
      '--confirmer-archivage',
      'archive les lignes retirées que la garde d’archivage en masse avait retenues',
    )
    .action(
      async (o: {
        dir?: string;
        operator: string;
        file?: string;
        json?: boolean;
        confirmerArchivage?: boolean;
      }) => {
        process.exitCode = await runSync(o);
      },
    );

  program
    .command('serve')
    .description('sert toutes les fonctions HTTP en local, chacune sur /<nom> (ex. /sheetEdit)')
    .addOption(dirOption())
    .option('--port <port>', 'port HTTP (défaut : $PORT, sinon 8080)')
    .action(async (o: { dir?: string; port?: string }) => {
      process.exitCode = await runServe(o);
    });

  program
    .command('start')
    .description(
      "crée l'espace de travail s'il manque, sert les fonctions et synchronise chaque classeur enregistré",
    )
    .addOption(dirOption())
    .option('--port <port>', 'port HTTP (défaut : $PORT, sinon 8080)')
    .option('--no-demo', 'à la première création : espace vide, sans données de démonstration')
    .action(async (o: { dir?: string; port?: string; demo?: boolean }) => {
      process.exitCode = await runStart(o);
    });

  program
    .command('alerts')
    .description(
      "échéances du guide pour une date : onglet « Alertes », récapitulatifs par e-mail (boîte d'envoi locale)",
    )
    .addOption(dirOption())
    .option('--at <date>', 'date évaluée (aaaa-mm-jj ou jj/mm/aaaa ; défaut : aujourd’hui)')
    .addOption(ownerOption())
    .option('--dry-run', 'affiche seulement : ni onglet, ni e-mail, ni état enregistré')
    .addOption(jsonOption())
    .action(
      async (o: {
        dir?: string;
        at?: string;
        operator?: string;
        dryRun?: boolean;
        json?: boolean;
      }) => {
        process.exitCode = await runAlerts(o);
      },
    );
}

/** alerts, consolidate, register, suggest: the jobs and the register. */
function addRegionalCommands(program: Command): void {
  program
    .command('consolidate')
    .description(
      'consolidation régionale : onglets du classeur du C2RA et fichier daté dans exports/',
    )
    .addOption(dirOption())
    .option(
      '--out <fichier>',
      'fichier .xlsx à écrire (défaut : exports/consolidation-regionale-aaaa-mm-jj.xlsx)',
    )
    .option('--keep <n>', 'fichiers datés conservés (défaut 10)')
    .addOption(jsonOption())
    .action(async (o: { dir?: string; out?: string; keep?: string }) => {
      process.exitCode = await runConsolidate(o);
    });

  const register = program.command('register').description('registre régional des prestataires');
  register
    .command('export')
    .description('exporte le registre (.xlsx ou .csv daté dans exports/)')
    .addOption(dirOption())
    .addOption(
      new Option('--format <format>', 'format du fichier').choices(['xlsx', 'csv']).default('xlsx'),
    )
    .option('--competence <texte>', 'compétence')
    .option('--sector <texte>', "secteur d'activité")
    .option('--area <texte>', 'territoire')
    .option('--keep <n>', 'fichiers datés conservés (défaut 10)')
    .addOption(jsonOption())
    .action(
      async (o: {
        dir?: string;
        format?: string;
        competence?: string;
        sector?: string;
        area?: string;
        keep?: string;
      }) => {
        process.exitCode = await runRegisterExport(o);
      },
    );
  register
    .command('search')
    .description('recherche par compétence, secteur et territoire (guide : base des prestataires)')
    .addOption(dirOption())
    .option('--competence <texte>', 'compétence')
    .option('--sector <texte>', "secteur d'activité")
    .option('--area <texte>', 'territoire')
    .addOption(jsonOption())
    .action(
      async (o: {
        dir?: string;
        competence?: string;
        sector?: string;
        area?: string;
        json?: boolean;
      }) => {
        process.exitCode = await runRegisterSearch(o);
      },
    );

  program
    .command('suggest')
    .description(
      'prestataires du registre à solliciter pour une mission, le meilleur d’abord, avec leurs raisons',
    )
    .requiredOption('--mission <identifiant>', 'identifiant de la mission, ex. MIS-CBE-LM-0042')
    .addOption(dirOption())
    .option('--limit <n>', 'nombre de prestataires suggérés, de 1 à 20 (défaut 4)')
    .option(
      '--exclude-decliners <n>',
      'écarte ceux qui ont décliné chacune des N dernières sollicitations de l’opérateur',
    )
    .addOption(jsonOption())
    .action(
      async (o: {
        dir?: string;
        mission: string;
        limit?: string;
        excludeDecliners?: string;
        json?: boolean;
      }) => {
        process.exitCode = await runSuggest(o);
      },
    );

  // Backup and restore of the store (scripts/commands/backup.command.ts).
}

/** backup, restore, restore-record. */
function addBackupCommands(program: Command): void {
  // Backup and restore of the store (scripts/commands/backup.command.ts).
  program
    .command('backup')
    .description(
      'sauvegarde toute la base (enregistrements, audit, quarantaine, compteurs, documents) dans un fichier daté de backups/',
    )
    .addOption(dirOption())
    .option(
      '--out <fichier>',
      'fichier à écrire (défaut : backups/sauvegarde-aaaa-mm-jj-hhmmss.json)',
    )
    .option('--gzip', 'compresse la sauvegarde (.json.gz)')
    .addOption(jsonOption())
    .action(async (o: { dir?: string; out?: string; gzip?: boolean }) => {
      process.exitCode = await runBackup(o);
    });
  program
    .command('restore')
    .description('restaure une sauvegarde dans une base vide')
    .argument('<fichier>', 'fichier de sauvegarde (.json ou .json.gz)')
    .addOption(dirOption())
    .option('--force', "remplace une base qui n'est pas vide (son contenu est d'abord sauvegardé)")
    .addOption(jsonOption())
    .action(async (file: string, o: { dir?: string; force?: boolean }) => {
      process.exitCode = await runRestore({ ...o, file });
    });
  program
    .command('restore-record')
    .description('désarchive un enregistrement et remet sa ligne dans son classeur')
    .argument('<identifiant>', 'identifiant, ex. MIS-CBE-LM-0042 ou PRE-0007')
    .addOption(dirOption())
    .addOption(jsonOption())
    .action(async (id: string, o: { dir?: string }) => {
      process.exitCode = await runRestoreRecord({ ...o, id });
    });
}

/** deploy, doctor, status (loaded on use). */
function addOperationsCommands(program: Command): void {
  // Deployment and operations (loaded on use: they are not needed by the other commands).
  program
    .command('deploy')
    .description(
      'déploie sur Google Cloud : fonctions, tâches planifiées (Europe/Paris), règles et index Firestore, secrets',
    )
    .requiredOption('--project <identifiant>', 'projet Google Cloud')
    .option('--region <région>', "région de l'Union européenne (défaut europe-west1)")
    .option('--dry-run', 'affiche les commandes exactes sans rien lancer')
    .option('--runtime <environnement>', 'environnement Node.js des fonctions (défaut nodejs22)')
    .option(
      '--reconcile-every <minutes>',
      'réconciliation de tous les classeurs toutes les N minutes (défaut 15)',
    )
    .option('--service-account <e-mail>', 'compte de service des fonctions')
    .option('--scheduler-service-account <e-mail>', 'compte de service de Cloud Scheduler')
    .option(
      '--build-service-account <e-mail>',
      'compte de service de la construction des fonctions',
    )
    .option('--mail-from <expéditeur>', 'expéditeur des e-mails, « Nom <adresse@domaine.fr> »')
    .addOption(new Option('--mail <canal>', 'envoi des e-mails').choices(['gmail', 'smtp']))
    .option('--id-tokens', "accepte aussi les jetons d'identité Google de l'Apps Script")
    .option(
      '--export-bucket <nom>',
      'bucket Cloud Storage des exports (défaut <projet>-dla-exports)',
    )
    .option(
      '--export-readers <membres>',
      'qui peut lire les exports, séparés par des virgules (group:c2ra@…, user:…, domain:…)',
    )
    .action(
      async (o: {
        project: string;
        region?: string;
        dryRun?: boolean;
        runtime?: string;
        reconcileEvery?: string;
        serviceAccount?: string;
        schedulerServiceAccount?: string;
        buildServiceAccount?: string;
        mailFrom?: string;
        mail?: string;
        idTokens?: boolean;
        exportBucket?: string;
        exportReaders?: string;
      }) => {
        const { runDeploy } = await import('../commands/deploy.command.js');
        process.exitCode = await runDeploy(o);
      },
    );

  registerProvisionCommand(program);

  program
    .command('doctor')
    .description(
      'vérifie un déploiement ou un espace de travail et dit en français ce qui ne va pas et comment le corriger',
    )
    .addOption(dirOption())
    .option(
      '--service-account <e-mail>',
      'compte de service avec lequel partager les classeurs Google',
    )
    .option(
      '--edit-days <n>',
      'jours sans modification reçue avant de signaler un classeur Google (défaut 7)',
    )
    .option('--reconcile-every <minutes>', 'période de la réconciliation déployée (défaut 15)')
    .addOption(jsonOption())
    .action(
      async (o: {
        dir?: string;
        serviceAccount?: string;
        editDays?: string;
        reconcileEvery?: string;
        json?: boolean;
      }) => {
        const { runDoctor } = await import('../commands/doctor.command.js');
        process.exitCode = await runDoctor(o);
      },
    );

  program
    .command('status')
    .description(
      'dernières exécutions des tâches planifiées et dernières synchronisations par classeur',
    )
    .addOption(dirOption())
    .addOption(jsonOption())
    .action(async (o: { dir?: string; json?: boolean }) => {
      const { runStatus } = await import('../commands/status.command.js');
      process.exitCode = await runStatus(o);
    });
}

/**
 * The whole `dla` program, in French; errors are thrown as commander errors (see
 * scripts/cli/french-commander.ts) for the caller to turn into exit codes.
 */
export function buildDlaProgram(
  options: { writers?: CliWriters; quietErrors?: boolean } = {},
): Command {
  const program = frenchProgram('dla', options)
    .description(
      'DLA Nord – Pas de Calais : classeurs des opérateurs, registre régional, synchronisation',
    )
    .version(dlaVersion(), '-V, --version', 'afficher la version');
  addWorkspaceCommands(program);
  addRegionalCommands(program);
  addBackupCommands(program);
  addOperationsCommands(program);
  return program;
}
