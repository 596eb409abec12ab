import path from 'node:path';

import ts from 'typescript';

import { formatRecordId } from '../../shared/domain/record-id';
import type { OwnerState } from '../../shared/domain/stored-record';
import { syncWorkbook } from '../../shared/use-cases/sync-workbook';
import {
  identityTokenEmail,
  type AppsScriptSandbox,
  type SandboxCell,
  type WriteCall,
} from '../support/apps-script-sandbox';
import {
  appsScriptFiles,
  column,
  editEvents,
  expectSigned,
  HEADERS,
  INSTALLERS,
  newSandbox,
  resetFunctions,
  SCRIPT_DIR,
  SECRETS,
  SHEET_EDIT_URL,
  useFunctions,
} from '../support/apps-script-functions';
import { PROVIDER_ROWS, rowOf } from '../support/builders/workbook-rows';
import { InMemoryRecordStore } from '../support/fakes/in-memory-record-store';

type Tab = keyof typeof HEADERS;

function cellOf(
  sandbox: AppsScriptSandbox,
  tab: Tab,
  row: number,
  label: string,
): SandboxCell | undefined {
  return sandbox.cell(tab, row, column(label, tab));
}

/** A sandbox of one tab holding its header (and `rows`). */
function sandboxWith(
  tab: Tab,
  rows: readonly (readonly unknown[])[] = [],
  spreadsheetId = tab === 'Registre' ? 'local-C2RA' : 'local-CBE-LM',
  options: { lockTimeScale?: number; lock?: 'modelled' | 'ignored' } = {},
): AppsScriptSandbox {
  return newSandbox({
    spreadsheetId,
    tabs: [{ name: tab, rows: [HEADERS[tab], ...rows] }],
    ...options,
  });
}

/** Runs of adjacent column indexes. */
function runsOf(columns: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const index of [...columns].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[last.length - 1] === index - 1) last.push(index);
    else runs.push([index]);
  }
  return runs;
}

/** No two write calls of the same kind on one row touch adjacent cells: each run is one call. */
function expectGroupedPerRow(writes: readonly WriteCall[]): void {
  const kind = (method: string): string => method.replace(/s$/, '');
  for (const a of writes) {
    for (const b of writes) {
      if (a === b || a.tab !== b.tab || a.row !== b.row || kind(a.method) !== kind(b.method))
        continue;
      expect(a.column + a.numColumns).not.toBe(b.column);
    }
  }
}

afterEach(resetFunctions);

describe('the Apps Script edit trigger, run in node:vm against the real sheetEdit function', () => {
  it('type-checks against @types/google-apps-script with its own tsconfig', () => {
    const configPath = path.join(SCRIPT_DIR, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('no tsconfig');
    expect(config.options.module).toBe(ts.ModuleKind.None);
    expect(config.options.types).toEqual(['google-apps-script']);
    const program = ts.createProgram({
      rootNames: config.fileNames,
      options: { ...config.options, noEmit: true },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))).toBe('');
    for (const file of appsScriptFiles()) {
      expect(file.code).not.toMatch(/\b(require|exports|import)\b\s*[(.{]/);
    }
  });

  it('sends a single-cell edit of a new Registre row and writes back the new ID', async () => {
    const { store } = useFunctions();
    const sandbox = sandboxWith('Registre');
    await sandbox.edit('Registre', 2, column('Raison sociale'), [['Atelier Flandre Conseil']]).done;
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges.map((e) => e.status)).toEqual([200]);
    const [event] = editEvents(sandbox.exchanges);
    expect(event).toMatchObject({
      spreadsheetId: 'local-C2RA',
      tab: 'Registre',
      editedColumns: [1],
      header: HEADERS.Registre,
      sameIdRows: [],
      user: INSTALLERS.C2RA,
    });
    expect(event).not.toHaveProperty('otherRowIds');
    expect(event?.rows).toHaveLength(1);
    expect(event?.rows[0]?.rowNumber).toBe(2);
    expect(event?.rows[0]?.values).toHaveLength(HEADERS.Registre.length);
    expect(event?.rows[0]?.values[1]).toBe('Atelier Flandre Conseil');
    expect(event?.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const [exchange] = sandbox.exchanges;
    if (exchange === undefined) throw new Error('no request');
    expect(exchange.request).toMatchObject({ method: 'post', muteHttpExceptions: true });
    expect(exchange.request.contentType).toMatch(/^application\/json/);
    expectSigned(exchange, SECRETS.C2RA);

    expect(cellOf(sandbox, 'Registre', 2, 'ID')?.value).toBe('PRE-0001');
    expect(cellOf(sandbox, 'Registre', 2, 'Raison sociale')?.value).toBe('Atelier Flandre Conseil');
    const register = await store.loadRegister();
    expect(register.map((r) => [r.id, r.data['legalName']])).toEqual([
      ['PRE-0001', 'Atelier Flandre Conseil'],
    ]);
    // One call per run of adjacent cells: e.g. « Fiche complète » and « Éléments manquants » together.
    const answer = exchange.body as { cells: { columnIndex: number; value?: unknown }[] };
    const valueColumns = answer.cells
      .filter((c) => c.value !== undefined)
      .map((c) => c.columnIndex);
    expect(valueColumns).toEqual(
      expect.arrayContaining([1, column('Fiche complète'), column('Éléments manquants')]),
    );
    expect(
      sandbox.writes
        .filter((w) => w.method === 'setValue' || w.method === 'setValues')
        .map((w) => [w.row, w.column, w.numColumns]),
    ).toEqual(runsOf(valueColumns).map((run) => [2, run[0], run.length]));
    expectGroupedPerRow(sandbox.writes);
  });

  it('follows an operator through a new mission: a refused row gets a red note, the next single-cell edit gets the ID and clears it', async () => {
    const { store } = useFunctions();
    const beneficiaryId = formatRecordId({ kind: 'beneficiary', operator: 'CBE-LM', sequence: 1 });
    const planId = formatRecordId({ kind: 'plan', operator: 'CBE-LM', sequence: 1 });
    const missionId = formatRecordId({ kind: 'mission', operator: 'CBE-LM', sequence: 1 });
    const sandbox = newSandbox({
      spreadsheetId: 'local-CBE-LM',
      tabs: (['Structures', 'Accompagnements', 'Missions'] as const).map((name) => ({
        name,
        rows: [HEADERS[name]],
      })),
    });
    const edit = (tab: Tab, label: string, value: string) =>
      sandbox.edit(tab, 2, column(label, tab), [[value]], { activeUser: 'prenom.nom@cbe-lille.fr' })
        .done;
    await edit('Structures', 'Nom de la structure', 'Les Jardins de la Lys');
    await edit('Accompagnements', 'Structure (ID)', beneficiaryId);
    await edit('Missions', 'Accompagnement (ID)', planId);
    await edit('Missions', 'Intitulé', 'Structurer la fonction employeur');
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges.map((e) => e.status)).toEqual([200, 200, 200, 200]);
    const events = editEvents(sandbox.exchanges);
    expect(events.map((e) => [e.spreadsheetId, e.tab, e.editedColumns, e.user])).toEqual([
      [
        'local-CBE-LM',
        'Structures',
        [column('Nom de la structure', 'Structures') - 1],
        'prenom.nom@cbe-lille.fr',
      ],
      [
        'local-CBE-LM',
        'Accompagnements',
        [column('Structure (ID)', 'Accompagnements') - 1],
        'prenom.nom@cbe-lille.fr',
      ],
      [
        'local-CBE-LM',
        'Missions',
        [column('Accompagnement (ID)', 'Missions') - 1],
        'prenom.nom@cbe-lille.fr',
      ],
      ['local-CBE-LM', 'Missions', [column('Intitulé', 'Missions') - 1], 'prenom.nom@cbe-lille.fr'],
    ]);
    for (const exchange of sandbox.exchanges) expectSigned(exchange, SECRETS['CBE-LM']);
    expect(cellOf(sandbox, 'Structures', 2, 'ID')?.value).toBe(beneficiaryId);
    expect(cellOf(sandbox, 'Accompagnements', 2, 'ID')?.value).toBe(planId);
    // The third edit was refused (no title yet): the function's answer said so on the title cell.
    const refusal = (sandbox.exchanges[2]?.body as { cells: { column: string; style?: string }[] })
      .cells;
    expect(refusal.find((c) => c.column === 'Intitulé')?.style).toBe('error');
    // The fourth, a single cell, completed the row: the ID is in the sheet, the red note is gone.
    const missionRow = events[3]?.rows[0];
    expect(missionRow?.values[column('Accompagnement (ID)', 'Missions') - 1]).toBe(planId);
    expect(cellOf(sandbox, 'Missions', 2, 'ID')?.value).toBe(missionId);
    expect(cellOf(sandbox, 'Missions', 2, 'Intitulé')?.note ?? '').toBe('');
    expect(cellOf(sandbox, 'Missions', 2, 'Intitulé')?.background ?? null).toBeNull();
    expect(cellOf(sandbox, 'Missions', 2, 'Statut')?.value).not.toBe('');
    const { records } = await store.loadOwner('CBE-LM');
    expect(records.map((r) => r.id).sort()).toEqual([beneficiaryId, missionId, planId].sort());
    expectGroupedPerRow(sandbox.writes);
  });

  it('sends a paste of 3 rows as one event, with dates as serial numbers, and writes the 3 IDs back', async () => {
    const { store } = useFunctions();
    // 15/01/2024 at midnight in Paris, as Apps Script gives a date cell.
    const referencedOn = new Date(Date.UTC(2024, 0, 14, 23, 0, 0));
    const pasted = PROVIDER_ROWS.map((values, index) => {
      const row = rowOf('provider', values).slice(1, column('Référencé le'));
      return index === 0 ? [...row.slice(0, -1), referencedOn] : row;
    });
    const sandbox = sandboxWith('Registre');
    await sandbox.edit('Registre', 2, 2, pasted).done;
    expect(sandbox.thrown).toEqual([]);
    const events = editEvents(sandbox.exchanges);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    expect(event?.editedColumns).toEqual(
      Array.from({ length: pasted[0]?.length ?? 0 }, (_, i) => i + 1),
    );
    expect(event?.rows[0]?.values[column('Référencé le') - 1]).toBe(45_306);
    expect(event?.rows[1]?.values[column('Référencé le') - 1]).toBe('2024-03-02');
    expect(sandbox.exchanges[0]?.status).toBe(200);

    const ids = [2, 3, 4].map((row) => cellOf(sandbox, 'Registre', row, 'ID')?.value);
    expect(ids).toEqual(['PRE-0001', 'PRE-0002', 'PRE-0003']);
    const register = await store.loadRegister();
    expect(register.find((r) => r.id === 'PRE-0001')?.data['referencedOn']).toBe('2024-01-15');
    expectGroupedPerRow(sandbox.writes);
    // Every cell of the answer is written, grouped by row: never more calls than cells.
    const answer = sandbox.exchanges[0]?.body as { cells: unknown[] };
    expect(sandbox.writes.length).toBeLessThanOrEqual(answer.cells.length * 3);
  });

  it('colours a refused cell red and leaves the function’s French note on it', async () => {
    useFunctions();
    const sandbox = sandboxWith('Registre', [rowOf('provider', { legalName: 'Opale Stratégies' })]);
    await sandbox.edit('Registre', 2, column('E-mail'), [['contact(at)opale-strategies.fr']]).done;
    expect(sandbox.thrown).toEqual([]);
    const answer = sandbox.exchanges[0]?.body as {
      cells: { column: string; style?: string; note?: string }[];
    };
    const refused = answer.cells.find((c) => c.column === 'E-mail');
    expect(refused?.style).toBe('error');
    const email = cellOf(sandbox, 'Registre', 2, 'E-mail');
    expect(email?.background).toBe('#F4CCCC');
    expect(email?.note).toBe(refused?.note);
    expect(email?.note).toMatch(/e-mail|adresse/i);
    expect(email?.value).toBe('contact(at)opale-strategies.fr');
    // The rest of the row is stored: it gets its ID.
    expect(cellOf(sandbox, 'Registre', 2, 'ID')?.value).toBe('PRE-0001');
  });

  it('leaves a French note and does not throw when sheetEdit answers 500', async () => {
    class BrokenStore extends InMemoryRecordStore {
      override async loadOwner(): Promise<OwnerState> {
        throw new Error('Firestore indisponible');
      }
      override async loadRegister(): Promise<never> {
        throw new Error('Firestore indisponible');
      }
      override async findCreatedSince(): Promise<never> {
        throw new Error('Firestore indisponible');
      }
      override async getRecords(): Promise<never> {
        throw new Error('Firestore indisponible');
      }
    }
    useFunctions(new BrokenStore());
    const sandbox = sandboxWith('Registre');
    await sandbox.edit('Registre', 2, 2, [['Cabinet Ambroise'], ['Opale Stratégies']]).done;
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges.map((e) => e.status)).toEqual([500]);
    const first = cellOf(sandbox, 'Registre', 2, 'Raison sociale');
    expect(first?.note).toBe(
      'Modification non transmise (erreur 500) : elle sera reprise à la prochaine synchronisation.',
    );
    expect(first?.value).toBe('Cabinet Ambroise');
    expect(cellOf(sandbox, 'Registre', 3, 'Raison sociale')?.note ?? '').toBe('');
    expect(cellOf(sandbox, 'Registre', 2, 'ID')?.value ?? '').toBe('');
  });

  it('leaves a note when the function URL is not configured, without throwing', async () => {
    useFunctions();
    const sandbox = newSandbox({
      spreadsheetId: 'local-C2RA',
      scriptProperties: {},
      tabs: [{ name: 'Registre', rows: [HEADERS.Registre] }],
    });
    await sandbox.edit('Registre', 2, 2, [['Cabinet Ambroise']]).done;
    expect(sandbox.thrown).toEqual([]);
    expect(sandbox.exchanges).toEqual([]);
    expect(cellOf(sandbox, 'Registre', 2, 'Raison sociale')?.note).toMatch(
      /^Modification non transmise \(propriété DLA_FUNCTION_URL/,
    );
  });

  it('splits a paste over 10,000 cells into several events, each accepted', async () => {
    const { store } = useFunctions();
    const pasted = Array.from({ length: 600 }, (_, i) => [`Cabinet n° ${i + 1}`]);
    const sandbox = sandboxWith('Registre');
    await sandbox.edit('Registre', 2, 2, pasted).done;
    expect(sandbox.thrown).toEqual([]);
    const events = editEvents(sandbox.exchanges);
    // 18 columns: 555 rows (9,990 cells) per event.
    expect(events.map((e) => e.rows.length)).toEqual([555, 45]);
    expect(events.every((e) => e.rows.length * HEADERS.Registre.length <= 10_000)).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(sandbox.exchanges.map((e) => e.status)).toEqual([200, 200]);
    // No ID of the tab travels with the events: their rows are new, none holds an ID yet.
    expect(events.map((e) => e.sameIdRows)).toEqual([[], []]);
    const ids = Array.from(
      { length: 600 },
      (_, i) => cellOf(sandbox, 'Registre', i + 2, 'ID')?.value,
    );
    expect(new Set(ids).size).toBe(600);
    expect((await store.loadRegister()).length).toBe(600);
  });
});

describe('two quick edits of one new row, under the document lock', () => {
  /**
   * A person types the name of a new provider, then its e-mail while the first edit is still on
   * its way: the second run starts once the first has read the row and is waiting for sheetEdit.
   */
  async function twoQuickEdits(sandbox: AppsScriptSandbox) {
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = sandbox.edit(
      'Registre',
      2,
      column('Raison sociale'),
      [['Atelier Flandre Conseil']],
      {
        fetchGate: gate,
      },
    );
    await first.reached('fetch');
    const second = sandbox.edit('Registre', 2, column('E-mail'), [['contact@atelier-flandre.fr']]);
    await Promise.race([second.reached('lock-wait'), second.reached('fetch')]);
    return { first, second, open };
  }

  it.each([
    ['modelled', 1, ['PRE-0001']],
    // The control: without the lock both runs read the row without an ID, and each creates it.
    ['ignored', 2, ['PRE-0001', 'PRE-0002']],
  ] as const)('with the lock %s, the row gives %i record(s)', async (lock, count, ids) => {
    const { store } = useFunctions();
    const sandbox = sandboxWith('Registre', [], 'local-C2RA', { lock });
    const { first, second, open } = await twoQuickEdits(sandbox);
    open();
    await Promise.all([first.done, second.done]);
    expect(sandbox.thrown).toEqual([]);
    const register = await store.loadRegister();
    expect(register).toHaveLength(count);
    expect(register.map((r) => r.id).sort()).toEqual(ids);
    if (lock === 'modelled') {
      expect(register[0]?.data).toMatchObject({
        legalName: 'Atelier Flandre Conseil',
        email: 'contact@atelier-flandre.fr',
      });
      // The second run read the row once the first had written its ID back.
      expect(editEvents(sandbox.exchanges).map((e) => e.rows[0]?.values[0])).toEqual([
        '',
        'PRE-0001',
      ]);
    }
  });

  it('leaves the edit to the scheduled reconcile, with a French note, when the lock is not had within 30 s', async () => {
    const { store, gateway } = useFunctions();
    // 30 s of Apps Script's wait last 30 ms here; the first run is held until the second gave up.
    const sandbox = sandboxWith('Registre', [], 'local-C2RA', { lockTimeScale: 0.001 });
    const { first, second, open } = await twoQuickEdits(sandbox);
    await second.reached('lock-timeout');
    await second.done;
    open();
    await first.done;
    expect(sandbox.thrown).toEqual([]);
    expect(editEvents(sandbox.exchanges)).toHaveLength(1);
    expect(cellOf(sandbox, 'Registre', 2, 'E-mail')).toMatchObject({
      value: 'contact@atelier-flandre.fr',
      note: 'Modification non transmise (une autre modification était en cours de transmission depuis plus de 30 secondes) : elle sera reprise à la prochaine synchronisation.',
    });
    expect(sandbox.logs).toContain(
      'ATTENTION DLA : verrou du classeur non obtenu, modification laissée à la synchronisation',
    );
    expect((await store.loadRegister())[0]?.data['email'] ?? null).toBeNull();

    // Nothing is lost: the scheduled reconcile reads the sheet as it is and stores the e-mail.
    const rows = sandbox.cells('Registre').slice(1);
    gateway.setTab(
      'C2RA',
      'Registre',
      HEADERS.Registre,
      rows.map((line) => HEADERS.Registre.map((_, c) => line[c]?.value ?? null) as never[]),
    );
    const reconciled = await syncWorkbook(
      { store, gateway, clock: { now: () => new Date() } },
      'C2RA',
      'synchronisation planifiée',
    );
    expect(reconciled.ok).toBe(true);
    const register = await store.loadRegister();
    expect(register.map((r) => [r.id, r.data['email']])).toEqual([
      ['PRE-0001', 'contact@atelier-flandre.fr'],
    ]);
  });
});

describe('who an edit is recorded as', () => {
  it.each([
    ['an editor of the installer’s domain', 'paul.martin@c2ra-npdc.fr', 'paul.martin@c2ra-npdc.fr'],
    ['an editor outside it (Google gives no e-mail)', 'inconnu', ''],
  ])(
    '%s: the edit and its audit say %p, and the identity token is the installer’s',
    async (_, who, activeUser) => {
      const { store } = useFunctions();
      const sandbox = sandboxWith('Registre');
      await sandbox.edit('Registre', 2, column('Raison sociale'), [['Opale Stratégies']], {
        activeUser,
      }).done;
      expect(editEvents(sandbox.exchanges)[0]?.user).toBe(who);
      const audit = await store.listAudit('C2RA');
      expect(audit.length).toBeGreaterThan(0);
      expect(new Set(audit.map((entry) => entry.who))).toEqual(new Set([who]));
      // The trigger runs as whoever installed it: the token names them, never the editor.
      const token = sandbox.exchanges[0]?.request.headers['Authorization'];
      expect(identityTokenEmail(token)).toBe(INSTALLERS.C2RA);
      expect(sandbox.exchanges.map((e) => e.request.url)).toEqual([SHEET_EDIT_URL]);
    },
  );
});
