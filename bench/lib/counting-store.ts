/**
 * A {@link RecordStore} decorator that counts what a sync writes, split the way the targets are
 * defined: record puts (the target of « writes = changed rows »), audit entries and quarantine
 * entries (extra rows that travel with the puts), documents, and sequence allocations.
 *
 * @packageDocumentation
 */
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { RecordKind } from '../../shared/domain/record-id';
import type {
  ApplyOutcome,
  DocumentOwner,
  EntryChanges,
  RecordStore,
} from '../../shared/ports/record-store';
import type { AuditEntry, ChangeSet, QuarantineEntry } from '../../shared/domain/change-set';
import type { OwnerState, StoredRecord } from '../../shared/domain/stored-record';

/** What a store was asked to write. */
export interface WriteCounts {
  /** Change sets applied (each one SQLite transaction). */
  changeSets: number;
  /** Records written (created, updated, archived or restored). */
  puts: number;
  /** IDs of the records written, in order. */
  putIds: string[];
  /** Audit entries written with them. */
  audit: number;
  /** Quarantine entries offered (a key already kept is not written again by the store). */
  quarantine: number;
  /** System documents written (parameters, alert states…). */
  documents: number;
  /** Sequence numbers claimed for new IDs (by applied change sets). */
  sequences: number;
  /** Rows the store itself reported as changed (records + audit + quarantine + events). */
  storeReportedWrites: number;
}

/** Zero counts. */
export function noWrites(): WriteCounts {
  return {
    changeSets: 0,
    puts: 0,
    putIds: [],
    audit: 0,
    quarantine: 0,
    documents: 0,
    sequences: 0,
    storeReportedWrites: 0,
  };
}

/** Every write of a count: puts, audit, quarantine, documents (what a store bills). */
export function totalWrites(counts: WriteCounts): number {
  return counts.puts + counts.audit + counts.quarantine + counts.documents;
}

/**
 * What a store was asked to read, in documents as Firestore bills them: each record, quarantine
 * key, system document, entry or counter returned (a document asked by key and absent counts
 * too; a query returning nothing counts one), and in `apply` what the Firestore adapter reads in
 * its commit.
 */
export interface ReadCounts {
  documents: number;
  /** Whole-owner loads (`loadOwner`), which an edit on partial reads never makes. */
  wholeOwnerLoads: number;
}

/** Wraps a store and counts every write (and read) that goes through it. */
export class CountingRecordStore implements RecordStore {
  /** The counts since creation. */
  readonly counts: WriteCounts = noWrites();
  /** The reads since creation (or the last reset of its fields). */
  readonly reads: ReadCounts = { documents: 0, wholeOwnerLoads: 0 };

  constructor(private readonly inner: RecordStore) {}

  /** {@inheritDoc RecordStore.loadOwner} */
  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    const state = await this.inner.loadOwner(owner);
    this.reads.wholeOwnerLoads += 1;
    this.reads.documents += Math.max(1, state.records.length + state.quarantineKeys.size);
    return state;
  }

  /** {@inheritDoc RecordStore.loadRegister} */
  async loadRegister(): Promise<readonly StoredRecord[]> {
    return this.counted(await this.inner.loadRegister());
  }

  /** {@inheritDoc RecordStore.getRecords} */
  async getRecords(owner: WorkbookOwner, ids: readonly string[]): Promise<readonly StoredRecord[]> {
    const found = await this.inner.getRecords(owner, ids);
    this.reads.documents += new Set(ids).size;
    return found;
  }

  /** {@inheritDoc RecordStore.findReferencing} */
  async findReferencing(owner: WorkbookOwner, id: string): Promise<readonly StoredRecord[]> {
    return this.counted(await this.inner.findReferencing(owner, id));
  }

  /** {@inheritDoc RecordStore.findCreatedSince} */
  async findCreatedSince(
    owner: WorkbookOwner,
    kind: RecordKind,
    since: string,
  ): Promise<readonly StoredRecord[]> {
    return this.counted(await this.inner.findCreatedSince(owner, kind, since));
  }

  private counted<T>(found: readonly T[]): readonly T[] {
    this.reads.documents += Math.max(1, found.length);
    return found;
  }

  /** {@inheritDoc RecordStore.nextSequence} */
  nextSequence(owner: WorkbookOwner, kind: RecordKind): Promise<number> {
    this.reads.documents += 1;
    return this.inner.nextSequence(owner, kind);
  }

  /** {@inheritDoc RecordStore.apply} */
  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    // What the Firestore adapter reads in the commit: the owner's sequence document, each record
    // written, each quarantine key, each counter claimed and the event.
    this.reads.documents +=
      1 +
      changeSet.puts.length +
      changeSet.quarantine.length +
      (changeSet.claims ?? []).length +
      (changeSet.eventId === null ? 0 : 1);
    const outcome = await this.inner.apply(changeSet);
    if (outcome.status === 'applied') {
      this.counts.changeSets += 1;
      this.counts.sequences += (changeSet.claims ?? []).reduce((n, c) => n + c.ids.length, 0);
      this.counts.puts += changeSet.puts.length;
      this.counts.putIds.push(...changeSet.puts.map((p) => p.record.id));
      this.counts.audit += changeSet.audit.length;
      this.counts.quarantine += changeSet.quarantine.length;
      this.counts.storeReportedWrites += outcome.writes;
    }
    return outcome;
  }

  /** {@inheritDoc RecordStore.listAudit} */
  listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]> {
    return this.inner.listAudit(owner, recordId);
  }

  /** {@inheritDoc RecordStore.listQuarantine} */
  listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]> {
    return this.inner.listQuarantine(owner);
  }

  /** {@inheritDoc RecordStore.readDocument} */
  readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    this.reads.documents += 1;
    return this.inner.readDocument(owner, name);
  }

  /** {@inheritDoc RecordStore.readEntries} */
  async readEntries(
    owner: DocumentOwner,
    family: string,
    keys?: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>> {
    const entries = await this.inner.readEntries(owner, family, keys);
    this.reads.documents += Math.max(1, keys?.length ?? entries.size);
    return entries;
  }

  /** {@inheritDoc RecordStore.writeEntries} */
  async writeEntries(owner: DocumentOwner, family: string, changes: EntryChanges): Promise<void> {
    this.counts.documents += changes.put.size + changes.remove.length;
    await this.inner.writeEntries(owner, family, changes);
  }

  /** {@inheritDoc RecordStore.writeDocument} */
  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    this.counts.documents += 1;
    await this.inner.writeDocument(owner, name, value);
  }

  /** {@inheritDoc RecordStore.close} */
  close(): Promise<void> {
    return this.inner.close();
  }
}
