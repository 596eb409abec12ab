import type { Request } from '@google-cloud/functions-framework';
import type { AppContext } from '../composition-root';
import type { Config } from '../config';
import { logger } from '../logger';
import {
  authenticateRequest,
  type Authentication,
  type Exposure,
  type Target,
} from './authenticate-request';
import { ReplayGuard } from './hmac-signature';
import { IdTokenVerifier } from './id-token-verifier';

/** Who may call one function. */
export interface AuthenticationPolicy {
  /** Whether Cloud Scheduler calls this function (its OIDC token is then accepted). */
  readonly allowScheduler: boolean;
  /** The workbook the request's body acts on (see `Target`). */
  readonly target: (body: unknown, config: Config) => Target;
}

/** What authentication keeps for the life of the function instance. */
export interface AuthenticationDependencies {
  /** Signatures seen recently (replay protection, per instance). */
  readonly replays: ReplayGuard;
  /** Verifier of Google identity tokens (Google's certificates in production). */
  readonly idTokens: IdTokenVerifier;
}

let dependencies: AuthenticationDependencies | null = null;

function currentDependencies(): AuthenticationDependencies {
  dependencies ??= { replays: new ReplayGuard(), idTokens: new IdTokenVerifier() };
  return dependencies;
}

/**
 * Replaces what authentication keeps (tests: injected certificates, a fresh replay memory);
 * null goes back to the production defaults on next use.
 */
export function setAuthenticationDependencies(next: AuthenticationDependencies | null): void {
  dependencies = next;
}

/**
 * Authenticates one request to `functionName` and checks it may act on the workbook its body
 * names. A refusal is logged with the function, the owner and a reason code — never the token,
 * the signature or the body.
 */
export async function authenticateCall(
  functionName: string,
  exposure: Exposure,
  policy: AuthenticationPolicy,
  req: Request,
  context: AppContext,
): Promise<Authentication> {
  const deps = currentDependencies();
  const result = await authenticateRequest(
    {
      functionName,
      headers: req.headers,
      rawBody: req.rawBody ?? Buffer.alloc(0),
      target: policy.target(req.body, context.config),
      allowScheduler: policy.allowScheduler,
      exposure,
    },
    {
      config: context.config.auth,
      now: context.clock.now(),
      replays: deps.replays,
      idTokens: deps.idTokens,
    },
  );
  if (!result.ok) {
    logger.warn('appel refusé', {
      function: functionName,
      code: result.code,
      reason: result.reason,
      operator: result.owner ?? undefined,
    });
  } else {
    logger.write('DEBUG', 'appelant authentifié', {
      function: functionName,
      operator: result.caller.kind === 'spreadsheet' ? result.caller.owner : 'planificateur',
      via: result.via,
    });
  }
  return result;
}

/** Whether a parsed body is a plain object. */
export function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
