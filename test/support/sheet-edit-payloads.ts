/**
 * The random payloads of the sheetEdit fuzz test (fast-check): near-valid edit events whose
 * cells hold huge texts, control characters, lone surrogates, formulas, extreme numbers and
 * wrong types; random and deep JSON; malformed bodies and invalid UTF-8; bad proofs.
 */
import fc from 'fast-check';
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import type { RecordKind } from '../../shared/domain/record-id';
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import { headerOf } from './builders/workbook-rows';
import { nastyCharacter } from './nasty-characters';

/** The fuzz test's first instant: edits are dated around it. */
export const BASE_TIME = Date.parse('2025-06-02T08:00:00.000Z');

/** A payload as sent: the exact bytes, how they are labelled and how they are signed. */
export interface Payload {
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

export const payload: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 12, arbitrary: nearValidEvent },
  { weight: 3, arbitrary: randomJson },
  { weight: 1, arbitrary: deepJson },
  { weight: 2, arbitrary: malformed },
  { weight: 2, arbitrary: badProof },
);
