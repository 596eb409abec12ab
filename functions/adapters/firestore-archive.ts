/**
 * Backup and restore of the Firestore record store (`StoreArchive`): the export read collection
 * by collection, the restore written in batches after clearing every collection.
 */
import type {
  DocumentData,
  DocumentReference,
  Firestore,
  Query,
  WriteBatch,
} from '@google-cloud/firestore';
import {
  EXPORT_OWNER_ORDER,
  entryDocumentName,
  entryOfDocumentName,
  orderStoreExport,
  type CounterExport,
  type DocumentExport,
  type DocumentOwner,
  type RecordStore,
  type StoreExport,
} from '../../shared/ports/record-store';
import type { AuditEntry, QuarantineEntry } from '../../shared/domain/change-set';
import type { StoredRecord } from '../../shared/domain/stored-record';
import { RECORD_KINDS } from '../../shared/domain/record-id';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { EVENT_REPLAY_DAYS, type ApplyContext, type Sequences } from './firestore-apply';
import {
  corrupt,
  encodeAudit,
  encodeQuarantine,
  encodeRecord,
  expiryAfter,
  readNumber,
  readOwner,
  readString,
} from './firestore-record-codec';

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

/** One write of a batch. */
export type BatchWrite = (batch: WriteBatch) => void;

/** Commits writes in batches of {@link BATCH_WRITES}, one after the other. */
export async function commitInBatches(db: Firestore, writes: readonly BatchWrite[]): Promise<void> {
  for (let first = 0; first < writes.length; first += BATCH_WRITES) {
    const batch = db.batch();
    for (const write of writes.slice(first, first + BATCH_WRITES)) write(batch);
    await batch.commit();
  }
}

/** The documents and entries of an owner, as a backup keeps them. */
async function documentsOf(db: Firestore, owner: DocumentOwner): Promise<DocumentExport[]> {
  const documents: DocumentExport[] = [];
  const ownerRef = db.collection('owners').doc(owner);
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

/**
 * Everything the store holds, read collection by collection (not one transaction: a backup is
 * taken while nothing else writes, e.g. from `dla backup` between syncs).
 */
export async function exportStore(
  db: Firestore,
  store: Pick<RecordStore, 'loadOwner' | 'listAudit' | 'listQuarantine'>,
): Promise<StoreExport> {
  const owners: WorkbookOwner[] = [...OPERATOR_CODES, C2RA];
  const records: StoredRecord[] = [];
  const audit: AuditEntry[] = [];
  const quarantine: QuarantineEntry[] = [];
  const counters: CounterExport[] = [];
  for (const owner of owners) {
    records.push(...(await store.loadOwner(owner)).records);
    audit.push(...(await store.listAudit(owner)));
    quarantine.push(...(await store.listQuarantine(owner)));
    const counterDocs = await db.collection('owners').doc(owner).collection('counters').get();
    for (const doc of counterDocs.docs) {
      const kind = RECORD_KINDS.find((k) => k === doc.id);
      if (kind === undefined) throw corrupt(doc.ref.path, 'id', 'a record kind');
      counters.push({ owner, kind, next: readNumber(doc.data(), 'next', doc.ref.path) });
    }
  }
  const documents: DocumentExport[] = [];
  for (const owner of EXPORT_OWNER_ORDER) documents.push(...(await documentsOf(db, owner)));
  const events = (await db.collection('events').get()).docs.map((doc) => {
    const data = doc.data();
    return {
      eventId: readString(data, 'eventId', doc.ref.path),
      owner: readOwner(data, 'owner', doc.ref.path),
      at: readString(data, 'at', doc.ref.path),
    };
  });
  return orderStoreExport({ records, audit, quarantine, counters, events, documents });
}

/** True when no collection of the store holds a document. */
export async function isStoreEmpty(db: Firestore): Promise<boolean> {
  const queries: Query[] = [db.collection('events')];
  for (const owner of EXPORT_OWNER_ORDER) {
    for (const name of OWNER_COLLECTIONS) {
      queries.push(db.collection('owners').doc(owner).collection(name));
    }
  }
  for (const query of queries) {
    if (!(await query.limit(1).get()).empty) return false;
  }
  return true;
}

/** The writes of a restore, in the export's order. */
function restoreWrites(context: ApplyContext, data: StoreExport): BatchWrite[] {
  const { paths } = context;
  const puts: BatchWrite[] = [];
  const set = (ref: DocumentReference, value: DocumentData) =>
    puts.push((batch) => batch.set(ref, value));
  for (const record of data.records) {
    set(paths.record(record.owner, record.id), encodeRecord(record));
  }
  const seqs = new Map<WorkbookOwner, Sequences>();
  const seqOf = (owner: WorkbookOwner) => {
    const seq = seqs.get(owner) ?? { audit: 0, quarantine: 0 };
    seqs.set(owner, seq);
    return seq;
  };
  for (const entry of data.audit) {
    const seq = ++seqOf(entry.owner).audit;
    const ref = paths.owner(entry.owner).collection('audit').doc();
    set(ref, encodeAudit(entry, seq, context.auditRetentionDays));
  }
  for (const entry of data.quarantine) {
    const seq = ++seqOf(entry.owner).quarantine;
    set(paths.quarantine(entry.owner, entry.key), encodeQuarantine(entry, seq));
  }
  for (const [owner, seq] of seqs) {
    set(paths.owner(owner), { owner, auditSeq: seq.audit, quarantineSeq: seq.quarantine });
  }
  for (const counter of data.counters) {
    set(paths.counter(counter.owner, counter.kind), { next: counter.next });
  }
  for (const event of data.events) {
    const expireAt = expiryAfter(event.at, EVENT_REPLAY_DAYS);
    set(paths.event(event.eventId), {
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
    if (entry === null) set(paths.document(owner, name), { owner, name, json });
    else set(paths.entry(owner, entry.family, entry.key), { owner, ...entry, json });
  }
  return puts;
}

/**
 * Clears every collection of the store, then writes the export in batches; audit and quarantine
 * entries get sequence numbers in the export's order.
 */
export async function importStore(
  db: Firestore,
  context: ApplyContext,
  data: StoreExport,
): Promise<void> {
  const refs: DocumentReference[] = [];
  for (const owner of EXPORT_OWNER_ORDER) {
    const ownerRef = db.collection('owners').doc(owner);
    for (const name of OWNER_COLLECTIONS) {
      refs.push(...(await ownerRef.collection(name).get()).docs.map((d) => d.ref));
    }
    refs.push(ownerRef);
  }
  refs.push(...(await db.collection('events').get()).docs.map((d) => d.ref));
  await commitInBatches(
    db,
    refs.map((ref) => (batch: WriteBatch) => batch.delete(ref)),
  );
  await commitInBatches(db, restoreWrites(context, data));
}
