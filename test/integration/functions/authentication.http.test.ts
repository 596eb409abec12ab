import { createSign, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { HTTP_FUNCTIONS } from '../../../functions/index';
import { UNAUTHENTICATED_MESSAGE } from '../../../functions/auth/authenticate-request';
import { ReplayGuard, signRequest } from '../../../functions/auth/hmac-signature';
import { IdTokenVerifier } from '../../../functions/auth/id-token-verifier';
import { setAuthenticationDependencies } from '../../../functions/auth/with-authentication';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../../shared/domain/operator';
import type { RecordStore } from '../../../shared/ports/record-store';
import { headerOf, rowOf } from '../../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import { clearTestAppContext, setTestAppContext } from '../../support/http-functions';

// Every HTTP function registered in functions/index.ts is attacked here: no credential, a
// tampered body, a replay, an expired credential, another operator's credential. Each attack is
// refused with 401/403 and the store is left exactly as it was.

const clock = { now: () => new Date('2025-06-02T08:00:00Z') };
const OWNERS: readonly WorkbookOwner[] = [C2RA, ...OPERATOR_CODES];
const SECRETS = Object.fromEntries(
  OWNERS.map((owner) => [owner, `secret-de-test-${owner}-`.padEnd(48, 'x')]),
) as Record<WorkbookOwner, string>;
const USERS: Partial<Record<WorkbookOwner, string>> = {
  'CBE-LM': 'marie.lefebvre@cbe-lille.fr',
  'EE-DK': 'paul.martin@entreprendre-ensemble.fr',
  C2RA: 'julie.dubois@c2ra-npdc.fr',
};
const APPS_SCRIPT_AUDIENCE = '123456789-appsscript.apps.googleusercontent.com';
const SCHEDULER = 'planificateur@dla-npdc.iam.gserviceaccount.com';
const FUNCTIONS_URL = 'https://europe-west1-dla-npdc.cloudfunctions.net';

// Google's signing key, played by a locally generated key pair: nothing reaches the network.
const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'cle-locale';
const certificates = async () => ({
  [KID]: google.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});

function idToken(
  audience: string,
  email: string,
  lifetime: { iat: number; exp: number } | null = null,
) {
  const now = Math.floor(Date.now() / 1000);
  const times = lifetime ?? { iat: now - 30, exp: now + 3000 };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const claims = {
    iss: 'https://accounts.google.com',
    aud: audience,
    sub: '42',
    email,
    email_verified: true,
    ...times,
  };
  const signed = `${encode({ alg: 'RS256', typ: 'JWT', kid: KID })}.${encode(claims)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(google.privateKey).toString('base64url')}`;
}

function userOf(owner: WorkbookOwner): string {
  const user = USERS[owner];
  if (user === undefined) throw new Error(`no test user for ${owner}`);
  return user;
}

/** How one function is attacked: a body acting on `tenant`'s workbook, and another operator. */
interface FunctionCase {
  readonly body: Readonly<Record<string, unknown>>;
  readonly tenant: WorkbookOwner;
  readonly intruder: WorkbookOwner;
  readonly scheduler: boolean;
  /** Whether an accepted call changes the store (then the control proves the body is effective). */
  readonly changesStore: boolean;
}

const CASES: Readonly<Record<string, FunctionCase>> = {
  sheetEdit: {
    body: {
      eventId: 'evt-securite-0001',
      spreadsheetId: 'local-CBE-LM',
      tab: 'Structures',
      editedColumns: [1],
      header: headerOf('beneficiary'),
      rows: [
        {
          rowNumber: 2,
          values: rowOf('beneficiary', {
            name: 'Association Les Jardins de Wazemmes',
            town: 'Lille',
            postalCode: '59000',
          }),
        },
      ],
      otherRowIds: [],
      user: 'marie.lefebvre@cbe-lille.fr',
      timestamp: '2025-06-02T07:59:00.000Z',
    },
    tenant: 'CBE-LM',
    intruder: 'EE-DK',
    scheduler: false,
    changesStore: true,
  },
  syncSpreadsheet: {
    body: { owner: 'CBE-LM' },
    tenant: 'CBE-LM',
    intruder: 'EE-DK',
    scheduler: true,
    changesStore: true,
  },
  dailyAlerts: {
    body: { owner: 'CBE-LM' },
    tenant: 'CBE-LM',
    intruder: 'EE-DK',
    scheduler: true,
    changesStore: true,
  },
  regionalConsolidation: {
    body: { workbook: false, file: true },
    tenant: C2RA,
    intruder: 'CBE-LM',
    scheduler: true,
    changesStore: true,
  },
  registerExport: {
    body: { format: 'csv' },
    tenant: C2RA,
    intruder: 'EE-DK',
    scheduler: true,
    changesStore: true,
  },
  scoreMission: {
    body: { owner: 'CBE-LM' },
    tenant: 'CBE-LM',
    intruder: 'EE-DK',
    scheduler: false,
    changesStore: true,
  },
};

let workspace = '';

function context(): RecordStore {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-auth-'));
  const env = {
    DLA_WORKSPACE: workspace,
    DLA_HMAC_SECRETS: JSON.stringify(SECRETS),
    DLA_ID_TOKEN_AUDIENCE: APPS_SCRIPT_AUDIENCE,
    DLA_ALLOWED_USERS: JSON.stringify({
      'CBE-LM': ['@cbe-lille.fr'],
      'EE-DK': ['paul.martin@entreprendre-ensemble.fr'],
      C2RA: ['julie.dubois@c2ra-npdc.fr'],
    }),
    DLA_SCHEDULER_SERVICE_ACCOUNT: SCHEDULER,
    DLA_FUNCTIONS_BASE_URL: FUNCTIONS_URL,
  };
  const gateway = new InMemoryWorkbookGateway();
  gateway.setTab('CBE-LM', 'Structures', headerOf('beneficiary'), [
    rowOf('beneficiary', {
      name: 'Association Les Jardins de Wazemmes',
      town: 'Lille',
      postalCode: '59000',
    }),
  ]);
  gateway.setTab(C2RA, 'Registre', headerOf('provider'), [
    rowOf('provider', {
      legalName: 'Atelier Flandre Conseil',
      postalCode: '59140',
      town: 'Dunkerque',
    }),
  ]);
  const { store } = setTestAppContext(clock, { env, gateway });
  setAuthenticationDependencies({
    replays: new ReplayGuard(),
    idTokens: new IdTokenVerifier(certificates),
  });
  return store;
}

/** The files of the workspace (exports written by a function), with their sizes. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return `${path.relative(dir, file)}:${fs.statSync(file).size}`;
    })
    .sort();
}

/** Everything the store holds, for every owner, and the files the functions wrote. */
async function snapshot(store: RecordStore) {
  const owners = [];
  for (const owner of OWNERS) {
    const state = await store.loadOwner(owner);
    owners.push({
      owner,
      records: state.records,
      quarantineKeys: [...state.quarantineKeys].sort(),
      audit: await store.listAudit(owner),
      quarantine: await store.listQuarantine(owner),
      documents: await Promise.all(
        ['parameters', 'alert-states', 'mail-log'].map((name) => store.readDocument(owner, name)),
      ),
      entries: await Promise.all(
        ['alert-states', 'mail-log'].map(async (family) => [
          ...(await store.readEntries(owner, family)),
        ]),
      ),
    });
  }
  const jobRuns = [...(await store.readEntries('system', 'job-runs'))];
  return { owners, jobRuns, register: await store.loadRegister(), files: files(workspace) };
}

function post(name: string, raw: string, headers: Readonly<Record<string, string>> = {}) {
  return request(getTestServer(name))
    .post('/')
    .set('content-type', 'application/json')
    .set(headers)
    .send(raw);
}

const UNAUTHENTICATED = { error: { code: 'UNAUTHENTICATED', message: UNAUTHENTICATED_MESSAGE } };

describe('every HTTP function authenticates its caller and keeps tenants apart', () => {
  let store: RecordStore;
  beforeEach(() => {
    store = context();
  });
  afterEach(async () => {
    clearTestAppContext();
    await store.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('has an attack case for every registered function', () => {
    expect(HTTP_FUNCTIONS.length).toBeGreaterThan(0);
    expect(HTTP_FUNCTIONS.filter((name) => CASES[name] === undefined)).toEqual([]);
  });

  describe.each(HTTP_FUNCTIONS.filter((name) => CASES[name] !== undefined))('%s', (name) => {
    const fn = CASES[name] as FunctionCase;
    const raw = JSON.stringify(fn.body);
    const signedBy = (owner: WorkbookOwner, at: Date = clock.now()) =>
      signRequest(SECRETS[owner], raw, at);
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

    async function expectRefused(
      send: () => Promise<request.Response>,
      status: 401 | 403,
    ): Promise<request.Response> {
      const before = await snapshot(store);
      const res = await send();
      expect(res.status).toBe(status);
      if (status === 401) expect(res.body).toEqual(UNAUTHENTICATED);
      else expect(res.body.error.code).toBe('FORBIDDEN');
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(await snapshot(store)).toEqual(before);
      return res;
    }

    it("accepts the tenant's own spreadsheet, signed (control)", async () => {
      const before = await snapshot(store);
      const res = await post(name, raw, signedBy(fn.tenant));
      expect(res.status).toBeLessThan(300);
      if (fn.changesStore) expect(await snapshot(store)).not.toEqual(before);
    });

    it("accepts the tenant's own user's identity token (control)", async () => {
      const res = await post(name, raw, bearer(idToken(APPS_SCRIPT_AUDIENCE, userOf(fn.tenant))));
      expect(res.status).toBeLessThan(300);
    });

    it('unauthenticated → 401, store unchanged', async () => {
      await expectRefused(() => post(name, raw), 401);
    });

    it('tampered body → 401, store unchanged', async () => {
      const tampered = raw.includes(fn.tenant)
        ? raw.replace(fn.tenant, fn.intruder)
        : raw.replace(/}$/, ' }');
      expect(tampered).not.toBe(raw);
      await expectRefused(() => post(name, tampered, signedBy(fn.tenant)), 401);
    });

    it('replayed signed request → 401, store unchanged by the replay', async () => {
      const headers = signedBy(fn.tenant);
      expect((await post(name, raw, headers)).status).toBeLessThan(300);
      await expectRefused(() => post(name, raw, headers), 401);
    });

    it('signature 6 minutes old, or a garbage signature → 401', async () => {
      await expectRefused(
        () => post(name, raw, signedBy(fn.tenant, new Date(clock.now().getTime() - 360_000))),
        401,
      );
      await expectRefused(
        () =>
          post(name, raw, {
            'X-DLA-Timestamp': signedBy(fn.tenant)['X-DLA-Timestamp'],
            'X-DLA-Signature': 'zz',
          }),
        401,
      );
    });

    it('expired, foreign or unknown-user identity tokens → 401', async () => {
      const hourAgo = Math.floor(Date.now() / 1000) - 3600;
      const expired = idToken(APPS_SCRIPT_AUDIENCE, userOf(fn.tenant), {
        iat: hourAgo - 600,
        exp: hourAgo,
      });
      await expectRefused(() => post(name, raw, bearer(expired)), 401);
      await expectRefused(
        () => post(name, raw, bearer(idToken('autre-client', userOf(fn.tenant)))),
        401,
      );
      await expectRefused(
        () => post(name, raw, bearer(idToken(APPS_SCRIPT_AUDIENCE, 'intrus@gmail.com'))),
        401,
      );
      await expectRefused(
        () => post(name, raw, bearer(`${idToken(APPS_SCRIPT_AUDIENCE, userOf(fn.tenant))}x`)),
        401,
      );
    });

    it('a valid identity token sent alongside does not rescue a tampered or replayed signature', async () => {
      const token = bearer(idToken(APPS_SCRIPT_AUDIENCE, userOf(fn.tenant)));
      const headers = signedBy(fn.tenant);
      await expectRefused(() => post(name, `${raw} `, { ...headers, ...token }), 401);
      expect((await post(name, raw, { ...headers, ...token })).status).toBeLessThan(300);
      await expectRefused(() => post(name, raw, { ...headers, ...token }), 401);
    });

    it('an oversized body → 413 before any signature is computed, store unchanged', async () => {
      const huge = JSON.stringify({ ...fn.body, padding: 'x'.repeat(2_000_000) });
      const before = await snapshot(store);
      const res = await post(name, huge, signRequest(SECRETS[fn.tenant], huge, clock.now()));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await snapshot(store)).toEqual(before);
    });

    it("another operator's secret on the tenant's workbook → 403, store unchanged", async () => {
      await expectRefused(() => post(name, raw, signedBy(fn.intruder)), 403);
    });

    it("another operator's user on the tenant's workbook → 403, store unchanged", async () => {
      await expectRefused(
        () => post(name, raw, bearer(idToken(APPS_SCRIPT_AUDIENCE, userOf(fn.intruder)))),
        403,
      );
    });

    it(
      fn.scheduler ? 'Cloud Scheduler → accepted' : 'Cloud Scheduler → 403, store unchanged',
      async () => {
        const headers = bearer(idToken(`${FUNCTIONS_URL}/${name}`, SCHEDULER));
        if (fn.scheduler) expect((await post(name, raw, headers)).status).toBeLessThan(300);
        else await expectRefused(() => post(name, raw, headers), 403);
      },
    );

    it('a scheduler token meant for another function, or from another account → 401', async () => {
      await expectRefused(
        () => post(name, raw, bearer(idToken(`${FUNCTIONS_URL}/autreFonction`, SCHEDULER))),
        401,
      );
      await expectRefused(
        () =>
          post(
            name,
            raw,
            bearer(idToken(`${FUNCTIONS_URL}/${name}`, 'autre@dla-npdc.iam.gserviceaccount.com')),
          ),
        401,
      );
    });

    it('never logs the credential', async () => {
      const lines: string[] = [];
      const capture = (chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      };
      const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
      const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
      const token = idToken(APPS_SCRIPT_AUDIENCE, userOf(fn.intruder));
      const signed = signedBy(fn.intruder);
      try {
        await post(name, raw, bearer(token));
        await post(name, raw, signed);
        await post(name, `${raw} `, signedBy(fn.tenant));
      } finally {
        out.mockRestore();
        err.mockRestore();
      }
      const logged = lines.join('');
      expect(logged).toContain('appel refusé');
      for (const secret of [
        token,
        token.split('.')[2] ?? '',
        signed['X-DLA-Signature'],
        SECRETS[fn.intruder],
        userOf(fn.intruder),
      ]) {
        expect(logged).not.toContain(secret);
      }
    });
  });
});
