import type { FieldJson, StoredRecord } from '../stored-record';
import { parseCell } from '../field-spec';
import type { RecordKind } from '../record-id';
import { RECORD_TABS } from '../workbook-model';
import { restoreIfArchived } from './archive-restore.phase';
import { contentHash, sameJson } from './content-hash';
import { refuseRow } from './refusals';
import { cellAt, rawText } from './sheet-cells';
import { completeData } from './sync-model';
import type { AdoptionCandidate, RecordDraft, RowLocation, SyncState } from './sync-state';
import { applyRowCells } from './validate-cells.phase';

/**
 * A new record for a row without a record of its own (a new row, or a copy of the record
 * `copiedFrom`), unless it lacks a required value.
 */
export function addNewRow(
  state: SyncState,
  kind: RecordKind,
  location: RowLocation,
  copiedFrom: string | null = null,
): void {
  const draft = state.newDraft(kind);
  draft.location = location;
  draft.copiedFrom = copiedFrom;
  applyRowCells(state, draft, location, null);
  dropIfIncomplete(state, draft, location);
}

/**
 * A new row lacking a required value (empty, or refused) is not a record yet: nothing is
 * stored, the person sees why on the cell. An invalid value was already kept by its field
 * refusal; an empty cell is just unfinished work, so the row itself is not quarantined.
 * True when the row was dropped.
 */
export function dropIfIncomplete(
  state: SyncState,
  draft: RecordDraft,
  location: RowLocation,
): boolean {
  const missingRequired = Object.entries(location.recordTab.fields).find(
    ([key, spec]) => spec.required && (draft.data[key] === undefined || draft.data[key] === null),
  );
  if (!missingRequired) return false;
  const [key, spec] = missingRequired;
  const index = location.columns.fieldIndexes.get(key);
  const column = index === undefined ? null : { index, label: spec.label };
  const rejection = draft.rejected[key];
  state.discardNewDraft(draft);
  refuseRow(
    state,
    location,
    rejection?.code ?? 'REQUIRED',
    `Ligne non enregistrée : ${rejection?.message ?? `la colonne « ${spec.label} » est obligatoire.`}`,
    column,
    false,
  );
  return true;
}

/** The stored records of the tabs read that no row holds, where a row without ID may find them. */
export interface UnheldRecords {
  /** Reconcile: records without refusals, by kind and content hash. */
  readonly byHash: Map<string, StoredRecord[]>;
  /** Reconcile: records keeping a refused value, matched cell by cell. */
  readonly withRefusals: StoredRecord[];
  /** Edit: active records of the tab that none of its other rows holds, newest first. */
  readonly inEdit: StoredRecord[];
}

/**
 * The records a row without ID may be: in a reconcile, those no row holds; in an edit, those
 * that none of the tab's other rows (known by their IDs only) holds.
 */
export function unheldRecords(state: SyncState): UnheldRecords {
  const { edit } = state.request;
  const records = state.request.state.records;
  const held = new Set(
    [...state.drafts.values()].filter((d) => d.location && d.stored).map((d) => d.id),
  );
  const unheld: UnheldRecords = { byHash: new Map(), withRefusals: [], inEdit: [] };
  if (!edit) {
    for (const r of records) {
      if (held.has(r.id) || !state.readKinds.has(r.kind)) continue;
      if (Object.keys(r.rejected).length > 0) {
        unheld.withRefusals.push(r);
        continue;
      }
      const hash = `${r.kind}:${contentHash(completeData(r.kind, r.data))}`;
      const same = unheld.byHash.get(hash);
      if (same) same.push(r);
      else unheld.byHash.set(hash, [r]);
    }
    return unheld;
  }
  const partial = state.request.partial;
  const candidate = state.adoptionCandidates[0];
  if (candidate === undefined) return unheld;
  if (partial && partial.adoptable === null) {
    state.coverage?.missAdoptable(candidate.kind);
    return unheld;
  }
  const heldElsewhere = new Set(edit.otherRowIds.map((o) => o.id.trim().toUpperCase()));
  for (const r of partial?.adoptable ?? records)
    if (!r.archived && state.readKinds.has(r.kind) && !held.has(r.id) && !heldElsewhere.has(r.id))
      unheld.inEdit.push(r);
  // Newest first: the record whose answer was lost is the last one created.
  unheld.inEdit.sort((a, b) =>
    a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : -1,
  );
  return unheld;
}

/** A row's field cells as read: the raw text, and the value when valid. */
interface ReadRow {
  readonly clean: boolean;
  readonly values: Record<string, FieldJson>;
  readonly cells: ReadonlyMap<string, { raw: string; value: FieldJson | undefined }>;
}

function readRow({ location }: AdoptionCandidate): ReadRow {
  const values: Record<string, FieldJson> = {};
  const cells = new Map<string, { raw: string; value: FieldJson | undefined }>();
  let clean = true;
  for (const [key, col] of location.columns.fieldIndexes) {
    const spec = location.recordTab.fields[key];
    if (!spec) continue;
    const raw = cellAt(location.row, col).value;
    const parsed = parseCell(spec, raw);
    if (!parsed.ok) clean = false;
    else values[key] = parsed.value as FieldJson;
    cells.set(key, {
      raw: rawText(raw),
      value: parsed.ok ? (parsed.value as FieldJson) : undefined,
    });
  }
  return { clean, values, cells };
}

/**
 * The row repeats the record: each cell equals the stored value or shows the raw value the
 * record keeps as refused. The edited columns, if any, may differ, except a required one.
 */
function rowRepeats(
  { location, kind }: AdoptionCandidate,
  read: ReadRow,
  record: StoredRecord,
  edited: ReadonlySet<number> | null,
): boolean {
  return (
    record.kind === kind &&
    Object.entries(RECORD_TABS[kind].fields).every(([key, spec]) => {
      const column = location.columns.fieldIndexes.get(key);
      // An edited column may differ, unless required: then only an equal value is the record's
      // (the edit that made the row, racing the reconcile that created its record).
      if (edited !== null && column !== undefined && edited.has(column) && !spec.required)
        return true;
      const cell = read.cells.get(key);
      if (cell !== undefined && record.rejected[key]?.raw === cell.raw) return true;
      const stored = record.data[key] ?? null;
      return cell === undefined
        ? stored === null && !record.rejected[key]
        : cell.value !== undefined && sameJson(cell.value, stored);
    })
  );
}

/** Takes the first record of `records` the row repeats out of the list. */
function takeRepeated(
  records: StoredRecord[],
  candidate: AdoptionCandidate,
  read: ReadRow,
  edited: ReadonlySet<number> | null,
): StoredRecord | undefined {
  const index = records.findIndex((r) => rowRepeats(candidate, read, r, edited));
  return index >= 0 ? records.splice(index, 1)[0] : undefined;
}

/**
 * New rows: a row identical to a stored record that no row holds any more is that record (its
 * ID was lost, e.g. a crash before the write-back): adopt it rather than duplicate it.
 * Identical: each valid cell equals the stored value and each refused cell shows the raw value
 * the record keeps as refused. Several identical records are adopted one row each. In an edit,
 * a record of the tab that the row repeats on every column but the edited ones (its required
 * columns included) is the record whose ID never reached this row: the answer to an earlier
 * edit of the row was lost. Every other row becomes a new record.
 */
export function adoptOrCreateRows(state: SyncState): void {
  const { edit } = state.request;
  const unheld = unheldRecords(state);
  for (const candidate of state.adoptionCandidates) {
    const { location, kind } = candidate;
    const read = readRow(candidate);
    let match = read.clean
      ? unheld.byHash.get(`${kind}:${contentHash(completeData(kind, read.values))}`)?.shift()
      : undefined;
    if (!match && unheld.withRefusals.length > 0)
      match = takeRepeated(unheld.withRefusals, candidate, read, null);
    if (!match && edit && unheld.inEdit.length > 0) {
      const edited = new Set(edit.columns);
      const found = takeRepeated(unheld.inEdit, candidate, read, edited);
      if (found) {
        const draft = state.draftOf(found);
        draft.location = location;
        applyRowCells(state, draft, location, edited);
        continue;
      }
    }
    if (match) {
      const draft = state.draftOf(match);
      draft.location = location;
      restoreIfArchived(draft);
      continue;
    }
    addNewRow(state, kind, location);
  }
}
