/**
 * The schema of the SQLite record store (tables described in docs/stockage.md) and its check at
 * open: created when missing, refused when written by another version.
 */
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../shared/domain/record-id';
import { RECORD_TABS } from '../../shared/domain/workbook-model';

/** The version of the schema this adapter creates and reads. */
export const SQLITE_SCHEMA_VERSION = 1;

/** The keys of every reference field (a record's `missionId`, `planId`…), each indexed. */
export const REFERENCE_KEYS: readonly string[] = [
  ...new Set(
    Object.values(RECORD_TABS).flatMap((tab) =>
      Object.entries(tab.fields)
        .filter(([, spec]) => spec.format === 'reference')
        .map(([key]) => key),
    ),
  ),
].sort();

/** The reference keys that can name a record of each kind (a mission: `missionId`). */
export const REFERENCE_KEYS_BY_KIND: ReadonlyMap<RecordKind, readonly string[]> = (() => {
  const byKind = new Map<RecordKind, string[]>();
  for (const tab of Object.values(RECORD_TABS))
    for (const [key, spec] of Object.entries(tab.fields)) {
      if (spec.format !== 'reference' || spec.references === undefined) continue;
      const keys = byKind.get(spec.references) ?? [];
      if (!keys.includes(key)) keys.push(key);
      byKind.set(spec.references, keys);
    }
  return byKind;
})();

/** The expression of a reference field, the same in its index and in the query that uses it. */
export function referenceExpression(key: string): string {
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

/** Creates the schema when missing; refuses a file written by another schema version. */
export function migrateSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    const row = db
      .prepare<[], { readonly version: number }>('SELECT version FROM schema_version')
      .get();
    if (row === undefined) {
      db.prepare<[number]>('INSERT INTO schema_version (version) VALUES (?)').run(
        SQLITE_SCHEMA_VERSION,
      );
    } else if (row.version !== SQLITE_SCHEMA_VERSION) {
      throw new Error(
        `SQLite record store: schema version ${row.version} is not supported (expected ${SQLITE_SCHEMA_VERSION})`,
      );
    }
  }).immediate();
}
