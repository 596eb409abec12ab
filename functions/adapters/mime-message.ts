import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../../shared/ports/mailer';

/**
 * Builds an RFC 5322 / MIME message with nodemailer's composer: UTF-8 subject encoded words,
 * quoted-printable French text, a Message-ID derived from the mail's stable key.
 */
export async function composeMessage(
  mail: OutgoingMail,
  from: string,
  date: Date,
): Promise<{ raw: Buffer; messageId: string }> {
  const domain = from.replace(/^.*@/, '').replace(/>.*$/, '') || 'dla-npdc.local';
  const messageId = `<${mail.key.replace(/[^A-Za-z0-9._-]/g, '.')}@${domain}>`;
  const raw = await new MailComposer({
    from,
    to: [...mail.to],
    subject: mail.subject,
    text: mail.text,
    ...htmlParts(mail),
    date,
    messageId,
  })
    .compile()
    .build();
  return { raw, messageId };
}

/** The HTML alternative and its inline images (`cid:`), for nodemailer. */
export function htmlParts(mail: OutgoingMail): {
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string; cid: string }[];
} {
  if (mail.html === undefined) return {};
  return {
    html: mail.html,
    attachments: (mail.inlineImages ?? []).map((image) => ({
      filename: image.fileName,
      content: Buffer.from(image.content),
      contentType: image.contentType,
      cid: image.cid,
    })),
  };
}
