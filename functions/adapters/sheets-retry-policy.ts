/*
 * When and how long to wait before calling the Sheets API again: quota (429) and transient
 * failures (5xx, lost connections) are retried with exponential backoff and jitter, honouring
 * Retry-After. The Sheets client is built with its own retries off (google-sheets-client.ts), so
 * one throttled call costs at most `maxAttempts` requests, not the product of two retry loops.
 */

/**
 * An infrastructure failure of the Sheets API: a bad request (a bug), bad credentials, or a
 * transient failure that outlived every retry. Expected failures (unknown or unshared workbook)
 * are turned into values by the caller.
 */
export class SheetsApiCallError extends Error {
  constructor(
    /** `spreadsheets.get` or `spreadsheets.batchUpdate`. */
    readonly operation: string,
    /** HTTP status, or undefined when no answer came (network failure). */
    readonly status: number | undefined,
    /** Attempts made before giving up. */
    readonly attempts: number,
    message: string,
    options: { readonly cause: unknown },
  ) {
    super(message, options);
    this.name = 'SheetsApiCallError';
  }
}

/** How many attempts, and how to wait between them. */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /** Waits between attempts (injected so that tests do not wait). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Attempts per call when none is chosen. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** The policy with defaults filled in. */
export function retryPolicy(options: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/** Statuses worth another attempt: quota (429) and transient server failures. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Error codes of a request that never got an answer (connection refused, reset, DNS…). */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const BASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 32_000;
const MAX_JITTER_MS = 1_000;
/** A longer Retry-After is not worth holding a function instance for: the call fails instead. */
const MAX_RETRY_AFTER_MS = 60_000;

/** What a failed call tells about itself, whatever shape the client gave the error. */
interface CallFailure {
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly network: boolean;
  readonly message: string;
}

/** Runs one API call, retrying quota and transient failures; throws a {@link SheetsApiCallError}. */
export async function callWithRetries<T>(
  policy: RetryPolicy,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const failure = describeFailure(error);
      const retryable =
        failure.network || (failure.status !== undefined && RETRYABLE_STATUSES.has(failure.status));
      const delay = retryable && attempt < policy.maxAttempts ? retryDelay(attempt, failure) : null;
      if (delay === null) {
        const status = failure.status === undefined ? 'no answer' : `HTTP ${failure.status}`;
        throw new SheetsApiCallError(
          operation,
          failure.status,
          attempt,
          `Sheets API ${operation} failed (${status}, attempt ${attempt} of ${policy.maxAttempts}): ${failure.message}`,
          { cause: error },
        );
      }
      await policy.sleep(delay);
    }
  }
}

/** The HTTP status of a client error, whatever its shape; undefined when none came. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof SheetsApiCallError) return error.status;
  return describeFailure(error).status;
}

/** Reads status, Retry-After and message from a client error without trusting its shape. */
function describeFailure(error: unknown): CallFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof error !== 'object' || error === null) {
    return { status: undefined, retryAfterMs: undefined, network: false, message };
  }
  const response = property(error, 'response');
  const status =
    numberOrUndefined(property(error, 'status')) ?? numberOrUndefined(property(response, 'status'));
  const retryAfter = headerOf(property(response, 'headers'), 'retry-after');
  return {
    status,
    retryAfterMs: retryAfter === undefined ? undefined : parseRetryAfter(retryAfter),
    network: status === undefined && isNetworkError(error),
    message,
  };
}

function isNetworkError(error: object): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    const code = property(current, 'code');
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    const message = property(current, 'message');
    if (typeof message === 'string' && /fetch failed|socket hang up|network/i.test(message))
      return true;
    // gaxios keeps the fetch failure in `error`, fetch keeps the socket failure in `cause`.
    current = property(current, 'cause') ?? property(current, 'error');
  }
  return false;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A header from fetch Headers (gaxios 7) or a plain object (older clients). */
function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = property(headers, 'get');
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

/** Retry-After as seconds or as an HTTP date, in milliseconds from now. */
function parseRetryAfter(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Wait before the next attempt: 1 s, 2 s, 4 s… (at most 32 s) plus up to 1 s of jitter, and
 * never less than the server's Retry-After; null when that asks for more than a minute.
 */
function retryDelay(attempt: number, failure: CallFailure): number | null {
  const jitter = Math.floor(Math.random() * MAX_JITTER_MS);
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** (attempt - 1)) + jitter;
  if (failure.retryAfterMs === undefined) return backoff;
  if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) return null;
  return Math.max(failure.retryAfterMs + jitter, backoff);
}
