import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { OAuth2Client } from 'google-auth-library';
import request from 'supertest';
import { HTTP_FUNCTIONS } from '../../../functions/index';
import { FUNCTION_DEPLOYMENTS } from '../../../scripts/deploy/deploy-plan';
import { ReplayGuard } from '../../../functions/auth/hmac-signature';
import { googleCertificates, IdTokenVerifier } from '../../../functions/auth/id-token-verifier';
import { setAuthenticationDependencies } from '../../../functions/auth/with-authentication';
import { declaredFunctionNames, exposureOf } from '../../../functions/http-function';
import { C2RA, OPERATOR_CODES } from '../../../shared/domain/operator';
import { layoutFor } from '../../../sheets/layouts/workbook-layout';
import { headerOf, rowOf } from '../../support/builders/workbook-rows';
import {
  SIGNATURE_REMOVED_BY_GOOGLE,
  startCloudRunFrontEnd,
  type RunningFrontEnd,
} from '../../support/cloud-run-front-end';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import { signedIdToken, startCertificatesServer } from '../../support/google-id-tokens';
import { clearTestAppContext, setTestAppContext } from '../../support/http-functions';

// Cloud Scheduler calls the private functions through Google's front end, which verifies its
// token and forwards it with the signature removed: each private function must answer 200 to
// the scheduler's account and 403 to any other, and a public function must refuse a token whose
// signature was removed (anyone can write one). Token → front end → functions-framework.

const SCHEDULER = 'dla-scheduler@dla-npdc.iam.gserviceaccount.com';
const OTHER_ACCOUNT = 'dla-functions@dla-npdc.iam.gserviceaccount.com';
const BASE_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net';
const APPS_SCRIPT = '123456789-appsscript.apps.googleusercontent.com';
const CBE_USER = 'marie.lefebvre@cbe-lille.fr';
const clock = { now: () => new Date() };

const PRIVATE = ['dailyAlerts', 'regionalConsolidation', 'registerExport'] as const;
const PUBLIC = ['sheetEdit', 'scoreMission', 'syncSpreadsheet'] as const;

let certs: Awaited<ReturnType<typeof startCertificatesServer>>;
let workspace = '';
const running: RunningFrontEnd[] = [];

beforeAll(async () => {
  certs = await startCertificatesServer();
});
afterAll(() => certs.close());

beforeEach(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-front-end-'));
  const gateway = new InMemoryWorkbookGateway();
  // Every workbook laid out as deployed, empty; the register holds one provider.
  for (const owner of [C2RA, ...OPERATOR_CODES]) {
    for (const tab of layoutFor(owner).tabs) {
      gateway.setTab(
        owner,
        tab.name,
        tab.columns.map((c) => c.label),
      );
    }
  }
  gateway.setTab(C2RA, 'Registre', headerOf('provider'), [
    rowOf('provider', { legalName: 'Atelier Flandre Conseil', postalCode: '59140' }),
  ]);
  setTestAppContext(clock, {
    gateway,
    env: {
      DLA_WORKSPACE: workspace,
      DLA_ID_TOKEN_AUDIENCE: APPS_SCRIPT,
      DLA_ALLOWED_USERS: JSON.stringify({ 'CBE-LM': [CBE_USER] }),
      DLA_SCHEDULER_SERVICE_ACCOUNT: SCHEDULER,
      DLA_FUNCTIONS_BASE_URL: BASE_URL,
    },
  });
  // Google's certificates fetched over HTTP from the test key's endpoint, as in production.
  const client = new OAuth2Client({
    endpoints: { oauth2FederatedSignonPemCertsUrl: certs.url },
    // gaxios 7's import('node-fetch') fails inside jest: see test/support/sheets-api-server.ts.
    transporterOptions: { fetchImplementation: fetch },
  });
  setAuthenticationDependencies({
    replays: new ReplayGuard(),
    idTokens: new IdTokenVerifier(googleCertificates(client)),
  });
});

afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
  clearTestAppContext();
  fs.rmSync(workspace, { recursive: true, force: true });
});

async function frontEnd(name: string): Promise<RunningFrontEnd> {
  const exposure = exposureOf(name);
  if (exposure === undefined) throw new Error(`${name} is not declared`);
  const started = await startCloudRunFrontEnd({
    functionName: name,
    exposure,
    audience: `${BASE_URL}/${name}`,
    certificatesUrl: certs.url,
  });
  running.push(started);
  return started;
}

/** What Cloud Scheduler sends: POST, `{}`, JSON, its OIDC token for the function's URL. */
function schedulerCall(front: RunningFrontEnd, token?: string) {
  const call = request(front.url).post('/').set('content-type', 'application/json');
  return (token === undefined ? call : call.set('authorization', `Bearer ${token}`)).send('{}');
}

function stripped(token: string): string {
  return `${token.split('.').slice(0, 2).join('.')}.${SIGNATURE_REMOVED_BY_GOOGLE}`;
}

describe.each(PRIVATE)('%s, private, behind the front end', (name) => {
  const audience = `${BASE_URL}/${name}`;

  it('is declared private', () => {
    expect(exposureOf(name)).toBe('private');
  });

  it("answers 200 to the scheduler's account, the token reaching it without its signature", async () => {
    const front = await frontEnd(name);
    const res = await schedulerCall(front, signedIdToken({ aud: audience, email: SCHEDULER }));
    expect(res.status).toBe(200);
    expect(front.forwardedAuthorizations).toHaveLength(1);
    expect(front.forwardedAuthorizations[0]).toMatch(/\.SIGNATURE_REMOVED_BY_GOOGLE$/);
  });

  it.each([
    ['another service account of the project', OTHER_ACCOUNT],
    ['a person of the domain', CBE_USER],
  ])('answers 403 to %s whose token the front end let through', async (_who, email) => {
    const front = await frontEnd(name);
    const res = await schedulerCall(front, signedIdToken({ aud: audience, email }));
    expect(front.forwardedAuthorizations).toHaveLength(1);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['expired an hour ago', { exp: Math.floor(Date.now() / 1000) - 3600 }, 401],
    ['for another function', { aud: `${BASE_URL}/autreFonction` }, 401],
    ['signed by another key', null, 401],
    ['absent', undefined, 403],
  ] as const)('never reaches the function with a token %s', async (_case, change, status) => {
    const front = await frontEnd(name);
    const good = signedIdToken({ aud: audience, email: SCHEDULER, ...change });
    const token = change === null ? `${good.slice(0, -8)}AAAAAAAA` : good;
    const res = await schedulerCall(front, change === undefined ? undefined : token);
    expect(res.status).toBe(status);
    expect(front.forwardedAuthorizations).toEqual([]);
  });

  it('refuses by its own check a stripped token that is expired or has no verified e-mail', async () => {
    const expired = stripped(
      signedIdToken({ aud: audience, email: SCHEDULER, exp: Math.floor(Date.now() / 1000) - 900 }),
    );
    const unverified = stripped(
      signedIdToken({ aud: audience, email: SCHEDULER, email_verified: false }),
    );
    for (const token of [expired, unverified]) {
      const res = await request(getTestServer(name))
        .post('/')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token}`)
        .send('{}');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe.each(PUBLIC)('%s, public', (name) => {
  const audience = `${BASE_URL}/${name}`;

  it('is declared public', () => {
    expect(exposureOf(name)).toBe('public');
  });

  it('refuses (401) the token the front end passes to a private function, signature removed', async () => {
    const front = await frontEnd(name);
    const scheduler = stripped(signedIdToken({ aud: audience, email: SCHEDULER }));
    const user = stripped(signedIdToken({ aud: APPS_SCRIPT, email: CBE_USER }));
    for (const token of [scheduler, user]) {
      const res = await request(front.url)
        .post('/')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token}`)
        .send(JSON.stringify({ owner: 'CBE-LM' }));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect(front.forwardedAuthorizations).toHaveLength(2);
  });
});

describe('exposure of every function', () => {
  it.each([...HTTP_FUNCTIONS])('%s is declared as the deploy plan deploys it', (name) => {
    // The claims-only check is safe only behind the front end: a function declared private
    // must be deployed --no-allow-unauthenticated, and the other way round.
    expect(exposureOf(name)).toBe(FUNCTION_DEPLOYMENTS[name].access);
  });

  it('every declared function is registered in functions/index.ts', () => {
    expect(declaredFunctionNames().sort()).toEqual([...HTTP_FUNCTIONS].sort());
  });
});

describe('syncSpreadsheet, public and scheduled', () => {
  it("accepts the scheduler's token with its signature, verified against the published certificates", async () => {
    const front = await frontEnd('syncSpreadsheet');
    const before = certs.requests();
    const token = signedIdToken({ aud: `${BASE_URL}/syncSpreadsheet`, email: SCHEDULER });
    const res = await schedulerCall(front, token);
    expect(res.status).toBe(200);
    expect(res.body.reports).toHaveLength(7);
    expect(certs.requests()).toBeGreaterThan(before);
    expect(front.forwardedAuthorizations).toEqual([`Bearer ${token}`]);
  });
});
