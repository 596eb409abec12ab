import type { MailProbe } from '../../functions/adapters/mail-failure-cause';
import type { Config } from '../../functions/config';
import type { DoctorCheck, DoctorMode } from './doctor-check';

/** The line of `dla doctor` about e-mail. */
const TOPIC = 'Envoi des e-mails';

/** The scope the Workspace admin grants to the service account's client. */
const GMAIL_SEND_SCOPE = 'https://www.googleapis.com/auth/gmail.send';

function line(status: DoctorCheck['status'], message: string, fix?: string): DoctorCheck {
  return fix === undefined
    ? { status, topic: TOPIC, message }
    : { status, topic: TOPIC, message, fix };
}

/** The host of an SMTP URL, never its user or password. */
function smtpHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'DLA_SMTP_URL illisible';
  }
}

function gmailFailure(code: string, sender: string | null, account: string): DoctorCheck {
  const delegation = `dans la console d’administration Google Workspace : Sécurité › Accès et contrôle des données › Commandes des API › Gérer la délégation au niveau du domaine › Ajouter un client : ID client = l’ID unique (numérique) de ${account} (gcloud iam service-accounts describe ${account} --format="value(uniqueId)"), champ d’application ${GMAIL_SEND_SCOPE}.`;
  if (code === 'MAIL_FROM_MISSING') {
    return line(
      'fail',
      'canal gmail, mais DLA_MAIL_FROM n’est pas définie : aucun e-mail ne peut partir.',
      'définissez DLA_MAIL_FROM avec une boîte de votre domaine Google Workspace (par exemple « DLA Nord – Pas de Calais <dla@votre-domaine.fr> »), puis redéployez.',
    );
  }
  if (code === 'SIGNJWT_403') {
    return line(
      'fail',
      `canal gmail : ${account} ne peut pas signer pour lui-même (IAM Credentials signJwt refusé, 403).`,
      `gcloud iam service-accounts add-iam-policy-binding ${account} --member=serviceAccount:${account} --role=roles/iam.serviceAccountTokenCreator (et, pour que « dla doctor » le vérifie depuis votre poste, le même rôle à votre compte), puis activez l’API iamcredentials.googleapis.com.`,
    );
  }
  if (code.startsWith('SIGNJWT_')) {
    return line(
      'fail',
      `canal gmail : IAM Credentials n’a pas signé le jeton de délégation (${code}).`,
      'activez l’API iamcredentials.googleapis.com (gcloud services enable iamcredentials.googleapis.com) et vérifiez le compte de service de la fonction.',
    );
  }
  if (code === 'TOKEN_unauthorized_client') {
    return line(
      'fail',
      `canal gmail : Google refuse la délégation au niveau du domaine à ${account} pour l’envoi de courrier (unauthorized_client).`,
      delegation,
    );
  }
  if (code === 'TOKEN_invalid_grant') {
    return line(
      'fail',
      `canal gmail : ${sender ?? 'DLA_MAIL_FROM'} n’est pas un utilisateur actif du domaine où la délégation est accordée (invalid_grant).`,
      'choisissez pour DLA_MAIL_FROM une boîte existante de votre domaine Google Workspace, puis redéployez.',
    );
  }
  return line(
    'fail',
    `canal gmail : jeton d’envoi impossible à obtenir (${code}).`,
    `vérifiez l’accès réseau de la fonction vers Google, puis la délégation : ${delegation}`,
  );
}

function smtpFailure(code: string, host: string): DoctorCheck {
  if (code.startsWith('SMTP_EAUTH')) {
    return line(
      'fail',
      `canal smtp : le serveur ${host} refuse l’identifiant ou le mot de passe.`,
      'corrigez l’utilisateur et le mot de passe de DLA_SMTP_URL (smtp://utilisateur:mot-de-passe@hôte:port), puis redéployez.',
    );
  }
  if (/^SMTP_E(SOCKET|CONNECTION|TIMEDOUT|DNS)/.test(code)) {
    return line(
      'fail',
      `canal smtp : serveur ${host} injoignable (${code}).`,
      'vérifiez l’hôte et le port de DLA_SMTP_URL, et que la fonction peut sortir vers ce port (pare-feu, connecteur VPC).',
    );
  }
  return line(
    'fail',
    `canal smtp : le serveur ${host} refuse la session (${code}).`,
    'vérifiez DLA_SMTP_URL (smtps:// pour le port 465, smtp:// avec STARTTLS pour 587) et les journaux du serveur.',
  );
}

/**
 * Which mail channel is configured (gmail, smtp, outbox) and whether it can send, from the
 * mailer's probe: a delegated token obtained (Gmail), the server's greeting and login (SMTP).
 * `serviceAccount` is the functions' identity, named in the fixes when DLA_MAIL_SERVICE_ACCOUNT
 * does not say which account signs.
 */
export function checkMail(
  config: Config,
  probe: MailProbe,
  mode: DoctorMode,
  serviceAccount: string | null,
): DoctorCheck {
  const channel = config.mail.channel;
  if (channel.kind === 'outbox') {
    return mode === 'local'
      ? line(
          'ok',
          `canal outbox : chaque e-mail est écrit en .eml dans ${channel.dir} (rien ne part).`,
        )
      : line(
          'warn',
          'canal outbox (DLA_MAIL=outbox) : en production, les e-mails resteraient dans le dossier temporaire de la fonction.',
          'choisissez DLA_MAIL=gmail ou smtp (dla deploy --mail).',
        );
  }
  if (channel.kind === 'smtp') {
    const host = smtpHost(channel.url);
    return probe.ok
      ? line(
          'ok',
          `canal smtp : serveur ${host} joignable, identifiants acceptés — l’envoi est possible.`,
        )
      : smtpFailure(probe.cause.code, host);
  }
  const account = channel.serviceAccount ?? serviceAccount ?? 'le compte de service des fonctions';
  return probe.ok
    ? line(
        'ok',
        `canal gmail : jeton obtenu pour ${channel.sender ?? '?'} par délégation au niveau du domaine (${account}) — l’envoi est possible.`,
      )
    : gmailFailure(probe.cause.code, channel.sender, account);
}
