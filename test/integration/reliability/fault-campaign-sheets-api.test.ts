/**
 * The fault campaign's second part: reconciles through the Google Sheets gateway against the
 * test Sheets API server while it answers 429 (Retry-After) and 503; see fault-campaign.test.ts.
 */
import { GoogleSheetsGateway } from '../../../functions/adapters/google-sheets-gateway';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { mulberry32 } from '../../../scripts/demo/demo-data';
import type { CellValue } from '../../../shared/domain/values/cell-value';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { headerOf } from '../../support/builders/workbook-rows';
import {
  createSheetsTestClient,
  startSheetsApiServer,
  type SheetsApiServer,
} from '../../support/sheets-api-server';
import { FaultyStore } from '../../support/fault-campaign-fixture';

describe('reconciles through the Google Sheets API answering 429 (Retry-After) and 503', () => {
  let server: SheetsApiServer;

  beforeAll(async () => {
    server = await startSheetsApiServer();
  });

  afterAll(async () => {
    await server.close();
  });

  /** New rows of « Structures », as people typed them: some twins, some refused cells. */
  function typedRows(from: number, count: number): CellValue[][] {
    const header = headerOf('beneficiary');
    return Array.from({ length: count }, (_, i) => {
      const n = from + i;
      const values: Record<string, CellValue> = {
        'Nom de la structure': n % 25 === 0 ? 'À compléter' : `Association ${n}`,
        'Code postal': n % 7 === 0 ? 'ABCDE' : '59000',
        Commune: n % 25 === 0 ? null : 'Lille',
        'Salariés (ETP)': n % 11 === 0 ? 'beaucoup' : n % 5,
      };
      return header.map((label) => values[label] ?? null);
    });
  }

  it('completes every sync after backing off, and loses or duplicates no row', async () => {
    const header = headerOf('beneficiary');
    const spreadsheetId = server.state.createSpreadsheet('DLA NordActif Lille', [
      { title: 'Structures', rows: [header, ...typedRows(1, 300)] },
    ]);
    const sleeps: number[] = [];
    const gateway = new GoogleSheetsGateway({
      api: createSheetsTestClient(server),
      spreadsheetIds: { 'NA-LIL': spreadsheetId },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const store = new FaultyStore(new SqliteRecordStore(':memory:'), mulberry32(7), {
      'before-write': 0.1,
      'after-write': 0,
      'mid-batch': 0,
    });
    const clock = { now: () => new Date('2025-06-02T08:00:00.000Z') };
    const ports = { store, clock, gateway };
    const injected = { 429: 0, 503: 0 };
    let failedSyncs = 0;
    const syncUntilDone = async () => {
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        try {
          const result = await syncWorkbook(ports, 'NA-LIL', 'réconciliation planifiée');
          if (result.ok) return result.value;
          throw new Error(result.error.message);
        } catch {
          failedSyncs += 1;
        }
      }
      throw new Error('the sync never completed');
    };
    const fail = (
      status: 429 | 503,
      operation: 'spreadsheets.get' | 'spreadsheets.batchUpdate',
      count: number,
      retryAfterSeconds?: number,
    ) => {
      injected[status] += count;
      server.failNext(status, {
        operation,
        count,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    };

    // 1. Read throttled twice (Retry-After: 7 s), write-back unavailable twice: retried, done.
    fail(429, 'spreadsheets.get', 2, 7);
    fail(503, 'spreadsheets.batchUpdate', 2);
    const first = await syncUntilDone();
    expect(first.created).toBe(300);
    expect(sleeps.filter((ms) => ms >= 7_000)).toHaveLength(2);

    // 2. 200 more rows; the write-back fails for good after the store has applied the sync
    //    (five 503 in a row): the IDs never reach the sheet. The next sync adopts the rows.
    server.state.setValues(spreadsheetId, 'Structures', 'A302', typedRows(301, 200));
    fail(503, 'spreadsheets.batchUpdate', 5);
    fail(429, 'spreadsheets.get', 1, 3);
    fail(503, 'spreadsheets.get', 1);
    const second = await syncUntilDone();
    expect(failedSyncs).toBeGreaterThanOrEqual(1);
    expect(second.created).toBe(0);

    // Every row holds one ID, its own; one record per row; a last sync finds nothing to do.
    const values = server.state.getValues(spreadsheetId, 'Structures').slice(1);
    const ids = values.map((row) => row[0]);
    const records = (await store.loadOwner('NA-LIL')).records;
    const lost = ids.filter(
      (id) => typeof id !== 'string' || !records.some((r) => r.id === id),
    ).length;
    const duplicated = records.length - new Set(ids).size;
    const third = await syncUntilDone();
    console.log(
      [
        '[fault campaign] reconciles through GoogleSheetsGateway against the test Sheets API server',
        `  rows: ${values.length}; Sheets API faults injected: ${injected[429]} × 429 (Retry-After), ${injected[503]} × 503; store faults: ${store.injected['before-write']} before the write`,
        `  backoff waits (fake sleep): ${sleeps.length}, ${Math.round(sleeps.reduce((a, b) => a + b, 0) / 1000)} s in all, the longest ${Math.round(Math.max(...sleeps) / 1000)} s; syncs that failed and were run again: ${failedSyncs}`,
        `  records: ${records.length}; lost: ${lost}, duplicated: ${duplicated}`,
      ].join('\n'),
    );
    expect(values).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(third).toMatchObject({ created: 0, updated: 0, archived: 0 });
    await store.close();
  }, 60_000);
});
