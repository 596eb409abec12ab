import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { EXPORT_CONTENT_TYPES, GcsExportSink } from '../../functions/adapters/gcs-export-sink';
import { FileExportSink } from '../../functions/adapters/xlsx-export-writer';
import { exportSinkFor } from '../../functions/composition-root';
import { loadConfig } from '../../functions/config';
import type { Clock } from '../../shared/ports/clock';
import type { ExportColumn, ExportRow } from '../../shared/domain/export-sheet';
import type { ExportSink } from '../../shared/ports/export-sink';
import { regionalConsolidation } from '../../shared/use-cases/regional-consolidation';
import { registerExport } from '../../shared/use-cases/register-export';
import {
  allRecords,
  AT,
  registeredProvider,
  SECRET,
} from '../support/builders/consolidation-fixtures';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../support/fakes/in-memory-workbook-gateway';
import {
  createStorageTestClient,
  startGcsTestServer,
  type GcsTestServer,
} from '../support/gcs-test-server';

/*
 * The exports of the deployed functions, written by the real @google-cloud/storage client to a
 * local Cloud Storage JSON API server: the same bytes as the local files, dated object names,
 * the retention, the client's retries, and Cloud Storage's refusals as French failure values.
 */

const BUCKET = 'dla-npdc-test-dla-exports';
const clock: Clock = { now: () => new Date(AT) };
const REGISTER_XLSX = 'exports/registre-prestataires-2026-11-27.xlsx';
const REGISTER_CSV = 'exports/registre-prestataires-2026-11-27.csv';

/** A provider whose name is a formula and another whose name needs CSV quoting. */
const TRICKY_PROVIDERS = [
  registeredProvider('PRE-0004', { legalName: '=HYPERLINK("http://x.example";"clic")' }),
  registeredProvider('PRE-0005', { legalName: 'Conseil; Formation "Nord"' }),
];

let server: GcsTestServer;
let dir = '';
beforeEach(async () => {
  server = await startGcsTestServer({ buckets: [BUCKET] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dla-gcs-exports-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function seededStore(): InMemoryRecordStore {
  const store = new InMemoryRecordStore();
  for (const r of [...allRecords(), ...TRICKY_PROVIDERS]) store.records.set(r.id, r);
  return store;
}

function gcsSink(): GcsExportSink {
  return new GcsExportSink({ bucket: createStorageTestClient(server).bucket(BUCKET) });
}

/** The bytes of an object, downloaded by the real client (which checks their CRC32C). */
async function download(name: string): Promise<Buffer> {
  const [bytes] = await createStorageTestClient(server).bucket(BUCKET).file(name).download();
  return bytes;
}

async function openWorkbook(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Every cell of every tab with its value and number format, and each tab's frozen view. */
function contentOf(workbook: Workbook): unknown[] {
  const content: unknown[] = [];
  workbook.eachSheet((sheet) => {
    content.push({ sheet: sheet.name, views: sheet.views, autoFilter: sheet.autoFilter });
    sheet.eachRow((row) =>
      row.eachCell((cell) =>
        content.push([sheet.name, cell.address, cell.value, cell.numFmt, cell.font?.bold]),
      ),
    );
  });
  return content;
}

/**
 * One turn of the event loop, as a producer reading its rows from a store gives: the test server
 * runs in this process, and reads its socket only when the writer lets the loop turn (a remote
 * Cloud Storage reads on its own; the bytes would otherwise wait in the kernel's socket buffers).
 */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function expectNoSecret(bytes: Buffer | string): void {
  expect(bytes.toString()).not.toContain(SECRET);
}

describe('register export to Cloud Storage', () => {
  it('uploads the dated .xlsx in one simple upload; exceljs opens it with the cells of the file export', async () => {
    const result = await registerExport(
      { store: seededStore(), sink: gcsSink(), clock },
      { format: 'xlsx' },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.written).toEqual({
      fileName: 'registre-prestataires-2026-11-27.xlsx',
      location: `gs://${BUCKET}/${REGISTER_XLSX}`,
      rows: 5,
      removed: [],
    });
    const object = server.object(BUCKET, REGISTER_XLSX);
    expect(object).toMatchObject({
      contentType: EXPORT_CONTENT_TYPES.xlsx,
      metadata: { dlaExport: 'registre-prestataires', dlaDate: '2026-11-27' },
      fields: {
        contentDisposition: 'attachment; filename="registre-prestataires-2026-11-27.xlsx"',
      },
    });
    const insert = server.calls.filter((c) => c.operation === 'objects.insert');
    expect(insert).toHaveLength(1);
    expect(insert[0]?.query).toMatchObject({ uploadType: 'multipart', name: REGISTER_XLSX });

    const bytes = await download(REGISTER_XLSX);
    const fromBucket = await openWorkbook(bytes);
    const sheet = fromBucket.getWorksheet('Registre');
    expect(sheet?.getCell('A1').value).toBe(
      'Registre régional des prestataires DLA Nord – Pas de Calais, export du 27/11/2026 à 08:05 (heure de Paris)',
    );
    expect(sheet?.getCell('A3').value).toBe('PRE-0001');

    const local = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'xlsx' },
    );
    if (!local.ok) throw new Error(local.error.message);
    const fromFile = new Workbook();
    await fromFile.xlsx.readFile(local.value.written.location);
    expect(contentOf(fromBucket)).toEqual(contentOf(fromFile));
    expectNoSecret(
      contentOf(fromBucket)
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
  });

  it('uploads the French CSV byte for byte as the file export writes it', async () => {
    const result = await registerExport(
      { store: seededStore(), sink: gcsSink(), clock },
      { format: 'csv' },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.written.location).toBe(`gs://${BUCKET}/${REGISTER_CSV}`);
    expect(server.object(BUCKET, REGISTER_CSV)?.contentType).toBe('text/csv; charset=utf-8');
    const bytes = await download(REGISTER_CSV);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('PRE-0004;"\'=HYPERLINK(""http://x.example"";""clic"")";');
    expect(text).toContain('PRE-0005;"Conseil; Formation ""Nord""";');
    expectNoSecret(bytes);

    const local = await registerExport(
      { store: seededStore(), sink: new FileExportSink(dir), clock },
      { format: 'csv' },
    );
    if (!local.ok) throw new Error(local.error.message);
    expect(bytes.equals(await readFile(local.value.written.location))).toBe(true);
  });
});

describe('regional consolidation to Cloud Storage', () => {
  it('uploads the dated .xlsx with the three tabs of the file export', async () => {
    const report = await regionalConsolidation(
      { store: seededStore(), gateway: new InMemoryWorkbookGateway(), sink: gcsSink(), clock },
      { workbook: false },
    );
    expect(report.file).toEqual({
      ok: true,
      value: {
        fileName: 'consolidation-regionale-2026-11-27.xlsx',
        location: `gs://${BUCKET}/exports/consolidation-regionale-2026-11-27.xlsx`,
        rows: expect.any(Number) as number,
        removed: [],
      },
    });
    const fromBucket = await openWorkbook(
      await download('exports/consolidation-regionale-2026-11-27.xlsx'),
    );
    expect(fromBucket.worksheets.map((w) => w.name)).toEqual([
      'Tableau de bord',
      'Missions régionales',
      'Indicateurs',
      'Prestataires mobilisés',
    ]);
    const indicators = fromBucket.getWorksheet('Indicateurs');
    expect(indicators?.getCell('A9').value).toBe('Région');

    const local = await regionalConsolidation(
      {
        store: seededStore(),
        gateway: new InMemoryWorkbookGateway(),
        sink: new FileExportSink(dir),
        clock,
      },
      { workbook: false },
    );
    if (local.file === null || !local.file.ok) throw new Error('no local consolidation file');
    const fromFile = new Workbook();
    await fromFile.xlsx.readFile(local.file.value.location);
    expect(contentOf(fromBucket)).toEqual(contentOf(fromFile));
    expectNoSecret(
      contentOf(fromBucket)
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
  });
});

describe('retention of the previous exports in the bucket', () => {
  const DATED = ['2026-11-20', '2026-11-21', '2026-11-24', '2026-11-25', '2026-11-26'].map(
    (d) => `exports/registre-prestataires-${d}.xlsx`,
  );
  const OTHERS = [
    'exports/registre-prestataires-2026-11-20.csv',
    'exports/consolidation-regionale-2026-01-01.xlsx',
    'exports/registre-prestataires-copie.xlsx',
    'exports/notes.xlsx',
    'archives/registre-prestataires-2026-01-01.xlsx',
    'registre-prestataires-2026-01-01.xlsx',
  ];

  async function seeded(listPageSize?: number): Promise<void> {
    await server.close();
    server = await startGcsTestServer({
      buckets: [BUCKET],
      ...(listPageSize === undefined ? {} : { listPageSize }),
    });
    for (const name of [...OTHERS, ...DATED]) server.put(BUCKET, name, 'ancien');
  }

  it('keeps the newest N dated objects of the export (listing page after page) and touches nothing else', async () => {
    await seeded(2);
    const result = await registerExport(
      { store: seededStore(), sink: gcsSink(), clock },
      { format: 'xlsx', keep: 3 },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.written.removed).toEqual(
      DATED.slice(0, 3).map((n) => n.slice('exports/'.length)),
    );
    expect(server.names(BUCKET)).toEqual([...OTHERS, ...DATED.slice(3), REGISTER_XLSX].sort());
    const lists = server.calls.filter((c) => c.operation === 'objects.list');
    expect(lists.length).toBeGreaterThan(1);
    expect(lists[0]?.query['prefix']).toBe('exports/registre-prestataires-');
    // Each deletion names the generation it listed: safe to retry, never a newer object.
    const deletions = server.calls.filter((c) => c.operation === 'objects.delete');
    expect(deletions).toHaveLength(3);
    for (const call of deletions) expect(call.query['ifGenerationMatch']).toMatch(/^\d+$/);
  });

  it('keeps a chosen file name out of the retention', async () => {
    await seeded();
    const written = await gcsSink().write({
      baseName: 'registre-prestataires',
      date: '2026-11-27',
      format: 'xlsx',
      sheets: [{ name: 'T', title: null, columns: [{ header: 'A', type: 'text' }], rows: [['a']] }],
      keep: 1,
      fileName: 'choisi.xlsx',
    });
    expect(written).toEqual({
      ok: true,
      value: {
        fileName: 'choisi.xlsx',
        location: `gs://${BUCKET}/exports/choisi.xlsx`,
        rows: 1,
        removed: [],
      },
    });
    expect(server.names(BUCKET)).toEqual([...OTHERS, ...DATED, 'exports/choisi.xlsx'].sort());
  });

  it('retries a 503 of the listing and of a deletion (the client does), and completes', async () => {
    await seeded();
    server.failNext(503, { operation: 'objects.list' });
    server.failNext(503, { operation: 'objects.delete' });
    const result = await registerExport(
      { store: seededStore(), sink: gcsSink(), clock },
      { format: 'xlsx', keep: 5 },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.written.removed).toEqual(['registre-prestataires-2026-11-20.xlsx']);
    const statuses = (operation: string) =>
      server.calls.filter((c) => c.operation === operation).map((c) => c.status);
    expect(statuses('objects.list')).toEqual([503, 200]);
    expect(statuses('objects.delete')).toEqual([503, 204]);
    expect(server.names(BUCKET)).not.toContain(DATED[0]);
  });

  it('says in French that the file is written but the old ones stayed when the listing is refused', async () => {
    await seeded();
    server.failNext(403, { operation: 'objects.list' });
    const result = await gcsSink().write({
      baseName: 'registre-prestataires',
      date: '2026-11-27',
      format: 'csv',
      sheets: [{ name: 'T', title: null, columns: [{ header: 'A', type: 'text' }], rows: [['a']] }],
      keep: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('EXPORT_RETENTION_FAILED');
    expect(result.error.message).toMatch(
      /^L'export registre-prestataires-2026-11-27\.csv est bien écrit \(gs:\/\/dla-npdc-test-dla-exports\/exports\/registre-prestataires-2026-11-27\.csv\), mais les anciens exports n'ont pas pu être supprimés : .*roles\/storage\.objectAdmin/,
    );
    expect(server.names(BUCKET)).toContain(REGISTER_CSV);
  });
});

describe('failures of Cloud Storage', () => {
  it('a 503 on the upload: not retried by the client (a streamed body cannot be replayed), a French failure value, no object; the next run writes it', async () => {
    server.put(BUCKET, 'exports/registre-prestataires-2026-11-20.xlsx', 'ancien');
    server.failNext(503, { operation: 'objects.insert' });
    const store = seededStore();
    const failed = await registerExport({ store, sink: gcsSink(), clock }, { format: 'xlsx' });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe('EXPORT_STORAGE_UNAVAILABLE');
    expect(failed.error.message).toMatch(
      /^Cloud Storage n'a pas pu terminer l'envoi de registre-prestataires-2026-11-27\.xlsx dans gs:\/\/dla-npdc-test-dla-exports \(HTTP 503, /,
    );
    expect(failed.error.message).toContain("relancez l'export");
    expect(server.calls.map((c) => `${c.operation} ${c.status}`)).toEqual(['objects.insert 503']);
    expect(server.names(BUCKET)).toEqual(['exports/registre-prestataires-2026-11-20.xlsx']);
    expect(await store.readDocument('system', 'last-run-register-export')).toMatchObject({
      file: 'EXPORT_STORAGE_UNAVAILABLE',
    });

    const again = await registerExport({ store, sink: gcsSink(), clock }, { format: 'xlsx' });
    expect(again.ok).toBe(true);
    expect(server.names(BUCKET)).toContain(REGISTER_XLSX);
  });

  it.each(['xlsx', 'csv'] as const)(
    'a permanent 403 gives EXPORT_STORAGE_FORBIDDEN in French, no partial object, the previous exports kept (%s)',
    async (format) => {
      server.put(BUCKET, `exports/registre-prestataires-2026-11-26.${format}`, 'ancien');
      server.failNext(403, { operation: 'objects.insert', count: 10 });
      const store = seededStore();
      const result = await registerExport({ store, sink: gcsSink(), clock }, { format, keep: 1 });
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'EXPORT_STORAGE_FORBIDDEN',
          message:
            `Cloud Storage refuse l'envoi de registre-prestataires-2026-11-27.${format} dans ` +
            `gs://${BUCKET} (accès refusé, HTTP 403) : le compte de service des fonctions doit ` +
            'avoir le rôle roles/storage.objectAdmin sur ce bucket ; relancez « dla deploy », qui ' +
            "le lui donne, puis relancez l'export.",
        },
      });
      expect(server.names(BUCKET)).toEqual([`exports/registre-prestataires-2026-11-26.${format}`]);
      expect(server.calls.filter((c) => c.operation === 'objects.insert')).toHaveLength(1);
      expect(await store.readDocument('system', 'last-run-register-export')).toMatchObject({
        file: 'EXPORT_STORAGE_FORBIDDEN',
        rows: null,
      });
    },
  );

  it('names the missing bucket', async () => {
    const sink = new GcsExportSink({
      bucket: createStorageTestClient(server).bucket('dla-npdc-absent'),
    });
    const report = await regionalConsolidation(
      { store: seededStore(), gateway: new InMemoryWorkbookGateway(), sink, clock },
      { workbook: false },
    );
    expect(report.complete).toBe(false);
    expect(report.file).toMatchObject({
      ok: false,
      error: {
        code: 'EXPORT_BUCKET_NOT_FOUND',
        message: expect.stringContaining(
          'Le bucket gs://dla-npdc-absent est introuvable',
        ) as string,
      },
    });
  });

  it.each(['xlsx', 'csv'] as const)(
    'a row that fails in the middle is a bug: it throws, and the interrupted upload leaves no object (%s)',
    async (format) => {
      async function* rows(): AsyncGenerator<ExportRow> {
        for (let i = 1; i <= 30_000; i += 1) {
          if (i % 1_000 === 0) await turn();
          yield [`PRE-${i}`, `Cabinet n° ${i} – Lille, Roubaix, Tourcoing`, i * 100];
        }
        throw new Error('panne au milieu des lignes');
      }
      const columns: ExportColumn[] = [
        { header: 'ID', type: 'text' },
        { header: 'Raison sociale', type: 'text' },
        { header: 'Montant', type: 'amount' },
      ];
      await expect(
        gcsSink().write({
          baseName: 'registre-prestataires',
          date: '2026-11-27',
          format,
          sheets: [{ name: 'Registre', title: null, columns, rows: rows() }],
          keep: 10,
        }),
      ).rejects.toThrow('panne au milieu des lignes');
      // The upload had started: its bytes were on their way when the row failed.
      expect(server.bytesReceived).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.names(BUCKET)).toEqual([]);
      expect(server.calls.filter((c) => c.status === 200)).toEqual([]);
    },
  );
});

describe('streaming', () => {
  // The workbook's rows come straight from memory, as the use cases give them (the writer must
  // pause by itself); the CSV's from a producer that lets the loop turn (see turn()).
  it.each([
    ['xlsx', false],
    ['csv', true],
  ] as const)(
    'sends the bytes while the rows are produced, not once they are all in memory (%s)',
    async (format, producerTurns) => {
      const total = 20_000;
      let receivedAtLastRow = -1;
      // The register's width: identity, then facets of competences, sectors and areas.
      const facets = Array.from({ length: 30 }, (_, j) => (j % 3 === 0 ? 'x' : null));
      const row = (i: number): ExportRow => [
        `PRE-${i}`,
        `Cabinet n° ${i} – Lille`,
        '2026-11-27',
        i * 150,
        i % 7,
        `Conseil, formation et accompagnement ${i}`,
        ...facets,
      ];
      function* fromMemory(): Generator<ExportRow> {
        for (let i = 1; i <= total; i += 1) {
          if (i === total) receivedAtLastRow = server.bytesReceived;
          yield row(i);
        }
      }
      async function* fromStore(): AsyncGenerator<ExportRow> {
        for (let i = 1; i <= total; i += 1) {
          if (i % 1_000 === 0) await turn();
          if (i === total) receivedAtLastRow = server.bytesReceived;
          yield row(i);
        }
      }
      const columns: ExportColumn[] = [
        { header: 'ID', type: 'text' },
        { header: 'Raison sociale', type: 'text' },
        { header: 'Référencé le', type: 'date' },
        { header: 'Montant', type: 'amount' },
        { header: 'Missions', type: 'integer' },
        { header: 'Compétences', type: 'text' },
        ...facets.map((_, j): ExportColumn => ({ header: `Compétence ${j + 1}`, type: 'text' })),
      ];
      const written = await gcsSink().write({
        baseName: 'registre-prestataires',
        date: '2026-11-27',
        format,
        sheets: [
          {
            name: 'Registre',
            title: null,
            columns,
            rows: producerTurns ? fromStore() : fromMemory(),
          },
        ],
        keep: 10,
      });
      expect(written).toMatchObject({ ok: true, value: { rows: total } });
      const size = server.object(BUCKET, `exports/registre-prestataires-2026-11-27.${format}`)
        ?.bytes.length;
      expect(size).toBeGreaterThan(0);
      // Most of the file had left before the last row was produced.
      expect(receivedAtLastRow).toBeGreaterThan((size ?? 0) / 2);
    },
  );
});

describe('composition root', () => {
  it('gives the bucket sink with DLA_EXPORTS=gcs, once per configuration, and the folder sink by default', async () => {
    const config = loadConfig({
      DLA_EXPORTS: 'gcs',
      DLA_EXPORT_BUCKET: BUCKET,
      DLA_STORAGE_ENDPOINT: server.url,
    });
    if (!config.ok) throw new Error(config.error.message);
    const sink: ExportSink = exportSinkFor(config.value);
    expect(sink).toBeInstanceOf(GcsExportSink);
    expect(exportSinkFor(config.value)).toBe(sink);
    const result = await registerExport({ store: seededStore(), sink, clock }, { format: 'csv' });
    expect(result).toMatchObject({
      ok: true,
      value: { written: { location: `gs://${BUCKET}/${REGISTER_CSV}` } },
    });
    expect(server.names(BUCKET)).toEqual([REGISTER_CSV]);
    // A custom endpoint is called without credentials (nothing to look up on this machine).
    expect(server.calls.every((c) => c.authorization === undefined)).toBe(true);

    const local = loadConfig({ DLA_WORKSPACE: dir });
    if (!local.ok) throw new Error(local.error.message);
    expect(exportSinkFor(local.value)).toBeInstanceOf(FileExportSink);
  });
});
