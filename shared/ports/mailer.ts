import type { Result } from '../domain/result';

/** An image shown inside an HTML e-mail, referenced as `cid:<cid>` by its `<img>`. */
export interface InlineImage {
  readonly cid: string;
  readonly fileName: string;
  readonly contentType: 'image/png';
  readonly content: Uint8Array;
}

/** One e-mail to send, in French, with a stable key so that it is never sent twice. */
export interface OutgoingMail {
  /** Stable identity of this message (e.g. digest of CBE-LM for 02/06/2025 to the chargé de mission). */
  readonly key: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** The whole message as text: what a mail client that blocks HTML or images shows. */
  readonly text: string;
  /** The same message as HTML, with its inline images. */
  readonly html?: string;
  readonly inlineImages?: readonly InlineImage[];
}

/**
 * Sends e-mail: the Gmail API in production, SMTP as an option, and by default locally an
 * outbox folder of `.eml` files a person can open. A failed send is a value, retried later.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<Result<{ readonly messageId: string }>>;
}
