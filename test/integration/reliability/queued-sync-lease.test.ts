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
import type { SyncLease } from '../../../shared/ports/sync-lease';

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
});
