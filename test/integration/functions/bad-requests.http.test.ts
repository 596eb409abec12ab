import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { HTTP_FUNCTIONS } from '../../../functions/index';
import { signRequest } from '../../../functions/auth/hmac-signature';
import { C2RA, OPERATOR_CODES } from '../../../shared/domain/operator';
import { layoutFor } from '../../../sheets/layouts/workbook-layout';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import { clearTestAppContext, HMAC_SECRETS, setTestAppContext } from '../../support/http-functions';

// Every function as served by the Functions Framework, sent what careless or hostile callers
// send: a malformed JSON body, another content type, another charset or encoding, a GET, a body
// that makes the use case fail. Each gets a JSON answer in French — never an HTML page, a stack
// trace or a server path — and no body reaches a log, even with Express in production mode
// (where its final handler logs the parser's error, body included).

const clock = { now: () => new Date('2025-06-02T08:00:00Z') };
/** Personal data a body may carry: none of it may appear in a log line. */
const PERSONAL = ['Lefebvre', 'marie.lefebvre@cbe-lille.fr', '06 12 34 56 78', 'Roubaix'];
const BODY_WITH_DATA = `{"owner":"CBE-LM","nom":"Marie Lefebvre","email":"marie.lefebvre@cbe-lille.fr","tel":"06 12 34 56 78","ville":"Roubaix"`;

/** The server of one function, built as the deployed runtime builds it (NODE_ENV=production). */
function served(name: string) {
  const before = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    return getTestServer(name);
  } finally {
    process.env['NODE_ENV'] = before;
  }
}

function post(name: string, body: string | Buffer, headers: Record<string, string>) {
  return request(served(name))
    .post('/')
    .set(headers)
    .serialize((b: unknown) => b as string)
    .send(body as unknown as string);
}

/** Everything written to stdout, stderr and the console while `run` runs. */
async function capturedLogs(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const keep = (chunk: unknown) => {
    lines.push(typeof chunk === 'string' ? chunk : String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(keep),
    jest.spyOn(process.stderr, 'write').mockImplementation(keep),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(
          args
            .map((a) =>
              a instanceof Error
                ? `${a.stack} ${JSON.stringify(a)}`
                : (JSON.stringify(a) ?? String(a)),
            )
            .join(' '),
        );
      }),
    ),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.join('\n');
}

function expectFrenchJsonError(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message).toMatch(/[éèàû’]|Rien n’a été enregistré|Utilisez POST/);
  expect(res.text).not.toMatch(
    /<html|<pre|<!DOCTYPE|\bat \S+ \(|node_modules|\/work\/|SyntaxError/i,
  );
}

describe('bad requests to every function (functions-framework, production mode)', () => {
  let gateway: InMemoryWorkbookGateway;
  beforeEach(() => {
    gateway = new InMemoryWorkbookGateway();
    for (const owner of [C2RA, ...OPERATOR_CODES]) {
      for (const tab of layoutFor(owner).tabs) {
        gateway.setTab(
          owner,
          tab.name,
          tab.columns.map((c) => c.label),
        );
      }
    }
    setTestAppContext(clock, { gateway });
  });
  afterEach(clearTestAppContext);

  describe.each([...HTTP_FUNCTIONS])('%s', (name) => {
    const signed = (body: string) => signRequest(HMAC_SECRETS['CBE-LM'], body, clock.now());

    it.each([
      ['cut short', '{"owner":'],
      ['with a trailing comma', '{"owner":"CBE-LM",}'],
      ['in single quotes', "{'owner':'CBE-LM'}"],
      ['a bare word', 'pas du json'],
      ['a bare number (strict JSON bodies only)', '12'],
    ])('a malformed JSON body (%s) → JSON 400 in French', async (_case, body) => {
      const res = await post(name, body, { 'content-type': 'application/json', ...signed(body) });
      expectFrenchJsonError(res, 400, 'JSON_MALFORMED');
    });

    it.each([
      ['text/plain', '{"owner":"CBE-LM"}'],
      ['application/x-www-form-urlencoded', 'owner=CBE-LM'],
      ['application/octet-stream', '{"owner":"CBE-LM"}'],
      ['multipart/form-data; boundary=x', '--x\r\n\r\nCBE-LM\r\n--x--'],
    ])('a %s body → 415, not an authentication message', async (type, body) => {
      const res = await post(name, body, { 'content-type': type, ...signed(body) });
      expectFrenchJsonError(res, 415, 'CONTENT_TYPE_UNSUPPORTED');
      expect(res.body.error.message).not.toMatch(/Authentification/);
    });

    it.each([
      ['a charset other than UTF-8', { 'content-type': 'application/json; charset=latin1' }],
      [
        'an unknown content encoding',
        { 'content-type': 'application/json', 'content-encoding': 'x-zip' },
      ],
    ])('%s → JSON 415', async (_case, headers) => {
      const body = '{"owner":"CBE-LM"}';
      const res = await post(name, body, { ...headers, ...signed(body) });
      expectFrenchJsonError(res, 415, 'BODY_ENCODING_UNSUPPORTED');
    });

    it('GET → JSON 405 with Allow: POST', async () => {
      const res = await request(served(name)).get('/');
      expectFrenchJsonError(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers['allow']).toBe('POST');
    });

    it('no body reaches a log: malformed, refused and failing requests', async () => {
      const valid = BODY_WITH_DATA + '}';
      gateway.failWrites = 100;
      const logs = await capturedLogs(async () => {
        await post(name, BODY_WITH_DATA, { 'content-type': 'application/json' });
        await post(name, BODY_WITH_DATA, { 'content-type': 'text/plain' });
        await post(name, valid, { 'content-type': 'application/json' });
        await post(name, valid, { 'content-type': 'application/json', ...signed(valid) });
      });
      expect(logs).toContain('corps de requête refusé');
      for (const data of PERSONAL) expect(logs).not.toContain(data);
    });
  });

  it('a use case that throws → JSON 500 without stack nor path, and the cause kept out of the log', async () => {
    jest
      .spyOn(gateway, 'read')
      .mockRejectedValue(new Error('ENOENT: /srv/dla/classeurs/CBE-LM.xlsx (Marie Lefebvre)'));
    const body = JSON.stringify({ owner: 'CBE-LM' });
    let res: request.Response | undefined;
    const logs = await capturedLogs(async () => {
      res = await post('scoreMission', body, {
        'content-type': 'application/json',
        ...signRequest(HMAC_SECRETS['CBE-LM'], body, clock.now()),
      });
    });
    if (res === undefined) throw new Error('no answer');
    expectFrenchJsonError(res, 500, 'INTERNAL');
    expect(logs).toContain('échec interne');
    expect(logs).not.toMatch(/Lefebvre|\/srv\/dla/);
  });
});
