import type { TabSnapshot } from '../workbook-snapshot';
import { parseCell } from '../field-spec';
import { isBlank } from '../values/cell-value';
import { columnLetterOfPosition } from '../values/column-letter';
import { normalizeForMatch } from '../values/text-normalization';
import { ID_COLUMN, kindsOwnedBy, RECORD_TABS, type RecordTab } from '../workbook-model';
import { sameJson } from './content-hash';
import { cellAt, ERROR_MARK, INFO_MARK, rawText } from './sheet-cells';
import type { SyncState } from './sync-state';
import type { TabColumns } from './tab-columns';

/** A note a structure problem puts on a cell, once, with a Journal line and a warning. */
function structureNote(
  state: SyncState,
  tab: TabSnapshot,
  row: number,
  columnIndex: number,
  note: string,
  journalType: string,
): void {
  state.structureNotes.add(`${tab.name}!${row}!${columnIndex}`);
  const message = note.slice(2);
  state.warnings.push(message);
  const current =
    row === 1 ? undefined : tab.rows.find((r) => r.rowNumber === row)?.cells[columnIndex - 1]?.note;
  const column = String(tab.header[columnIndex - 1] ?? '');
  if (current === note) return;
  state.cells.push({ tab: tab.name, row, column, columnIndex, note });
  state.journalLine(journalType, tab.name, row, column, null, message, '');
}

/**
 * A record tab of the owner that is missing while a tab carrying its header is present was
 * renamed (« Missions 2026 »): its rows are not read (nothing is archived) and a note on its
 * first header cell, a Journal line and a warning say to give it back its name.
 */
export function noteRenamedTabs(state: SyncState): void {
  const { snapshot, owner, edit } = state.request;
  if (edit) return;
  const names = new Set(snapshot.tabs.map((t) => t.name));
  for (const kind of kindsOwnedBy(owner)) {
    const recordTab = RECORD_TABS[kind];
    if (names.has(recordTab.tab)) continue;
    const labels = new Set(Object.values(recordTab.fields).map((f) => normalizeForMatch(f.label)));
    const renamed = snapshot.tabs.find((t) => {
      const header = t.header.map((h) => normalizeForMatch(String(h ?? '')));
      return (
        header.includes(normalizeForMatch(ID_COLUMN)) &&
        header.filter((h) => labels.has(h)).length * 2 > labels.size
      );
    });
    if (!renamed) {
      state.warnings.push(`Onglet « ${recordTab.tab} » absent : rien n'y est lu ni archivé.`);
      continue;
    }
    structureNote(
      state,
      renamed,
      1,
      1,
      `${ERROR_MARK}Onglet « ${renamed.name} » : c'est l'onglet « ${recordTab.tab} » renommé ? Ses lignes ne sont pas lues (rien n'est archivé) : redonnez-lui le nom « ${recordTab.tab} ».`,
      'Structure',
    );
  }
}

/**
 * Merged cells over data rows: the first cell of a merge is read, the cells it hides are not (a
 * merge shows one value on several rows, and hides what the other rows held); a row whose ID
 * cell is hidden is not read at all. A red note on the merged cell says to unmerge; nothing is
 * cleared and the stored values of the hidden cells stay.
 */
export function noteMergedCells(state: SyncState, tab: TabSnapshot): void {
  for (const merge of tab.merges ?? []) {
    if (merge.bottom < 2 || (merge.bottom === merge.top && merge.right === merge.left)) continue;
    const covered = state.coveredCells.get(tab.name) ?? new Map<number, Set<number>>();
    state.coveredCells.set(tab.name, covered);
    const top = Math.max(merge.top, 2);
    for (let row = top; row <= merge.bottom; row += 1)
      for (let col = merge.left; col <= merge.right; col += 1) {
        if (row === merge.top && col === merge.left) continue;
        const set = covered.get(row) ?? new Set<number>();
        set.add(col - 1);
        covered.set(row, set);
      }
    const range = `${columnLetterOfPosition(merge.left)}${merge.top}:${columnLetterOfPosition(merge.right)}${merge.bottom}`;
    structureNote(
      state,
      tab,
      merge.top,
      merge.left,
      `${ERROR_MARK}Cellules fusionnées ${range} sur des lignes de données : seule la première cellule est lue, les valeurs enregistrées des autres sont conservées. Défusionnez ces cellules puis retapez les valeurs.`,
      'Structure',
    );
  }
}

/**
 * A header the layout does not know (renamed, or a person's column): a note on it, and every
 * value under it kept in the quarantine, never dropped. A header cell emptied over values is
 * put back when its values match a missing column's stored values (the layout pass restores a
 * deleted header without losing data).
 */
export function noteUnknownHeaders(
  state: SyncState,
  recordTab: RecordTab,
  tab: TabSnapshot,
  columns: TabColumns,
): void {
  const missing = quoted(columns.missingFields);
  tab.header.forEach((label, index) => {
    const text = String(label ?? '').trim();
    if (text === '') {
      restoreBlankHeader(state, recordTab, tab, columns, index);
      return;
    }
    if (!columns.unknownHeaders.includes(text)) return;
    const hint = missing === '' ? '' : ` (colonnes absentes : ${missing})`;
    structureNote(
      state,
      tab,
      1,
      index + 1,
      `${INFO_MARK}Colonne « ${text} » inconnue du modèle : ses valeurs ne sont pas enregistrées dans la base, elles sont gardées en quarantaine. Redonnez-lui le nom d'une colonne du modèle${hint}.`,
      'Structure',
    );
    quarantineColumn(state, tab, columns, index, text);
  });
}

function quoted(labels: readonly string[]): string {
  return labels.map((l) => `« ${l} »`).join(', ');
}

function quarantineColumn(
  state: SyncState,
  tab: TabSnapshot,
  columns: TabColumns,
  index: number,
  label: string,
): void {
  for (const row of tab.rows) {
    const raw = rawText(cellAt(row, index).value);
    if (raw === '') continue;
    const id = rawText(cellAt(row, columns.idIndex).value) || null;
    const message = `Valeur sous la colonne inconnue « ${label} » : non enregistrée, gardée ici.`;
    state.quarantineOnce(
      {
        tab: tab.name,
        row: row.rowNumber,
        column: label,
        recordId: id,
        raw,
        code: 'COLUMN_UNKNOWN',
        message,
      },
      [tab.name, label, id ?? `row:${row.rowNumber}`, raw],
    );
  }
}

/** Puts back the label of a missing column over an emptied header whose values are its. */
function restoreBlankHeader(
  state: SyncState,
  recordTab: RecordTab,
  tab: TabSnapshot,
  columns: TabColumns,
  index: number,
): void {
  if (tab.rows.every((r) => isBlank(cellAt(r, index).value))) return;
  let best: { label: string; matches: number } | null = null;
  for (const [key, spec] of Object.entries(recordTab.fields)) {
    if (!columns.missingFields.includes(spec.label)) continue;
    let matches = 0;
    for (const row of tab.rows) {
      const id = rawText(cellAt(row, columns.idIndex).value).trim().toUpperCase();
      const stored = state.storedById.get(id);
      const parsed = parseCell(spec, cellAt(row, index).value);
      if (stored && parsed.ok && sameJson(parsed.value, stored.data[key] ?? null)) matches += 1;
    }
    if (matches > 0 && (best === null || matches > best.matches))
      best = { label: spec.label, matches };
  }
  if (best === null) return;
  state.cells.push({
    tab: tab.name,
    row: 1,
    column: best.label,
    columnIndex: index + 1,
    value: best.label,
  });
  const message = `Onglet « ${tab.name} » : en-tête « ${best.label} » effacé, remis en place (ses valeurs sont celles enregistrées ; rien n'est perdu).`;
  state.warnings.push(message);
  state.journalLine('Structure', tab.name, 1, best.label, null, message, '');
}
