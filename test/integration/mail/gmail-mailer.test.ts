import { auth as gmailAuth, gmail } from '@googleapis/gmail';
import { OAuth2Client } from 'google-auth-library';
import { simpleParser } from 'mailparser';
import { GmailMailer } from '../../../functions/adapters/gmail-mailer';
import { createMailer } from '../../../functions/composition-root';
import { loadConfig } from '../../../functions/config';
import { formatLogLine, logger } from '../../../functions/logger';
import type { OutgoingMail } from '../../../shared/ports/mailer';
import { startGoogleMailApis, type GoogleMailSetup } from '../../support/google-mail-apis-server';

// Gmail from Cloud Functions: the function's service account has no mailbox, so it signs a JWT
// for the sender through IAM Credentials (no key file), exchanges it for a token (domain-wide
// delegation) and sends as the sender. Each endpoint is a local stand-in reached through the
// clients' endpoint options.

const FUNCTIONS_ACCOUNT = 'dla-functions@dla-npdc.iam.gserviceaccount.com';
const SENDER = 'alertes@dla-npdc.fr';
const FROM = `DLA Nord – Pas de Calais <${SENDER}>`;
const IDENTITY = 'jeton-identite-de-la-fonction';
const clock = { now: () => new Date() };

const WORKSPACE: GoogleMailSetup = {
  identityToken: IDENTITY,
  signers: [FUNCTIONS_ACCOUNT],
  delegations: { [FUNCTIONS_ACCOUNT]: ['https://www.googleapis.com/auth/gmail.send'] },
  users: [SENDER, 'marie.lefebvre@cbe-lille.fr'],
};

const DIGEST: OutgoingMail = {
  key: 'digest-CBE-LM-2025-06-02-charge',
  to: ['marie.lefebvre@cbe-lille.fr', 'finances@cbe-lille.fr'],
  subject: 'DLA CBE-LM — 3 alertes au 02/06/2025 : échéances à vérifier',
  text: 'Bonjour,\n\nMission MIS-CBE-LM-0007 (Théâtre de Roubaix) : rapport final attendu avant le solde de 1 500,00 €.\n',
};

let apis: Awaited<ReturnType<typeof startGoogleMailApis>>;
beforeAll(async () => {
  apis = await startGoogleMailApis(WORKSPACE);
});
afterAll(() => apis.close());
afterEach(() => {
  apis.setup = WORKSPACE;
  apis.traffic.signedClaims.length = 0;
  apis.traffic.tokenRequests.length = 0;
  apis.traffic.sent.length = 0;
  jest.restoreAllMocks();
});

function gmailMailer(env: Record<string, string | undefined> = {}) {
  const config = loadConfig({
    DLA_MAIL: 'gmail',
    DLA_MAIL_FROM: FROM,
    DLA_MAIL_SERVICE_ACCOUNT: FUNCTIONS_ACCOUNT,
    ...env,
  });
  if (!config.ok) throw new Error(config.error.message);
  // The function's identity (the metadata server's token in production).
  const identity = new OAuth2Client({ transporterOptions: { fetchImplementation: fetch } });
  identity.setCredentials({ access_token: IDENTITY, expiry_date: Date.now() + 3_600_000 });
  return createMailer(config.value, clock, {
    iam: identity,
    iamCredentialsUrl: apis.url,
    tokenUrl: `${apis.url}/token`,
    gmailRootUrl: `${apis.url}/`,
  });
}

function capturedLog(): string[] {
  const lines: string[] = [];
  jest.spyOn(logger, 'write').mockImplementation((severity, message, fields) => {
    lines.push(formatLogLine(severity, message, fields));
  });
  return lines;
}

describe('GmailMailer through domain-wide delegation (stand-ins of IAM Credentials, OAuth, Gmail)', () => {
  it('signs iss/sub/scope/aud through IAM Credentials, exchanges the JWT and sends as the sender', async () => {
    const mailer = gmailMailer();
    const sent = await mailer.send(DIGEST);
    expect(sent).toEqual({
      ok: true,
      value: { messageId: expect.stringMatching(/^<digest-CBE-LM/) },
    });

    expect(apis.traffic.signedClaims).toHaveLength(1);
    const claims = apis.traffic.signedClaims[0] ?? {};
    expect(claims).toMatchObject({
      iss: FUNCTIONS_ACCOUNT,
      sub: SENDER,
      scope: 'https://www.googleapis.com/auth/gmail.send',
      aud: 'https://oauth2.googleapis.com/token',
    });
    expect(Number(claims['exp']) - Number(claims['iat'])).toBe(3600);
    expect(Math.abs(Number(claims['iat']) - Date.now() / 1000)).toBeLessThan(60);
    expect(apis.traffic.tokenRequests[0]?.['grant_type']).toBe(
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    );

    expect(apis.traffic.sent.map((s) => s.userId)).toEqual([SENDER]);
    const message = await simpleParser(apis.traffic.sent[0]?.raw ?? Buffer.alloc(0));
    expect(message.from?.value).toEqual([{ address: SENDER, name: 'DLA Nord – Pas de Calais' }]);
    const to = Array.isArray(message.to) ? message.to : [message.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address))).toEqual(DIGEST.to);
    expect(message.subject).toBe(DIGEST.subject);
    expect(message.text?.replace(/\r\n/g, '\n')).toBe(DIGEST.text);
    expect(message.messageId).toBe(sent.ok ? sent.value.messageId : '');
  });

  it('reuses the delegated token for the next e-mails (one signature for several sends)', async () => {
    const mailer = gmailMailer();
    for (const key of ['digest-1', 'digest-2', 'digest-3']) {
      expect((await mailer.send({ ...DIGEST, key })).ok).toBe(true);
    }
    expect(apis.traffic.signedClaims).toHaveLength(1);
    expect(apis.traffic.sent).toHaveLength(3);
  });

  it.each([
    [
      'the service account may not sign for itself (no Token Creator role)',
      { ...WORKSPACE, signers: [] },
      {},
      'SIGNJWT_403',
    ],
    [
      'the admin console has no delegation for its client',
      { ...WORKSPACE, delegations: {} },
      {},
      'TOKEN_unauthorized_client',
    ],
    [
      'the delegation lacks gmail.send',
      { ...WORKSPACE, delegations: { [FUNCTIONS_ACCOUNT]: ['https://mail.google.com/'] } },
      {},
      'TOKEN_unauthorized_client',
    ],
    [
      'DLA_MAIL_FROM is not a user of the domain',
      { ...WORKSPACE, users: ['marie.lefebvre@cbe-lille.fr'] },
      {},
      'TOKEN_invalid_grant',
    ],
    ['DLA_MAIL_FROM is unset', WORKSPACE, { DLA_MAIL_FROM: undefined }, 'MAIL_FROM_MISSING'],
  ])(
    'when %s: MAIL_NOT_SENT as a value, the cause logged without body or address',
    async (_case, setup, env, code) => {
      apis.setup = setup;
      const mailer = gmailMailer(env);
      const lines = capturedLog();
      const sent = await mailer.send(DIGEST);
      expect(sent.ok).toBe(false);
      if (!sent.ok) {
        expect(sent.error.code).toBe('MAIL_NOT_SENT');
        expect(sent.error.message).toMatch(/^Envoi Gmail impossible .*nouvel essai/);
      }
      expect(apis.traffic.sent).toEqual([]);
      const log = lines.join('\n');
      expect(log).toContain('e-mail non envoyé');
      expect(log).toContain(`"code":"${code}"`);
      for (const secret of ['Roubaix', '1 500,00', DIGEST.subject, ...DIGEST.to, IDENTITY]) {
        expect(log).not.toContain(secret);
      }
      const probe = await mailer.probe();
      expect(probe).toEqual({ ok: false, cause: expect.objectContaining({ code }) });
    },
  );

  it('when Gmail refuses the send itself (token revoked): MAIL_NOT_SENT, GMAIL_401 logged without body or address', async () => {
    const revoked = new gmailAuth.OAuth2();
    revoked.setCredentials({
      access_token: 'ya29.jeton-revoque',
      expiry_date: Date.now() + 3_600_000,
    });
    const api = gmail({ version: 'v1', auth: revoked, rootUrl: `${apis.url}/` });
    const mailer = new GmailMailer({
      api,
      token: async () => 'ya29.jeton-revoque',
      sender: SENDER,
      from: FROM,
      clock,
    });
    const lines = capturedLog();
    const sent = await mailer.send(DIGEST);
    expect(sent).toEqual({
      ok: false,
      error: {
        code: 'MAIL_NOT_SENT',
        message: 'Envoi Gmail impossible (GMAIL_401) : nouvel essai au prochain passage.',
      },
    });
    expect(apis.traffic.sent).toEqual([]);
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(logged).toMatchObject({
      message: 'e-mail non envoyé',
      channel: 'gmail',
      mail: DIGEST.key,
      recipients: 2,
      code: 'GMAIL_401',
    });
    expect(String(logged['cause'])).toMatch(/invalid authentication credentials/);
    for (const secret of ['Roubaix', '1 500,00', DIGEST.subject, ...DIGEST.to, SENDER]) {
      expect(lines[0]).not.toContain(secret);
    }
  });

  it('probes the channel by obtaining a token, sending nothing', async () => {
    const mailer = gmailMailer();
    expect(mailer.channel).toBe('gmail');
    expect(await mailer.probe()).toEqual({ ok: true });
    expect(apis.traffic.signedClaims).toHaveLength(1);
    expect(apis.traffic.sent).toEqual([]);
  });
});
