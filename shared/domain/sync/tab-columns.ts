import type { TabSnapshot } from '../workbook-snapshot';
import { ID_COLUMN, type RecordTab } from '../workbook-model';
import { normalizeForMatch } from '../values/text-normalization';

/** Where each known column of a record tab sits in the sheet as read (0-based indexes). */
export interface TabColumns {
  readonly idIndex: number | null;
  readonly fieldIndexes: ReadonlyMap<string, number>;
  readonly computedIndexes: ReadonlyMap<string, number>;
  /** Field labels absent from the header: their stored values are left untouched. */
  readonly missingFields: readonly string[];
  /** Header labels the layout does not know (a column renamed or added by a person). */
  readonly unknownHeaders: readonly string[];
}

/** Headers already mapped, per record tab: a sheet's header rarely changes, and every edit maps it more than once. */
const mappedHeaders = new WeakMap<RecordTab, Map<string, TabColumns>>();

/** Beyond this many different headers of one tab, the memory of mapped headers starts afresh. */
const MAPPED_HEADERS_KEPT = 64;

/**
 * Maps a tab's header to the record tab's columns by label (never by position), so that
 * columns moved by a person keep working; labels match case- and accent-insensitively.
 */
export function mapTabColumns(recordTab: RecordTab, snapshot: TabSnapshot): TabColumns {
  const key = JSON.stringify(snapshot.header.map((label) => String(label ?? '')));
  let known = mappedHeaders.get(recordTab);
  if (known === undefined) {
    known = new Map();
    mappedHeaders.set(recordTab, known);
  }
  const mapped = known.get(key);
  if (mapped !== undefined) return mapped;
  const fresh = mapHeader(recordTab, snapshot);
  if (known.size >= MAPPED_HEADERS_KEPT) known.clear();
  known.set(key, fresh);
  return fresh;
}

function mapHeader(recordTab: RecordTab, snapshot: TabSnapshot): TabColumns {
  const byLabel = new Map<string, number>();
  snapshot.header.forEach((label, index) => {
    const key = normalizeForMatch(String(label ?? ''));
    if (key !== '' && !byLabel.has(key)) byLabel.set(key, index);
  });
  const take = (label: string): number | undefined => {
    const key = normalizeForMatch(label);
    const index = byLabel.get(key);
    if (index !== undefined) byLabel.delete(key);
    return index;
  };
  const idIndex = take(ID_COLUMN) ?? null;
  const fieldIndexes = new Map<string, number>();
  const missingFields: string[] = [];
  for (const [key, spec] of Object.entries(recordTab.fields)) {
    const index = take(spec.label);
    if (index === undefined) missingFields.push(spec.label);
    else fieldIndexes.set(key, index);
  }
  const computedIndexes = new Map<string, number>();
  for (const column of recordTab.computed) {
    const index = take(column.label);
    if (index !== undefined) computedIndexes.set(column.key, index);
  }
  const unknownHeaders = [...byLabel.keys()].map((key) => {
    const index = byLabel.get(key) ?? 0;
    return String(snapshot.header[index] ?? key);
  });
  return { idIndex, fieldIndexes, computedIndexes, missingFields, unknownHeaders };
}
