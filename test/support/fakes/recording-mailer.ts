import { fail, ok, type Result } from '../../../shared/domain/result';
import type { Mailer, OutgoingMail } from '../../../shared/ports/mailer';

/** A Mailer that keeps what it is asked to send; it can be told to fail the next sends. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  failures = 0;

  async send(mail: OutgoingMail): Promise<Result<{ messageId: string }>> {
    if (this.failures > 0) {
      this.failures -= 1;
      return fail('MAIL_NOT_SENT', 'Serveur de messagerie indisponible.');
    }
    this.sent.push(mail);
    return ok({ messageId: `<${mail.key}@test>` });
  }
}
