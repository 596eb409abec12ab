/**
 * Google's identity tokens, played locally: an RSA key pair generated per test run signs RS256
 * tokens with the claims Google puts in them (Cloud Scheduler's OIDC tokens, Apps Script users'
 * tokens), and a loopback server publishes the public key the way Google publishes its
 * certificates (`GET /oauth2/v1/certs` → `{kid: PEM}`). Nothing reaches the network.
 *
 * @packageDocumentation
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from './loopback-server';

/** The key id tokens are signed with, as in their header. */
export const TEST_KEY_ID = 'cle-de-test-google';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The public key, PEM, as Google's certificate endpoint gives it. */
export const TEST_PUBLIC_KEY_PEM = keys.publicKey
  .export({ type: 'spki', format: 'pem' })
  .toString();

/** The claims of a Google identity token; `iat`/`exp` default to now − 30 s and now + 1 h. */
export interface IdTokenClaims {
  readonly aud: string;
  readonly email: string;
  readonly email_verified?: boolean;
  readonly iss?: string;
  readonly iat?: number;
  readonly exp?: number;
}

/** A Google identity token, signed with the test key (RS256). */
export function signedIdToken(claims: IdTokenClaims, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const payload = {
    iss: 'https://accounts.google.com',
    azp: '112233445566778899001',
    sub: '112233445566778899001',
    email_verified: true,
    iat: now - 30,
    exp: now + 3600,
    ...claims,
  };
  const signed = `${encode({ alg: 'RS256', kid: TEST_KEY_ID, typ: 'JWT' })}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(keys.privateKey);
  return `${signed}.${signature.toString('base64url')}`;
}

/** The certificates as the verifier's source gives them (injected, no HTTP). */
export async function testCertificates(): Promise<Record<string, string>> {
  return { [TEST_KEY_ID]: TEST_PUBLIC_KEY_PEM };
}

/** A loopback server publishing the test key as Google publishes its certificates. */
export async function startCertificatesServer(): Promise<{
  readonly url: string;
  readonly requests: () => number;
  close(): Promise<void>;
}> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count += 1;
    if (req.method !== 'GET' || req.url !== '/oauth2/v1/certs') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=UTF-8',
      'cache-control': 'public, max-age=3600',
    });
    res.end(JSON.stringify({ [TEST_KEY_ID]: TEST_PUBLIC_KEY_PEM }));
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/oauth2/v1/certs`,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
