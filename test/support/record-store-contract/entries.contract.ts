/**
 * The entries part of the {@link RecordStore} contract (alert states, mail log, job runs: one
 * stored value per key), declared inside {@link describeRecordStoreContract}.
 *
 * @packageDocumentation
 */
import type { RecordStore, StoreArchive } from '../../../shared/ports/record-store';

/** A state of an alert as the alert runs keep it (nested arrays included: they are JSON). */
function aState(key: string, revision: number) {
  return {
    key,
    rule: 'MID_NOTE_OVERDUE',
    message: 'Mission MIS-CBE-LM-0001 : note à mi-parcours attendue.',
    followUp: { kind: 'reporté', until: '2025-03-01' },
    revision,
    tags: [['a', 'b']],
    resolvedOn: null,
  };
}

const STATE_KEY = 'MID_NOTE_OVERDUE:MIS-CBE-LM-0001';
/** A key Firestore would refuse as a document ID (slashes, spaces, accents). */
const AWKWARD_KEY = 'alertes-CBE-LM-2025-02-21-camille.durand@cbe-lille.fr/finance é';

/**
 * Declares the entries cases. `store` gives the store of the running case; `another` an empty
 * store (with its cleanup) for the restore case.
 */
export function describeEntriesContract(
  store: () => RecordStore & StoreArchive,
  another: () => Promise<{ store: RecordStore & StoreArchive; cleanup(): Promise<void> }>,
): void {
  describe('entries (one stored value per key of a family)', () => {
    it('puts, replaces and removes entries; reads all of a family or the keys asked', async () => {
      expect(await store().readEntries('CBE-LM', 'alert-states')).toStrictEqual(new Map());
      await store().writeEntries('CBE-LM', 'alert-states', {
        put: new Map([
          [STATE_KEY, aState(STATE_KEY, 1)],
          [AWKWARD_KEY, aState(AWKWARD_KEY, 1)],
        ]),
        remove: [],
      });
      await store().writeEntries('CBE-LM', 'alert-states', {
        put: new Map([[STATE_KEY, aState(STATE_KEY, 2)]]),
        remove: ['never-written'],
      });
      const all = await store().readEntries('CBE-LM', 'alert-states');
      expect(new Map([...all].sort(([a], [b]) => (a < b ? -1 : 1)))).toStrictEqual(
        new Map([
          [STATE_KEY, aState(STATE_KEY, 2)],
          [AWKWARD_KEY, aState(AWKWARD_KEY, 1)],
        ]),
      );
      expect(
        await store().readEntries('CBE-LM', 'alert-states', [AWKWARD_KEY, 'absent']),
      ).toStrictEqual(new Map([[AWKWARD_KEY, aState(AWKWARD_KEY, 1)]]));
      expect(await store().readEntries('CBE-LM', 'alert-states', [])).toStrictEqual(new Map());
      await store().writeEntries('CBE-LM', 'alert-states', {
        put: new Map(),
        remove: [AWKWARD_KEY],
      });
      expect([...(await store().readEntries('CBE-LM', 'alert-states')).keys()]).toStrictEqual([
        STATE_KEY,
      ]);
    });

    it('keeps each owner and each family apart, and apart from documents of the same name', async () => {
      const put = (value: unknown) => ({ put: new Map([['k', value]]), remove: [] });
      await store().writeEntries('CBE-LM', 'mail-log', put('lille'));
      await store().writeEntries('EE-DK', 'mail-log', put('dunkerque'));
      await store().writeEntries('CBE-LM', 'alert-states', put('états'));
      await store().writeEntries('system', 'job-runs', put('système'));
      await store().writeDocument('CBE-LM', 'mail-log', { k: 'ancien document' });
      expect(await store().readEntries('CBE-LM', 'mail-log')).toStrictEqual(
        new Map([['k', 'lille']]),
      );
      expect(await store().readEntries('EE-DK', 'mail-log')).toStrictEqual(
        new Map([['k', 'dunkerque']]),
      );
      expect(await store().readEntries('CBE-LM', 'alert-states')).toStrictEqual(
        new Map([['k', 'états']]),
      );
      expect(await store().readEntries('system', 'job-runs')).toStrictEqual(
        new Map([['k', 'système']]),
      );
      expect(await store().readDocument('CBE-LM', 'mail-log')).toStrictEqual({
        k: 'ancien document',
      });
    });

    it('exports an entry as the document family/key, and a restore gives it back as an entry', async () => {
      await store().writeEntries('CBE-LM', 'alert-states', {
        put: new Map([[AWKWARD_KEY, aState(AWKWARD_KEY, 3)]]),
        remove: [],
      });
      await store().writeDocument('CBE-LM', 'parameters', { weightBudget: 15 });
      const exported = await store().exportAll();
      expect(exported.documents).toStrictEqual([
        { owner: 'CBE-LM', name: `alert-states/${AWKWARD_KEY}`, value: aState(AWKWARD_KEY, 3) },
        { owner: 'CBE-LM', name: 'parameters', value: { weightBudget: 15 } },
      ]);
      const fresh = await another();
      try {
        await fresh.store.importAll(JSON.parse(JSON.stringify(exported)) as typeof exported);
        expect(await fresh.store.readEntries('CBE-LM', 'alert-states')).toStrictEqual(
          new Map([[AWKWARD_KEY, aState(AWKWARD_KEY, 3)]]),
        );
        expect(await fresh.store.readDocument('CBE-LM', 'parameters')).toStrictEqual({
          weightBudget: 15,
        });
        expect(await fresh.store.exportAll()).toStrictEqual(exported);
      } finally {
        await fresh.cleanup();
      }
    });
  });
}
