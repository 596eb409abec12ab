import { C2RA, type WorkbookOwner } from '../domain/operator';
import type { RecordKind } from '../domain/record-id';
import {
  editReadNeeds,
  needsNothing,
  ownerOfRecordId,
  retainedProvidersIn,
  type ReadNeeds,
} from '../domain/sync/edit-reads';
import { planSync, type SyncPlan, type SyncRequest } from '../domain/sync/plan-sync';
import type { RecordStore } from '../ports/record-store';
import type { StoredRecord } from '../domain/stored-record';

/** A sync request before the store is read. */
export type UnreadSyncRequest = Omit<SyncRequest, 'state' | 'register' | 'partial'>;

/** Rounds of reads before an edit gives up on partial reads and loads the owner whole. */
const MAX_READ_ROUNDS = 6;

/** The store document holding the instant of the last reconcile that saw records created by edits. */
export const RECONCILE_MARK_DOCUMENT = 'reconcile-mark';

/**
 * How long before the last reconcile an edit's record may have been created and still not been
 * seen by it: the edit's instant is the person's, the record lands a little later (lock wait,
 * network), so the adoptable records start this long before the mark.
 */
export const ADOPTION_MARGIN_MS = 10 * 60 * 1000;

/** Plans a sync on the owner's whole store and the whole register (a reconcile). */
export async function planOnWholeStore(
  store: RecordStore,
  request: UnreadSyncRequest,
): Promise<{ plan: SyncPlan; records: readonly StoredRecord[] }> {
  const [state, register] = await Promise.all([
    store.loadOwner(request.owner),
    request.owner === C2RA ? Promise.resolve([]) : store.loadRegister(),
  ]);
  return { plan: planSync({ ...request, state, register }), records: state.records };
}

/**
 * Plans an edit on the records it needs, read by key or by indexed query: first what the event
 * names ({@link editReadNeeds}), then what the rules looked up beyond that, until they look up
 * nothing more. Gives the plan a planning on the whole store would give; falls back to the
 * whole store when a rule needs it.
 */
export async function planEditOnReads(
  store: RecordStore,
  request: UnreadSyncRequest,
): Promise<SyncPlan> {
  const tab = request.snapshot.tabs[0];
  if (tab === undefined || request.edit === null)
    return (await planOnWholeStore(store, request)).plan;
  const reads = new EditReads(store, request.owner);
  let needs = editReadNeeds(request.owner, tab);
  for (let round = 0; round < MAX_READ_ROUNDS && !needs.everything; round++) {
    await reads.read(needs);
    const plan = planSync({
      ...request,
      state: { records: [...reads.records.values()], quarantineKeys: new Set() },
      register: [...reads.register.values()],
      partial: {
        known: reads.known,
        referencesKnown: reads.referencesKnown,
        adoptable: reads.adoptable,
      },
    });
    if (plan.needs === null || needsNothing(plan.needs)) return plan;
    needs = plan.needs;
  }
  return (await planOnWholeStore(store, request)).plan;
}

/** The records an edit has read so far. */
class EditReads {
  readonly records = new Map<string, StoredRecord>();
  readonly register = new Map<string, StoredRecord>();
  readonly known = new Set<string>();
  readonly referencesKnown = new Set<string>();
  adoptable: StoredRecord[] | null = null;
  /** Providers being read in this round (two lookups may name the same one). */
  private readonly reading = new Set<string>();

  constructor(
    private readonly store: RecordStore,
    private readonly owner: WorkbookOwner,
  ) {}

  /** Reads what the needs name and this has not read yet, in parallel. */
  async read(needs: ReadNeeds): Promise<void> {
    const own: string[] = [];
    const providers: string[] = [];
    for (const id of needs.ids) {
      if (this.known.has(id)) continue;
      const holder = ownerOfRecordId(id);
      if (holder === this.owner) own.push(id);
      else if (holder === C2RA) providers.push(id);
      // Another operator's record: the rules refuse it without reading it.
      else this.known.add(id);
    }
    const references = needs.referencesTo.filter((id) => !this.referencesKnown.has(id));
    const adoptable = this.adoptable === null ? needs.adoptableKind : null;
    await Promise.all([
      own.length > 0 ? this.store.getRecords(this.owner, own).then((r) => this.take(r)) : null,
      this.readProviders(providers),
      ...references.map(async (id) => {
        const referencing = await this.store.findReferencing(this.owner, id);
        this.take(referencing);
        if (needs.retainedProviderOf.includes(id))
          await this.readProviders(retainedProvidersIn(referencing));
      }),
      adoptable === null ? null : this.readAdoptable(adoptable),
    ]);
    for (const id of own) this.known.add(id);
    for (const id of references) this.referencesKnown.add(id);
  }

  /** Reads the providers not read yet (the register's records). */
  private async readProviders(ids: readonly string[]): Promise<void> {
    const fresh = ids.filter((id) => !this.known.has(id) && !this.reading.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.reading.add(id);
    this.takeProviders(await this.store.getRecords(C2RA, fresh));
    for (const id of fresh) this.known.add(id);
  }

  private async readAdoptable(kind: RecordKind): Promise<void> {
    const mark = await this.store.readDocument(this.owner, RECONCILE_MARK_DOCUMENT);
    const at = typeof mark === 'object' && mark !== null ? Reflect.get(mark, 'at') : null;
    const since =
      typeof at === 'string' && !Number.isNaN(Date.parse(at))
        ? new Date(Date.parse(at) - ADOPTION_MARGIN_MS).toISOString()
        : '';
    const found = await this.store.findCreatedSince(this.owner, kind, since);
    this.take(found);
    this.adoptable = [...found];
  }

  private take(records: readonly StoredRecord[]): void {
    for (const record of records) {
      if (record.owner !== this.owner) continue;
      this.records.set(record.id, record);
      this.known.add(record.id);
    }
  }

  private takeProviders(records: readonly StoredRecord[]): void {
    // The C2RA's own edits see providers as its records; an operator's, as the register.
    const target = this.owner === C2RA ? this.records : this.register;
    for (const record of records) {
      if (record.kind !== 'provider') continue;
      target.set(record.id, record);
      this.known.add(record.id);
    }
  }
}
