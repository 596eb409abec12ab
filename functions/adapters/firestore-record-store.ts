/**
 * Firestore adapter of the {@link RecordStore} port (production store): one document per record,
 * audit or quarantine entry, counter, document or entry; its data model and why each rule holds
 * are in docs/stockage.md. Commits in firestore-apply.ts, backup and restore in
 * firestore-archive.ts.
 *
 * @packageDocumentation
 */
import { FieldPath, type Firestore, type Query, type QuerySnapshot } from '@google-cloud/firestore';
import type {
  ApplyOutcome,
  DocumentOwner,
  EntryChanges,
  RecordStore,
  StoreArchive,
  StoreExport,
} from '../../shared/ports/record-store';
import type { AuditEntry, ChangeSet, QuarantineEntry } from '../../shared/domain/change-set';
import type { OwnerState, StoredRecord } from '../../shared/domain/stored-record';
import type { RecordKind } from '../../shared/domain/record-id';
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import { chunkChangeSet, type CommitLimits } from './commit-chunks';
import { firestoreDocumentSize } from './firestore-document-size';
import { applyChunk, type ApplyContext } from './firestore-apply';
import {
  commitInBatches,
  exportStore,
  importStore,
  isStoreEmpty,
  type BatchWrite,
} from './firestore-archive';
import { FirestorePaths } from './firestore-paths';
import {
  decodeAudit,
  decodeQuarantine,
  decodeRecord,
  REFERENCES_FIELD,
  encodeAudit,
  encodeQuarantine,
  encodeRecord,
  readNumber,
  readString,
  sortById,
} from './firestore-record-codec';

export { firestoreDocId } from './firestore-record-codec';
export { FIRESTORE_QUERIES, type FirestoreQuery } from './firestore-queries';
export { EVENT_REPLAY_DAYS } from './firestore-apply';

/**
 * Attempts of a read-write transaction before giving up on contention (the client's default is 5).
 * Every change set of an owner writes the owner document: 20 concurrent writers of one owner need
 * more than 5 attempts on a busy server.
 */
const WRITE_TRANSACTION_OPTIONS = { maxAttempts: 20 } as const;

/**
 * One commit: 500 writes (the bound Google documents for batches), and 4 MiB of documents, well
 * under the 10 MiB of a request so that encoding overhead never reaches it.
 */
export const FIRESTORE_COMMIT_LIMITS: CommitLimits = {
  maxWrites: 500,
  maxBytes: 4 * 1024 * 1024,
  reservedWrites: 16,
};

/** Settings of the adapter beside its client. */
export interface FirestoreStoreOptions {
  /** Days an audit entry is kept (`expireAt` for the TTL policy); null keeps it for ever. */
  readonly auditRetentionDays?: number | null;
  /** What one commit may hold (tests lower it to cut small change sets). */
  readonly commitLimits?: CommitLimits;
}

/** The Firestore implementation of {@link RecordStore}; see docs/stockage.md. */
export class FirestoreRecordStore implements RecordStore, StoreArchive {
  private readonly paths: FirestorePaths;
  private readonly context: ApplyContext;
  private readonly limits: CommitLimits;

  /** @param db a client of the project/database to use; the caller owns its settings. */
  constructor(
    private readonly db: Firestore,
    options: FirestoreStoreOptions = {},
  ) {
    this.paths = new FirestorePaths(db);
    this.context = {
      paths: this.paths,
      auditRetentionDays: options.auditRetentionDays ?? null,
    };
    this.limits = options.commitLimits ?? FIRESTORE_COMMIT_LIMITS;
  }

  /** {@inheritDoc RecordStore.loadOwner} */
  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    // One read-only transaction: records and quarantine keys are read at the same instant.
    const [records, quarantine] = await this.db.runTransaction(
      (tx) =>
        Promise.all([
          tx.get(this.paths.owner(owner).collection('records')),
          tx.get(this.paths.owner(owner).collection('quarantine')),
        ]),
      { readOnly: true },
    );
    return {
      records: sortById(records.docs.map((d) => decodeRecord(d.data(), d.ref.path))),
      quarantineKeys: new Set(quarantine.docs.map((d) => readString(d.data(), 'key', d.ref.path))),
    };
  }

  /**
   * {@inheritDoc RecordStore.loadOwnerPages} One query per page, ordered by document ID and
   * started after the last document of the page before: the same documents, hence the same
   * billed reads, as {@link loadOwner}'s records, without its quarantine keys. The document ID is
   * the record ID for every ID the system gives (see `firestoreDocId`), so the order is the IDs'.
   */
  async *loadOwnerPages(
    owner: WorkbookOwner,
    pageSize: number,
  ): AsyncIterable<readonly StoredRecord[]> {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1)
      throw new RangeError(`loadOwnerPages: page size must be a whole number ≥ 1, got ${pageSize}`);
    const query = this.paths
      .owner(owner)
      .collection('records')
      .orderBy(FieldPath.documentId())
      .limit(pageSize);
    let after: string | null = null;
    for (;;) {
      const snapshot: QuerySnapshot = await (
        after === null ? query : query.startAfter(after)
      ).get();
      // A server that ignores the cursor would hand the same documents back for ever.
      const cursor = after;
      if (cursor !== null && snapshot.docs.some((d) => d.id <= cursor))
        throw new Error(`loadOwnerPages: the server ignored startAfter(${cursor}) for ${owner}`);
      const page = snapshot.docs.map((d) => decodeRecord(d.data(), d.ref.path));
      after = snapshot.docs[snapshot.docs.length - 1]?.id ?? after;
      if (page.length > 0) yield page;
      if (snapshot.docs.length < pageSize) return;
    }
  }

  /** {@inheritDoc RecordStore.loadRegister} */
  async loadRegister(): Promise<readonly StoredRecord[]> {
    const kind: RecordKind = 'provider';
    const snapshot = await this.paths
      .owner(C2RA)
      .collection('records')
      .where('kind', '==', kind)
      .get();
    return sortById(snapshot.docs.map((d) => decodeRecord(d.data(), d.ref.path)));
  }

  /** {@inheritDoc RecordStore.getRecords} One `getAll`: one read per ID asked. */
  async getRecords(owner: WorkbookOwner, ids: readonly string[]): Promise<readonly StoredRecord[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const snapshots = await this.db.getAll(...unique.map((id) => this.paths.record(owner, id)));
    return snapshots.flatMap((d) => {
      const data = d.data();
      return data === undefined ? [] : [decodeRecord(data, d.ref.path)];
    });
  }

  /** {@inheritDoc RecordStore.findReferencing} On the `refs` array, indexed by Firestore itself. */
  async findReferencing(owner: WorkbookOwner, id: string): Promise<readonly StoredRecord[]> {
    const snapshot = await this.paths
      .owner(owner)
      .collection('records')
      .where(REFERENCES_FIELD, 'array-contains', id)
      .get();
    return snapshot.docs.map((d) => decodeRecord(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.findCreatedSince} On the (kind, createdAt) composite index. */
  async findCreatedSince(
    owner: WorkbookOwner,
    kind: RecordKind,
    since: string,
  ): Promise<readonly StoredRecord[]> {
    const snapshot = await this.paths
      .owner(owner)
      .collection('records')
      .where('kind', '==', kind)
      .where('createdAt', '>=', since)
      .get();
    return snapshot.docs.map((d) => decodeRecord(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.nextSequence} */
  async nextSequence(owner: WorkbookOwner, kind: RecordKind): Promise<number> {
    const snapshot = await this.paths.counter(owner, kind).get();
    return snapshot.exists ? readNumber(snapshot.data() ?? {}, 'next', snapshot.ref.path) : 1;
  }

  /**
   * {@inheritDoc RecordStore.apply} A change set that fits {@link FIRESTORE_COMMIT_LIMITS} is one
   * transaction; a larger one is several, in order, each whole records with their audit and the
   * numbers of their IDs; the event is recorded by the last.
   */
  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    const chunks = chunkChangeSet(changeSet, this.limits, {
      put: (put) =>
        firestoreDocumentSize(
          this.paths.record(put.record.owner, put.record.id).path,
          encodeRecord(put.record),
        ),
      audit: (entry) =>
        firestoreDocumentSize(
          `owners/${entry.owner}/audit/12345678901234567890`,
          encodeAudit(entry, 0, this.context.auditRetentionDays),
        ),
      quarantine: (entry) =>
        firestoreDocumentSize(
          this.paths.quarantine(entry.owner, entry.key).path,
          encodeQuarantine(entry, 0),
        ),
    });
    let writes = 0;
    for (const [index, chunk] of chunks.entries()) {
      const last = index === chunks.length - 1;
      const outcome = await this.db.runTransaction(
        (tx) => applyChunk(tx, this.context, changeSet, chunk, last),
        WRITE_TRANSACTION_OPTIONS,
      );
      if (outcome.status !== 'applied') return outcome;
      writes += outcome.writes;
    }
    return { status: 'applied', writes };
  }

  /** {@inheritDoc RecordStore.listAudit} */
  async listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]> {
    let query: Query = this.paths.owner(owner).collection('audit');
    if (recordId !== undefined) query = query.where('recordId', '==', recordId);
    const snapshot = await query.orderBy('seq', 'asc').get();
    return snapshot.docs.map((d) => decodeAudit(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.listQuarantine} */
  async listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]> {
    const snapshot = await this.paths
      .owner(owner)
      .collection('quarantine')
      .orderBy('seq', 'asc')
      .get();
    return snapshot.docs.map((d) => decodeQuarantine(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.readDocument} */
  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    const snapshot = await this.paths.document(owner, name).get();
    const json: unknown = snapshot.get('json');
    return typeof json === 'string' ? (JSON.parse(json) as unknown) : null;
  }

  /** {@inheritDoc RecordStore.writeDocument} */
  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    // Stored as JSON text: Firestore refuses nested arrays, which alert states may hold.
    await this.paths
      .document(owner, name)
      .set({ owner, name, json: JSON.stringify(value ?? null) });
  }

  /** {@inheritDoc RecordStore.readEntries} */
  async readEntries(
    owner: DocumentOwner,
    family: string,
    keys?: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>> {
    const docs =
      keys === undefined
        ? (await this.paths.entries(owner).where('family', '==', family).get()).docs
        : keys.length === 0
          ? []
          : (
              await this.db.getAll(...keys.map((key) => this.paths.entry(owner, family, key)))
            ).filter((d) => d.exists);
    const entries = new Map<string, unknown>();
    for (const doc of docs) {
      const data = doc.data() ?? {};
      entries.set(
        readString(data, 'key', doc.ref.path),
        JSON.parse(readString(data, 'json', doc.ref.path)) as unknown,
      );
    }
    return entries;
  }

  /** {@inheritDoc RecordStore.writeEntries} */
  async writeEntries(owner: DocumentOwner, family: string, changes: EntryChanges): Promise<void> {
    const writes: BatchWrite[] = [];
    for (const [key, value] of changes.put) {
      const ref = this.paths.entry(owner, family, key);
      const json = JSON.stringify(value ?? null);
      writes.push((batch) => batch.set(ref, { owner, family, key, json }));
    }
    for (const key of changes.remove) {
      const ref = this.paths.entry(owner, family, key);
      writes.push((batch) => batch.delete(ref));
    }
    await commitInBatches(this.db, writes);
  }

  /**
   * {@inheritDoc StoreArchive.exportAll} Read collection by collection (not one transaction:
   * a backup is taken while nothing else writes, e.g. from `dla backup` between syncs).
   */
  async exportAll(): Promise<StoreExport> {
    return exportStore(this.db, this);
  }

  /** {@inheritDoc StoreArchive.isEmpty} */
  async isEmpty(): Promise<boolean> {
    return isStoreEmpty(this.db);
  }

  /**
   * {@inheritDoc StoreArchive.importAll} Clears every collection of the store, then writes the
   * export in batches; audit and quarantine entries get sequence numbers in the export's order.
   */
  async importAll(data: StoreExport): Promise<void> {
    await importStore(this.db, this.context, data);
  }

  /** {@inheritDoc RecordStore.close} */
  async close(): Promise<void> {
    await this.db.terminate();
  }
}
