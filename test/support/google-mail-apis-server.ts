/**
 * Stand-ins of the three Google endpoints Gmail's domain-wide delegation goes through, on one
 * loopback server, reached through the clients' endpoint options:
 *
 * - IAM Credentials `POST /v1/projects/-/serviceAccounts/{account}:signJwt`: requires a bearer
 *   token (the function's own identity), refuses (403 PERMISSION_DENIED, as Google does) an account
 *   the caller may not sign for — the missing « Service Account Token Creator » role — and
 *   otherwise signs the payload as is with the account's key (RS256), as Google does.
 * - OAuth `POST /token` (grant_type jwt-bearer): verifies the assertion's signature, `aud` (Google's
 *   token URL), `iat`/`exp`, and that the Workspace admin delegated the requested scope to this
 *   service account's client (401 `unauthorized_client` otherwise, Google's own words), and that
 *   the subject is a user of the domain (400 `invalid_grant` otherwise); answers an access token.
 * - Gmail `POST /gmail/v1/users/{userId}/messages/send`: accepts only a token issued for that
 *   user (or `me`), keeps the raw message.
 *
 * Not modelled: key rotation and `keyId`, quotas, token caching by Google, Gmail's own checks of
 * the message (a From the user may not send as, size limits).
 *
 * @packageDocumentation
 */
import { createSign, createVerify, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from './loopback-server';

/** How the stand-in Workspace is set up. */
export interface GoogleMailSetup {
  /** The function's identity token the IAM endpoint expects as bearer. */
  readonly identityToken: string;
  /** The service accounts the caller may sign for (holds Token Creator on). */
  readonly signers: readonly string[];
  /** Service accounts whose client the admin authorised, with the scopes granted. */
  readonly delegations: Readonly<Record<string, readonly string[]>>;
  /** The users of the domain (possible subjects). */
  readonly users: readonly string[];
}

/** What the stand-in saw. */
export interface GoogleMailTraffic {
  /** The claims of each JWT the IAM endpoint was asked to sign, in order. */
  readonly signedClaims: Record<string, unknown>[];
  /** The token requests, as form fields. */
  readonly tokenRequests: Record<string, string>[];
  /** Each sent message: the `userId` of the path and the decoded raw MIME message. */
  readonly sent: { userId: string; raw: Buffer }[];
}

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function googleError(res: http.ServerResponse, code: number, status: string, message: string) {
  json(res, code, { error: { code, message, status } });
}

async function bodyOf(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function signJwt(payload: string): string {
  const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'cle-sa' })).toString(
    'base64url',
  );
  const body = Buffer.from(payload).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(keys.privateKey);
  return `${head}.${body}.${signature.toString('base64url')}`;
}

function verifiedClaims(jwt: string): Record<string, unknown> | null {
  const [head = '', body = '', signature = ''] = jwt.split('.');
  const valid = createVerify('RSA-SHA256')
    .update(`${head}.${body}`)
    .verify(keys.publicKey, Buffer.from(signature, 'base64url'));
  if (!valid) return null;
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Starts the three endpoints on loopback; `setup` may be changed between requests. */
export async function startGoogleMailApis(setup: GoogleMailSetup): Promise<{
  readonly url: string;
  readonly traffic: GoogleMailTraffic;
  setup: GoogleMailSetup;
  close(): Promise<void>;
}> {
  const traffic: GoogleMailTraffic = { signedClaims: [], tokenRequests: [], sent: [] };
  const tokens = new Map<string, string>();
  const state = { setup };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const current = state.setup;
    const sign = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):signJwt$/.exec(url.pathname);
    if (req.method === 'POST' && sign) {
      const account = decodeURIComponent(sign[1] ?? '');
      if (req.headers.authorization !== `Bearer ${current.identityToken}`) {
        return googleError(
          res,
          401,
          'UNAUTHENTICATED',
          'Request had invalid authentication credentials.',
        );
      }
      if (!current.signers.includes(account)) {
        return googleError(
          res,
          403,
          'PERMISSION_DENIED',
          "Permission 'iam.serviceAccounts.signJwt' denied on resource (or it may not exist).",
        );
      }
      const { payload } = JSON.parse(await bodyOf(req)) as { payload: string };
      traffic.signedClaims.push(JSON.parse(payload) as Record<string, unknown>);
      return json(res, 200, { keyId: 'cle-sa', signedJwt: signJwt(payload) });
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = Object.fromEntries(new URLSearchParams(await bodyOf(req)));
      traffic.tokenRequests.push(form);
      const claims = form['assertion'] ? verifiedClaims(form['assertion']) : null;
      const now = Date.now() / 1000;
      if (
        form['grant_type'] !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
        claims === null ||
        claims['aud'] !== 'https://oauth2.googleapis.com/token' ||
        typeof claims['exp'] !== 'number' ||
        claims['exp'] < now ||
        claims['exp'] - Number(claims['iat']) > 3600
      ) {
        return json(res, 400, {
          error: 'invalid_grant',
          error_description: 'Invalid JWT Signature.',
        });
      }
      const granted = current.delegations[String(claims['iss'])] ?? [];
      if (
        !String(claims['scope'])
          .split(' ')
          .every((s) => granted.includes(s))
      ) {
        return json(res, 401, {
          error: 'unauthorized_client',
          error_description:
            'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
        });
      }
      if (!current.users.includes(String(claims['sub']))) {
        return json(res, 400, {
          error: 'invalid_grant',
          error_description: 'Invalid email or User ID',
        });
      }
      const token = `ya29.jeton-${randomUUID()}`;
      tokens.set(token, String(claims['sub']));
      return json(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
    }
    const send = /^\/gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(url.pathname);
    if (req.method === 'POST' && send) {
      const userId = decodeURIComponent(send[1] ?? '');
      const owner = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (owner === undefined) {
        return googleError(
          res,
          401,
          'UNAUTHENTICATED',
          'Request had invalid authentication credentials.',
        );
      }
      if (userId !== 'me' && userId !== owner) {
        return googleError(res, 403, 'PERMISSION_DENIED', 'Delegation denied for this user.');
      }
      const { raw } = JSON.parse(await bodyOf(req)) as { raw: string };
      traffic.sent.push({ userId, raw: Buffer.from(raw, 'base64url') });
      return json(res, 200, { id: randomUUID(), threadId: randomUUID(), labelIds: ['SENT'] });
    }
    return googleError(res, 404, 'NOT_FOUND', 'Not found.');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => googleError(res, 500, 'INTERNAL', 'Internal error.'));
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    traffic,
    get setup() {
      return state.setup;
    },
    set setup(next: GoogleMailSetup) {
      state.setup = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
