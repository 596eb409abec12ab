import type { WorkbookOwner } from '../../../shared/domain/operator';
import type { RecordKind } from '../../../shared/domain/record-id';
import type {
  ApplyOutcome,
  AuditEntry,
  ChangeSet,
  DocumentOwner,
  OwnerState,
  QuarantineEntry,
  RecordStore,
  StoredRecord,
} from '../../../shared/ports/record-store';

/** A RecordStore in memory, all-or-nothing like the real ones, counting what it writes. */
export class InMemoryRecordStore implements RecordStore {
  readonly records = new Map<string, StoredRecord>();
  readonly audit: AuditEntry[] = [];
  readonly quarantine = new Map<string, QuarantineEntry>();
  readonly events = new Set<string>();
  readonly counters = new Map<string, number>();
  applyCalls = 0;
  writes = 0;

  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    return {
      records: [...this.records.values()]
        .filter((r) => r.owner === owner)
        .map((r) => structuredClone(r)),
      quarantineKeys: new Set(
        [...this.quarantine.values()].filter((q) => q.owner === owner).map((q) => q.key),
      ),
    };
  }

  async loadRegister(): Promise<readonly StoredRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.kind === 'provider')
      .map((r) => structuredClone(r));
  }

  async allocateSequence(
    owner: WorkbookOwner,
    kind: RecordKind,
    count: number,
  ): Promise<readonly number[]> {
    const key = `${owner}/${kind}`;
    const next = this.counters.get(key) ?? 1;
    this.counters.set(key, next + count);
    return Array.from({ length: count }, (_, i) => next + i);
  }

  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    this.applyCalls += 1;
    if (changeSet.eventId !== null && this.events.has(changeSet.eventId))
      return { status: 'duplicate-event' };
    for (const put of changeSet.puts) {
      const current = this.records.get(put.record.id)?.version ?? 0;
      if (current !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
    }
    let writes = 0;
    for (const put of changeSet.puts) {
      this.records.set(put.record.id, structuredClone(put.record));
      writes += 1;
    }
    for (const entry of changeSet.audit) {
      this.audit.push(entry);
      writes += 1;
    }
    for (const entry of changeSet.quarantine) {
      if (this.quarantine.has(entry.key)) continue;
      this.quarantine.set(entry.key, entry);
      writes += 1;
    }
    if (changeSet.eventId !== null) {
      this.events.add(changeSet.eventId);
      writes += 1;
    }
    this.writes += writes;
    return { status: 'applied', writes };
  }

  async listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]> {
    return this.audit.filter(
      (a) => a.owner === owner && (recordId === undefined || a.recordId === recordId),
    );
  }

  async listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]> {
    return [...this.quarantine.values()].filter((q) => q.owner === owner);
  }

  readonly documents = new Map<string, string>();

  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    const json = this.documents.get(`${owner}/${name}`);
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }

  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    this.documents.set(`${owner}/${name}`, JSON.stringify(value ?? null));
  }

  async close(): Promise<void> {}
}
