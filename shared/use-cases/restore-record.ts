/**
 * `restoreRecord`: an archived record brought back, with its row, into its workbook (`dla
 * restore-record`). Over the ports only; every expected failure is a value with a French message.
 */
import { C2RA, type WorkbookOwner } from '../domain/operator';
import { formatRecordId, parseRecordId } from '../domain/record-id';
import { fail, ok, type Result } from '../domain/result';
import { sheetValueOf } from '../domain/sheet-value';
import { mapTabColumns } from '../domain/sync/tab-columns';
import { ID_COLUMN, RECORD_TABS, type RecordTab } from '../domain/workbook-model';
import type { Clock } from '../ports/clock';
import type { RecordStore } from '../ports/record-store';
import type { ChangeSet } from '../domain/change-set';
import type { StoredRecord } from '../domain/stored-record';
import type { SpreadsheetGateway } from '../ports/spreadsheet-gateway';
import type { CellWrite } from '../domain/workbook-writes';
import type { TabSnapshot } from '../domain/workbook-snapshot';

/** What {@link restoreRecord} needs. */
export interface RestoreRecordPorts {
  readonly store: RecordStore;
  readonly gateway: SpreadsheetGateway;
  readonly clock: Clock;
}

/** What `dla restore-record` did. */
export interface RecordRestoration {
  readonly id: string;
  readonly owner: WorkbookOwner;
  readonly tab: string;
  /** False when the record was not archived (only its row was missing, or nothing at all). */
  readonly unarchived: boolean;
  /** The row the record was written to, or null when a row of the tab already holds it. */
  readonly row: number | null;
}

/** Attempts at un-archiving before giving up on a sync that keeps changing the record. */
const ATTEMPTS = 5;

/** The record's tab in its workbook, with the column of each field and of the ID. */
interface LocatedTab {
  readonly tab: TabSnapshot;
  readonly fieldIndexes: ReadonlyMap<string, number>;
  readonly idIndex: number;
}

async function locateTab(
  gateway: SpreadsheetGateway,
  owner: WorkbookOwner,
  recordTab: RecordTab,
): Promise<Result<LocatedTab>> {
  const read = await gateway.read(owner);
  if (!read.ok) return read;
  const tab = read.value.tabs.find((t) => t.name === recordTab.tab);
  if (tab === undefined)
    return fail(
      'WORKBOOK_UNREADABLE',
      `L'onglet « ${recordTab.tab} » est absent du classeur ${owner} : rétablissez-le, puis relancez la commande.`,
    );
  const columns = mapTabColumns(recordTab, tab);
  if (columns.idIndex === null)
    return fail(
      'WORKBOOK_UNREADABLE',
      `L'onglet « ${recordTab.tab} » n'a pas de colonne « ${ID_COLUMN} » : rétablissez-la, puis relancez la commande.`,
    );
  return ok({ tab, fieldIndexes: columns.fieldIndexes, idIndex: columns.idIndex });
}

/** The change set that un-archives a record, audited `@restored` with source `system`. */
function unarchiving(record: StoredRecord, at: string, who: string): ChangeSet {
  const restored = { ...record, archived: false, version: record.version + 1, updatedAt: at };
  return {
    owner: record.owner,
    eventId: null,
    at,
    puts: [{ record: restored, expectedVersion: record.version }],
    audit: [
      {
        at,
        owner: record.owner,
        recordId: record.id,
        field: '@restored',
        oldValue: true,
        newValue: false,
        who,
        source: 'system',
        eventId: null,
      },
    ],
    quarantine: [],
  };
}

/** The record active in the store: un-archived when it was archived, retried on a conflict. */
async function activeRecord(
  ports: RestoreRecordPorts,
  owner: WorkbookOwner,
  id: string,
  who: string,
): Promise<Result<{ record: StoredRecord; unarchived: boolean }>> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const [found] = await ports.store.getRecords(owner, [id]);
    if (found === undefined)
      return fail('RECORD_UNKNOWN', `${id} n'existe pas dans la base : vérifiez l'identifiant.`);
    if (!found.archived) return ok({ record: found, unarchived: false });
    const changeSet = unarchiving(found, ports.clock.now().toISOString(), who);
    const outcome = await ports.store.apply(changeSet);
    const [put] = changeSet.puts;
    if (outcome.status === 'applied' && put !== undefined)
      return ok({ record: put.record, unarchived: true });
  }
  return fail(
    'SYNC_CONFLICT',
    `${id} est modifié en ce moment par une synchronisation : réessayez dans un instant.`,
  );
}

/** The cells of the record's row: its ID, computed, then every field the sheet shows. */
function rowCells(
  recordTab: RecordTab,
  located: LocatedTab,
  record: StoredRecord,
  row: number,
): CellWrite[] {
  const tab = located.tab.name;
  const cells: CellWrite[] = [
    {
      tab,
      row,
      column: ID_COLUMN,
      columnIndex: located.idIndex + 1,
      value: record.id,
      style: 'computed',
    },
  ];
  for (const [key, index] of located.fieldIndexes) {
    const spec = recordTab.fields[key];
    const value = spec === undefined ? null : sheetValueOf(spec, record.data[key]);
    if (spec === undefined || value === null) continue;
    cells.push({ tab, row, column: spec.label, columnIndex: index + 1, value, style: 'normal' });
  }
  return cells;
}

/**
 * Un-archives a record — one change set, audited `@restored` with source `system` — and puts its
 * row back at the end of its tab, so that it is visible at once and the next sync keeps it.
 * Safe to run again: a record already active whose row is missing only gets its row back.
 */
export async function restoreRecord(
  ports: RestoreRecordPorts,
  rawId: string,
  who: string,
): Promise<Result<RecordRestoration>> {
  const parsed = parseRecordId(rawId);
  if (!parsed.ok) return parsed;
  const id = formatRecordId(parsed.value);
  const recordTab = RECORD_TABS[parsed.value.kind];
  const owner: WorkbookOwner = parsed.value.operator ?? C2RA;
  const located = await locateTab(ports.gateway, owner, recordTab);
  if (!located.ok) return located;
  const active = await activeRecord(ports, owner, id, who);
  if (!active.ok) return active;
  const { record, unarchived } = active.value;
  const { tab, idIndex } = located.value;
  const held = tab.rows.some((row) => {
    const cell = parseRecordId(row.cells[idIndex]?.value ?? null);
    return cell.ok && formatRecordId(cell.value) === id;
  });
  if (held) return ok({ id, owner, tab: tab.name, unarchived, row: null });
  const row = Math.max(1, ...tab.rows.map((r) => r.rowNumber)) + 1;
  const written = await ports.gateway.write(owner, {
    cells: rowCells(recordTab, located.value, record, row),
    tabs: [],
  });
  if (!written.ok)
    return fail(
      written.error.code,
      `${id} est restauré dans la base, mais sa ligne n'a pas pu être écrite dans le classeur ` +
        `(${written.error.message}) Relancez « dla restore-record ${id} » avant la prochaine synchronisation.`,
    );
  return ok({ id, owner, tab: tab.name, unarchived, row });
}
