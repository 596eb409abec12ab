import type { Actor, AuditEntry, ChangeSet, QuarantineEntry } from '../change-set';
import type { FieldJson, OwnerState, RecordData, StoredRecord } from '../stored-record';
import type { CellWrite, TabReplacement } from '../workbook-writes';
import type { WorkbookSnapshot } from '../workbook-snapshot';
import type { WorkbookOwner } from '../operator';
import type { ProposalDecision } from '../register-proposal-decision';
import type { OperatorParameters } from '../operator-parameters';
import type { RecordKind } from '../record-id';
import type { IsoDate } from '../values/french-date';
import { RECORD_TABS } from '../workbook-model';
import type { PartialReads, ReadNeeds } from './edit-reads';

/** The tab that keeps the last syncs and refusals, newest first. */
export const JOURNAL_TAB = 'Journal';
/** How many lines the Journal tab keeps. */
export const JOURNAL_MAX_LINES = 1000;

/** A single edit event: the tab, the columns the person changed, and where the other IDs of the tab sit. */
export interface EditScope {
  readonly tab: string;
  /** 0-based indexes of the edited columns in the tab's header. */
  readonly columns: readonly number[];
  /**
   * Rows outside the edit holding an ID, so a pasted copy of a row is recognised: every ID of the
   * tab (older Apps Script), or only the rows holding the edited rows' IDs ({@link idsOfWholeTab} false).
   */
  readonly otherRowIds: readonly { readonly row: number; readonly id: string }[];
  /**
   * False when {@link otherRowIds} lists only the rows holding the edited rows' IDs: a sibling
   * row is then addressed by its record ID (`CellWrite.recordId`). True when absent.
   */
  readonly idsOfWholeTab?: boolean;
}

/** Everything the sync needs, all plain data. */
export interface SyncRequest {
  readonly owner: WorkbookOwner;
  /** The whole workbook (reconcile) or the edited tab with the edited rows only (edit). */
  readonly snapshot: WorkbookSnapshot;
  readonly state: OwnerState;
  /** The regional register (ignored for the C2RA, whose own records are the register). */
  readonly register: readonly StoredRecord[];
  /** The instant of the change: the edit's timestamp, or now for a reconcile. */
  readonly at: string;
  readonly today: IsoDate;
  readonly actor: Actor;
  readonly eventId: string | null;
  /** Null for a full reconcile of the workbook. */
  readonly edit: EditScope | null;
  /** The operator's scoring weights and alert delays (defaults when absent). */
  readonly parameters?: OperatorParameters;
  /**
   * The field columns each record tab had at the last reconcile (tab → field keys), to recognise
   * a column added since; null or absent when unknown.
   */
  readonly knownColumns?: KnownColumns | null;
  /**
   * True when a person confirmed an archiving the mass-archive guard held (`dla sync
   * --confirmer-archivage`, or « Oui » in « Confirmer l'archivage » of the « Paramètres » tab).
   */
  readonly confirmArchive?: boolean;
  /**
   * Set when `state` and `register` hold only the records an edit read (not the owner's whole
   * store): the plan then reports in {@link SyncPlan.needs} any lookup beyond them.
   */
  readonly partial?: PartialReads | null;
  /**
   * The C2RA's decisions on this operator's proposals to the register (by proposal ID), read by a
   * reconcile for their outcome columns; absent for an edit and for the C2RA.
   */
  readonly proposalDecisions?: ReadonlyMap<string, ProposalDecision> | null;
}

/** The field columns of each record tab, as a reconcile saw them: tab name → field keys. */
export type KnownColumns = Readonly<Record<string, readonly string[]>>;

/** A refused cell, as `dla sync --json` reports it. */
export interface RejectedCell {
  readonly tab: string;
  readonly row: number;
  readonly column: string;
  readonly id: string | null;
  readonly code: string;
  readonly message: string;
}

/** What a sync did, in figures a person and a script can read. */
export interface SyncReport {
  readonly operator: WorkbookOwner;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly archived: number;
  readonly restored: number;
  /** Field changes ignored because a newer edit of the same field is already stored. */
  readonly stale: number;
  readonly rejected: readonly RejectedCell[];
  /** Problems with the sheet itself (missing or unknown columns, missing tabs), in French. */
  readonly warnings: readonly string[];
}

/** A sync ready to apply, waiting only for the IDs of its new records. */
export interface SyncPlan {
  readonly request: SyncRequest;
  readonly idsNeeded: Readonly<Record<RecordKind, number>>;
  readonly puts: readonly PlannedRecord[];
  readonly audit: readonly AuditEntry[];
  readonly quarantine: readonly QuarantineEntry[];
  readonly cells: readonly CellWrite[];
  readonly tabs: readonly TabReplacement[];
  readonly report: SyncReport;
  /** The field columns of each record tab this reconcile read (empty for an edit). */
  readonly columnsSeen: KnownColumns;
  /** On partial reads, what the rules looked up beyond them (re-plan after reading it); else null. */
  readonly needs: ReadNeeds | null;
}

/** A record to write; a new one carries a temporary ID until IDs are allocated. */
export interface PlannedRecord {
  readonly record: StoredRecord;
  readonly expectedVersion: number;
}

/** The final outcome of a sync: the change set for the store and the write-back for the sheet. */
export interface SyncOutcome {
  readonly changeSet: ChangeSet;
  readonly cells: readonly CellWrite[];
  readonly tabs: readonly TabReplacement[];
  readonly report: SyncReport;
  readonly columnsSeen: KnownColumns;
}

/** The ID prefix of a record planned but not yet given its allocated ID. */
export const TEMP_ID_PREFIX = '~new';

/** Every field of the kind present in stored data, null where empty, so equal content hashes equal. */
export function completeData(kind: RecordKind, data: RecordData): RecordData {
  const complete: Record<string, FieldJson> = {};
  for (const key of Object.keys(RECORD_TABS[kind].fields)) complete[key] = data[key] ?? null;
  return complete;
}
