import type { Mailer, OutgoingMail } from '../../shared/ports/mailer';
import { logger } from '../logger';

/** Why an e-mail could not be sent, for the logs and `dla doctor`: no body, no address in full. */
export interface MailFailureCause {
  /** Stable code: `SMTP_EAUTH`, `SIGNJWT_403`, `TOKEN_unauthorized_client`, `GMAIL_400`… */
  readonly code: string;
  /** The server's or library's own words, shortened (the logger masks any address in it). */
  readonly message: string;
}

/** Whether a channel can send: a token obtained (Gmail), the server's greeting and login (SMTP). */
export type MailProbe =
  { readonly ok: true } | { readonly ok: false; readonly cause: MailFailureCause };

/** A mailer that can also tell, without sending, whether it could send. */
export interface ProbedMailer extends Mailer {
  /** Which channel this is, as `DLA_MAIL` names it. */
  readonly channel: 'gmail' | 'smtp' | 'outbox';
  probe(): Promise<MailProbe>;
}

/**
 * A failure of the Gmail delegation, by stage: the IAM Credentials `signJwt` call (`sign`), the
 * OAuth token exchange (`exchange`), or the sender missing from the configuration.
 */
export class MailDelegationError extends Error {
  override readonly name = 'MailDelegationError';

  constructor(
    readonly stage: 'sign' | 'exchange' | 'sender',
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${stage} ${status} ${reason}`);
  }
}

const MAX_MESSAGE = 300;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The cause of a failed send or probe, from whatever the client threw. */
export function mailFailureCause(error: unknown): MailFailureCause {
  const message = String(error instanceof Error ? error.message : error).slice(0, MAX_MESSAGE);
  if (error instanceof MailDelegationError) {
    const code =
      error.stage === 'sign'
        ? `SIGNJWT_${error.status || 'NETWORK'}`
        : error.stage === 'exchange'
          ? `TOKEN_${error.reason}`
          : 'MAIL_FROM_MISSING';
    return { code, message };
  }
  const status = field(error, 'status') ?? field(field(error, 'response'), 'status');
  if (typeof status === 'number') return { code: `GMAIL_${status}`, message };
  const smtpCode = field(error, 'code');
  if (typeof smtpCode === 'string') {
    const response = field(error, 'responseCode');
    return {
      code: `SMTP_${smtpCode}${typeof response === 'number' ? `_${response}` : ''}`,
      message,
    };
  }
  return { code: error instanceof Error ? error.name : 'UNKNOWN', message };
}

/** Logs why an e-mail was not sent: its key, how many recipients, the cause — never the body. */
export function logMailFailure(
  channel: ProbedMailer['channel'],
  mail: OutgoingMail,
  cause: MailFailureCause,
): void {
  // `mail`, not `mailKey`: the logger masks every field whose name ends in « key ».
  logger.warn('e-mail non envoyé', {
    channel,
    mail: mail.key,
    recipients: mail.to.length,
    code: cause.code,
    cause: cause.message,
  });
}
