/**
 * Firestore adapter of the {@link RecordStore} port (production store).
 *
 * ## Data model
 *
 * Every document lives under its workbook owner (an operator code such as `CBE-LM`, or `C2RA`),
 * except the replay guard of edit events, which is global:
 *
 * | path | fields | purpose |
 * |---|---|---|
 * | `owners/{owner}` | `owner`, `auditSeq`, `quarantineSeq` | last sequence numbers given to audit and quarantine entries of this owner (insertion order) |
 * | `owners/{owner}/records/{recordId}` | `id`, `kind`, `owner`, `data` (map), `fieldTimes` (map), `rejected` (map of `{raw, code, message}`), `archived`, `version`, `createdAt`, `updatedAt` | one record; never deleted, only archived |
 * | `owners/{owner}/audit/{autoId}` | `seq`, `at`, `owner`, `recordId`, `field`, `oldValue`, `newValue`, `who`, `source`, `eventId` | one accepted change of one field; read ordered by `seq` |
 * | `owners/{owner}/quarantine/{key}` | `seq`, `key`, `at`, `owner`, `tab`, `row`, `column`, `recordId`, `raw`, `code`, `message`, `who`, `source`, `eventId` | one refused input, kept once per key; read ordered by `seq` |
 * | `owners/{owner}/counters/{kind}` | `next` | the next sequence number of record IDs of this kind (absent = 1) |
 * | `owners/{owner}/documents/{name}` | `json` | small system documents: last valid parameters, alert states, job runs (`owners/system/…` for job runs) |
 * | `events/{eventId}` | `eventId`, `owner`, `at`, `writes` | an edit event already applied, so a replay changes nothing |
 *
 * Rules of the model:
 * - Instants are ISO strings exactly as the change set gives them: the adapter has no clock and
 *   never uses `serverTimestamp`, so a replay or a test writes the same bytes.
 * - `{recordId}`, `{key}` and `{eventId}` are the raw values when they are safe document IDs
 *   (letters, digits and `._@:+=-`, at most 200 characters, not `.`/`..`/`__x__`); any other
 *   value is stored under `~` followed by its SHA-256 in hex. The raw value is always kept in a
 *   field (`id`, `key`, `eventId`), which is what the adapter reads back.
 * - Absent values are stored as `null`, never `undefined` (Firestore refuses `undefined`).
 *   Values in `data` are strings, numbers, booleans, `null` or arrays of strings (no nested arrays).
 * - `version` counts writes: `apply` stores `expectedVersion + 1` and refuses the whole change set
 *   when the stored version (0 for a missing document) is not `expectedVersion`.
 * - `apply` is one transaction: it reads the event document, the owner documents (for the audit and
 *   quarantine sequences), every record put and every quarantine key, then either writes nothing
 *   (duplicate event, version conflict) or writes everything. `writes` counts the record puts, the
 *   audit entries, the quarantine entries actually added (a key already kept is skipped) and the
 *   event document, as the SQLite adapter does.
 * - Every change set writes its owner document, which serialises the change sets of one owner: audit
 *   and quarantine keep insertion order, at the cost of one hot document per workbook (a human rate
 *   of edits; 20 concurrent change sets of one owner take seconds of retries, hence up to 20 attempts
 *   per transaction instead of the client's 5).
 * - `loadOwner` reads records and quarantine keys in one read-only transaction (one instant).
 * - A change set is one commit, whatever its size, since the port wants it all-or-nothing: it must
 *   fit Firestore's limits of one request (10 MiB; the old 500-writes-per-commit limit was lifted
 *   in 2023 — check the current quotas page) and of one transaction (270 s). Google's emulator took
 *   600 puts + 600 audit entries (1,201 writes) in one commit in the contract tests.
 * - Backup and restore ({@link StoreArchive}): `exportAll` reads every collection above, owner by
 *   owner; `importAll` deletes every document of them, then writes the export in batches of
 *   {@link RESTORE_BATCH_WRITES} (not atomic: a failed restore is run again, it starts by clearing),
 *   numbering audit and quarantine entries in the export's order.
 * - Queries are kept to what both Google's emulator and the in-memory fallback server answer
 *   correctly: no collection-group queries, cursors, offsets, `documentId` filters, `== null`
 *   filters nor `select()`. They are listed in {@link FIRESTORE_QUERIES}; the one that needs a
 *   composite index is audit by `recordId ==` ordered by `seq`.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import type {
  DocumentData,
  DocumentReference,
  DocumentSnapshot,
  Firestore,
  Query,
  WriteBatch,
} from '@google-cloud/firestore';
import {
  EXPORT_OWNER_ORDER,
  orderStoreExport,
  type ApplyOutcome,
  type AuditEntry,
  type ChangeSet,
  type ChangeSource,
  type CounterExport,
  type DocumentExport,
  type FieldJson,
  type DocumentOwner,
  type OwnerState,
  type QuarantineEntry,
  type RecordData,
  type RecordPut,
  type RecordStore,
  type Rejection,
  type StoreArchive,
  type StoreExport,
  type StoredRecord,
} from '../../shared/ports/record-store';
import { RECORD_KINDS, type RecordKind } from '../../shared/domain/record-id';
import {
  C2RA,
  OPERATOR_CODES,
  workbookOwnerSchema,
  type WorkbookOwner,
} from '../../shared/domain/operator';

/** One query the adapter sends, described for index checks (`firestore.indexes.json`). */
export interface FirestoreQuery {
  /** The collection path, with `{owner}` for the workbook owner. */
  readonly collection: string;
  /** The collection ID, as index definitions name it (`collectionGroup` with scope `COLLECTION`). */
  readonly collectionId: string;
  /** Filters, each `field op` (e.g. `kind ==`). */
  readonly where: readonly string[];
  /** Sort orders, each `field asc|desc`. */
  readonly orderBy: readonly string[];
  /** Which method of the adapter sends it. */
  readonly usedBy: string;
}

/** Every query {@link FirestoreRecordStore} makes (document reads by path are not listed). */
export const FIRESTORE_QUERIES: readonly FirestoreQuery[] = [
  {
    collection: 'owners/{owner}/records',
    collectionId: 'records',
    where: [],
    orderBy: [],
    usedBy: 'loadOwner',
  },
  {
    collection: 'owners/{owner}/quarantine',
    collectionId: 'quarantine',
    where: [],
    orderBy: [],
    usedBy: 'loadOwner',
  },
  {
    collection: 'owners/C2RA/records',
    collectionId: 'records',
    where: ['kind =='],
    orderBy: [],
    usedBy: 'loadRegister',
  },
  {
    collection: 'owners/{owner}/audit',
    collectionId: 'audit',
    where: [],
    orderBy: ['seq asc'],
    usedBy: 'listAudit',
  },
  {
    collection: 'owners/{owner}/audit',
    collectionId: 'audit',
    where: ['recordId =='],
    orderBy: ['seq asc'],
    usedBy: 'listAudit(recordId)',
  },
  {
    collection: 'owners/{owner}/quarantine',
    collectionId: 'quarantine',
    where: [],
    orderBy: ['seq asc'],
    usedBy: 'listQuarantine',
  },
  {
    collection: 'owners/{owner}/counters',
    collectionId: 'counters',
    where: [],
    orderBy: [],
    usedBy: 'exportAll, importAll, isEmpty (limit 1)',
  },
  {
    collection: 'owners/{owner}/documents',
    collectionId: 'documents',
    where: [],
    orderBy: [],
    usedBy: 'exportAll, importAll, isEmpty (limit 1)',
  },
  // Also read whole by importAll (to clear them) and isEmpty (limit 1): records, audit,
  // quarantine of every owner, and the top-level `events` collection (exportAll too).
];

/**
 * Attempts of a read-write transaction before giving up on contention (the client's default is 5).
 * Every change set of an owner writes the owner document, and every allocation of a kind writes
 * its counter: 20 concurrent writers of one owner need more than 5 attempts on a busy server.
 */
const WRITE_TRANSACTION_OPTIONS = { maxAttempts: 20 } as const;

const SAFE_DOC_ID = /^[A-Za-z0-9._@:+=-]{1,200}$/;

/** Writes per batch of a restore (Firestore allows 500 per commit). */
const RESTORE_BATCH_WRITES = 400;

/** The collections under `owners/{owner}`, as a backup reads and a restore clears them. */
const OWNER_COLLECTIONS = ['records', 'audit', 'quarantine', 'counters', 'documents'] as const;

/**
 * The document ID under which a raw identifier (record ID, quarantine key, event ID) is stored:
 * the value itself when Firestore accepts it as is, else `~` and its SHA-256 in hex.
 */
export function firestoreDocId(raw: string): string {
  const safe = SAFE_DOC_ID.test(raw) && raw !== '.' && raw !== '..' && !/^__.*__$/.test(raw);
  return safe ? raw : `~${createHash('sha256').update(raw, 'utf8').digest('hex')}`;
}

/** The Firestore implementation of {@link RecordStore}; see the module comment for the data model. */
export class FirestoreRecordStore implements RecordStore, StoreArchive {
  /** @param db a client of the project/database to use; the caller owns its settings. */
  constructor(private readonly db: Firestore) {}

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

  /** {@inheritDoc RecordStore.allocateSequence} */
  async allocateSequence(
    owner: WorkbookOwner,
    kind: RecordKind,
    count: number,
  ): Promise<readonly number[]> {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`allocateSequence: count must be a non-negative integer, got ${count}`);
    }
    if (count === 0) return [];
    const ref = this.ownerRef(owner).collection('counters').doc(kind);
    return this.db.runTransaction(async (tx) => {
      const snapshot = await tx.get(ref);
      const first = snapshot.exists ? readNumber(snapshot.data() ?? {}, 'next', ref.path) : 1;
      tx.set(ref, { next: first + count });
      return Array.from({ length: count }, (_, i) => first + i);
    }, WRITE_TRANSACTION_OPTIONS);
  }

  /** {@inheritDoc RecordStore.apply} */
  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    const puts = changeSet.puts.map((put) => ({
      put,
      ref: this.recordRef(put.record.owner, put.record.id),
    }));
    const quarantine = uniqueQuarantine(changeSet.quarantine).map((entry) => ({
      entry,
      ref: this.quarantineRef(entry.owner, entry.key),
    }));
    const owners = [
      ...new Set<WorkbookOwner>([
        changeSet.owner,
        ...changeSet.audit.map((a) => a.owner),
        ...quarantine.map((q) => q.entry.owner),
      ]),
    ].map((owner) => ({ owner, ref: this.ownerRef(owner) }));
    const eventRef =
      changeSet.eventId === null
        ? null
        : this.db.collection('events').doc(firestoreDocId(changeSet.eventId));

    return this.db.runTransaction(async (tx): Promise<ApplyOutcome> => {
      const refs = new Map<string, DocumentReference>();
      for (const { ref } of [...owners, ...puts, ...quarantine]) refs.set(ref.path, ref);
      if (eventRef !== null) refs.set(eventRef.path, eventRef);
      const snapshots = await tx.getAll(...refs.values());
      const byPath = new Map<string, DocumentSnapshot>(snapshots.map((s) => [s.ref.path, s]));
      const read = (ref: DocumentReference): DocumentSnapshot => {
        const snapshot = byPath.get(ref.path);
        if (snapshot === undefined) throw new Error(`apply: no snapshot read for ${ref.path}`);
        return snapshot;
      };

      // Everything is checked before anything is written, so a refusal leaves nothing behind.
      if (eventRef !== null && read(eventRef).exists) return { status: 'duplicate-event' };
      for (const { put, ref } of puts) {
        const snapshot = read(ref);
        const stored = snapshot.exists ? readNumber(snapshot.data() ?? {}, 'version', ref.path) : 0;
        if (stored !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
      }
      const seqs = new Map<WorkbookOwner, { audit: number; quarantine: number }>();
      for (const { owner, ref } of owners) {
        const data = read(ref).data() ?? {};
        seqs.set(owner, {
          audit: optionalNumber(data, 'auditSeq', ref.path) ?? 0,
          quarantine: optionalNumber(data, 'quarantineSeq', ref.path) ?? 0,
        });
      }
      const seqOf = (owner: WorkbookOwner): { audit: number; quarantine: number } => {
        const seq = seqs.get(owner);
        if (seq === undefined) throw new Error(`apply: no sequence read for owner ${owner}`);
        return seq;
      };

      let writes = 0;
      // A record put twice in one change set: the last put wins (each counts as a write).
      const lastPut = new Map<string, { put: RecordPut; ref: DocumentReference }>();
      for (const item of puts) {
        lastPut.set(item.ref.path, item);
        writes += 1;
      }
      for (const { put, ref } of lastPut.values()) {
        tx.set(ref, encodeRecord({ ...put.record, version: put.expectedVersion + 1 }));
      }
      for (const entry of changeSet.audit) {
        const seq = seqOf(entry.owner);
        seq.audit += 1;
        const ref = this.ownerRef(entry.owner).collection('audit').doc();
        tx.set(ref, encodeAudit(entry, seq.audit));
        writes += 1;
      }
      for (const { entry, ref } of quarantine) {
        if (read(ref).exists) continue; // kept once: the first refusal stays
        const seq = seqOf(entry.owner);
        seq.quarantine += 1;
        tx.set(ref, encodeQuarantine(entry, seq.quarantine));
        writes += 1;
      }
      for (const { owner, ref } of owners) {
        const seq = seqOf(owner);
        tx.set(ref, { owner, auditSeq: seq.audit, quarantineSeq: seq.quarantine });
      }
      if (eventRef !== null) {
        writes += 1;
        tx.set(eventRef, {
          eventId: changeSet.eventId,
          owner: changeSet.owner,
          at: changeSet.at,
          writes,
        });
      }
      return { status: 'applied', writes };
    }, WRITE_TRANSACTION_OPTIONS);
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

  /** {@inheritDoc RecordStore.close} */
  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    const snapshot = await this.documentRef(owner, name).get();
    const json: unknown = snapshot.get('json');
    return typeof json === 'string' ? (JSON.parse(json) as unknown) : null;
  }

  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    // Stored as JSON text: Firestore refuses nested arrays, which alert states may hold.
    await this.documentRef(owner, name).set({ owner, name, json: JSON.stringify(value ?? null) });
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
    for (const owner of EXPORT_OWNER_ORDER) {
      const docs = await this.db.collection('owners').doc(owner).collection('documents').get();
      for (const doc of docs.docs) {
        const data = doc.data();
        documents.push({
          owner,
          name: readString(data, 'name', doc.ref.path),
          value: JSON.parse(readString(data, 'json', doc.ref.path)) as unknown,
        });
      }
    }
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
    const writes: ((batch: WriteBatch) => void)[] = [];
    const refs: DocumentReference[] = [];
    for (const owner of EXPORT_OWNER_ORDER) {
      const ownerRef = this.db.collection('owners').doc(owner);
      for (const name of OWNER_COLLECTIONS) {
        refs.push(...(await ownerRef.collection(name).get()).docs.map((d) => d.ref));
      }
      refs.push(ownerRef);
    }
    refs.push(...(await this.db.collection('events').get()).docs.map((d) => d.ref));
    for (const ref of refs) writes.push((batch) => batch.delete(ref));
    await this.commitInBatches(writes);

    const puts: ((batch: WriteBatch) => void)[] = [];
    for (const record of data.records) {
      const ref = this.recordRef(record.owner, record.id);
      puts.push((batch) => batch.set(ref, encodeRecord(record)));
    }
    const seqs = new Map<WorkbookOwner, { audit: number; quarantine: number }>();
    const seqOf = (owner: WorkbookOwner) => {
      const seq = seqs.get(owner) ?? { audit: 0, quarantine: 0 };
      seqs.set(owner, seq);
      return seq;
    };
    for (const entry of data.audit) {
      const seq = ++seqOf(entry.owner).audit;
      const ref = this.ownerRef(entry.owner).collection('audit').doc();
      puts.push((batch) => batch.set(ref, encodeAudit(entry, seq)));
    }
    for (const entry of data.quarantine) {
      const seq = ++seqOf(entry.owner).quarantine;
      const ref = this.quarantineRef(entry.owner, entry.key);
      puts.push((batch) => batch.set(ref, encodeQuarantine(entry, seq)));
    }
    for (const [owner, seq] of seqs) {
      const ref = this.ownerRef(owner);
      puts.push((batch) =>
        batch.set(ref, { owner, auditSeq: seq.audit, quarantineSeq: seq.quarantine }),
      );
    }
    for (const counter of data.counters) {
      const ref = this.ownerRef(counter.owner).collection('counters').doc(counter.kind);
      puts.push((batch) => batch.set(ref, { next: counter.next }));
    }
    for (const event of data.events) {
      const ref = this.db.collection('events').doc(firestoreDocId(event.eventId));
      puts.push((batch) =>
        batch.set(ref, { eventId: event.eventId, owner: event.owner, at: event.at, writes: 0 }),
      );
    }
    for (const document of data.documents) {
      const ref = this.documentRef(document.owner, document.name);
      const json = JSON.stringify(document.value ?? null);
      puts.push((batch) => batch.set(ref, { owner: document.owner, name: document.name, json }));
    }
    await this.commitInBatches(puts);
  }

  /** Commits writes in batches of {@link RESTORE_BATCH_WRITES}, one after the other. */
  private async commitInBatches(writes: readonly ((batch: WriteBatch) => void)[]): Promise<void> {
    for (let first = 0; first < writes.length; first += RESTORE_BATCH_WRITES) {
      const batch = this.db.batch();
      for (const write of writes.slice(first, first + RESTORE_BATCH_WRITES)) write(batch);
      await batch.commit();
    }
  }

  private documentRef(owner: DocumentOwner, name: string): DocumentReference {
    return this.db
      .collection('owners')
      .doc(owner)
      .collection('documents')
      .doc(firestoreDocId(name));
  }

  async close(): Promise<void> {
    await this.db.terminate();
  }

  private ownerRef(owner: WorkbookOwner): DocumentReference {
    return this.db.collection('owners').doc(owner);
  }

  private recordRef(owner: WorkbookOwner, recordId: string): DocumentReference {
    return this.ownerRef(owner).collection('records').doc(firestoreDocId(recordId));
  }

  private quarantineRef(owner: WorkbookOwner, key: string): DocumentReference {
    return this.ownerRef(owner).collection('quarantine').doc(firestoreDocId(key));
  }
}

/** The first entry of each (owner, key): a change set may carry the same refusal twice. */
function uniqueQuarantine(entries: readonly QuarantineEntry[]): QuarantineEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const id = `${e.owner}\u0000${e.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function sortById(records: StoredRecord[]): StoredRecord[] {
  return records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---------- encoding (never `undefined`) ----------

function encodeFieldJson(value: FieldJson): FieldJson {
  return Array.isArray(value) ? [...(value as readonly string[])] : value;
}

function encodeData(data: RecordData): Record<string, FieldJson> {
  const out: Record<string, FieldJson> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined) out[key] = encodeFieldJson(value);
  }
  return out;
}

function encodeRecord(record: StoredRecord): DocumentData {
  const fieldTimes: Record<string, string> = {};
  for (const [key, value] of Object.entries(record.fieldTimes)) {
    if (value !== undefined) fieldTimes[key] = value;
  }
  const rejected: Record<string, Rejection> = {};
  for (const [key, value] of Object.entries(record.rejected)) {
    if (value !== undefined)
      rejected[key] = { raw: value.raw, code: value.code, message: value.message };
  }
  return {
    id: record.id,
    kind: record.kind,
    owner: record.owner,
    data: encodeData(record.data),
    fieldTimes,
    rejected,
    archived: record.archived,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function encodeAudit(entry: AuditEntry, seq: number): DocumentData {
  return {
    seq,
    at: entry.at,
    owner: entry.owner,
    recordId: entry.recordId,
    field: entry.field,
    oldValue: encodeFieldJson(entry.oldValue ?? null),
    newValue: encodeFieldJson(entry.newValue ?? null),
    who: entry.who,
    source: entry.source,
    eventId: entry.eventId ?? null,
  };
}

function encodeQuarantine(entry: QuarantineEntry, seq: number): DocumentData {
  return {
    seq,
    key: entry.key,
    at: entry.at,
    owner: entry.owner,
    tab: entry.tab,
    row: entry.row,
    column: entry.column,
    recordId: entry.recordId ?? null,
    raw: entry.raw,
    code: entry.code,
    message: entry.message,
    who: entry.who,
    source: entry.source,
    eventId: entry.eventId ?? null,
  };
}

// ---------- decoding (documents are checked, never trusted) ----------

function corrupt(path: string, field: string, expected: string): Error {
  return new Error(`Firestore document ${path}: field ${field} is not ${expected}`);
}

function readString(data: DocumentData, field: string, path: string): string {
  const value: unknown = data[field];
  if (typeof value !== 'string') throw corrupt(path, field, 'a string');
  return value;
}

function readNullableString(data: DocumentData, field: string, path: string): string | null {
  const value: unknown = data[field];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw corrupt(path, field, 'a string or null');
  return value;
}

function readNumber(data: DocumentData, field: string, path: string): number {
  const value: unknown = data[field];
  if (typeof value !== 'number') throw corrupt(path, field, 'a number');
  return value;
}

function optionalNumber(data: DocumentData, field: string, path: string): number | undefined {
  const value: unknown = data[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw corrupt(path, field, 'a number');
  return value;
}

function readBoolean(data: DocumentData, field: string, path: string): boolean {
  const value: unknown = data[field];
  if (typeof value !== 'boolean') throw corrupt(path, field, 'a boolean');
  return value;
}

function readMap(data: DocumentData, field: string, path: string): Record<string, unknown> {
  const value: unknown = data[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw corrupt(path, field, 'a map');
  return value as Record<string, unknown>;
}

function decodeFieldJson(value: unknown, path: string, field: string): FieldJson {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string'))
    return [...value];
  throw corrupt(path, field, 'a string, number, boolean, null or array of strings');
}

function readOwner(data: DocumentData, field: string, path: string): WorkbookOwner {
  const parsed = workbookOwnerSchema.safeParse(data[field]);
  if (!parsed.success) throw corrupt(path, field, 'a workbook owner');
  return parsed.data;
}

function readKind(data: DocumentData, path: string): RecordKind {
  const value: unknown = data['kind'];
  const kind = RECORD_KINDS.find((k) => k === value);
  if (kind === undefined) throw corrupt(path, 'kind', 'a record kind');
  return kind;
}

const SOURCES: readonly ChangeSource[] = ['edit', 'reconcile', 'system'];

function readSource(data: DocumentData, path: string): ChangeSource {
  const value: unknown = data['source'];
  const source = SOURCES.find((s) => s === value);
  if (source === undefined) throw corrupt(path, 'source', 'a change source');
  return source;
}

function decodeRecord(data: DocumentData, path: string): StoredRecord {
  const values: Record<string, FieldJson> = {};
  for (const [key, value] of Object.entries(readMap(data, 'data', path))) {
    values[key] = decodeFieldJson(value, path, `data.${key}`);
  }
  const fieldTimes: Record<string, string> = {};
  for (const [key, value] of Object.entries(readMap(data, 'fieldTimes', path))) {
    if (typeof value !== 'string') throw corrupt(path, `fieldTimes.${key}`, 'a string');
    fieldTimes[key] = value;
  }
  const rejected: Record<string, Rejection> = {};
  for (const [key, value] of Object.entries(readMap(data, 'rejected', path))) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw corrupt(path, `rejected.${key}`, 'a map');
    }
    const rejection = value as DocumentData;
    rejected[key] = {
      raw: readString(rejection, 'raw', `${path} rejected.${key}`),
      code: readString(rejection, 'code', `${path} rejected.${key}`),
      message: readString(rejection, 'message', `${path} rejected.${key}`),
    };
  }
  return {
    id: readString(data, 'id', path),
    kind: readKind(data, path),
    owner: readOwner(data, 'owner', path),
    data: values,
    fieldTimes,
    rejected,
    archived: readBoolean(data, 'archived', path),
    version: readNumber(data, 'version', path),
    createdAt: readString(data, 'createdAt', path),
    updatedAt: readString(data, 'updatedAt', path),
  };
}

function decodeAudit(data: DocumentData, path: string): AuditEntry {
  return {
    at: readString(data, 'at', path),
    owner: readOwner(data, 'owner', path),
    recordId: readString(data, 'recordId', path),
    field: readString(data, 'field', path),
    oldValue: decodeFieldJson(data['oldValue'], path, 'oldValue'),
    newValue: decodeFieldJson(data['newValue'], path, 'newValue'),
    who: readString(data, 'who', path),
    source: readSource(data, path),
    eventId: readNullableString(data, 'eventId', path),
  };
}

function decodeQuarantine(data: DocumentData, path: string): QuarantineEntry {
  return {
    key: readString(data, 'key', path),
    at: readString(data, 'at', path),
    owner: readOwner(data, 'owner', path),
    tab: readString(data, 'tab', path),
    row: readNumber(data, 'row', path),
    column: readString(data, 'column', path),
    recordId: readNullableString(data, 'recordId', path),
    raw: readString(data, 'raw', path),
    code: readString(data, 'code', path),
    message: readString(data, 'message', path),
    who: readString(data, 'who', path),
    source: readSource(data, path),
    eventId: readNullableString(data, 'eventId', path),
  };
}
