import net from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { SmtpMailer } from '../../../functions/adapters/smtp-mailer';
import { formatLogLine, logger } from '../../../functions/logger';
import type { OutgoingMail } from '../../../shared/ports/mailer';

// SMTP against a real SMTP server (smtp-server, the library of nodemailer's authors) listening on
// loopback: login, envelope, headers and the French body as received; refusals as values.

const FROM = 'DLA Nord – Pas de Calais <alertes@dla-npdc.fr>';
const USER = 'dla-alertes';
const PASSWORD = 'mot-de-passe-de-test';
const clock = { now: () => new Date('2025-06-02T05:00:00Z') };

const DIGEST: OutgoingMail = {
  key: 'digest-EE-DK-2025-06-02-finance',
  to: ['finances@entreprendre-ensemble.fr', 'paul.martin@entreprendre-ensemble.fr'],
  subject: 'DLA EE-DK — solde bloqué : rapport final manquant (échéance 30/06/2025)',
  text: 'Bonjour,\n\nLe solde de 2 350,00 € de la mission MIS-EE-DK-0003 (Gravelines) attend le rapport final.\n\nCordialement,\nDLA Dunkerque\n',
};

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly user: string | undefined;
  readonly raw: Buffer;
}

async function startSmtp(): Promise<{
  port: number;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
    // A mailbox the server does not know: refused at RCPT TO, the address in the reply, as
    // real servers do (« 550 5.1.1 <…>: Recipient address rejected »).
    onRcptTo(address, _session, callback) {
      if (!address.address.startsWith('inconnu')) return callback();
      const refusal = new Error(`<${address.address}>: Recipient address rejected: User unknown`);
      return callback(Object.assign(refusal, { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const address = (a: SMTPServerAddress | false) => (a === false ? '' : a.address);
        received.push({
          from: address(session.envelope.mailFrom),
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());
afterEach(() => {
  smtp.received.length = 0;
  jest.restoreAllMocks();
});

const url = (user = USER, password = PASSWORD, port = smtp.port) =>
  `smtp://${user}:${password}@127.0.0.1:${port}`;

describe('SmtpMailer against a real SMTP server', () => {
  it('logs in and delivers the envelope, the headers and the French body', async () => {
    const mailer = new SmtpMailer(url(), FROM, clock);
    const sent = await mailer.send(DIGEST);
    mailer.close();
    expect(sent).toEqual({
      ok: true,
      value: { messageId: expect.stringMatching(/^<digest-EE-DK/) },
    });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.user).toBe(USER);
    expect(mail?.from).toBe('alertes@dla-npdc.fr');
    expect(mail?.to).toEqual(DIGEST.to);
    const parsed = await simpleParser(mail?.raw ?? Buffer.alloc(0));
    expect(parsed.from?.value).toEqual([
      { address: 'alertes@dla-npdc.fr', name: 'DLA Nord – Pas de Calais' },
    ]);
    expect(parsed.subject).toBe(DIGEST.subject);
    expect(parsed.text?.replace(/\r\n/g, '\n')).toBe(DIGEST.text);
    expect(parsed.messageId).toBe(sent.ok ? sent.value.messageId : '');
    expect(parsed.date?.toISOString()).toBe('2025-06-02T05:00:00.000Z');
  });

  it.each([
    ['the server refuses the login', () => url(USER, 'mauvais-mot-de-passe'), /^SMTP_EAUTH/],
    [
      'nothing listens on the port',
      async () => url(USER, PASSWORD, await closedPort()),
      /^SMTP_E(SOCKET|CONNECTION)/,
    ],
  ])(
    'when %s: MAIL_NOT_SENT as a value, the cause logged without body or address',
    async (_case, target, code) => {
      const lines: string[] = [];
      jest.spyOn(logger, 'write').mockImplementation((severity, message, fields) => {
        lines.push(formatLogLine(severity, message, fields));
      });
      const mailer = new SmtpMailer(await target(), FROM, clock);
      const sent = await mailer.send(DIGEST);
      expect(sent.ok).toBe(false);
      if (!sent.ok) {
        expect(sent.error.code).toBe('MAIL_NOT_SENT');
        expect(sent.error.message).toMatch(/^Envoi SMTP impossible \(SMTP_E[A-Z]+.*nouvel essai/);
      }
      expect(smtp.received).toEqual([]);
      const log = lines.join('\n');
      expect(log).toContain('e-mail non envoyé');
      expect(JSON.parse(lines[0] ?? '{}').code).toMatch(code);
      for (const secret of ['Gravelines', '2 350,00', DIGEST.subject, ...DIGEST.to, PASSWORD]) {
        expect(log).not.toContain(secret);
      }
      const probe = await mailer.probe();
      expect(probe.ok).toBe(false);
      if (!probe.ok) expect(probe.cause.code).toMatch(code);
      mailer.close();
    },
  );

  it('when the server refuses a recipient: MAIL_NOT_SENT, the 550 logged with the address masked', async () => {
    const lines: string[] = [];
    jest.spyOn(logger, 'write').mockImplementation((severity, message, fields) => {
      lines.push(formatLogLine(severity, message, fields));
    });
    const unknown = 'inconnu.dubois@entreprendre-ensemble.fr';
    const mailer = new SmtpMailer(url(), FROM, clock);
    const sent = await mailer.send({ ...DIGEST, to: [unknown] });
    mailer.close();
    expect(sent).toEqual({
      ok: false,
      error: {
        code: 'MAIL_NOT_SENT',
        message: 'Envoi SMTP impossible (SMTP_EENVELOPE_550) : nouvel essai au prochain passage.',
      },
    });
    expect(smtp.received).toEqual([]);
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(logged).toMatchObject({
      message: 'e-mail non envoyé',
      channel: 'smtp',
      mail: DIGEST.key,
      recipients: 1,
      code: 'SMTP_EENVELOPE_550',
    });
    expect(String(logged['cause'])).toMatch(/Recipient address rejected/);
    for (const secret of [unknown, 'Gravelines', '2 350,00', DIGEST.subject, PASSWORD]) {
      expect(lines[0]).not.toContain(secret);
    }
  });

  it('probes the server (greeting and login) without sending', async () => {
    const mailer = new SmtpMailer(url(), FROM, clock);
    expect(await mailer.probe()).toEqual({ ok: true });
    mailer.close();
    expect(smtp.received).toEqual([]);
  });
});
