import type { IncomingHttpHeaders } from 'node:http';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { AuthConfig } from '../config';
import {
  ReplayGuard,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyHmacSignature,
} from './hmac-signature';
import { isSignatureRemoved, judgeFrontEndClaims, type FrontEndRefusal } from './front-end-token';
import { bearerToken, IdTokenVerifier, type IdTokenRule } from './id-token-verifier';

/**
 * How a function is deployed. `private` (`--no-allow-unauthenticated`): Google's front end lets
 * through only a verified ID token of an account holding the invoker role, and removes its
 * signature. `public`: every request reaches the code, which verifies everything itself.
 */
export type Exposure = 'private' | 'public';

/**
 * Who is calling, as proven by the credential: one workbook's spreadsheet (its Apps Script, or
 * a `dla` tool holding its secret), or Cloud Scheduler.
 */
export type Caller =
  { readonly kind: 'spreadsheet'; readonly owner: WorkbookOwner } | { readonly kind: 'scheduler' };

/**
 * The workbook a request acts on, read from its body: one owner, `all` (every workbook: only the
 * scheduler may ask), or null when the body names no workbook of ours — the function's own
 * validation then refuses it without acting.
 */
export type Target = WorkbookOwner | 'all' | null;

/** Why a request was refused: for the logs, never for the caller. */
export type RefusalReason =
  | 'no-credential'
  | 'hmac-missing'
  | 'hmac-malformed'
  | 'hmac-stale'
  | 'hmac-mismatch'
  | 'hmac-replayed'
  | 'token-malformed'
  | 'token-invalid'
  | 'token-no-email'
  | 'token-not-allowed'
  | 'token-signature-removed'
  | `front-end-${FrontEndRefusal}`
  | 'scheduler-not-allowed'
  | 'wrong-tenant';

/** The answer of `authenticateRequest`. */
export type Authentication =
  | {
      readonly ok: true;
      readonly caller: Caller;
      readonly via: 'hmac' | 'id-token' | 'front-end' | 'disabled';
    }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN';
      readonly message: string;
      readonly reason: RefusalReason;
      /** The owner the credential proved, when it was valid but for another workbook. */
      readonly owner: WorkbookOwner | null;
    };

/** What the request brings. */
export interface AuthenticationRequest {
  readonly functionName: string;
  readonly headers: IncomingHttpHeaders;
  /** The exact bytes received (`req.rawBody`), empty when there was no body. */
  readonly rawBody: Buffer;
  readonly target: Target;
  /** Whether this function is one Cloud Scheduler calls. */
  readonly allowScheduler: boolean;
  /** How the function is deployed: whether Google's front end verified the token already. */
  readonly exposure: Exposure;
}

/** What authentication is checked against. */
export interface AuthenticationContext {
  readonly config: AuthConfig;
  readonly now: Date;
  readonly replays: ReplayGuard;
  readonly idTokens: IdTokenVerifier;
}

/** The one generic message of a refused credential: which check failed is never told. */
export const UNAUTHENTICATED_MESSAGE =
  'Authentification refusée : requête non signée, expirée ou invalide. Rien n’a été enregistré.';
/** The one generic message of a valid credential used on another workbook. */
export const FORBIDDEN_MESSAGE =
  'Accès refusé : ce classeur n’est pas le vôtre. Rien n’a été enregistré.';

function unauthenticated(reason: RefusalReason): Authentication {
  return {
    ok: false,
    status: 401,
    code: 'UNAUTHENTICATED',
    message: UNAUTHENTICATED_MESSAGE,
    reason,
    owner: null,
  };
}

function forbidden(reason: RefusalReason, owner: WorkbookOwner | null): Authentication {
  return { ok: false, status: 403, code: 'FORBIDDEN', message: FORBIDDEN_MESSAGE, reason, owner };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** Whether an e-mail matches an allow-list entry: the exact address, or `@domain`. */
export function matchesAllowed(email: string, entry: string): boolean {
  const address = email.toLowerCase();
  const allowed = entry.toLowerCase();
  return allowed.startsWith('@') ? address.endsWith(allowed) : address === allowed;
}

/** The workbooks an e-mail may call for, by `DLA_ALLOWED_USERS`. */
export function ownersAllowedFor(config: AuthConfig, email: string): WorkbookOwner[] {
  return (Object.entries(config.allowedUsers) as [WorkbookOwner, readonly string[]][])
    .filter(([, entries]) => entries.some((entry) => matchesAllowed(email, entry)))
    .map(([owner]) => owner);
}

/** Audience of Cloud Scheduler's OIDC token for a function: its URL. */
export function schedulerAudience(config: AuthConfig, functionName: string): string | null {
  return config.scheduler ? `${config.scheduler.functionsBaseUrl}/${functionName}` : null;
}

/** The identity a credential proves, before tenancy is checked. */
type Identity =
  | { readonly kind: 'spreadsheet'; readonly owners: readonly WorkbookOwner[] }
  | { readonly kind: 'scheduler' };

async function identify(
  request: AuthenticationRequest,
  context: AuthenticationContext,
): Promise<
  | { ok: true; identity: Identity; via: 'hmac' | 'id-token' | 'front-end' }
  | { ok: false; reason: RefusalReason; forbidden?: true }
> {
  const timestamp = header(request.headers, TIMESTAMP_HEADER);
  const signature = header(request.headers, SIGNATURE_HEADER);
  const token = bearerToken(header(request.headers, 'authorization'));
  // A signed request is judged by its signature alone: an identity token sent alongside does not
  // rescue a tampered, expired or replayed one. Without any HMAC secret configured, signature
  // headers are ignored and the identity token decides.
  const signed = timestamp !== undefined || signature !== undefined;
  if (signed && Object.keys(context.config.hmacSecrets).length > 0) {
    const hmac = verifyHmacSignature({
      timestamp,
      signature,
      rawBody: request.rawBody,
      now: context.now,
      secrets: context.config.hmacSecrets,
      replays: context.replays,
    });
    return hmac.ok
      ? { ok: true, identity: { kind: 'spreadsheet', owners: [hmac.key] }, via: 'hmac' }
      : { ok: false, reason: `hmac-${hmac.reason}` };
  }
  if (token !== null && isSignatureRemoved(token)) return frontEndIdentity(token, request, context);
  if (token !== null) {
    const config = context.config;
    const rules: IdTokenRule[] = config.idTokenAudiences.map((audience) => ({
      audience,
      allows: (email) => ownersAllowedFor(config, email).length > 0,
    }));
    const audience = schedulerAudience(config, request.functionName);
    if (audience !== null && config.scheduler) {
      const account = config.scheduler.serviceAccount;
      rules.push({ audience, allows: (email) => email === account });
    }
    if (rules.length === 0) return { ok: false, reason: 'token-invalid' };
    const verified = await context.idTokens.verify(token, rules);
    if (!verified.ok) return { ok: false, reason: `token-${verified.reason}` };
    if (verified.audience === audience)
      return { ok: true, identity: { kind: 'scheduler' }, via: 'id-token' };
    return {
      ok: true,
      identity: { kind: 'spreadsheet', owners: ownersAllowedFor(config, verified.email) },
      via: 'id-token',
    };
  }
  return { ok: false, reason: 'no-credential' };
}

/**
 * A token whose signature Google's front end removed: trusted on its claims in a private
 * function only (the front end verified it); in a public one, anybody could have written it.
 */
function frontEndIdentity(
  token: string,
  request: AuthenticationRequest,
  context: AuthenticationContext,
):
  | { ok: true; identity: Identity; via: 'front-end' }
  | { ok: false; reason: RefusalReason; forbidden?: true } {
  const audience = schedulerAudience(context.config, request.functionName);
  const account = context.config.scheduler?.serviceAccount;
  if (request.exposure !== 'private' || audience === null || account === undefined) {
    return { ok: false, reason: 'token-signature-removed' };
  }
  const judged = judgeFrontEndClaims(token, { audience, account, now: context.now });
  if (judged.ok) return { ok: true, identity: { kind: 'scheduler' }, via: 'front-end' };
  const reason: RefusalReason = `front-end-${judged.reason}`;
  // The front end proved who the caller is: another account is known, and refused as such.
  return judged.reason === 'other-account'
    ? { ok: false, reason, forbidden: true }
    : { ok: false, reason };
}

/**
 * Decides who the caller is, from either credential (`X-DLA-Timestamp` + `X-DLA-Signature`, or
 * `Authorization: Bearer <Google identity token>`, or in a private function the token Google's
 * front end verified and stripped of its signature), and whether it may act on the request's
 * target. The workbook comes from the credential — the secret that matched, or the e-mail
 * allowed for it — never from the body: a spreadsheet acts only on its own workbook, the
 * scheduler on any (only where `allowScheduler`). 401: no, bad, expired or replayed credential;
 * 403: valid credential, another workbook. With `DLA_AUTH=disabled` (local SQLite only) every
 * request is trusted as coming from the workbook it names.
 */
export async function authenticateRequest(
  request: AuthenticationRequest,
  context: AuthenticationContext,
): Promise<Authentication> {
  const { target } = request;
  if (context.config.mode === 'disabled') {
    return {
      ok: true,
      caller:
        target === null || target === 'all'
          ? { kind: 'scheduler' }
          : { kind: 'spreadsheet', owner: target },
      via: 'disabled',
    };
  }
  const found = await identify(request, context);
  if (!found.ok) {
    return found.forbidden === true ? forbidden(found.reason, null) : unauthenticated(found.reason);
  }
  const { identity, via } = found;
  if (identity.kind === 'scheduler') {
    return request.allowScheduler
      ? { ok: true, caller: identity, via }
      : forbidden('scheduler-not-allowed', null);
  }
  const [first] = identity.owners;
  if (first === undefined) return unauthenticated('token-not-allowed');
  if (target === null) return { ok: true, caller: { kind: 'spreadsheet', owner: first }, via };
  if (target !== 'all' && identity.owners.includes(target)) {
    return { ok: true, caller: { kind: 'spreadsheet', owner: target }, via };
  }
  return forbidden('wrong-tenant', first);
}
