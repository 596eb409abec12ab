/**
 * Builds the benchmark workspace of one operator: its .xlsx workbook and the SQLite store, both
 * exactly as the real sync leaves them after the demo data was typed in, tab after tab.
 *
 * The sync is the real one (`syncWorkbook`, the SQLite store, the fixed clock); only the medium
 * of the intermediate steps is an in-memory workbook, so that building a 50,000-row workbook does
 * not cost eleven full .xlsx rewrites. The final state is written to the file in one write
 * through the real .xlsx gateway, the way a sync writes its write-back.
 *
 * @packageDocumentation
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DemoRow, OperatorDemoData } from '../../scripts/demo/demo-data';
import {
  createWorkbookFile,
  XlsxWorkbookGateway,
} from '../../functions/adapters/xlsx-workbook-gateway';
import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { C2RA, type OperatorCode, type WorkbookOwner } from '../../shared/domain/operator';
import { PARAMETERS_TAB, parameterRows } from '../../shared/domain/operator-parameters';
import type { RecordKind } from '../../shared/domain/record-id';
import type { CellValue } from '../../shared/domain/values/cell-value';
import { RECORD_TABS } from '../../shared/domain/workbook-model';
import { syncWorkbook, type ReconcilePorts } from '../../shared/use-cases/sync-workbook';
import {
  BENCH_OPERATOR,
  REGISTER_REFERENCE_ROWS,
  benchClock,
  benchData,
  referenceRegister,
  remapProviders,
  scaleForOperatorRows,
} from './bench-data';
import { cellWritesBetween, memoryWorkbookOf, MemoryWorkbookGateway } from './memory-gateway';

/** What a built workspace holds. */
export interface BuiltWorkspace {
  readonly dir: string;
  readonly owner: OperatorCode;
  readonly storePath: string;
  /** Rows of each record tab of the operator's workbook. */
  readonly rows: Readonly<Record<Exclude<RecordKind, 'provider' | 'registerProposal'>, number>>;
  /** Rows of the four record tabs together. */
  readonly totalRows: number;
  /** Providers of the regional register (and rows of the operator's « Prestataires » copy). */
  readonly registerProviders: number;
  /** Cells written to the .xlsx file at the end of the build. */
  readonly cellsWritten: number;
  /** Refusals the syncs of the build reported (demo data is meant to have none). */
  readonly refusals: number;
  /** Milliseconds spent in each phase of the build. */
  readonly phases: Readonly<Record<string, number>>;
}

/** The store file of a built workspace. */
export const STORE_FILE = 'dla.sqlite';

function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Lays rows under a record tab's header, matching columns by label (as `dla init --demo`). */
async function fillTab(
  gateway: MemoryWorkbookGateway,
  owner: WorkbookOwner,
  kind: RecordKind,
  rows: readonly DemoRow[],
): Promise<void> {
  const tabName = RECORD_TABS[kind].tab;
  const tab = gateway.get(owner).find((t) => t.name === tabName);
  if (tab === undefined) throw new Error(`No tab ${tabName} in ${owner}'s workbook.`);
  const keyByLabel = new Map(
    Object.entries(RECORD_TABS[kind].fields).map(([key, spec]) => [spec.label, key]),
  );
  const cells: CellValue[][] = rows.map((row) =>
    tab.header.map((label) => {
      const key = keyByLabel.get(label);
      return key === undefined ? null : (row[key] ?? null);
    }),
  );
  unwrap(await gateway.write(owner, { cells: [], tabs: [{ tab: tabName, rows: cells }] }));
}

/** Types one column of a record tab, row by row (the missions' balance dates, last). */
async function typeColumn(
  gateway: MemoryWorkbookGateway,
  owner: WorkbookOwner,
  kind: RecordKind,
  key: string,
  values: readonly CellValue[],
): Promise<void> {
  const tabName = RECORD_TABS[kind].tab;
  const label = RECORD_TABS[kind].fields[key]?.label ?? key;
  const tab = gateway.get(owner).find((t) => t.name === tabName);
  const column = tab === undefined ? -1 : tab.header.indexOf(label);
  if (column < 0) throw new Error(`No column ${label} in ${tabName}.`);
  const cells = values.flatMap((value, i) =>
    value === null
      ? []
      : [{ tab: tabName, row: i + 2, column: label, columnIndex: column + 1, value }],
  );
  unwrap(await gateway.write(owner, { cells, tabs: [] }));
}

/**
 * Builds, in an empty directory, the C2RA's register and one operator's workbook with about
 * `operatorRows` rows across its four record tabs, through the real sync. The register is the
 * shared reference register ({@link referenceRegister}) unless `register` is `generated` (the
 * generator's own, which grows with the scale).
 */
export async function buildOperatorWorkspace(
  dir: string,
  operatorRows: number,
  register: 'reference' | 'generated' = 'reference',
): Promise<BuiltWorkspace> {
  mkdirSync(dir, { recursive: true });
  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - phaseStart);
    phaseStart = now;
  };
  const owner = BENCH_OPERATOR;
  const generated = benchData(scaleForOperatorRows(operatorRows));
  let providers: readonly DemoRow[] = generated.register;
  let operator: OperatorDemoData = generated.operators[owner];
  if (register === 'reference' && operatorRows !== REGISTER_REFERENCE_ROWS) {
    providers = referenceRegister();
    operator = remapProviders(owner, operator, generated.register, providers);
  }
  phase('generate');
  const xlsx = new XlsxWorkbookGateway(dir);
  const memory = new MemoryWorkbookGateway();
  for (const who of [C2RA, owner] as const) {
    unwrap(await createWorkbookFile(dir, who, { [PARAMETERS_TAB]: parameterRows() }));
    memory.set(who, memoryWorkbookOf(unwrap(await xlsx.read(who))));
  }
  const initial = memoryWorkbookOf(unwrap(await xlsx.read(owner)));
  const storePath = path.join(dir, STORE_FILE);
  const store = new SqliteRecordStore(storePath);
  const ports: ReconcilePorts = { store, clock: benchClock, gateway: memory };
  let refusals = 0;
  phase('create');
  const sync = async (who: WorkbookOwner, name: string) => {
    const report = unwrap(await syncWorkbook(ports, who, 'données de banc d’essai'));
    refusals += report.rejected.length;
    phase(name);
  };
  try {
    await fillTab(memory, C2RA, 'provider', providers);
    await sync(C2RA, 'sync register');
    const withoutBalances = operator.missions.map((m) => ({ ...m, balancePaidOn: null }));
    for (const [kind, rows] of [
      ['beneficiary', operator.beneficiaries],
      ['plan', operator.plans],
      ['mission', withoutBalances],
      ['solicitation', operator.solicitations],
    ] as const) {
      await fillTab(memory, owner, kind, rows);
      await sync(owner, `sync ${kind}`);
    }
    await typeColumn(
      memory,
      owner,
      'mission',
      'balancePaidOn',
      operator.missions.map((m) => m['balancePaidOn'] ?? null),
    );
    await sync(owner, 'sync balances');
  } finally {
    await store.close();
  }
  const cells = cellWritesBetween(initial, memory.get(owner));
  unwrap(await xlsx.write(owner, { cells, tabs: [] }));
  phase('write xlsx');
  const rows = {
    beneficiary: operator.beneficiaries.length,
    plan: operator.plans.length,
    mission: operator.missions.length,
    solicitation: operator.solicitations.length,
  };
  return {
    dir,
    owner,
    storePath,
    rows,
    totalRows: rows.beneficiary + rows.plan + rows.mission + rows.solicitation,
    registerProviders: providers.length,
    cellsWritten: cells.length,
    refusals,
    phases,
  };
}
