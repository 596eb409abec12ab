import fs from 'node:fs';
import path from 'node:path';
import { createWorkbookFile } from '../functions/adapters/xlsx-workbook-gateway';
import { C2RA, OPERATOR_CODES, type WorkbookOwner } from '../shared/domain/operator';
import {
  PARAMETERS_TAB,
  confirmArchiveRow,
  parameterRows,
} from '../shared/domain/operator-parameters';
import type { RecordKind } from '../shared/domain/record-id';
import { fail, ok, type Result } from '../shared/domain/result';
import type { SyncReport } from '../shared/domain/sync/plan-sync';
import type { CellValue } from '../shared/domain/values/cell-value';
import { NO_PROGRESS, type ProgressCallback } from '../shared/ports/progress';
import { parisDateOf } from '../shared/domain/values/french-date';
import { RECORD_TABS } from '../shared/domain/workbook-model';
import type { SpreadsheetGateway } from '../shared/ports/spreadsheet-gateway';
import { syncWorkbook, type ReconcilePorts } from '../shared/use-cases/sync-workbook';
import { workbookFileName } from '../sheets/layouts/workbook-layout';
import { generateDemoData, type DemoRow } from './demo/demo-data';
import { DEMO_PROPOSER, loadDemoRegisterProposals } from './demo/demo-register-proposals';

/** Every workbook of a workspace: the C2RA's first (the register feeds the operators' dropdowns). */
export const WORKSPACE_OWNERS: readonly WorkbookOwner[] = [C2RA, ...OPERATOR_CODES];

/** The workbook files a workspace is missing. */
export function missingWorkbooks(dir: string): WorkbookOwner[] {
  return WORKSPACE_OWNERS.filter(
    (owner) => !fs.existsSync(path.join(dir, workbookFileName(owner))),
  );
}

/** Creates the missing workbooks of a workspace from the layouts; existing ones are never touched. */
export async function createMissingWorkbooks(dir: string): Promise<WorkbookOwner[]> {
  fs.mkdirSync(dir, { recursive: true });
  const missing = missingWorkbooks(dir);
  for (const owner of missing) {
    await createWorkbookFile(dir, owner, {
      [PARAMETERS_TAB]: [...parameterRows(), confirmArchiveRow()],
    });
  }
  return missing;
}

/** Lays demo rows under a tab's header, matching columns by label like a person would. */
async function fillTab(
  gateway: SpreadsheetGateway,
  owner: WorkbookOwner,
  kind: RecordKind,
  rows: readonly DemoRow[],
): Promise<Result<void>> {
  if (rows.length === 0) return ok(undefined);
  const read = await gateway.read(owner);
  if (!read.ok) return read;
  const tab = read.value.tabs.find((t) => t.name === RECORD_TABS[kind].tab);
  if (!tab)
    return fail(
      'WORKBOOK_UNREADABLE',
      `Onglet « ${RECORD_TABS[kind].tab} » absent du classeur ${owner}.`,
    );
  const fields = RECORD_TABS[kind].fields;
  const keyByLabel = new Map(Object.entries(fields).map(([key, spec]) => [spec.label, key]));
  const cells: CellValue[][] = rows.map((row) =>
    tab.header.map((label) => {
      const key = keyByLabel.get(label);
      return key === undefined ? null : (row[key] ?? null);
    }),
  );
  return gateway.write(owner, { cells: [], tabs: [{ tab: tab.name, rows: cells }] });
}

/** Types one column of a record tab, row by row in the order the rows were laid (as a person would). */
async function typeColumn(
  gateway: SpreadsheetGateway,
  owner: WorkbookOwner,
  kind: RecordKind,
  key: string,
  values: readonly CellValue[],
): Promise<Result<void>> {
  const read = await gateway.read(owner);
  if (!read.ok) return read;
  const label = RECORD_TABS[kind].fields[key]?.label;
  const tab = read.value.tabs.find((t) => t.name === RECORD_TABS[kind].tab);
  const column = tab && label ? tab.header.indexOf(label) : -1;
  if (!tab || !label || column < 0)
    return fail(
      'WORKBOOK_UNREADABLE',
      `Colonne « ${label ?? key} » absente de l'onglet « ${RECORD_TABS[kind].tab} ».`,
    );
  const cells = values.flatMap((value, i) =>
    value === null
      ? []
      : [{ tab: tab.name, row: i + 2, column: label, columnIndex: column + 1, value }],
  );
  return gateway.write(owner, { cells, tabs: [] });
}

/**
 * Fills a fresh workspace with the deterministic demo data set, tab by tab in the order the
 * references need (register, structures, plans, missions, solicitations), each followed by a
 * sync so that the IDs the next tab refers to exist.
 */
export async function loadDemoData(
  ports: ReconcilePorts,
  options: { seed?: number; scale?: number; progress?: ProgressCallback } = {},
): Promise<Result<SyncReport[]>> {
  const data = generateDemoData({
    seed: options.seed ?? 2007,
    scale: options.scale ?? 1,
    today: parisDateOf(ports.clock.now()),
  });
  const reports: SyncReport[] = [];
  const progress = options.progress ?? NO_PROGRESS;
  // One unit per sync: the register, per operator four tabs and the balances, then the four
  // syncs of the proposals to the register.
  const total = 1 + OPERATOR_CODES.length * 5 + 4;
  const report = (owner: WorkbookOwner, what: string): void =>
    progress({ step: `Démonstration ${owner} : ${what}`, done: reports.length, total });
  const step = async (
    owner: WorkbookOwner,
    kind: RecordKind,
    rows: readonly DemoRow[],
  ): Promise<Result<void>> => {
    report(owner, RECORD_TABS[kind].tab);
    const filled = await fillTab(ports.gateway, owner, kind, rows);
    if (!filled.ok) return filled;
    const synced = await syncWorkbook(ports, owner, 'données de démonstration');
    if (!synced.ok) return synced;
    reports.push(synced.value);
    return ok(undefined);
  };
  const first = await step(C2RA, 'provider', data.register);
  if (!first.ok) return first;
  for (const code of OPERATOR_CODES) {
    const operator = data.operators[code];
    // A balance can only be recorded once the retained proposal exists (guide: no payment
    // without a complete provider sheet): missions go in without it, and get it at the end.
    const missions = operator.missions.map((m) => ({ ...m, balancePaidOn: null }));
    for (const [kind, rows] of [
      ['beneficiary', operator.beneficiaries],
      ['plan', operator.plans],
      ['mission', missions],
      ['solicitation', operator.solicitations],
    ] as const) {
      const done = await step(code, kind, rows);
      if (!done.ok) return done;
    }
    const balances = await typeColumn(
      ports.gateway,
      code,
      'mission',
      'balancePaidOn',
      operator.missions.map((m) => m['balancePaidOn'] ?? null),
    );
    if (!balances.ok) return balances;
    report(code, 'soldes');
    const synced = await syncWorkbook(ports, code, 'données de démonstration');
    if (!synced.ok) return synced;
    reports.push(synced.value);
  }
  report(DEMO_PROPOSER, 'propositions au registre');
  const proposals = await loadDemoRegisterProposals(ports, data.register, reports);
  if (!proposals.ok) return proposals;
  progress({ step: 'Démonstration : terminée', done: reports.length, total });
  return ok(reports);
}
