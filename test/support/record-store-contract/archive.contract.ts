/**
 * Backup and restore ({@link StoreArchive}) of the {@link RecordStore} contract.
 *
 * @packageDocumentation
 */
import type { RecordStore, StoreExport } from '../../../shared/ports/record-store';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import {
  aBeneficiary,
  aChangeSet,
  aCreation,
  anUpdate,
  aProvider,
  aQuarantineEntry,
  aStoredRecord,
  missionId,
} from '../builders/stored-record-builder';
import {
  type ContractContext,
  MISSION,
  OTHER_MISSION,
  applied,
  byId,
  claimNumbers,
  edit,
  loadOne,
  type StoreUnderTest,
} from './contract-fixtures';

/** Declares these cases; see {@link describeRecordStoreContract}. */
export function describeArchiveContract({ store, makeStore }: ContractContext): void {
  describe('backup and restore (StoreArchive)', () => {
    const OWNERS: readonly WorkbookOwner[] = ['CBE-LM', 'EE-DK', 'NA-DEN', 'C2RA'];

    /** A bit of everything: records of three owners (one archived, one with a refusal),
     *  updates, audit, quarantine, events, counters, documents of owners and of the system. */
    async function populate(target: RecordStore): Promise<void> {
      await applied(target, aCreation(MISSION, { eventId: 'evt-backup-1' }));
      await applied(
        target,
        anUpdate(MISSION, 'replyDeadline', '2025-03-21', edit(1), { eventId: 'evt-backup-2' }),
      );
      await applied(target, aCreation(aBeneficiary()));
      await applied(
        target,
        aCreation(
          aProvider({
            id: 'PRE-0002',
            archived: true,
            rejected: {
              siret: { raw: '123', code: 'SIRET_INVALID', message: 'SIRET « 123 » invalide.' },
            },
          }),
        ),
      );
      await applied(target, aCreation(aProvider()));
      await applied(
        target,
        aChangeSet({
          eventId: 'evt-backup-3',
          quarantine: [
            aQuarantineEntry(),
            aQuarantineEntry({ key: 'q-second', raw: 'x'.repeat(5000) }),
          ],
        }),
      );
      await applied(
        target,
        aChangeSet({
          owner: 'EE-DK',
          quarantine: [aQuarantineEntry({ key: 'q-dk', owner: 'EE-DK' })],
        }),
      );
      await claimNumbers(target, 'CBE-LM', 'mission', 7);
      await claimNumbers(target, 'C2RA', 'provider', 2);
      await target.writeDocument('CBE-LM', 'parameters', { weightBudget: 15, tags: [['a']] });
      await target.writeDocument('system', 'job-runs', { dailyAlerts: { outcome: 'ok' } });
    }

    /** What a store shows through the port, owner by owner. */
    async function observed(target: RecordStore) {
      return Promise.all(
        OWNERS.map(async (owner) => ({
          owner,
          records: byId((await target.loadOwner(owner)).records),
          keys: [...(await target.loadOwner(owner)).quarantineKeys].sort(),
          audit: await target.listAudit(owner),
          quarantine: await target.listQuarantine(owner),
          parameters: await target.readDocument(owner, 'parameters'),
        })),
      );
    }

    async function another(): Promise<StoreUnderTest> {
      return makeStore();
    }

    it('is empty when new, and no longer once anything at all is written', async () => {
      expect(await store().isEmpty()).toBe(true);
      await store().writeDocument('system', 'job-runs', {});
      expect(await store().isEmpty()).toBe(false);
      const second = await another();
      try {
        expect(await second.store.isEmpty()).toBe(true);
        await claimNumbers(second.store, 'EE-DK', 'plan', 1);
        expect(await second.store.isEmpty()).toBe(false);
      } finally {
        await second.cleanup();
      }
      const third = await another();
      try {
        await applied(third.store, aChangeSet({ eventId: 'evt-only-an-event' }));
        expect(await third.store.isEmpty()).toBe(false);
      } finally {
        await third.cleanup();
      }
    });

    it('exports everything, in order; a fresh store importing it exports and behaves the same', async () => {
      await populate(store());
      const exported = await store().exportAll();
      expect(exported.records.map((r) => r.id)).toStrictEqual([
        'MIS-CBE-LM-0001',
        'PRE-0001',
        'PRE-0002',
        'STR-EE-DK-0001',
      ]);
      expect(exported.audit.map((a) => a.owner)).toStrictEqual([
        'CBE-LM',
        'CBE-LM',
        'EE-DK',
        'C2RA',
        'C2RA',
      ]);
      expect(exported.quarantine.map((q) => q.key)).toStrictEqual([
        aQuarantineEntry().key,
        'q-second',
        'q-dk',
      ]);
      expect(exported.counters).toStrictEqual([
        { owner: 'CBE-LM', kind: 'mission', next: 8 },
        { owner: 'C2RA', kind: 'provider', next: 3 },
      ]);
      expect(exported.events.map((e) => e.eventId)).toStrictEqual([
        'evt-backup-1',
        'evt-backup-2',
        'evt-backup-3',
      ]);
      expect(exported.events[0]).toStrictEqual({
        eventId: 'evt-backup-1',
        owner: 'CBE-LM',
        at: MISSION.createdAt,
      });
      expect(exported.documents).toStrictEqual([
        { owner: 'CBE-LM', name: 'parameters', value: { weightBudget: 15, tags: [['a']] } },
        { owner: 'system', name: 'job-runs', value: { dailyAlerts: { outcome: 'ok' } } },
      ]);
      // Through JSON, as a backup file carries it.
      const restored: StoreExport = JSON.parse(JSON.stringify(exported)) as StoreExport;
      const fresh = await another();
      try {
        await fresh.store.importAll(restored);
        expect(await fresh.store.exportAll()).toStrictEqual(exported);
        expect(await observed(fresh.store)).toStrictEqual(await observed(store()));
        expect(await fresh.store.readDocument('system', 'job-runs')).toStrictEqual({
          dailyAlerts: { outcome: 'ok' },
        });
        // A replayed event still changes nothing; IDs go on where they were.
        expect(
          await fresh.store.apply(aCreation(OTHER_MISSION, { eventId: 'evt-backup-2' })),
        ).toStrictEqual({
          status: 'duplicate-event',
        });
        expect(await fresh.store.nextSequence('CBE-LM', 'mission')).toBe(8);
        // And it goes on working: a new change lands after the restored audit.
        const mission = await loadOne(fresh.store, 'CBE-LM', MISSION.id);
        await applied(fresh.store, anUpdate(mission, 'estimatedDays', 9, edit(5)));
        expect((await fresh.store.listAudit('CBE-LM')).map((a) => a.field)).toStrictEqual([
          '@created',
          'replyDeadline',
          'estimatedDays',
        ]);
      } finally {
        await fresh.cleanup();
      }
    });

    it('replaces whatever the store held when importing', async () => {
      await populate(store());
      const exported = await store().exportAll();
      const other = await another();
      try {
        await applied(
          other.store,
          aCreation(aStoredRecord({ id: missionId('NA-DEN', 4), owner: 'NA-DEN' })),
        );
        await other.store.writeDocument('NA-DEN', 'parameters', { weightBudget: 40 });
        await claimNumbers(other.store, 'NA-DEN', 'mission', 4);
        await other.store.importAll(exported);
        expect(await other.store.exportAll()).toStrictEqual(exported);
        expect((await other.store.loadOwner('NA-DEN')).records).toStrictEqual([]);
        await other.store.importAll({
          records: [],
          audit: [],
          quarantine: [],
          counters: [],
          events: [],
          documents: [],
        });
        expect(await other.store.isEmpty()).toBe(true);
      } finally {
        await other.cleanup();
      }
    });
  });
}
