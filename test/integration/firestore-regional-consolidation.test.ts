/**
 * The regional consolidation on Firestore (Google's emulator): each operator is read page by page
 * (queries ordered by document ID, `startAfter` the page before), and the outputs are those of the
 * consolidation of every record at once; the documents read are the records, as when each owner
 * was loaded whole (then also its quarantine), counted at the client.
 */
import { FirestoreReadCounter } from '../../bench/cases/firestore-edit-cases';
import {
  BENCH_NOW,
  BENCH_TODAY,
  benchData,
  operatorRecords,
  registerRecords,
  scaleForMissions,
} from '../../bench/lib/bench-data';
import { FirestoreRecordStore } from '../../functions/adapters/firestore-record-store';
import { buildDashboard } from '../../shared/domain/dashboard/dashboard-charts';
import { REGIONAL_DASHBOARD_SOURCES } from '../../shared/domain/dashboard/dashboard-sources';
import type { ExportRow, ExportSheet } from '../../shared/domain/export-sheet';
import { OPERATOR_CODES, type OperatorCode } from '../../shared/domain/operator';
import {
  regionalExportSheets,
  toTabReplacements,
} from '../../shared/domain/regional/regional-output';
import { consolidateRegion } from '../../shared/domain/regional/regional-view';
import { ok } from '../../shared/domain/result';
import type { StoredRecord } from '../../shared/domain/stored-record';
import type { RecordStore } from '../../shared/ports/record-store';
import type { WriteBack } from '../../shared/ports/spreadsheet-gateway';
import { regionalConsolidation } from '../../shared/use-cases/regional-consolidation';
import { REGIONAL_PAGE_SIZE } from '../../shared/use-cases/regional-records';
import {
  createFirestoreClient,
  detectGoogleFirestoreEmulator,
  firestorePreferenceFromEnvironment,
  startFirestoreTestServer,
  uniqueProjectId,
  type FirestoreTestServer,
} from '../support/firestore-test-server';

jest.setTimeout(300_000);

const detection = detectGoogleFirestoreEmulator();
const run = detection.available || firestorePreferenceFromEnvironment() === 'google';
if (!run) {
  console.warn(
    `SKIP firestore-regional-consolidation: Google's Firestore emulator is not installed (${detection.reason}). ` +
      'Install it with: apt-get install -y google-cloud-cli-firestore-emulator openjdk-17-jre-headless; ' +
      'DLA_TEST_FIRESTORE=google makes its absence a failure (CI).',
  );
}

/** What a consolidation wrote: the C2RA workbook's write and the dated file's tables. */
interface Outputs {
  readonly workbook: WriteBack | null;
  readonly sheets: readonly { name: string; rows: ExportRow[] }[];
}

async function tablesOf(sheets: readonly ExportSheet[]): Promise<Outputs['sheets']> {
  const out: { name: string; rows: ExportRow[] }[] = [];
  for (const sheet of sheets) {
    const rows: ExportRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    out.push({ name: sheet.name, rows });
  }
  return out;
}

async function consolidated(store: RecordStore): Promise<Outputs> {
  let workbook: WriteBack | null = null;
  let sheets: Outputs['sheets'] = [];
  const report = await regionalConsolidation({
    store,
    gateway: {
      read: () => Promise.reject(new Error('not read')),
      write: async (_owner, writeBack) => {
        workbook = writeBack;
        return ok(undefined);
      },
    },
    sink: {
      write: async (request) => {
        sheets = await tablesOf(request.sheets);
        return ok({ fileName: 'f.xlsx', location: 'f.xlsx', rows: 0, removed: [] });
      },
    },
    clock: { now: () => new Date(BENCH_NOW.getTime()) },
  });
  expect(report.complete).toBe(true);
  return { workbook, sheets };
}

/** The same store without its paged reads: each owner loaded whole, as before. */
function loadedWhole(store: FirestoreRecordStore): RecordStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'loadOwnerPages') return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** Reads of a paged owner: its documents, and one for a last query that found none. */
function pagedReads(documents: number): number {
  return documents + (documents % REGIONAL_PAGE_SIZE === 0 ? 1 : 0);
}

(run ? describe : describe.skip)('regional consolidation on Firestore, page by page', () => {
  let server: FirestoreTestServer | undefined;
  const counter = new FirestoreReadCounter();
  // 250 missions per operator: about 1,300 records each, two pages of 1,000.
  const data = benchData(scaleForMissions(250));
  const operators = {} as Record<OperatorCode, readonly StoredRecord[]>;
  for (const code of OPERATOR_CODES) operators[code] = operatorRecords(code, data.operators[code]);
  const register = registerRecords(data);

  beforeAll(async () => {
    server = await startFirestoreTestServer({ prefer: 'google' });
  }, 90_000);

  afterAll(async () => {
    counter.uninstall();
    await server?.stop();
  });

  it('writes the outputs of the consolidation of every record at once, reading each operator page by page, and the same record documents', async () => {
    if (server === undefined) throw new Error('the Firestore emulator did not start');
    const store = new FirestoreRecordStore(createFirestoreClient(server.host, uniqueProjectId()));
    try {
      await store.importAll({
        records: [...OPERATOR_CODES.flatMap((code) => operators[code]), ...register],
        audit: [],
        quarantine: [],
        counters: [],
        events: [],
        documents: [],
      });
      const at = BENCH_NOW.toISOString();
      const view = consolidateRegion({ operators, register, today: BENCH_TODAY, at });
      const expected: Outputs = {
        workbook: {
          cells: [],
          tabs: toTabReplacements(view),
          dashboard: buildDashboard(view, REGIONAL_DASHBOARD_SOURCES),
        },
        sheets: await tablesOf(regionalExportSheets(view)),
      };
      expect(OPERATOR_CODES.every((code) => operators[code].length > REGIONAL_PAGE_SIZE)).toBe(
        true,
      );

      counter.install();
      counter.take();
      const paged = await consolidated(store);
      const readsPaged = counter.take();
      const whole = await consolidated(loadedWhole(store));
      const readsWhole = counter.take();
      counter.uninstall();

      expect(JSON.stringify(paged)).toBe(JSON.stringify(expected));
      expect(JSON.stringify(whole)).toBe(JSON.stringify(expected));
      // Paged: every record of each operator and of the C2RA (the register), once.
      const records = OPERATOR_CODES.map((code) => operators[code].length);
      expect(readsPaged).toBe(
        [...records, register.length].reduce((total, n) => total + pagedReads(n), 0),
      );
      // Whole: the same records, plus each operator's quarantine (empty here, still a query).
      const recordsRead = records.reduce((total, n) => total + n, 0) + register.length;
      expect(readsWhole).toBeGreaterThan(recordsRead);
      expect(readsPaged).toBeLessThanOrEqual(readsWhole);
    } finally {
      counter.uninstall();
      await store.close();
    }
  });
});
