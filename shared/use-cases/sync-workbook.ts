import { C2RA, type WorkbookOwner } from '../domain/operator';
import { formatRecordId, RECORD_KINDS, type RecordKind } from '../domain/record-id';
import { REGISTER_COPY_TAB, registerCopyRows } from '../domain/register-copy';
import { fail, ok, type Result } from '../domain/result';
import {
  finalizeSync,
  type EditScope,
  type KnownColumns,
  type SyncOutcome,
  type SyncPlan,
  type SyncReport,
} from '../domain/sync/plan-sync';
import { canonicalJson, sameTabRows } from '../domain/sync/content-hash';
import { parisDateOf } from '../domain/values/french-date';
import {
  DEFAULT_PARAMETERS,
  PARAMETERS_TAB,
  type OperatorParameters,
} from '../domain/operator-parameters';
import { archiveConfirmationOf, readParametersTab } from '../domain/sync/parameters-sync';
import { checkWorkbookOwner } from '../domain/workbook-identity';
import type { Clock } from '../ports/clock';
import type { HeldLease, SyncLease } from '../ports/sync-lease';
import type { Actor, ChangeSet, SequenceClaim } from '../domain/change-set';
import type { RecordStore } from '../ports/record-store';
import type { StoredRecord } from '../domain/stored-record';
import type { ProposalDecision } from '../domain/register-proposal-decision';
import { loadOwnProposalDecisions, prepareRegisterProposals } from './register-proposals';
import {
  planEditOnReads,
  planOnWholeStore,
  RECONCILE_MARK_DOCUMENT,
  type UnreadSyncRequest,
} from './plan-edit';
import type { SpreadsheetGateway, WriteBack } from '../ports/spreadsheet-gateway';
import type { TabReplacement } from '../domain/workbook-writes';
import type { WorkbookSnapshot } from '../domain/workbook-snapshot';

/** The ports a sync needs. */
export interface SyncPorts {
  readonly store: RecordStore;
  readonly clock: Clock;
  /** One sync at a time per owner; absent in tests of the planner alone. */
  readonly lease?: SyncLease;
  /**
   * How an edit reads the store: only the records it needs (the default), or the owner's whole
   * store — the reference the property test compares the partial reads with.
   */
  readonly editReads?: 'partial' | 'whole';
}

/** How long a reconcile waits for another sync of the same workbook to finish. */
export const RECONCILE_LEASE_WAIT_MS = 120_000;

/**
 * Runs `work` holding the owner's sync lease (when the ports have one); `SYNC_BUSY` when another
 * sync kept it past `waitMs`. The lease is given back whatever `work` does.
 */
export async function withSyncLease<T>(
  ports: SyncPorts,
  owner: WorkbookOwner,
  holder: string,
  waitMs: number,
  work: () => Promise<Result<T>>,
): Promise<Result<T>> {
  let held: HeldLease | null = null;
  if (ports.lease) {
    const acquired = await ports.lease.acquire(owner, holder, waitMs);
    if (!acquired.ok) return acquired;
    held = acquired.value;
  }
  try {
    return await work();
  } finally {
    await held?.release();
  }
}

/** How many times a sync is re-planned when another sync changed the same records meanwhile. */
const MAX_ATTEMPTS = 5;

/** What one planned-and-applied sync gives back. */
export interface AppliedSync {
  readonly outcome: SyncOutcome;
  readonly duplicate: boolean;
  readonly storeWrites: number;
  /** A reconcile's newest record creation instant, its own creations included (null for an edit). */
  readonly newestCreatedAt: string | null;
}

function newestCreation(records: readonly Pick<StoredRecord, 'createdAt'>[]): string | null {
  let newest: string | null = null;
  for (const r of records) if (newest === null || r.createdAt > newest) newest = r.createdAt;
  return newest;
}

/**
 * Plans a sync of a snapshot against the store, allocates the IDs of new records, and applies
 * the change set atomically; on a version conflict (another edit landed meanwhile) it reloads
 * and plans again, so no edit is lost and none is applied twice.
 */
export async function planAndApply(
  ports: SyncPorts,
  owner: WorkbookOwner,
  snapshot: WorkbookSnapshot,
  input: {
    actor: Actor;
    eventId: string | null;
    at: string | null;
    edit: EditScope | null;
    parameters: OperatorParameters;
    knownColumns?: KnownColumns | null;
    confirmArchive?: boolean;
    /** An operator's proposals to the register: the C2RA's decisions, for their outcome. */
    proposalDecisions?: ReadonlyMap<string, ProposalDecision> | null;
    /** A last change of the change set before it is applied (the audit naming a proposal). */
    annotate?: (changeSet: ChangeSet) => ChangeSet;
  },
): Promise<Result<AppliedSync>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = ports.clock.now();
    const request: UnreadSyncRequest = {
      owner,
      snapshot,
      at: input.at ?? now.toISOString(),
      today: parisDateOf(now),
      actor: input.actor,
      eventId: input.eventId,
      edit: input.edit,
      parameters: input.parameters,
      knownColumns: input.knownColumns ?? null,
      confirmArchive: input.confirmArchive ?? false,
      ...(input.proposalDecisions ? { proposalDecisions: input.proposalDecisions } : {}),
    };
    // An edit reads the records around its rows; a reconcile, the owner's whole store.
    let newestCreatedAt: string | null = null;
    let plan: SyncPlan;
    if (input.edit && ports.editReads !== 'whole')
      plan = await planEditOnReads(ports.store, request);
    else {
      const whole = await planOnWholeStore(ports.store, request);
      plan = whole.plan;
      newestCreatedAt = newestCreation(whole.records);
    }
    const claims = await claimIds(ports.store, owner, plan.idsNeeded);
    const ids = Object.fromEntries(
      RECORD_KINDS.map((kind) => [kind, claims.find((c) => c.kind === kind)?.ids ?? []]),
    ) as Record<RecordKind, readonly string[]>;
    const planned = finalizeSync(plan, ids);
    const assembled: ChangeSet = { ...planned.changeSet, claims };
    const changeSet = input.annotate ? input.annotate(assembled) : assembled;
    const outcome: SyncOutcome = { ...planned, changeSet };
    if (!input.edit)
      newestCreatedAt = newestCreation([
        ...(newestCreatedAt === null ? [] : [{ createdAt: newestCreatedAt }]),
        ...changeSet.puts.filter((p) => p.expectedVersion === 0).map((p) => p.record),
      ]);
    if (
      changeSet.puts.length === 0 &&
      changeSet.quarantine.length === 0 &&
      changeSet.eventId === null
    ) {
      return ok({ outcome, duplicate: false, storeWrites: 0, newestCreatedAt });
    }
    const applied = await ports.store.apply(changeSet);
    if (applied.status === 'applied')
      return ok({ outcome, duplicate: false, storeWrites: applied.writes, newestCreatedAt });
    if (applied.status === 'duplicate-event')
      return ok({
        outcome: { ...outcome, cells: [], tabs: [] },
        duplicate: true,
        storeWrites: 0,
        newestCreatedAt,
      });
  }
  return fail(
    'SYNC_CONFLICT',
    'Trop de modifications simultanées sur les mêmes lignes : réessayez dans un instant.',
  );
}

/**
 * The IDs of the new records of a plan, numbered from each counter as it stands: nothing is
 * reserved here, the change set claims the numbers in the commit that writes the records (a
 * refused or failed attempt spends none; another writer having taken them is a conflict).
 */
async function claimIds(
  store: RecordStore,
  owner: WorkbookOwner,
  needed: Readonly<Record<RecordKind, number>>,
): Promise<SequenceClaim[]> {
  const claims: SequenceClaim[] = [];
  for (const kind of RECORD_KINDS) {
    const count = needed[kind];
    if (count === 0) continue;
    const first = await store.nextSequence(owner, kind);
    const operator = kind === 'provider' ? null : (owner as Exclude<WorkbookOwner, typeof C2RA>);
    const ids = Array.from({ length: count }, (_, i) =>
      formatRecordId({ kind, operator, sequence: first + i }),
    );
    claims.push({ owner, kind, first, ids });
  }
  return claims;
}

/** The ports a full reconcile of a workbook needs. */
export interface ReconcilePorts extends SyncPorts {
  readonly gateway: SpreadsheetGateway;
}

/** What a person may add to a reconcile. */
export interface ReconcileOptions {
  /** Archive the removed rows the mass-archive guard held (`dla sync --confirmer-archivage`). */
  readonly confirmArchive?: boolean;
  /** How long to wait for another sync of the workbook (default {@link RECONCILE_LEASE_WAIT_MS}). */
  readonly leaseWaitMs?: number;
}

/**
 * Full reconcile of one workbook (`syncSpreadsheet`, `dla sync`), holding the owner's sync lease:
 * read every tab in one call, check whose the workbook is (another owner's is refused before
 * anything reaches the store, and its file is not written), store only what changed, write back
 * IDs, refusals and computed columns in one call, and refresh the operator's copy of the register.
 */
export async function syncWorkbook(
  ports: ReconcilePorts,
  owner: WorkbookOwner,
  who: string,
  options: ReconcileOptions = {},
): Promise<Result<SyncReport>> {
  return withSyncLease(ports, owner, who, options.leaseWaitMs ?? RECONCILE_LEASE_WAIT_MS, () =>
    reconcileHoldingLease(ports, owner, who, options),
  );
}

async function reconcileHoldingLease(
  ports: ReconcilePorts,
  owner: WorkbookOwner,
  who: string,
  options: ReconcileOptions,
): Promise<Result<SyncReport>> {
  const startedAt = ports.clock.now().toISOString();
  const planned = await readAndPlan(ports, owner, who, options);
  if (!planned.ok) return planned;
  const { writeBack, outcome, knownColumns, newestCreatedAt, warnings } = planned.value;
  // The snapshot is out of scope here: a gateway that loads the whole file to write it (the
  // .xlsx one) does not hold both at once.
  const written = await ports.gateway.write(owner, writeBack);
  if (!written.ok) return written;
  // Saved once the sheet holds the stored values of a column just added, never before: until
  // then, the next reconcile still knows the column as new and empty.
  const seen = { ...(knownColumns ?? {}), ...outcome.columnsSeen };
  if (canonicalJson(seen) !== canonicalJson(knownColumns ?? {}))
    await ports.store.writeDocument(owner, COLUMNS_DOCUMENT, seen);
  await markReconciled(ports.store, owner, startedAt, newestCreatedAt);
  return ok({ ...outcome.report, warnings });
}

/** A reconcile read, planned and stored, with what remains to write back. */
interface PlannedReconcile {
  readonly writeBack: WriteBack;
  readonly outcome: SyncOutcome;
  readonly knownColumns: KnownColumns | null;
  readonly newestCreatedAt: string | null;
  readonly warnings: SyncReport['warnings'];
}

/** Reads the workbook, checks whose it is, plans against the store and applies the change set. */
async function readAndPlan(
  ports: ReconcilePorts,
  owner: WorkbookOwner,
  who: string,
  options: ReconcileOptions,
): Promise<Result<PlannedReconcile>> {
  const read = await ports.gateway.read(owner);
  if (!read.ok) return read;
  const identity = checkWorkbookOwner(owner, read.value);
  if (!identity.ok) return identity;
  const proposals =
    owner === C2RA
      ? await prepareRegisterProposals(ports, read.value, who, ports.clock.now())
      : null;
  if (proposals && !proposals.ok) return proposals;
  const snapshot = proposals?.value.snapshot ?? read.value;
  const parametersTab = snapshot.tabs.find((t) => t.name === PARAMETERS_TAB);
  const parameters = readParametersTab(parametersTab, await loadParameters(ports.store, owner));
  if (parameters.changed)
    await ports.store.writeDocument(owner, PARAMETERS_DOCUMENT, parameters.parameters);
  const knownColumns = asKnownColumns(await ports.store.readDocument(owner, COLUMNS_DOCUMENT));
  const applied = await planAndApply(ports, owner, snapshot, {
    actor: { who, source: 'reconcile' },
    eventId: null,
    at: null,
    edit: null,
    parameters: parameters.parameters,
    knownColumns,
    confirmArchive:
      options.confirmArchive === true || archiveConfirmationOf(parametersTab)?.confirmed === true,
    proposalDecisions: owner === C2RA ? null : await loadOwnProposalDecisions(ports.store, owner),
    ...(proposals ? { annotate: proposals.value.annotate } : {}),
  });
  if (!applied.ok) return applied;
  const { outcome } = applied.value;
  const tabs: TabReplacement[] = [...outcome.tabs];
  const review = proposals ? await proposals.value.finish(ports.clock.now()) : null;
  if (review?.tab) tabs.push(review.tab);
  if (owner !== C2RA) {
    const copy = registerCopy(snapshot, registerCopyRows(await ports.store.loadRegister()));
    if (copy) tabs.push(copy);
  }
  return ok({
    writeBack: {
      cells: [...outcome.cells, ...parameters.cells],
      tabs,
      ...(identity.value.adopt ? { ownerMark: owner } : {}),
    },
    outcome,
    knownColumns,
    newestCreatedAt: applied.value.newestCreatedAt,
    warnings: [
      ...(identity.value.warning === null ? [] : [identity.value.warning]),
      ...outcome.report.warnings,
      ...parameters.problems,
      ...(review?.warning ? [review.warning] : []),
    ],
  });
}

/**
 * Notes that the sheet was read whole at `startedAt`: records created before it were on a row
 * (or are archived now), so a new row of a later edit adopts only records created since. Written
 * only when a record was created since the previous mark (`newest`), so a reconcile that changed
 * nothing writes nothing.
 */
async function markReconciled(
  store: RecordStore,
  owner: WorkbookOwner,
  startedAt: string,
  newestCreatedAt: string | null,
): Promise<void> {
  const mark = await store.readDocument(owner, RECONCILE_MARK_DOCUMENT);
  const newest = typeof mark === 'object' && mark !== null ? Reflect.get(mark, 'newest') : null;
  if (typeof newest === 'string' && (newestCreatedAt === null || newestCreatedAt <= newest)) return;
  await store.writeDocument(owner, RECONCILE_MARK_DOCUMENT, {
    at: startedAt,
    newest: newestCreatedAt ?? '',
  });
}

/** The store document holding the field columns of each record tab at the last reconcile. */
export const COLUMNS_DOCUMENT = 'known-columns';

function asKnownColumns(value: unknown): KnownColumns | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter(
    (entry): entry is [string, string[]] =>
      Array.isArray(entry[1]) && entry[1].every((k) => typeof k === 'string'),
  );
  return Object.fromEntries(entries);
}

/** The store document holding an owner's last valid parameters. */
export const PARAMETERS_DOCUMENT = 'parameters';

/** The owner's last valid parameters, completed with the defaults for any parameter added since. */
export async function loadParameters(
  store: RecordStore,
  owner: WorkbookOwner,
): Promise<OperatorParameters> {
  const saved = await store.readDocument(owner, PARAMETERS_DOCUMENT);
  return saved !== null && typeof saved === 'object'
    ? { ...DEFAULT_PARAMETERS, ...(saved as Partial<OperatorParameters>) }
    : DEFAULT_PARAMETERS;
}

function registerCopy(
  snapshot: WorkbookSnapshot,
  rows: ReturnType<typeof registerCopyRows>,
): TabReplacement | null {
  const tab = snapshot.tabs.find((t) => t.name === REGISTER_COPY_TAB);
  if (!tab) return null;
  const current = tab.rows.map((r) => r.cells.map((c) => c.value));
  return sameTabRows(current, rows) ? null : { tab: REGISTER_COPY_TAB, rows };
}
