/**
 * Cuts a change set into commits a store accepts (Firestore: 500 writes and 10 MiB per request).
 * Each commit holds whole records with their audit entries and the numbers of their new IDs, so
 * a change set cut short leaves only whole records, each counted by its counter.
 *
 * @packageDocumentation
 */
import type { WorkbookOwner } from '../../shared/domain/operator';
import type { RecordKind } from '../../shared/domain/record-id';
import type {
  AuditEntry,
  ChangeSet,
  QuarantineEntry,
  RecordPut,
  SequenceClaim,
} from '../../shared/domain/change-set';

/** What one commit may hold. */
export interface CommitLimits {
  /** Writes per commit, those the store adds itself (owner, counters, event) included. */
  readonly maxWrites: number;
  /** Encoded bytes per commit (the documents' sizes as the store counts them). */
  readonly maxBytes: number;
  /** Writes the store adds to every commit beside the change set's own. */
  readonly reservedWrites: number;
}

/** The encoded size of each item, as the store will write it. */
export interface ItemWeights {
  put(put: RecordPut): number;
  audit(entry: AuditEntry): number;
  quarantine(entry: QuarantineEntry): number;
}

/** A counter moved by one commit: it must read `from` and is set to `to`. */
export interface CounterMove {
  readonly owner: WorkbookOwner;
  readonly kind: RecordKind;
  readonly from: number;
  readonly to: number;
  /** The first ID of the move, named in a conflict when another commit took the number. */
  readonly firstId: string;
}

/** One commit of a change set. */
export interface CommitChunk {
  readonly puts: readonly RecordPut[];
  readonly audit: readonly AuditEntry[];
  readonly quarantine: readonly QuarantineEntry[];
  readonly counters: readonly CounterMove[];
}

/** Records, audit entries and refusals that must land in the same commit. */
interface Unit {
  readonly puts: RecordPut[];
  readonly audit: { entry: AuditEntry; index: number }[];
  readonly quarantine: QuarantineEntry[];
  /** The claim and position of the new ID this unit creates, if any. */
  claimed: { claim: number; index: number } | null;
  writes: number;
  bytes: number;
}

/** The first entry of each (owner, key): a change set may carry the same refusal twice. */
export function uniqueQuarantine(entries: readonly QuarantineEntry[]): QuarantineEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const id = `${e.owner}\u0000${e.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Groups the items of a change set into units: a record with its audit; a lone entry. */
function unitsOf(changeSet: ChangeSet, weights: ItemWeights): Unit[] {
  const claimOf = new Map<string, { claim: number; index: number }>();
  (changeSet.claims ?? []).forEach((claim, c) =>
    claim.ids.forEach((id, index) => claimOf.set(id, { claim: c, index })),
  );
  const byRecord = new Map<string, Unit>();
  const units: Unit[] = [];
  const fresh = (): Unit => ({
    puts: [],
    audit: [],
    quarantine: [],
    claimed: null,
    writes: 0,
    bytes: 0,
  });
  for (const put of changeSet.puts) {
    let unit = byRecord.get(put.record.id);
    if (unit === undefined) {
      unit = fresh();
      unit.claimed = claimOf.get(put.record.id) ?? null;
      byRecord.set(put.record.id, unit);
      units.push(unit);
    }
    unit.puts.push(put);
    unit.writes += 1;
    unit.bytes += weights.put(put);
  }
  const loose: Unit[] = [];
  changeSet.audit.forEach((entry, index) => {
    let unit = byRecord.get(entry.recordId);
    if (unit === undefined) {
      unit = fresh();
      loose.push(unit);
    }
    unit.audit.push({ entry, index });
    unit.writes += 1;
    unit.bytes += weights.audit(entry);
  });
  for (const entry of uniqueQuarantine(changeSet.quarantine)) {
    const unit = fresh();
    unit.quarantine.push(entry);
    unit.writes = 1;
    unit.bytes = weights.quarantine(entry);
    loose.push(unit);
  }
  // Updates first, then creations in the order of their numbers, so each commit moves every
  // counter by a contiguous run and a change set cut short spends no number it did not write.
  const updates = units.filter((u) => u.claimed === null);
  const creations = units
    .filter((u) => u.claimed !== null)
    .sort(
      (a, b) =>
        (a.claimed?.claim ?? 0) - (b.claimed?.claim ?? 0) ||
        (a.claimed?.index ?? 0) - (b.claimed?.index ?? 0),
    );
  return [...updates, ...creations, ...loose];
}

/** The counters a commit moves: each claim up to the last number written so far. */
function countersOf(
  claims: readonly SequenceClaim[],
  reached: number[],
  upTo: (claim: number) => number,
): CounterMove[] {
  const moves: CounterMove[] = [];
  claims.forEach((claim, c) => {
    const from = reached[c] ?? 0;
    const to = upTo(c);
    if (to <= from) return;
    reached[c] = to;
    moves.push({
      owner: claim.owner,
      kind: claim.kind,
      from: claim.first + from,
      to: claim.first + to,
      firstId: claim.ids[from] ?? claim.ids[0] ?? '',
    });
  });
  return moves;
}

/**
 * The commits of a change set under `limits`: one commit holding it as given when it fits,
 * else as many as needed, each within the limits (a unit larger than the limits alone gets a
 * commit of its own, and the store refuses it). The last commit completes every claim.
 */
export function chunkChangeSet(
  changeSet: ChangeSet,
  limits: CommitLimits,
  weights: ItemWeights,
): CommitChunk[] {
  const claims = changeSet.claims ?? [];
  const units = unitsOf(changeSet, weights);
  const maxWrites = limits.maxWrites - limits.reservedWrites - claims.length;
  const totalWrites = units.reduce((n, u) => n + u.writes, 0);
  const totalBytes = units.reduce((n, u) => n + u.bytes, 0);
  const reached = claims.map(() => 0);
  if (totalWrites <= maxWrites && totalBytes <= limits.maxBytes) {
    return [
      {
        puts: changeSet.puts,
        audit: changeSet.audit,
        quarantine: uniqueQuarantine(changeSet.quarantine),
        counters: countersOf(claims, reached, (c) => claims[c]?.ids.length ?? 0),
      },
    ];
  }
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let writes = 0;
  let bytes = 0;
  for (const unit of units) {
    if (
      current.length > 0 &&
      (writes + unit.writes > maxWrites || bytes + unit.bytes > limits.maxBytes)
    ) {
      groups.push(current);
      current = [];
      writes = 0;
      bytes = 0;
    }
    current.push(unit);
    writes += unit.writes;
    bytes += unit.bytes;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return groups.map((group, g) => {
    const last = g === groups.length - 1;
    const highest = claims.map(() => 0);
    for (const unit of group) {
      if (unit.claimed !== null) {
        const { claim, index } = unit.claimed;
        highest[claim] = Math.max(highest[claim] ?? 0, index + 1);
      }
    }
    return {
      puts: group.flatMap((u) => u.puts),
      audit: group
        .flatMap((u) => u.audit)
        .sort((a, b) => a.index - b.index)
        .map((a) => a.entry),
      quarantine: group.flatMap((u) => u.quarantine),
      counters: countersOf(claims, reached, (c) =>
        last ? (claims[c]?.ids.length ?? 0) : Math.max(reached[c] ?? 0, highest[c] ?? 0),
      ),
    };
  });
}
