/**
 * The paged reads part of the {@link RecordStore} contract: an owner's records page after page
 * (the regional consolidation and the register export read them so), in ID order, every record
 * once, archived ones included, nothing of another owner.
 *
 * @packageDocumentation
 */
import type { RecordStore } from '../../../shared/ports/record-store';
import type { StoredRecord } from '../../../shared/domain/stored-record';
import type { OperatorCode } from '../../../shared/domain/operator';
import { aStoredRecord } from '../builders/stored-record-builder';
import { type ContractContext, skip } from './contract-fixtures';

function missionOf(owner: OperatorCode, sequence: number, archived = false): StoredRecord {
  const id = `MIS-${owner}-${String(sequence).padStart(4, '0')}`;
  return aStoredRecord({ id, owner, archived });
}

/** The pages of an owner, or null (after saying why) when the store cannot read page by page. */
async function pagesOf(
  context: ContractContext,
  caseName: string,
  owner: OperatorCode,
  size: number,
): Promise<StoredRecord[][] | null> {
  const store: RecordStore = context.store();
  if (store.loadOwnerPages === undefined) {
    skip(caseName, 'this store does not read page by page (readers fall back to loadOwner)');
    return null;
  }
  if (!context.under().capabilities.pagedReads) {
    skip(caseName, 'this server ignores query cursors: a paging loop would never end');
    return null;
  }
  const pages: StoredRecord[][] = [];
  for await (const page of store.loadOwnerPages(owner, size)) pages.push([...page]);
  return pages;
}

/** Declares these cases; see {@link describeRecordStoreContract}. */
export function describeOwnerPagesContract(context: ContractContext): void {
  const { store } = context;

  describe('an owner read page by page', () => {
    beforeEach(async () => {
      await store().importAll({
        // Written out of order: the pages come in ID order all the same.
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

    it.each([
      [1, 7],
      [3, 3],
      [7, 1],
      [1_000, 1],
    ])(
      'pages of %i give the owner’s records in %i page(s), in ID order, as loadOwner gives them',
      async (size, count) => {
        const pages = await pagesOf(context, `pages of ${size}`, 'CBE-LM', size);
        if (pages === null) return;
        expect(pages).toHaveLength(count);
        expect(pages.every((page) => page.length > 0 && page.length <= size)).toBe(true);
        expect(pages.flat().map((r) => r.id)).toEqual(
          [1, 2, 3, 4, 5, 6, 7].map((n) => `MIS-CBE-LM-000${n}`),
        );
        expect(pages.flat()).toStrictEqual([...(await store().loadOwner('CBE-LM')).records]);
      },
    );

    it('gives the archived records too, and nothing of another owner', async () => {
      const pages = await pagesOf(context, 'archived records', 'CBE-LM', 2);
      if (pages === null) return;
      const records = pages.flat();
      expect(records.filter((r) => r.archived).map((r) => r.id)).toEqual(['MIS-CBE-LM-0005']);
      expect(records.every((r) => r.owner === 'CBE-LM')).toBe(true);
    });

    it('gives no page for an owner without records', async () => {
      expect(await pagesOf(context, 'owner without records', 'NA-DEN', 3)).toEqual(
        context.under().capabilities.pagedReads && store().loadOwnerPages !== undefined ? [] : null,
      );
    });

    it('stops with an error, never loops, on a server that ignores the cursor', async () => {
      const pages = store().loadOwnerPages?.('CBE-LM', 2);
      if (pages === undefined || context.under().capabilities.pagedReads) {
        skip('cursor ignored', 'this server honours cursors (the case is for one that does not)');
        return;
      }
      await expect(
        (async () => {
          for await (const page of pages) void page;
        })(),
      ).rejects.toThrow(/ignored startAfter/);
    });

    it.each([0, -1, 1.5, Number.NaN])('refuses a page size of %p', async (size) => {
      const pages = store().loadOwnerPages?.('EE-DK', size);
      if (pages === undefined) {
        skip(`page size ${size}`, 'this store does not read page by page');
        return;
      }
      await expect(
        (async () => {
          for await (const page of pages) void page;
        })(),
      ).rejects.toThrow(RangeError);
    });
  });
}
