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
    collection: 'owners/C2RA/records',
    collectionId: 'records',
    where: ['kind =='],
    orderBy: [],
    usedBy: 'loadRegister',
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
