import type { StoredRecord } from '../stored-record';
import type { TabSnapshot } from '../workbook-snapshot';
import { parseCell } from '../field-spec';
import type { WorkbookOwner } from '../operator';
import { C2RA } from '../operator';
import { formatRecordId, parseRecordId, type RecordKind } from '../record-id';
import { asSolicitation } from '../entity-view';
import type { WorldCoverage } from '../record-world';
import { isBlank } from '../values/cell-value';
import { RECORD_TABS, type RecordTab } from '../workbook-model';
import { cellAt } from './sheet-cells';
import { mapTabColumns } from './tab-columns';

/**
 * What an edit must read from the store before (or, once planned, beyond) what it has: records
 * by ID, the records referencing an ID (a mission's solicitations), the records a new row may
 * adopt, or — when a rule needs the whole owner — everything.
 */
export interface ReadNeeds {
  /** Record IDs to read (the owner's records, or providers of the register). */
  readonly ids: readonly string[];
  /** IDs whose referencing records are to be read. */
  readonly referencesTo: readonly string[];
  /**
   * Missions among {@link referencesTo} whose retained provider the rules will look up (the
   * mission's rules check its completeness): read together with the mission's solicitations, an
   * edit of a mission is planned once rather than twice.
   */
  readonly retainedProviderOf: readonly string[];
  /** The records of this kind a new row without ID may adopt (see {@link PartialReads.adoptable}). */
  readonly adoptableKind: RecordKind | null;
  /** A rule needed every record of the owner or the whole register. */
  readonly everything: boolean;
}

/** Nothing to read. */
export const NO_NEEDS: ReadNeeds = {
  ids: [],
  referencesTo: [],
  retainedProviderOf: [],
  adoptableKind: null,
  everything: false,
};

/** True when the needs ask for nothing. */
export function needsNothing(needs: ReadNeeds): boolean {
  return (
    needs.ids.length === 0 &&
    needs.referencesTo.length === 0 &&
    needs.retainedProviderOf.length === 0 &&
    needs.adoptableKind === null &&
    !needs.everything
  );
}

/**
 * What an edit planned on part of the store was given (the records themselves travel in
 * `SyncRequest.state` and `register`): the lookups it can answer, and the records a new row
 * may adopt.
 */
export interface PartialReads {
  /** IDs read from the store, found or not. */
  readonly known: ReadonlySet<string>;
  /** IDs whose referencing records were all read. */
  readonly referencesKnown: ReadonlySet<string>;
  /**
   * The records a row without ID may adopt: those created since the last reconcile (a record
   * older than that was on a row the reconcile saw, or is archived); null when not read.
   */
  readonly adoptable: readonly StoredRecord[] | null;
}

/** The owner whose records hold an ID: the C2RA for providers, else the operator it names. */
export function ownerOfRecordId(id: string): WorkbookOwner | null {
  const parsed = parseRecordId(id);
  if (!parsed.ok) return null;
  return parsed.value.operator ?? C2RA;
}

/**
 * What an edit reads first, as a pure function of its event: the records named by the edited
 * rows' IDs and reference cells, the solicitations of the missions it names (scoring, award,
 * the mission's own rules), and the adoptable records when a row has no ID. The planner asks for
 * the rest (e.g. a mission's retained provider) through its {@link ReadNeeds}.
 */
export function editReadNeeds(owner: WorkbookOwner, tab: TabSnapshot): ReadNeeds {
  const recordTab = Object.values(RECORD_TABS).find((t) => t.tab === tab.name);
  if (!recordTab) return NO_NEEDS;
  const columns = mapTabColumns(recordTab, tab);
  if (columns.idIndex === null) return NO_NEEDS;
  const ids = new Set<string>();
  const referencesTo = new Set<string>();
  let adoption = false;
  for (const row of tab.rows) {
    const idRaw = cellAt(row, columns.idIndex).value;
    const id = isBlank(idRaw) ? null : ownIdOf(owner, recordTab.kind, idRaw);
    if (id !== null) ids.add(id);
    if (id !== null && recordTab.kind === 'mission') referencesTo.add(id);
    let hasContent = false;
    for (const [key, index] of columns.fieldIndexes) {
      const raw = cellAt(row, index).value;
      if (!isBlank(raw)) hasContent = true;
      const target = referenceOf(recordTab, key, raw);
      if (target === null) continue;
      ids.add(target);
      if (key === 'missionId') referencesTo.add(target);
    }
    if (isBlank(idRaw) && hasContent) adoption = true;
  }
  return {
    ids: [...ids],
    referencesTo: [...referencesTo],
    retainedProviderOf: recordTab.kind === 'mission' ? [...referencesTo] : [],
    adoptableKind: adoption ? recordTab.kind : null,
    everything: false,
  };
}

/** The providers retained among solicitations (see {@link ReadNeeds.retainedProviderOf}). */
export function retainedProvidersIn(records: readonly StoredRecord[]): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    if (record.kind !== 'solicitation' || record.archived) continue;
    const solicitation = asSolicitation(record.data);
    if (solicitation.decision === 'Retenu' && solicitation.providerId)
      ids.add(solicitation.providerId);
  }
  return [...ids];
}

/** The ID a row's ID cell names, when it can be one of this owner's records of this kind. */
function ownIdOf(owner: WorkbookOwner, kind: RecordKind, raw: unknown): string | null {
  const parsed = parseRecordId(raw);
  if (!parsed.ok || parsed.value.kind !== kind) return null;
  if (parsed.value.operator !== null && parsed.value.operator !== owner) return null;
  return formatRecordId(parsed.value);
}

/** The ID a reference cell names, when valid. */
function referenceOf(recordTab: RecordTab, key: string, raw: unknown): string | null {
  const spec = recordTab.fields[key];
  if (!spec || spec.format !== 'reference' || isBlank(raw)) return null;
  const parsed = parseCell(spec, raw);
  return parsed.ok && typeof parsed.value === 'string' ? parsed.value : null;
}

/**
 * The coverage of a world built on partial reads: answers from {@link PartialReads} and
 * collects what the rules looked up beyond them.
 */
export class ReadCoverage implements WorldCoverage {
  private readonly ids = new Set<string>();
  private readonly references = new Set<string>();
  private adoptable: RecordKind | null = null;
  private everything = false;

  constructor(private readonly reads: PartialReads) {}

  knows(id: string): boolean {
    return this.reads.known.has(id);
  }

  knowsReferencesTo(id: string): boolean {
    return this.reads.referencesKnown.has(id);
  }

  missId(id: string): void {
    if (parseRecordId(id).ok) this.ids.add(id);
  }

  missReferencesTo(id: string): void {
    this.references.add(id);
  }

  missEverything(): void {
    this.everything = true;
  }

  /** A row without ID looked for the records it may adopt, which were not read. */
  missAdoptable(kind: RecordKind): void {
    this.adoptable = kind;
  }

  /** What was missed, as plain data. */
  needs(): ReadNeeds {
    return {
      ids: [...this.ids],
      referencesTo: [...this.references],
      retainedProviderOf: [],
      adoptableKind: this.adoptable,
      everything: this.everything,
    };
  }
}
