/**
 * Small sync states for the phase tests of the sync planner: CBE-LM's workbook with the tabs a
 * test gives, over stored records from the builders.
 */
import type { RecordKind } from '../../../../../shared/domain/record-id';
import type { CellValue } from '../../../../../shared/domain/values/cell-value';
import { RECORD_TABS } from '../../../../../shared/domain/workbook-model';
import type { EditScope, KnownColumns } from '../../../../../shared/domain/sync/plan-sync';
import { SyncState, type RowLocation } from '../../../../../shared/domain/sync/sync-state';
import { mapTabColumns } from '../../../../../shared/domain/sync/tab-columns';
import type { StoredRecord } from '../../../../../shared/domain/stored-record';
import type { TabSnapshot } from '../../../../../shared/domain/workbook-snapshot';
import { aBeneficiary, AN_ACTOR } from '../../../../support/builders/stored-record-builder';
import { headerOf, rowOf } from '../../../../support/builders/workbook-rows';

/** The instant of the sync every phase test plans. */
export const SYNC_AT = '2025-06-02T08:00:00.000Z';

/** A beneficiary of CBE-LM, `STR-CBE-LM-000n`, with the builder's data. */
export function aStructure(n: number, overrides: Partial<StoredRecord> = {}): StoredRecord {
  return aBeneficiary({
    id: `STR-CBE-LM-${String(n).padStart(4, '0')}`,
    owner: 'CBE-LM',
    fieldTimes: {},
    ...overrides,
  });
}

/** One sheet row as typed: the ID cell, the fields by key, and notes by 0-based column. */
export interface SheetRow {
  readonly id?: string | null;
  readonly values: Readonly<Record<string, CellValue>>;
  readonly notes?: Readonly<Record<number, string>>;
}

/** A record tab as read, from its fresh header and rows numbered from 2. */
export function tabOf(
  kind: RecordKind,
  rows: readonly SheetRow[],
  header = headerOf(kind),
): TabSnapshot {
  return {
    name: RECORD_TABS[kind].tab,
    header,
    rows: rows.map((row, i) => ({
      rowNumber: i + 2,
      cells: rowOf(kind, row.values, row.id ?? null).map((value, column) => {
        const note = row.notes?.[column];
        return note === undefined ? { value } : { value, note };
      }),
    })),
  };
}

/** The sheet row of a stored record, as the last write-back left it. */
export function rowOfRecord(record: StoredRecord): SheetRow {
  const values: Record<string, CellValue> = {};
  for (const [key, value] of Object.entries(record.data))
    values[key] = Array.isArray(value) ? value.join(', ') : (value as CellValue);
  return { id: record.id, values };
}

/** What a phase test sets of a sync of CBE-LM's workbook. */
export interface StateSetup {
  readonly records?: readonly StoredRecord[];
  readonly tabs?: readonly TabSnapshot[];
  readonly edit?: EditScope | null;
  readonly knownColumns?: KnownColumns;
  readonly quarantineKeys?: readonly string[];
}

/** The state of a sync of CBE-LM's workbook (a reconcile unless `edit` is given). */
export function syncStateOf(setup: StateSetup = {}): SyncState {
  return new SyncState({
    owner: 'CBE-LM',
    snapshot: { owner: 'CBE-LM', tabs: setup.tabs ?? [] },
    state: { records: setup.records ?? [], quarantineKeys: new Set(setup.quarantineKeys ?? []) },
    register: [],
    at: SYNC_AT,
    today: '2025-06-02',
    actor: AN_ACTOR,
    eventId: null,
    edit: setup.edit ?? null,
    ...(setup.knownColumns ? { knownColumns: setup.knownColumns } : {}),
  });
}

/** Where the tab's `index`-th row sits, with the tab's columns as read. */
export function locationOf(tab: TabSnapshot, kind: RecordKind, index = 0): RowLocation {
  const row = tab.rows[index];
  if (!row) throw new Error(`no row ${index} in ${tab.name}`);
  const recordTab = RECORD_TABS[kind];
  return { recordTab, columns: mapTabColumns(recordTab, tab), row };
}
