import type { WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { HeldLease, SyncLease } from '../../shared/ports/sync-lease';

/** The French refusal of a waiter whose turn in this process did not come before its deadline. */
function queueBusyMessage(owner: WorkbookOwner): string {
  return `Une synchronisation du classeur ${owner} est déjà en cours : réessayez dans un instant.`;
}

/** How a waiter's turn comes: the shared lease handed over still held, or to be taken. */
type Turn = 'handed-over' | 'take-shared';

/** A waiter of this process, in arrival order. */
interface Waiter {
  readonly grant: (turn: Turn) => void;
}

/** One owner's queue in this process. */
interface OwnerQueue {
  /** True while a waiter of this process has its turn (holding or taking the shared lease). */
  busy: boolean;
  /** The shared lease while this process holds it. */
  shared: HeldLease | null;
  /** When this process took the shared lease (handovers keep it, up to `maxChainMs`). */
  heldSince: number;
  readonly waiters: Waiter[];
}

/** Timings of the queue. */
export interface QueuedLeaseTimings {
  /**
   * How long this process may keep the shared lease by handing it from one waiter to the next
   * before giving it back, so that a sync of another process gets its turn.
   */
  readonly maxChainMs: number;
  /**
   * After giving the shared lease back at the end of a chain, how long the next waiter of this
   * process lets pass before contending for it again: longer than the shared lease's poll
   * interval, so a waiter of another process polls at least once while it is free.
   */
  readonly yieldMs: number;
}

const DEFAULT_TIMINGS: QueuedLeaseTimings = { maxChainMs: 5_000, yieldMs: 300 };

/**
 * A {@link SyncLease} whose waiters of one process take their turn in arrival order, only the
 * first of them contending for the shared lease (lock file or Firestore document). When a holder
 * releases and a waiter of this process is next, the shared lease is handed over still held:
 * edits arriving together run one after another without giving back and taking again the lock
 * file (five file operations, during which nothing runs) or the lease document. Waiters of other
 * processes still meet at the shared lease, so one sync at a time per workbook holds across
 * processes; after `maxChainMs` of handovers the lease is given back for `yieldMs`, so a sync of
 * another process is not kept out by a steady stream of edits.
 */
export class QueuedSyncLease implements SyncLease {
  private readonly queues = new Map<WorkbookOwner, OwnerQueue>();
  private readonly timings: QueuedLeaseTimings;

  constructor(
    private readonly shared: SyncLease,
    timings: Partial<QueuedLeaseTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  async acquire(owner: WorkbookOwner, holder: string, waitMs: number): Promise<Result<HeldLease>> {
    const deadline = Date.now() + waitMs;
    const queue = this.queueOf(owner);
    if (!queue.busy) {
      queue.busy = true;
      return this.takeShared(owner, queue, holder, deadline);
    }
    const turn = await this.waitForTurn(queue, deadline);
    if (turn === null) return fail('SYNC_BUSY', queueBusyMessage(owner));
    if (turn === 'handed-over') return ok(this.heldBy(owner, queue));
    return this.takeShared(owner, queue, holder, deadline);
  }

  private queueOf(owner: WorkbookOwner): OwnerQueue {
    const existing = this.queues.get(owner);
    if (existing !== undefined) return existing;
    const created: OwnerQueue = { busy: false, shared: null, heldSince: 0, waiters: [] };
    this.queues.set(owner, created);
    return created;
  }

  /** Resolves with the waiter's turn, or null when its deadline passes first (it leaves the queue). */
  private waitForTurn(queue: OwnerQueue, deadline: number): Promise<Turn | null> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: (turn) => {
          clearTimeout(timer);
          resolve(turn);
        },
      };
      const timer = setTimeout(
        () => {
          const at = queue.waiters.indexOf(waiter);
          if (at >= 0) queue.waiters.splice(at, 1);
          resolve(null);
        },
        Math.max(0, deadline - Date.now()),
      );
      queue.waiters.push(waiter);
    });
  }

  /** Takes the shared lease for this turn; on refusal or error, the turn passes to the next waiter. */
  private async takeShared(
    owner: WorkbookOwner,
    queue: OwnerQueue,
    holder: string,
    deadline: number,
  ): Promise<Result<HeldLease>> {
    let acquired: Result<HeldLease>;
    try {
      acquired = await this.shared.acquire(owner, holder, Math.max(0, deadline - Date.now()));
    } catch (error) {
      this.passTurn(owner, queue);
      throw error;
    }
    if (!acquired.ok) {
      this.passTurn(owner, queue);
      return acquired;
    }
    queue.shared = acquired.value;
    queue.heldSince = Date.now();
    return ok(this.heldBy(owner, queue));
  }

  /** The lease of the waiter whose turn it is; released once, whatever the caller does. */
  private heldBy(owner: WorkbookOwner, queue: OwnerQueue): HeldLease {
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        const chainOpen = Date.now() - queue.heldSince < this.timings.maxChainMs;
        const next = chainOpen ? queue.waiters.shift() : undefined;
        if (next !== undefined) {
          next.grant('handed-over');
          return;
        }
        const shared = queue.shared;
        queue.shared = null;
        try {
          await shared?.release();
        } finally {
          if (!chainOpen && queue.waiters.length > 0) {
            // End of a chain: the next waiter of this process lets the shared lease stay free a
            // moment, then contends for it like any other process.
            setTimeout(() => this.passTurn(owner, queue), this.timings.yieldMs);
          } else {
            this.passTurn(owner, queue);
          }
        }
      },
    };
  }

  /** Gives the turn to the next waiter, or leaves the queue idle (and forgets it) when none waits. */
  private passTurn(owner: WorkbookOwner, queue: OwnerQueue): void {
    const next = queue.waiters.shift();
    if (next !== undefined) {
      next.grant('take-shared');
      return;
    }
    queue.busy = false;
    if (this.queues.get(owner) === queue) this.queues.delete(owner);
  }
}
