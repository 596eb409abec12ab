/**
 * Edits of one workbook arriving together in one process (50 editors on one function instance)
 * take the lease in arrival order, one at a time, without each polling the lock file: the bench
 * measured a p95 of 2.2 s for 7 ms edits when they polled. Over the real lock-file lease.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileSyncLease } from '../../../functions/adapters/file-sync-lease';
import { QueuedSyncLease } from '../../../functions/adapters/queued-sync-lease';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import type { Result } from '../../../shared/domain/result';
import type { HeldLease, SyncLease } from '../../../shared/ports/sync-lease';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-queued-lease-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each waiter takes the lease, notes it holds it, holds it `holdMs`, and gives it back. */
async function race(lease: SyncLease, waiters: number, holdMs: number, waitMs = 30_000) {
  const order: number[] = [];
  let holding = 0;
  let overlap = 0;
  const outcomes = await Promise.all(
    Array.from({ length: waiters }, async (_, i) => {
      const held = await lease.acquire('CBE-LM', `modification ${i + 1}`, waitMs);
      if (!held.ok) return held.error.code;
      holding += 1;
      if (holding > 1) overlap += 1;
      order.push(i);
      await pause(holdMs);
      holding -= 1;
      await held.value.release();
      return 'ok';
    }),
  );
  return { order, overlap, outcomes };
}

describe('QueuedSyncLease over the lock-file lease', () => {
  it.each([
    ['10 edits', 10, 5],
    ['50 edits', 50, 2],
  ])('%s arriving together are served one at a time, in arrival order', async (_l, n, holdMs) => {
    const { order, overlap, outcomes } = await race(
      new QueuedSyncLease(new FileSyncLease(dir)),
      n,
      holdMs,
    );
    expect(outcomes).toEqual(Array.from({ length: n }, () => 'ok'));
    expect(overlap).toBe(0);
    expect(order).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('refuses in French a waiter whose deadline passes, and serves the ones behind it', async () => {
    const lease = new QueuedSyncLease(new FileSyncLease(dir));
    const first = await lease.acquire('CBE-LM', 'dla sync', 1_000);
    if (!first.ok) throw new Error(first.error.message);
    const late = lease.acquire('CBE-LM', 'modification pressée', 50);
    const patient = lease.acquire('CBE-LM', 'modification patiente', 5_000);
    const refused = await late;
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'SYNC_BUSY',
        message: expect.stringContaining('réessayez dans un instant'),
      }),
    });
    await first.value.release();
    const served = await patient;
    expect(served.ok).toBe(true);
    if (served.ok) await served.value.release();
  });

  it('still meets another process at the lock file: one holder at a time across both', async () => {
    // Two queues over the same folder stand for two processes (dla sync and dla start).
    const one = new QueuedSyncLease(new FileSyncLease(dir, { pollMs: 10 }));
    const other = new QueuedSyncLease(new FileSyncLease(dir, { pollMs: 10 }));
    let holding = 0;
    let overlap = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const lease = i % 2 === 0 ? one : other;
        const held = await lease.acquire('CBE-LM', `modification ${i + 1}`, 30_000);
        if (!held.ok) throw new Error(held.error.message);
        holding += 1;
        if (holding > 1) overlap += 1;
        await pause(3);
        holding -= 1;
        await held.value.release();
      }),
    );
    expect(overlap).toBe(0);
  });

  it('keeps owners apart: a long sync of one workbook does not hold up another', async () => {
    const lease = new QueuedSyncLease(new FileSyncLease(dir));
    const cbe = await lease.acquire('CBE-LM', 'dla sync', 1_000);
    if (!cbe.ok) throw new Error(cbe.error.message);
    const other = await lease.acquire('EE-DK', 'modification', 100);
    expect(other.ok).toBe(true);
    if (other.ok) await other.value.release();
    await cbe.value.release();
  });

  it('hands the lock file from one edit to the next: taken once, given back once', async () => {
    const lockFile = new CountingLease(new FileSyncLease(dir));
    const { order, overlap, outcomes } = await race(new QueuedSyncLease(lockFile), 20, 1);
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'ok'));
    expect(overlap).toBe(0);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(lockFile.counts).toEqual({ acquired: 1, released: 1 });
    expect(fs.existsSync(new FileSyncLease(dir).lockPathOf('CBE-LM'))).toBe(false);
  });

  it('gives the lock file back after its chain, so another process gets its turn amid a stream of edits', async () => {
    const edits = new QueuedSyncLease(new FileSyncLease(dir, { pollMs: 10 }), {
      maxChainMs: 40,
      yieldMs: 25,
    });
    const reconcile = new FileSyncLease(dir, { pollMs: 10 });
    let streaming = true;
    let editsServed = 0;
    const stream = Promise.all(
      Array.from({ length: 4 }, async (_, editor) => {
        while (streaming) {
          const held = await edits.acquire('CBE-LM', `modification ${editor}`, 30_000);
          if (!held.ok) throw new Error(held.error.message);
          await pause(2);
          editsServed += 1;
          await held.value.release();
        }
      }),
    );
    await pause(20);
    const turn = await reconcile.acquire('CBE-LM', 'dla sync', 2_000);
    const servedBefore = editsServed;
    streaming = false;
    if (turn.ok) await turn.value.release();
    await stream;
    expect(turn.ok).toBe(true);
    expect(servedBefore).toBeGreaterThan(0);
  });

  it('passes the turn on when the lock file cannot be had, and a second release changes nothing', async () => {
    const holder = await new FileSyncLease(dir).acquire(
      'CBE-LM',
      'dla sync (autre processus)',
      1_000,
    );
    if (!holder.ok) throw new Error(holder.error.message);
    const lockFile = new CountingLease(new FileSyncLease(dir, { pollMs: 10 }));
    const lease = new QueuedSyncLease(lockFile);
    const hurried = lease.acquire('CBE-LM', 'modification pressée', 30);
    const patient = lease.acquire('CBE-LM', 'modification patiente', 5_000);
    const refused = await hurried;
    expect(refused.ok ? 'ok' : refused.error.code).toBe('SYNC_BUSY');
    await holder.value.release();
    const served = await patient;
    if (!served.ok) throw new Error(served.error.message);
    await served.value.release();
    await served.value.release();
    expect(lockFile.counts).toEqual({ acquired: 1, released: 1 });
    const again = await lease.acquire('CBE-LM', 'modification suivante', 100);
    expect(again.ok).toBe(true);
    if (again.ok) await again.value.release();
  });
});

/** A shared lease that counts the leases it grants and the releases it receives. */
class CountingLease implements SyncLease {
  readonly counts = { acquired: 0, released: 0 };

  constructor(private readonly inner: SyncLease) {}

  async acquire(owner: WorkbookOwner, holder: string, waitMs: number): Promise<Result<HeldLease>> {
    const held = await this.inner.acquire(owner, holder, waitMs);
    if (!held.ok) return held;
    this.counts.acquired += 1;
    return {
      ok: true,
      value: {
        release: async () => {
          this.counts.released += 1;
          await held.value.release();
        },
      },
    };
  }
}
