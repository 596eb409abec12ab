import {
  isSignatureRemoved,
  judgeFrontEndClaims,
} from '../../../../functions/auth/front-end-token';

const NOW = new Date('2026-12-02T07:00:00Z');
const AUDIENCE = 'https://europe-west1-dla-npdc.cloudfunctions.net/dailyAlerts';
const SCHEDULER = 'dla-scheduler@dla-npdc.iam.gserviceaccount.com';

/** A token as it reaches a private function: header, claims, signature removed by Google. */
function stripped(claims: Record<string, unknown>): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const now = NOW.getTime() / 1000;
  const full = {
    iss: 'https://accounts.google.com',
    aud: AUDIENCE,
    email: SCHEDULER,
    email_verified: true,
    iat: now - 10,
    exp: now + 3590,
    ...claims,
  };
  return `${encode({ alg: 'RS256', kid: 'k' })}.${encode(full)}.SIGNATURE_REMOVED_BY_GOOGLE`;
}

const expected = { audience: AUDIENCE, account: SCHEDULER, now: NOW };

describe('claims of a token the front end verified', () => {
  it('accepts the scheduler, either issuer spelling, its e-mail in any case', () => {
    expect(judgeFrontEndClaims(stripped({}), expected)).toEqual({ ok: true });
    expect(judgeFrontEndClaims(stripped({ iss: 'accounts.google.com' }), expected)).toEqual({
      ok: true,
    });
    expect(judgeFrontEndClaims(stripped({ email: SCHEDULER.toUpperCase() }), expected)).toEqual({
      ok: true,
    });
  });

  it.each([
    ['another issuer', { iss: 'https://securetoken.google.com/dla-npdc' }, 'issuer'],
    ['another function', { aud: `${AUDIENCE}-bis` }, 'audience'],
    ['expired more than 5 minutes ago', { exp: NOW.getTime() / 1000 - 301 }, 'expired'],
    ['issued in the future', { iat: NOW.getTime() / 1000 + 600 }, 'expired'],
    ['no expiry', { exp: undefined }, 'claims-malformed'],
    ['an unverified e-mail', { email_verified: false }, 'email-unverified'],
    ['no e-mail', { email: undefined }, 'email-unverified'],
    [
      'another account',
      { email: 'dla-functions@dla-npdc.iam.gserviceaccount.com' },
      'other-account',
    ],
  ])('refuses %s', (_case, claims, reason) => {
    expect(judgeFrontEndClaims(stripped(claims), expected)).toEqual({ ok: false, reason });
  });

  it.each([
    ['a payload that is not JSON', 'e30.bm9uIGpzb24.SIGNATURE_REMOVED_BY_GOOGLE'],
    [
      'a payload that is an array',
      `e30.${Buffer.from('[1]').toString('base64url')}.SIGNATURE_REMOVED_BY_GOOGLE`,
    ],
  ])('refuses %s', (_case, token) => {
    expect(judgeFrontEndClaims(token, expected)).toEqual({ ok: false, reason: 'claims-malformed' });
  });

  it.each([
    ['stripped by Google', stripped({}), true],
    ['signed', 'e30.e30.c2lnbmF0dXJl', false],
    ['two segments', 'e30.SIGNATURE_REMOVED_BY_GOOGLE', false],
  ])('tells a token %s', (_case, token, removed) => {
    expect(isSignatureRemoved(token)).toBe(removed);
  });
});
