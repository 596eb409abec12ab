/**
 * How {@link FirestoreRecordStore} writes and reads its documents: never `undefined` on the
 * way in, every field checked on the way out (a document is never trusted).
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { Timestamp, type DocumentData } from '@google-cloud/firestore';
import type { AuditEntry, ChangeSource, QuarantineEntry } from '../../shared/domain/change-set';
import type {
  FieldJson,
  RecordData,
  Rejection,
  StoredRecord,
} from '../../shared/domain/stored-record';
import { RECORD_KINDS, type RecordKind } from '../../shared/domain/record-id';
import { referencesOf } from '../../shared/domain/record-references';
import { workbookOwnerSchema, type WorkbookOwner } from '../../shared/domain/operator';

const SAFE_DOC_ID = /^[A-Za-z0-9._@:+=-]{1,200}$/;

/**
 * The document ID under which a raw identifier (record ID, quarantine key, event ID) is stored:
 * the value itself when Firestore accepts it as is, else `~` and its SHA-256 in hex.
 */
export function firestoreDocId(raw: string): string {
  const safe = SAFE_DOC_ID.test(raw) && raw !== '.' && raw !== '..' && !/^__.*__$/.test(raw);
  return safe ? raw : `~${createHash('sha256').update(raw, 'utf8').digest('hex')}`;
}

/** The instant `days` after an ISO instant, for a TTL field; null when the instant is unreadable. */
export function expiryAfter(at: string, days: number): Timestamp | null {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? Timestamp.fromMillis(ms + days * 86_400_000) : null;
}

/** Records by ID, in code-unit order. */
export function sortById(records: StoredRecord[]): StoredRecord[] {
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

export function encodeRecord(record: StoredRecord): DocumentData {
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
    [REFERENCES_FIELD]: referencesOf(record.kind, record.data),
  };
}

/**
 * The field of a record document listing the IDs its reference fields name, so that the records
 * referencing an ID are one `array-contains` query (the `data` map itself is not indexed).
 */
export const REFERENCES_FIELD = 'refs';

/** An audit document; with a retention, an `expireAt` that the TTL policy acts on. */
export function encodeAudit(
  entry: AuditEntry,
  seq: number,
  retentionDays: number | null,
): DocumentData {
  const expireAt = retentionDays === null ? null : expiryAfter(entry.at, retentionDays);
  return {
    ...(expireAt === null ? {} : { expireAt }),
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

export function encodeQuarantine(entry: QuarantineEntry, seq: number): DocumentData {
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

export function corrupt(path: string, field: string, expected: string): Error {
  return new Error(`Firestore document ${path}: field ${field} is not ${expected}`);
}

export function readString(data: DocumentData, field: string, path: string): string {
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

export function readNumber(data: DocumentData, field: string, path: string): number {
  const value: unknown = data[field];
  if (typeof value !== 'number') throw corrupt(path, field, 'a number');
  return value;
}

export function optionalNumber(
  data: DocumentData,
  field: string,
  path: string,
): number | undefined {
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

export function readOwner(data: DocumentData, field: string, path: string): WorkbookOwner {
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

export function decodeRecord(data: DocumentData, path: string): StoredRecord {
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

export function decodeAudit(data: DocumentData, path: string): AuditEntry {
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

export function decodeQuarantine(data: DocumentData, path: string): QuarantineEntry {
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
