/**
 * Runs the shared {@link RecordStore} contract on the test fake {@link InMemoryRecordStore}, so
 * that the eleven test files using it exercise the same behaviour as SQLite and Firestore.
 */
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';
import { describeRecordStoreContract } from '../support/record-store-contract';

describeRecordStoreContract('InMemoryRecordStore (test fake)', async () => ({
  store: new InMemoryRecordStore(),
  capabilities: { atomicBatches: true, isolatedTransactions: true, pagedReads: true },
  cleanup: async () => undefined,
}));
