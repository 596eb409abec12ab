/**
 * A stand-in for Google's front end of a Cloud Functions (2nd gen) / Cloud Run service, in front
 * of one function served by the Functions Framework (`getTestServer`) on loopback.
 *
 * What it models (documented behaviour, checked 2026-12-02, see shared/ENVIRONMENT.md):
 * - A private service (`--no-allow-unauthenticated`): the request must carry
 *   `Authorization: Bearer <ID token>`; the token's RS256 signature is verified against Google's
 *   published certificates (here: the test key's certificate endpoint), its issuer
 *   (accounts.google.com), audience (the service's URL) and expiry (no skew allowed); without a
 *   token the answer is 403, with a bad one 401, both as Google's plain HTML — the function never
 *   runs. A verified token is forwarded with its signature segment replaced by
 *   `SIGNATURE_REMOVED_BY_GOOGLE`, every other header and the body byte for byte.
 * - A public service (`--allow-unauthenticated`): every request is forwarded unchanged.
 *
 * What it does not model: the invoker role (IAM `roles/run.invoker`): any account with a valid
 * token for the audience passes, so that the function's own check of the scheduler's account is
 * what the tests exercise (it is also what holds if the binding is ever too broad); whether
 * Google strips a token sent to a public service (assumed not: the token reaches the code as sent);
 * the `run.app` URL as a second accepted audience; request size limits, HTTP/2, timeouts,
 * `X-Forwarded-*` and `traceparent` headers; Google's exact error pages.
 *
 * @packageDocumentation
 */
import { createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { listenOnLoopback } from './loopback-server';

/** What the front end puts in place of a verified token's signature. */
export const SIGNATURE_REMOVED_BY_GOOGLE = 'SIGNATURE_REMOVED_BY_GOOGLE';

/** How the stand-in front end serves one function. */
export interface FrontEndOptions {
  /** The function registered with the Functions Framework. */
  readonly functionName: string;
  readonly exposure: 'private' | 'public';
  /** The service's URL: the audience a caller's token must carry. */
  readonly audience: string;
  /** Where Google's certificates are published (`{kid: PEM}`). */
  readonly certificatesUrl: string;
}

/** A running front end: its URL, the requests it let through, and how to stop it. */
export interface RunningFrontEnd {
  readonly url: string;
  /** The `Authorization` headers forwarded to the function, in order. */
  readonly forwardedAuthorizations: (string | undefined)[];
  close(): Promise<void>;
}

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

async function fetchCertificates(url: string): Promise<Record<string, string>> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`certificates: HTTP ${res.status}`);
  return (await res.json()) as Record<string, string>;
}

/** Verifies an ID token as the front end does; the reason it is refused, or null. */
async function refusalOf(
  token: string,
  options: FrontEndOptions,
): Promise<'malformed' | 'signature' | 'claims' | null> {
  const parts = token.split('.');
  if (parts.length !== 3) return 'malformed';
  const [head = '', body = '', signature = ''] = parts;
  let header: { alg?: string; kid?: string };
  let claims: { iss?: string; aud?: string; exp?: number; iat?: number };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return 'malformed';
  }
  const pem = (await fetchCertificates(options.certificatesUrl))[header.kid ?? ''];
  if (header.alg !== 'RS256' || pem === undefined) return 'signature';
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${head}.${body}`),
    createPublicKey(pem),
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return 'signature';
  const now = Date.now() / 1000;
  if (
    !GOOGLE_ISSUERS.includes(claims.iss ?? '') ||
    claims.aud !== options.audience ||
    typeof claims.exp !== 'number' ||
    claims.exp <= now ||
    (claims.iat ?? 0) > now + 60
  ) {
    return 'claims';
  }
  return null;
}

function googleError(res: http.ServerResponse, status: 401 | 403): void {
  const text =
    status === 401
      ? '401 Unauthorized: the request does not carry a valid ID token.'
      : '403 Forbidden: Your client does not have permission to get URL / from this server.';
  res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8' });
  res.end(`<html><head><title>${status}</title></head><body>${text}</body></html>`);
}

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the function behind a stand-in of Google's front end, both on loopback. */
export async function startCloudRunFrontEnd(options: FrontEndOptions): Promise<RunningFrontEnd> {
  const backend = getTestServer(options.functionName);
  const backendPort = await listenOnLoopback(backend);
  const forwarded: (string | undefined)[] = [];
  const front = http.createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers = { ...req.headers };
      if (options.exposure === 'private') {
        const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        if (match?.[1] === undefined) return googleError(res, 403);
        if ((await refusalOf(match[1], options)) !== null) return googleError(res, 401);
        const [head, claims] = match[1].split('.');
        headers.authorization = `Bearer ${head}.${claims}.${SIGNATURE_REMOVED_BY_GOOGLE}`;
      }
      forwarded.push(headers.authorization);
      const upstream = http.request(
        { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => googleError(res, 403));
      upstream.end(body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(front);
  const close = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    forwardedAuthorizations: forwarded,
    close: async () => {
      await close(front);
      await close(backend);
    },
  };
}
