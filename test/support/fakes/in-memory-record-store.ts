import type { WorkbookOwner } from '../../../shared/domain/operator';
import type { RecordKind } from '../../../shared/domain/record-id';
import {
  entryDocumentName,
  orderStoreExport,
  type ApplyOutcome,
  type DocumentOwner,
  type EntryChanges,
  type EventExport,
  type RecordStore,
  type StoreArchive,
  type StoreExport,
} from '../../../shared/ports/record-store';
import type { AuditEntry, ChangeSet, QuarantineEntry } from '../../../shared/domain/change-set';
import type { OwnerState, StoredRecord } from '../../../shared/domain/stored-record';
import { RECORD_KINDS } from '../../../shared/domain/record-id';
import { referencesOf } from '../../../shared/domain/record-references';
import { workbookOwnerSchema } from '../../../shared/domain/operator';

/** The key of an owner's quarantine entry: each owner keeps its own keys. */
function quarantineKey(owner: WorkbookOwner, key: string): string {
  return `${owner}\u0000${key}`;
}

/**
 * A RecordStore in memory, all-or-nothing like SQLite, counting what it writes. It passes the
 * same contract as the real stores (test/integration/in-memory-record-store.test.ts).
 */
export class InMemoryRecordStore implements RecordStore, StoreArchive {
  readonly records = new Map<string, StoredRecord>();
  readonly audit: AuditEntry[] = [];
  /** Quarantine entries by owner and key ({@link quarantineKey}), in insertion order. */
  readonly quarantine = new Map<string, QuarantineEntry>();
  readonly events = new Set<string>();
  readonly counters = new Map<string, number>();
  /** Owner and instant of each applied event, for a backup. */
  private readonly eventDetails = new Map<string, EventExport>();
  applyCalls = 0;
  writes = 0;

  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    return {
      records: [...this.records.values()]
        .filter((r) => r.owner === owner)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((r) => structuredClone(r)),
      quarantineKeys: new Set(
        [...this.quarantine.values()].filter((q) => q.owner === owner).map((q) => q.key),
      ),
    };
  }

  async *loadOwnerPages(
    owner: WorkbookOwner,
    pageSize: number,
  ): AsyncIterable<readonly StoredRecord[]> {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1)
      throw new RangeError(`loadOwnerPages: page size must be a whole number ≥ 1, got ${pageSize}`);
    const { records } = await this.loadOwner(owner);
    for (let first = 0; first < records.length; first += pageSize)
      yield records.slice(first, first + pageSize);
  }

  async loadRegister(): Promise<readonly StoredRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.kind === 'provider' && r.owner === 'C2RA')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => structuredClone(r));
  }

  /** Records read by key or by query since creation (what a store bills as document reads). */
  recordReads = 0;

  async getRecords(owner: WorkbookOwner, ids: readonly string[]): Promise<readonly StoredRecord[]> {
    const found = [...new Set(ids)].flatMap((id) => {
      const record = this.records.get(id);
      return record && record.owner === owner ? [structuredClone(record)] : [];
    });
    this.recordReads += found.length;
    return found;
  }

  async findReferencing(owner: WorkbookOwner, id: string): Promise<readonly StoredRecord[]> {
    const found = [...this.records.values()]
      .filter((r) => r.owner === owner && referencesOf(r.kind, r.data).includes(id))
      .map((r) => structuredClone(r));
    this.recordReads += found.length;
    return found;
  }

  async findCreatedSince(
    owner: WorkbookOwner,
    kind: RecordKind,
    since: string,
  ): Promise<readonly StoredRecord[]> {
    const found = [...this.records.values()]
      .filter((r) => r.owner === owner && r.kind === kind && r.createdAt >= since)
      .map((r) => structuredClone(r));
    this.recordReads += found.length;
    return found;
  }

  async nextSequence(owner: WorkbookOwner, kind: RecordKind): Promise<number> {
    return this.counters.get(`${owner}/${kind}`) ?? 1;
  }

  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    this.applyCalls += 1;
    if (changeSet.eventId !== null && this.events.has(changeSet.eventId))
      return { status: 'duplicate-event' };
    for (const put of changeSet.puts) {
      const current = this.records.get(put.record.id)?.version ?? 0;
      if (current !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
    }
    const claims = changeSet.claims ?? [];
    for (const claim of claims) {
      if ((this.counters.get(`${claim.owner}/${claim.kind}`) ?? 1) !== claim.first)
        return { status: 'conflict', recordId: claim.ids[0] ?? '' };
    }
    for (const claim of claims)
      this.counters.set(`${claim.owner}/${claim.kind}`, claim.first + claim.ids.length);
    let writes = 0;
    for (const put of changeSet.puts) {
      const version = put.expectedVersion + 1;
      this.records.set(put.record.id, structuredClone({ ...put.record, version }));
      writes += 1;
    }
    for (const entry of changeSet.audit) {
      this.audit.push(structuredClone(entry));
      writes += 1;
    }
    for (const entry of changeSet.quarantine) {
      const key = quarantineKey(entry.owner, entry.key);
      if (this.quarantine.has(key)) continue;
      this.quarantine.set(key, structuredClone(entry));
      writes += 1;
    }
    if (changeSet.eventId !== null) {
      this.events.add(changeSet.eventId);
      this.eventDetails.set(changeSet.eventId, {
        eventId: changeSet.eventId,
        owner: changeSet.owner,
        at: changeSet.at,
      });
      writes += 1;
    }
    this.writes += writes;
    return { status: 'applied', writes };
  }

  async listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]> {
    return structuredClone(
      this.audit.filter(
        (a) => a.owner === owner && (recordId === undefined || a.recordId === recordId),
      ),
    );
  }

  async listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]> {
    return structuredClone([...this.quarantine.values()].filter((q) => q.owner === owner));
  }

  /** Documents and entries as JSON text, by `owner/name` (an entry's name is `family/key`). */
  readonly documents = new Map<string, string>();

  async readEntries(
    owner: DocumentOwner,
    family: string,
    keys?: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>> {
    const prefix = `${owner}/${entryDocumentName(family, '')}`;
    const found = new Map<string, unknown>();
    for (const [name, json] of this.documents) {
      if (!name.startsWith(prefix)) continue;
      const key = name.slice(prefix.length);
      if (keys === undefined || keys.includes(key)) found.set(key, JSON.parse(json) as unknown);
    }
    return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async writeEntries(owner: DocumentOwner, family: string, changes: EntryChanges): Promise<void> {
    for (const [key, value] of changes.put)
      this.documents.set(
        `${owner}/${entryDocumentName(family, key)}`,
        JSON.stringify(value ?? null),
      );
    for (const key of changes.remove)
      this.documents.delete(`${owner}/${entryDocumentName(family, key)}`);
  }

  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    const json = this.documents.get(`${owner}/${name}`);
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }

  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    this.documents.set(`${owner}/${name}`, JSON.stringify(value ?? null));
  }

  async close(): Promise<void> {}

  async exportAll(): Promise<StoreExport> {
    const split = (key: string): [string, string] => {
      const slash = key.indexOf('/');
      return [key.slice(0, slash), key.slice(slash + 1)];
    };
    return structuredClone(
      orderStoreExport({
        records: [...this.records.values()],
        audit: this.audit,
        quarantine: [...this.quarantine.values()],
        counters: [...this.counters.entries()].map(([key, next]) => {
          const [owner, kind] = split(key);
          const found = RECORD_KINDS.find((k) => k === kind);
          if (found === undefined) throw new Error(`counter of unknown kind ${kind}`);
          return { owner: workbookOwnerSchema.parse(owner), kind: found, next };
        }),
        events: [...this.events].map(
          (eventId) =>
            this.eventDetails.get(eventId) ?? {
              eventId,
              owner: workbookOwnerSchema.parse('C2RA'),
              at: '',
            },
        ),
        documents: [...this.documents.entries()].map(([key, json]) => {
          const [owner, name] = split(key);
          return {
            owner: owner === 'system' ? 'system' : workbookOwnerSchema.parse(owner),
            name,
            value: JSON.parse(json) as unknown,
          };
        }),
      }),
    );
  }

  async isEmpty(): Promise<boolean> {
    return (
      this.records.size === 0 &&
      this.audit.length === 0 &&
      this.quarantine.size === 0 &&
      this.counters.size === 0 &&
      this.events.size === 0 &&
      this.documents.size === 0
    );
  }

  async importAll(data: StoreExport): Promise<void> {
    const copy = structuredClone(data);
    this.records.clear();
    this.audit.splice(0);
    this.quarantine.clear();
    this.counters.clear();
    this.events.clear();
    this.eventDetails.clear();
    this.documents.clear();
    for (const record of copy.records) this.records.set(record.id, record);
    this.audit.push(...copy.audit);
    for (const entry of copy.quarantine)
      this.quarantine.set(quarantineKey(entry.owner, entry.key), entry);
    for (const c of copy.counters) this.counters.set(`${c.owner}/${c.kind}`, c.next);
    for (const e of copy.events) {
      this.events.add(e.eventId);
      this.eventDetails.set(e.eventId, e);
    }
    for (const d of copy.documents)
      this.documents.set(`${d.owner}/${d.name}`, JSON.stringify(d.value ?? null));
  }
}
