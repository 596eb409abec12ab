import type { gmail_v1 } from '@googleapis/gmail';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { Clock } from '../../shared/ports/clock';
import type { Mailer, OutgoingMail } from '../../shared/ports/mailer';
import { composeMessage } from './mime-message';

/** Production e-mail through the Gmail API (`users.messages.send` with the raw MIME message). */
export class GmailMailer implements Mailer {
  constructor(
    private readonly api: gmail_v1.Gmail,
    private readonly from: string,
    private readonly clock: Clock,
  ) {}

  async send(mail: OutgoingMail): Promise<Result<{ messageId: string }>> {
    const { raw, messageId } = await composeMessage(mail, this.from, this.clock.now());
    try {
      await this.api.users.messages.send({
        userId: 'me',
        requestBody: { raw: raw.toString('base64url') },
      });
      return ok({ messageId });
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      return fail(
        'MAIL_NOT_SENT',
        `Envoi Gmail impossible (${status || 'réseau'}) : nouvel essai au prochain passage.`,
      );
    }
  }
}
