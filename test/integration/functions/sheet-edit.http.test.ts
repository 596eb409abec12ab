import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import '../../../functions/sheet-edit.http';
import { signRequest } from '../../../functions/auth/hmac-signature';
import { headerOf, rowOf } from '../../support/builders/workbook-rows';
import {
  clearTestAppContext,
  HMAC_SECRETS,
  setTestAppContext,
  signedPostTo,
  type SigningSpreadsheet,
} from '../../support/http-functions';

const clock = { now: () => new Date('2025-06-02T08:00:00Z') };

/** A request to sheetEdit signed with the secret of the spreadsheet it comes from. */
function signedPost(body: unknown, from: SigningSpreadsheet = 'C2RA') {
  return signedPostTo('sheetEdit', body, from, clock.now());
}

/** The real function over an embedded SQLite store and an empty in-memory workbook. */
function context() {
  return setTestAppContext(clock);
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
  afterEach(clearTestAppContext);

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
    // Was 400 PAYLOAD_INVALID: a body labelled text/plain is now refused for its content type.
    ['a body labelled text/plain', 'pas du json', 415, 'CONTENT_TYPE_UNSUPPORTED'],
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
      .set(signRequest(HMAC_SECRETS.C2RA, '', clock.now()));
    expect(res.status).toBe(405);
  });
});
