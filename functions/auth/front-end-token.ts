import { GOOGLE_ISSUERS } from './id-token-verifier';

/** What Google's front end puts in place of the signature of a token it has verified. */
export const SIGNATURE_REMOVED = 'SIGNATURE_REMOVED_BY_GOOGLE';

/** Clock difference allowed between the front end and the instance, as google-auth-library allows. */
const CLOCK_SKEW_SECONDS = 300;

/** Whether a bearer token is one whose signature the front end removed after verifying it. */
export function isSignatureRemoved(token: string): boolean {
  return token.split('.').length === 3 && token.endsWith(`.${SIGNATURE_REMOVED}`);
}

/** Why the claims of a front-end-verified token were refused; for logs only. */
export type FrontEndRefusal =
  'claims-malformed' | 'issuer' | 'audience' | 'expired' | 'email-unverified' | 'other-account';

/** The outcome of reading the claims of a front-end-verified token. */
export type FrontEndOutcome =
  { readonly ok: true } | { readonly ok: false; readonly reason: FrontEndRefusal };

/** What the claims must say. */
export interface FrontEndExpectation {
  /** The function's URL, the audience Cloud Scheduler asks its token for. */
  readonly audience: string;
  /** The only account that may call: Cloud Scheduler's service account, lowercase. */
  readonly account: string;
  readonly now: Date;
}

function claimsOf(token: string): Record<string, unknown> | null {
  const [, payload] = token.split('.');
  if (payload === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Judges a token that reached a private function (`--no-allow-unauthenticated`): Google's front
 * end has verified its signature, then removed it, so only its claims are read — issuer,
 * audience (this function's URL), issue and expiry times, verified e-mail — and the e-mail must
 * be the scheduler's. Valid only where the front end is in the path: never call it for a public
 * function, where anyone can write such a token.
 */
export function judgeFrontEndClaims(token: string, expected: FrontEndExpectation): FrontEndOutcome {
  const claims = claimsOf(token);
  if (claims === null) return { ok: false, reason: 'claims-malformed' };
  const { iss, aud, exp, iat, email, email_verified: verified } = claims;
  if (typeof iss !== 'string' || !GOOGLE_ISSUERS.includes(iss)) {
    return { ok: false, reason: 'issuer' };
  }
  if (aud !== expected.audience) return { ok: false, reason: 'audience' };
  const now = expected.now.getTime() / 1000;
  if (typeof exp !== 'number' || typeof iat !== 'number') {
    return { ok: false, reason: 'claims-malformed' };
  }
  if (now > exp + CLOCK_SKEW_SECONDS || now < iat - CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'expired' };
  }
  if (typeof email !== 'string' || verified !== true) {
    return { ok: false, reason: 'email-unverified' };
  }
  if (email.toLowerCase() !== expected.account) return { ok: false, reason: 'other-account' };
  return { ok: true };
}
