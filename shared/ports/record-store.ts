import type { AuditEntry, ChangeSet, QuarantineEntry } from '../domain/change-set';
import type { RecordKind } from '../domain/record-id';
import type { OwnerState, StoredRecord } from '../domain/stored-record';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../domain/operator';

/** What applying a change set did. */
export type ApplyOutcome =
  | { readonly status: 'applied'; readonly writes: number }
  | { readonly status: 'duplicate-event' }
  /** A record read at another version, or (for a claim) the first ID whose number was taken meanwhile. */
  | { readonly status: 'conflict'; readonly recordId: string };

/** Changes to a family of entries: values put by key, keys removed. */
export interface EntryChanges {
  readonly put: ReadonlyMap<string, unknown>;
  readonly remove: readonly string[];
}

/** Who a system document belongs to: a workbook owner, or the whole system (job runs). */
export type DocumentOwner = WorkbookOwner | 'system';

/**
 * The store, shaped by what the DLA domain needs: one owner's records, atomic change sets with
 * audit and quarantine, IDs never reused, and the regional register. Adapters: SQLite
 * (embedded default) and Firestore (production).
 */
export interface RecordStore {
  /** Every record of an owner (archived ones included) and its quarantine keys. */
  loadOwner(owner: WorkbookOwner): Promise<OwnerState>;
  /**
   * An owner's records (archived ones included) page after page, in ID order, for a reader that
   * reduces each record as it comes and must not hold them all at once (the regional
   * consolidation, the register export). Each page is a read of its own: a record written
   * meanwhile may be seen or not, none twice. Optional: readers fall back to {@link loadOwner}.
   */
  loadOwnerPages?(owner: WorkbookOwner, pageSize: number): AsyncIterable<readonly StoredRecord[]>;
  /** The regional register of providers (records of kind `provider`, owner C2RA), archived ones included. */
  loadRegister(): Promise<readonly StoredRecord[]>;
  /** The records of an owner with these IDs (by key; the absent ones left out), in any order. */
  getRecords(owner: WorkbookOwner, ids: readonly string[]): Promise<readonly StoredRecord[]>;
  /**
   * The records of an owner whose reference fields name `id` (a mission's solicitations, a
   * plan's missions), archived ones included: an indexed query, never a scan of the owner.
   */
  findReferencing(owner: WorkbookOwner, id: string): Promise<readonly StoredRecord[]>;
  /**
   * The records of an owner and kind created at `since` (an ISO instant) or later, archived ones
   * included; `''` for all of them. An indexed query.
   */
  findCreatedSince(
    owner: WorkbookOwner,
    kind: RecordKind,
    since: string,
  ): Promise<readonly StoredRecord[]>;
  /** The next sequence number of this owner's IDs of one kind (1 at first); reserves nothing. */
  nextSequence(owner: WorkbookOwner, kind: RecordKind): Promise<number>;
  /**
   * Applies a change set, refusing it on a version conflict, a claim whose numbers were taken or
   * a replayed event; see {@link ChangeSet} for what is atomic.
   */
  apply(changeSet: ChangeSet): Promise<ApplyOutcome>;
  /** Audit entries of an owner in the order they were written (optionally of one record). */
  listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]>;
  /** Quarantine entries of an owner, oldest first. */
  listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]>;
  /**
   * A small JSON document the system keeps for an owner, outside the records, whose size does not
   * grow with the data (the last valid parameters, the known columns). Null when never written.
   * Names never contain `/`.
   */
  readDocument(owner: DocumentOwner, name: string): Promise<unknown>;
  /** Replaces a document (JSON-serialisable value). */
  writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void>;
  /**
   * The entries of a family (alert states, mail log, job runs…): small JSON values by key, each
   * stored on its own so that no stored document grows with the data. With `keys`, only those
   * (the missing ones absent from the map). Family names never contain `/`.
   */
  readEntries(
    owner: DocumentOwner,
    family: string,
    keys?: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>>;
  /** Puts and removes entries of a family (not atomic as a whole: each entry is). */
  writeEntries(owner: DocumentOwner, family: string, changes: EntryChanges): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** The next sequence number of an owner's IDs of one kind, as a backup keeps it. */
export interface CounterExport {
  readonly owner: WorkbookOwner;
  readonly kind: RecordKind;
  readonly next: number;
}

/** An edit event already applied, as a backup keeps it (a replay after a restore changes nothing). */
export interface EventExport {
  readonly eventId: string;
  readonly owner: WorkbookOwner;
  readonly at: string;
}

/**
 * A system document, as a backup keeps it. An entry of a family is kept as the document named
 * `family/key` ({@link entryDocumentName}), so the backup format holds both.
 */
export interface DocumentExport {
  readonly owner: DocumentOwner;
  readonly name: string;
  readonly value: unknown;
}

/**
 * Everything a store holds, as plain JSON (`dla backup`, `dla restore`). Whatever the adapter,
 * the lists come in one order: records by ID; audit and quarantine entries owner by owner
 * ({@link EXPORT_OWNER_ORDER}), each owner's in the order they were written; counters by owner
 * and kind; events by event ID; documents by owner and name (owners as in
 * {@link EXPORT_OWNER_ORDER}, then `system`; names and IDs in code-unit order).
 */
export interface StoreExport {
  readonly records: readonly StoredRecord[];
  readonly audit: readonly AuditEntry[];
  readonly quarantine: readonly QuarantineEntry[];
  readonly counters: readonly CounterExport[];
  readonly events: readonly EventExport[];
  readonly documents: readonly DocumentExport[];
}

/** The order of owners in a {@link StoreExport}: the six operators, the C2RA, then `system` (documents only). */
export const EXPORT_OWNER_ORDER: readonly DocumentOwner[] = [...OPERATOR_CODES, C2RA, 'system'];

/**
 * Backup and restore of a whole store, beside the {@link RecordStore} port: both adapters and
 * the test fake offer it. Not for the sync engine: only `dla backup` and `dla restore` use it.
 */
export interface StoreArchive {
  /** Everything the store holds, in the order {@link StoreExport} states, read at one instant where the store allows it. */
  exportAll(): Promise<StoreExport>;
  /** True when the store holds nothing at all: no record, audit, quarantine, counter, event nor document. */
  isEmpty(): Promise<boolean>;
  /**
   * Replaces everything the store holds by `data` (a restore): afterwards {@link exportAll}
   * gives `data` back. SQLite does it in one transaction; Firestore in batches (re-run a failed
   * restore: it starts by clearing).
   */
  importAll(data: StoreExport): Promise<void>;
}

/** The name under which an entry is exported as a document: `family/key`. */
export function entryDocumentName(family: string, key: string): string {
  return `${family}/${key}`;
}

/** The family and key of an exported document name, or null for a plain document. */
export function entryOfDocumentName(name: string): { family: string; key: string } | null {
  const slash = name.indexOf('/');
  return slash < 0 ? null : { family: name.slice(0, slash), key: name.slice(slash + 1) };
}

/** Code-unit order of two texts. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rank of an owner in {@link EXPORT_OWNER_ORDER}. */
function ownerRank(owner: DocumentOwner): number {
  const rank = EXPORT_OWNER_ORDER.indexOf(owner);
  return rank < 0 ? EXPORT_OWNER_ORDER.length : rank;
}

/**
 * Puts the lists of an export in the order {@link StoreExport} states. Audit and quarantine
 * entries keep their relative order within an owner (the sort is stable), so an adapter lists
 * them in insertion order and this only groups them by owner.
 */
export function orderStoreExport(data: StoreExport): StoreExport {
  return {
    records: [...data.records].sort((a, b) => byText(a.id, b.id)),
    audit: [...data.audit].sort((a, b) => ownerRank(a.owner) - ownerRank(b.owner)),
    quarantine: [...data.quarantine].sort((a, b) => ownerRank(a.owner) - ownerRank(b.owner)),
    counters: [...data.counters].sort(
      (a, b) => ownerRank(a.owner) - ownerRank(b.owner) || byText(a.kind, b.kind),
    ),
    events: [...data.events].sort((a, b) => byText(a.eventId, b.eventId)),
    documents: [...data.documents].sort(
      (a, b) => ownerRank(a.owner) - ownerRank(b.owner) || byText(a.name, b.name),
    ),
  };
}
