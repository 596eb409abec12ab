import {
  authenticateRequest,
  matchesAllowed,
  ownersAllowedFor,
  type AuthenticationRequest,
} from '../../../../functions/auth/authenticate-request';
import { ReplayGuard, signRequest } from '../../../../functions/auth/hmac-signature';
import { IdTokenVerifier } from '../../../../functions/auth/id-token-verifier';
import type { AuthConfig } from '../../../../functions/config';

const NOW = new Date('2025-06-02T08:00:00Z');
const SECRET = 'secret-de-test-cbe-lm-0123456789abcdef';
const BODY = '{"spreadsheetId":"local-CBE-LM"}';

const config: AuthConfig = {
  mode: 'required',
  hmacSecrets: { 'CBE-LM': [SECRET] },
  idTokenAudiences: [],
  allowedUsers: { 'CBE-LM': ['@cbe-lille.fr'], 'NA-LIL': ['marie.lefebvre@cbe-lille.fr'] },
  scheduler: null,
};

function run(
  overrides: Partial<AuthenticationRequest> = {},
  auth: AuthConfig = config,
  headers = signRequest(SECRET, BODY, NOW),
) {
  const certificates = jest.fn(async () => ({}));
  return authenticateRequest(
    {
      functionName: 'sheetEdit',
      headers: {
        'x-dla-timestamp': headers['X-DLA-Timestamp'],
        'x-dla-signature': headers['X-DLA-Signature'],
      },
      rawBody: Buffer.from(BODY),
      target: 'CBE-LM',
      allowScheduler: false,
      exposure: 'public',
      ...overrides,
    },
    {
      config: auth,
      now: NOW,
      replays: new ReplayGuard(),
      idTokens: new IdTokenVerifier(certificates),
    },
  );
}

describe('authenticateRequest', () => {
  it('takes the workbook from the secret that matched, and lets it act on its own workbook', async () => {
    expect(await run()).toEqual({
      ok: true,
      caller: { kind: 'spreadsheet', owner: 'CBE-LM' },
      via: 'hmac',
    });
  });

  it('refuses another workbook (403), and « every workbook » to a spreadsheet (403)', async () => {
    expect(await run({ target: 'EE-DK' })).toMatchObject({
      ok: false,
      status: 403,
      code: 'FORBIDDEN',
      owner: 'CBE-LM',
    });
    expect(await run({ target: 'all' })).toMatchObject({
      ok: false,
      status: 403,
      reason: 'wrong-tenant',
    });
  });

  it('lets an unresolved target through to the function, which refuses the body itself', async () => {
    expect(await run({ target: null })).toMatchObject({
      ok: true,
      caller: { kind: 'spreadsheet', owner: 'CBE-LM' },
    });
  });

  it('refuses a request without credential with 401 and the generic message', async () => {
    const result = await run({ headers: {} });
    expect(result).toMatchObject({
      ok: false,
      status: 401,
      code: 'UNAUTHENTICATED',
      reason: 'no-credential',
    });
  });

  it('trusts every request only when authentication is disabled (local SQLite)', async () => {
    const disabled: AuthConfig = { ...config, mode: 'disabled', hmacSecrets: {} };
    expect(await run({ headers: {} }, disabled)).toEqual({
      ok: true,
      caller: { kind: 'spreadsheet', owner: 'CBE-LM' },
      via: 'disabled',
    });
    expect(await run({ headers: {}, target: 'all' }, disabled)).toMatchObject({
      ok: true,
      caller: { kind: 'scheduler' },
    });
  });

  it('matches allowed users exactly, or by whole domain', () => {
    expect(matchesAllowed('Marie.Lefebvre@CBE-Lille.fr', '@cbe-lille.fr')).toBe(true);
    expect(matchesAllowed('pirate@evilcbe-lille.fr', '@cbe-lille.fr')).toBe(false);
    expect(matchesAllowed('pirate@cbe-lille.fr.evil.com', '@cbe-lille.fr')).toBe(false);
    expect(matchesAllowed('marie.lefebvre@cbe-lille.fr', 'marie.lefebvre@cbe-lille.fr')).toBe(true);
    expect(matchesAllowed('xmarie.lefebvre@cbe-lille.fr', 'marie.lefebvre@cbe-lille.fr')).toBe(
      false,
    );
    expect(ownersAllowedFor(config, 'marie.lefebvre@cbe-lille.fr')).toEqual(['CBE-LM', 'NA-LIL']);
    expect(ownersAllowedFor(config, 'paul@gmail.com')).toEqual([]);
  });
});
