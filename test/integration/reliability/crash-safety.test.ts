/**
 * Crash safety of the local mode: the real command line (`tsx scripts/dla.ts sync`) is killed
 * with SIGKILL in the middle of a sync of a demo workspace whose « Structures » tab just got a
 * thousand new rows (some twins, some refused cells). The kill lands at fixed delays, at
 * fractions of a measured full run, right after the store applied the sync (seen by polling the
 * SQLite file from outside) and while the workbook is being written (its temporary file seen).
 *
 * After every kill: the .xlsx on disk (and its .bak) opens with exceljs — never half written —,
 * and the next `dla sync` neither loses nor duplicates anything: one record per row, every row
 * an ID of its own, and a sync after it writes nothing. What makes it hold when the kill fell
 * between the store and the workbook: the sync adopts a row identical to a stored record whose
 * ID never reached the sheet (plan-sync, step 2) — including twins and rows with refused cells.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { workbookFileName } from '../../../sheets/layouts/workbook-layout';
import { createMissingWorkbooks, loadDemoData } from '../../../scripts/workspace-setup';
import { openWorkspace } from '../../../scripts/workspace-context';
import type { SyncReport } from '../../../shared/domain/sync/plan-sync';
import { DLA_SCRIPT, REPO_ROOT, TSX } from '../../support/dla-cli';

const OWNER = 'CBE-LM';
const TAB = 'Structures';
const NEW_ROWS = 1000;

/** How one run of the CLI ended. */
interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Starts `dla sync` in its own process group, so that SIGKILL reaches tsx and the node it runs. */
function startSync(
  dir: string,
  extra: readonly string[] = [],
): { child: ChildProcess; done: Promise<Run> } {
  const started = Date.now();
  const child = spawn(TSX, [DLA_SCRIPT, 'sync', '--dir', dir, '--operator', OWNER, ...extra], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started }),
    ),
  );
  return { child, done };
}

/** SIGKILL to the whole process group of a child we started (tsx and the node it spawned). */
function kill(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function runSync(dir: string): Promise<Run> {
  const { done } = startSync(dir, ['--json']);
  return done;
}

/** Records of the operator in the workspace's store, read by a second connection. */
function countRecords(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM records WHERE owner = ?').get(OWNER) as {
      n: number;
    };
    return row.n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** The « Structures » rows of the workbook on disk: each row's ID and whether it has content. */
async function readTab(file: string): Promise<{ ids: (string | null)[] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(TAB);
  if (!sheet) throw new Error(`no ${TAB} tab in ${file}`);
  const ids: (string | null)[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n < 2) return;
    const values = Array.isArray(row.values) ? row.values.slice(2) : [];
    if (!values.some((v) => v !== null && v !== undefined && v !== '')) return;
    const id = row.getCell(1).value;
    ids.push(typeof id === 'string' && id !== '' ? id : null);
  });
  return { ids };
}

/** Opens a workbook with exceljs; the error message when it does not open. */
async function opens(file: string): Promise<string | null> {
  try {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    return book.getWorksheet(TAB) ? null : `no ${TAB} tab`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Adds rows as a person would paste them: no ID, some twins, some values the sync refuses. */
async function addRows(file: string, count: number): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet(TAB);
  if (!sheet) throw new Error(`no ${TAB} tab`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value), col));
  const col = (label: string): number => {
    const found = columns.get(label);
    if (found === undefined) throw new Error(`no column ${label}`);
    return found;
  };
  const first = sheet.actualRowCount + 1;
  for (let i = 0; i < count; i += 1) {
    const row = sheet.getRow(first + i);
    const twin = i % 40 === 0;
    row.getCell(col('Nom de la structure')).value = twin
      ? 'À compléter'
      : `Association nouvelle ${i + 1}`;
    row.getCell(col('Commune')).value = twin
      ? null
      : (['Lille', 'Roubaix', 'Tourcoing'][i % 3] ?? null);
    row.getCell(col('Code postal')).value = i % 9 === 0 ? 'ABCDE' : '59100';
    row.getCell(col('Salariés (ETP)')).value = i % 13 === 0 ? 'beaucoup' : (i % 7) + 0.5;
  }
  await book.xlsx.writeFile(file);
}

function copyWorkspace(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/** The invariants after the recovering sync; answers what is wrong (empty when all holds). */
async function checkRecovered(
  dir: string,
): Promise<{ problems: string[]; rows: number; records: number }> {
  const file = path.join(dir, workbookFileName(OWNER));
  const problems: string[] = [];
  const { ids } = await readTab(file);
  const store = SqliteRecordStore.open(path.join(dir, 'dla.sqlite'));
  try {
    const records = (await store.loadOwner(OWNER)).records.filter((r) => r.kind === 'beneficiary');
    const byId = new Map(records.map((r) => [r.id, r]));
    const missing = ids.filter((id) => id === null).length;
    if (missing > 0) problems.push(`${missing} row(s) without ID`);
    const present = ids.filter((id): id is string => id !== null);
    if (new Set(present).size !== present.length) problems.push('two rows share an ID');
    const unknown = present.filter((id) => !byId.has(id) || byId.get(id)?.archived === true);
    if (unknown.length > 0) problems.push(`${unknown.length} ID(s) without an active record`);
    if (records.length !== ids.length)
      problems.push(`${records.length} records for ${ids.length} rows (lost or duplicated)`);
    return { problems, rows: ids.length, records: records.length };
  } finally {
    await store.close();
  }
}

describe('crash safety of the local mode (SIGKILL in the middle of dla sync)', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-crash-'));
  const prepared = path.join(base, 'prepared');
  let fullRunMs = 0;

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  beforeAll(async () => {
    await createMissingWorkbooks(prepared);
    const opened = openWorkspace(prepared);
    if (!opened.ok) throw new Error(opened.message);
    try {
      const loaded = await loadDemoData(opened.context, { scale: 0.5 });
      if (!loaded.ok) throw new Error(loaded.error.message);
    } finally {
      await opened.context.close();
    }
    await addRows(path.join(prepared, workbookFileName(OWNER)), NEW_ROWS);
    // How long a whole sync takes, to aim the kills at its parts.
    const calibration = path.join(base, 'calibration');
    copyWorkspace(prepared, calibration);
    const run = await runSync(calibration);
    if (run.code !== 0) throw new Error(`calibration sync failed: ${run.stderr}`);
    fullRunMs = run.ms;
    const report = JSON.parse(run.stdout) as SyncReport;
    expect(report.created).toBe(NEW_ROWS);
  }, 240_000);

  it('never leaves a half-written workbook, and the next sync neither loses nor duplicates', async () => {
    type Aim = { label: string; trigger: 'delay' | 'after-store' | 'during-write'; ms?: number };
    const aims: Aim[] = [
      { label: '50 ms', trigger: 'delay', ms: 50 },
      { label: '150 ms', trigger: 'delay', ms: 150 },
      { label: '400 ms', trigger: 'delay', ms: 400 },
      ...[0.5, 0.75, 0.9].map((f) => ({
        label: `${Math.round(f * 100)} % of a full run`,
        trigger: 'delay' as const,
        ms: Math.round(fullRunMs * f),
      })),
      { label: 'right after the store apply (1)', trigger: 'after-store' },
      { label: 'right after the store apply (2)', trigger: 'after-store' },
      { label: 'right after the store apply (3)', trigger: 'after-store' },
      { label: 'while the workbook is written (1)', trigger: 'during-write' },
      { label: 'while the workbook is written (2)', trigger: 'during-write' },
    ];
    const lines: string[] = [];
    let killedBetweenStoreAndSheet = 0;
    let leftoverTempFiles = 0;
    const failures: string[] = [];
    for (const [n, aim] of aims.entries()) {
      const dir = path.join(base, `run-${n}`);
      copyWorkspace(prepared, dir);
      const file = path.join(dir, workbookFileName(OWNER));
      const sqlite = path.join(dir, 'dla.sqlite');
      const before = countRecords(sqlite);
      const { child, done } = startSync(dir);
      let killedAt = -1;
      const started = Date.now();
      if (aim.trigger === 'delay') {
        setTimeout(() => {
          killedAt = Date.now() - started;
          kill(child);
        }, aim.ms ?? 0);
      } else {
        // Watch from outside, as fast as we can, and kill the moment the sign appears.
        const watch = setInterval(() => {
          const seen =
            aim.trigger === 'after-store'
              ? countRecords(sqlite) > before
              : fs
                  .readdirSync(dir)
                  .some((f) => f.startsWith(`.${workbookFileName(OWNER)}.`) && f.endsWith('.tmp'));
          if (seen) {
            killedAt = Date.now() - started;
            kill(child);
            clearInterval(watch);
          }
        }, 2);
        void done.then(() => clearInterval(watch));
      }
      const run = await done;
      const killed = run.signal === 'SIGKILL';
      // The workbook and its backup on disk open, whatever the moment of the kill.
      const openProblem = await opens(file);
      const backupProblem = fs.existsSync(`${file}.bak`) ? await opens(`${file}.bak`) : null;
      const storedAfterKill = countRecords(sqlite) - before;
      const idsAfterKill = (await readTab(file)).ids.filter((id) => id !== null).length;
      const temps = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')).length;
      leftoverTempFiles += temps;
      const between = killed && storedAfterKill > 0 && idsAfterKill < storedAfterKill + before;
      if (between) killedBetweenStoreAndSheet += 1;
      // The next sync, to the end.
      const recovery = await runSync(dir);
      const recovered = recovery.code === 0 ? (JSON.parse(recovery.stdout) as SyncReport) : null;
      const check = await checkRecovered(dir);
      // A sync after that writes nothing: neither the store nor the workbook.
      const mtime = fs.statSync(file).mtimeMs;
      const audit = await (async () => {
        const store = SqliteRecordStore.open(sqlite);
        try {
          return (await store.listAudit(OWNER)).length;
        } finally {
          await store.close();
        }
      })();
      const again = await runSync(dir);
      const quiet = again.code === 0 ? (JSON.parse(again.stdout) as SyncReport) : null;
      const auditAfter = await (async () => {
        const store = SqliteRecordStore.open(sqlite);
        try {
          return (await store.listAudit(OWNER)).length;
        } finally {
          await store.close();
        }
      })();
      const problems = [
        ...(openProblem ? [`workbook does not open: ${openProblem}`] : []),
        ...(backupProblem ? [`backup does not open: ${backupProblem}`] : []),
        ...(recovered ? [] : [`recovery sync failed: ${recovery.stderr}`]),
        ...check.problems,
        ...(quiet &&
        quiet.created === 0 &&
        quiet.updated === 0 &&
        quiet.archived === 0 &&
        quiet.restored === 0
          ? []
          : [`the sync after recovery still changed something: ${again.stdout.slice(0, 200)}`]),
        ...(fs.statSync(file).mtimeMs === mtime
          ? []
          : ['the sync after recovery rewrote the workbook']),
        ...(auditAfter === audit ? [] : ['the sync after recovery wrote to the store']),
      ];
      if (problems.length > 0) failures.push(`${aim.label}: ${problems.join('; ')}`);
      lines.push(
        `  ${aim.label.padEnd(36)} killed: ${killed ? `yes at ${killedAt} ms` : `no (finished in ${run.ms} ms)`}` +
          ` — stored before the kill: ${storedAfterKill}, IDs in the sheet: ${idsAfterKill}` +
          ` — next sync: ${recovered ? `${recovered.created} created, ${recovered.restored} restored` : 'failed'}` +
          ` — rows ${check.rows}, records ${check.records}${problems.length > 0 ? ` — ${problems.join('; ')}` : ''}`,
      );
    }
    console.log(
      [
        `[crash safety] dla sync of ${OWNER} with ${NEW_ROWS} new rows (a full run: ${fullRunMs} ms), SIGKILL at:`,
        ...lines,
        `  kills between the store apply and the workbook write: ${killedBetweenStoreAndSheet}; temporary files left by a kill: ${leftoverTempFiles}`,
        `  workbooks that did not open: 0 expected, lost: 0 expected, duplicated: 0 expected — problems: ${failures.length}`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(killedBetweenStoreAndSheet).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
