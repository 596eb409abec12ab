/**
 * The wire format of the local Cloud Storage stand-in (`gcs-test-server.ts`): Google's error
 * bodies and reasons, the CRC32C and MD5 hashes the client checks on a download, and the
 * `multipart/related` body of a simple upload.
 */
import { createHash } from 'node:crypto';

/** An error answer of the JSON API. */
export class GcsApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason: string = reasonOf(code),
  ) {
    super(message);
    this.name = 'GcsApiError';
  }

  /** The body Cloud Storage sends: `{error: {code, message, errors: [{reason}]}}`. */
  toBody(): Record<string, unknown> {
    return {
      error: {
        code: this.code,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason }],
      },
    };
  }
}

function reasonOf(status: number): string {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'required';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 412:
      return 'conditionNotMet';
    case 429:
      return 'rateLimitExceeded';
    case 503:
      return 'backendError';
    default:
      return status >= 500 ? 'backendError' : 'invalid';
  }
}

export function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'Anonymous caller does not have storage.objects.create access to the Google Cloud Storage object.';
    case 403:
      return "dla-functions@dla-npdc.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).";
    case 404:
      return 'No such object.';
    case 429:
      return 'The rate of change requests to the object is too high.';
    case 503:
      return 'We encountered an internal error. Please try again.';
    default:
      return `Error ${status}.`;
  }
}

/** CRC32C (Castagnoli) table, reflected polynomial 0x82f63b78. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC32C of the bytes as Cloud Storage gives it: base64 of the big-endian 32-bit value. */
export function crc32cBase64(bytes: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

export function md5Base64(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('base64');
}

/** One part of a multipart/related body: its headers and bytes. */
interface Part {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Splits a `multipart/related` body (RFC 2387) into its parts, bytes untouched. */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) throw new GcsApiError(400, 'Missing multipart boundary.');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw new GcsApiError(400, 'Unterminated multipart body.');
    // The part runs from after the delimiter's CRLF to before the next delimiter's CRLF.
    const raw = body.subarray(start + 2, next - 2);
    const blank = raw.indexOf('\r\n\r\n');
    if (blank === -1) throw new GcsApiError(400, 'Multipart part without headers.');
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(0, blank).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: raw.subarray(blank + 4) });
    at = next;
  }
  return parts;
}
