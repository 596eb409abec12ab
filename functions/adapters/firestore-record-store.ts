/**
 * Firestore adapter of the {@link RecordStore} port (production store). Its data model, and why
 * each rule of it holds, is in docs/_incoming/h8-stockage.md (one document per record, audit or
 * quarantine entry, counter, system document or entry; change sets cut into commits that fit).
 *
 * @packageDocumentation
 */
import type {
  DocumentData,
  DocumentReference,
  DocumentSnapshot,
  Firestore,
  Query,
  Transaction,
  WriteBatch,
} from '@google-cloud/firestore';
import {
  EXPORT_OWNER_ORDER,
  entryDocumentName,
  entryOfDocumentName,
  orderStoreExport,
  type ApplyOutcome,
  type CounterExport,
  type DocumentExport,
  type DocumentOwner,
  type EntryChanges,
  type RecordStore,
  type StoreArchive,
  type StoreExport,
} from '../../shared/ports/record-store';
import type {
  AuditEntry,
  ChangeSet,
  QuarantineEntry,
  RecordPut,
} from '../../shared/domain/change-set';
import type { OwnerState, StoredRecord } from '../../shared/domain/stored-record';
import { RECORD_KINDS, type RecordKind } from '../../shared/domain/record-id';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { chunkChangeSet, type CommitChunk, type CommitLimits } from './commit-chunks';
import { firestoreDocumentSize } from './firestore-document-size';
import {
  decodeAudit,
  decodeQuarantine,
  decodeRecord,
  REFERENCES_FIELD,
  encodeAudit,
  encodeQuarantine,
  encodeRecord,
  expiryAfter,
  firestoreDocId,
  optionalNumber,
  readNumber,
  readOwner,
  readString,
  sortById,
  corrupt,
} from './firestore-record-codec';

export { firestoreDocId } from './firestore-record-codec';
export { FIRESTORE_QUERIES, type FirestoreQuery } from './firestore-queries';

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

/**
 * How long an applied edit event is kept to refuse its replays: `expireAt`, on which the TTL
 * policy of the `events` collection group deletes it. Apps Script retries within minutes.
 */
export const EVENT_REPLAY_DAYS = 30;

/** Writes per batch of a restore or of entries (Firestore allows 500 per commit). */
const BATCH_WRITES = 400;

/** The collections under `owners/{owner}`, as a backup reads and a restore clears them. */
const OWNER_COLLECTIONS = [
  'records',
  'audit',
  'quarantine',
  'counters',
  'documents',
  'entries',
] as const;

/** Settings of the adapter beside its client. */
export interface FirestoreStoreOptions {
  /** Days an audit entry is kept (`expireAt` for the TTL policy); null keeps it for ever. */
  readonly auditRetentionDays?: number | null;
  /** What one commit may hold (tests lower it to cut small change sets). */
  readonly commitLimits?: CommitLimits;
}

/** Audit and quarantine sequence numbers of an owner, as one commit moves them. */
interface Sequences {
  audit: number;
  quarantine: number;
}

/** The Firestore implementation of {@link RecordStore}; see docs/_incoming/h8-stockage.md. */
export class FirestoreRecordStore implements RecordStore, StoreArchive {
  private readonly auditRetentionDays: number | null;
  private readonly limits: CommitLimits;

  /** @param db a client of the project/database to use; the caller owns its settings. */
  constructor(
    private readonly db: Firestore,
    options: FirestoreStoreOptions = {},
  ) {
    this.auditRetentionDays = options.auditRetentionDays ?? null;
    this.limits = options.commitLimits ?? FIRESTORE_COMMIT_LIMITS;
  }

  /** {@inheritDoc RecordStore.loadOwner} */
  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    // One read-only transaction: records and quarantine keys are read at the same instant.
    const [records, quarantine] = await this.db.runTransaction(
      (tx) =>
        Promise.all([
          tx.get(this.ownerRef(owner).collection('records')),
          tx.get(this.ownerRef(owner).collection('quarantine')),
        ]),
      { readOnly: true },
    );
    return {
      records: sortById(records.docs.map((d) => decodeRecord(d.data(), d.ref.path))),
      quarantineKeys: new Set(quarantine.docs.map((d) => readString(d.data(), 'key', d.ref.path))),
    };
  }

  /** {@inheritDoc RecordStore.loadRegister} */
  async loadRegister(): Promise<readonly StoredRecord[]> {
    const kind: RecordKind = 'provider';
    const snapshot = await this.ownerRef(C2RA)
      .collection('records')
      .where('kind', '==', kind)
      .get();
    return sortById(snapshot.docs.map((d) => decodeRecord(d.data(), d.ref.path)));
  }

  /** {@inheritDoc RecordStore.getRecords} One `getAll`: one read per ID asked. */
  async getRecords(owner: WorkbookOwner, ids: readonly string[]): Promise<readonly StoredRecord[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const snapshots = await this.db.getAll(...unique.map((id) => this.recordRef(owner, id)));
    return snapshots.flatMap((d) => {
      const data = d.data();
      return data === undefined ? [] : [decodeRecord(data, d.ref.path)];
    });
  }

  /** {@inheritDoc RecordStore.findReferencing} On the `refs` array, indexed by Firestore itself. */
  async findReferencing(owner: WorkbookOwner, id: string): Promise<readonly StoredRecord[]> {
    const snapshot = await this.ownerRef(owner)
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
    const snapshot = await this.ownerRef(owner)
      .collection('records')
      .where('kind', '==', kind)
      .where('createdAt', '>=', since)
      .get();
    return snapshot.docs.map((d) => decodeRecord(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.nextSequence} */
  async nextSequence(owner: WorkbookOwner, kind: RecordKind): Promise<number> {
    const snapshot = await this.counterRef(owner, kind).get();
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
          this.recordRef(put.record.owner, put.record.id).path,
          encodeRecord(put.record),
        ),
      audit: (entry) =>
        firestoreDocumentSize(
          `owners/${entry.owner}/audit/12345678901234567890`,
          encodeAudit(entry, 0, this.auditRetentionDays),
        ),
      quarantine: (entry) =>
        firestoreDocumentSize(
          this.quarantineRef(entry.owner, entry.key).path,
          encodeQuarantine(entry, 0),
        ),
    });
    let writes = 0;
    for (const [index, chunk] of chunks.entries()) {
      const last = index === chunks.length - 1;
      const outcome = await this.db.runTransaction(
        (tx) => this.applyChunk(tx, changeSet, chunk, last),
        WRITE_TRANSACTION_OPTIONS,
      );
      if (outcome.status !== 'applied') return outcome;
      writes += outcome.writes;
    }
    return { status: 'applied', writes };
  }

  /** One commit of a change set: everything read and checked first, then written or not at all. */
  private async applyChunk(
    tx: Transaction,
    changeSet: ChangeSet,
    chunk: CommitChunk,
    last: boolean,
  ): Promise<ApplyOutcome> {
    const puts = chunk.puts.map((put) => ({
      put,
      ref: this.recordRef(put.record.owner, put.record.id),
    }));
    const quarantine = chunk.quarantine.map((entry) => ({
      entry,
      ref: this.quarantineRef(entry.owner, entry.key),
    }));
    const counters = chunk.counters.map((move) => ({
      move,
      ref: this.counterRef(move.owner, move.kind),
    }));
    const owners = [
      ...new Set<WorkbookOwner>([
        changeSet.owner,
        ...chunk.audit.map((a) => a.owner),
        ...chunk.quarantine.map((q) => q.owner),
      ]),
    ].map((owner) => ({ owner, ref: this.ownerRef(owner) }));
    const eventRef = changeSet.eventId === null ? null : this.eventRef(changeSet.eventId);
    const read = await readAll(tx, [
      ...[...owners, ...puts, ...quarantine, ...counters].map((item) => item.ref),
      ...(eventRef === null ? [] : [eventRef]),
    ]);

    // Everything is checked before anything is written, so a refusal leaves nothing behind.
    if (eventRef !== null && read(eventRef).exists) return { status: 'duplicate-event' };
    for (const { put, ref } of puts) {
      const snapshot = read(ref);
      const stored = snapshot.exists ? readNumber(snapshot.data() ?? {}, 'version', ref.path) : 0;
      if (stored !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
    }
    for (const { move, ref } of counters) {
      const snapshot = read(ref);
      const next = snapshot.exists ? readNumber(snapshot.data() ?? {}, 'next', ref.path) : 1;
      if (next !== move.from) return { status: 'conflict', recordId: move.firstId };
    }
    const seqs = new Map<WorkbookOwner, Sequences>();
    for (const { owner, ref } of owners) {
      const data = read(ref).data() ?? {};
      seqs.set(owner, {
        audit: optionalNumber(data, 'auditSeq', ref.path) ?? 0,
        quarantine: optionalNumber(data, 'quarantineSeq', ref.path) ?? 0,
      });
    }
    const seqOf = (owner: WorkbookOwner): Sequences => {
      const seq = seqs.get(owner);
      if (seq === undefined) throw new Error(`apply: no sequence read for owner ${owner}`);
      return seq;
    };

    let writes = this.writeRecords(tx, puts);
    for (const entry of chunk.audit) {
      const seq = ++seqOf(entry.owner).audit;
      const ref = this.ownerRef(entry.owner).collection('audit').doc();
      tx.set(ref, encodeAudit(entry, seq, this.auditRetentionDays));
      writes += 1;
    }
    for (const { entry, ref } of quarantine) {
      if (read(ref).exists) continue; // kept once: the first refusal stays
      tx.set(ref, encodeQuarantine(entry, ++seqOf(entry.owner).quarantine));
      writes += 1;
    }
    for (const { owner, ref } of owners) {
      const seq = seqOf(owner);
      tx.set(ref, { owner, auditSeq: seq.audit, quarantineSeq: seq.quarantine });
    }
    for (const { move, ref } of counters) tx.set(ref, { next: move.to });
    if (eventRef !== null && last) {
      writes += 1;
      const expireAt = expiryAfter(changeSet.at, EVENT_REPLAY_DAYS);
      tx.set(eventRef, {
        eventId: changeSet.eventId,
        owner: changeSet.owner,
        at: changeSet.at,
        writes,
        ...(expireAt === null ? {} : { expireAt }),
      });
    }
    return { status: 'applied', writes };
  }

  /** Writes the puts of a commit (a record put twice: the last put wins, each counts as a write). */
  private writeRecords(
    tx: Transaction,
    puts: readonly { put: RecordPut; ref: DocumentReference }[],
  ): number {
    const lastPut = new Map<string, { put: RecordPut; ref: DocumentReference }>();
    for (const item of puts) lastPut.set(item.ref.path, item);
    for (const { put, ref } of lastPut.values()) {
      tx.set(ref, encodeRecord({ ...put.record, version: put.expectedVersion + 1 }));
    }
    return puts.length;
  }

  /** {@inheritDoc RecordStore.listAudit} */
  async listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]> {
    let query: Query = this.ownerRef(owner).collection('audit');
    if (recordId !== undefined) query = query.where('recordId', '==', recordId);
    const snapshot = await query.orderBy('seq', 'asc').get();
    return snapshot.docs.map((d) => decodeAudit(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.listQuarantine} */
  async listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]> {
    const snapshot = await this.ownerRef(owner)
      .collection('quarantine')
      .orderBy('seq', 'asc')
      .get();
    return snapshot.docs.map((d) => decodeQuarantine(d.data(), d.ref.path));
  }

  /** {@inheritDoc RecordStore.readDocument} */
  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    const snapshot = await this.documentRef(owner, name).get();
    const json: unknown = snapshot.get('json');
    return typeof json === 'string' ? (JSON.parse(json) as unknown) : null;
  }

  /** {@inheritDoc RecordStore.writeDocument} */
  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    // Stored as JSON text: Firestore refuses nested arrays, which alert states may hold.
    await this.documentRef(owner, name).set({ owner, name, json: JSON.stringify(value ?? null) });
  }

  /** {@inheritDoc RecordStore.readEntries} */
  async readEntries(
    owner: DocumentOwner,
    family: string,
    keys?: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>> {
    const docs =
      keys === undefined
        ? (await this.entriesOf(owner).where('family', '==', family).get()).docs
        : keys.length === 0
          ? []
          : (await this.db.getAll(...keys.map((key) => this.entryRef(owner, family, key)))).filter(
              (d) => d.exists,
            );
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
    const writes: ((batch: WriteBatch) => void)[] = [];
    for (const [key, value] of changes.put) {
      const ref = this.entryRef(owner, family, key);
      const json = JSON.stringify(value ?? null);
      writes.push((batch) => batch.set(ref, { owner, family, key, json }));
    }
    for (const key of changes.remove) {
      const ref = this.entryRef(owner, family, key);
      writes.push((batch) => batch.delete(ref));
    }
    await this.commitInBatches(writes);
  }

  /**
   * {@inheritDoc StoreArchive.exportAll} Read collection by collection (not one transaction:
   * a backup is taken while nothing else writes, e.g. from `dla backup` between syncs).
   */
  async exportAll(): Promise<StoreExport> {
    const owners: WorkbookOwner[] = [...OPERATOR_CODES, C2RA];
    const records: StoredRecord[] = [];
    const audit: AuditEntry[] = [];
    const quarantine: QuarantineEntry[] = [];
    const counters: CounterExport[] = [];
    for (const owner of owners) {
      records.push(...(await this.loadOwner(owner)).records);
      audit.push(...(await this.listAudit(owner)));
      quarantine.push(...(await this.listQuarantine(owner)));
      const counterDocs = await this.ownerRef(owner).collection('counters').get();
      for (const doc of counterDocs.docs) {
        const kind = RECORD_KINDS.find((k) => k === doc.id);
        if (kind === undefined) throw corrupt(doc.ref.path, 'id', 'a record kind');
        counters.push({ owner, kind, next: readNumber(doc.data(), 'next', doc.ref.path) });
      }
    }
    const documents: DocumentExport[] = [];
    for (const owner of EXPORT_OWNER_ORDER) documents.push(...(await this.documentsOf(owner)));
    const events = (await this.db.collection('events').get()).docs.map((doc) => {
      const data = doc.data();
      return {
        eventId: readString(data, 'eventId', doc.ref.path),
        owner: readOwner(data, 'owner', doc.ref.path),
        at: readString(data, 'at', doc.ref.path),
      };
    });
    return orderStoreExport({ records, audit, quarantine, counters, events, documents });
  }

  /** The documents and entries of an owner, as a backup keeps them. */
  private async documentsOf(owner: DocumentOwner): Promise<DocumentExport[]> {
    const documents: DocumentExport[] = [];
    const ownerRef = this.db.collection('owners').doc(owner);
    for (const doc of (await ownerRef.collection('documents').get()).docs) {
      const data = doc.data();
      documents.push({
        owner,
        name: readString(data, 'name', doc.ref.path),
        value: JSON.parse(readString(data, 'json', doc.ref.path)) as unknown,
      });
    }
    for (const doc of (await ownerRef.collection('entries').get()).docs) {
      const data = doc.data();
      documents.push({
        owner,
        name: entryDocumentName(
          readString(data, 'family', doc.ref.path),
          readString(data, 'key', doc.ref.path),
        ),
        value: JSON.parse(readString(data, 'json', doc.ref.path)) as unknown,
      });
    }
    return documents;
  }

  /** {@inheritDoc StoreArchive.isEmpty} */
  async isEmpty(): Promise<boolean> {
    const queries: Query[] = [this.db.collection('events')];
    for (const owner of EXPORT_OWNER_ORDER) {
      for (const name of OWNER_COLLECTIONS) {
        queries.push(this.db.collection('owners').doc(owner).collection(name));
      }
    }
    for (const query of queries) {
      if (!(await query.limit(1).get()).empty) return false;
    }
    return true;
  }

  /**
   * {@inheritDoc StoreArchive.importAll} Clears every collection of the store, then writes the
   * export in batches; audit and quarantine entries get sequence numbers in the export's order.
   */
  async importAll(data: StoreExport): Promise<void> {
    const refs: DocumentReference[] = [];
    for (const owner of EXPORT_OWNER_ORDER) {
      const ownerRef = this.db.collection('owners').doc(owner);
      for (const name of OWNER_COLLECTIONS) {
        refs.push(...(await ownerRef.collection(name).get()).docs.map((d) => d.ref));
      }
      refs.push(ownerRef);
    }
    refs.push(...(await this.db.collection('events').get()).docs.map((d) => d.ref));
    await this.commitInBatches(refs.map((ref) => (batch: WriteBatch) => batch.delete(ref)));
    await this.commitInBatches(this.restoreWrites(data));
  }

  /** The writes of a restore, in the export's order. */
  private restoreWrites(data: StoreExport): ((batch: WriteBatch) => void)[] {
    const puts: ((batch: WriteBatch) => void)[] = [];
    const set = (ref: DocumentReference, value: DocumentData) =>
      puts.push((batch) => batch.set(ref, value));
    for (const record of data.records) {
      set(this.recordRef(record.owner, record.id), encodeRecord(record));
    }
    const seqs = new Map<WorkbookOwner, Sequences>();
    const seqOf = (owner: WorkbookOwner) => {
      const seq = seqs.get(owner) ?? { audit: 0, quarantine: 0 };
      seqs.set(owner, seq);
      return seq;
    };
    for (const entry of data.audit) {
      const seq = ++seqOf(entry.owner).audit;
      const ref = this.ownerRef(entry.owner).collection('audit').doc();
      set(ref, encodeAudit(entry, seq, this.auditRetentionDays));
    }
    for (const entry of data.quarantine) {
      const seq = ++seqOf(entry.owner).quarantine;
      set(this.quarantineRef(entry.owner, entry.key), encodeQuarantine(entry, seq));
    }
    for (const [owner, seq] of seqs) {
      set(this.ownerRef(owner), { owner, auditSeq: seq.audit, quarantineSeq: seq.quarantine });
    }
    for (const counter of data.counters) {
      set(this.counterRef(counter.owner, counter.kind), { next: counter.next });
    }
    for (const event of data.events) {
      const expireAt = expiryAfter(event.at, EVENT_REPLAY_DAYS);
      set(this.eventRef(event.eventId), {
        eventId: event.eventId,
        owner: event.owner,
        at: event.at,
        writes: 0,
        ...(expireAt === null ? {} : { expireAt }),
      });
    }
    for (const document of data.documents) {
      const { owner, name } = document;
      const json = JSON.stringify(document.value ?? null);
      const entry = entryOfDocumentName(name);
      if (entry === null) set(this.documentRef(owner, name), { owner, name, json });
      else set(this.entryRef(owner, entry.family, entry.key), { owner, ...entry, json });
    }
    return puts;
  }

  /** Commits writes in batches of {@link BATCH_WRITES}, one after the other. */
  private async commitInBatches(writes: readonly ((batch: WriteBatch) => void)[]): Promise<void> {
    for (let first = 0; first < writes.length; first += BATCH_WRITES) {
      const batch = this.db.batch();
      for (const write of writes.slice(first, first + BATCH_WRITES)) write(batch);
      await batch.commit();
    }
  }

  /** {@inheritDoc RecordStore.close} */
  async close(): Promise<void> {
    await this.db.terminate();
  }

  private ownerRef(owner: DocumentOwner): DocumentReference {
    return this.db.collection('owners').doc(owner);
  }

  private recordRef(owner: WorkbookOwner, recordId: string): DocumentReference {
    return this.ownerRef(owner).collection('records').doc(firestoreDocId(recordId));
  }

  private quarantineRef(owner: WorkbookOwner, key: string): DocumentReference {
    return this.ownerRef(owner).collection('quarantine').doc(firestoreDocId(key));
  }

  private counterRef(owner: WorkbookOwner, kind: RecordKind): DocumentReference {
    return this.ownerRef(owner).collection('counters').doc(kind);
  }

  private eventRef(eventId: string): DocumentReference {
    return this.db.collection('events').doc(firestoreDocId(eventId));
  }

  private documentRef(owner: DocumentOwner, name: string): DocumentReference {
    return this.ownerRef(owner).collection('documents').doc(firestoreDocId(name));
  }

  private entriesOf(owner: DocumentOwner) {
    return this.ownerRef(owner).collection('entries');
  }

  /** An entry's document: `family:key` as its ID (family names hold no `:`). */
  private entryRef(owner: DocumentOwner, family: string, key: string): DocumentReference {
    return this.entriesOf(owner).doc(firestoreDocId(`${family}:${key}`));
  }
}

/** Reads documents in a transaction (each once); the reader throws on a path it did not read. */
async function readAll(
  tx: Transaction,
  refs: readonly DocumentReference[],
): Promise<(ref: DocumentReference) => DocumentSnapshot> {
  const unique = new Map<string, DocumentReference>(refs.map((ref) => [ref.path, ref]));
  const snapshots = unique.size === 0 ? [] : await tx.getAll(...unique.values());
  const byPath = new Map<string, DocumentSnapshot>(snapshots.map((s) => [s.ref.path, s]));
  return (ref) => {
    const snapshot = byPath.get(ref.path);
    if (snapshot === undefined) throw new Error(`apply: no snapshot read for ${ref.path}`);
    return snapshot;
  };
}
