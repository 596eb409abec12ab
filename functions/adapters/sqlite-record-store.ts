/**
 * SQLite adapter of the {@link RecordStore} port (embedded default store), on better-sqlite3:
 * one file in WAL mode, every write one `BEGIN IMMEDIATE` transaction. Its tables and rules are
 * in docs/stockage.md; schema, statements, row mapping and transaction bodies have their own files.
 *
 * @packageDocumentation
 */
import Database from 'better-sqlite3';
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
import { parseRecordId, type RecordKind } from '../../shared/domain/record-id';
import { C2RA, type WorkbookOwner } from '../../shared/domain/operator';
import { toAuditEntry, toQuarantineEntry, toRecord } from './sqlite-rows';
import { migrateSchema, REFERENCE_KEYS_BY_KIND } from './sqlite-schema';
import { prepareStatements, type Statements } from './sqlite-statements';
import { applyChangeSet, exportStore, importStore } from './sqlite-transactions';

export { SQLITE_SCHEMA_VERSION } from './sqlite-schema';

/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The {@link RecordStore} on one SQLite file (or `:memory:`), in WAL mode. Thin: it stores and
 * reads what the domain gives it, checks versions and event replays, and nothing else.
 */
export class SqliteRecordStore implements RecordStore, StoreArchive {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly applyTransaction: (changeSet: ChangeSet) => ApplyOutcome;
  private readonly writeEntriesTransaction: (
    owner: DocumentOwner,
    family: string,
    changes: EntryChanges,
  ) => void;
  private readonly loadOwnerTransaction: (owner: WorkbookOwner) => OwnerState;
  private readonly exportTransaction: () => StoreExport;
  private readonly importTransaction: (data: StoreExport) => void;

  /**
   * Opens (and creates when missing) the store at `path`; `:memory:` gives a private store that
   * lives as long as this object.
   */
  constructor(path: string) {
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      migrateSchema(this.db);
    } catch (error: unknown) {
      this.db.close();
      throw error;
    }
    this.statements = prepareStatements(this.db);
    const db = this.db;
    this.applyTransaction = db.transaction((changeSet: ChangeSet) =>
      applyChangeSet(this.statements, changeSet),
    ).immediate;
    this.writeEntriesTransaction = db.transaction(
      (owner: DocumentOwner, family: string, changes: EntryChanges) => {
        for (const [key, value] of changes.put)
          this.statements.putEntry.run(owner, family, key, JSON.stringify(value ?? null));
        for (const key of changes.remove) this.statements.removeEntry.run(owner, family, key);
      },
    ).immediate;
    this.loadOwnerTransaction = db.transaction((owner: WorkbookOwner) => ({
      records: this.statements.recordsOfOwner.all(owner).map(toRecord),
      quarantineKeys: new Set(this.statements.quarantineKeysOfOwner.all(owner).map((r) => r.key)),
    }));
    this.exportTransaction = db.transaction(() => exportStore(this.statements));
    this.importTransaction = db.transaction((data: StoreExport) =>
      importStore(db, this.statements, data),
    ).immediate;
  }

  /** Opens the store at `path` (a file, or `:memory:`). */
  static open(path: string): SqliteRecordStore {
    return new SqliteRecordStore(path);
  }

  /** {@inheritDoc RecordStore.loadOwner} */
  async loadOwner(owner: WorkbookOwner): Promise<OwnerState> {
    return this.loadOwnerTransaction(owner);
  }

  /** {@inheritDoc RecordStore.loadOwnerPages} */
  async *loadOwnerPages(
    owner: WorkbookOwner,
    pageSize: number,
  ): AsyncIterable<readonly StoredRecord[]> {
    if (!Number.isSafeInteger(pageSize) || pageSize < 1)
      throw new RangeError(`loadOwnerPages: page size must be a whole number ≥ 1, got ${pageSize}`);
    let after = '';
    let more = true;
    while (more) {
      const page = this.statements.pageOfOwner.all(owner, after, pageSize).map(toRecord);
      more = page.length === pageSize;
      after = page[page.length - 1]?.id ?? after;
      if (page.length > 0) yield page;
    }
  }

  /** {@inheritDoc RecordStore.loadRegister} */
  async loadRegister(): Promise<readonly StoredRecord[]> {
    return this.statements.register.all(C2RA, 'provider').map(toRecord);
  }

  /** {@inheritDoc RecordStore.getRecords} */
  async getRecords(owner: WorkbookOwner, ids: readonly string[]): Promise<readonly StoredRecord[]> {
    return [...new Set(ids)].flatMap((id) => {
      const row = this.statements.recordOfOwner.get(id, owner);
      return row === undefined ? [] : [toRecord(row)];
    });
  }

  /** {@inheritDoc RecordStore.findReferencing} */
  async findReferencing(owner: WorkbookOwner, id: string): Promise<readonly StoredRecord[]> {
    const found = new Map<string, StoredRecord>();
    // Only the keys that can name this kind of record (one index lookup instead of four).
    const parsed = parseRecordId(id);
    const keys = parsed.ok
      ? (REFERENCE_KEYS_BY_KIND.get(parsed.value.kind) ?? [])
      : this.statements.referencing.keys();
    for (const key of keys)
      for (const row of this.statements.referencing.get(key)?.all(owner, id) ?? [])
        found.set(row.id, toRecord(row));
    return [...found.values()];
  }

  /** {@inheritDoc RecordStore.findCreatedSince} */
  async findCreatedSince(
    owner: WorkbookOwner,
    kind: RecordKind,
    since: string,
  ): Promise<readonly StoredRecord[]> {
    return this.statements.createdSince.all(owner, kind, since).map(toRecord);
  }

  /** {@inheritDoc RecordStore.nextSequence} */
  async nextSequence(owner: WorkbookOwner, kind: RecordKind): Promise<number> {
    return this.statements.nextOfCounter.get(owner, kind)?.next ?? 1;
  }

  /** {@inheritDoc RecordStore.apply} */
  async apply(changeSet: ChangeSet): Promise<ApplyOutcome> {
    return this.applyTransaction(changeSet);
  }

  /** {@inheritDoc RecordStore.listAudit} */
  async listAudit(owner: WorkbookOwner, recordId?: string): Promise<readonly AuditEntry[]> {
    const rows =
      recordId === undefined
        ? this.statements.auditOfOwner.all(owner)
        : this.statements.auditOfRecord.all(owner, recordId);
    return rows.map(toAuditEntry);
  }

  /** {@inheritDoc RecordStore.listQuarantine} */
  async listQuarantine(owner: WorkbookOwner): Promise<readonly QuarantineEntry[]> {
    return this.statements.quarantineOfOwner.all(owner).map(toQuarantineEntry);
  }

  /** {@inheritDoc RecordStore.readDocument} */
  async readDocument(owner: DocumentOwner, name: string): Promise<unknown> {
    const row = this.statements.document.get(owner, name);
    return row ? (JSON.parse(row.json) as unknown) : null;
  }

  /** {@inheritDoc RecordStore.writeDocument} */
  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    this.statements.putDocument.run(owner, name, JSON.stringify(value ?? null));
  }

  /** {@inheritDoc RecordStore.readEntries} */
  async readEntries(
    owner: DocumentOwner,
    family: string,
    keys?: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>> {
    const s = this.statements;
    const rows =
      keys === undefined
        ? s.entriesOfFamily.all(owner, family)
        : keys.flatMap((key) => {
            const row = s.entry.get(owner, family, key);
            return row === undefined ? [] : [{ key, json: row.json }];
          });
    return new Map(rows.map((row) => [row.key, JSON.parse(row.json) as unknown]));
  }

  /** {@inheritDoc RecordStore.writeEntries} */
  async writeEntries(owner: DocumentOwner, family: string, changes: EntryChanges): Promise<void> {
    this.writeEntriesTransaction(owner, family, changes);
  }

  /** Closes the database; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** {@inheritDoc StoreArchive.exportAll} */
  async exportAll(): Promise<StoreExport> {
    return this.exportTransaction();
  }

  /** {@inheritDoc StoreArchive.isEmpty} */
  async isEmpty(): Promise<boolean> {
    return this.statements.anything.get() === undefined;
  }

  /** {@inheritDoc StoreArchive.importAll} */
  async importAll(data: StoreExport): Promise<void> {
    this.importTransaction(data);
  }
}
