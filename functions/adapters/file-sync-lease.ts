import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { HeldLease, SyncLease } from '../../shared/ports/sync-lease';

/** What a lock file holds: who holds the lease, from which process, until when. */
interface LeaseFile {
  readonly token: string;
  readonly pid: number;
  readonly holder: string;
  readonly since: number;
  readonly expiresAt: number;
}

/** Timings of a file lease, shortened by tests. */
export interface FileLeaseTimings {
  /** How long a lease lasts unless renewed. */
  readonly ttlMs: number;
  /** How often a holder renews it. */
  readonly renewMs: number;
  /** How often a waiting sync looks again. */
  readonly pollMs: number;
}

const DEFAULT_TIMINGS: FileLeaseTimings = { ttlMs: 60_000, renewMs: 15_000, pollMs: 100 };

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && 'code' in error;
}

/** True while a process with this ID runs on this machine. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isNodeError(error) && error.code === 'EPERM';
  }
}

function parseLease(text: string): LeaseFile | null {
  try {
    const value = JSON.parse(text) as Partial<LeaseFile>;
    return typeof value.token === 'string' &&
      typeof value.pid === 'number' &&
      typeof value.expiresAt === 'number'
      ? (value as LeaseFile)
      : null;
  } catch {
    return null;
  }
}

/** The French description of a lease another sync holds. */
export function busyMessage(owner: WorkbookOwner, lease: LeaseFile | null): string {
  const since =
    lease === null
      ? ''
      : `, depuis ${new Date(lease.since).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris' })}`;
  const who = lease === null ? '' : ` (${lease.holder}${since})`;
  return `Une synchronisation du classeur ${owner} est déjà en cours${who} : réessayez dans un instant.`;
}

/**
 * The sync lease of a local workspace: one lock file per owner (`.dla-sync-<owner>.lock` beside
 * the store), holding the holder's process ID and an expiry. It is created whole in one step
 * (a complete temporary file hard-linked to the lock name, which fails if the lock exists); a
 * lock whose process has ended or whose expiry has passed is taken over; a holder renews it.
 */
export class FileSyncLease implements SyncLease {
  private readonly timings: FileLeaseTimings;

  constructor(
    private readonly dir: string,
    timings: Partial<FileLeaseTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  /** How often a waiting sync looks again (a queue in front yields longer than this). */
  get pollMs(): number {
    return this.timings.pollMs;
  }

  /** The lock file of an owner. */
  lockPathOf(owner: WorkbookOwner): string {
    return path.join(this.dir, `.dla-sync-${owner}.lock`);
  }

  async acquire(owner: WorkbookOwner, holder: string, waitMs: number): Promise<Result<HeldLease>> {
    await mkdir(this.dir, { recursive: true });
    const file = this.lockPathOf(owner);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = Date.now();
      const lease: LeaseFile = {
        token,
        pid: process.pid,
        holder,
        since: now,
        expiresAt: now + this.timings.ttlMs,
      };
      if (await this.create(file, lease)) return ok(this.held(file, lease));
      const current = await this.readLease(file);
      if (current !== 'absent' && this.isStale(current)) {
        await this.takeOver(file, current);
        continue;
      }
      if (Date.now() >= deadline)
        return fail('SYNC_BUSY', busyMessage(owner, current === 'absent' ? null : current));
      await new Promise((resolve) => setTimeout(resolve, this.timings.pollMs));
    }
  }

  /** Creates the lock file whole, or false when it exists. */
  private async create(file: string, lease: LeaseFile): Promise<boolean> {
    const temp = `${file}.${lease.token}.tmp`;
    await writeFile(temp, JSON.stringify(lease));
    try {
      await link(temp, file);
      return true;
    } catch (error) {
      if (isNodeError(error) && error.code === 'EEXIST') return false;
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }

  private async readLease(file: string): Promise<LeaseFile | null | 'absent'> {
    try {
      return parseLease(await readFile(file, 'utf8'));
    } catch (error) {
      if (isNodeError(error) && error.code === 'ENOENT') return 'absent';
      throw error;
    }
  }

  /** Expired, left by an ended process, or unreadable (never written whole: left by a crash). */
  private isStale(lease: LeaseFile | null): boolean {
    return lease === null || lease.expiresAt < Date.now() || !processAlive(lease.pid);
  }

  /**
   * Removes a stale lock: moved aside first (one move wins), then checked to be the stale one
   * read; a lock another sync took meanwhile is put back.
   */
  private async takeOver(file: string, stale: LeaseFile | null): Promise<void> {
    const aside = `${file}.${randomUUID()}.stale`;
    try {
      await rename(file, aside);
    } catch (error) {
      if (isNodeError(error) && error.code === 'ENOENT') return;
      throw error;
    }
    const moved = parseLease(await readFile(aside, 'utf8').catch(() => ''));
    if (moved !== null && !this.isStale(moved) && moved.token !== stale?.token) {
      await link(aside, file).catch(() => undefined);
    }
    await unlink(aside).catch(() => undefined);
  }

  private held(file: string, lease: LeaseFile): HeldLease {
    let current = lease;
    const timer = setInterval(() => {
      current = { ...current, expiresAt: Date.now() + this.timings.ttlMs };
      void this.renew(file, current);
    }, this.timings.renewMs);
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        const found = await this.readLease(file);
        if (found !== 'absent' && found?.token === lease.token)
          await unlink(file).catch(() => undefined);
      },
    };
  }

  /** Pushes the expiry back, only while the lock is still this holder's. */
  private async renew(file: string, lease: LeaseFile): Promise<void> {
    const found = await this.readLease(file).catch(() => 'absent' as const);
    if (found === 'absent' || found?.token !== lease.token) return;
    const temp = `${file}.${lease.token}.renew`;
    await writeFile(temp, JSON.stringify(lease));
    await rename(temp, file).catch(() => rm(temp, { force: true }));
  }
}
