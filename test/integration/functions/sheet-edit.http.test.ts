import { getTestServer } from '@google-cloud/functions-framework/testing';
import { RecordingMailer } from '../../support/fakes/recording-mailer';
import request from 'supertest';
import '../../../functions/sheet-edit.http';
import { setAuthenticationDependencies } from '../../../functions/auth/with-authentication';
import { signRequest } from '../../../functions/auth/hmac-signature';
import { setAppContext } from '../../../functions/composition-root';
import { loadConfig } from '../../../functions/config';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { headerOf, rowOf } from '../../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';

const clock = { now: () => new Date('2025-06-02T08:00:00Z') };

/** Each spreadsheet's HMAC secret, as the Apps Script holds it in its Script Properties. */
const SECRETS = {
  C2RA: 'secret-de-test-du-classeur-regional-c2ra',
  'CBE-LM': 'secret-de-test-du-classeur-cbe-lille-metropole',
} as const;

/** A request signed with the secret of the spreadsheet it comes from. */
function signedPost(body: unknown, from: keyof typeof SECRETS = 'C2RA') {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return request(getTestServer('sheetEdit'))
    .post('/')
    .set(signRequest(SECRETS[from], raw, clock.now()))
    .set('content-type', typeof body === 'string' ? 'text/plain' : 'application/json')
    .send(raw);
}

function context() {
  const config = loadConfig({ DLA_HMAC_SECRETS: JSON.stringify(SECRETS) });
  if (!config.ok) throw new Error(config.error.message);
  const store = new SqliteRecordStore(':memory:');
  const ctx = {
    config: config.value,
    store,
    gateway: new InMemoryWorkbookGateway(),
    clock,
    mailer: new RecordingMailer(),
    close: () => store.close(),
  };
  setAppContext(ctx);
  return ctx;
}

function event(overrides: Record<string, unknown> = {}) {
  return {
    eventId: 'evt-http-0001',
    spreadsheetId: 'local-C2RA',
    tab: 'Registre',
    editedColumns: [1],
    header: headerOf('provider'),
    rows: [
      {
        rowNumber: 2,
        values: rowOf('provider', {
          legalName: 'Atelier Flandre Conseil',
          postalCode: '59140',
          town: 'Dunkerque',
        }),
      },
    ],
    otherRowIds: [],
    user: 'julie.dubois@c2ra-npdc.fr',
    timestamp: '2025-06-02T07:59:00.000Z',
    ...overrides,
  };
}

describe('sheetEdit over HTTP (functions-framework, embedded SQLite store)', () => {
  afterEach(() => {
    setAppContext(null);
    setAuthenticationDependencies(null);
  });

  it('stores the edit and answers the ID to write back', async () => {
    const ctx = context();
    const res = await signedPost(event());
    expect(res.status).toBe(200);
    expect(res.body.cells).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tab: 'Registre', row: 2, column: 'ID', value: 'PRE-0001' }),
      ]),
    );
    const register = await ctx.store.loadRegister();
    expect(register.map((r) => [r.id, r.data['legalName'], r.data['postalCode']])).toEqual([
      ['PRE-0001', 'Atelier Flandre Conseil', '59140'],
    ]);
    expect(
      (await ctx.store.listAudit('C2RA', 'PRE-0001')).find((a) => a.field === 'legalName')?.who,
    ).toBe('julie.dubois@c2ra-npdc.fr');
  });

  it.each([
    ['a body that is not JSON', 'pas du json', 400, 'PAYLOAD_INVALID'],
    ['a missing event id', event({ eventId: undefined }), 400, 'PAYLOAD_INVALID'],
    ['a wrong type', event({ rows: 'beaucoup' }), 400, 'PAYLOAD_INVALID'],
    [
      'a cell of 50,001+ characters',
      event({ rows: [{ rowNumber: 2, values: ['x'.repeat(50_002)] }] }),
      400,
      'PAYLOAD_INVALID',
    ],
    [
      'an unknown spreadsheet',
      event({ spreadsheetId: 'feuille-pirate' }),
      403,
      'SPREADSHEET_UNKNOWN',
    ],
    [
      'an operator spreadsheet editing the register',
      event({ spreadsheetId: 'local-CBE-LM' }),
      422,
      'TAB_NOT_OWNED',
    ],
  ])('refuses %s with a clear 4xx and stores nothing', async (_label, body, status, code) => {
    const ctx = context();
    const from =
      typeof body === 'object' && body.spreadsheetId === 'local-CBE-LM' ? 'CBE-LM' : 'C2RA';
    const res = await signedPost(body, from);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(await ctx.store.loadRegister()).toEqual([]);
  });

  it('refuses an unsigned request with 401 and stores nothing', async () => {
    const ctx = context();
    const res = await request(getTestServer('sheetEdit')).post('/').send(event());
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(await ctx.store.loadRegister()).toEqual([]);
  });

  it('refuses GET', async () => {
    context();
    const res = await request(getTestServer('sheetEdit'))
      .get('/')
      .set(signRequest(SECRETS.C2RA, '', clock.now()));
    expect(res.status).toBe(405);
  });
});
