import { gcloud, type DeployStep } from './deploy-step';

/*
 * The three service accounts of a deployment and their project roles: the functions' identity,
 * Cloud Scheduler's, and the one Cloud Build runs the functions' builds as (organisations created
 * since 2024 no longer give the default Cloud Build account the roles a build needs).
 */

/**
 * Roles of the build account, the least a function build needs: write its logs, push the image
 * to Artifact Registry, read the uploaded source (Cloud Run functions, « Custom service account
 * for Cloud Build »).
 */
export const BUILD_ROLES: readonly string[] = [
  'roles/logging.logWriter',
  'roles/artifactregistry.writer',
  'roles/storage.objectViewer',
];

/** What the identity steps need to know of the plan. */
export interface IdentityContext {
  readonly project: string;
  readonly serviceAccount: string;
  readonly schedulerServiceAccount: string;
  readonly buildServiceAccount: string;
  /** Gmail through domain-wide delegation: the functions' account signs its own JWTs. */
  readonly mail?: 'gmail' | 'smtp';
}

/** `--build-service-account` of `gcloud functions deploy` wants the account's resource name. */
export function buildServiceAccountResource(project: string, account: string): string {
  return `projects/${project}/serviceAccounts/${account}`;
}

function projectRole(project: string, account: string, role: string, why: string): DeployStep {
  return {
    kind: 'run',
    title: `Rôle ${role} pour ${account} (${why})`,
    command: gcloud(
      'projects',
      'add-iam-policy-binding',
      project,
      `--member=serviceAccount:${account}`,
      `--role=${role}`,
      '--condition=None',
    ),
  };
}

/** Each account created when missing, then its project roles (adding a binding twice is a no-op). */
export function identitySteps(ctx: IdentityContext): DeployStep[] {
  const p = `--project=${ctx.project}`;
  const accounts = [
    [ctx.serviceAccount, 'DLA fonctions'],
    [ctx.schedulerServiceAccount, 'DLA planificateur'],
    [ctx.buildServiceAccount, 'DLA construction des fonctions'],
  ] as const;
  const steps: DeployStep[] = accounts.map(([account, label]) => ({
    kind: 'ensure',
    title: `Compte de service ${account} (créé s'il manque)`,
    probe: gcloud('iam', 'service-accounts', 'describe', account, p),
    create: gcloud(
      'iam',
      'service-accounts',
      'create',
      account.slice(0, account.indexOf('@')),
      `--display-name=${label}`,
      p,
    ),
    hint: 'Un compte de service tout juste créé met parfois une minute à être visible : relancez « dla deploy ».',
  }));
  steps.push(projectRole(ctx.project, ctx.serviceAccount, 'roles/datastore.user', 'Firestore'));
  if (ctx.mail !== 'smtp')
    // Gmail without a key file: IAM Credentials signJwt as itself, then the token exchange.
    steps.push({
      kind: 'run',
      title: `Rôle roles/iam.serviceAccountTokenCreator pour ${ctx.serviceAccount} sur lui-même (signer le jeton de délégation Gmail)`,
      command: gcloud(
        'iam',
        'service-accounts',
        'add-iam-policy-binding',
        ctx.serviceAccount,
        `--member=serviceAccount:${ctx.serviceAccount}`,
        '--role=roles/iam.serviceAccountTokenCreator',
        p,
      ),
    });
  for (const role of BUILD_ROLES)
    steps.push(
      projectRole(ctx.project, ctx.buildServiceAccount, role, 'construction des fonctions'),
    );
  return steps;
}
