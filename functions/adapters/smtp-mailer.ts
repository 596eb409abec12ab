import nodemailer, { type Transporter } from 'nodemailer';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { Mailer, OutgoingMail } from '../../shared/ports/mailer';
import { htmlParts } from './mime-message';

/** E-mail through an SMTP server (the option for operators with their own mail server). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail): Promise<Result<{ messageId: string }>> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        ...htmlParts(mail),
      });
      return ok({ messageId: String(info.messageId) });
    } catch {
      return fail('MAIL_NOT_SENT', 'Envoi SMTP impossible : nouvel essai au prochain passage.');
    }
  }
}
