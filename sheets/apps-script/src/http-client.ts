/*
 * DLA — calls from the Apps Script to the functions: a signed JSON POST that never throws, and the
 * small helpers every file of the script uses. Apps Script loads every file into one global scope.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- Apps Script: the files share one global scope */

/** Names of the Script Properties this script reads. */
const DLA_PROPERTY = {
  functionUrl: 'DLA_FUNCTION_URL',
  syncUrl: 'DLA_SYNC_URL',
  scoreUrl: 'DLA_SCORE_URL',
  owner: 'DLA_OWNER',
  hmacSecret: 'DLA_HMAC_SECRET',
} as const;

/** The outcome of a call to a function. */
interface DlaCallResult {
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;
  /** The parsed JSON answer, or null. */
  readonly body: unknown;
  /** A French description of the failure, or '' on success. */
  readonly failure: string;
  /**
   * True when the request left but no answer came back (network failure, or UrlFetch giving up
   * before the function finished): the function may still be running it.
   */
  readonly unanswered: boolean;
}

/**
 * POSTs a JSON object to a function, with a `requestId` of its own: two identical bodies signed
 * in the same second would carry the same signature, and the second would be refused as a replay.
 */
function dlaPost(url: string, payload: { readonly [key: string]: unknown }): DlaCallResult {
  const body: { [key: string]: unknown } = {};
  for (const key of Object.keys(payload)) body[key] = payload[key];
  body['requestId'] = Utilities.getUuid();
  return dlaPostBody(url, JSON.stringify(body));
}

/**
 * POSTs a JSON body with both credentials the functions accept — the HMAC signature of this
 * spreadsheet's secret, and the identity token of the account the script runs as (for a trigger:
 * whoever installed it, not the person editing) — and never throws: a network failure or a
 * non-2xx answer is described in French in `failure`.
 */
function dlaPostBody(url: string, body: string): DlaCallResult {
  if (url === '') {
    return {
      status: 0,
      body: null,
      failure: `propriété ${DLA_PROPERTY.functionUrl} non renseignée`,
      unanswered: false,
    };
  }
  const headers: { [name: string]: string } = {};
  const token = dlaIdentityToken();
  if (token !== '') headers['Authorization'] = `Bearer ${token}`;
  const secret = dlaProperty(DLA_PROPERTY.hmacSecret);
  if (secret !== '') {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers['X-DLA-Timestamp'] = timestamp;
    headers['X-DLA-Signature'] = dlaHex(
      Utilities.computeHmacSha256Signature(`${timestamp}.${body}`, secret, Utilities.Charset.UTF_8),
    );
  }
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    response = UrlFetchApp.fetch(url, {
      method: 'post',
      contentType: 'application/json; charset=utf-8',
      payload: body,
      headers,
      muteHttpExceptions: true,
    });
  } catch (error) {
    return {
      status: 0,
      body: null,
      failure: `pas de réponse : ${dlaErrorText(error)}`,
      unanswered: true,
    };
  }
  const status = response.getResponseCode();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(response.getContentText());
  } catch {
    parsed = null;
  }
  if (status >= 200 && status < 300)
    return { status, body: parsed, failure: '', unanswered: false };
  const message = dlaText(dlaField(dlaField(parsed, 'error'), 'message'));
  const detail = status >= 400 && status < 500 && message !== '' ? ` : ${message}` : '';
  return { status, body: parsed, failure: `erreur ${status}${detail}`, unanswered: false };
}

/**
 * The Google identity token of the account this run executes as ('' when unavailable, e.g.
 * without the openid scope). In an installable trigger that is the installer, whoever edits.
 */
function dlaIdentityToken(): string {
  try {
    return dlaText(ScriptApp.getIdentityToken());
  } catch {
    return '';
  }
}

/** Lowercase hex of signed bytes. */
function dlaHex(bytes: GoogleAppsScript.Byte[]): string {
  return bytes
    .map((byte) => {
      const unsigned = (byte + 256) % 256;
      return (unsigned < 16 ? '0' : '') + unsigned.toString(16);
    })
    .join('');
}

/** Bytes of a text in UTF-8. */
function dlaUtf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** A Script Property, '' when unset. */
function dlaProperty(key: string): string {
  return dlaText(PropertiesService.getScriptProperties().getProperty(key)).trim();
}

/** A field of a parsed JSON object, undefined when absent. */
function dlaField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as { [key: string]: unknown })[key];
}

/** Text of a value ('' for null and undefined). */
function dlaText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The message of a thrown value (Apps Script's exceptions are not always `instanceof Error`). */
function dlaErrorText(error: unknown): string {
  const message = dlaField(error, 'message');
  return typeof message === 'string' ? message : dlaText(error);
}
