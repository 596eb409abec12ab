/**
 * Issue 14's reproductions with the real command line on a real workspace: a moved workbook
 * recreated then synced (mistake 1, also the README's restore path), another operator's workbook
 * synced under CBE-LM's code (mistake 2), and two `dla sync` processes started together on 200
 * new rows, 20 times (mistake 3).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { XlsxWorkbookGateway } from '../../../functions/adapters/xlsx-workbook-gateway';
import { RECORD_TABS } from '../../../shared/domain/workbook-model';
import { DLA_SCRIPT, REPO_ROOT, TSX, dlaExit, runDla } from '../../support/dla-cli';

const run = promisify(execFile);
let root = '';
let demo = '';

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-mistakes-'));
  demo = path.join(root, 'demo');
  await runDla('init', '--demo', '--dir', demo);
}, 600_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A copy of the demo workspace, so each case starts from the same state. */
function copyOfDemo(name: string): string {
  const dir = path.join(root, name);
  fs.cpSync(demo, dir, { recursive: true });
  return dir;
}

async function recordsOf(dir: string, owner: 'CBE-LM' | 'EE-DK') {
  const store = new SqliteRecordStore(path.join(dir, 'dla.sqlite'));
  try {
    const { records } = await store.loadOwner(owner);
    return {
      active: records.filter((r) => !r.archived).length,
      archived: records.filter((r) => r.archived).length,
      total: records.length,
    };
  } finally {
    await store.close();
  }
}

describe('mistake 1: a moved workbook recreated empty, then synced', () => {
  it('rebuilds it from the store (write-back), archives nothing, says so in French', async () => {
    const dir = copyOfDemo('moved');
    const before = await recordsOf(dir, 'CBE-LM');
    fs.renameSync(path.join(dir, 'dla-CBE-LM.xlsx'), path.join(dir, 'ancien-classeur.xlsx'));
    // What `dla start` does with a missing workbook, and the README's restore path: init, sync.
    await runDla('init', '--dir', dir);
    const synced = await runDla('sync', '--dir', dir, '--operator', 'CBE-LM', '--json');
    const report = JSON.parse(synced.stdout) as { archived: number; warnings: string[] };
    expect(report.archived).toBe(0);
    expect(report.warnings.join('\n')).toMatch(/vide \(classeur neuf ou recréé\)/);
    expect(await recordsOf(dir, 'CBE-LM')).toEqual(before);
    const snapshot = await new XlsxWorkbookGateway(dir).read('CBE-LM');
    const structures = snapshot.ok
      ? snapshot.value.tabs.find((t) => t.name === RECORD_TABS.beneficiary.tab)
      : undefined;
    expect(structures?.rows.length).toBeGreaterThan(0);
    const again = await runDla('sync', '--dir', dir, '--operator', 'CBE-LM', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, archived: 0 });
  }, 300_000);
});

describe("mistake 2: another operator's workbook under CBE-LM's code", () => {
  it('is refused before anything is read into the store, and its file is not written', async () => {
    const dir = copyOfDemo('wrong-file');
    const other = path.join(dir, 'dla-EE-DK.xlsx');
    const bytes = fs.readFileSync(other);
    const before = await recordsOf(dir, 'CBE-LM');
    const result = await dlaExit(
      'sync',
      '--dir',
      dir,
      '--operator',
      'CBE-LM',
      '--file',
      other,
      '--json',
    );
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'appartient à EE-DK (marque du classeur), pas à CBE-LM',
    );
    expect(fs.readFileSync(other).equals(bytes)).toBe(true);
    expect(await recordsOf(dir, 'CBE-LM')).toEqual(before);
  }, 120_000);
});

describe('mistake 3: two `dla sync` processes started together', () => {
  const ROUNDS = 20;
  const ROWS = 200;

  it('20 rounds of 200 new rows: 200 records each time, 0 duplicates', async () => {
    const template = path.join(root, 'race-template');
    await runDla('init', '--dir', template);
    const gateway = new XlsxWorkbookGateway(template);
    const read = await gateway.read('CBE-LM');
    const header = read.ok
      ? (read.value.tabs.find((t) => t.name === 'Structures')?.header ?? [])
      : [];
    const fields = RECORD_TABS.beneficiary.fields;
    const typed: Record<string, (i: number) => string> = {
      [fields['name']?.label ?? '']: (i) => `Régie de quartier n° ${i + 1}`,
      [fields['legalForm']?.label ?? '']: () => 'Association loi 1901',
      [fields['town']?.label ?? '']: () => 'Lille',
      [fields['postalCode']?.label ?? '']: () => '59000',
    };
    const rows = Array.from({ length: ROWS }, (_, i) =>
      header.map((label) => typed[label]?.(i) ?? null),
    );
    const written = await gateway.write('CBE-LM', {
      cells: [],
      tabs: [{ tab: 'Structures', rows }],
    });
    expect(written.ok).toBe(true);
    let counted = 0;
    let duplicates = 0;
    let busy = 0;
    const refusals: string[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const dir = path.join(root, `race-${round}`);
      fs.cpSync(template, dir, { recursive: true });
      const sync = () =>
        run(TSX, [DLA_SCRIPT, 'sync', '--dir', dir, '--operator', 'CBE-LM', '--json'], {
          cwd: REPO_ROOT,
        }).catch((error: { stderr?: string }) => {
          busy += 1;
          refusals.push(`round ${round}: ${(error.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
          return { stdout: '{}', stderr: error.stderr ?? '' };
        });
      await Promise.all([sync(), sync()]);
      const store = new SqliteRecordStore(path.join(dir, 'dla.sqlite'));
      const { records } = await store.loadOwner('CBE-LM');
      await store.close();
      const names = records.map((r) => String(r.data['name']));
      counted += records.length;
      duplicates += names.length - new Set(names).size;
      expect(records.length).toBe(ROWS);
    }
    console.log(
      `[mistakes] two dla sync processes: ${ROUNDS} rounds × ${ROWS} new rows, ${counted} records counted, ${duplicates} duplicates, ${busy} sync(s) refused`,
    );
    // A refused sync says why (its last stderr lines), so a failure here can be read.
    expect({ duplicates, busy, refusals }).toEqual({ duplicates: 0, busy: 0, refusals: [] });
  }, 900_000);
});
