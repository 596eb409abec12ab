import { ok, type Result } from '../../shared/domain/result';
import { dataStoreSteps } from './data-store-steps';
import type { DeployOptions, DeployPlan } from './deploy-plan-model';
import { planNotices, resolveDeployOptions } from './deploy-options-validation';
import { gcloud, type DeployStep } from './deploy-step';
import { REQUIRED_APIS, functionsBaseUrl } from './deploy-targets';
import {
  deployedVariables,
  secretReferences,
  secretSteps,
  variableFlags,
} from './deployed-variables';
import { functionDeploySteps } from './function-deploy-steps';
import { identitySteps } from './identity-steps';
import { invokerSteps, scheduledJobs, schedulerSteps } from './scheduled-jobs';

/*
 * The deployment of the DLA system to Google Cloud, as data: every `npm`, `gcloud` and `firebase`
 * command `dla deploy` runs, in order, each step safe to run again. Pure: the plan is built from
 * the options alone, never from the environment, so no secret value can reach it — secrets are
 * Secret Manager references. Each concern lives in its own module, re-exported here.
 */

export type { DeployOptions, DeployPlan } from './deploy-plan-model';
export { commandLine, renderPlan, shellQuote, stepLines } from './deploy-script-renderer';
export { keyValueList, stepCommands, type Command, type DeployStep } from './deploy-step';
export {
  DEFAULT_REGION,
  DEFAULT_RUNTIME,
  EU_REGIONS,
  REQUIRED_APIS,
  RUNTIMES,
  defaultExportBucket,
  defaultServiceAccounts,
  functionsBaseUrl,
} from './deploy-targets';
export {
  deployedVariables,
  type DeployedVariable,
  type MailChannel,
  type SecretReference,
} from './deployed-variables';
export {
  DEPLOYED_FUNCTIONS,
  FUNCTION_DEPLOYMENTS,
  type FunctionDeployment,
  type ScheduleSpec,
} from './function-deployments';
export type { FunctionName } from './function-name';
export { FUNCTION_SIZING } from './function-sizing';
export {
  DEFAULT_RECONCILE_MINUTES,
  RECONCILE_PERIODS,
  SCHEDULE_TIME_ZONE,
  reconcileCron,
  scheduledJobs,
  schedulerJobName,
  type ScheduledJob,
} from './scheduled-jobs';

/** The sender printed in a plan whose `--mail-from` is missing (that plan cannot run). */
export const MAIL_FROM_PLACEHOLDER = 'à choisir avec --mail-from';

/** Checked before anything is sent: the TypeScript build, then the APIs. */
function preambleSteps(project: string): DeployStep[] {
  return [
    {
      kind: 'run',
      title: 'Compilation TypeScript (le code est vérifié avant tout envoi)',
      command: { program: 'npm', args: ['run', 'build'] },
      hint: 'Corrigez les erreurs de compilation affichées.',
    },
    {
      kind: 'run',
      title: 'Activation des API Google Cloud utilisées',
      command: gcloud('services', 'enable', ...REQUIRED_APIS, `--project=${project}`),
      hint: 'Vérifiez que la facturation est activée sur le projet et que vous en êtes propriétaire.',
    },
  ];
}

function firestoreRulesStep(project: string): DeployStep {
  return {
    kind: 'run',
    title: 'Règles Firestore (tout accès client refusé) et index composites',
    command: {
      program: 'firebase',
      args: [
        'deploy',
        '--only',
        'firestore:rules,firestore:indexes',
        '--project',
        project,
        '--non-interactive',
      ],
    },
    hint: 'Installez Firebase CLI (npm install -g firebase-tools) et connectez-vous (firebase login).',
  };
}

/**
 * Builds the deployment plan, or a French refusal (see {@link resolveDeployOptions}). A plan
 * with blockers is still printed by `--dry-run`; the real run refuses to start.
 */
export function buildDeployPlan(options: DeployOptions): Result<DeployPlan> {
  const resolved = resolveDeployOptions(options);
  if (!resolved.ok) return resolved;
  const o = resolved.value;
  const { warnings, blockers } = planNotices(o, options.today);
  const baseUrl = functionsBaseUrl(o.project, o.region);
  const variables = deployedVariables({
    project: o.project,
    mail: o.mail,
    mailFrom: o.mailFrom ?? MAIL_FROM_PLACEHOLDER,
    idTokens: o.idTokens,
    schedulerServiceAccount: o.schedulerServiceAccount,
    functionsBaseUrl: baseUrl,
    exportBucket: o.exportBucket,
    maxBodyBytes: 2_000_000,
  });
  const secrets = secretReferences(variables);
  const jobs = scheduledJobs(o.reconcileMinutes);
  const scheduler = { ...o, functionsBaseUrl: baseUrl };
  const steps: DeployStep[] = [
    ...preambleSteps(o.project),
    ...identitySteps(o),
    ...dataStoreSteps(o),
    ...secretSteps(secrets, o),
    firestoreRulesStep(o.project),
    ...functionDeploySteps({ ...o, variableFlags: variableFlags(variables) }),
    ...invokerSteps(jobs, scheduler),
    ...schedulerSteps(jobs, scheduler),
  ];
  return ok({
    project: o.project,
    region: o.region,
    runtime: o.runtime,
    serviceAccount: o.serviceAccount,
    schedulerServiceAccount: o.schedulerServiceAccount,
    buildServiceAccount: o.buildServiceAccount,
    functionsBaseUrl: baseUrl,
    exportBucket: o.exportBucket,
    secrets,
    jobs,
    steps,
    warnings,
    blockers,
  });
}
