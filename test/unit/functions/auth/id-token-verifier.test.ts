import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  bearerToken,
  IdTokenVerifier,
  type IdTokenRule,
} from '../../../../functions/auth/id-token-verifier';

// Tokens are signed here with a locally generated key pair: nothing reaches the network.
const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'cle-de-test';
const certificates = async () => ({
  [KID]: google.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});

const AUDIENCE = '123456789-appsscript.apps.googleusercontent.com';
const SCHEDULER_AUDIENCE = 'https://europe-west1-dla-npdc.cloudfunctions.net/syncSpreadsheet';
const rules: IdTokenRule[] = [
  { audience: AUDIENCE, allows: (email) => email.endsWith('@cbe-lille.fr') },
  {
    audience: SCHEDULER_AUDIENCE,
    allows: (email) => email === 'planificateur@dla-npdc.iam.gserviceaccount.com',
  },
];

function signToken(
  claims: Record<string, unknown>,
  key: KeyObject = google.privateKey,
  kid = KID,
): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(key).toString('base64url');
  return `${signed}.${signature}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://accounts.google.com',
    aud: AUDIENCE,
    sub: '10987654321',
    email: 'Marie.Lefebvre@cbe-lille.fr',
    email_verified: true,
    iat: now - 60,
    exp: now + 3000,
    ...overrides,
  };
}

const hourAgo = Math.floor(Date.now() / 1000) - 3600;

describe('Google identity token verification (google-auth-library, local keys)', () => {
  const verifier = new IdTokenVerifier(certificates);

  it.each([
    [
      'a valid token',
      claims(),
      { ok: true, email: 'marie.lefebvre@cbe-lille.fr', audience: AUDIENCE },
    ],
    [
      'the issuer without scheme',
      claims({ iss: 'accounts.google.com' }),
      { ok: true, email: 'marie.lefebvre@cbe-lille.fr', audience: AUDIENCE },
    ],
    [
      "Cloud Scheduler's token for the function URL",
      claims({
        aud: SCHEDULER_AUDIENCE,
        email: 'planificateur@dla-npdc.iam.gserviceaccount.com',
      }),
      {
        ok: true,
        email: 'planificateur@dla-npdc.iam.gserviceaccount.com',
        audience: SCHEDULER_AUDIENCE,
      },
    ],
    [
      'a wrong audience',
      claims({ aud: 'autre-client.apps.googleusercontent.com' }),
      { ok: false, reason: 'invalid' },
    ],
    [
      'a wrong issuer',
      claims({ iss: 'https://evil.example.com' }),
      { ok: false, reason: 'invalid' },
    ],
    [
      'an expired token',
      claims({ iat: hourAgo - 3600, exp: hourAgo }),
      { ok: false, reason: 'invalid' },
    ],
    [
      'a token issued in the future',
      claims({ iat: hourAgo + 7200, exp: hourAgo + 9000 }),
      { ok: false, reason: 'invalid' },
    ],
    ['a token without expiry', claims({ exp: undefined }), { ok: false, reason: 'invalid' }],
    [
      'an e-mail not allowed',
      claims({ email: 'intrus@gmail.com' }),
      { ok: false, reason: 'not-allowed' },
    ],
    [
      "a user's e-mail on the scheduler's audience",
      claims({ aud: SCHEDULER_AUDIENCE }),
      { ok: false, reason: 'not-allowed' },
    ],
    ['an unverified e-mail', claims({ email_verified: false }), { ok: false, reason: 'no-email' }],
    ['no e-mail', claims({ email: undefined }), { ok: false, reason: 'no-email' }],
  ])('%s', async (_label, payload, expected) => {
    expect(await verifier.verify(signToken(payload), rules)).toEqual(expected);
  });

  it('refuses a token signed with another key (bad signature)', async () => {
    expect(await verifier.verify(signToken(claims(), stranger.privateKey), rules)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const [head, , signature] = signToken(claims()).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ email: 'chef@cbe-lille.fr' }))).toString(
      'base64url',
    );
    expect(await verifier.verify(`${head}.${forged}.${signature}`, rules)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses an unknown key id and an unsigned token (alg none)', async () => {
    expect(await verifier.verify(signToken(claims(), google.privateKey, 'autre'), rules)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', kid: KID })}.${encode(claims())}.`;
    expect((await verifier.verify(unsigned, rules)).ok).toBe(false);
  });

  it('refuses garbage and an empty rule list without asking for certificates', async () => {
    const fetch = jest.fn(certificates);
    const guarded = new IdTokenVerifier(fetch);
    expect(await guarded.verify('pas-un-jeton', rules)).toEqual({ ok: false, reason: 'malformed' });
    expect(await guarded.verify(signToken(claims()), [])).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
