import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signing time, in unix seconds. */
export const TIMESTAMP_HEADER = 'X-DLA-Timestamp';
/** Header carrying the HMAC-SHA256 signature, in lowercase hex. */
export const SIGNATURE_HEADER = 'X-DLA-Signature';
/** How far (either way) a signing time may be from the server's clock: five minutes. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/i;
const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/;

/** The two headers of a signed request. */
export type SignedHeaders = {
  readonly [TIMESTAMP_HEADER]: string;
  readonly [SIGNATURE_HEADER]: string;
};

/**
 * The signature of a request: HMAC-SHA256, keyed with the spreadsheet's secret, over
 * `${timestamp}.${rawBody}` (the body's exact bytes), in lowercase hex.
 */
export function computeSignature(
  secret: string,
  timestamp: string,
  rawBody: Buffer | string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
}

/**
 * Signs a request body as the Apps Script and the `dla` tools do: the headers to send with the
 * exact body bytes (a string is sent as UTF-8).
 */
export function signRequest(secret: string, body: Buffer | string, now: Date): SignedHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: computeSignature(secret, timestamp, body),
  };
}

/**
 * Signatures already accepted by this function instance, each remembered until its signing time
 * leaves the window: a replay within the window is refused here. The set is per instance (memory
 * only); a replay that reaches another instance still changes nothing, because the store records
 * every applied event id and refuses a change set whose event was already applied.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** @param maxEntries bound on memory; when full, the oldest entries are forgotten first. */
  constructor(private readonly maxEntries = 100_000) {}

  /**
   * Remembers a signature until `expiresAtMs`; false when it was already seen and has not
   * expired (a replay).
   */
  remember(signature: string, expiresAtMs: number, nowMs: number): boolean {
    const key = signature.toLowerCase();
    const known = this.seen.get(key);
    if (known !== undefined && known > nowMs) return false;
    this.seen.delete(key);
    if (this.seen.size >= this.maxEntries) this.purge(nowMs);
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (oldest.done === true) break;
      this.seen.delete(oldest.value);
    }
    this.seen.set(key, expiresAtMs);
    return true;
  }

  /** How many signatures are remembered (for tests and metrics). */
  get size(): number {
    return this.seen.size;
  }

  private purge(nowMs: number): void {
    for (const [key, expires] of this.seen) if (expires <= nowMs) this.seen.delete(key);
  }
}

/** Why a signed request was refused; for logs only, never for the caller. */
export type HmacRefusal = 'missing' | 'malformed' | 'stale' | 'mismatch' | 'replayed';

/** The outcome of checking a request's signature: the key (owner) whose secret matched. */
export type HmacOutcome<K extends string> =
  { readonly ok: true; readonly key: K } | { readonly ok: false; readonly reason: HmacRefusal };

/** What `verifyHmacSignature` checks. */
export interface HmacCheck<K extends string> {
  /** Value of the `X-DLA-Timestamp` header. */
  readonly timestamp: string | undefined;
  /** Value of the `X-DLA-Signature` header. */
  readonly signature: string | undefined;
  /** The exact bytes received. */
  readonly rawBody: Buffer;
  readonly now: Date;
  /** The accepted secrets of each key (two during a rotation). */
  readonly secrets: Readonly<Partial<Record<K, readonly string[]>>>;
  readonly replays: ReplayGuard;
}

/**
 * Checks a signed request: both headers present and well formed, signing time within five
 * minutes of `now` either way, signature equal (constant-time) to the HMAC of one of the
 * secrets, and not seen before within the window. Answers the key whose secret matched.
 */
export function verifyHmacSignature<K extends string>(check: HmacCheck<K>): HmacOutcome<K> {
  const { timestamp, signature } = check;
  if (timestamp === undefined || signature === undefined || timestamp === '' || signature === '') {
    return { ok: false, reason: 'missing' };
  }
  if (!TIMESTAMP_PATTERN.test(timestamp) || !SIGNATURE_PATTERN.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const signedAtMs = Number(timestamp) * 1000;
  const nowMs = check.now.getTime();
  if (Math.abs(nowMs - signedAtMs) > SIGNATURE_WINDOW_SECONDS * 1000) {
    return { ok: false, reason: 'stale' };
  }
  const received = Buffer.from(signature, 'hex');
  let matched: K | null = null;
  for (const [key, secrets] of Object.entries(check.secrets) as [
    K,
    readonly string[] | undefined,
  ][]) {
    for (const secret of secrets ?? []) {
      const expected = Buffer.from(computeSignature(secret, timestamp, check.rawBody), 'hex');
      // Every secret is compared, in constant time, so the time taken does not tell which matched.
      if (expected.length === received.length && timingSafeEqual(expected, received)) {
        matched ??= key;
      }
    }
  }
  if (matched === null) return { ok: false, reason: 'mismatch' };
  const expiresAtMs = signedAtMs + SIGNATURE_WINDOW_SECONDS * 1000;
  if (!check.replays.remember(signature, expiresAtMs, nowMs))
    return { ok: false, reason: 'replayed' };
  return { ok: true, key: matched };
}
