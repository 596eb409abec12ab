/**
 * What the parts of the {@link RecordStore} contract share: the store under test and its
 * capabilities, the records they write, and small helpers to apply and read back.
 *
 * @packageDocumentation
 */
import type { RecordStore, StoreArchive } from '../../../shared/ports/record-store';
import type { ChangeSet, SequenceClaim } from '../../../shared/domain/change-set';
import type { StoredRecord } from '../../../shared/domain/stored-record';
import type { OperatorCode, WorkbookOwner } from '../../../shared/domain/operator';
import { formatRecordId, parseRecordId, type RecordKind } from '../../../shared/domain/record-id';
import { aChangeSet, aStoredRecord } from '../builders/stored-record-builder';

/** What a server can guarantee; a case it cannot honour is skipped with its reason printed. */
export interface RecordStoreCapabilities {
  /** Concurrent transactions are serialised (no lost update, no number given twice). */
  readonly isolatedTransactions: boolean;
  /** A change set refused on a version conflict leaves nothing written. */
  readonly atomicBatches: boolean;
  /** Queries honour cursors (`startAfter`), so an owner can be read page by page. */
  readonly pagedReads: boolean;
}

/**
 * A store under test: `makeStore` gives an empty one each time; `cleanup` closes and forgets it.
 * Every adapter also offers backup and restore ({@link StoreArchive}).
 */
export interface StoreUnderTest {
  readonly store: RecordStore & StoreArchive;
  readonly capabilities: RecordStoreCapabilities;
  cleanup(): Promise<void>;
}

/** What each part of the contract is given: the running case's store, and a way to get another. */
export interface ContractContext {
  /** The store of the running case (empty when the case starts). */
  store(): RecordStore & StoreArchive;
  /** The store of the running case with its capabilities. */
  under(): StoreUnderTest;
  /** Another empty store of the same adapter, for the cases that restore into one. */
  makeStore(): Promise<StoreUnderTest>;
}

export const MISSION = aStoredRecord();
export const OTHER_MISSION = aStoredRecord({
  id: 'MIS-CBE-LM-0002',
  data: {
    planId: 'ACC-CBE-LM-0004',
    title: 'Structuration de la fonction employeur',
    requiredCompetence: 'Fonction employeur et RH',
    budgetCeilingCents: 450000,
    replyDeadline: '2025-04-02',
    competences: [],
  },
  fieldTimes: {},
  rejected: {},
});

/** The instant of the n-th edit after creation, so later edits have later times. */
export function edit(n: number): string {
  return new Date(Date.UTC(2025, 1, 4, 10, n)).toISOString();
}

export function byId(records: readonly StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Everything the store holds for one owner, to compare before and after a refused change set. */
export async function snapshot(store: RecordStore, owner: WorkbookOwner) {
  const state = await store.loadOwner(owner);
  return {
    records: byId(state.records),
    quarantineKeys: [...state.quarantineKeys].sort(),
    audit: await store.listAudit(owner),
    quarantine: await store.listQuarantine(owner),
  };
}

export async function applied(store: RecordStore, changeSet: ChangeSet): Promise<number> {
  const outcome = await store.apply(changeSet);
  if (outcome.status !== 'applied') {
    throw new Error(`expected the change set to apply, got ${JSON.stringify(outcome)}`);
  }
  return outcome.writes;
}

export async function loadOne(
  store: RecordStore,
  owner: WorkbookOwner,
  id: string,
): Promise<StoredRecord> {
  const found = (await store.loadOwner(owner)).records.find((r) => r.id === id);
  if (found === undefined) throw new Error(`record ${id} of ${owner} was not loaded`);
  return found;
}

/** The claim of the one number of a record's ID (its sequence, as the ID says). */
export function claimOf(record: StoredRecord): SequenceClaim {
  const parsed = parseRecordId(record.id);
  if (!parsed.ok) throw new Error(`not a record ID: ${record.id}`);
  return { owner: record.owner, kind: record.kind, first: parsed.value.sequence, ids: [record.id] };
}

/** Claims the next `count` numbers of an owner and kind, with no record (a spent reservation). */
export async function claimNumbers(
  target: RecordStore,
  owner: WorkbookOwner,
  kind: RecordKind,
  count: number,
): Promise<void> {
  const first = await target.nextSequence(owner, kind);
  const operator = kind === 'provider' ? null : (owner as OperatorCode);
  const ids = Array.from({ length: count }, (_, i) =>
    formatRecordId({ kind, operator, sequence: first + i }),
  );
  await applied(target, aChangeSet({ owner, claims: [{ owner, kind, first, ids }] }));
}

export function skip(testName: string, reason: string): void {
  console.warn(`SKIP ${testName}: ${reason}`);
}
