import { randomUUID } from 'node:crypto';
import type { DocumentReference, Firestore, Transaction } from '@google-cloud/firestore';
import type { WorkbookOwner } from '../../shared/domain/operator';
import { fail, ok, type Result } from '../../shared/domain/result';
import type { HeldLease, SyncLease } from '../../shared/ports/sync-lease';

/** The lease document of an owner: who holds it and until when (epoch milliseconds). */
interface LeaseDocument {
  readonly token: string;
  readonly holder: string;
  readonly since: number;
  readonly expiresAt: number;
}

/** Timings of a Firestore lease, shortened by tests. */
export interface FirestoreLeaseTimings {
  readonly ttlMs: number;
  readonly renewMs: number;
  readonly pollMs: number;
}

const DEFAULT_TIMINGS: FirestoreLeaseTimings = { ttlMs: 120_000, renewMs: 30_000, pollMs: 250 };

/** The collection of lease documents, one per owner, outside the owners' data (not backed up). */
export const LEASES_COLLECTION = 'syncLeases';

function asLease(data: unknown): LeaseDocument | null {
  if (data === null || typeof data !== 'object') return null;
  const value = data as Partial<LeaseDocument>;
  return typeof value.token === 'string' && typeof value.expiresAt === 'number'
    ? (value as LeaseDocument)
    : null;
}

/**
 * The sync lease in production: a document `syncLeases/<owner>` taken in a transaction when absent
 * or expired, renewed by its holder, deleted at release. Every function instance (the scheduled
 * reconcile, each edit) goes through it, so two never sync one workbook at once.
 */
export class FirestoreSyncLease implements SyncLease {
  private readonly timings: FirestoreLeaseTimings;

  constructor(
    private readonly db: Firestore,
    timings: Partial<FirestoreLeaseTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  /** How often a waiting sync looks again (a queue in front yields longer than this). */
  get pollMs(): number {
    return this.timings.pollMs;
  }

  private refOf(owner: WorkbookOwner): DocumentReference {
    return this.db.collection(LEASES_COLLECTION).doc(owner);
  }

  async acquire(owner: WorkbookOwner, holder: string, waitMs: number): Promise<Result<HeldLease>> {
    const ref = this.refOf(owner);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const taken = await this.db.runTransaction(async (tx) => {
        const current = asLease((await tx.get(ref)).data());
        const now = Date.now();
        if (current !== null && current.expiresAt > now && current.token !== token) return current;
        const lease: LeaseDocument = {
          token,
          holder,
          since: now,
          expiresAt: now + this.timings.ttlMs,
        };
        tx.set(ref, lease);
        return null;
      });
      if (taken === null) return ok(this.held(ref, token));
      if (Date.now() >= deadline) {
        const since = new Date(taken.since).toLocaleTimeString('fr-FR', {
          timeZone: 'Europe/Paris',
        });
        return fail(
          'SYNC_BUSY',
          `Une synchronisation du classeur ${owner} est déjà en cours (${taken.holder}, depuis ${since}) : réessayez dans un instant.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.timings.pollMs));
    }
  }

  private held(ref: DocumentReference, token: string): HeldLease {
    const timer = setInterval(() => {
      void this.whileHeld(ref, token, (tx) =>
        tx.update(ref, { expiresAt: Date.now() + this.timings.ttlMs }),
      ).catch(() => undefined);
    }, this.timings.renewMs);
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        await this.whileHeld(ref, token, (tx) => tx.delete(ref));
      },
    };
  }

  /** Changes the lease document only while it is still this holder's. */
  private async whileHeld(
    ref: DocumentReference,
    token: string,
    change: (tx: Transaction) => void,
  ): Promise<void> {
    await this.db.runTransaction(async (tx) => {
      if (asLease((await tx.get(ref)).data())?.token === token) change(tx);
    });
  }
}
