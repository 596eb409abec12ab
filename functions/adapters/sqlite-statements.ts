/** Every statement the SQLite record store runs, prepared once when it opens, by concern. */
import type Database from 'better-sqlite3';
import type {
  AuditParams,
  AuditRow,
  QuarantineParams,
  QuarantineRow,
  RecordParams,
  RecordRow,
} from './sqlite-rows';
import { REFERENCE_KEYS, referenceExpression } from './sqlite-schema';

/** What `apply` runs: the replay guard, the version checks, the ID counters, the writes. */
function prepareChangeSetStatements(db: Database.Database) {
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
  };
}

/** Small JSON documents and entries by family and key. */
function prepareDocumentStatements(db: Database.Database) {
  return {
    document: db.prepare<[string, string], { readonly json: string }>(
      'SELECT json FROM documents WHERE owner = ? AND name = ?',
    ),
    putDocument: db.prepare<[string, string, string]>(
      `INSERT INTO documents (owner, name, json) VALUES (?, ?, ?)
       ON CONFLICT (owner, name) DO UPDATE SET json = excluded.json`,
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
  };
}

/** The reads of one owner: by key, by indexed reference or creation day, whole or by pages. */
function prepareReadStatements(db: Database.Database) {
  return {
    recordOfOwner: db.prepare<[string, string], RecordRow>(
      'SELECT * FROM records WHERE id = ? AND owner = ?',
    ),
    referencing: new Map(
      REFERENCE_KEYS.map((key) => [
        key,
        db.prepare<[string, string], RecordRow>(
          `SELECT * FROM records WHERE owner = ? AND ${referenceExpression(key)} = ?`,
        ),
      ]),
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
  };
}

/** Backup and restore: every table read whole, emptiness, the inserts of a restore. */
function prepareArchiveStatements(db: Database.Database) {
  return {
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
    allEntries: db.prepare<
      [],
      {
        readonly owner: string;
        readonly family: string;
        readonly key: string;
        readonly json: string;
      }
    >('SELECT owner, family, key, json FROM entries'),
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

/** Prepares every statement of the store on an open, migrated database. */
export function prepareStatements(db: Database.Database) {
  return {
    ...prepareChangeSetStatements(db),
    ...prepareDocumentStatements(db),
    ...prepareReadStatements(db),
    ...prepareArchiveStatements(db),
  };
}

/** The prepared statements of one open store. */
export type Statements = ReturnType<typeof prepareStatements>;
