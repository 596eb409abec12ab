import { SqliteRecordStore } from '../../functions/adapters/sqlite-record-store';
import type { StoredRecord } from '../../shared/domain/stored-record';
import { aStoredRecord } from '../support/builders/stored-record-builder';

/*
 * The SQLite store reads an owner's records page by page (the regional consolidation and the
 * register export), in ID order, every record once, nothing of another owner.
 */

function missionOf(owner: 'CBE-LM' | 'EE-DK', sequence: number, archived = false): StoredRecord {
  const id = `MIS-${owner}-${String(sequence).padStart(4, '0')}`;
  return aStoredRecord({ id, owner, archived });
}

async function pagesOf(
  store: SqliteRecordStore,
  owner: 'CBE-LM' | 'EE-DK' | 'NA-DEN',
  size: number,
): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of store.loadOwnerPages(owner, size)) pages.push(page.map((r) => r.id));
  return pages;
}

describe('SqliteRecordStore.loadOwnerPages', () => {
  const store = new SqliteRecordStore(':memory:');

  beforeAll(async () => {
    await store.importAll({
      // Inserted out of order: the pages come in ID order all the same.
      records: [7, 2, 5, 1, 3, 6, 4]
        .map((n) => missionOf('CBE-LM', n, n === 5))
        .concat([1, 2].map((n) => missionOf('EE-DK', n))),
      audit: [],
      quarantine: [],
      counters: [],
      events: [],
      documents: [],
    });
  });

  afterAll(async () => {
    await store.close();
  });

  it.each([
    [1, 7],
    [3, 3],
    [7, 1],
    [100, 1],
  ])(
    'pages of %i give the owner’s records in %i page(s), as loadOwner gives them',
    async (size, count) => {
      const pages = await pagesOf(store, 'CBE-LM', size);
      expect(pages).toHaveLength(count);
      expect(pages.every((page) => page.length > 0 && page.length <= size)).toBe(true);
      const whole = (await store.loadOwner('CBE-LM')).records.map((r) => r.id);
      expect(pages.flat()).toEqual(whole);
      expect(pages.flat()).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `MIS-CBE-LM-000${n}`));
    },
  );

  it('gives the records themselves, archived ones included', async () => {
    const records: StoredRecord[] = [];
    for await (const page of store.loadOwnerPages('CBE-LM', 2)) records.push(...page);
    expect(records).toEqual((await store.loadOwner('CBE-LM')).records);
    expect(records.filter((r) => r.archived).map((r) => r.id)).toEqual(['MIS-CBE-LM-0005']);
  });

  it('gives no page for an owner without records', async () => {
    expect(await pagesOf(store, 'NA-DEN', 3)).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a page size of %p', async (size) => {
    await expect(pagesOf(store, 'EE-DK', size)).rejects.toThrow(RangeError);
  });
});
