import type { gmail_v1 } from '@googleapis/gmail';
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

/** What the Gmail mailer is built from: the API client of the delegation, and its token. */
export interface GmailMailerOptions {
  readonly api: gmail_v1.Gmail;
  /** Obtains the delegated access token (`dla doctor`). */
  readonly token: () => Promise<unknown>;
  /** The sender's mailbox (`userId` of the send), null when DLA_MAIL_FROM is unset. */
  readonly sender: string | null;
  /** The `From` header, as DLA_MAIL_FROM gives it (« DLA … <adresse> »). */
  readonly from: string;
  readonly clock: Clock;
}

/**
 * Production e-mail through the Gmail API (`users.messages.send` of the sender's mailbox, with
 * the raw MIME message), authorised by domain-wide delegation (see gmail-delegation.ts).
 */
export class GmailMailer implements ProbedMailer {
  readonly channel = 'gmail';

  constructor(private readonly options: GmailMailerOptions) {}

  async send(mail: OutgoingMail): Promise<Result<{ messageId: string }>> {
    const { raw, messageId } = await composeMessage(
      mail,
      this.options.from,
      this.options.clock.now(),
    );
    try {
      await this.options.api.users.messages.send({
        userId: this.options.sender ?? 'me',
        requestBody: { raw: raw.toString('base64url') },
      });
      return ok({ messageId });
    } catch (error) {
      const cause = mailFailureCause(error);
      logMailFailure('gmail', mail, cause);
      return fail(
        'MAIL_NOT_SENT',
        `Envoi Gmail impossible (${cause.code}) : nouvel essai au prochain passage.`,
      );
    }
  }

  async probe(): Promise<MailProbe> {
    try {
      await this.options.token();
      return { ok: true };
    } catch (error) {
      return { ok: false, cause: mailFailureCause(error) };
    }
  }
}
