/**
 * Property (fast-check): an edit planned on the records it reads — the current Apps Script's
 * event, with only the rows holding the edited rows' IDs — stores the same records, audit and
 * quarantine and answers the same write-back as the same edit planned on the owner's whole
 * store with every ID of the tab (the path it replaces), over random sequences of edits of a
 * call for proposals: cells typed (valid or not, references to unknown or archived missions),
 * decisions « Retenu » (the award writes « Non retenu » on sibling rows), new rows typed cell
 * by cell, rows pasted as copies, and answers lost on the way back (the next edit of the row
 * adopts its record). After the sequence, a full reconcile of each sheet gives the same store
 * and the same report on both sides, and finds every record as the edits stored it.
 */
import fc from 'fast-check';
import type { RecordKind } from '../../../../shared/domain/record-id';
import type { CellValue } from '../../../../shared/domain/values/cell-value';
import { ID_COLUMN, RECORD_TABS } from '../../../../shared/domain/workbook-model';
import type { RecordStore } from '../../../../shared/ports/record-store';
import type { StoredRecord } from '../../../../shared/domain/stored-record';
import type { CellWrite } from '../../../../shared/domain/workbook-writes';
import { applySheetEdit } from '../../../../shared/use-cases/apply-sheet-edit';
import type { SheetEditEvent } from '../../../../shared/use-cases/sheet-edit-event';
import { syncWorkbook } from '../../../../shared/use-cases/sync-workbook';
import {
  aCallForProposalsWorkbook,
  SCORING_DAY,
} from '../../../support/builders/call-for-proposals-workbook';
import { syncOrThrow } from '../../../support/builders/operator-workbook';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';
import {
  InMemoryWorkbookGateway,
  type FakeTab,
} from '../../../support/fakes/in-memory-workbook-gateway';

const OWNER = 'CBE-LM';
const RUNS = 60;

/** Values a person may type in each column, right and wrong. */
const TYPED: Readonly<Record<string, readonly CellValue[]>> = {
  missionId: [
    'MIS-CBE-LM-0001',
    'MIS-CBE-LM-0004',
    'MIS-CBE-LM-0002',
    'MIS-CBE-LM-0003',
    'MIS-CBE-LM-0099',
  ],
  providerId: ['PRE-0001', 'PRE-0002', 'PRE-0003', 'PRE-0099'],
  answer: ['Proposition reçue', 'Décliné', 'Hors délai', 'Peut-être', null],
  priceCents: ['4 500,00 €', '7 200,00 €', 'beaucoup', null],
  decision: ['Retenu', 'Retenu', 'Non retenu', null],
  proposedDays: [6, 'six'],
  solicitedOn: ['03/02/2025', '31/02/2025'],
  title: ['Structuration de la fonction employeur', 'Consolidation du modèle économique', null],
  planId: ['ACC-CBE-LM-0001', 'ACC-CBE-LM-0009'],
  budgetCeilingCents: ['6 000,00 €', '3 000,00 €', 'sans plafond'],
  termsSentOn: ['03/02/2025', '2025-02-10'],
  replyDeadline: ['28/02/2025', '01/02/2025'],
};

const TABS: Readonly<Record<string, RecordKind>> = {
  Missions: 'mission',
  Sollicitations: 'solicitation',
};

type Edit =
  | { kind: 'set'; tab: string; row: number; field: string; value: number; lost: boolean }
  | { kind: 'new'; tab: string; cells: { field: string; value: number }[]; lost: boolean[] }
  | { kind: 'copy'; tab: string; row: number; lost: boolean };

const fieldsOf = (tab: string): string[] =>
  Object.keys(RECORD_TABS[TABS[tab] ?? 'mission'].fields).filter((k) => TYPED[k] !== undefined);

const tabName = fc.constantFrom(...Object.keys(TABS));
const anEdit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        kind: fc.constant('set' as const),
        tab: tabName,
        row: fc.nat(),
        field: fc.nat(),
        value: fc.nat(),
        lost: fc.boolean(),
      })
      .map((e) => ({
        ...e,
        field: pick(fieldsOf(e.tab), e.field),
        lost: e.lost && e.value % 3 === 0,
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        kind: fc.constant('new' as const),
        tab: tabName,
        cells: fc.array(fc.record({ field: fc.nat(), value: fc.nat() }), {
          minLength: 1,
          maxLength: 4,
        }),
        lost: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      })
      .map((e) => ({
        ...e,
        cells: e.cells.map((c) => ({ ...c, field: pick(fieldsOf(e.tab), c.field) })),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('copy' as const),
      tab: tabName,
      row: fc.nat(),
      lost: fc.boolean(),
    }),
  },
);

function pick<T>(list: readonly T[], n: number): T {
  const found = list[n % list.length];
  if (found === undefined) throw new Error('empty list');
  return found;
}

/** One side of the comparison: a store, a sheet, and how the edits read the store. */
interface Side {
  readonly store: InMemoryRecordStore;
  readonly gateway: InMemoryWorkbookGateway;
  readonly reads: 'partial' | 'whole';
  loadOwnerCalls: number;
}

/** The store, counting whole-owner loads (an edit on partial reads makes none). */
function watched(side: Side): RecordStore {
  return new Proxy(side.store, {
    get(target, property, receiver) {
      if (property === 'loadOwner') side.loadOwnerCalls += 1;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function labelOf(tab: string, field: string): string {
  return RECORD_TABS[TABS[tab] ?? 'mission'].fields[field]?.label ?? field;
}

function columnIndex(grid: FakeTab, label: string): number {
  return (grid[0] ?? []).findIndex((c) => c.value === label);
}

/** The text of a cell as an ID. */
function idText(value: CellValue | undefined): string {
  return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

/** The event of an edit of `rows` (1-based sheet rows) and `columns` (0-based), as each script sends it. */
function eventOf(
  side: Side,
  tab: string,
  rows: readonly number[],
  columns: readonly number[],
  n: number,
): SheetEditEvent {
  const grid = side.gateway.tab(OWNER, tab);
  const header = (grid[0] ?? []).map((c) => (c.value instanceof Date ? null : c.value));
  const idAt = columnIndex(grid, ID_COLUMN);
  const edited = new Set(rows);
  const ids = grid.flatMap((line, i) => {
    const id = idText(line[idAt]?.value);
    return i === 0 || edited.has(i + 1) || id === '' ? [] : [{ row: i + 1, id }];
  });
  const editedIds = new Set(rows.map((r) => idText(grid[r - 1]?.[idAt]?.value)));
  const timestamp = new Date(SCORING_DAY.getTime() + n * 1000).toISOString();
  return {
    eventId: `evt-propriete-${String(n).padStart(4, '0')}`,
    spreadsheetId: `local-${OWNER}`,
    tab,
    editedColumns: [...columns],
    header,
    rows: rows.map((r) => {
      const line = grid[r - 1] ?? [];
      return {
        rowNumber: r,
        values: header.map((_, c) => {
          const value = line[c]?.value ?? null;
          return value instanceof Date ? value.toISOString() : value;
        }),
        notes: header.map((_, c) => line[c]?.note ?? null),
      };
    }),
    ...(side.reads === 'partial'
      ? { sameIdRows: ids.filter((o) => editedIds.has(o.id)) }
      : { otherRowIds: ids }),
    user: 'claire.dubois@cbe-lm.fr',
    timestamp,
  };
}

/** The answer's cells as the Apps Script writes them: a cell addressed by ID at its row. */
function locate(side: Side, cells: readonly CellWrite[]): CellWrite[] {
  return cells.flatMap((cell) => {
    if (cell.recordId === undefined) return [cell];
    const grid = side.gateway.tab(OWNER, cell.tab);
    const idAt = columnIndex(grid, ID_COLUMN);
    const row = grid.findIndex((line, i) => i > 0 && idText(line[idAt]?.value) === cell.recordId);
    if (row < 0) return [];
    const rest: Record<string, unknown> = { ...cell, row: row + 1 };
    delete rest['recordId'];
    return [rest as unknown as CellWrite];
  });
}

async function sendEdit(
  side: Side,
  tab: string,
  rows: readonly number[],
  columns: readonly number[],
  n: number,
  answerLost: boolean,
): Promise<unknown> {
  const event = eventOf(side, tab, rows, columns, n);
  const clock = { now: () => new Date(SCORING_DAY.getTime() + n * 1000 + 500) };
  const result = await applySheetEdit(
    { store: watched(side), clock, editReads: side.reads },
    OWNER,
    event,
  );
  if (!result.ok) return result.error;
  const cells = locate(side, result.value.cells);
  if (!answerLost) await side.gateway.write(OWNER, { cells, tabs: [] });
  return { cells, report: result.value.report };
}

/** A person's edit, typed into the side's sheet, then sent; what came back. */
async function play(side: Side, edit: Edit, n: number): Promise<unknown[]> {
  const grid = side.gateway.tab(OWNER, edit.tab);
  const rowsOfRecords = grid.length - 1;
  const answers: unknown[] = [];
  if (edit.kind === 'set') {
    if (rowsOfRecords === 0) return answers;
    const row = 2 + (edit.row % rowsOfRecords);
    const label = labelOf(edit.tab, edit.field);
    side.gateway.type(OWNER, edit.tab, row, label, pick(TYPED[edit.field] ?? [null], edit.value));
    answers.push(await sendEdit(side, edit.tab, [row], [columnIndex(grid, label)], n, edit.lost));
  } else if (edit.kind === 'new') {
    const row = grid.length + 1;
    for (const [i, cell] of edit.cells.entries()) {
      const label = labelOf(edit.tab, cell.field);
      side.gateway.type(OWNER, edit.tab, row, label, pick(TYPED[cell.field] ?? [null], cell.value));
      answers.push(
        await sendEdit(
          side,
          edit.tab,
          [row],
          [columnIndex(grid, label)],
          n * 10 + i,
          edit.lost[i] ?? false,
        ),
      );
    }
  } else {
    if (rowsOfRecords === 0) return answers;
    const from = grid[1 + (edit.row % rowsOfRecords)] ?? [];
    const row = grid.length + 1;
    grid.push(from.map((c) => ({ value: c.value })));
    const width = (grid[0] ?? []).length;
    answers.push(
      await sendEdit(
        side,
        edit.tab,
        [row],
        Array.from({ length: width }, (_, i) => i),
        n,
        edit.lost,
      ),
    );
  }
  return answers;
}

/** The content of the records a reconcile compares: data, refusals, archive flag. */
function contents(records: readonly StoredRecord[]) {
  return records
    .map((r) => ({ id: r.id, data: r.data, rejected: r.rejected, archived: r.archived }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function cloneGateway(source: InMemoryWorkbookGateway): InMemoryWorkbookGateway {
  const copy = new InMemoryWorkbookGateway();
  for (const [owner, book] of source.workbooks)
    copy.workbooks.set(
      owner,
      new Map([...book].map(([tab, grid]) => [tab, structuredClone(grid)])),
    );
  return copy;
}

describe('sheetEdit on partial reads ≡ sheetEdit on the whole store (property)', () => {
  let initial: { store: InMemoryRecordStore; gateway: InMemoryWorkbookGateway };

  beforeAll(async () => {
    const store = new InMemoryRecordStore();
    const gateway = new InMemoryWorkbookGateway();
    const ports = { store, gateway, clock: { now: () => SCORING_DAY } };
    await aCallForProposalsWorkbook(ports);
    await syncOrThrow(ports, OWNER, 'claire.dubois@cbe-lm.fr');
    initial = { store, gateway };
  });

  async function side(reads: Side['reads']): Promise<Side> {
    const store = new InMemoryRecordStore();
    await store.importAll(await initial.store.exportAll());
    return { store, gateway: cloneGateway(initial.gateway), reads, loadOwnerCalls: 0 };
  }

  it('stores the same records, audit and quarantine and answers the same cells, edit after edit', async () => {
    let edits = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anEdit, { minLength: 1, maxLength: 12 }), async (sequence) => {
        const partial = await side('partial');
        const whole = await side('whole');
        for (const [n, edit] of sequence.entries()) {
          edits += 1;
          const a = await play(partial, edit, n + 1);
          const b = await play(whole, edit, n + 1);
          expect(a).toEqual(b);
          expect(partial.gateway.workbooks).toEqual(whole.gateway.workbooks);
          expect(await partial.store.exportAll()).toEqual(await whole.store.exportAll());
        }
        expect(partial.loadOwnerCalls).toBe(0);
        // The sheets the edits leave, reconciled whole: same answer on both sides, and the
        // records already as the reconcile reads them.
        const before = contents((await partial.store.loadOwner(OWNER)).records);
        partial.loadOwnerCalls = 0;
        const clock = { now: () => new Date(SCORING_DAY.getTime() + 3_600_000) };
        const reconciled = await Promise.all(
          [partial, whole].map((s) =>
            syncWorkbook({ store: s.store, gateway: s.gateway, clock }, OWNER, 'reconcile'),
          ),
        );
        expect(reconciled[0]).toEqual(reconciled[1]);
        expect(await partial.store.exportAll()).toEqual(await whole.store.exportAll());
        const after = contents((await partial.store.loadOwner(OWNER)).records);
        // A lost answer leaves the sheet behind the store (e.g. an award's « Non retenu » never
        // written): the reconcile then takes the sheet's word, the same on both sides.
        const anyLost = sequence.some((e) =>
          e.kind === 'new' ? e.lost.slice(0, e.cells.length).some(Boolean) : e.lost,
        );
        if (anyLost) return;
        const kept = new Set(after.filter((r) => !r.archived).map((r) => r.id));
        expect(after.filter((r) => kept.has(r.id) && before.some((b) => b.id === r.id))).toEqual(
          before.filter((r) => kept.has(r.id)),
        );
      }),
      { numRuns: RUNS, seed: 20251207, endOnFailure: true },
    );
    console.log(`[partial reads property] ${RUNS} sequences, ${edits} edits: identical`);
  }, 300_000);
});
