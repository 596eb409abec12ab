import fs from 'node:fs';
import path from 'node:path';
import {
  FIRESTORE_QUERIES,
  FIRESTORE_TTL_FIELDS,
  FIRESTORE_UNQUERIED_FIELDS,
  type FirestoreQuery,
} from '../../../functions/adapters/firestore-queries';

/*
 * Every query the Firestore adapter sends must be served by an index, or production answers
 * FAILED_PRECONDITION ("The query requires an index") where the emulators never do. Firestore
 * (Standard edition) keeps single-field indexes of every field automatically; anything else needs
 * a composite index declared in firestore.indexes.json. This test derives the composite indexes
 * from FIRESTORE_QUERIES and checks the file declares exactly those.
 */

const root = path.resolve(__dirname, '../../..');

type Direction = 'ASCENDING' | 'DESCENDING';

/** A field of an index definition, as firestore.indexes.json spells it. */
interface IndexField {
  readonly fieldPath: string;
  readonly order?: Direction;
  readonly arrayConfig?: 'CONTAINS';
}

/** A composite index, as firestore.indexes.json spells it. */
interface CompositeIndex {
  readonly collectionGroup: string;
  readonly queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  readonly fields: readonly IndexField[];
}

/** A field's own settings, as firestore.indexes.json spells them. */
interface FieldOverride {
  readonly collectionGroup: string;
  readonly fieldPath: string;
  readonly ttl?: boolean;
  readonly indexes: readonly unknown[];
}

interface IndexesFile {
  readonly indexes: readonly CompositeIndex[];
  readonly fieldOverrides: readonly FieldOverride[];
}

const EQUALITY = new Set(['==', 'in']);
const CONTAINS = new Set(['array-contains', 'array-contains-any']);
const INEQUALITY = new Set(['<', '<=', '>', '>=', '!=', 'not-in']);

/** What matters of a query for indexes: its equality, array and range filters, and its sorts. */
interface QueryShape {
  readonly equality: readonly string[];
  readonly contains: readonly string[];
  readonly inequality: readonly string[];
  /** The sorts Firestore applies, the implicit sort on a range field included. */
  readonly sorts: readonly { readonly field: string; readonly direction: Direction }[];
}

function shapeOf(query: FirestoreQuery): QueryShape {
  const equality: string[] = [];
  const contains: string[] = [];
  const inequality: string[] = [];
  for (const filter of query.where) {
    const match = /^(\S+)\s+(\S+)$/.exec(filter.trim());
    if (match === null) throw new Error(`unreadable filter « ${filter} » (${query.usedBy})`);
    const [, field = '', op = ''] = match;
    if (EQUALITY.has(op)) equality.push(field);
    else if (CONTAINS.has(op)) contains.push(field);
    else if (INEQUALITY.has(op)) inequality.push(field);
    else throw new Error(`unknown operator « ${op} » (${query.usedBy})`);
  }
  const sorts = query.orderBy.map((sort) => {
    const match = /^(\S+)\s+(asc|desc)$/i.exec(sort.trim());
    if (match === null) throw new Error(`unreadable sort « ${sort} » (${query.usedBy})`);
    const [, field = '', direction = 'asc'] = match;
    return {
      field,
      direction:
        direction.toLowerCase() === 'desc' ? ('DESCENDING' as const) : ('ASCENDING' as const),
    };
  });
  // Firestore sorts by the range fields first when the query does not say so.
  for (const field of [...new Set(inequality)].reverse()) {
    if (!sorts.some((s) => s.field === field)) sorts.unshift({ field, direction: 'ASCENDING' });
  }
  return {
    equality: [...new Set(equality)],
    contains,
    inequality: [...new Set(inequality)],
    sorts,
  };
}

/**
 * True when the automatic single-field indexes serve the query: no filter and one sort; only
 * equality (and array-contains) filters, merged by Firestore, and no sort; or one range filter
 * with sorts on that same field only.
 */
function servedBySingleFieldIndexes(shape: QueryShape): boolean {
  if (shape.inequality.length > 1) return false;
  const filters = shape.equality.length + shape.contains.length;
  const sortFields = new Set(shape.sorts.map((s) => s.field));
  if (sortFields.size === 0) return true;
  return filters === 0 && sortFields.size === 1;
}

/** The composite index a query needs: equality fields first (by name), then the sorts in order. */
function requiredIndex(query: FirestoreQuery): CompositeIndex | null {
  const shape = shapeOf(query);
  if (servedBySingleFieldIndexes(shape)) return null;
  const fields: IndexField[] = [
    ...[...shape.equality]
      .filter((f) => !shape.sorts.some((s) => s.field === f))
      .sort()
      .map((fieldPath) => ({ fieldPath, order: 'ASCENDING' as const })),
    ...shape.contains.map((fieldPath) => ({ fieldPath, arrayConfig: 'CONTAINS' as const })),
    ...shape.sorts.map((s) => ({ fieldPath: s.field, order: s.direction })),
  ];
  return { collectionGroup: query.collectionId, queryScope: 'COLLECTION', fields };
}

/** Whether a declared index serves the query: same collection, equality fields in any order, then the sorts exactly. */
function indexServes(index: CompositeIndex, query: FirestoreQuery): boolean {
  const needed = requiredIndex(query);
  if (needed === null) return true;
  if (index.collectionGroup !== query.collectionId || index.queryScope !== 'COLLECTION')
    return false;
  const fields = index.fields.filter(
    (f, i) => !(f.fieldPath === '__name__' && i === index.fields.length - 1),
  );
  if (fields.length !== needed.fields.length) return false;
  const shape = shapeOf(query);
  const prefix = needed.fields.length - shape.sorts.length;
  const prefixOk = needed.fields
    .slice(0, prefix)
    .every((want) =>
      fields
        .slice(0, prefix)
        .some(
          (have) =>
            have.fieldPath === want.fieldPath &&
            (want.arrayConfig === 'CONTAINS'
              ? have.arrayConfig === 'CONTAINS'
              : have.order !== undefined),
        ),
    );
  const suffixOk = needed.fields.slice(prefix).every((want, i) => {
    const have = fields[prefix + i];
    return have !== undefined && have.fieldPath === want.fieldPath && have.order === want.order;
  });
  return prefixOk && suffixOk;
}

/** True when the query is served by the automatic indexes or by one of the declared ones. */
function covered(query: FirestoreQuery, declared: readonly CompositeIndex[]): boolean {
  return requiredIndex(query) === null || declared.some((index) => indexServes(index, query));
}

/** The composite indexes the queries need, without duplicates, in a stable order. */
function deriveIndexes(queries: readonly FirestoreQuery[]): CompositeIndex[] {
  const byKey = new Map<string, CompositeIndex>();
  for (const query of queries) {
    const index = requiredIndex(query);
    if (index !== null) byKey.set(JSON.stringify(index), index);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, index]) => index);
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;
}

const declared = readJson<IndexesFile>('firestore.indexes.json');

function query(where: string[], orderBy: string[], collectionId = 'audit'): FirestoreQuery {
  return {
    collection: `owners/{owner}/${collectionId}`,
    collectionId,
    where,
    orderBy,
    usedBy: 'test',
  };
}

describe('firestore.indexes.json covers every query of the Firestore adapter', () => {
  it.each(FIRESTORE_QUERIES.map((q) => [`${q.usedBy} on ${q.collection}`, q] as const))(
    '%s is served by an automatic or a declared index',
    (_name, q) => {
      expect(covered(q, declared.indexes)).toBe(true);
    },
  );

  it('declares exactly the composite indexes derived from FIRESTORE_QUERIES (none stale, none missing)', () => {
    const derived = deriveIndexes(FIRESTORE_QUERIES);
    const sortKey = (i: CompositeIndex) => JSON.stringify(i);
    expect([...declared.indexes].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))).toEqual(
      derived,
    );
  });

  it('exempts from single-field indexing exactly the fields never queried, and puts TTL on expireAt', () => {
    const key = (o: { collectionGroup: string; fieldPath: string }) =>
      `${o.collectionGroup}.${o.fieldPath}`;
    const expected = [
      ...FIRESTORE_UNQUERIED_FIELDS.map((f) => ({
        collectionGroup: f.collectionId,
        fieldPath: f.field,
        indexes: [],
      })),
      ...FIRESTORE_TTL_FIELDS.map((f) => ({
        collectionGroup: f.collectionId,
        fieldPath: f.field,
        ttl: true,
        indexes: [],
      })),
    ].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect([...declared.fieldOverrides].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(
      expected,
    );
  });

  it.each(FIRESTORE_UNQUERIED_FIELDS.map((f) => [`${f.collectionId}.${f.field}`, f] as const))(
    '%s is in no filter nor sort of the adapter (an exempt field cannot be queried)',
    (_name, f) => {
      const used = FIRESTORE_QUERIES.filter((q) => q.collectionId === f.collectionId).flatMap((q) =>
        [...q.where, ...q.orderBy].map((term) => term.split(/\s+/)[0] ?? ''),
      );
      expect(used.filter((field) => field === f.field || field.startsWith(`${f.field}.`))).toEqual(
        [],
      );
    },
  );

  it('the audit of one record, ordered by sequence, needs (recordId, seq) — the one composite index', () => {
    const audit = FIRESTORE_QUERIES.find((q) => q.usedBy === 'listAudit(recordId)');
    expect(audit).toBeDefined();
    if (audit === undefined) return;
    expect(requiredIndex(audit)).toEqual({
      collectionGroup: 'audit',
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'recordId', order: 'ASCENDING' },
        { fieldPath: 'seq', order: 'ASCENDING' },
      ],
    });
  });
});

describe('the coverage rules (so that a query added without its index fails)', () => {
  it.each<[string, FirestoreQuery]>([
    ['a whole collection', query([], [])],
    ['one equality filter', query(['kind =='], [], 'records')],
    ['several equality filters (index merging)', query(['kind ==', 'archived =='], [], 'records')],
    ['one sort', query([], ['seq desc'])],
    ['a range and a sort on the same field', query(['at >='], ['at desc'])],
    ['a range alone', query(['seq >'], [])],
    ['array-contains alone', query(['tags array-contains'], [], 'records')],
  ])('%s needs no composite index', (_name, q) => {
    expect(requiredIndex(q)).toBeNull();
    expect(covered(q, [])).toBe(true);
  });

  it.each<[string, FirestoreQuery]>([
    ['an equality and a sort on another field', query(['kind =='], ['updatedAt desc'], 'records')],
    ['a range and a sort on another field', query(['at >='], ['seq asc'])],
    ['two sorts', query([], ['at asc', 'seq asc'])],
    ['ranges on two fields', query(['at >=', 'seq <'], [])],
  ])('%s is not covered by the declared indexes', (_name, q) => {
    expect(requiredIndex(q)).not.toBeNull();
    expect(covered(q, declared.indexes)).toBe(false);
  });

  it('a declared index with the equality fields in another order still serves the query', () => {
    const q = query(['owner ==', 'recordId =='], ['seq desc']);
    const index: CompositeIndex = {
      collectionGroup: 'audit',
      queryScope: 'COLLECTION',
      fields: [
        { fieldPath: 'recordId', order: 'DESCENDING' },
        { fieldPath: 'owner', order: 'ASCENDING' },
        { fieldPath: 'seq', order: 'DESCENDING' },
        { fieldPath: '__name__', order: 'DESCENDING' },
      ],
    };
    expect(covered(q, [index])).toBe(true);
    expect(covered(query(['owner ==', 'recordId =='], ['seq asc']), [index])).toBe(false);
    expect(covered({ ...q, collectionId: 'quarantine' }, [index])).toBe(false);
  });
});

describe('firebase.json', () => {
  const firebase = readJson<{
    functions?: readonly { source?: string; runtime?: string }[];
    firestore?: { rules?: string; indexes?: string };
    emulators?: Record<string, { port?: number }>;
  }>('firebase.json');

  it('declares the functions source, the rules, the indexes and the emulator ports', () => {
    expect(firebase.functions?.[0]?.source).toBe('.');
    expect(firebase.firestore).toEqual({
      rules: 'firestore.rules',
      indexes: 'firestore.indexes.json',
    });
    expect(fs.existsSync(path.join(root, 'firestore.indexes.json'))).toBe(true);
    expect(firebase.emulators?.['firestore']?.port).toEqual(expect.any(Number));
    expect(firebase.emulators?.['functions']?.port).toEqual(expect.any(Number));
  });
});
