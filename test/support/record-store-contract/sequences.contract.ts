/**
 * The sequences (numbers of new IDs) and concurrency of the {@link RecordStore} contract.
 *
 * @packageDocumentation
 */
import {
  aChangeSet,
  aCreation,
  anAuditEntry,
  anUpdate,
  aPut,
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
  claimOf,
  edit,
  loadOne,
  skip,
  snapshot,
} from './contract-fixtures';

/** Declares these cases; see {@link describeRecordStoreContract}. */
export function describeSequencesContract({ store, under }: ContractContext): void {
  describe('sequences (numbers of new IDs, claimed by the commit that writes their records)', () => {
    it('starts at 1 and moves only with an applied claim, per owner and kind', async () => {
      expect(await store().nextSequence('CBE-LM', 'mission')).toBe(1);
      await applied(store(), aCreation(MISSION, { claims: [claimOf(MISSION)] }));
      await applied(store(), aCreation(OTHER_MISSION, { claims: [claimOf(OTHER_MISSION)] }));
      expect(await store().nextSequence('CBE-LM', 'mission')).toBe(3);
      await claimNumbers(store(), 'EE-DK', 'mission', 4);
      await claimNumbers(store(), 'C2RA', 'provider', 2);
      expect(await store().nextSequence('EE-DK', 'mission')).toBe(5);
      expect(await store().nextSequence('C2RA', 'provider')).toBe(3);
      expect(await store().nextSequence('CBE-LM', 'plan')).toBe(1);
      expect(await store().nextSequence('EE-DK', 'plan')).toBe(1);
    });

    it('refuses a claim whose numbers another commit took, and writes nothing of it', async () => {
      await applied(store(), aCreation(MISSION, { claims: [claimOf(MISSION)] }));
      const before = await snapshot(store(), 'CBE-LM');
      // Planned while the counter stood at 1: MIS-CBE-LM-0001 is taken since.
      const late = aStoredRecord({ data: { ...OTHER_MISSION.data }, id: missionId('CBE-LM', 1) });
      const outcome = await store().apply(
        aCreation(late, {
          eventId: 'evt-late',
          claims: [{ owner: 'CBE-LM', kind: 'mission', first: 1, ids: [late.id] }],
          quarantine: [aQuarantineEntry({ key: 'q-late', eventId: 'evt-late' })],
        }),
      );
      expect(outcome).toStrictEqual({ status: 'conflict', recordId: MISSION.id });
      expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
      expect(await store().nextSequence('CBE-LM', 'mission')).toBe(2);
      // Planned again from the counter as it stands: applied.
      const replanned = aStoredRecord({ ...OTHER_MISSION, id: missionId('CBE-LM', 2) });
      await applied(
        store(),
        aCreation(replanned, { eventId: 'evt-late', claims: [claimOf(replanned)] }),
      );
      expect(await store().nextSequence('CBE-LM', 'mission')).toBe(3);
    });

    it('spends no number when the change set claiming it is refused', async () => {
      await applied(store(), aCreation(MISSION));
      const current = await loadOne(store(), 'CBE-LM', MISSION.id);
      const stale = { ...current, data: { ...current.data, estimatedDays: 9 } };
      const refused = await store().apply(
        aChangeSet({
          puts: [aPut(OTHER_MISSION, 0), aPut(stale, 0)],
          claims: [claimOf(OTHER_MISSION)],
        }),
      );
      expect(refused).toStrictEqual({ status: 'conflict', recordId: MISSION.id });
      expect(await store().nextSequence('CBE-LM', 'mission')).toBe(1);
      expect((await store().loadOwner('CBE-LM')).records.map((r) => r.id)).toStrictEqual([
        MISSION.id,
      ]);
    });

    it('lets only one of 20 concurrent claims of the same numbers land', async () => {
      if (!under().capabilities.isolatedTransactions) {
        skip('20 concurrent claims', 'this server does not isolate concurrent transactions');
        return;
      }
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const record = aStoredRecord({
            id: missionId('NA-LIL', 1),
            owner: 'NA-LIL',
            data: { ...MISSION.data, title: `Mission concurrente ${i + 1}` },
          });
          return store().apply(
            aCreation(record, { eventId: `evt-claim-${i}`, claims: [claimOf(record)] }),
          );
        }),
      );
      expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'conflict')).toHaveLength(19);
      expect(await store().nextSequence('NA-LIL', 'mission')).toBe(2);
      expect((await store().loadOwner('NA-LIL')).records).toHaveLength(1);
    });
  });

  describe('concurrency and size', () => {
    it('lands 20 concurrent change sets that each create a distinct record', async () => {
      const missions = Array.from({ length: 20 }, (_, i) =>
        aStoredRecord({ id: missionId('I62-LEN', i + 1), owner: 'I62-LEN' }),
      );
      const outcomes = await Promise.all(
        missions.map((m, i) => store().apply(aCreation(m, { eventId: `evt-concurrent-${i}` }))),
      );
      expect(outcomes.map((o) => o.status)).toStrictEqual(
        Array.from({ length: 20 }, () => 'applied'),
      );
      expect(byId((await store().loadOwner('I62-LEN')).records)).toStrictEqual(missions);
      expect(await store().listAudit('I62-LEN')).toHaveLength(20);
    });

    it('lets only one of two concurrent updates of the same version win', async () => {
      if (!under().capabilities.isolatedTransactions) {
        skip(
          'concurrent updates of one version',
          'this server does not isolate concurrent transactions',
        );
        return;
      }
      await applied(store(), aCreation(MISSION));
      const outcomes = await Promise.all([
        store().apply(anUpdate(MISSION, 'estimatedDays', 8, edit(1))),
        store().apply(anUpdate(MISSION, 'estimatedDays', 10, edit(1))),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toStrictEqual(['applied', 'conflict']);
      const loaded = await loadOne(store(), 'CBE-LM', MISSION.id);
      expect(loaded.version).toBe(2);
      expect(await store().listAudit('CBE-LM', MISSION.id)).toHaveLength(2);
    });

    it('applies a change set of 600 puts in full', async () => {
      const missions = Array.from({ length: 600 }, (_, i) =>
        aStoredRecord({ id: missionId('NA-DEN', i + 1), owner: 'NA-DEN' }),
      );
      const big = aChangeSet({
        owner: 'NA-DEN',
        eventId: 'evt-big',
        puts: missions.map((m) => aPut(m, 0)),
        audit: missions.map((m) =>
          anAuditEntry({
            owner: 'NA-DEN',
            recordId: m.id,
            field: '@created',
            oldValue: null,
            newValue: null,
            eventId: 'evt-big',
          }),
        ),
      });
      const writes = await applied(store(), big);
      expect(writes).toBeGreaterThanOrEqual(1201);
      const loaded = byId((await store().loadOwner('NA-DEN')).records);
      expect(loaded).toHaveLength(600);
      expect(loaded).toStrictEqual(missions);
      expect(await store().listAudit('NA-DEN')).toHaveLength(600);
    });
  });
}
