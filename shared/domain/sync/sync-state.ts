import type { FieldJson, Rejection, StoredRecord } from '../stored-record';
import type { QuarantineEntry } from '../change-set';
import type { CellWrite } from '../workbook-writes';
import type { SnapshotRow, TabSnapshot } from '../workbook-snapshot';
import { C2RA } from '../operator';
import type { RecordKind } from '../record-id';
import { RecordWorld, type WorldRecord } from '../record-world';
import type { CellValue } from '../values/cell-value';
import { formatParisDateTime } from '../values/paris-time';
import type { RecordTab } from '../workbook-model';
import { contentHash } from './content-hash';
import { ReadCoverage } from './edit-reads';
import { TEMP_ID_PREFIX, type RejectedCell, type SyncRequest } from './sync-model';
import type { TabColumns } from './tab-columns';

/** Where a record sits in the sheet: its tab, the tab's columns as read, and its row. */
export interface RowLocation {
  readonly recordTab: RecordTab;
  readonly columns: TabColumns;
  readonly row: SnapshotRow;
}

/** A record as this sync is changing it: the stored record (if any) plus what the rows say. */
export interface RecordDraft {
  id: string;
  readonly kind: RecordKind;
  readonly stored: StoredRecord | null;
  readonly data: Record<string, FieldJson>;
  readonly rejected: Record<string, Rejection>;
  readonly fieldTimes: Record<string, string>;
  archived: boolean;
  /** The fields whose value this sync changed. */
  readonly changed: Set<string>;
  /** The raw cell text of each changed field, quarantined if a cross-field rule refuses it. */
  readonly raws: Map<string, string>;
  location: RowLocation | null;
  event: 'created' | 'restored' | 'archived' | null;
  /** The ID of the record whose row this new row is a copy of. */
  copiedFrom: string | null;
  /** Any state change to store: data, refusals or archive flag. */
  dirty: boolean;
}

/** A row without ID but with content: adopted by a stored record that lost its row, or created. */
export interface AdoptionCandidate {
  readonly location: RowLocation;
  readonly kind: RecordKind;
}

/** What a quarantine entry says of the refused input; the sync adds who, when and where from. */
export type QuarantineFacts = Omit<
  QuarantineEntry,
  'key' | 'at' | 'owner' | 'who' | 'source' | 'eventId'
>;

/** The record rules see, for a draft. */
export function worldRecordOf(draft: RecordDraft): WorldRecord {
  return { id: draft.id, kind: draft.kind, data: draft.data, archived: draft.archived };
}

function storedWorldRecord(record: StoredRecord): WorldRecord {
  return { id: record.id, kind: record.kind, data: record.data, archived: record.archived };
}

/**
 * The state of one sync, shared by its phases: the drafts of the records it touches and what it
 * has to write (quarantine, cells, Journal lines, report). Each phase reads and adds to it.
 */
export class SyncState {
  readonly request: SyncRequest;
  readonly storedById: ReadonlyMap<string, StoredRecord>;
  /** Every record this sync touches, by ID (a temporary one for a new record). */
  readonly drafts = new Map<string, RecordDraft>();
  /** The new records, in row order: their allocated IDs follow this order. */
  readonly creations: RecordDraft[] = [];
  readonly quarantine: QuarantineEntry[] = [];
  readonly cells: CellWrite[] = [];
  /** This sync's Journal lines, oldest first. */
  readonly journal: CellValue[][] = [];
  readonly warnings: string[] = [];
  readonly rejectedCells: RejectedCell[] = [];
  /** The kinds whose tab was read: only their records can be archived or adopted. */
  readonly readKinds = new Set<RecordKind>();
  readonly columnsSeen: Record<string, string[]> = {};
  /** Per tab, the field columns just added (key → index): written, not read. */
  readonly freshColumns = new Map<string, ReadonlyMap<string, number>>();
  readonly adoptionCandidates: AdoptionCandidate[] = [];
  /** Each record tab read, with the columns read in it (by kind). */
  readonly tabsRead = new Map<RecordKind, { snapshot: TabSnapshot; columns: TabColumns }>();
  /** The records written back whole into an empty tab (a new or recreated workbook). */
  readonly rebuiltIds = new Set<string>();
  /** The records the mass-archive guard kept active, by kind. */
  readonly heldArchives = new Map<RecordKind, StoredRecord[]>();
  /** Per tab, the cells hidden under a merged cell (row number → 0-based columns): not read. */
  readonly coveredCells = new Map<string, Map<number, Set<number>>>();
  /** Kinds whose tab has rows this sync could not read (merged ID cells): nothing is archived. */
  readonly kindsNotArchived = new Set<RecordKind>();
  /** Cells (`tab!row!column index`) whose note a structure problem sets: no other phase touches it. */
  readonly structureNotes = new Set<string>();
  /** The note of each decision the award set (solicitation ID → note). */
  readonly awardNotes = new Map<string, string>();
  /** Field changes ignored because a newer edit of the same field is already stored. */
  staleChanges = 0;
  /** On partial reads (an edit), what the rules looked up beyond them; null on a full read. */
  readonly coverage: ReadCoverage | null;
  private readonly quarantineKeys: Set<string>;
  private readonly registerRecords: readonly WorldRecord[];
  private currentWorld: RecordWorld | null = null;
  private priorWorldCache: RecordWorld | null = null;
  private newRecordCount = 0;

  constructor(request: SyncRequest) {
    this.request = request;
    this.storedById = new Map(request.state.records.map((r) => [r.id, r]));
    this.quarantineKeys = new Set(request.state.quarantineKeys);
    this.registerRecords = request.owner === C2RA ? [] : request.register.map(storedWorldRecord);
    this.coverage = request.partial ? new ReadCoverage(request.partial) : null;
  }

  /** The stored record with this ID, if any; on partial reads an ID not read is reported missing. */
  stored(id: string): StoredRecord | undefined {
    const found = this.storedById.get(id);
    if (found === undefined && this.coverage && !this.coverage.knows(id)) this.coverage.missId(id);
    return found;
  }

  /** True when the cell (0-based column) sits under a merged cell of another row or column. */
  isCovered(tab: string, row: number, index: number): boolean {
    return this.coveredCells.get(tab)?.get(row)?.has(index) ?? false;
  }

  /** True when a structure problem owns the note of this cell (1-based column). */
  hasStructureNote(tab: string, row: number, columnIndex: number): boolean {
    return this.structureNotes.has(`${tab}!${row}!${columnIndex}`);
  }

  /** Adds a line to this sync's Journal lines (the raw value cut to 500 characters). */
  journalLine(
    type: string,
    tab: string,
    row: number | null,
    column: string,
    id: string | null,
    message: string,
    raw: string,
  ): void {
    this.journal.push([
      formatParisDateTime(this.request.at),
      type,
      tab,
      row,
      column,
      id ?? '',
      message,
      raw.slice(0, 500),
      this.request.actor.who,
    ]);
  }

  /** Quarantines a refused input once; true when it is new (so the Journal mentions it once too). */
  quarantineOnce(facts: QuarantineFacts, keyParts: readonly unknown[]): boolean {
    const { owner, at, actor, eventId } = this.request;
    const key = contentHash([owner, ...keyParts]);
    if (this.quarantineKeys.has(key)) return false;
    this.quarantineKeys.add(key);
    this.quarantine.push({
      key,
      at,
      owner,
      who: actor.who,
      source: actor.source,
      eventId,
      ...facts,
    });
    return true;
  }

  /** The draft of a stored record, made on first use. */
  draftOf(stored: StoredRecord): RecordDraft {
    const existing = this.drafts.get(stored.id);
    if (existing) return existing;
    const draft: RecordDraft = {
      id: stored.id,
      kind: stored.kind,
      stored,
      data: { ...stored.data },
      rejected: { ...stored.rejected },
      fieldTimes: { ...stored.fieldTimes },
      archived: stored.archived,
      changed: new Set(),
      raws: new Map(),
      location: null,
      event: null,
      copiedFrom: null,
      dirty: false,
    };
    this.drafts.set(stored.id, draft);
    return draft;
  }

  /** A draft for a new record, under a temporary ID until IDs are allocated. */
  newDraft(kind: RecordKind): RecordDraft {
    this.newRecordCount += 1;
    const draft: RecordDraft = {
      id: `${TEMP_ID_PREFIX}-${kind}-${this.newRecordCount}`,
      kind,
      stored: null,
      data: {},
      rejected: {},
      fieldTimes: {},
      archived: false,
      changed: new Set(),
      raws: new Map(),
      location: null,
      event: 'created',
      copiedFrom: null,
      dirty: true,
    };
    this.creations.push(draft);
    this.drafts.set(draft.id, draft);
    return draft;
  }

  /** Forgets a new record that turned out not to be one. */
  discardNewDraft(draft: RecordDraft): void {
    this.creations.splice(this.creations.indexOf(draft), 1);
    this.drafts.delete(draft.id);
  }

  /** The records as this sync leaves them so far (built on first use, then by {@link rebuildWorld}). */
  get world(): RecordWorld {
    this.currentWorld ??= this.buildWorld();
    return this.currentWorld;
  }

  /** Rebuilds {@link world} after drafts changed in a way the rules must see. */
  rebuildWorld(): RecordWorld {
    this.currentWorld = this.buildWorld();
    return this.currentWorld;
  }

  /** The records as stored before this sync, to tell a person's entry from a stale computed value. */
  priorWorld(): RecordWorld {
    this.priorWorldCache ??= new RecordWorld(
      this.request.state.records.map(storedWorldRecord),
      this.registerRecords,
      this.coverage,
    );
    return this.priorWorldCache;
  }

  private buildWorld(): RecordWorld {
    // Records no row touched are recomputed at each build, as the award may take some in.
    const untouched = this.request.state.records.filter((r) => !this.drafts.has(r.id));
    return new RecordWorld(
      [...untouched.map(storedWorldRecord), ...[...this.drafts.values()].map(worldRecordOf)],
      this.registerRecords,
      this.coverage,
    );
  }
}
