import fs from 'node:fs/promises';
import { simpleParser } from 'mailparser';

/** An e-mail of the outbox as a person reads it: decoded headers and plain-text body. */
export interface ReadMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Reads an `.eml` file of the outbox with mailparser (RFC 2047 headers, quoted-printable body). */
export async function readEml(file: string): Promise<ReadMail> {
  const mail = await simpleParser(await fs.readFile(file));
  const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
  return { to, subject: mail.subject ?? '', text: (mail.text ?? '').replace(/\r\n/g, '\n') };
}
