import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import { describeRecordStoreContract } from '../support/record-store-contract';
import {
  aCreation,
  aQuarantineEntry,
  aStoredRecord,
} from '../support/builders/stored-record-builder';

/** A fresh directory for one store file, removed by the returned function. */
function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dla-sqlite-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeRecordStoreContract('SQLite (temporary file)', async () => {
  const temp = tempDir();
  const store = new SqliteRecordStore(path.join(temp.dir, 'dla.sqlite'));
  return {
    store,
    capabilities: { isolatedTransactions: true, atomicBatches: true, pagedReads: true },
    async cleanup() {
      await store.close();
      temp.remove();
    },
  };
});

describe('SqliteRecordStore on a file', () => {
  let temp: { dir: string; remove(): void };
  let file: string;

  beforeEach(() => {
    temp = tempDir();
    file = path.join(temp.dir, 'dla.sqlite');
  });

  afterEach(() => temp.remove());

  it('puts the file in WAL mode', async () => {
    const store = SqliteRecordStore.open(file);
    await store.close();
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('keeps records, audit, quarantine, events and counters across close and reopen', async () => {
    const mission = aStoredRecord();
    const first = SqliteRecordStore.open(file);
    await first.apply(
      aCreation(mission, {
        eventId: 'evt-1',
        quarantine: [aQuarantineEntry()],
        claims: [{ owner: 'CBE-LM', kind: 'mission', first: 1, ids: [mission.id] }],
      }),
    );
    expect(await first.nextSequence('CBE-LM', 'mission')).toBe(2);
    await first.close();
    await first.close();

    const reopened = SqliteRecordStore.open(file);
    try {
      const state = await reopened.loadOwner('CBE-LM');
      expect(state.records).toStrictEqual([mission]);
      expect(state.quarantineKeys).toStrictEqual(new Set([aQuarantineEntry().key]));
      expect(await reopened.listAudit('CBE-LM')).toHaveLength(1);
      expect(await reopened.apply(aCreation(mission, { eventId: 'evt-1' }))).toStrictEqual({
        status: 'duplicate-event',
      });
      expect(await reopened.nextSequence('CBE-LM', 'mission')).toBe(2);
    } finally {
      await reopened.close();
    }
  });

  it('counts the rows it writes, and not a quarantine key it already keeps', async () => {
    const store = SqliteRecordStore.open(':memory:');
    try {
      const creation = aCreation(aStoredRecord(), {
        eventId: 'evt-1',
        quarantine: [aQuarantineEntry()],
      });
      expect(await store.apply(creation)).toStrictEqual({ status: 'applied', writes: 4 });
      const again = { ...creation, eventId: null, puts: [], audit: [] };
      expect(await store.apply(again)).toStrictEqual({ status: 'applied', writes: 0 });
    } finally {
      await store.close();
    }
  });

  it('refuses a file written by another schema version', async () => {
    const store = SqliteRecordStore.open(file);
    await store.close();
    const raw = new Database(file);
    raw.prepare('UPDATE schema_version SET version = 99').run();
    raw.close();
    expect(() => SqliteRecordStore.open(file)).toThrow(/schema version 99/);
  });
});
