import { gcloud, type DeployStep } from './deploy-step';
import { DEPLOYED_FUNCTIONS, FUNCTION_DEPLOYMENTS } from './function-deployments';
import { FUNCTION_SIZING } from './function-sizing';
import { buildServiceAccountResource } from './identity-steps';

/** What the function steps need to know of the plan. */
export interface FunctionContext {
  readonly project: string;
  readonly region: string;
  readonly runtime: string;
  readonly serviceAccount: string;
  readonly buildServiceAccount: string;
  /** `--set-env-vars=…` and `--set-secrets=…`, the same for every function. */
  readonly variableFlags: readonly string[];
}

/**
 * `gcloud functions deploy` of each function: creates it or updates it, every setting given
 * (a rerun converges on the same function whatever was there before).
 */
export function functionDeploySteps(ctx: FunctionContext): DeployStep[] {
  return DEPLOYED_FUNCTIONS.map((name) => {
    const spec = FUNCTION_DEPLOYMENTS[name];
    const size = FUNCTION_SIZING[name];
    return {
      kind: 'run',
      title: `Fonction ${name} (2e génération, ${ctx.runtime}, ${size.memoryMib} Mio et ${size.cpu} vCPU, ${spec.access === 'private' ? 'appel réservé au planificateur' : 'authentification vérifiée par la fonction'})`,
      command: gcloud(
        'functions',
        'deploy',
        name,
        '--gen2',
        `--runtime=${ctx.runtime}`,
        `--region=${ctx.region}`,
        '--source=.',
        `--entry-point=${name}`,
        '--trigger-http',
        spec.access === 'private' ? '--no-allow-unauthenticated' : '--allow-unauthenticated',
        `--service-account=${ctx.serviceAccount}`,
        `--build-service-account=${buildServiceAccountResource(ctx.project, ctx.buildServiceAccount)}`,
        `--memory=${size.memoryMib}Mi`,
        `--cpu=${size.cpu}`,
        `--timeout=${spec.timeoutSeconds}s`,
        `--max-instances=${spec.maxInstances}`,
        ...ctx.variableFlags,
        `--project=${ctx.project}`,
      ),
    };
  });
}
