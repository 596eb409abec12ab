/**
 * The records part of the {@link RecordStore} contract: creation, updates and version conflicts, reads of an edit, edit events.
 *
 * @packageDocumentation
 */
import type { ChangeSet } from '../../../shared/domain/change-set';
import type { StoredRecord } from '../../../shared/domain/stored-record';
import {
  aChangeSet,
  aCreation,
  anAuditEntry,
  anUpdate,
  aPut,
  aQuarantineEntry,
  aSolicitation,
  aStoredRecord,
} from '../builders/stored-record-builder';
import {
  type ContractContext,
  MISSION,
  OTHER_MISSION,
  applied,
  byId,
  edit,
  loadOne,
  skip,
  snapshot,
} from './contract-fixtures';

/** Declares these cases; see {@link describeRecordStoreContract}. */
export function describeRecordsContract({ store, under }: ContractContext): void {
  describe('records', () => {
    it('loads back a created record exactly: text, numbers, arrays, nulls, booleans, field times, refusals', async () => {
      const solicitation = aSolicitation();
      const writes = await applied(store(), aCreation(MISSION, { eventId: 'evt-create-1' }));
      await applied(store(), aCreation(solicitation));
      await applied(store(), aCreation(OTHER_MISSION));

      const state = await store().loadOwner('CBE-LM');
      expect(byId(state.records)).toStrictEqual([MISSION, OTHER_MISSION, solicitation]);
      const loaded = await loadOne(store(), 'CBE-LM', MISSION.id);
      expect(Array.isArray(loaded.data['competences'])).toBe(true);
      expect(loaded.data['awardedOn']).toBeNull();
      expect(loaded.version).toBe(1);
      const loadedSolicitation = await loadOne(store(), 'CBE-LM', solicitation.id);
      expect(loadedSolicitation.data['lateAdmitted']).toBe(true);
      expect(loadedSolicitation.data['reasonRequested']).toBe(false);
      expect(
        (await loadOne(store(), 'CBE-LM', OTHER_MISSION.id)).data['competences'],
      ).toStrictEqual([]);
      // At least the record, its audit entry and the event.
      expect(writes).toBeGreaterThanOrEqual(3);
    });

    it('updates a record read at its current version, and counts the version up', async () => {
      await applied(store(), aCreation(MISSION));
      const writes = await applied(
        store(),
        anUpdate(MISSION, 'replyDeadline', '2025-03-21', edit(1)),
      );
      const once = await loadOne(store(), 'CBE-LM', MISSION.id);
      expect(once.version).toBe(2);
      expect(once.data['replyDeadline']).toBe('2025-03-21');
      expect(once.fieldTimes['replyDeadline']).toBe(edit(1));
      expect(once.updatedAt).toBe(edit(1));
      expect(once.createdAt).toBe(MISSION.createdAt);
      expect(writes).toBeGreaterThanOrEqual(2);

      await applied(store(), anUpdate(once, 'competences', ['Gouvernance'], edit(2)));
      const twice = await loadOne(store(), 'CBE-LM', MISSION.id);
      expect(twice).toStrictEqual({
        ...MISSION,
        data: { ...MISSION.data, replyDeadline: '2025-03-21', competences: ['Gouvernance'] },
        fieldTimes: { ...MISSION.fieldTimes, replyDeadline: edit(1), competences: edit(2) },
        version: 3,
        updatedAt: edit(2),
      });
    });

    it('refuses a change set with a stale expected version and writes nothing of it', async () => {
      await applied(store(), aCreation(MISSION));
      const current = await loadOne(store(), 'CBE-LM', MISSION.id);
      await applied(
        store(),
        anUpdate(current, 'title', 'Modèle économique et tarification', edit(1)),
      );
      const before = await snapshot(store(), 'CBE-LM');

      // Read at version 1 while version 2 is stored; the new record comes first in the set.
      const staleMission: StoredRecord = {
        ...current,
        data: { ...current.data, estimatedDays: 9 },
      };
      const stale = aChangeSet({
        eventId: 'evt-stale',
        at: edit(2),
        puts: [aPut(OTHER_MISSION, 0), aPut(staleMission, 1)],
        audit: [
          anAuditEntry({
            at: edit(2),
            recordId: OTHER_MISSION.id,
            field: '@created',
            oldValue: null,
            newValue: null,
            eventId: 'evt-stale',
          }),
          anAuditEntry({
            at: edit(2),
            recordId: MISSION.id,
            field: 'estimatedDays',
            oldValue: 7.5,
            newValue: 9,
            eventId: 'evt-stale',
          }),
        ],
        quarantine: [aQuarantineEntry({ key: 'q-stale', at: edit(2), eventId: 'evt-stale' })],
      });
      expect(await store().apply(stale)).toStrictEqual({
        status: 'conflict',
        recordId: MISSION.id,
      });

      if (!under().capabilities.atomicBatches) {
        skip('nothing written on conflict', 'this server cannot apply a change set all-or-nothing');
        return;
      }
      // Records, audit and quarantine: unchanged.
      expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
      // The event: not recorded, so the same event read at the right version still applies.
      const retried: ChangeSet = {
        ...stale,
        puts: [aPut(OTHER_MISSION, 0), aPut(staleMission, 2)],
      };
      expect((await store().apply(retried)).status).toBe('applied');
    });

    it('refuses to create a record that already exists (expected version 0)', async () => {
      await applied(store(), aCreation(MISSION));
      const before = await snapshot(store(), 'CBE-LM');
      const duplicate = aStoredRecord({ data: { ...MISSION.data, title: 'Autre intitulé' } });
      expect(
        await store().apply(aCreation(duplicate, { eventId: 'evt-dup-create' })),
      ).toStrictEqual({
        status: 'conflict',
        recordId: MISSION.id,
      });
      expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
    });

    it('refuses to update a record that was never created', async () => {
      const outcome = await store().apply(
        anUpdate(aStoredRecord({ version: 2 }), 'title', 'Autre intitulé', edit(1)),
      );
      expect(outcome).toStrictEqual({ status: 'conflict', recordId: MISSION.id });
      expect((await store().loadOwner('CBE-LM')).records).toStrictEqual([]);
      expect(await store().listAudit('CBE-LM')).toStrictEqual([]);
    });

    it('keeps archived records, loaded with archived = true', async () => {
      await applied(store(), aCreation(MISSION));
      const archived: StoredRecord = { ...MISSION, archived: true, updatedAt: edit(1) };
      await applied(
        store(),
        aChangeSet({
          at: edit(1),
          puts: [aPut(archived, 1)],
          audit: [
            anAuditEntry({ at: edit(1), field: '@archived', oldValue: false, newValue: true }),
          ],
        }),
      );
      const loaded = await loadOne(store(), 'CBE-LM', MISSION.id);
      expect(loaded).toStrictEqual({ ...archived, version: 2 });
      expect(loaded.archived).toBe(true);
    });
  });

  describe('reads of an edit: by key and by indexed query', () => {
    const solicitationOf = (id: string, mission: string, archived = false): StoredRecord => ({
      ...aSolicitation({ id }),
      data: { ...aSolicitation().data, missionId: mission },
      archived,
    });
    const later = (record: StoredRecord, createdAt: string): StoredRecord => ({
      ...record,
      createdAt,
      updatedAt: createdAt,
    });

    it('gets records by ID, of the owner only, leaving out the absent ones', async () => {
      await applied(store(), aCreation(MISSION));
      await applied(store(), aCreation(OTHER_MISSION));
      const ids = [MISSION.id, 'MIS-CBE-LM-0099', OTHER_MISSION.id, MISSION.id];
      expect(byId(await store().getRecords('CBE-LM', ids))).toStrictEqual([MISSION, OTHER_MISSION]);
      expect(await store().getRecords('EE-DK', [MISSION.id])).toStrictEqual([]);
      expect(await store().getRecords('CBE-LM', [])).toStrictEqual([]);
    });

    it('finds the records referencing an ID (archived ones too), and follows a changed reference', async () => {
      const first = solicitationOf('SOL-CBE-LM-0001', MISSION.id);
      const second = solicitationOf('SOL-CBE-LM-0002', MISSION.id, true);
      const elsewhere = solicitationOf('SOL-CBE-LM-0003', OTHER_MISSION.id);
      for (const record of [MISSION, OTHER_MISSION, first, second, elsewhere])
        await applied(store(), aCreation(record));
      expect(byId(await store().findReferencing('CBE-LM', MISSION.id))).toStrictEqual([
        first,
        second,
      ]);
      expect(await store().findReferencing('CBE-LM', 'ACC-CBE-LM-0003')).toStrictEqual([MISSION]);
      expect(await store().findReferencing('EE-DK', MISSION.id)).toStrictEqual([]);
      // The solicitation moves to the other mission: the index follows.
      await applied(store(), anUpdate(first, 'missionId', OTHER_MISSION.id, edit(1)));
      expect((await store().findReferencing('CBE-LM', MISSION.id)).map((r) => r.id)).toStrictEqual([
        second.id,
      ]);
      expect(
        byId(await store().findReferencing('CBE-LM', OTHER_MISSION.id)).map((r) => r.id),
      ).toStrictEqual([first.id, elsewhere.id]);
    });

    it('finds the records of a kind created since an instant', async () => {
      const old = later(MISSION, '2025-01-06T08:00:00.000Z');
      const recent = later(OTHER_MISSION, '2025-02-04T10:00:00.000Z');
      const solicitation = later(aSolicitation(), '2025-02-05T10:00:00.000Z');
      for (const record of [old, recent, solicitation]) await applied(store(), aCreation(record));
      const since = (at: string) =>
        store()
          .findCreatedSince('CBE-LM', 'mission', at)
          .then((found) => found.map((r) => r.id).sort());
      expect(await since('2025-02-04T10:00:00.000Z')).toStrictEqual([recent.id]);
      expect(await since('')).toStrictEqual([old.id, recent.id]);
      expect(await since('2025-03-01T00:00:00.000Z')).toStrictEqual([]);
      expect(await store().findCreatedSince('EE-DK', 'mission', '')).toStrictEqual([]);
    });
  });

  describe('edit events', () => {
    it('applies a replayed event only once, even when the replay differs', async () => {
      const first = aCreation(MISSION, { eventId: 'evt-1' });
      await applied(store(), first);
      const before = await snapshot(store(), 'CBE-LM');

      // The same request delivered twice: a duplicate, not a version conflict.
      expect(await store().apply(first)).toStrictEqual({ status: 'duplicate-event' });
      // Another change set under the same event ID, otherwise valid.
      const other = anUpdate(MISSION, 'title', 'Intitulé rejoué', edit(1), {
        eventId: 'evt-1',
        puts: [
          aPut({ ...MISSION, data: { ...MISSION.data, title: 'Intitulé rejoué' } }, 1),
          aPut(OTHER_MISSION, 0),
        ],
        quarantine: [aQuarantineEntry({ key: 'q-replay', eventId: 'evt-1' })],
      });
      expect(await store().apply(other)).toStrictEqual({ status: 'duplicate-event' });
      expect(await snapshot(store(), 'CBE-LM')).toStrictEqual(before);
    });

    it('never counts a change set without event ID as a duplicate', async () => {
      await applied(store(), aCreation(MISSION));
      const v1 = await loadOne(store(), 'CBE-LM', MISSION.id);
      await applied(store(), anUpdate(v1, 'estimatedDays', 8, edit(1)));
      const v2 = await loadOne(store(), 'CBE-LM', MISSION.id);
      await applied(store(), anUpdate(v2, 'estimatedDays', 9, edit(2)));
      await applied(store(), aChangeSet({ quarantine: [aQuarantineEntry()] }));
      await applied(store(), aChangeSet());
      expect((await loadOne(store(), 'CBE-LM', MISSION.id)).version).toBe(3);
      expect(await store().listAudit('CBE-LM')).toHaveLength(3);
    });
  });
}
