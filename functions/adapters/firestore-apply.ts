/**
 * One commit of a change set on Firestore: every document it touches read in the transaction,
 * every version, counter and replay checked, then everything written or nothing.
 */
import type { DocumentReference, DocumentSnapshot, Transaction } from '@google-cloud/firestore';
import type { ApplyOutcome } from '../../shared/ports/record-store';
import type {
  AuditEntry,
  ChangeSet,
  QuarantineEntry,
  RecordPut,
} from '../../shared/domain/change-set';
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { CommitChunk } from './commit-chunks';
import {
  encodeAudit,
  encodeQuarantine,
  encodeRecord,
  expiryAfter,
  optionalNumber,
  readNumber,
} from './firestore-record-codec';
import type { FirestorePaths } from './firestore-paths';

/**
 * How long an applied edit event is kept to refuse its replays: `expireAt`, on which the TTL
 * policy of the `events` collection group deletes it. Apps Script retries within minutes.
 */
export const EVENT_REPLAY_DAYS = 30;

/** Audit and quarantine sequence numbers of an owner, as one commit moves them. */
export interface Sequences {
  audit: number;
  quarantine: number;
}

/** What a commit applies with: where documents live, and the audit's retention. */
export interface ApplyContext {
  readonly paths: FirestorePaths;
  readonly auditRetentionDays: number | null;
}

type Read = (ref: DocumentReference) => DocumentSnapshot;

/** The documents one commit touches, each with its reference. */
interface ChunkRefs {
  readonly puts: readonly { put: RecordPut; ref: DocumentReference }[];
  readonly quarantine: readonly { entry: QuarantineEntry; ref: DocumentReference }[];
  readonly counters: readonly { move: CommitChunk['counters'][number]; ref: DocumentReference }[];
  readonly owners: readonly { owner: WorkbookOwner; ref: DocumentReference }[];
  readonly event: DocumentReference | null;
}

function chunkRefs(paths: FirestorePaths, changeSet: ChangeSet, chunk: CommitChunk): ChunkRefs {
  const owners = new Set<WorkbookOwner>([
    changeSet.owner,
    ...chunk.audit.map((a) => a.owner),
    ...chunk.quarantine.map((q) => q.owner),
  ]);
  return {
    puts: chunk.puts.map((put) => ({ put, ref: paths.record(put.record.owner, put.record.id) })),
    quarantine: chunk.quarantine.map((entry) => ({
      entry,
      ref: paths.quarantine(entry.owner, entry.key),
    })),
    counters: chunk.counters.map((move) => ({ move, ref: paths.counter(move.owner, move.kind) })),
    owners: [...owners].map((owner) => ({ owner, ref: paths.owner(owner) })),
    event: changeSet.eventId === null ? null : paths.event(changeSet.eventId),
  };
}

/** Why the commit is refused (a replayed event, a stale version or counter), or null. */
function refusal(refs: ChunkRefs, read: Read): ApplyOutcome | null {
  if (refs.event !== null && read(refs.event).exists) return { status: 'duplicate-event' };
  for (const { put, ref } of refs.puts) {
    const snapshot = read(ref);
    const stored = snapshot.exists ? readNumber(snapshot.data() ?? {}, 'version', ref.path) : 0;
    if (stored !== put.expectedVersion) return { status: 'conflict', recordId: put.record.id };
  }
  for (const { move, ref } of refs.counters) {
    const snapshot = read(ref);
    const next = snapshot.exists ? readNumber(snapshot.data() ?? {}, 'next', ref.path) : 1;
    if (next !== move.from) return { status: 'conflict', recordId: move.firstId };
  }
  return null;
}

/** The owners' sequence numbers as stored, to be moved by this commit's entries. */
function sequencesOf(refs: ChunkRefs, read: Read): (owner: WorkbookOwner) => Sequences {
  const seqs = new Map<WorkbookOwner, Sequences>();
  for (const { owner, ref } of refs.owners) {
    const data = read(ref).data() ?? {};
    seqs.set(owner, {
      audit: optionalNumber(data, 'auditSeq', ref.path) ?? 0,
      quarantine: optionalNumber(data, 'quarantineSeq', ref.path) ?? 0,
    });
  }
  return (owner) => {
    const seq = seqs.get(owner);
    if (seq === undefined) throw new Error(`apply: no sequence read for owner ${owner}`);
    return seq;
  };
}

/** Writes the puts of a commit (a record put twice: the last put wins, each counts as a write). */
function writeRecords(tx: Transaction, puts: ChunkRefs['puts']): number {
  const lastPut = new Map<string, { put: RecordPut; ref: DocumentReference }>();
  for (const item of puts) lastPut.set(item.ref.path, item);
  for (const { put, ref } of lastPut.values()) {
    tx.set(ref, encodeRecord({ ...put.record, version: put.expectedVersion + 1 }));
  }
  return puts.length;
}

function writeEntries(
  tx: Transaction,
  context: ApplyContext,
  refs: ChunkRefs,
  audit: readonly AuditEntry[],
  read: Read,
): number {
  const seqOf = sequencesOf(refs, read);
  let writes = 0;
  for (const entry of audit) {
    const seq = ++seqOf(entry.owner).audit;
    const ref = context.paths.owner(entry.owner).collection('audit').doc();
    tx.set(ref, encodeAudit(entry, seq, context.auditRetentionDays));
    writes += 1;
  }
  for (const { entry, ref } of refs.quarantine) {
    if (read(ref).exists) continue; // kept once: the first refusal stays
    tx.set(ref, encodeQuarantine(entry, ++seqOf(entry.owner).quarantine));
    writes += 1;
  }
  for (const { owner, ref } of refs.owners) {
    const seq = seqOf(owner);
    tx.set(ref, { owner, auditSeq: seq.audit, quarantineSeq: seq.quarantine });
  }
  return writes;
}

/** Reads documents in a transaction (each once); the reader throws on a path it did not read. */
async function readAll(tx: Transaction, refs: readonly DocumentReference[]): Promise<Read> {
  const unique = new Map<string, DocumentReference>(refs.map((ref) => [ref.path, ref]));
  const snapshots = unique.size === 0 ? [] : await tx.getAll(...unique.values());
  const byPath = new Map<string, DocumentSnapshot>(snapshots.map((s) => [s.ref.path, s]));
  return (ref) => {
    const snapshot = byPath.get(ref.path);
    if (snapshot === undefined) throw new Error(`apply: no snapshot read for ${ref.path}`);
    return snapshot;
  };
}

/** One commit of a change set: everything read and checked first, then written or not at all. */
export async function applyChunk(
  tx: Transaction,
  context: ApplyContext,
  changeSet: ChangeSet,
  chunk: CommitChunk,
  last: boolean,
): Promise<ApplyOutcome> {
  const refs = chunkRefs(context.paths, changeSet, chunk);
  const read = await readAll(tx, [
    ...[...refs.owners, ...refs.puts, ...refs.quarantine, ...refs.counters].map((i) => i.ref),
    ...(refs.event === null ? [] : [refs.event]),
  ]);
  // Everything is checked before anything is written, so a refusal leaves nothing behind.
  const refused = refusal(refs, read);
  if (refused !== null) return refused;
  let writes = writeRecords(tx, refs.puts);
  writes += writeEntries(tx, context, refs, chunk.audit, read);
  for (const { move, ref } of refs.counters) tx.set(ref, { next: move.to });
  if (refs.event !== null && last) {
    writes += 1;
    const expireAt = expiryAfter(changeSet.at, EVENT_REPLAY_DAYS);
    tx.set(refs.event, {
      eventId: changeSet.eventId,
      owner: changeSet.owner,
      at: changeSet.at,
      writes,
      ...(expireAt === null ? {} : { expireAt }),
    });
  }
  return { status: 'applied', writes };
}
