import type { WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { HeldLease, SyncLease } from '../../shared/ports/sync-lease';

/** The French refusal of a waiter whose turn in this process did not come before its deadline. */
function queueBusyMessage(owner: WorkbookOwner): string {
  return `Une synchronisation du classeur ${owner} est déjà en cours : réessayez dans un instant.`;
}

/** Resolves true when `turn` settles before `deadline` (epoch ms), false otherwise. */
async function before(turn: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([turn.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A {@link SyncLease} whose waiters of one process take their turn in arrival order, only the
 * first of them contending for the shared lease (lock file or Firestore document). Without it,
 * edits arriving together each poll the shared lease (every 100 ms for the lock file, 250 ms for
 * Firestore) and the unlucky ones wait seconds while others pass. Waiters of other processes
 * still meet at the shared lease, so one sync at a time per workbook holds across processes.
 */
export class QueuedSyncLease implements SyncLease {
  private readonly tails = new Map<WorkbookOwner, Promise<void>>();

  constructor(private readonly shared: SyncLease) {}

  async acquire(owner: WorkbookOwner, holder: string, waitMs: number): Promise<Result<HeldLease>> {
    const deadline = Date.now() + waitMs;
    const previous = this.tails.get(owner) ?? Promise.resolve();
    let leave: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => {
      leave = resolve;
    });
    // The next waiter waits for the one before this one too, even if this one gives up early.
    const tail = previous.then(() => mine);
    this.tails.set(owner, tail);
    const done = (): void => {
      leave();
      void tail.then(() => {
        if (this.tails.get(owner) === tail) this.tails.delete(owner);
      });
    };
    if (!(await before(previous, deadline))) {
      done();
      return fail('SYNC_BUSY', queueBusyMessage(owner));
    }
    const acquired = await this.shared
      .acquire(owner, holder, Math.max(0, deadline - Date.now()))
      .catch((error: unknown) => {
        done();
        throw error;
      });
    if (!acquired.ok) {
      done();
      return acquired;
    }
    return ok({
      release: async () => {
        try {
          await acquired.value.release();
        } finally {
          done();
        }
      },
    });
  }
}
