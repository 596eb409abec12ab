/**
 * Backup and restore, end to end: a demo workspace (SQLite) with refusals, an archived mission,
 * applied edit events and system documents is saved with `dla backup`, restored into a fresh
 * SQLite store and into Firestore (the test server: Google's emulator when installed, else the
 * in-memory fallback) — every owner's records, audit, quarantine, counters and documents come
 * back identical —, refused over a non-empty store unless `--force`, and an archived record is
 * brought back with `dla restore-record`, its row at once in its workbook.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FirestoreRecordStore } from '../../../functions/adapters/firestore-record-store';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { readBackup, restoreStore } from '../../../scripts/commands/backup.command';
import { restoreRecord } from '../../../shared/use-cases/restore-record';
import { openWorkspace } from '../../../scripts/workspace-context';
import { createMissingWorkbooks, loadDemoData } from '../../../scripts/workspace-setup';
import { workbookFileName } from '../../../sheets/layouts/workbook-layout';
import { C2RA, OPERATOR_CODES } from '../../../shared/domain/operator';
import type { SyncReport } from '../../../shared/domain/sync/plan-sync';
import type { RecordStore, StoreArchive } from '../../../shared/ports/record-store';
import type { StoredRecord } from '../../../shared/domain/stored-record';
import { applySheetEdit } from '../../../shared/use-cases/apply-sheet-edit';
import { syncWorkbook } from '../../../shared/use-cases/sync-workbook';
import { headerOf, rowOf } from '../../support/builders/workbook-rows';
import { dlaExit, dlaExitWith } from '../../support/dla-cli';
import {
  createFirestoreClient,
  firestorePreferenceFromEnvironment,
  startFirestoreTestServer,
  uniqueProjectId,
  type FirestoreTestServer,
} from '../../support/firestore-test-server';
import { deleteRowOfId, readColumns } from '../../support/xlsx-sheet';

function byId(records: readonly StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Everything a store shows through its ports, owner by owner. */
async function observed(store: RecordStore & StoreArchive) {
  const owners = await Promise.all(
    [...OPERATOR_CODES, C2RA].map(async (owner) => {
      const state = await store.loadOwner(owner);
      return {
        owner,
        records: byId(state.records),
        quarantineKeys: [...state.quarantineKeys].sort(),
        audit: await store.listAudit(owner),
        quarantine: await store.listQuarantine(owner),
        parameters: await store.readDocument(owner, 'parameters'),
      };
    }),
  );
  const all = await store.exportAll();
  return {
    owners,
    register: byId(await store.loadRegister()),
    documents: all.documents,
    counters: all.counters,
    events: all.events,
  };
}

async function withStore<T>(
  file: string,
  use: (store: SqliteRecordStore) => Promise<T>,
): Promise<T> {
  const store = SqliteRecordStore.open(file);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('dla backup, dla restore, dla restore-record', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-backup-'));
  const workspace = path.join(base, 'workspace');
  const sqlite = path.join(workspace, 'dla.sqlite');
  const archivedId = 'MIS-CBE-LM-0002';
  let backupFile = '';
  let firestore: FirestoreTestServer | undefined;

  beforeAll(async () => {
    await createMissingWorkbooks(workspace);
    const opened = openWorkspace(workspace);
    if (!opened.ok) throw new Error(opened.message);
    const { context } = opened;
    try {
      const loaded = await loadDemoData(context, { scale: 0.3 });
      if (!loaded.ok) throw new Error(loaded.error.message);
      // A refused SIRET (quarantine), an edit event (replay guard), a system document.
      const edit = await applySheetEdit(context, C2RA, {
        eventId: 'evt-backup-0001',
        spreadsheetId: 'local-C2RA',
        tab: 'Registre',
        editedColumns: [1, 2],
        header: headerOf('provider'),
        rows: [
          {
            rowNumber: 900,
            values: rowOf('provider', {
              legalName: 'Atelier Sauvegarde',
              siret: '123 456 789 00000',
            }),
          },
        ],
        otherRowIds: [],
        user: 'julie.dubois@c2ra-npdc.fr',
        timestamp: '2025-06-02T07:59:00.000Z',
      });
      if (!edit.ok) throw new Error(edit.error.message);
      await context.store.writeDocument('system', 'job-runs', { dailyAlerts: { outcome: 'ok' } });
      // A mission removed from its sheet: archived by the next sync.
      await deleteRowOfId(path.join(workspace, workbookFileName('CBE-LM')), 'Missions', archivedId);
      const synced = await syncWorkbook(context, 'CBE-LM', 'test');
      if (!synced.ok) throw new Error(synced.error.message);
      expect(synced.value.archived).toBe(1);
    } finally {
      await context.close();
    }
    firestore = await startFirestoreTestServer({ prefer: firestorePreferenceFromEnvironment() });
  }, 180_000);

  afterAll(async () => {
    await firestore?.stop();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('writes the whole store to a dated file of backups/, plain or compressed', async () => {
    const plain = await dlaExit('backup', '--dir', workspace);
    expect(plain.code).toBe(0);
    const written = /Sauvegarde écrite dans (.+) : /.exec(plain.stdout)?.[1] ?? '';
    expect(path.dirname(written)).toBe(path.join(workspace, 'backups'));
    expect(path.basename(written)).toMatch(/^sauvegarde-\d{4}-\d{2}-\d{2}-\d{6}\.json$/);
    expect(plain.stdout).toMatch(/enregistrement\(s\) \(dont 1 archivé\(s\)\)/);
    backupFile = written;

    const gz = await dlaExit(
      'backup',
      '--dir',
      workspace,
      '--out',
      path.join(base, 'copie.json.gz'),
    );
    expect(gz.code).toBe(0);
    const bytes = fs.readFileSync(path.join(base, 'copie.json.gz'));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const fromGz = await readBackup(path.join(base, 'copie.json.gz'));
    const fromPlain = await readBackup(backupFile);
    expect(fromGz.ok && fromPlain.ok && fromGz.value.data).toEqual(
      fromPlain.ok && fromPlain.value.data,
    );
  }, 60_000);

  // Five `dla` processes (each starts tsx) and two stores: about 100 s on a loaded 2-core machine.
  it('restores into a fresh SQLite store and into Firestore: identical records, audit, quarantine, documents', async () => {
    const backup = await readBackup(backupFile);
    if (!backup.ok) throw new Error(backup.error.message);
    const original = await withStore(sqlite, observed);
    expect(original.owners.find((o) => o.owner === C2RA)?.quarantine.length).toBeGreaterThan(0);
    expect(original.documents.some((d) => d.owner === 'system')).toBe(true);
    expect(original.events.map((e) => e.eventId)).toContain('evt-backup-0001');

    const fresh = SqliteRecordStore.open(':memory:');
    const intoSqlite = await restoreStore(fresh, backup.value.data, {
      force: false,
      safetyBackupFile: path.join(base, 'unused.json'),
      now: new Date(),
    });
    expect(intoSqlite.ok).toBe(true);
    expect(await observed(fresh)).toStrictEqual(original);
    await fresh.close();

    if (firestore === undefined) throw new Error('no Firestore test server');
    const db = createFirestoreClient(firestore.host, uniqueProjectId('restore'));
    const cloud = new FirestoreRecordStore(db);
    try {
      const intoFirestore = await restoreStore(cloud, backup.value.data, {
        force: false,
        safetyBackupFile: path.join(base, 'unused.json'),
        now: new Date(),
      });
      expect(intoFirestore.ok).toBe(true);
      expect(await observed(cloud)).toStrictEqual(original);
      // The replay guard came along: the same edit event changes nothing.
      const replay = await cloud.apply({
        owner: C2RA,
        eventId: 'evt-backup-0001',
        at: '2025-06-02T08:00:00.000Z',
        puts: [],
        audit: [],
        quarantine: [],
      });
      expect(replay).toStrictEqual({ status: 'duplicate-event' });
    } finally {
      await cloud.close();
    }
    console.log(
      `[backup-restore] ${backupFile}: restored into SQLite and Firestore (${firestore.kind}), identical — ` +
        `${backup.value.data.records.length} records, ${backup.value.data.audit.length} audit entries, ` +
        `${backup.value.data.quarantine.length} quarantined values, ${backup.value.data.documents.length} documents`,
    );

    // And through the command line: into a new local workspace…
    const elsewhere = path.join(base, 'elsewhere');
    const restored = await dlaExit('restore', backupFile, '--dir', elsewhere);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('restaurée');
    expect(await withStore(path.join(elsewhere, 'dla.sqlite'), observed)).toStrictEqual(original);

    // …and into Firestore (DLA_STORE=firestore), then backed up from there: the same file content.
    const project = uniqueProjectId('cli');
    const cloudEnv = {
      DLA_STORE: 'firestore',
      GOOGLE_CLOUD_PROJECT: project,
      FIRESTORE_EMULATOR_HOST: firestore.host,
    };
    const toCloud = await dlaExitWith(cloudEnv, 'restore', backupFile, '--dir', elsewhere);
    expect(toCloud.code).toBe(0);
    const fromCloud = await dlaExitWith(
      cloudEnv,
      'backup',
      '--dir',
      elsewhere,
      '--out',
      path.join(base, 'cloud.json'),
    );
    expect(fromCloud.code).toBe(0);
    const roundTrip = await readBackup(path.join(base, 'cloud.json'));
    expect(roundTrip.ok && roundTrip.value.data).toStrictEqual(backup.value.data);
    const refusedInCloud = await dlaExitWith(cloudEnv, 'restore', backupFile, '--dir', elsewhere);
    expect(refusedInCloud.code).toBe(1);
    expect(refusedInCloud.stderr).toContain("La base n'est pas vide");
  }, 240_000);

  it('refuses to restore over a store that is not empty, unless --force (which saves it first)', async () => {
    const before = await withStore(sqlite, (store) => store.exportAll());
    const refused = await dlaExit('restore', backupFile, '--dir', workspace);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("La base n'est pas vide");
    expect(refused.stderr).toContain('--force');
    expect(await withStore(sqlite, (store) => store.exportAll())).toStrictEqual(before);

    const garbage = path.join(base, 'pas-une-sauvegarde.json');
    fs.writeFileSync(garbage, '{"format":"autre chose"}');
    const unreadable = await dlaExit('restore', garbage, '--dir', path.join(base, 'empty'));
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain("n'est pas une sauvegarde");

    // Forced: what the store held goes to a safety backup, then the backup replaces it.
    await withStore(sqlite, (store) => store.writeDocument('system', 'depuis-la-sauvegarde', 1));
    const current = await withStore(sqlite, (store) => store.exportAll());
    const forced = await dlaExit('restore', backupFile, '--dir', workspace, '--force');
    expect(forced.code).toBe(0);
    const safety = /sauvegardé dans (.+)\.\n/.exec(forced.stdout)?.[1] ?? '';
    expect(path.basename(safety)).toMatch(/^avant-restauration-.*\.json$/);
    const saved = await readBackup(safety);
    expect(saved.ok && saved.value.data).toStrictEqual(current);
    const backup = await readBackup(backupFile);
    expect(await withStore(sqlite, (store) => store.exportAll())).toStrictEqual(
      backup.ok && backup.value.data,
    );
  }, 60_000);

  it('restore-record un-archives a record (audited @restored, source system) and puts its row back at once', async () => {
    const restored = await dlaExit('restore-record', archivedId, '--dir', workspace);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`${archivedId} est désarchivé`);

    const record = await withStore(sqlite, async (store) =>
      (await store.loadOwner('CBE-LM')).records.find((r) => r.id === archivedId),
    );
    expect(record?.archived).toBe(false);
    const audit = await withStore(sqlite, (store) => store.listAudit('CBE-LM', archivedId));
    expect(audit.at(-1)).toMatchObject({
      field: '@restored',
      oldValue: true,
      newValue: false,
      source: 'system',
      eventId: null,
    });

    // Visible at once in the workbook, and the next sync keeps it as it is.
    const ids = await readColumns(path.join(workspace, workbookFileName('CBE-LM')), 'Missions', [
      'ID',
    ]);
    expect(ids.flat()).toContain(archivedId);
    const sync = await dlaExit('sync', '--dir', workspace, '--operator', 'CBE-LM', '--json');
    expect(sync.code).toBe(0);
    const report = JSON.parse(sync.stdout) as SyncReport;
    expect(report).toMatchObject({ created: 0, updated: 0, archived: 0, restored: 0 });
    expect(report.rejected.filter((r) => r.id === archivedId)).toEqual([]);

    // Again: nothing to do. An unknown ID: a French refusal.
    const again = await dlaExit('restore-record', archivedId, '--dir', workspace);
    expect(again.stdout).toContain("n'était pas archivé ; sa ligne est déjà");
    const unknown = await dlaExit('restore-record', 'MIS-CBE-LM-9999', '--dir', workspace);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("MIS-CBE-LM-9999 n'existe pas");
  }, 60_000);

  it('restore-record through the port: the row of an archived provider comes back in the register', async () => {
    const opened = openWorkspace(workspace);
    if (!opened.ok) throw new Error(opened.message);
    const { context } = opened;
    try {
      const register = await context.store.loadRegister();
      const provider = register.find((r) => !r.archived);
      if (!provider) throw new Error('no provider');
      // Removed from the register's sheet: archived.
      await deleteRowOfId(path.join(workspace, workbookFileName(C2RA)), 'Registre', provider.id);
      const archived = await syncWorkbook(context, C2RA, 'test');
      expect(archived.ok).toBe(true);
      expect((await context.store.loadRegister()).find((r) => r.id === provider.id)?.archived).toBe(
        true,
      );

      const result = await restoreRecord(context, provider.id.toLowerCase(), 'test');
      expect(result).toMatchObject({
        ok: true,
        value: { id: provider.id, unarchived: true, tab: 'Registre' },
      });
      const synced = await syncWorkbook(context, C2RA, 'test');
      expect(synced.ok && synced.value).toMatchObject({
        created: 0,
        updated: 0,
        archived: 0,
        restored: 0,
      });
      const after = (await context.store.loadRegister()).find((r) => r.id === provider.id);
      expect(after?.archived).toBe(false);
      expect(after?.data).toStrictEqual(provider.data);
    } finally {
      await context.close();
    }
  }, 60_000);
});
