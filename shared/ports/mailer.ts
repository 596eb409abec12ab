import type { Result } from '../domain/result';

/** One e-mail to send, in French, with a stable key so that it is never sent twice. */
export interface OutgoingMail {
  /** Stable identity of this message (e.g. digest of CBE-LM for 02/06/2025 to the chargé de mission). */
  readonly key: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/**
 * Sends e-mail: the Gmail API in production, SMTP as an option, and by default locally an
 * outbox folder of `.eml` files a person can open. A failed send is a value, retried later.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<Result<{ readonly messageId: string }>>;
}
