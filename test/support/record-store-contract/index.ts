/**
 * The contract every adapter of the {@link RecordStore} port honours (SQLite, Firestore, and the
 * test fake InMemoryRecordStore, so that the fake cannot drift from the real stores), as a jest
 * `describe` block that an adapter's test file runs on its own store. It knows nothing of any
 * adapter: only the port, and the capabilities the adapter declares. One file per concern.
 *
 * @packageDocumentation
 */
import type { RecordStore, StoreArchive } from '../../../shared/ports/record-store';
import type { ContractContext, StoreUnderTest } from './contract-fixtures';
import { describeArchiveContract } from './archive.contract';
import { describeAuditAndQuarantineContract } from './audit-quarantine.contract';
import { describeEntriesContract } from './entries.contract';
import { describeOwnerPagesContract } from './owner-pages.contract';
import { describeOwnersAndDocumentsContract } from './owners-documents.contract';
import { describeRecordsContract } from './records.contract';
import { describeSequencesContract } from './sequences.contract';

export type { RecordStoreCapabilities, StoreUnderTest } from './contract-fixtures';

/**
 * Declares the contract of {@link RecordStore} for one adapter. `makeStore` is called before each
 * case and must give an empty store; `cleanup` is called after it.
 */
export function describeRecordStoreContract(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
): void {
  describe(`RecordStore contract: ${name}`, () => {
    let current: StoreUnderTest | undefined;

    beforeEach(async () => {
      current = await makeStore();
    });

    afterEach(async () => {
      const done = current;
      current = undefined;
      if (done !== undefined) await done.cleanup();
    });

    function under(): StoreUnderTest {
      if (current === undefined) throw new Error('makeStore did not give a store');
      return current;
    }

    function store(): RecordStore & StoreArchive {
      return under().store;
    }

    const context: ContractContext = { store, under, makeStore };
    describeRecordsContract(context);
    describeOwnerPagesContract(context);
    describeAuditAndQuarantineContract(context);
    describeSequencesContract(context);
    describeOwnersAndDocumentsContract(context);
    describeArchiveContract(context);
    describeEntriesContract(store, makeStore);
  });
}
