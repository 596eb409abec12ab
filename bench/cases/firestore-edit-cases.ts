/**
 * Firestore document reads per single-cell edit (issue 17: at most 25 at 1,000 and 10,000
 * rows), counted at Google's Firestore emulator: the built workspace's store is restored into
 * the emulator, then mission-title edits go through `applySheetEdit` on the production adapters
 * (`FirestoreRecordStore`, `FirestoreSyncLease`), and every document the client receives is
 * counted as Firestore bills it.
 *
 * @packageDocumentation
 */
import { setLogFunction } from '@google-cloud/firestore';
import { FirestoreRecordStore } from '../../functions/adapters/firestore-record-store';
import { FirestoreSyncLease } from '../../functions/adapters/firestore-sync-lease';
import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { applySheetEdit } from '../../shared/use-cases/apply-sheet-edit';
import {
  createFirestoreClient,
  detectGoogleFirestoreEmulator,
  startFirestoreTestServer,
  uniqueProjectId,
} from '../../test/support/firestore-test-server';
import { BENCH_OPERATOR } from '../lib/bench-data';
import { percentile, round } from '../lib/measure';
import { missionTitleEdits } from '../lib/mission-edits';

/** What the case found. */
export type FirestoreReadsResult =
  | {
      readonly available: true;
      readonly edits: number;
      readonly readsMax: number;
      readonly readsMean: number;
      readonly readsP50: number;
      /** Documents restored into the emulator before the edits (the audit left out). */
      readonly seededDocuments: number;
      readonly seedMs: number;
    }
  | { readonly available: false; readonly reason: string };

/**
 * Counts the documents the Firestore client receives, from its debug log (one line per RPC
 * response): a `found` or `missing` document of a batch get is one read, each `document` of a
 * query one read and a query that returns none one read, an aggregation one read.
 */
export class FirestoreReadCounter {
  documents = 0;
  private readonly queriesWithoutDocument = new Set<string>();

  /** Starts counting (the client's log function is process-wide). */
  install(): void {
    setLogFunction((line) => this.onLog(line));
  }

  /** Stops counting. */
  uninstall(): void {
    setLogFunction(null);
  }

  /** The reads counted since the last call, empty queries included. */
  take(): number {
    const total = this.documents + this.queriesWithoutDocument.size;
    this.documents = 0;
    this.queriesWithoutDocument.clear();
    return total;
  }

  private onLog(line: string): void {
    if (!line.includes('[Firestore.requestStream]')) return;
    const tag = /Z (\S+) \[/.exec(line)?.[1] ?? '';
    if (line.includes('Sending request: ')) {
      if (line.includes('"structuredAggregationQuery"')) this.documents += 1;
      else if (line.includes('"structuredQuery"')) this.queriesWithoutDocument.add(tag);
      return;
    }
    if (!line.includes('Received response: ')) return;
    if (line.includes('"found":') || line.includes('"missing":')) this.documents += 1;
    else if (line.includes('"document":')) {
      this.documents += 1;
      this.queriesWithoutDocument.delete(tag);
    }
  }
}

/** Restores the workspace's store (without its audit) into a fresh project of the emulator. */
async function seed(storePath: string, store: FirestoreRecordStore) {
  const sqlite = new SqliteRecordStore(storePath);
  const data = await sqlite.exportAll();
  await sqlite.close();
  const started = performance.now();
  // The edits never read the audit: leaving it out keeps the restore short.
  const seeded = { ...data, audit: [] };
  await store.importAll(seeded);
  return {
    seedMs: round(performance.now() - started),
    seededDocuments:
      seeded.records.length +
      seeded.quarantine.length +
      seeded.counters.length +
      seeded.events.length +
      seeded.documents.length,
  };
}

/** Sends `edits` single-cell edits to the emulator-backed store and counts each one's reads. */
export async function firestoreReadsCase(args: {
  readonly dir: string;
  readonly storePath: string;
  readonly edits: number;
}): Promise<FirestoreReadsResult> {
  const detection = detectGoogleFirestoreEmulator();
  if (!detection.available) return { available: false, reason: detection.reason };
  const server = await startFirestoreTestServer({ prefer: 'google' });
  const db = createFirestoreClient(server.host, uniqueProjectId('bench'));
  const counter = new FirestoreReadCounter();
  try {
    const store = new FirestoreRecordStore(db);
    const seeded = await seed(args.storePath, store);
    const edit = await missionTitleEdits(args.dir);
    const ports = { store, lease: new FirestoreSyncLease(db), clock: { now: () => new Date() } };
    const perEdit: number[] = [];
    counter.install();
    for (let n = 0; n < args.edits; n += 1) {
      counter.take();
      const result = await applySheetEdit(ports, BENCH_OPERATOR, edit(n));
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      perEdit.push(counter.take());
    }
    return {
      available: true,
      edits: perEdit.length,
      readsMax: Math.max(...perEdit),
      readsMean: round(perEdit.reduce((a, b) => a + b, 0) / Math.max(1, perEdit.length), 1),
      readsP50: percentile(perEdit, 50),
      ...seeded,
    };
  } finally {
    counter.uninstall();
    await db.terminate();
    await server.stop();
  }
}
