import { canonicalJson } from '../domain/sync/content-hash';
import type { DocumentOwner, EntryChanges, RecordStore } from '../ports/record-store';

/**
 * Where a family of entries was kept before it had one stored entry per key: one document
 * holding them all (which grew with the data), and how to read its entries.
 */
export interface LegacyAggregate {
  readonly document: string;
  readonly entriesOf: (value: unknown) => readonly (readonly [string, unknown])[];
}

/** The entries of a JSON object, by its keys (a map kept as one object). */
export function objectEntries(value: unknown): readonly (readonly [string, unknown])[] {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value as Record<string, unknown>)
    : [];
}

/** The entries of a JSON array of objects, each by its `key` field (a list kept as one array). */
export function keyedEntries(value: unknown): readonly (readonly [string, unknown])[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const key: unknown =
      item !== null && typeof item === 'object' ? (item as { key?: unknown }).key : undefined;
    return typeof key === 'string' ? [[key, item] as const] : [];
  });
}

/**
 * The entries of a family (those of `keys` only, when given), completed by the legacy aggregate
 * for any key it holds that no entry holds yet. Writes nothing, so a dry run may call it.
 */
export async function readEntriesWithLegacy(
  store: RecordStore,
  owner: DocumentOwner,
  family: string,
  legacy: LegacyAggregate,
  keys?: readonly string[],
): Promise<Map<string, unknown>> {
  const [entries, old] = await Promise.all([
    store.readEntries(owner, family, keys),
    store.readDocument(owner, legacy.document),
  ]);
  const merged = new Map(entries);
  const wanted = keys === undefined ? null : new Set(keys);
  for (const [key, value] of legacy.entriesOf(old)) {
    if (!merged.has(key) && (wanted === null || wanted.has(key))) merged.set(key, value);
  }
  return merged;
}

/**
 * Moves a legacy aggregate into entries (the keys no entry holds yet), then empties it. Run
 * again after a crash between the two writes, it moves nothing twice and loses nothing.
 */
export async function migrateLegacyAggregate(
  store: RecordStore,
  owner: DocumentOwner,
  family: string,
  legacy: LegacyAggregate,
): Promise<void> {
  const old = legacy.entriesOf(await store.readDocument(owner, legacy.document));
  if (old.length === 0) return;
  const existing = await store.readEntries(owner, family);
  const put = new Map(old.filter(([key]) => !existing.has(key)));
  await store.writeEntries(owner, family, { put, remove: [] });
  await store.writeDocument(owner, legacy.document, null);
}

/** What to write so that a family holding `before` holds `after`: changed entries and removed keys. */
export function entryChanges(
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
): EntryChanges {
  const put = new Map<string, unknown>();
  // Compared as stored: through JSON, where an undefined field is no field.
  const stored = (value: unknown) => canonicalJson(JSON.parse(JSON.stringify(value ?? null)));
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined || stored(old) !== stored(value)) put.set(key, value);
  }
  const remove = [...before.keys()].filter((key) => !after.has(key));
  return { put, remove };
}
