import type { Request, Response } from '@google-cloud/functions-framework';
import { appContext } from '../composition-root';
import type { Config } from '../config';
import { sendError } from '../http-response';
import { logger } from '../logger';
import { authenticateRequest, type Caller, type Target } from './authenticate-request';
import { ReplayGuard } from './hmac-signature';
import { IdTokenVerifier } from './id-token-verifier';

/** How one function is protected. */
export interface AuthenticationPolicy {
  /** Whether Cloud Scheduler calls this function (its OIDC token is then accepted). */
  readonly allowScheduler: boolean;
  /** The workbook the request's body acts on (see `Target`). */
  readonly target: (body: unknown, config: Config) => Target;
}

/** A function handler that runs only for an authenticated, authorised caller. */
export type AuthenticatedHandler = (req: Request, res: Response, caller: Caller) => Promise<void>;

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
 * Wraps an HTTP function so that it runs only for an authenticated caller allowed to act on the
 * workbook its body names; otherwise answers 401 or 403 with a generic French message and
 * changes nothing. The outcome is logged with the function, the owner and a reason code — never
 * the token, the signature or the body.
 */
export function withAuthentication(
  functionName: string,
  policy: AuthenticationPolicy,
  handler: AuthenticatedHandler,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const context = appContext();
    const deps = currentDependencies();
    const rawBody = req.rawBody ?? Buffer.alloc(0);
    // Bounded before any signature is computed: an oversized body costs nothing to refuse.
    if (rawBody.length > context.config.maxBodyBytes) {
      return sendError(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        'Requête trop volumineuse : envoyez moins de lignes à la fois.',
      );
    }
    const body: unknown = req.body;
    const result = await authenticateRequest(
      {
        functionName,
        headers: req.headers,
        rawBody,
        target: policy.target(body, context.config),
        allowScheduler: policy.allowScheduler,
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
      if (result.status === 401) res.set('WWW-Authenticate', 'Bearer');
      return sendError(res, result.status, result.code, result.message);
    }
    logger.write('DEBUG', 'appelant authentifié', {
      function: functionName,
      operator: result.caller.kind === 'spreadsheet' ? result.caller.owner : 'planificateur',
      via: result.via,
    });
    await handler(req, res, result.caller);
  };
}

/** Whether a parsed body is a plain object. */
export function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
