/**
 * Rows of the SQLite record store ↔ the port's records, audit and quarantine entries. Reading
 * checks every value: a file holding what this adapter did not write is an error, never a guess.
 */
import type { AuditEntry, ChangeSource, QuarantineEntry } from '../../shared/domain/change-set';
import type {
  FieldJson,
  RecordData,
  Rejection,
  StoredRecord,
} from '../../shared/domain/stored-record';
import { RECORD_KINDS, type RecordKind } from '../../shared/domain/record-id';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../shared/domain/operator';

export interface RecordRow {
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

export interface AuditRow {
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

export interface QuarantineRow {
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

export interface RecordParams {
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

export interface AuditParams {
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

export interface QuarantineParams {
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
export function corrupt(what: string): Error {
  return new Error(`SQLite record store: unreadable ${what}`);
}

function isOwner(value: string): value is WorkbookOwner {
  return OWNERS.includes(value);
}

export function isKind(value: string): value is RecordKind {
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

export function toOwner(value: string): WorkbookOwner {
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
  // Checked in place: the parsed object is fresh and its own (a copy cost every read a second map).
  for (const key in value) {
    if (!isValue(value[key])) throw corrupt(`${what}.${key}`);
  }
  return value as Readonly<Record<string, T>>;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function toRecord(row: RecordRow): StoredRecord {
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

export function toAuditEntry(row: AuditRow): AuditEntry {
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

export function toQuarantineEntry(row: QuarantineRow): QuarantineEntry {
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

/** The columns of a record row, at the given version. */
export function recordRow(record: StoredRecord, version: number): RecordParams {
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
export function auditRow(entry: AuditEntry): AuditParams {
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
export function quarantineRow(entry: QuarantineEntry): QuarantineParams {
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
