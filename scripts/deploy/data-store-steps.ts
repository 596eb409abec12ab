import { gcloud, type DeployStep } from './deploy-step';

/*
 * Where the data lives: the Firestore database and the bucket of the dated exports, both in the
 * chosen EU region, and who may touch the bucket.
 */

/** What the data steps need to know of the plan. */
export interface DataStoreContext {
  readonly project: string;
  readonly region: string;
  readonly serviceAccount: string;
  readonly exportBucket: string;
  readonly exportReaders: readonly string[];
}

/** The database and the bucket created when missing, the bucket's roles granted on it only. */
export function dataStoreSteps(ctx: DataStoreContext): DeployStep[] {
  const p = `--project=${ctx.project}`;
  const bucketUrl = `gs://${ctx.exportBucket}`;
  const bucketRole = (member: string, role: string, title: string): DeployStep => ({
    kind: 'run',
    title,
    command: gcloud(
      'storage',
      'buckets',
      'add-iam-policy-binding',
      bucketUrl,
      `--member=${member}`,
      `--role=${role}`,
      p,
    ),
  });
  return [
    {
      kind: 'ensure',
      title: `Base Firestore (default) en ${ctx.region} (créée si elle manque)`,
      probe: gcloud('firestore', 'databases', 'describe', '--database=(default)', p),
      create: gcloud(
        'firestore',
        'databases',
        'create',
        '--database=(default)',
        `--location=${ctx.region}`,
        '--type=firestore-native',
        p,
      ),
    },
    // Expired replay-protection events (and audit entries, when a retention is set) are
    // deleted by Firestore itself from their expireAt field; idempotent, so a rerun is harmless.
    ...['events', 'audit'].map((group): DeployStep => ({
      kind: 'run',
      title: `Suppression automatique (TTL) des documents « ${group} » échus (champ expireAt)`,
      command: gcloud(
        'firestore',
        'fields',
        'ttls',
        'update',
        'expireAt',
        `--collection-group=${group}`,
        '--enable-ttl',
        p,
      ),
    })),
    {
      kind: 'ensure',
      title: `Bucket des exports ${bucketUrl} en ${ctx.region} (créé s'il manque : accès uniforme, jamais public)`,
      probe: gcloud('storage', 'buckets', 'describe', bucketUrl, p),
      create: gcloud(
        'storage',
        'buckets',
        'create',
        bucketUrl,
        `--location=${ctx.region}`,
        '--uniform-bucket-level-access',
        '--public-access-prevention',
        p,
      ),
      hint: `Les noms de bucket sont uniques dans tout Cloud Storage : si ${ctx.exportBucket} est déjà pris par un autre projet, choisissez un autre nom de bucket des exports.`,
    },
    bucketRole(
      `serviceAccount:${ctx.serviceAccount}`,
      'roles/storage.objectAdmin',
      `Rôle roles/storage.objectAdmin pour ${ctx.serviceAccount} sur ${bucketUrl} seulement (écrire, lister et supprimer les exports)`,
    ),
    ...ctx.exportReaders.map((member) =>
      bucketRole(
        member,
        'roles/storage.objectViewer',
        `Lecture des exports (roles/storage.objectViewer) pour ${member} sur ${bucketUrl} seulement`,
      ),
    ),
  ];
}
