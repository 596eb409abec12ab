import nodemailer, { type Transporter } from 'nodemailer';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { Clock } from '../../shared/ports/clock';
import type { OutgoingMail } from '../../shared/ports/mailer';
import {
  logMailFailure,
  mailFailureCause,
  type MailProbe,
  type ProbedMailer,
} from './mail-failure-cause';
import { composeMessage } from './mime-message';

/** The bare address of a `From` (« DLA … <adresse> » or the address alone). */
export function bareAddress(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/**
 * E-mail through an SMTP server (operators with their own mail server): the same MIME message as
 * the other channels, sent with its envelope; a refusal or an unreachable server is a value.
 */
export class SmtpMailer implements ProbedMailer {
  readonly channel = 'smtp';
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    private readonly clock: Clock,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail): Promise<Result<{ messageId: string }>> {
    const { raw, messageId } = await composeMessage(mail, this.from, this.clock.now());
    try {
      await this.transport.sendMail({
        envelope: { from: bareAddress(this.from), to: [...mail.to] },
        raw,
      });
      return ok({ messageId });
    } catch (error) {
      const cause = mailFailureCause(error);
      logMailFailure('smtp', mail, cause);
      return fail(
        'MAIL_NOT_SENT',
        `Envoi SMTP impossible (${cause.code}) : nouvel essai au prochain passage.`,
      );
    }
  }

  /** Connects, greets and logs in (nodemailer's `verify`), sending nothing. */
  async probe(): Promise<MailProbe> {
    try {
      await this.transport.verify();
      return { ok: true };
    } catch (error) {
      return { ok: false, cause: mailFailureCause(error) };
    }
  }

  /** Closes the pooled connections, if any. */
  close(): void {
    this.transport.close();
  }
}
