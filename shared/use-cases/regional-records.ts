import type { OperatorCode } from '../domain/operator';
import { regionalRecord } from '../domain/regional-consolidation';
import type { RecordStore, StoredRecord } from '../ports/record-store';

/** Records read from the store at once when it reads page by page. */
export const REGIONAL_PAGE_SIZE = 1_000;

/**
 * One operator's records reduced to what may leave the operator ({@link regionalRecord}): read
 * page by page when the store can, so that only the reduced records and one page of full ones
 * are in memory; else loaded whole, then reduced.
 */
export async function loadRegionalRecords(
  store: RecordStore,
  code: OperatorCode,
): Promise<StoredRecord[]> {
  const reduced: StoredRecord[] = [];
  if (store.loadOwnerPages === undefined) {
    for (const record of (await store.loadOwner(code)).records)
      reduced.push(regionalRecord(record));
    return reduced;
  }
  for await (const page of store.loadOwnerPages(code, REGIONAL_PAGE_SIZE))
    for (const record of page) reduced.push(regionalRecord(record));
  return reduced;
}
