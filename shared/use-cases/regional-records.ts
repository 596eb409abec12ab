import { C2RA, type OperatorCode } from '../domain/operator';
import { registerDigest, type RegisterDigest } from '../domain/regional/mission-facts';
import type { RecordStore } from '../ports/record-store';
import type { StoredRecord } from '../domain/stored-record';

/** Records read from the store at once when it reads page by page. */
export const REGIONAL_PAGE_SIZE = 1_000;

/**
 * Hands each record of one operator to `take`, page by page when the store can (one page of
 * records in memory at a time), else from the operator loaded whole: `take` keeps what it needs.
 */
export async function forEachOwnerRecord(
  store: RecordStore,
  code: OperatorCode,
  take: (record: StoredRecord) => void,
): Promise<void> {
  if (store.loadOwnerPages === undefined) {
    for (const record of (await store.loadOwner(code)).records) take(record);
    return;
  }
  for await (const page of store.loadOwnerPages(code, REGIONAL_PAGE_SIZE))
    for (const record of page) take(record);
}

/**
 * The {@link RegisterDigest} of the register: read page by page when the store can (the
 * register is the C2RA's records), so that only the digest and one page of providers are in
 * memory; else loaded whole.
 */
export async function loadRegisterDigest(store: RecordStore): Promise<RegisterDigest> {
  if (store.loadOwnerPages === undefined) return registerDigest(await store.loadRegister());
  const names = new Map<string, string | null>();
  const sheetComplete = new Map<string, boolean>();
  for await (const page of store.loadOwnerPages(C2RA, REGIONAL_PAGE_SIZE)) {
    const digest = registerDigest(page);
    for (const [id, name] of digest.names) names.set(id, name);
    for (const [id, complete] of digest.sheetComplete) sheetComplete.set(id, complete);
  }
  return { names, sheetComplete };
}
