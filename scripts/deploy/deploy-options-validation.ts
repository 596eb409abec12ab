import { fail, ok, type Result } from '../../shared/domain/result';
import { formatFrenchDate, type IsoDate } from '../../shared/domain/values/french-date';
import type { DeployOptions } from './deploy-plan-model';
import type { MailChannel } from './deployed-variables';
import {
  DEFAULT_RUNTIME,
  EU_REGIONS,
  RUNTIMES,
  defaultExportBucket,
  defaultServiceAccounts,
  nextRuntime,
} from './deploy-targets';
import { DEFAULT_RECONCILE_MINUTES, RECONCILE_PERIODS } from './scheduled-jobs';

/*
 * The options of `dla deploy` checked and completed with their defaults, or a French refusal
 * naming what is wrong: nothing is planned from a value Google would refuse half way.
 */

/** Options once checked, every default filled in. */
export interface ResolvedOptions {
  readonly project: string;
  readonly region: string;
  readonly runtime: string;
  readonly reconcileMinutes: number;
  readonly serviceAccount: string;
  readonly schedulerServiceAccount: string;
  readonly buildServiceAccount: string;
  readonly mail: MailChannel;
  /** Null when not chosen: the real deployment then refuses to start. */
  readonly mailFrom: string | null;
  readonly idTokens: boolean;
  readonly exportBucket: string;
  readonly exportReaders: readonly string[];
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const SERVICE_ACCOUNT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/;
/** A bucket name without dots (a dotted name must be a verified domain): 3 to 63 characters. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
/** An IAM member who may read the exports: a Google group, a person, or a whole domain. */
const EXPORT_READER =
  /^(?:(?:group|user):[^\s@,]+@[^\s@,]+\.[a-z]{2,}|domain:[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;
/** `adresse@domaine.fr` or `Nom affiché <adresse@domaine.fr>`, on one line. */
const MAIL_FROM =
  /^(?:[^<>\r\n]{1,100} <[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}>|[^\s@<>]+@[^\s@<>]+\.[a-z]{2,})$/i;

function euRegionList(): string {
  return Object.entries(EU_REGIONS)
    .map(([region, place]) => `${region} (${place})`)
    .join(', ');
}

function checkPlace(options: DeployOptions): Result<{ runtime: string; reconcileMinutes: number }> {
  if (!PROJECT_ID.test(options.project))
    return fail(
      'DEPLOY_PROJECT_INVALID',
      `Identifiant de projet Google Cloud invalide : « ${options.project} » (6 à 30 caractères : minuscules, chiffres, tirets).`,
    );
  if (EU_REGIONS[options.region] === undefined)
    return fail(
      'DEPLOY_REGION_OUTSIDE_EU',
      `Région « ${options.region} » refusée : les données des structures accompagnées doivent rester dans l'Union européenne (RGPD). Choisissez une région de l'UE : ${euRegionList()}.`,
    );
  const runtime = options.runtime ?? DEFAULT_RUNTIME;
  if (RUNTIMES[runtime] === undefined)
    return fail(
      'DEPLOY_RUNTIME_UNKNOWN',
      `Environnement d'exécution inconnu : « ${runtime} » (attendu : ${Object.keys(RUNTIMES).join(', ')}).`,
    );
  const reconcileMinutes = options.reconcileMinutes ?? DEFAULT_RECONCILE_MINUTES;
  if (!RECONCILE_PERIODS.includes(reconcileMinutes))
    return fail(
      'DEPLOY_RECONCILE_INVALID',
      `--reconcile-every : ${reconcileMinutes} minute(s) refusé ; choisissez parmi ${RECONCILE_PERIODS.join(', ')} (un diviseur de l'heure, 5 minutes au moins à cause des quotas de l'API Sheets).`,
    );
  return ok({ runtime, reconcileMinutes });
}

function checkAccounts(options: DeployOptions): Result<{
  serviceAccount: string;
  schedulerServiceAccount: string;
  buildServiceAccount: string;
}> {
  const defaults = defaultServiceAccounts(options.project);
  const accounts = {
    serviceAccount: options.serviceAccount ?? defaults.functions,
    schedulerServiceAccount: options.schedulerServiceAccount ?? defaults.scheduler,
    buildServiceAccount: options.buildServiceAccount ?? defaults.build,
  };
  const bad = Object.values(accounts).find((account) => !SERVICE_ACCOUNT.test(account));
  if (bad !== undefined)
    return fail(
      'DEPLOY_SERVICE_ACCOUNT_INVALID',
      `Compte de service invalide : « ${bad} » (attendu nom@projet.iam.gserviceaccount.com).`,
    );
  return ok(accounts);
}

function checkExports(
  options: DeployOptions,
): Result<{ exportBucket: string; exportReaders: readonly string[] }> {
  const exportBucket = options.exportBucket ?? defaultExportBucket(options.project);
  if (!BUCKET_NAME.test(exportBucket) || /^goog|google/.test(exportBucket))
    return fail(
      'DEPLOY_EXPORT_BUCKET_INVALID',
      `Nom de bucket des exports invalide : « ${exportBucket} » (3 à 63 caractères : minuscules, chiffres, tirets ; sans « gs:// », sans point, sans « google »).`,
    );
  const exportReaders = options.exportReaders ?? [];
  const badReader = exportReaders.find((member) => !EXPORT_READER.test(member));
  if (badReader !== undefined)
    return fail(
      'DEPLOY_EXPORT_READER_INVALID',
      `Lecteur des exports invalide : « ${badReader} » (attendu group:adresse, user:adresse ou domain:domaine, par exemple group:c2ra@cress-npdc.fr).`,
    );
  return ok({ exportBucket, exportReaders });
}

/**
 * Checks every option and fills in the defaults, or a French refusal: a region outside the EU
 * (GDPR), an unknown runtime, a malformed project, service account, bucket, reader or sender, a
 * reconcile period that is not allowed.
 */
export function resolveDeployOptions(options: DeployOptions): Result<ResolvedOptions> {
  const place = checkPlace(options);
  if (!place.ok) return place;
  const accounts = checkAccounts(options);
  if (!accounts.ok) return accounts;
  const exportsChoice = checkExports(options);
  if (!exportsChoice.ok) return exportsChoice;
  const mailFrom = options.mailFrom?.trim();
  if (mailFrom !== undefined && !MAIL_FROM.test(mailFrom))
    return fail(
      'DEPLOY_MAIL_FROM_INVALID',
      `Expéditeur des e-mails invalide : « ${mailFrom} » (attendu adresse@domaine.fr ou « Nom <adresse@domaine.fr> »).`,
    );
  return ok({
    project: options.project,
    region: options.region,
    ...place.value,
    ...accounts.value,
    ...exportsChoice.value,
    mail: options.mail ?? 'gmail',
    mailFrom: mailFrom ?? null,
    idTokens: options.idTokens === true,
  });
}

/** French warnings and blockers of the chosen runtime and sender on `today`. */
export function planNotices(
  resolved: ResolvedOptions,
  today: IsoDate,
): { warnings: string[]; blockers: string[] } {
  const warnings: string[] = [];
  const blockers: string[] = [];
  const { runtime } = resolved;
  const support = RUNTIMES[runtime];
  if (support !== undefined && today >= support.decommissioned) {
    blockers.push(
      `L'environnement ${runtime} est retiré par Google depuis le ${formatFrenchDate(support.decommissioned)} : aucune fonction ne peut plus être créée ni mise à jour avec lui. Passez le projet à une version de Node.js encore prise en charge (package.json « engines », dépendances vérifiées sur cette version) puis relancez avec --runtime ${nextRuntime(runtime) ?? '<version>'}.`,
    );
  } else if (support !== undefined && today >= support.deprecated) {
    warnings.push(
      `L'environnement ${runtime} est obsolète depuis le ${formatFrenchDate(support.deprecated)} et sera retiré le ${formatFrenchDate(support.decommissioned)} : prévoyez la migration.`,
    );
  }
  if (resolved.mailFrom === null)
    blockers.push(
      `Expéditeur des e-mails non choisi : ajoutez --mail-from "DLA Nord – Pas de Calais <alertes@votre-domaine.fr>"${resolved.mail === 'gmail' ? ' (avec Gmail, une boîte réelle du domaine Google Workspace : c’est elle que le compte des fonctions emprunte par délégation)' : ''}.`,
    );
  return { warnings, blockers };
}
