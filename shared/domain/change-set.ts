import type { WorkbookOwner } from './operator';
import type { RecordKind } from './record-id';
import type { FieldJson, StoredRecord } from './stored-record';

/** Where a change came from. */
export type ChangeSource = 'edit' | 'reconcile' | 'system';

/** Who made a change, from where. */
export interface Actor {
  /** The person's e-mail when the spreadsheet gives it, else a description like « classeur CBE-LM.xlsx ». */
  readonly who: string;
  readonly source: ChangeSource;
}

/** One accepted change of one field: who, when, where from, old → new. */
export interface AuditEntry {
  readonly at: string;
  readonly owner: WorkbookOwner;
  readonly recordId: string;
  /** A field key, or `@created`, `@archived`, `@restored` for changes of the record itself. */
  readonly field: string;
  readonly oldValue: FieldJson;
  readonly newValue: FieldJson;
  readonly who: string;
  readonly source: ChangeSource;
  readonly eventId: string | null;
}

/** A refused input kept with its raw value and reason, so nothing a person typed is lost. */
export interface QuarantineEntry {
  /** Stable key of this refusal (same cell, same raw value, same reason → same key): kept once. */
  readonly key: string;
  readonly at: string;
  readonly owner: WorkbookOwner;
  readonly tab: string;
  readonly row: number;
  readonly column: string;
  readonly recordId: string | null;
  readonly raw: string;
  readonly code: string;
  readonly message: string;
  readonly who: string;
  readonly source: ChangeSource;
  readonly eventId: string | null;
}

/**
 * A record to write, with the version it was read at (0 when it is new). The store keeps
 * `expectedVersion + 1` as the new version. Record IDs are unique across owners (they embed the
 * operator code) and a record never changes owner.
 */
export interface RecordPut {
  readonly record: StoredRecord;
  readonly expectedVersion: number;
}

/**
 * Sequence numbers of new record IDs, taken in the commit that writes the records using them:
 * `ids[i]` is made of `first + i`. The claim is refused (a conflict, nothing written) when the
 * owner's next number of that kind is no longer `first`, so a failed attempt spends no number.
 */
export interface SequenceClaim {
  readonly owner: WorkbookOwner;
  readonly kind: RecordKind;
  /** The next number as read before planning (`RecordStore.nextSequence`). */
  readonly first: number;
  /** The IDs of the new records, in the order of their numbers. */
  readonly ids: readonly string[];
}

/**
 * Everything one edit or one reconcile changes. A store applies it all together or not at all
 * when it fits one commit of the store; a larger one is applied in commits that each hold whole
 * records with their audit entries and the numbers of their IDs, so a change set cut short by a
 * crash leaves whole records that the next reconcile adopts (no duplicate, no lost row, no
 * spent number).
 */
export interface ChangeSet {
  readonly owner: WorkbookOwner;
  /** The edit event this applies; a second change set with the same id changes nothing. */
  readonly eventId: string | null;
  readonly at: string;
  readonly puts: readonly RecordPut[];
  readonly audit: readonly AuditEntry[];
  readonly quarantine: readonly QuarantineEntry[];
  /** The numbers of the new IDs this change set uses (none when it creates nothing). */
  readonly claims?: readonly SequenceClaim[];
}
