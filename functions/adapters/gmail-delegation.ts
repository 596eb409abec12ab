import { auth as gmailAuth, gmail, type gmail_v1 } from '@googleapis/gmail';
import type { Clock } from '../../shared/ports/clock';
import { MailDelegationError } from './mail-failure-cause';

/** The only scope the functions ask for: sending mail, nothing else of the mailbox. */
export const GMAIL_SEND_SCOPE = 'https://www.googleapis.com/auth/gmail.send';
/** Google's OAuth token endpoint: the audience of the delegation JWT, wherever it is posted. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const LIFETIME_SECONDS = 3600;

/** An authenticated client of Google APIs (google-auth-library's `GoogleAuth` in production). */
export interface GoogleApiRequester {
  request<T>(options: {
    url: string;
    method: 'POST';
    data: { payload: string };
  }): Promise<{ data: T }>;
}

/** What the delegation needs; endpoints default to Google's (tests point them at stand-ins). */
export interface GmailDelegation {
  /** The mailbox the functions send as (the `sub` of the JWT), from DLA_MAIL_FROM; null if unset. */
  readonly sender: string | null;
  /** The service account that signs: the function's own identity unless configured. */
  readonly serviceAccount: () => Promise<string>;
  /** Calls the IAM Credentials API as the function's identity (no key file). */
  readonly iam: GoogleApiRequester;
  readonly clock: Clock;
  readonly iamCredentialsUrl?: string;
  readonly tokenUrl?: string;
  /** The Gmail API's root (`https://gmail.googleapis.com/` by default). */
  readonly gmailRootUrl?: string;
}

/** The HTTP status of a Google client error, 0 when none came (MailDelegationError needs a number). */
function statusOrZero(error: unknown): number {
  const e = error as { status?: unknown; response?: { status?: unknown } } | null;
  const status = e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : 0;
}

/**
 * A Gmail access token for the sender through domain-wide delegation, without a key file: the
 * service account signs the JWT (iss = itself, sub = the sender, scope gmail.send) with IAM
 * Credentials `signJwt`, then the JWT is exchanged at the OAuth token endpoint.
 */
export async function delegatedAccessToken(
  options: GmailDelegation,
): Promise<{ access_token: string; expiry_date: number }> {
  if (options.sender === null) throw new MailDelegationError('sender', 0, 'DLA_MAIL_FROM');
  const iamUrl = options.iamCredentialsUrl ?? 'https://iamcredentials.googleapis.com';
  let assertion: string;
  try {
    const account = await options.serviceAccount();
    const now = Math.floor(options.clock.now().getTime() / 1000);
    const claims = {
      iss: account,
      sub: options.sender,
      scope: GMAIL_SEND_SCOPE,
      aud: GOOGLE_TOKEN_URL,
      iat: now,
      exp: now + LIFETIME_SECONDS,
    };
    const signed = await options.iam.request<{ signedJwt?: unknown }>({
      url: `${iamUrl}/v1/projects/-/serviceAccounts/${account}:signJwt`,
      method: 'POST',
      data: { payload: JSON.stringify(claims) },
    });
    if (typeof signed.data.signedJwt !== 'string') throw new Error('no signedJwt in the answer');
    assertion = signed.data.signedJwt;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown';
    throw new MailDelegationError('sign', statusOrZero(error), reason);
  }
  const response = await fetch(options.tokenUrl ?? GOOGLE_TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString(),
  }).catch(() => null);
  if (response === null) throw new MailDelegationError('exchange', 0, 'network');
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body['access_token'] !== 'string') {
    const reason = typeof body['error'] === 'string' ? body['error'] : 'invalid_response';
    throw new MailDelegationError('exchange', response.status, reason);
  }
  const expiresIn = typeof body['expires_in'] === 'number' ? body['expires_in'] : LIFETIME_SECONDS;
  return {
    access_token: body['access_token'],
    expiry_date: options.clock.now().getTime() + expiresIn * 1000,
  };
}

/** The Gmail API client and its credentials, which renew the delegated token when it expires. */
export function delegatedGmail(options: GmailDelegation): {
  readonly api: gmail_v1.Gmail;
  /** Obtains (or reuses) the delegated token: what `dla doctor` checks. */
  readonly token: () => Promise<unknown>;
} {
  const credentials = new gmailAuth.OAuth2();
  credentials.refreshHandler = () => delegatedAccessToken(options);
  const api = gmail({
    version: 'v1',
    auth: credentials,
    ...(options.gmailRootUrl === undefined ? {} : { rootUrl: options.gmailRootUrl }),
  });
  return { api, token: () => credentials.getAccessToken() };
}
