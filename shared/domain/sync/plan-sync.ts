import type {
  AuditEntry,
  FieldJson,
  QuarantineEntry,
  Rejection,
  StoredRecord,
} from '../../ports/record-store';
import type {
  CellWrite,
  SnapshotRow,
  TabReplacement,
  TabSnapshot,
} from '../../ports/spreadsheet-gateway';
import { pendingDecisions } from '../award-notification';
import { deriveCells, violationsOf } from '../derived-columns';
import { sheetValueOf } from '../sheet-value';
import { parseCell } from '../field-spec';
import { C2RA } from '../operator';
import { DEFAULT_PARAMETERS } from '../operator-parameters';
import { formatRecordId, parseRecordId, RECORD_KINDS, type RecordKind } from '../record-id';
import { RecordWorld, type WorldRecord } from '../record-world';
import { isBlank, type CellValue } from '../values/cell-value';
import { formatParisDateTime } from '../values/paris-time';
import {
  CONTROLS_COLUMN,
  ID_COLUMN,
  kindsOwnedBy,
  RECORD_TABS,
  type RecordTab,
} from '../workbook-model';
import { contentHash, sameJson } from './content-hash';
import { mapTabColumns, type TabColumns } from './tab-columns';

import { cellAt, isSystemNote, rawText, sameCellValue } from './sheet-cells';
import {
  completeData,
  ERROR_MARK,
  INFO_MARK,
  JOURNAL_MAX_LINES,
  JOURNAL_TAB,
  TEMP_ID_PREFIX,
  type PlannedRecord,
  type RejectedCell,
  type SyncPlan,
  type SyncRequest,
} from './sync-model';

export {
  completeData,
  ERROR_MARK,
  INFO_MARK,
  JOURNAL_MAX_LINES,
  JOURNAL_TAB,
  RAW_MAX_LENGTH,
  type EditScope,
  type KnownColumns,
  type PlannedRecord,
  type RejectedCell,
  type SyncOutcome,
  type SyncPlan,
  type SyncReport,
  type SyncRequest,
} from './sync-model';
export { rawText } from './sheet-cells';
export { finalizeSync } from './finalize-sync';

interface Location {
  readonly recordTab: RecordTab;
  readonly columns: TabColumns;
  readonly row: SnapshotRow;
}

interface Working {
  id: string;
  readonly kind: RecordKind;
  readonly stored: StoredRecord | null;
  readonly data: Record<string, FieldJson>;
  readonly rejected: Record<string, Rejection>;
  readonly fieldTimes: Record<string, string>;
  archived: boolean;
  readonly changed: Set<string>;
  readonly raws: Map<string, string>;
  location: Location | null;
  event: 'created' | 'restored' | 'archived' | null;
  copiedFrom: string | null;
  /** Any state change to store: data, refusals or archive flag. */
  dirty: boolean;
}

function toWorld(w: Working): WorldRecord {
  return { id: w.id, kind: w.kind, data: w.data, archived: w.archived };
}

/**
 * Plans one sync of a workbook (or of one edit) against the store, as the guide and the
 * « nothing ever lost » rule require: row identity by the ID column, field-level validation
 * with refusals kept in the quarantine, cross-field rules refusing the field that broke them,
 * copies detected, removed rows archived, computed columns written back. Pure: no I/O.
 */
export function planSync(request: SyncRequest): SyncPlan {
  const { owner, state, at, actor, eventId, edit } = request;
  const storedById = new Map(state.records.map((r) => [r.id, r]));
  const workings = new Map<string, Working>();
  const creations: Working[] = [];
  const quarantine: QuarantineEntry[] = [];
  const quarantineKeys = new Set(state.quarantineKeys);
  const cells: CellWrite[] = [];
  const journal: CellValue[][] = [];
  const warnings: string[] = [];
  const rejectedCells: RejectedCell[] = [];
  const ownedKinds = new Set(kindsOwnedBy(owner));
  const seenTabs = new Set<RecordKind>();
  const columnsSeen: Record<string, string[]> = {};
  const freshColumns = new Map<string, ReadonlyMap<string, number>>();
  let tempCounter = 0;
  let stale = 0;

  const journalLine = (
    type: string,
    tab: string,
    row: number | null,
    column: string,
    id: string | null,
    message: string,
    raw: string,
  ) =>
    journal.push([
      formatParisDateTime(at),
      type,
      tab,
      row,
      column,
      id ?? '',
      message,
      raw.slice(0, 500),
      actor.who,
    ]);

  /** Keeps a refused input once; true when it is new (so the Journal mentions it once too). */
  const keep = (
    entry: Omit<QuarantineEntry, 'key' | 'at' | 'owner' | 'who' | 'source' | 'eventId'>,
    keyParts: unknown[],
  ): boolean => {
    const key = contentHash([owner, ...keyParts]);
    if (quarantineKeys.has(key)) return false;
    quarantineKeys.add(key);
    quarantine.push({ key, at, owner, who: actor.who, source: actor.source, eventId, ...entry });
    return true;
  };

  const workingFor = (stored: StoredRecord): Working => {
    const existing = workings.get(stored.id);
    if (existing) return existing;
    const w: Working = {
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
    workings.set(stored.id, w);
    return w;
  };

  const newWorking = (kind: RecordKind): Working => {
    tempCounter += 1;
    const w: Working = {
      id: `${TEMP_ID_PREFIX}-${kind}-${tempCounter}`,
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
    creations.push(w);
    workings.set(w.id, w);
    return w;
  };

  /** Applies the row's cells to the record, field by field; returns false if nothing was readable. */
  const applyRow = (w: Working, loc: Location, onlyColumns: ReadonlySet<number> | null) => {
    for (const [key, index] of loc.columns.fieldIndexes) {
      if (onlyColumns && !onlyColumns.has(index)) continue;
      const spec = loc.recordTab.fields[key];
      if (!spec) continue;
      const raw = cellAt(loc.row, index).value;
      const parsed = parseCell(spec, raw);
      if (parsed.ok) {
        if (w.rejected[key]) {
          delete w.rejected[key];
          w.dirty = true;
        }
        const value = parsed.value as FieldJson;
        const old = w.data[key] ?? null;
        if (sameJson(value, old)) continue;
        const lastTime = w.fieldTimes[key];
        if (lastTime !== undefined && lastTime > at) {
          stale += 1;
          continue;
        }
        w.data[key] = value;
        w.fieldTimes[key] = at;
        w.changed.add(key);
        w.raws.set(key, rawText(raw));
        w.dirty = true;
      } else if (!(w.stored === null && parsed.error.code === 'REQUIRED')) {
        // An empty required cell of a new row is unfinished work, not a refusal.
        refuseField(w, key, rawText(raw), parsed.error.code, parsed.error.message);
      }
    }
  };

  const refuseField = (w: Working, key: string, raw: string, code: string, message: string) => {
    const previous = w.rejected[key];
    if (!previous || previous.raw !== raw || previous.code !== code) {
      w.rejected[key] = { raw, code, message };
      w.dirty = true;
      const label = RECORD_TABS[w.kind].fields[key]?.label ?? key;
      const recordId = w.stored ? w.id : null;
      const isNew = keep(
        {
          tab: RECORD_TABS[w.kind].tab,
          row: w.location?.row.rowNumber ?? 0,
          column: label,
          recordId,
          raw,
          code,
          message,
        },
        [w.stored ? w.id : `row:${w.location?.row.rowNumber ?? 0}`, key, raw, code],
      );
      if (isNew)
        journalLine(
          'Refus',
          RECORD_TABS[w.kind].tab,
          w.location?.row.rowNumber ?? null,
          label,
          recordId,
          message,
          raw,
        );
    }
  };

  /**
   * Refuses a whole row: nothing is stored for it, the person sees why. The row's raw values go
   * to the quarantine, except for a row merely not finished yet (a required cell still empty).
   */
  const refuseRow = (
    loc: Location,
    code: string,
    message: string,
    noteColumn: { index: number; label: string } | null,
    quarantineRow = true,
  ) => {
    const rowValues = loc.row.cells.map((c) => rawText(c.value));
    const idText = rawText(cellAt(loc.row, loc.columns.idIndex).value);
    const label = noteColumn?.label ?? ID_COLUMN;
    rejectedCells.push({
      tab: loc.recordTab.tab,
      row: loc.row.rowNumber,
      column: label,
      id: idText || null,
      code,
      message,
    });
    if (quarantineRow) {
      const isNew = keep(
        {
          tab: loc.recordTab.tab,
          row: loc.row.rowNumber,
          column: label,
          recordId: null,
          raw: JSON.stringify(rowValues),
          code,
          message,
        },
        [loc.recordTab.tab, contentHash(rowValues), code],
      );
      if (isNew)
        journalLine(
          'Refus',
          loc.recordTab.tab,
          loc.row.rowNumber,
          label,
          idText || null,
          message,
          idText,
        );
    }
    const column =
      noteColumn ??
      (loc.columns.idIndex === null ? null : { index: loc.columns.idIndex, label: ID_COLUMN });
    if (column !== null) {
      const current = cellAt(loc.row, column.index).note;
      const note = `${ERROR_MARK}${message}`;
      if (current !== note) {
        cells.push({
          tab: loc.recordTab.tab,
          row: loc.row.rowNumber,
          column: column.label,
          columnIndex: column.index + 1,
          note,
          style: 'error',
        });
      }
    }
    const controls = loc.columns.computedIndexes.get(CONTROLS_COLUMN.key);
    if (controls !== undefined && !sameCellValue(cellAt(loc.row, controls).value, message)) {
      cells.push({
        tab: loc.recordTab.tab,
        row: loc.row.rowNumber,
        column: CONTROLS_COLUMN.label,
        columnIndex: controls + 1,
        value: message,
        style: 'computed',
      });
    }
  };

  // 1. Rows → records, tab by tab.
  const adoptionCandidates: { loc: Location; kind: RecordKind }[] = [];
  for (const tabSnapshot of request.snapshot.tabs) {
    const recordTab = Object.values(RECORD_TABS).find((t) => t.tab === tabSnapshot.name);
    if (!recordTab) continue;
    if (!ownedKinds.has(recordTab.kind)) continue;
    if (edit && edit.tab !== tabSnapshot.name) continue;
    const columns = mapTabColumns(recordTab, tabSnapshot);
    if (columns.idIndex === null) {
      warnings.push(
        `Onglet « ${recordTab.tab} » : colonne « ${ID_COLUMN} » introuvable, onglet ignoré (rien n'est archivé).`,
      );
      continue;
    }
    if (columns.missingFields.length > 0) {
      warnings.push(
        `Onglet « ${recordTab.tab} » : colonnes absentes ${columns.missingFields.map((l) => `« ${l} »`).join(', ')} (valeurs enregistrées conservées).`,
      );
    }
    if (columns.unknownHeaders.length > 0) {
      warnings.push(
        `Onglet « ${recordTab.tab} » : colonnes inconnues ignorées ${columns.unknownHeaders.map((l) => `« ${l} »`).join(', ')}.`,
      );
    }
    seenTabs.add(recordTab.kind);
    if (!edit) columnsSeen[recordTab.tab] = [...columns.fieldIndexes.keys()];
    processTab(recordTab, tabSnapshot, withoutFreshColumns(recordTab, tabSnapshot, columns));
  }

  /**
   * A field column the tab did not have at the last reconcile, and whose cells are all empty,
   * was just added (by a new version of the layout, or put back after a person deleted it): its
   * empty cells are not the person's, so it is not read this time and the stored values are
   * written into it instead.
   */
  function withoutFreshColumns(
    recordTab: RecordTab,
    tabSnapshot: TabSnapshot,
    columns: TabColumns,
  ): TabColumns {
    const known = request.knownColumns?.[recordTab.tab];
    if (edit || known === undefined) return columns;
    const fresh = new Map<string, number>();
    for (const [key, index] of columns.fieldIndexes) {
      if (known.includes(key)) continue;
      if (tabSnapshot.rows.every((row) => isBlank(cellAt(row, index).value))) fresh.set(key, index);
    }
    if (fresh.size === 0) return columns;
    freshColumns.set(recordTab.tab, fresh);
    return {
      ...columns,
      fieldIndexes: new Map([...columns.fieldIndexes].filter(([key]) => !fresh.has(key))),
    };
  }

  function processTab(recordTab: RecordTab, tabSnapshot: TabSnapshot, columns: TabColumns): void {
    const editedColumns = edit ? new Set(edit.columns) : null;
    const rowsById = new Map<string, Location[]>();
    for (const row of tabSnapshot.rows) {
      const loc: Location = { recordTab, columns, row };
      const idRaw = cellAt(row, columns.idIndex).value;
      const hasContent = [...columns.fieldIndexes.values()].some(
        (i) => !isBlank(cellAt(row, i).value),
      );
      if (isBlank(idRaw)) {
        if (hasContent) adoptionCandidates.push({ loc, kind: recordTab.kind });
        continue;
      }
      const parsed = parseRecordId(idRaw);
      if (!parsed.ok) {
        refuseRow(
          loc,
          'ID_INVALID',
          `${parsed.error.message} Laissez la colonne ID vide pour créer une ligne.`,
          null,
        );
        continue;
      }
      const id = formatRecordId(parsed.value);
      if (parsed.value.kind !== recordTab.kind) {
        refuseRow(
          loc,
          'ID_WRONG_KIND',
          `L'identifiant ${id} n'appartient pas à l'onglet « ${recordTab.tab} » : rien n'a été enregistré pour cette ligne.`,
          null,
        );
        continue;
      }
      if (parsed.value.operator !== null && parsed.value.operator !== owner) {
        refuseRow(
          loc,
          'ID_OTHER_OPERATOR',
          `L'identifiant ${id} appartient à un autre opérateur : rien n'a été enregistré pour cette ligne.`,
          null,
        );
        continue;
      }
      const stored = storedById.get(id);
      if (!stored || stored.kind !== recordTab.kind) {
        refuseRow(
          loc,
          'ID_UNKNOWN',
          `Identifiant ${id} inconnu : ne saisissez pas d'identifiant, laissez la colonne ID vide pour créer une ligne.`,
          null,
        );
        continue;
      }
      const list = rowsById.get(id) ?? [];
      list.push(loc);
      rowsById.set(id, list);
    }

    for (const [id, locs] of rowsById) {
      const stored = storedById.get(id);
      if (!stored) continue;
      let keeperIndex: number;
      if (edit) {
        const elsewhere = edit.otherRowIds.some(
          (o) => o.id.trim().toUpperCase() === id && !locs.some((l) => l.row.rowNumber === o.row),
        );
        // A pasted copy arrives as an edit while the original row still holds the ID elsewhere.
        keeperIndex = elsewhere ? -1 : 0;
      } else {
        keeperIndex = chooseKeeper(stored, locs);
      }
      locs.forEach((loc, index) => {
        if (index === keeperIndex) {
          const w = workingFor(stored);
          w.location = loc;
          if (w.archived) {
            w.archived = false;
            w.event = 'restored';
            w.dirty = true;
          }
          const onlyColumns = editedColumns && !(w.event === 'restored') ? editedColumns : null;
          applyRow(w, loc, onlyColumns);
        } else {
          const w = newWorking(recordTab.kind);
          w.location = loc;
          w.copiedFrom = id;
          applyNewRow(w, loc);
        }
      });
    }
  }

  function chooseKeeper(stored: StoredRecord, locs: readonly Location[]): number {
    let best = 0;
    let bestScore = -1;
    locs.forEach((loc, index) => {
      let score = 0;
      for (const [key, col] of loc.columns.fieldIndexes) {
        const spec = loc.recordTab.fields[key];
        if (!spec) continue;
        const parsed = parseCell(spec, cellAt(loc.row, col).value);
        if (parsed.ok && sameJson(parsed.value, stored.data[key] ?? null)) score += 1;
      }
      if (score > bestScore) {
        best = index;
        bestScore = score;
      }
    });
    return best;
  }

  function applyNewRow(w: Working, loc: Location): void {
    applyRow(w, loc, null);
    dropIfIncomplete(w, loc);
  }

  /**
   * A new row lacking a required value (empty, or refused) is not a record yet: nothing is
   * stored, the person sees why on the cell. An invalid value was already kept by its field
   * refusal; an empty cell is just unfinished work, so the row itself is not quarantined.
   */
  function dropIfIncomplete(w: Working, loc: Location): boolean {
    const missingRequired = Object.entries(loc.recordTab.fields).find(
      ([key, spec]) => spec.required && (w.data[key] === undefined || w.data[key] === null),
    );
    if (!missingRequired) return false;
    const [key, spec] = missingRequired;
    const index = loc.columns.fieldIndexes.get(key);
    const column = index === undefined ? null : { index, label: spec.label };
    const rejection = w.rejected[key];
    creations.splice(creations.indexOf(w), 1);
    workings.delete(w.id);
    refuseRow(
      loc,
      rejection?.code ?? 'REQUIRED',
      `Ligne non enregistrée : ${rejection?.message ?? `la colonne « ${spec.label} » est obligatoire.`}`,
      column,
      false,
    );
    return true;
  }

  // 2. New rows: a row identical to a stored record that no row holds any more is that record
  //    (its ID was lost, e.g. a crash before the write-back): adopt it rather than duplicate it.
  //    Identical: each valid cell equals the stored value and each refused cell shows the raw
  //    value the record keeps as refused. Several identical records are adopted one row each.
  const held = new Set(
    [...workings.values()].filter((w) => w.location && w.stored).map((w) => w.id),
  );
  const unheldByHash = new Map<string, StoredRecord[]>();
  const unheldWithRefusals: StoredRecord[] = [];
  if (!edit) {
    for (const r of state.records) {
      if (held.has(r.id) || !seenTabs.has(r.kind)) continue;
      if (Object.keys(r.rejected).length > 0) {
        unheldWithRefusals.push(r);
        continue;
      }
      const hash = `${r.kind}:${contentHash(completeData(r.kind, r.data))}`;
      const same = unheldByHash.get(hash);
      if (same) same.push(r);
      else unheldByHash.set(hash, [r]);
    }
  }
  // In an edit, the other rows of the tab are known by their IDs only. A record of the tab that
  // none of them holds, and that the row repeats on every column but the edited ones (its
  // required columns included), is the record whose ID never reached this row: the answer to an
  // earlier edit of the row was lost.
  const unheldInEdit: StoredRecord[] = [];
  if (edit) {
    const heldElsewhere = new Set(edit.otherRowIds.map((o) => o.id.trim().toUpperCase()));
    for (const r of state.records)
      if (!r.archived && seenTabs.has(r.kind) && !held.has(r.id) && !heldElsewhere.has(r.id))
        unheldInEdit.push(r);
  }
  for (const { loc, kind } of adoptionCandidates) {
    const probe: Record<string, FieldJson> = {};
    const cells = new Map<string, { raw: string; value: FieldJson | undefined }>();
    let clean = true;
    for (const [key, col] of loc.columns.fieldIndexes) {
      const spec = loc.recordTab.fields[key];
      if (!spec) continue;
      const raw = cellAt(loc.row, col).value;
      const parsed = parseCell(spec, raw);
      if (!parsed.ok) clean = false;
      else probe[key] = parsed.value as FieldJson;
      cells.set(key, {
        raw: rawText(raw),
        value: parsed.ok ? (parsed.value as FieldJson) : undefined,
      });
    }
    let match = clean
      ? unheldByHash.get(`${kind}:${contentHash(completeData(kind, probe))}`)?.shift()
      : undefined;
    /**
     * The row repeats the record: each cell equals the stored value or shows the raw value the
     * record keeps as refused. The edited columns, if any, may differ, but not a required one.
     */
    const repeats = (r: StoredRecord, edited: ReadonlySet<number> | null) =>
      r.kind === kind &&
      Object.entries(RECORD_TABS[kind].fields).every(([key, spec]) => {
        const column = loc.columns.fieldIndexes.get(key);
        if (edited !== null && column !== undefined && edited.has(column)) return !spec.required;
        const cell = cells.get(key);
        if (cell !== undefined && r.rejected[key]?.raw === cell.raw) return true;
        const stored = r.data[key] ?? null;
        return cell === undefined
          ? stored === null && !r.rejected[key]
          : cell.value !== undefined && sameJson(cell.value, stored);
      });
    if (!match && unheldWithRefusals.length > 0) {
      const index = unheldWithRefusals.findIndex((r) => repeats(r, null));
      if (index >= 0) match = unheldWithRefusals.splice(index, 1)[0];
    }
    if (!match && edit && unheldInEdit.length > 0) {
      const edited = new Set(edit.columns);
      const index = unheldInEdit.findIndex((r) => repeats(r, edited));
      const found = index >= 0 ? unheldInEdit.splice(index, 1)[0] : undefined;
      if (found) {
        const w = workingFor(found);
        w.location = loc;
        applyRow(w, loc, edited);
        continue;
      }
    }
    if (match) {
      const w = workingFor(match);
      w.location = loc;
      if (w.archived) {
        w.archived = false;
        w.event = 'restored';
        w.dirty = true;
      }
      continue;
    }
    const w = newWorking(kind);
    w.location = loc;
    applyNewRow(w, loc);
  }

  // 3. Rows removed from a sheet archive their record; nothing is ever deleted.
  if (!edit) {
    for (const r of state.records) {
      if (!seenTabs.has(r.kind) || r.archived) continue;
      const w = workings.get(r.id);
      if (w?.location) continue;
      const archived = workingFor(r);
      archived.archived = true;
      archived.event = 'archived';
      archived.dirty = true;
    }
  }

  // 4. Cross-field rules and references: refuse the changed field that broke them.
  // Records no row touched; recomputed at each build, as the award step may take some in.
  const untouched = () => state.records.filter((r) => !workings.has(r.id));
  const registerRecords: WorldRecord[] =
    owner === C2RA
      ? []
      : request.register.map((r) => ({
          id: r.id,
          kind: r.kind,
          data: r.data,
          archived: r.archived,
        }));
  const buildWorld = () =>
    new RecordWorld(
      [
        ...untouched().map((r) => ({
          id: r.id,
          kind: r.kind,
          data: r.data,
          archived: r.archived,
        })),
        ...[...workings.values()].map(toWorld),
      ],
      registerRecords,
    );
  let world = buildWorld();
  for (let round = 0; round < 5; round++) {
    let refused = 0;
    for (const w of workings.values()) {
      if (w.changed.size === 0 || w.archived) continue;
      for (const problem of [
        ...referenceProblems(w, world),
        ...violationsOf(toWorld(w), world).filter((v) => v.severity === 'error'),
      ]) {
        if (!w.changed.has(problem.field)) continue;
        const old = w.stored?.data[problem.field] ?? null;
        const raw = w.raws.get(problem.field) ?? rawText(w.data[problem.field]);
        if (old === null) delete w.data[problem.field];
        else w.data[problem.field] = old;
        if (w.stored?.fieldTimes[problem.field] !== undefined)
          w.fieldTimes[problem.field] = w.stored.fieldTimes[problem.field] ?? at;
        else delete w.fieldTimes[problem.field];
        w.changed.delete(problem.field);
        refuseField(w, problem.field, raw, problem.code, problem.message);
        refused += 1;
      }
    }
    if (refused === 0) break;
    world = buildWorld();
  }

  for (const w of [...creations]) {
    if (w.location && dropIfIncomplete(w, w.location)) world = buildWorld();
  }

  function referenceProblems(
    w: Working,
    current: RecordWorld,
  ): { field: string; code: string; message: string }[] {
    const problems: { field: string; code: string; message: string }[] = [];
    for (const [key, spec] of Object.entries(RECORD_TABS[w.kind].fields)) {
      if (spec.format !== 'reference' || !w.changed.has(key)) continue;
      const target = w.data[key];
      if (typeof target !== 'string') continue;
      const parts = parseRecordId(target);
      if (parts.ok && parts.value.operator !== null && parts.value.operator !== owner) {
        problems.push({
          field: key,
          code: 'REFERENCE_OTHER_OPERATOR',
          message: `${target} appartient à un autre opérateur : référence refusée.`,
        });
        continue;
      }
      const found = current.get(target);
      if (!found || found.archived) {
        problems.push({
          field: key,
          code: 'REFERENCE_UNKNOWN',
          message: found
            ? `${target} est archivé : choisissez un enregistrement actif.`
            : `${target} n'existe pas : vérifiez l'identifiant.`,
        });
      }
    }
    return problems;
  }

  // 4b. Award (guide, part III): once a proposal of a mission is marked « Retenu », the other
  //     proposals still without a decision become « Non retenu », so their consultants get told.
  const awardNotes = new Map<string, string>();
  for (const w of [...workings.values()]) {
    if (w.kind !== 'solicitation' || w.archived || !w.changed.has('decision')) continue;
    const missionId = w.data['missionId'];
    if (w.data['decision'] !== 'Retenu' || typeof missionId !== 'string') continue;
    const providerId = w.data['providerId'];
    const note = `${INFO_MARK}Décision posée par le système : la proposition de ${typeof providerId === 'string' ? providerId : 'un autre prestataire'} a été retenue pour ${missionId}. Vous pouvez la modifier.`;
    const siblings = world.solicitationsOf(missionId);
    const refusedDecision = (id: string) =>
      (workings.get(id) ?? storedById.get(id))?.rejected['decision'] !== undefined;
    // While a decision of the call is refused (e.g. a second « Retenu »), the person decides.
    if (siblings.some((e) => refusedDecision(e.id))) continue;
    for (const decision of pendingDecisions(siblings)) {
      const stored = storedById.get(decision.solicitationId);
      const sibling =
        workings.get(decision.solicitationId) ?? (stored ? workingFor(stored) : undefined);
      // A newer edit of the decision is not overruled.
      if (!sibling || sibling.archived || (sibling.fieldTimes['decision'] ?? '') > at) continue;
      sibling.data['decision'] = decision.decision;
      sibling.fieldTimes['decision'] = at;
      sibling.changed.add('decision');
      sibling.dirty = true;
      awardNotes.set(sibling.id, note);
      journalLine(
        'Attribution',
        RECORD_TABS.solicitation.tab,
        sibling.location?.row.rowNumber ?? null,
        RECORD_TABS.solicitation.fields['decision']?.label ?? 'decision',
        sibling.stored ? sibling.id : null,
        note.slice(INFO_MARK.length),
        '',
      );
      // In an edit, the other rows of the tab are not sent: they are found by their ID.
      const located = w.location;
      const row = edit?.otherRowIds.find((o) => o.id.trim().toUpperCase() === sibling.id)?.row;
      const index = located?.columns.fieldIndexes.get('decision');
      if (!sibling.location && located && row !== undefined && index !== undefined)
        cells.push({
          tab: located.recordTab.tab,
          row,
          column: located.recordTab.fields['decision']?.label ?? 'decision',
          columnIndex: index + 1,
          value: decision.decision,
          note,
          style: 'normal',
        });
    }
  }
  if (awardNotes.size > 0) world = buildWorld();

  for (const [tab, fresh] of freshColumns)
    for (const key of fresh.keys()) {
      const label = Object.values(RECORD_TABS).find((t) => t.tab === tab)?.fields[key]?.label;
      journalLine(
        'Colonne',
        tab,
        null,
        label ?? key,
        null,
        `Colonne « ${label ?? key} » ajoutée à l'onglet : les valeurs enregistrées y sont recopiées.`,
        '',
      );
    }

  // 5. Write-back of every located record: ID, refusal notes, computed columns.
  let beforeWorld: RecordWorld | null = null;
  const before = () => {
    beforeWorld ??= new RecordWorld(
      state.records.map((r) => ({ id: r.id, kind: r.kind, data: r.data, archived: r.archived })),
      registerRecords,
    );
    return beforeWorld;
  };
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let archivedCount = 0;
  let restored = 0;
  for (const w of workings.values()) {
    if (w.event === 'created') created += 1;
    else if (w.event === 'archived') archivedCount += 1;
    else if (w.event === 'restored') restored += 1;
    if (w.event !== 'created' && w.event !== 'archived') {
      if (w.changed.size > 0) updated += 1;
      else unchanged += 1;
    }
    if (w.event === 'archived')
      journalLine(
        'Archivage',
        RECORD_TABS[w.kind].tab,
        null,
        ID_COLUMN,
        w.id,
        `Ligne retirée de la feuille : ${w.id} est archivé (remettre la ligne le restaure).`,
        '',
      );
    if (w.event === 'restored')
      journalLine(
        'Restauration',
        RECORD_TABS[w.kind].tab,
        w.location?.row.rowNumber ?? null,
        ID_COLUMN,
        w.id,
        `${w.id} est de retour dans la feuille : restauré.`,
        '',
      );
    const loc = w.location;
    if (!loc) continue;
    const tab = loc.recordTab.tab;
    const rowNumber = loc.row.rowNumber;
    // ID cell
    const idIndex = loc.columns.idIndex;
    if (idIndex !== null) {
      const current = cellAt(loc.row, idIndex);
      const note = w.copiedFrom
        ? `${INFO_MARK}Ligne copiée de ${w.copiedFrom} : nouvel identifiant attribué.`
        : null;
      const valueDiffers = w.event === 'created' || !sameCellValue(current.value, w.id);
      const noteDiffers = note !== null ? current.note !== note : isSystemNote(current.note);
      if (valueDiffers || noteDiffers) {
        cells.push({
          tab,
          row: rowNumber,
          column: ID_COLUMN,
          columnIndex: idIndex + 1,
          ...(valueDiffers ? { value: w.id } : {}),
          ...(noteDiffers ? { note } : {}),
          style: 'computed',
        });
      }
      if (w.copiedFrom)
        journalLine('Copie', tab, rowNumber, ID_COLUMN, w.copiedFrom, note ?? '', '');
    }
    // Field cells: refusal notes on, or off once fixed
    for (const [key, index] of loc.columns.fieldIndexes) {
      const awardNote = key === 'decision' ? awardNotes.get(w.id) : undefined;
      if (awardNote !== undefined) {
        cells.push({
          tab,
          row: rowNumber,
          column: loc.recordTab.fields[key]?.label ?? key,
          columnIndex: index + 1,
          value: String(w.data[key]),
          note: awardNote,
          style: 'normal',
        });
        continue;
      }
      const rejection = w.rejected[key];
      const current = cellAt(loc.row, index).note;
      const desired = rejection ? `${ERROR_MARK}${rejection.message}` : null;
      if (rejection) {
        rejectedCells.push({
          tab,
          row: rowNumber,
          column: loc.recordTab.fields[key]?.label ?? key,
          id: w.stored ? w.id : null,
          code: rejection.code,
          message: rejection.message,
        });
      }
      if (desired === current || (desired === null && !isSystemNote(current))) continue;
      cells.push({
        tab,
        row: rowNumber,
        column: loc.recordTab.fields[key]?.label ?? key,
        columnIndex: index + 1,
        note: desired,
        style: desired ? 'error' : 'normal',
      });
    }
    // Columns just added: the stored values
    for (const [key, index] of freshColumns.get(tab) ?? []) {
      const spec = loc.recordTab.fields[key];
      const value = spec ? sheetValueOf(spec, w.data[key]) : null;
      if (spec && value !== null)
        cells.push({
          tab,
          row: rowNumber,
          column: spec.label,
          columnIndex: index + 1,
          value,
          style: 'normal',
        });
    }
    // Computed cells
    if (loc.columns.computedIndexes.size > 0) {
      const desired = deriveCells(
        toWorld(w),
        world,
        request.today,
        request.parameters ?? DEFAULT_PARAMETERS,
      );
      const editedColumns = edit ? new Set(edit.columns) : null;
      let previous: Readonly<Record<string, CellValue>> | null = null;
      for (const column of loc.recordTab.computed) {
        const index = loc.columns.computedIndexes.get(column.key);
        if (index === undefined) continue;
        const current = cellAt(loc.row, index);
        const value = desired[column.key] ?? '';
        if (sameCellValue(current.value, value)) {
          if (isSystemNote(current.note))
            cells.push({
              tab,
              row: rowNumber,
              column: column.label,
              columnIndex: index + 1,
              note: null,
              style: 'computed',
            });
          continue;
        }
        let personEdited = editedColumns?.has(index) ?? false;
        // An empty computed cell (cleared, or a column just put back) is refilled without a word.
        if (!edit && w.stored && !isBlank(current.value)) {
          const prior = w.stored;
          previous ??= deriveCells(
            { id: prior.id, kind: prior.kind, data: prior.data, archived: prior.archived },
            before(),
            request.today,
            request.parameters ?? DEFAULT_PARAMETERS,
          );
          personEdited = !sameCellValue(current.value, previous[column.key] ?? '');
        }
        const note = personEdited
          ? `${INFO_MARK}Colonne calculée par le système : votre saisie « ${rawText(current.value).slice(0, 40)} » a été remplacée.`
          : undefined;
        cells.push({
          tab,
          row: rowNumber,
          column: column.label,
          columnIndex: index + 1,
          value,
          ...(note ? { note } : {}),
          style: 'computed',
        });
      }
    }
  }
  // 6. Records to store, with their audit trail.
  const audit: AuditEntry[] = [];
  const puts: PlannedRecord[] = [];
  for (const w of workings.values()) {
    if (!w.dirty) continue;
    const base = { at, owner, recordId: w.id, who: actor.who, source: actor.source, eventId };
    if (w.event === 'created')
      audit.push({
        ...base,
        field: '@created',
        oldValue: null,
        newValue: w.copiedFrom ? `copie de ${w.copiedFrom}` : null,
      });
    if (w.event === 'archived')
      audit.push({ ...base, field: '@archived', oldValue: false, newValue: true });
    if (w.event === 'restored')
      audit.push({ ...base, field: '@restored', oldValue: true, newValue: false });
    for (const key of w.changed)
      audit.push({
        ...base,
        field: key,
        oldValue: w.stored?.data[key] ?? null,
        newValue: w.data[key] ?? null,
      });
    const version = (w.stored?.version ?? 0) + 1;
    puts.push({
      expectedVersion: w.stored?.version ?? 0,
      record: {
        id: w.id,
        kind: w.kind,
        owner,
        data: completeData(w.kind, w.data),
        fieldTimes: w.fieldTimes,
        rejected: w.rejected,
        archived: w.archived,
        version,
        createdAt: w.stored?.createdAt ?? at,
        updatedAt: at,
      },
    });
  }

  // 7. The Journal tab: this sync's lines on top of the previous ones (reconcile only).
  const tabs: TabReplacement[] = [];
  const journalSnapshot = request.snapshot.tabs.find((t) => t.name === JOURNAL_TAB);
  if (!edit && journalSnapshot) {
    const summary = `Synchronisation : ${created} créé(s), ${updated} modifié(s), ${archivedCount} archivé(s), ${restored} restauré(s), ${rejectedCells.length} refus.`;
    const lines: CellValue[][] = [
      [formatParisDateTime(at), 'Synchronisation', '', null, '', '', summary, '', actor.who],
      ...journal,
    ];
    if (puts.length > 0 || quarantine.length > 0 || journal.length > 0) {
      const previous = journalSnapshot.rows.map((r) => r.cells.map((c) => c.value));
      tabs.push({ tab: JOURNAL_TAB, rows: [...lines, ...previous].slice(0, JOURNAL_MAX_LINES) });
    }
  }

  const idsNeeded = Object.fromEntries(
    RECORD_KINDS.map((k) => [k, creations.filter((c) => c.kind === k).length]),
  ) as Record<RecordKind, number>;
  return {
    request,
    idsNeeded,
    puts,
    audit,
    quarantine,
    cells,
    tabs,
    report: {
      operator: owner,
      created,
      updated,
      unchanged,
      archived: archivedCount,
      restored,
      stale,
      rejected: rejectedCells,
      warnings,
    },
    columnsSeen,
  };
}
