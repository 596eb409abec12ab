/**
 * The queries {@link FirestoreRecordStore} sends, listed so that a test derives the composite
 * indexes they need and checks `firestore.indexes.json` against them.
 *
 * @packageDocumentation
 */
/** One query the adapter sends, described for index checks (`firestore.indexes.json`). */
export interface FirestoreQuery {
  /** The collection path, with `{owner}` for the workbook owner. */
  readonly collection: string;
  /** The collection ID, as index definitions name it (`collectionGroup` with scope `COLLECTION`). */
  readonly collectionId: string;
  /** Filters, each `field op` (e.g. `kind ==`). */
  readonly where: readonly string[];
  /** Sort orders, each `field asc|desc`. */
  readonly orderBy: readonly string[];
  /** Which method of the adapter sends it. */
  readonly usedBy: string;
}

/** Every query {@link FirestoreRecordStore} makes (document reads by path are not listed). */
export const FIRESTORE_QUERIES: readonly FirestoreQuery[] = [
  {
    collection: 'owners/{owner}/records',
    collectionId: 'records',
    where: [],
    orderBy: [],
    usedBy: 'loadOwner',
  },
  {
    collection: 'owners/{owner}/quarantine',
    collectionId: 'quarantine',
    where: [],
    orderBy: [],
    usedBy: 'loadOwner',
  },
  {
    collection: 'owners/{owner}/records',
    collectionId: 'records',
    where: [],
    orderBy: ['__name__ asc'],
    usedBy: 'loadOwnerPages (limit, startAfter)',
  },
  {
    collection: 'owners/C2RA/records',
    collectionId: 'records',
    where: ['kind =='],
    orderBy: [],
    usedBy: 'loadRegister',
  },
  {
    collection: 'owners/{owner}/records',
    collectionId: 'records',
    where: ['refs array-contains'],
    orderBy: [],
    usedBy: 'findReferencing',
  },
  {
    collection: 'owners/{owner}/records',
    collectionId: 'records',
    where: ['kind ==', 'createdAt >='],
    orderBy: [],
    usedBy: 'findCreatedSince',
  },
  {
    collection: 'owners/{owner}/audit',
    collectionId: 'audit',
    where: [],
    orderBy: ['seq asc'],
    usedBy: 'listAudit',
  },
  {
    collection: 'owners/{owner}/audit',
    collectionId: 'audit',
    where: ['recordId =='],
    orderBy: ['seq asc'],
    usedBy: 'listAudit(recordId)',
  },
  {
    collection: 'owners/{owner}/quarantine',
    collectionId: 'quarantine',
    where: [],
    orderBy: ['seq asc'],
    usedBy: 'listQuarantine',
  },
  {
    collection: 'owners/{owner}/entries',
    collectionId: 'entries',
    where: ['family =='],
    orderBy: [],
    usedBy: 'readEntries',
  },
  {
    collection: 'owners/{owner}/counters',
    collectionId: 'counters',
    where: [],
    orderBy: [],
    usedBy: 'exportAll, importAll, isEmpty (limit 1)',
  },
  {
    collection: 'owners/{owner}/documents',
    collectionId: 'documents',
    where: [],
    orderBy: [],
    usedBy: 'exportAll, importAll, isEmpty (limit 1)',
  },
  // Also read whole by importAll (to clear them), exportAll and isEmpty (limit 1): records,
  // audit, quarantine, entries of every owner, and the top-level `events` collection.
];

/** A field of the documents of one collection ID. */
export interface FirestoreField {
  readonly collectionId: string;
  readonly field: string;
}

/**
 * Fields written but never filtered nor sorted on: exempt from single-field indexing (each index
 * entry costs storage and write time, and a record's `data` map would index every cell).
 */
export const FIRESTORE_UNQUERIED_FIELDS: readonly FirestoreField[] = [
  { collectionId: 'records', field: 'data' },
  { collectionId: 'records', field: 'fieldTimes' },
  { collectionId: 'records', field: 'rejected' },
  { collectionId: 'audit', field: 'oldValue' },
  { collectionId: 'audit', field: 'newValue' },
  { collectionId: 'quarantine', field: 'raw' },
  { collectionId: 'quarantine', field: 'message' },
  { collectionId: 'documents', field: 'json' },
  { collectionId: 'entries', field: 'json' },
];

/**
 * Timestamp fields a TTL policy deletes documents on: edit events past their replay window
 * (always written), audit entries past the configured retention (written only when one is set).
 */
export const FIRESTORE_TTL_FIELDS: readonly FirestoreField[] = [
  { collectionId: 'audit', field: 'expireAt' },
  { collectionId: 'events', field: 'expireAt' },
];
