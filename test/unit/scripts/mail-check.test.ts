import { loadConfig, type Config } from '../../../functions/config';
import type { MailProbe } from '../../../functions/adapters/mail-failure-cause';
import { formatCheck } from '../../../scripts/doctor/doctor-check';
import { checkMail } from '../../../scripts/doctor/mail-check';

const ACCOUNT = 'dla-functions@dla-npdc.iam.gserviceaccount.com';

function config(env: Record<string, string>): Config {
  const loaded = loadConfig({ DLA_WORKSPACE: '/tmp/dla-mail', ...env });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

const GMAIL = { DLA_MAIL: 'gmail', DLA_MAIL_FROM: 'DLA <alertes@dla-npdc.fr>' };
const SMTP = { DLA_MAIL: 'smtp', DLA_SMTP_URL: 'smtp://dla:secret-smtp@smtp.cbe-lille.fr:587' };
const failed = (code: string): MailProbe => ({ ok: false, cause: { code, message: 'détail' } });

describe('checkMail: the configured channel and whether it can send, in French, with the fix', () => {
  it.each([
    [
      'outbox, locally',
      {},
      { ok: true } as MailProbe,
      'local',
      /^✓ .*canal outbox : chaque e-mail est écrit en \.eml dans \/tmp\/dla-mail\/outbox/,
    ],
    [
      'outbox, deployed',
      {},
      { ok: true } as MailProbe,
      'deployment',
      /^! .*canal outbox .*→ choisissez DLA_MAIL=gmail ou smtp/,
    ],
    [
      'gmail, token obtained',
      GMAIL,
      { ok: true } as MailProbe,
      'deployment',
      /^✓ .*canal gmail : jeton obtenu pour alertes@dla-npdc\.fr .*l’envoi est possible\.$/,
    ],
    [
      'gmail, sender unset',
      { DLA_MAIL: 'gmail' },
      failed('MAIL_FROM_MISSING'),
      'deployment',
      /^✗ .*DLA_MAIL_FROM n’est pas définie.*→ définissez DLA_MAIL_FROM/,
    ],
    [
      'gmail, cannot sign',
      GMAIL,
      failed('SIGNJWT_403'),
      'deployment',
      /^✗ .*ne peut pas signer.*roles\/iam\.serviceAccountTokenCreator/,
    ],
    [
      'gmail, IAM API off',
      GMAIL,
      failed('SIGNJWT_NETWORK'),
      'deployment',
      /^✗ .*IAM Credentials n’a pas signé.*gcloud services enable iamcredentials\.googleapis\.com/,
    ],
    [
      'gmail, no delegation',
      GMAIL,
      failed('TOKEN_unauthorized_client'),
      'deployment',
      /^✗ .*refuse la délégation.*Commandes des API › Gérer la délégation au niveau du domaine.*gmail\.send\.$/,
    ],
    [
      'gmail, sender not in the domain',
      GMAIL,
      failed('TOKEN_invalid_grant'),
      'deployment',
      /^✗ .*alertes@dla-npdc\.fr n’est pas un utilisateur actif/,
    ],
    [
      'gmail, other failure',
      GMAIL,
      failed('GMAIL_503'),
      'deployment',
      /^✗ .*jeton d’envoi impossible à obtenir \(GMAIL_503\)/,
    ],
    [
      'smtp, login accepted',
      SMTP,
      { ok: true } as MailProbe,
      'deployment',
      /^✓ .*canal smtp : serveur smtp\.cbe-lille\.fr:587 joignable/,
    ],
    [
      'smtp, login refused',
      SMTP,
      failed('SMTP_EAUTH_535'),
      'deployment',
      /^✗ .*refuse l’identifiant ou le mot de passe.*→ corrigez/,
    ],
    [
      'smtp, unreachable',
      SMTP,
      failed('SMTP_ESOCKET'),
      'deployment',
      /^✗ .*injoignable \(SMTP_ESOCKET\).*pare-feu/,
    ],
    [
      'smtp, other refusal',
      SMTP,
      failed('SMTP_EENVELOPE_550'),
      'deployment',
      /^✗ .*refuse la session \(SMTP_EENVELOPE_550\)/,
    ],
  ] as const)('%s', (_case, env, probe, mode, expected) => {
    const line = formatCheck(checkMail(config(env), probe, mode, ACCOUNT));
    expect(line).toMatch(expected);
    expect(line).toMatch(/^. Envoi des e-mails : /);
    // The SMTP password never appears, whatever the outcome.
    expect(line).not.toContain('secret-smtp');
  });
});
