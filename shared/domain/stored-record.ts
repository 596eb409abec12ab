import type { WorkbookOwner } from './operator';
import type { RecordKind } from './record-id';

/** A stored field value: what a parser produced, as plain JSON. */
export type FieldJson = string | number | boolean | readonly string[] | null;

/** The fields of a record, by key (e.g. `siret`, `replyDeadline`). */
export type RecordData = Readonly<Record<string, FieldJson>>;

/** A refused cell the sheet still shows in red with its French note, until someone fixes it. */
export interface Rejection {
  readonly raw: string;
  readonly code: string;
  readonly message: string;
}

/** One record as the store keeps it: never deleted, only archived. */
export interface StoredRecord {
  readonly id: string;
  readonly kind: RecordKind;
  readonly owner: WorkbookOwner;
  readonly data: RecordData;
  /** When each field last took a new value (ISO instant of the edit), so an older event never wins. */
  readonly fieldTimes: Readonly<Record<string, string>>;
  /** Fields whose last typed value was refused, with that raw value and the reason. */
  readonly rejected: Readonly<Record<string, Rejection>>;
  readonly archived: boolean;
  /** Incremented at every write; a change set states the version it read (0 for a new record). */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the sync engine needs to know about one workbook owner before planning. */
export interface OwnerState {
  readonly records: readonly StoredRecord[];
  /** Keys of quarantine entries already kept for this owner. */
  readonly quarantineKeys: ReadonlySet<string>;
}
