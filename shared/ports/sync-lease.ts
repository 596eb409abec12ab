import type { WorkbookOwner } from '../domain/operator';
import type { Result } from '../domain/result';

/** A lease held: renewed in the background until released. */
export interface HeldLease {
  /** Gives the lease back (only if still held by this holder). */
  release(): Promise<void>;
}

/**
 * One sync at a time per workbook owner: the reconcile, the watcher of `dla start` and the edits
 * take the owner's lease before reading anything. A lease expires unless renewed, so a crashed
 * holder never blocks for long. Adapters: a lock file (local workspace), a lease document
 * (Firestore). Expected failure: `SYNC_BUSY` (another holder kept it past `waitMs`).
 */
export interface SyncLease {
  /**
   * Takes the owner's lease for `holder` (a French description: « dla sync (marie) »), waiting at
   * most `waitMs` for another holder to release it.
   */
  acquire(owner: WorkbookOwner, holder: string, waitMs: number): Promise<Result<HeldLease>>;
}
