/**
 * The size of a Firestore document as Firestore counts it against its 1 MiB limit (Google's
 * « Storage size calculations »): the document name (each collection and document ID as a
 * string, + 16), each field (its name as a string + its value), + 32.
 *
 * @packageDocumentation
 */
import { DocumentReference, GeoPoint, Timestamp } from '@google-cloud/firestore';

/** A string: its UTF-8 bytes + 1. */
function stringSize(text: string): number {
  return Buffer.byteLength(text, 'utf8') + 1;
}

/** The size of a document name (`owners/CBE-LM/records/MIS-CBE-LM-0001`): its IDs + 16. */
export function documentNameSize(path: string): number {
  return path.split('/').reduce((sum, id) => sum + stringSize(id), 0) + 16;
}

/** The size of one field value (arrays: the sum of their values; maps: of their fields). */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return stringSize(value);
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (value instanceof Timestamp || value instanceof Date) return 8;
  if (value instanceof GeoPoint) return 16;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof DocumentReference) return documentNameSize(value.path);
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + valueSize(v), 0);
  if (typeof value === 'object') return fieldsSize(value as Record<string, unknown>);
  throw new TypeError(`valueSize: a ${typeof value} is not a Firestore value`);
}

/** The fields of a map or document: each name as a string + its value. */
function fieldsSize(fields: Readonly<Record<string, unknown>>): number {
  let sum = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) sum += stringSize(name) + valueSize(value);
  }
  return sum;
}

/** The stored size of the document at `path` holding `data`, in bytes. */
export function firestoreDocumentSize(
  path: string,
  data: Readonly<Record<string, unknown>>,
): number {
  return documentNameSize(path) + fieldsSize(data) + 32;
}
