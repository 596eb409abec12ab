/**
 * Mistake 3 of issue 14: two syncs of one workbook at once created duplicate records (200 new
 * rows → 400 records). Each round starts two workers together, each with its own store client
 * and its own lease adapter over the same database, and counts the records: a sync racing a
 * sync, and a sync racing the edit event of the same pasted rows (its answer written back the
 * way the Apps Script does). On SQLite (file lease) and on Google's Firestore emulator (lease
 * document); the separate-process race of `dla sync` is in concurrent-cli-syncs.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileSyncLease } from '../../../functions/adapters/file-sync-lease';
import { FirestoreRecordStore } from '../../../functions/adapters/firestore-record-store';
import { FirestoreSyncLease } from '../../../functions/adapters/firestore-sync-lease';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import type { RecordStore } from '../../../shared/ports/record-store';
import type { SyncLease } from '../../../shared/ports/sync-lease';
import { applySheetEdit } from '../../../shared/use-cases/apply-sheet-edit';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { TEST_NOW } from '../../support/builders/operator-workbook';
import { headerOf, JOURNAL_HEADER, rowOf } from '../../support/builders/workbook-rows';
import { InMemoryWorkbookGateway } from '../../support/fakes/in-memory-workbook-gateway';
import {
  createFirestoreClient,
  detectGoogleFirestoreEmulator,
  startFirestoreTestServer,
  uniqueProjectId,
  type FirestoreTestServer,
} from '../../support/firestore-test-server';

const ROUNDS = 20;
const ROWS = 200;
const clock = { now: () => TEST_NOW };

/** 200 structures pasted into CBE-LM's « Structures » tab, none synced yet. */
function pastedRows() {
  return Array.from({ length: ROWS }, (_, i) =>
    rowOf('beneficiary', {
      name: `Centre social n° ${i + 1}`,
      legalForm: 'Association loi 1901',
      town: i % 2 === 0 ? 'Roubaix' : 'Tourcoing',
      postalCode: i % 2 === 0 ? '59100' : '59200',
    }),
  );
}

function freshWorkbook(): InMemoryWorkbookGateway {
  const gateway = new InMemoryWorkbookGateway();
  gateway.setTab('CBE-LM', 'Structures', headerOf('beneficiary'), pastedRows());
  gateway.setTab('CBE-LM', 'Journal', JOURNAL_HEADER);
  return gateway;
}

/** One worker: its own store client and lease adapter over the shared database. */
interface Worker {
  readonly store: RecordStore;
  readonly lease: SyncLease;
}

/** The records of CBE-LM, and how many rows hold a name two records share. */
async function countRecords(store: RecordStore) {
  const { records } = await store.loadOwner('CBE-LM');
  const names = records.map((r) => String(r.data['name']));
  return { records: records.length, duplicates: names.length - new Set(names).size };
}

function editOfPaste(gateway: InMemoryWorkbookGateway, round: number) {
  const grid = gateway.tab('CBE-LM', 'Structures');
  const header = (grid[0] ?? []).map((c) => String(c.value ?? ''));
  return {
    eventId: `collage-${round}-${Date.now()}`,
    spreadsheetId: 'classeur-CBE-LM',
    tab: 'Structures',
    editedColumns: header.map((_, i) => i).filter((i) => i > 0 && i < 5),
    header,
    rows: grid.slice(1).map((line, i) => ({
      rowNumber: i + 2,
      values: line.map((c) => (c.value instanceof Date ? c.value.toISOString() : c.value)),
    })),
    otherRowIds: [],
    user: 'claire.dupont@cbe-lille.fr',
    timestamp: TEST_NOW.toISOString(),
  };
}

/** Two reconciles of the same workbook started together. */
async function twoSyncs(workers: readonly [Worker, Worker]) {
  const gateway = freshWorkbook();
  const results = await Promise.all(
    workers.map((w, i) =>
      syncWorkbook({ ...w, gateway, clock }, 'CBE-LM', `synchronisation ${i + 1}`),
    ),
  );
  return results.every((r) => r.ok);
}

/** A reconcile and the edit event of the pasted rows started together; the edit's answer is written back. */
async function syncAndEdit(workers: readonly [Worker, Worker], round: number) {
  const gateway = freshWorkbook();
  const event = editOfPaste(gateway, round);
  const [synced, edited] = await Promise.all([
    syncWorkbook({ ...workers[0], gateway, clock }, 'CBE-LM', 'synchronisation planifiée'),
    applySheetEdit({ ...workers[1], clock }, 'CBE-LM', event),
  ]);
  if (edited.ok) await gateway.write('CBE-LM', { cells: edited.value.cells, tabs: [] });
  const after = await syncWorkbook({ ...workers[0], gateway, clock }, 'CBE-LM', 'contrôle');
  return synced.ok && edited.ok && after.ok && after.value.archived === 0;
}

type Race = 'two syncs' | 'a sync and an edit';

async function runRounds(
  race: Race,
  workersOf: (round: number) => Promise<readonly [Worker, Worker]>,
  label: string,
) {
  let records = 0;
  let duplicates = 0;
  let failures = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const workers = await workersOf(round);
    const fine = race === 'two syncs' ? await twoSyncs(workers) : await syncAndEdit(workers, round);
    if (!fine) failures += 1;
    const counted = await countRecords(workers[0].store);
    expect(counted.records).toBe(ROWS);
    records += counted.records;
    duplicates += counted.duplicates;
    await Promise.all(workers.map((w) => w.store.close()));
  }
  console.log(
    `[concurrent-syncs] ${label}, ${race}: ${ROUNDS} rounds × ${ROWS} new rows, ${records} records counted, ${duplicates} duplicates, ${failures} failed syncs`,
  );
  expect({ duplicates, failures }).toEqual({ duplicates: 0, failures: 0 });
}

describe('one sync at a time per workbook: SQLite and the file lease', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-concurrent-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sqliteWorkers = (race: string) => async (round: number) => {
    const roundDir = path.join(dir, `${race}-${round}`);
    fs.mkdirSync(roundDir);
    const file = path.join(roundDir, 'dla.sqlite');
    const worker = (): Worker => ({
      store: new SqliteRecordStore(file),
      lease: new FileSyncLease(roundDir),
    });
    return [worker(), worker()] as const;
  };

  it.each<Race>(['two syncs', 'a sync and an edit'])(
    '%s, 20 rounds of 200 new rows: 200 records each time, 0 duplicates',
    async (race) => {
      await runRounds(race, sqliteWorkers(race.replace(/ /g, '-')), 'SQLite');
    },
    300_000,
  );
});

const detection = detectGoogleFirestoreEmulator();

describe("one sync at a time per workbook: Firestore (Google's emulator) and the lease document", () => {
  let server: FirestoreTestServer | undefined;
  beforeAll(async () => {
    if (!detection.available) return;
    server = await startFirestoreTestServer({ prefer: 'google' });
  }, 60_000);
  afterAll(async () => server?.stop());

  const firestoreWorkers = async (): Promise<readonly [Worker, Worker]> => {
    if (!server) throw new Error('no emulator');
    const projectId = uniqueProjectId('race');
    const worker = (): Worker => {
      const db = createFirestoreClient(server?.host ?? '', projectId);
      const store = new FirestoreRecordStore(db);
      return {
        store: Object.assign(store, {
          close: async () => {
            await db.terminate();
          },
        }),
        lease: new FirestoreSyncLease(db, { pollMs: 50 }),
      };
    };
    return [worker(), worker()] as const;
  };

  it.each<Race>(['two syncs', 'a sync and an edit'])(
    '%s, 20 rounds of 200 new rows: 200 records each time, 0 duplicates',
    async (race) => {
      if (!detection.available)
        throw new Error(
          `Google's Firestore emulator is missing (${detection.reason}): apt-get install -y google-cloud-cli-firestore-emulator openjdk-17-jre-headless. The in-memory fallback does not isolate transactions, so it cannot stand in for this test.`,
        );
      await runRounds(race, firestoreWorkers, "Google's Firestore emulator");
    },
    600_000,
  );
});
