import { OAuth2Client, type TokenPayload } from 'google-auth-library';

/** Issuers of Google identity tokens (Apps Script users and service accounts alike). */
export const GOOGLE_ISSUERS: readonly string[] = [
  'accounts.google.com',
  'https://accounts.google.com',
];

/** Public keys or certificates by key id (`kid`), PEM-encoded, as Google publishes them. */
export type SigningCertificates = Readonly<Record<string, string>>;

/** Where the verifier gets the keys tokens are signed with. */
export type CertificateSource = () => Promise<SigningCertificates>;

/**
 * Google's current signing certificates, fetched by google-auth-library and cached as long as
 * Google's `Cache-Control` allows. A failure to fetch them is an infrastructure failure (thrown).
 */
export function googleCertificates(client: OAuth2Client = new OAuth2Client()): CertificateSource {
  return async () => {
    const { certs } = await client.getFederatedSignonCertsAsync();
    const pem: Record<string, string> = {};
    for (const [kid, cert] of Object.entries(certs)) if (typeof cert === 'string') pem[kid] = cert;
    return pem;
  };
}

/** One kind of token the caller may present: its audience and who may hold it. */
export interface IdTokenRule {
  /** The `aud` claim the token must carry (an OAuth client id, or a function URL). */
  readonly audience: string;
  /** Whether this verified, lowercase e-mail may call with a token of this audience. */
  readonly allows: (email: string) => boolean;
}

/** Why a token was refused; for logs only, never for the caller. */
export type IdTokenRefusal = 'malformed' | 'invalid' | 'no-email' | 'not-allowed';

/** The outcome of verifying a token: the verified e-mail and the audience it was issued for. */
export type IdTokenOutcome =
  | { readonly ok: true; readonly email: string; readonly audience: string }
  | { readonly ok: false; readonly reason: IdTokenRefusal };

const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies Google identity tokens with google-auth-library: RS256 signature against Google's
 * certificates (or injected ones in tests), issuer `accounts.google.com`, issue and expiry times
 * (the library allows five minutes of clock skew and at most one day of lifetime), audience, and
 * a verified e-mail allowed by the matching rule. Never logs nor returns the token.
 */
export class IdTokenVerifier {
  private readonly client = new OAuth2Client();

  constructor(private readonly certificates: CertificateSource = googleCertificates()) {}

  /** Verifies `token` against the rules; an empty rule list refuses every token. */
  async verify(token: string, rules: readonly IdTokenRule[]): Promise<IdTokenOutcome> {
    if (rules.length === 0 || token.length > 8192 || !JWT_PATTERN.test(token)) {
      return { ok: false, reason: 'malformed' };
    }
    const certs = await this.certificates();
    let payload: TokenPayload | undefined;
    try {
      const ticket = await this.client.verifySignedJwtWithCertsAsync(
        token,
        { ...certs },
        rules.map((r) => r.audience),
        [...GOOGLE_ISSUERS],
      );
      payload = ticket.getPayload();
    } catch {
      // The library's message quotes the token: it is neither logged nor returned.
      return { ok: false, reason: 'invalid' };
    }
    if (!payload) return { ok: false, reason: 'invalid' };
    const rule = rules.find((r) => r.audience === payload.aud);
    if (!rule) return { ok: false, reason: 'invalid' };
    if (
      typeof payload.email !== 'string' ||
      payload.email === '' ||
      payload.email_verified !== true
    ) {
      return { ok: false, reason: 'no-email' };
    }
    const email = payload.email.toLowerCase();
    if (!rule.allows(email)) return { ok: false, reason: 'not-allowed' };
    return { ok: true, email, audience: rule.audience };
  }
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header);
  return match?.[1] ?? null;
}
