/**
 * SQLite adapter of the {@link RecordStore} port (embedded default store), on better-sqlite3.
 *
 * ## Data model
 *
 * | table | key | purpose |
 * |---|---|---|
 * | `records` | `id` | one record; `data`, `field_times`, `rejected` as JSON text; never deleted, only archived |
 * | `counters` | `owner`, `kind` | `next`: the next sequence number of record IDs of this owner and kind |
 * | `audit` | `id` (autoincrement) | one accepted change of one field, in insertion order |
 * | `quarantine` | `owner`, `key` | one refused input, kept once per key of an owner, in insertion order (`rowid`) |
 * | `events` | `event_id` | an edit event already applied, so a replay changes nothing |
 * | `documents` | `owner`, `name` | small JSON documents: last valid parameters, known columns |
 * | `entries` | `owner`, `family`, `key` | small JSON values by key: alert states, mail log, job runs |
 * | `schema_version` | — | the version of this schema, checked at open |
 *
 * Rules of the model:
 * - Instants are ISO strings exactly as the change set gives them: the adapter has no clock.
 * - `version` counts writes: `apply` stores `expectedVersion + 1` and refuses the whole change set
 *   when the stored version (0 for a missing record) is not `expectedVersion`.
 * - `apply` is one `BEGIN IMMEDIATE` transaction whatever its size (claims of ID numbers
 *   included), so several processes
 *   sharing the file (WAL mode) are serialised by SQLite's write lock, waited for up to
 *   {@link BUSY_TIMEOUT_MS}.
 * - SQLite errors are infrastructure failures: they are thrown as they come.
 * - An edit reads by key or by index, never the owner whole: `records_ref_<field>` indexes each
 *   reference field (`json_extract(data, '$.<field>')`), `records_owner_kind_created` the
 *   creation instant; both are built at open on an existing file.
 *
 * @packageDocumentation
 */
import Database from 'better-sqlite3';
import {
  entryDocumentName,
  entryOfDocumentName,
  orderStoreExport,
  type ApplyOutcome,
  type DocumentOwner,
  type EntryChanges,
  type RecordStore,
  type StoreArchive,
  type StoreExport,
} from '../../shared/ports/record-store';
import type {
  AuditEntry,
  ChangeSet,
  ChangeSource,
  QuarantineEntry,
} from '../../shared/domain/change-set';
import type {
  FieldJson,
  OwnerState,
  RecordData,
  Rejection,
  StoredRecord,
} from '../../shared/domain/stored-record';
import { RECORD_KINDS, type RecordKind } from '../../shared/domain/record-id';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';
import { RECORD_TABS } from '../../shared/domain/workbook-model';

/** The version of the schema this adapter creates and reads. */
export const SQLITE_SCHEMA_VERSION = 1;

/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** The keys of every reference field (a record's `missionId`, `planId`…), each indexed. */
const REFERENCE_KEYS: readonly string[] = [
  ...new Set(
    Object.values(RECORD_TABS).flatMap((tab) =>
      Object.entries(tab.fields)
        .filter(([, spec]) => spec.format === 'reference')
        .map(([key]) => key),
    ),
  ),
].sort();

/** The expression of a reference field, the same in its index and in the query that uses it. */
function referenceExpression(key: string): string {
  if (!/^[A-Za-z]+$/.test(key)) throw new Error(`unexpected field key ${key}`);
  return `json_extract(data, '$.${key}')`;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data)),
  field_times TEXT NOT NULL CHECK (json_valid(field_times)),
  rejected TEXT NOT NULL CHECK (json_valid(rejected)),
  archived INTEGER NOT NULL CHECK (archived IN (0, 1)),
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_owner_kind ON records (owner, kind);
CREATE INDEX IF NOT EXISTS records_owner_kind_created ON records (owner, kind, created_at);
${REFERENCE_KEYS.map(
  (key) =>
    `CREATE INDEX IF NOT EXISTS records_ref_${key} ON records (owner, ${referenceExpression(key)});`,
).join('\n')}
CREATE TABLE IF NOT EXISTS counters (
  owner TEXT NOT NULL,
  kind TEXT NOT NULL,
  next INTEGER NOT NULL,
  PRIMARY KEY (owner, kind)
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  owner TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL CHECK (json_valid(old_value)),
  new_value TEXT NOT NULL CHECK (json_valid(new_value)),
  who TEXT NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT
);
CREATE INDEX IF NOT EXISTS audit_owner_record ON audit (owner, record_id);
CREATE TABLE IF NOT EXISTS quarantine (
  owner TEXT NOT NULL,
  key TEXT NOT NULL,
  at TEXT NOT NULL,
  tab TEXT NOT NULL,
  row INTEGER NOT NULL,
  column_label TEXT NOT NULL,
  record_id TEXT,
  raw TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  who TEXT NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT,
  PRIMARY KEY (owner, key)
);
CREATE TABLE IF NOT EXISTS documents (
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json)),
  PRIMARY KEY (owner, name)
);
CREATE TABLE IF NOT EXISTS entries (
  owner TEXT NOT NULL,
  family TEXT NOT NULL,
  key TEXT NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json)),
  PRIMARY KEY (owner, family, key)
);
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY NOT NULL,
  owner TEXT NOT NULL,
  at TEXT NOT NULL
);
`;

interface RecordRow {
  readonly id: string;
  readonly kind: string;
  readonly owner: string;
  readonly data: string;
  readonly field_times: string;
  readonly rejected: string;
  readonly archived: number;
  readonly version: number;
  readonly created_at: string;
  readonly updated_at: string;
}

interface AuditRow {
  readonly at: string;
  readonly owner: string;
  readonly record_id: string;
  readonly field: string;
  readonly old_value: string;
  readonly new_value: string;
  readonly who: string;
  readonly source: string;
  readonly event_id: string | null;
}

interface QuarantineRow {
  readonly key: string;
  readonly at: string;
  readonly owner: string;
  readonly tab: string;
  readonly row: number;
  readonly column_label: string;
  readonly record_id: string | null;
  readonly raw: string;
  readonly code: string;
  readonly message: string;
  readonly who: string;
  readonly source: string;
  readonly event_id: string | null;
}

interface RecordParams {
  readonly id: string;
  readonly kind: string;
  readonly owner: string;
  readonly data: string;
  readonly fieldTimes: string;
  readonly rejected: string;
  readonly archived: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface AuditParams {
  readonly at: string;
  readonly owner: string;
  readonly recordId: string;
  readonly field: string;
  readonly oldValue: string;
  readonly newValue: string;
  readonly who: string;
  readonly source: string;
  readonly eventId: string | null;
}

interface QuarantineParams {
  readonly key: string;
  readonly at: string;
  readonly owner: string;
  readonly tab: string;
  readonly row: number;
  readonly column: string;
  readonly recordId: string | null;
  readonly raw: string;
  readonly code: string;
  readonly message: string;
  readonly who: string;
  readonly source: string;
  readonly eventId: string | null;
}

const OWNERS: readonly string[] = [...OPERATOR_CODES, C2RA];
const SOURCES: readonly string[] = [
  'edit',
  'reconcile',
  'system',
] satisfies readonly ChangeSource[];

/** Thrown when the file holds something this adapter did not write (corruption, newer schema). */
function corrupt(what: string): Error {
  return new Error(`SQLite record store: unreadable ${what}`);
}

function isOwner(value: string): value is WorkbookOwner {
  return OWNERS.includes(value);
}

function isKind(value: string): value is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(value);
}

function isSource(value: string): value is ChangeSource {
  return SOURCES.includes(value);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldJson(value: unknown): value is FieldJson {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

function isRejection(value: unknown): value is Rejection {
  return (
    isObject(value) &&
    typeof value['raw'] === 'string' &&
    typeof value['code'] === 'string' &&
    typeof value['message'] === 'string'
  );
}

function toOwner(value: string): WorkbookOwner {
  if (!isOwner(value)) throw corrupt(`owner ${JSON.stringify(value)}`);
  return value;
}

function toSource(value: string): ChangeSource {
  if (!isSource(value)) throw corrupt(`source ${JSON.stringify(value)}`);
  return value;
}

function parseFieldJson(text: string, what: string): FieldJson {
  const value: unknown = JSON.parse(text);
  if (!isFieldJson(value)) throw corrupt(what);
  return value;
}

function parseMap<T>(
  text: string,
  isValue: (value: unknown) => value is T,
  what: string,
): Readonly<Record<string, T>> {
  const value: unknown = JSON.parse(text);
  if (!isObject(value)) throw corrupt(what);
  const result: Record<string, T> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isValue(item)) throw corrupt(`${what}.${key}`);
    result[key] = item;
  }
  return result;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function toRecord(row: RecordRow): StoredRecord {
  if (!isKind(row.kind)) throw corrupt(`kind of record ${row.id}`);
  const data: RecordData = parseMap(row.data, isFieldJson, `data of record ${row.id}`);
  return {
    id: row.id,
    kind: row.kind,
    owner: toOwner(row.owner),
    data,
    fieldTimes: parseMap(row.field_times, isString, `fieldTimes of record ${row.id}`),
    rejected: parseMap(row.rejected, isRejection, `rejected of record ${row.id}`),
    archived: row.archived === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    owner: toOwner(row.owner),
    recordId: row.record_id,
    field: row.field,
    oldValue: parseFieldJson(row.old_value, `audit old value of ${row.record_id}`),
    newValue: parseFieldJson(row.new_value, `audit new value of ${row.record_id}`),
    who: row.who,
    source: toSource(row.source),
    eventId: row.event_id,
  };
}

function toQuarantineEntry(row: QuarantineRow): QuarantineEntry {
  return {
    key: row.key,
    at: row.at,
    owner: toOwner(row.owner),
    tab: row.tab,
    row: row.row,
    column: row.column_label,
    recordId: row.record_id,
    raw: row.raw,
    code: row.code,
    message: row.message,
    who: row.who,
    source: toSource(row.source),
    eventId: row.event_id,
  };
}

/** Every statement the store runs, prepared once when it opens. */
function prepareStatements(db: Database.Database) {
  return {
    eventExists: db.prepare<[string], { readonly found: number }>(
      'SELECT 1 AS found FROM events WHERE event_id = ?',
    ),
    recordVersion: db.prepare<[string], { readonly version: number }>(
      'SELECT version FROM records WHERE id = ?',
    ),
    upsertRecord: db.prepare<RecordParams>(
      `INSERT INTO records (id, kind, owner, data, field_times, rejected, archived, version, created_at, updated_at)
       VALUES (@id, @kind, @owner, @data, @fieldTimes, @rejected, @archived, @version, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET
         kind = excluded.kind, owner = excluded.owner, data = excluded.data,
         field_times = excluded.field_times, rejected = excluded.rejected, archived = excluded.archived,
         version = excluded.version, created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ),
    insertAudit: db.prepare<AuditParams>(
      `INSERT INTO audit (at, owner, record_id, field, old_value, new_value, who, source, event_id)
       VALUES (@at, @owner, @recordId, @field, @oldValue, @newValue, @who, @source, @eventId)`,
    ),
    insertQuarantine: db.prepare<QuarantineParams>(
      `INSERT OR IGNORE INTO quarantine
         (owner, key, at, tab, row, column_label, record_id, raw, code, message, who, source, event_id)
       VALUES (@owner, @key, @at, @tab, @row, @column, @recordId, @raw, @code, @message, @who, @source, @eventId)`,
    ),
    insertEvent: db.prepare<[string, string, string]>(
      'INSERT INTO events (event_id, owner, at) VALUES (?, ?, ?)',
    ),
    nextOfCounter: db.prepare<[string, string], { readonly next: number }>(
      'SELECT next FROM counters WHERE owner = ? AND kind = ?',
    ),
    setCounter: db.prepare<[string, string, number]>(
      `INSERT INTO counters (owner, kind, next) VALUES (?, ?, ?)
       ON CONFLICT (owner, kind) DO UPDATE SET next = excluded.next`,
    ),
    entriesOfFamily: db.prepare<[string, string], { readonly key: string; readonly json: string }>(
      'SELECT key, json FROM entries WHERE owner = ? AND family = ? ORDER BY key',
    ),
    entry: db.prepare<[string, string, string], { readonly json: string }>(
      'SELECT json FROM entries WHERE owner = ? AND family = ? AND key = ?',
    ),
    putEntry: db.prepare<[string, string, string, string]>(
      `INSERT INTO entries (owner, family, key, json) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner, family, key) DO UPDATE SET json = excluded.json`,
    ),
    removeEntry: db.prepare<[string, string, string]>(
      'DELETE FROM entries WHERE owner = ? AND family = ? AND key = ?',
    ),
    allEntries: db.prepare<
      [],
      {
        readonly owner: string;
        readonly family: string;
        readonly key: string;
        readonly json: string;
      }
    >('SELECT owner, family, key, json FROM entries'),
    recordOfOwner: db.prepare<[string, string], RecordRow>(
      'SELECT * FROM records WHERE id = ? AND owner = ?',
    ),
    referencing: REFERENCE_KEYS.map((key) =>
      db.prepare<[string, string], RecordRow>(
        `SELECT * FROM records WHERE owner = ? AND ${referenceExpression(key)} = ?`,
      ),
    ),
    createdSince: db.prepare<[string, string, string], RecordRow>(
      'SELECT * FROM records WHERE owner = ? AND kind = ? AND created_at >= ?',
    ),
    recordsOfOwner: db.prepare<[string], RecordRow>(
      'SELECT * FROM records WHERE owner = ? ORDER BY id',
    ),
    pageOfOwner: db.prepare<[string, string, number], RecordRow>(
      'SELECT * FROM records WHERE owner = ? AND id > ? ORDER BY id LIMIT ?',
    ),
    quarantineKeysOfOwner: db.prepare<[string], { readonly key: string }>(
      'SELECT key FROM quarantine WHERE owner = ?',
    ),
    register: db.prepare<[string, string], RecordRow>(
      'SELECT * FROM records WHERE owner = ? AND kind = ? ORDER BY id',
    ),
    auditOfOwner: db.prepare<[string], AuditRow>('SELECT * FROM audit WHERE owner = ? ORDER BY id'),
    auditOfRecord: db.prepare<[string, string], AuditRow>(
      'SELECT * FROM audit WHERE owner = ? AND record_id = ? ORDER BY id',
    ),
    quarantineOfOwner: db.prepare<[string], QuarantineRow>(
      'SELECT * FROM quarantine WHERE owner = ? ORDER BY rowid',
    ),
    allRecords: db.prepare<[], RecordRow>('SELECT * FROM records ORDER BY id'),
    allAudit: db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY id'),
    allQuarantine: db.prepare<[], QuarantineRow>('SELECT * FROM quarantine ORDER BY rowid'),
    allCounters: db.prepare<
      [],
      { readonly owner: string; readonly kind: string; readonly next: number }
    >('SELECT owner, kind, next FROM counters'),
    allEvents: db.prepare<
      [],
      { readonly event_id: string; readonly owner: string; readonly at: string }
    >('SELECT event_id, owner, at FROM events'),
    allDocuments: db.prepare<
      [],
      { readonly owner: string; readonly name: string; readonly json: string }
    >('SELECT owner, name, json FROM documents'),
    anything: db.prepare<[], { readonly found: number }>(
      `SELECT 1 AS found WHERE EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM audit)
         OR EXISTS (SELECT 1 FROM quarantine) OR EXISTS (SELECT 1 FROM counters)
         OR EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM documents)
         OR EXISTS (SELECT 1 FROM entries)`,
    ),
    insertCounter: db.prepare<[string, string, number]>(
      'INSERT INTO counters (owner, kind, next) VALUES (?, ?, ?)',
    ),
    insertDocument: db.prepare<[string, string, string]>(
      'INSERT INTO documents (owner, name, json) VALUES (?, ?, ?)',
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

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
      this.migrate();
    } catch (error: unknown) {
      this.db.close();
      throw error;
    }
    this.statements = prepareStatements(this.db);
    const db = this.db;
    this.applyTransaction = db.transaction((changeSet: ChangeSet) =>
      this.applyNow(changeSet),
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
    this.exportTransaction = db.transaction(() => this.exportNow());
    this.importTransaction = db.transaction((data: StoreExport) => this.importNow(data)).immediate;
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
    for (const statement of this.statements.referencing)
      for (const row of statement.all(owner, id)) found.set(row.id, toRecord(row));
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
    const row = this.db
      .prepare('SELECT json FROM documents WHERE owner = ? AND name = ?')
      .get(owner, name) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as unknown) : null;
  }

  /** {@inheritDoc RecordStore.writeDocument} */
  async writeDocument(owner: DocumentOwner, name: string, value: unknown): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO documents (owner, name, json) VALUES (?, ?, ?) ON CONFLICT (owner, name) DO UPDATE SET json = excluded.json',
      )
      .run(owner, name, JSON.stringify(value ?? null));
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

  /** The body of {@link exportAll}, run inside one read transaction. */
  private exportNow(): StoreExport {
    const s = this.statements;
    return orderStoreExport({
      records: s.allRecords.all().map(toRecord),
      audit: s.allAudit.all().map(toAuditEntry),
      quarantine: s.allQuarantine.all().map(toQuarantineEntry),
      counters: s.allCounters.all().map((row) => {
        if (!isKind(row.kind)) throw corrupt(`counter kind ${JSON.stringify(row.kind)}`);
        return { owner: toOwner(row.owner), kind: row.kind, next: row.next };
      }),
      events: s.allEvents.all().map((row) => ({
        eventId: row.event_id,
        owner: toOwner(row.owner),
        at: row.at,
      })),
      documents: [
        ...s.allDocuments.all(),
        ...s.allEntries
          .all()
          .map((row) => ({ ...row, name: entryDocumentName(row.family, row.key) })),
      ].map((row) => ({
        owner: row.owner === 'system' ? 'system' : toOwner(row.owner),
        name: row.name,
        value: JSON.parse(row.json) as unknown,
      })),
    });
  }

  /** The body of {@link importAll}: everything cleared, then written, in one immediate transaction. */
  private importNow(data: StoreExport): void {
    const s = this.statements;
    const tables = ['records', 'audit', 'quarantine', 'counters', 'events', 'documents', 'entries'];
    for (const table of tables) {
      this.db.prepare(`DELETE FROM ${table}`).run();
    }
    for (const record of data.records) s.upsertRecord.run(recordRow(record, record.version));
    for (const entry of data.audit) s.insertAudit.run(auditRow(entry));
    for (const entry of data.quarantine) s.insertQuarantine.run(quarantineRow(entry));
    for (const counter of data.counters)
      s.insertCounter.run(counter.owner, counter.kind, counter.next);
    for (const event of data.events) s.insertEvent.run(event.eventId, event.owner, event.at);
    for (const document of data.documents) {
      const json = JSON.stringify(document.value ?? null);
      const entry = entryOfDocumentName(document.name);
      if (entry === null) s.insertDocument.run(document.owner, document.name, json);
      else s.putEntry.run(document.owner, entry.family, entry.key, json);
    }
  }

  /** The body of {@link apply}, run inside one immediate transaction. */
  private applyNow(changeSet: ChangeSet): ApplyOutcome {
    const s = this.statements;
    if (changeSet.eventId !== null && s.eventExists.get(changeSet.eventId) !== undefined) {
      return { status: 'duplicate-event' };
    }
    // Every version is checked before anything is written, so a conflict leaves nothing behind.
    for (const put of changeSet.puts) {
      const stored = s.recordVersion.get(put.record.id)?.version ?? 0;
      if (stored !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
    }
    const claims = changeSet.claims ?? [];
    for (const claim of claims) {
      const next = s.nextOfCounter.get(claim.owner, claim.kind)?.next ?? 1;
      if (next !== claim.first) return { status: 'conflict', recordId: claim.ids[0] ?? '' };
    }
    for (const claim of claims)
      s.setCounter.run(claim.owner, claim.kind, claim.first + claim.ids.length);
    let writes = 0;
    for (const { record, expectedVersion } of changeSet.puts)
      writes += s.upsertRecord.run(recordRow(record, expectedVersion + 1)).changes;
    for (const entry of changeSet.audit) writes += s.insertAudit.run(auditRow(entry)).changes;
    for (const entry of changeSet.quarantine)
      writes += s.insertQuarantine.run(quarantineRow(entry)).changes;
    if (changeSet.eventId !== null) {
      writes += s.insertEvent.run(changeSet.eventId, changeSet.owner, changeSet.at).changes;
    }
    return { status: 'applied', writes };
  }

  /** Creates the schema when missing; refuses a file written by another schema version. */
  private migrate(): void {
    this.db
      .transaction(() => {
        this.db.exec(SCHEMA);
        const row = this.db
          .prepare<[], { readonly version: number }>('SELECT version FROM schema_version')
          .get();
        if (row === undefined) {
          this.db
            .prepare<[number]>('INSERT INTO schema_version (version) VALUES (?)')
            .run(SQLITE_SCHEMA_VERSION);
        } else if (row.version !== SQLITE_SCHEMA_VERSION) {
          throw new Error(
            `SQLite record store: schema version ${row.version} is not supported (expected ${SQLITE_SCHEMA_VERSION})`,
          );
        }
      })
      .immediate();
  }
}

/** The columns of a record row, at the given version. */
function recordRow(record: StoredRecord, version: number) {
  return {
    id: record.id,
    kind: record.kind,
    owner: record.owner,
    data: JSON.stringify(record.data),
    fieldTimes: JSON.stringify(record.fieldTimes),
    rejected: JSON.stringify(record.rejected),
    archived: record.archived ? 1 : 0,
    version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The columns of an audit row. */
function auditRow(entry: AuditEntry) {
  return {
    at: entry.at,
    owner: entry.owner,
    recordId: entry.recordId,
    field: entry.field,
    oldValue: JSON.stringify(entry.oldValue),
    newValue: JSON.stringify(entry.newValue),
    who: entry.who,
    source: entry.source,
    eventId: entry.eventId,
  };
}

/** The columns of a quarantine row. */
function quarantineRow(entry: QuarantineEntry) {
  return {
    key: entry.key,
    at: entry.at,
    owner: entry.owner,
    tab: entry.tab,
    row: entry.row,
    column: entry.column,
    recordId: entry.recordId,
    raw: entry.raw,
    code: entry.code,
    message: entry.message,
    who: entry.who,
    source: entry.source,
    eventId: entry.eventId,
  };
}
