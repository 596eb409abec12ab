import type { IsoDate } from '../../shared/domain/values/french-date';

/*
 * Where and on what the functions run: EU regions, Node.js runtimes and their end dates, the
 * APIs, and the names a project gets when none is chosen.
 */

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

/** The next runtime still listed after this one, if any. */
export function nextRuntime(runtime: string): string | undefined {
  const names = Object.keys(RUNTIMES);
  return names[names.indexOf(runtime) + 1];
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
  'iamcredentials.googleapis.com',
  'logging.googleapis.com',
  'storage.googleapis.com',
];

/** The service accounts a project gets when none is chosen. */
export function defaultServiceAccounts(project: string): {
  functions: string;
  scheduler: string;
  build: string;
} {
  return {
    functions: `dla-functions@${project}.iam.gserviceaccount.com`,
    scheduler: `dla-scheduler@${project}.iam.gserviceaccount.com`,
    build: `dla-build@${project}.iam.gserviceaccount.com`,
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
